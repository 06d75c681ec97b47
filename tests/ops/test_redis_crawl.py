"""`zhnews crawl --redis`: two crawler processes on one frontier in a real Redis, writing one
dataset: each replica article fetched once and written once, the union the site's article set.
The article state is in the same Redis: a later run of either process revalidates what
the other fetched, and one killed mid-crawl leaves its unfinished articles to the next run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from crawler.replicas.server import REPLICAS_DIR, expected_articles, root_relative, serve_replicas
import redis

from corpus.dataset import Dataset
from corpus.runs import last_runs
from crawler.state import DONE, RedisStateStore, state_path
from zhnews import exitcodes

REPO = Path(__file__).resolve().parents[2]
SITE = "jfdaily"
ENV = {"PATH": os.environ["PATH"], "PYTHONPATH": str(REPO)}
# A process takes one request at a time from the frontier, so both take part.
SETTINGS = ["-s", "DOWNLOAD_DELAY=0.2", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0",
            "-s", "ZHNEWS_WORKERS=1", "-s", "CONCURRENT_REQUESTS=1", "-s", "ZHNEWS_FLUSH_ITEMS=1",
            "-s", "ZHNEWS_FRONTIER_LEASE=3"]



def crawl_command(origin: str, dataset: Path, redis_url: str) -> list[str]:
    """One crawler process of the shared frontier."""
    return [sys.executable, "-m", "zhnews.cli", "crawl", SITE, "--origin", origin, "-o", str(dataset),
            "--redis", redis_url, *SETTINGS]


def crawl_together(command: list[str]) -> None:
    """Two crawler processes started at once, to their end."""
    processes = [subprocess.Popen(command, cwd=REPO, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                  text=True) for _ in range(2)]
    for process in processes:
        _, stderr = process.communicate(timeout=180)
        assert process.returncode == exitcodes.OK, stderr[-3000:]


def article_fetches(dataset: Path) -> Counter:
    """Article URLs downloaded in full (a 304 is not archived), with how often."""
    raw = Dataset(dataset).read_table("raw", ["url", "status"]).to_pylist()
    return Counter(row["url"] for row in raw if "detail" in row["url"] and row["status"] == 200)


def test_two_crawler_processes_share_one_frontier_and_one_dataset(tmp_path, redis_url):
    dataset = tmp_path / "corpus"
    with serve_replicas(REPLICAS_DIR, [SITE]) as origins:
        command = crawl_command(origins[SITE], dataset, redis_url)
        crawl_together(command)
        fetched_first = article_fetches(dataset)
        state = RedisStateStore(redis.Redis.from_url(redis_url))
        done = state.urls(SITE, DONE)
        # Done with validators to revalidate (not an alias URL that redirects to an article).
        validated = [url for url in done if state.get(url).etag or state.get(url).last_modified]
        state.close()
        # The second crawl of the two: every article either of them wrote is unchanged (304).
        crawl_together(command)

    docs = Dataset(dataset).read_table("docs", ["id", "url", "content_hash"]).to_pylist()
    assert sorted(root_relative(doc["url"]) for doc in docs) == sorted(expected_articles(REPLICAS_DIR, SITE))
    assert not [key for key, n in Counter((d["id"], d["content_hash"]) for d in docs).items() if n > 1]
    assert [url for url, n in fetched_first.items() if n > 1] == []  # no article fetched twice
    assert article_fetches(dataset) == fetched_first  # and none again by the second crawl
    assert not state_path(dataset).exists()  # the state is in Redis, not beside the dataset
    assert {root_relative(url) for url in done} >= set(expected_articles(REPLICAS_DIR, SITE))
    first, second = last_runs(dataset, 5)[2:], last_runs(dataset, 5)[:2]
    assert len({run.pid for run in first}) == 2
    assert all(run.counts["pages"] > 0 for run in first)  # both took part
    assert sum(run.counts["unchanged"] for run in second) == len(validated) > 0
    assert all(run.counts["downloaded"] == 0 for run in second)


def test_a_crawler_killed_mid_crawl_leaves_the_crawl_to_the_other_and_a_rerun_completes(tmp_path, redis_url):
    dataset = tmp_path / "corpus"
    with serve_replicas(REPLICAS_DIR, [SITE]) as origins:
        command = crawl_command(origins[SITE], dataset, redis_url)
        start = dict(cwd=REPO, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                     start_new_session=True)
        killed, survivor = subprocess.Popen(command, **start), subprocess.Popen(command, **start)
        wait_for_raw_pages(dataset, 3, killed)
        os.killpg(killed.pid, signal.SIGKILL)  # the crawler and its worker processes
        killed.communicate()
        state = RedisStateStore(redis.Redis.from_url(redis_url))
        done_at_kill = {root_relative(url) for url in state.urls(SITE, DONE)}
        state.close()
        _, stderr = survivor.communicate(timeout=180)
        assert survivor.returncode == exitcodes.OK, stderr[-3000:]

        rerun = subprocess.run(command, capture_output=True, text=True, timeout=180, cwd=REPO, env=ENV)
        assert rerun.returncode == exitcodes.OK, rerun.stderr[-3000:]

    docs = Dataset(dataset).read_table("docs", ["id", "url", "content_hash"]).to_pylist()
    assert sorted(root_relative(doc["url"]) for doc in docs) == sorted(expected_articles(REPLICAS_DIR, SITE))
    assert not [key for key, n in Counter((d["id"], d["content_hash"]) for d in docs).items() if n > 1]
    # Fetched again only what the killed crawler had fetched and not yet written.
    twice = {root_relative(url) for url, n in article_fetches(dataset).items() if n > 1}
    assert not twice & done_at_kill


def wait_for_raw_pages(dataset: Path, count: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not (dataset / "raw").is_dir() or Dataset(dataset).read_table("raw", ["url"]).num_rows < count:
        assert process.poll() is None and time.monotonic() < deadline, "the crawler to kill fetched too little"
        time.sleep(0.05)
