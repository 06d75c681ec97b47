"""Two crawler processes on one frontier in a real Redis: each page fetched once by one of
them, the site's pace kept across both, and a process killed with SIGKILL leaves the crawl
to the other."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis

from crawler.frontier import Frontier
from crawler.replicas.server import REPLICAS_DIR, expected_articles, serve_replicas

REPO = Path(__file__).resolve().parents[2]
SITE = "generic"
DELAY = 0.5
# The gate spaces requests by DELAY; the log line is written a moment after the gate, and
# on two busy cores that moment varies by up to a tenth of a second.
LOG_JITTER = 0.1
ARTICLES = 24  # added to the replica: a site with several list pages, for a crawl to be killed in


@pytest.fixture
def site_root(tmp_path) -> Path:
    root = tmp_path / "replicas"
    shutil.copytree(REPLICAS_DIR / SITE, root / SITE)
    template = next((root / SITE / "articles").glob("*.txt")).read_text(encoding="utf-8")
    for n in range(ARTICLES):
        (root / SITE / "articles" / f"1229_{4100000 + n}.txt").write_text(
            template.replace("重大产业项目", f"第{n}批重大产业项目"), encoding="utf-8")
    return root


def crawler_process(redis_url: str, start: str, log: Path, cwd: Path) -> subprocess.Popen:
    """`scrapy runspider` outside the project (no project settings): the frontier alone."""
    env = {"PATH": os.environ["PATH"], "PYTHONPATH": f"{REPO}:{REPO / 'tests' / 'ops'}",
           "ZHNEWS_TEST_REDIS": redis_url}
    command = [sys.executable, "-m", "scrapy", "runspider", str(REPO / "tests" / "ops" / "frontier_spider.py"),
               "-a", f"start={start}", "-a", f"log={log}", "-s", f"DOWNLOAD_DELAY={DELAY}",
               "-s", "RANDOMIZE_DOWNLOAD_DELAY=False", "-s", "ZHNEWS_FRONTIER_LEASE=3",
               # a process takes this many requests from the frontier at a time: one, so both get some
               "-s", "CONCURRENT_REQUESTS=1", "-s", "LOG_LEVEL=INFO", "-s", "TELNETCONSOLE_ENABLED=False"]
    return subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def fetches(*logs: Path) -> list[dict]:
    return [json.loads(line) for log in logs if log.exists() for line in log.read_text().splitlines()]


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def test_two_processes_share_the_frontier_and_the_pace(tmp_path, redis_url, site_root):
    # The larger site: on two busy cores one process may start seconds after the other,
    # and a site crawled in less than that would leave it nothing to take.
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    with serve_replicas(site_root, [SITE]) as origins:
        processes = [crawler_process(redis_url, origins[SITE] + "/", log, tmp_path) for log in logs]
        for process in processes:
            _, stderr = process.communicate(timeout=120)
            assert process.returncode == 0, stderr[-3000:]

    fetched = fetches(*logs)
    counted = Counter(row["url"] for row in fetched if not row["url"].endswith("/robots.txt"))
    assert [url for url, n in counted.items() if n > 1] == []  # no page fetched twice
    assert expected_articles(site_root, SITE) <= {path_of(url) for url in counted}
    assert len({row["pid"] for row in fetched}) == 2  # both took part
    times = sorted(row["t"] for row in fetched)
    assert min(later - earlier for earlier, later in zip(times, times[1:])) >= DELAY - LOG_JITTER
    assert lasting_keys(redis_url) == []  # the crawl ended: the next starts afresh


def test_a_process_killed_mid_crawl_leaves_the_crawl_to_the_other(tmp_path, redis_url, site_root):
    logs = [tmp_path / "killed.log", tmp_path / "survivor.log"]
    with serve_replicas(site_root, [SITE]) as origins:
        killed = crawler_process(redis_url, origins[SITE] + "/", logs[0], tmp_path)
        wait_for_fetches(logs[0], 2, killed)
        survivor = crawler_process(redis_url, origins[SITE] + "/", logs[1], tmp_path)
        wait_for_fetches(logs[1], 1, survivor)
        os.killpg(killed.pid, signal.SIGKILL)
        killed.communicate()
        fetched_before_kill = len(fetches(*logs))
        _, stderr = survivor.communicate(timeout=120)
    assert survivor.returncode == 0, stderr[-3000:]
    assert len(fetches(*logs)) > fetched_before_kill + 5  # the survivor went on with the crawl
    counted = Counter(row["url"] for row in fetches(*logs) if not row["url"].endswith("/robots.txt"))
    assert [url for url, n in counted.items() if n > 1] == []
    assert lasting_keys(redis_url) == []  # the dead member's lease ran out


def lasting_keys(redis_url: str) -> list[bytes]:
    """The frontier's keys that do not expire by themselves (a site's politeness key does)."""
    client = redis.Redis.from_url(redis_url)
    return [key for key in client.keys("zhnews:*") if client.ttl(key) == -1]


def wait_for_fetches(log: Path, count: int, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while len(fetches(log)) < count:
        assert process.poll() is None and time.monotonic() < deadline, f"{log.name}: fewer than {count} fetches"
        time.sleep(0.05)


def test_a_generation_ends_only_with_its_last_member_and_an_empty_queue(redis_url):
    client = redis.Redis.from_url(redis_url)
    a = Frontier.join(client, "host-a:1")
    b = Frontier.join(client, "host-b:2")
    assert b.base == a.base  # a second process joins the running crawl
    client.zadd(f"{a.base}:requests", {"a request": 0})
    assert not a.done_everywhere()  # queued work
    client.delete(f"{a.base}:requests")
    b.busy()
    assert not a.done_everywhere()  # host-b holds a page whose links may add work
    assert b.done_everywhere() and a.done_everywhere()
    client.zadd(f"{a.base}:requests", {"a request": 0})
    assert not a.leave()  # host-b still crawls
    assert not b.leave()  # work queued: the next crawl resumes this generation
    c = Frontier.join(client, "host-c:3")
    assert c.base == a.base
    client.delete(f"{a.base}:requests")
    assert c.leave()  # last member, nothing queued: the crawl is complete
    assert Frontier.join(client, "host-d:4").base != a.base
