"""A crawl learns its sites' templates into the dataset's line index, and the next run
cleans with them: real crawls and a reprocess of a replica whose every article carries a
line of the site's own wording, which no phrase list knows."""

from __future__ import annotations

import shutil

import pytest

from cleaners.site_template import line_key
from corpus.line_index import LineIndex
from crawler.replicas.server import expected_articles, serve_replicas
from zhnews.reprocess import reprocess

SITE = "generic"
# Articles of another replica, moved onto this site: seven pages make a template.
BORROWED = "shanghai_gov"
# The site's sign-off under every article, worded as no rule knows it.
SIGN_OFF = "彭城大地 幸福沛县 我们一起向未来"
# A sentence two articles both quote: a line they share that is no template.
QUOTE = "习近平总书记强调,民营经济是推进中国式现代化的生力军,是高质量发展的重要基础。"
QUOTING = ("1229_4010032.txt", "1229_4011876.txt")
CHANGED = "1229_4012345.txt"
TEMPLATE_RULE = "template.site_line"


def _append(path, *paragraphs: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "".join(f"\n\n{p}" for p in paragraphs) + "\n",
                    encoding="utf-8")


def _newest(rows: list[dict]) -> dict[str, dict]:
    newest: dict[str, dict] = {}
    for row in rows:
        if row["revision"] >= newest.get(row["url"], {"revision": 0})["revision"]:
            newest[row["url"]] = row
    return newest


def _template_removals(row: dict) -> list[str]:
    return [removal["text"] for removal in row["removed"] if removal["rule"] == TEMPLATE_RULE]


@pytest.fixture(scope="module")
def learnt(tmp_path_factory, crawls):
    """The site crawled once; reprocessed twice; then crawled again after an article changed."""
    folder = tmp_path_factory.mktemp("line-index")
    dataset, replica_root = folder / "dataset", folder / "replicas"
    shutil.copytree(crawls.replicas_dir / SITE, replica_root / SITE)
    articles = replica_root / SITE / "articles"
    for number, borrowed in enumerate(sorted((crawls.replicas_dir / BORROWED / "articles").glob("*.txt"))):
        if "[seed]" not in borrowed.read_text(encoding="utf-8"):
            shutil.copy(borrowed, articles / f"1229_40200{number:02d}.txt")
    for article in articles.glob("*.txt"):
        _append(article, *([QUOTE] if article.name in QUOTING else []), SIGN_OFF)
    stages = {}
    with serve_replicas(replica_root, [SITE]) as origins:
        crawls.run(dataset, url=origins[SITE] + "/")
        stages["crawled"] = crawls.rows(dataset, "docs")
        stages["index"] = LineIndex.load(dataset)
        stages["first reprocess"] = reprocess(dataset, workers=1)
        stages["reprocessed"] = crawls.rows(dataset, "docs")
        stages["second reprocess"] = reprocess(dataset, workers=1)
        stages["reprocessed again"] = crawls.rows(dataset, "docs")
        _append(articles / CHANGED, "开工项目名单将在县政府网站公示,接受社会监督。")
        crawls.run(dataset, url=origins[SITE] + "/")
        stages["recrawled"] = crawls.rows(dataset, "docs")
        stages["index after recrawl"] = LineIndex.load(dataset)
        stages["origin"] = origins[SITE]
    stages["articles"] = expected_articles(replica_root, SITE)
    return stages


def test_a_crawl_counts_its_pages_into_the_line_index_and_cleans_with_the_index_it_began_with(learnt, crawls):
    crawled = learnt["crawled"]
    assert sorted(crawls.root_relative(row["url"]) for row in crawled) == sorted(learnt["articles"])
    assert len(crawled) >= 7
    # The index had nothing of the site when the crawl began: its pages keep the sign-off.
    assert all(crawls.folded(SIGN_OFF) in row["text"] and not _template_removals(row) for row in crawled)
    index = learnt["index"]
    site = learnt["origin"].split("//", 1)[1]
    assert len(index.sites[site].pages) == len(crawled)
    template = index.template(site)
    assert line_key(crawls.folded(SIGN_OFF)) in template
    assert line_key(crawls.folded(QUOTE)) not in template


def test_the_next_run_removes_the_sites_template_line_and_keeps_a_quotation_two_articles_share(learnt, crawls):
    reprocessed = _newest(learnt["reprocessed"])
    assert learnt["first reprocess"].written == len(reprocessed)  # every article lost its sign-off
    for row in reprocessed.values():
        assert crawls.folded(SIGN_OFF) not in row["text"]
        assert _template_removals(row) == [crawls.folded(SIGN_OFF)]
    quoting = [row for row in reprocessed.values() if crawls.folded(QUOTE) in row["text"]]
    assert len(quoting) == len(QUOTING)


def test_a_reprocess_of_the_same_archive_and_index_writes_the_same_rows(learnt):
    assert learnt["second reprocess"].written == 0
    assert learnt["reprocessed again"] == learnt["reprocessed"]


def test_a_page_crawled_again_after_it_changed_is_cleaned_with_the_template_and_not_counted_twice(learnt, crawls):
    changed = [row for row in learnt["recrawled"] if row["url"].endswith("art_1229_4012345.html")]
    newest = max(changed, key=lambda row: row["revision"])
    assert "开工项目名单将在县政府网站公示" in newest["text"]
    assert crawls.folded(SIGN_OFF) not in newest["text"]
    assert _template_removals(newest) == [crawls.folded(SIGN_OFF)]
    before, after = learnt["index"], learnt["index after recrawl"]
    assert after.sites == before.sites  # a page is known by its URL, not by what it says today
