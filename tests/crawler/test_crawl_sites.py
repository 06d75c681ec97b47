"""Each replica site crawled end to end: the right articles, and only those, cleanly."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from crawler.replicas.feeds import robots_allow
from crawler.replicas.server import REPLICAS_DIR, expected_articles, expected_not_articles, site_names
from crawler.replicas.site import load_site
from crawler.state import DONE, QUEUED, StateStore

SITES = site_names(REPLICAS_DIR)


@pytest.mark.parametrize("site", SITES)
def test_documents_are_exactly_the_expected_articles(site, crawled_sites, crawls):
    # Lists, plain pages, tracking-parameter duplicates, redirect sources, error pages,
    # robots-disallowed and off-topic articles all stay out; each article once.
    assert sorted(crawls.doc_paths(crawled_sites[site])) == sorted(expected_articles(REPLICAS_DIR, site))


def test_a_crawl_without_a_profile_rejects_every_other_page_as_not_article(crawled_sites, crawls):
    # The generic site has no profile: every page is typed, and each non-article is a
    # reject with its kind. (A profile's list patterns say what its lists are.)
    rejects = crawls.rows(crawled_sites["generic"], "rejects")
    not_articles = {crawls.root_relative(r["url"]): r["detail"].split(":")[0] for r in rejects if r["reason"] == "not-article"}
    assert not_articles == expected_not_articles(REPLICAS_DIR, "generic")


@pytest.mark.parametrize("site", SITES)
def test_robots_disallowed_articles_are_never_fetched(site, crawled_sites, crawls):
    replica = load_site(REPLICAS_DIR / site)
    fetched = {crawls.root_relative(row["url"]) for row in crawls.rows(crawled_sites[site], "raw")}
    hidden = {a.url for a in replica.articles if not robots_allow(replica, a.url)}
    assert not hidden & fetched


@pytest.mark.parametrize("site", SITES)
def test_off_topic_articles_are_rejected_with_their_score(site, crawled_sites, crawls):
    replica = load_site(REPLICAS_DIR / site)
    offtopic = {a.url for a in replica.articles if a.offtopic and robots_allow(replica, a.url)}
    rejected = {crawls.root_relative(r["url"]): r for r in crawls.rows(crawled_sites[site], "rejects")}
    for url in offtopic:
        assert rejected[url]["reason"] == "off-topic"
        assert rejected[url]["detail"].startswith("similarity ")
    for doc in crawls.rows(crawled_sites[site], "docs"):
        assert doc["similarity"] >= 0.10


@pytest.mark.parametrize("site", SITES)
def test_multi_page_articles_are_merged_into_one_document(site, crawled_sites, crawls):
    replica = load_site(REPLICAS_DIR / site)
    docs = {crawls.root_relative(d["url"]): d for d in crawls.rows(crawled_sites[site], "docs")}
    multi_page = [a for a in replica.articles if len(a.pages) > 1 and a.url in docs]
    for article in multi_page:
        text = docs[article.url]["text"]
        first, last = crawls.folded(article.pages[0][0]), crawls.folded(article.pages[-1][-1])
        assert first[:20] in text and last[:20] in text
        assert text.index(first[:20]) < text.index(last[:20])


def test_some_site_has_a_multi_page_article():
    assert any(len(a.pages) > 1 for site in SITES for a in load_site(REPLICAS_DIR / site).articles)


def test_gbk_pages_are_decoded_with_and_without_a_declaration(crawled_sites, crawls):
    replica = load_site(REPLICAS_DIR / "cnxz")
    docs = {crawls.root_relative(d["url"]): d for d in crawls.rows(crawled_sites["cnxz"], "docs")}
    undeclared = "/newscenter/2021/20210827/c1162701.html"
    assert undeclared in docs
    for article in replica.articles:
        if article.url in docs:
            assert crawls.folded(article.title) in docs[article.url]["text"]
            assert docs[article.url]["charset"] == "gb18030"


def test_failed_and_refused_fetches_are_rejects_with_their_reason(crawled_sites, crawls):
    rejects = {crawls.root_relative(r["url"]): r["reason"] for r in crawls.rows(crawled_sites["jfdaily"], "rejects")}
    assert rejects["/news/detail?id=1404"] == "http-404"
    assert rejects["/news/detail?id=1500"] == "http-500"
    assert rejects["/news/detail?id=1302"] == "refused-redirect"  # → http://192.168.1.1/login
    assert rejects["/news/detail?id=1303"] == "refused-address"  # → http://127.0.0.1:1/admin/
    assert rejects["/news/detail?id=900017"] == "robots-disallowed"


@pytest.mark.parametrize("site", SITES)
def test_nothing_is_fetched_off_the_site(site, crawled_sites, crawls):
    hosts = {urlsplit(r["final_url"]).hostname for r in crawls.rows(crawled_sites[site], "raw")}
    assert hosts == {"127.0.0.1"}



@pytest.mark.parametrize("site", SITES)
def test_a_finished_crawl_leaves_no_article_pending(site, crawled_sites):
    store = StateStore.for_dataset(crawled_sites[site])
    try:
        assert QUEUED not in store.counts()
        assert store.counts().get(DONE, 0) >= len(expected_articles(REPLICAS_DIR, site))
    finally:
        store.close()
