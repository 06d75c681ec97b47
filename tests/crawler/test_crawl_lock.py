"""Two crawls of one dataset at once: the second refuses, naming the first."""

from __future__ import annotations

import os
import signal
import time

from crawler.replicas.server import serve_replicas

SITE = "jfdaily"


def test_second_crawl_of_a_busy_dataset_refuses(tmp_path, crawls):
    dataset = tmp_path / "dataset"
    with serve_replicas(crawls.replicas_dir, [SITE]) as origins:
        first = crawls.start(dataset, site=SITE, origin=origins[SITE], settings={"DOWNLOAD_DELAY": 0.5})
        try:
            lock = dataset / ".lock"
            deadline = time.monotonic() + 60
            while not (lock.is_file() and lock.read_text().strip()):
                assert time.monotonic() < deadline and first.poll() is None
                time.sleep(0.05)
            second = crawls.start(dataset, site=SITE, origin=origins[SITE])
            _, stderr = second.communicate(timeout=60)
        finally:
            os.killpg(first.pid, signal.SIGKILL)  # the crawl and its worker processes
            first.communicate()
    assert second.returncode != 0
    assert f"is in use by pid {first.pid} (zhnews crawl {SITE})" in stderr
