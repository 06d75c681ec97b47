"""A re-crawl asks "changed since?" and so downloads only new and changed articles."""

from __future__ import annotations

import shutil
from collections import Counter

import pytest

from crawler.replicas.server import expected_articles, serve_replicas
from crawler.state import DONE, StateStore
from zhnews.reprocess import reprocess

SITE = "jfdaily"
NEW = "/news/detail?id=409700"
CHANGED = "/news/detail?id=409668"
ADDED_PARAGRAPH = "会议还对下一阶段示范区制度创新工作作出部署,要求进一步加大改革系统集成力度,形成更多可复制可推广的经验。"


@pytest.fixture(scope="module")
def recrawled(tmp_path_factory, crawls):
    """A site crawled, then crawled again after one article was added and one changed."""
    folder = tmp_path_factory.mktemp("incremental")
    dataset, replica_root = folder / "dataset", folder / "replicas"
    shutil.copytree(crawls.replicas_dir, replica_root)
    articles = replica_root / SITE / "articles"
    with serve_replicas(replica_root, [SITE]) as origins:
        crawls.run(dataset, site=SITE, origin=origins[SITE])
        raw_before = len(crawls.rows(dataset, "raw"))
        docs_before = crawls.rows(dataset, "docs")

        # A new article, and a paragraph added to an old one.
        (articles / "409700.txt").write_text(
            (articles / "409651.txt").read_text(encoding="utf-8").replace("5.0版", "6.0版"), encoding="utf-8"
        )
        changed = articles / "409668.txt"
        changed.write_text(changed.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{ADDED_PARAGRAPH}\n",
                           encoding="utf-8")
        crawls.run(dataset, site=SITE, origin=origins[SITE])
    return dataset, replica_root, raw_before, docs_before


def test_second_crawl_fetches_only_new_and_changed_articles(recrawled, crawls):
    dataset, replica_root, raw_before, docs_before = recrawled
    second_run = crawls.rows(dataset, "raw")[raw_before:]
    fetched = sorted(
        crawls.root_relative(r["url"]) for r in second_run
        if r["status"] == 200 and crawls.root_relative(r["url"]) in expected_articles(replica_root, SITE)
    )
    # Every unchanged article answered 304 and was not downloaded again.
    assert fetched == sorted([NEW, CHANGED])

    docs = crawls.rows(dataset, "docs")
    paths = Counter(crawls.doc_paths(dataset))
    assert paths[NEW] == 1 and paths[CHANGED] == 2
    assert all(count == 1 for path, count in paths.items() if path not in (NEW, CHANGED))
    # The changed article is a new revision; the first one is still there, unchanged.
    revisions = {d["revision"]: d for d in docs if crawls.root_relative(d["url"]) == CHANGED}
    assert ADDED_PARAGRAPH not in revisions[1]["text"] and ADDED_PARAGRAPH in revisions[2]["text"]
    assert revisions[1] == next(d for d in docs_before if crawls.root_relative(d["url"]) == CHANGED)
    assert revisions[1]["id"] == revisions[2]["id"]

    state = StateStore.for_dataset(dataset)
    try:
        assert state.get("https://www.jfdaily.com" + NEW).status == DONE
    finally:
        state.close()


def test_reprocess_after_a_recrawl_rebuilds_the_newest_revision_of_every_article(recrawled, crawls, tmp_path):
    # The second crawl archived only the new and the changed article (the rest answered
    # 304): the replay finds each unchanged one in the first crawl's part of the archive.
    dataset, *_ = recrawled
    only_raw = tmp_path / "only-raw"
    shutil.copytree(dataset / "raw", only_raw / "raw")
    reprocess(only_raw, workers=1)
    newest = {}
    for doc in crawls.rows(dataset, "docs"):
        if doc["revision"] >= newest.get(doc["id"], {"revision": 0})["revision"]:
            newest[doc["id"]] = doc
    rebuilt = crawls.rows(only_raw, "docs")
    assert {(d["id"], d["content_hash"], d["url"]) for d in rebuilt} == {
        (d["id"], d["content_hash"], d["url"]) for d in newest.values()
    }
