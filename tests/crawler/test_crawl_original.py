"""The original of a mirrored article is kept whichever site is crawled first.

shanghai_gov (kind ``official``) publishes seed 003; contentfarm (kind ``mirror``)
copies it. Crawled in either order, the dataset keeps the official page and rejects the
copy, naming the kept document.
"""

from __future__ import annotations

import pytest

from crawler.replicas.server import serve_replicas

ORIGINAL = "/nw4411/20250918/d9a8c1183c2e76fcb441f7d9bbe5b831.html"
COPY = "/post/1688.html"


@pytest.mark.parametrize("order", [("contentfarm", "shanghai_gov"), ("shanghai_gov", "contentfarm")])
def test_the_official_page_is_kept_in_both_crawl_orders(tmp_path, crawls, order):
    dataset = tmp_path / "dataset"
    with serve_replicas(crawls.replicas_dir, list(order)) as origins:
        for site in order:
            crawls.run(dataset, site=site, origin=origins[site])
    docs = {crawls.root_relative(d["url"]): d for d in crawls.rows(dataset, "docs")}
    copies = [r for r in crawls.rows(dataset, "rejects") if r["url"] and crawls.root_relative(r["url"]) == COPY]
    assert docs[ORIGINAL]["source_kind"] == "official"
    assert COPY not in docs
    assert [(r["reason"], r["duplicate_of"]) for r in copies] in (
        [("duplicate", docs[ORIGINAL]["id"])], [("near-duplicate", docs[ORIGINAL]["id"])]
    )
