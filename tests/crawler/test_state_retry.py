"""An article whose processing failed is processed again on the next run from the raw
archive, not fetched again, and given up as a reject after ZHNEWS_PROCESSING_ATTEMPTS.

The failure is a real one: every worker process of the crawl is killed with SIGKILL as
soon as it appears (the OOM killer on a page that bloats its worker), so each article's
processing dies MAX_DEATHS times and ends with ``worker-died`` (reading an article's
first page in a worker dies the same way). The run after it fetches no archived page again.
The last attempt is made against a closed port: whatever it processes came from the archive."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import threading
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from crawler.replicas.server import expected_articles, serve_replicas
from crawler.state import DONE, StateStore
from zhnews.faults import TRIAL_MARK, marked_processes

SITE = "jfdaily"


@contextmanager
def workers_killed(monkeypatch) -> Iterator[None]:
    """Every worker process of the crawls started meanwhile is killed as soon as seen."""
    mark = uuid.uuid4().hex
    monkeypatch.setenv(TRIAL_MARK, mark)  # inherited by the crawl, its forkserver and its workers
    stop = threading.Event()

    def kill() -> None:
        while not stop.is_set():
            processes = marked_processes(mark)
            # Workers are children of the forkserver, itself a child of the crawl.
            for pid, parent in processes.items():
                if processes.get(parent) in processes:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            time.sleep(0.005)

    killer = threading.Thread(target=kill, daemon=True)
    killer.start()
    try:
        yield
    finally:
        stop.set()
        killer.join()
        monkeypatch.delenv(TRIAL_MARK)


@contextmanager
def closed_origin() -> Iterator[str]:
    """An origin where nothing answers: a loopback port held and never listened on."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield f"http://127.0.0.1:{held.getsockname()[1]}"


def paths(crawls, rows: list[dict]) -> list[str]:
    return [crawls.root_relative(row["url"]) for row in rows]


@pytest.fixture(scope="module")
def failed_once(tmp_path_factory, crawls) -> tuple[Path, list[str]]:
    """A crawl whose workers were all killed: its articles' URLs left to retry."""
    dataset = tmp_path_factory.mktemp("retry") / "dataset"
    with pytest.MonkeyPatch.context() as monkeypatch, serve_replicas(crawls.replicas_dir, [SITE]) as origins:
        with workers_killed(monkeypatch):
            crawls.run(dataset, site=SITE, origin=origins[SITE])
    state = StateStore.for_dataset(dataset)
    try:
        retried = state.retrying(SITE)
        assert retried, "no worker was killed in time: nothing to retry"
        assert all((state.get(url).attempts, state.get(url).detail) == (1, "worker-died") for url in retried)
    finally:
        state.close()
    return dataset, retried


def test_a_failed_article_is_no_reject_yet_and_its_pages_are_archived(failed_once, crawls):
    dataset, retried = failed_once
    assert not set(paths(crawls, crawls.rows(dataset, "rejects"))) & set([crawls.root_relative(url) for url in retried])
    assert set([crawls.root_relative(url) for url in retried]) <= set(paths(crawls, crawls.rows(dataset, "raw")))


def test_the_next_run_processes_it_from_the_archive_without_fetching(failed_once, crawls, tmp_path):
    dataset = tmp_path / "dataset"
    shutil.copytree(failed_once[0], dataset)
    retried = [crawls.root_relative(url) for url in failed_once[1]]
    archived = Counter(paths(crawls, crawls.rows(dataset, "raw")))
    with serve_replicas(crawls.replicas_dir, [SITE]) as origins:
        crawls.run(dataset, site=SITE, origin=origins[SITE])

    # The pages archived are not fetched again. Pages the first run never learnt of are:
    # the later pages of an article whose first page its dying workers never read.
    now_archived = Counter(paths(crawls, crawls.rows(dataset, "raw")))
    assert {path: now_archived[path] for path in retried} == {path: archived[path] for path in retried}
    # Each one processed: the site's articles are documents, its off-topic one a reject.
    written = set(paths(crawls, crawls.rows(dataset, "docs")))
    rejected = {crawls.root_relative(row["url"]): row["reason"] for row in crawls.rows(dataset, "rejects")}
    for path in retried:
        assert (path in written) == (path in expected_articles(crawls.replicas_dir, SITE))
        assert path in written or rejected[path] == "off-topic"
    state = StateStore.for_dataset(dataset)
    try:
        assert state.retrying(SITE) == []
        assert all((state.get(url).status, state.get(url).attempts) == (DONE, 0) for url in failed_once[1])
    finally:
        state.close()


def test_after_its_last_attempt_it_is_a_reject_with_its_reason(failed_once, crawls, tmp_path, monkeypatch):
    dataset = tmp_path / "dataset"
    shutil.copytree(failed_once[0], dataset)
    retried = failed_once[1]
    with closed_origin() as origin, workers_killed(monkeypatch):
        crawls.run(dataset, site=SITE, origin=origin, settings={"ZHNEWS_PROCESSING_ATTEMPTS": 2})

    rejects = [row for row in crawls.rows(dataset, "rejects") if row["reason"] == "worker-died"]
    assert sorted(paths(crawls, rejects)) == sorted([crawls.root_relative(url) for url in retried])  # each one once
    state = StateStore.for_dataset(dataset)
    try:
        assert state.retrying(SITE) == []  # given up: the next run leaves it alone
        assert all((state.get(url).status, state.get(url).detail) == (DONE, "worker-died") for url in retried)
    finally:
        state.close()
