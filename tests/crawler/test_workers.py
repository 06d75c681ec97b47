"""The crawl's worker pool: started by the first article to process, its workers loaded once by their forkserver."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from crawler.replicas.server import PORTALS_DIR, expected_articles, serve_replicas

REPO = Path(__file__).resolve().parents[2]

SITE = "jfdaily"


def pools_started(log: str) -> int:
    """``zhnews/workers/pools_started`` from the stats Scrapy logs at the end of a crawl."""
    found = re.findall(r"'zhnews/workers/pools_started': (\d+)", log)
    assert len(found) == 1, log[-3000:]
    return int(found[0])


def test_a_recrawl_that_finds_nothing_new_starts_no_worker_process(tmp_path, crawls):
    dataset = tmp_path / "dataset"
    with serve_replicas(crawls.replicas_dir, [SITE]) as origins:
        first, again = (crawls.run(dataset, site=SITE, origin=origins[SITE], settings={"LOG_LEVEL": "INFO"})
                        for _ in range(2))
    assert "'zhnews/sites/jfdaily/docs/written'" in first.stderr
    assert pools_started(first.stderr) == 1
    # Every article answered 304: nothing to process, so no pool was started.
    assert "'zhnews/sites/jfdaily/articles/not_modified'" in again.stderr
    assert pools_started(again.stderr) == 0


# In a process of its own: a process has one forkserver, preloaded by the first pool.
FREEZE_COUNT = """
import gc
from crawler.pool import WORKER_PRELOAD
from corpus.workers import start_executor
executor = start_executor(1, WORKER_PRELOAD)
print(executor.submit(gc.get_freeze_count).result())
executor.shutdown()
"""


def test_workers_start_with_the_processing_data_loaded_and_out_of_the_collector_sight():
    result = subprocess.run([sys.executable, "-c", FREEZE_COUNT], cwd=REPO, capture_output=True, text=True,
                            timeout=120, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr[-3000:]
    # Frozen by corpus.preload, once langdetect's profiles and the rest were loaded; a
    # preload module that fails to import is skipped without a word by multiprocessing.
    assert int(result.stdout) > 0


def test_pages_read_in_two_workers_give_what_the_reactor_thread_gives(tmp_path, crawls):
    # Two workers read pages several at a time, in whatever order they finish; the
    # reactor thread reads them one at a time. The crawl finds the same either way.
    site = "trs_city"
    found = {}
    with serve_replicas(PORTALS_DIR, [site]) as origins:
        for label, settings in (("inline", {"ZHNEWS_INLINE_PROCESSING": True}), ("workers", {"ZHNEWS_WORKERS": 2})):
            dataset = tmp_path / label
            crawls.run(dataset, url=origins[site] + "/", settings=settings)
            rejects = {(crawls.root_relative(r["url"]), r["reason"], r["detail"].split(":")[0])
                       for r in crawls.rows(dataset, "rejects")}
            found[label] = (sorted(crawls.doc_paths(dataset)), rejects)
    assert found["workers"] == found["inline"]
    assert sorted(found["inline"][0]) == sorted(expected_articles(PORTALS_DIR, site))
