"""The crawl's worker pool starts with the first article to process, not with the crawl."""

from __future__ import annotations

import re

from crawler.replicas.server import serve_replicas

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
