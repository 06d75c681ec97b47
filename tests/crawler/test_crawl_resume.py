"""A crawl killed with SIGKILL resumes on the next run: nothing lost, nothing duplicated."""

from __future__ import annotations

import os
import signal
import time
from collections import Counter

from crawler.replicas.server import expected_articles, serve_replicas
from crawler.state import QUEUED, StateStore
from corpus.dataset import Dataset

SITE = "jfdaily"

# Slow enough to be killed half-way: one request at a time, 0.3 s apart, and every item
# written as it comes.
SLOW = {"DOWNLOAD_DELAY": 0.3, "CONCURRENT_REQUESTS_PER_DOMAIN": 1, "ZHNEWS_FLUSH_ITEMS": 1}


def _wait_for_first_document(dataset, process, timeout=60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            _, stderr = process.communicate()
            raise AssertionError(f"the crawl ended (exit {process.returncode}) before it could be killed:\n{stderr[-3000:]}")
        if (dataset / "docs").is_dir() and Dataset(dataset).read_table("docs", ["id"]).num_rows:
            return
        time.sleep(0.05)
    raise AssertionError("no document written in time")


def test_killed_crawl_resumes_without_loss_or_duplicates(tmp_path, crawls):
    dataset = tmp_path / "dataset"
    expected = expected_articles(crawls.replicas_dir, SITE)
    with serve_replicas(crawls.replicas_dir, [SITE]) as origins:
        process = crawls.start(dataset, site=SITE, origin=origins[SITE], settings=SLOW)
        try:
            _wait_for_first_document(dataset, process)
        finally:
            os.killpg(process.pid, signal.SIGKILL)  # the crawl and its worker processes
            process.communicate()
        written_before_kill = set(crawls.doc_paths(dataset))
        assert 0 < len(written_before_kill) < len(expected)
        state = StateStore.for_dataset(dataset)
        try:
            assert state.counts(SITE).get(QUEUED, 0) > 0  # found, not finished: the next run's work
        finally:
            state.close()

        crawls.run(dataset, site=SITE, origin=origins[SITE])

    docs = crawls.rows(dataset, "docs")
    assert sorted(crawls.doc_paths(dataset)) == sorted(expected)
    assert not [key for key, n in Counter((d["id"], d["content_hash"]) for d in docs).items() if n > 1]
    assert {d["revision"] for d in docs} == {1}
