"""The portal replicas crawled end to end from their home pages, without a profile
(issue #10): every article and nothing else in the documents, every list, information
and error page among the rejects as ``not-article``, with its kind."""

from __future__ import annotations

import pytest

from crawler.replicas.server import PORTALS_DIR, expected_articles, expected_not_articles, site_names
from crawler.replicas.site import load_site

PORTALS = site_names(PORTALS_DIR)


@pytest.mark.parametrize("site", PORTALS)
def test_documents_are_exactly_the_articles(site, crawled_portals, crawls):
    # Linked from lists, from the feed or sitemap, or only from other articles (上一篇/下一篇);
    # each once, later pages not on their own.
    assert sorted(crawls.doc_paths(crawled_portals[site])) == sorted(expected_articles(PORTALS_DIR, site))


@pytest.mark.parametrize("site", PORTALS)
def test_lists_information_and_error_pages_are_not_article_rejects(site, crawled_portals, crawls):
    rejects = crawls.rows(crawled_portals[site], "rejects")
    not_articles = {crawls.root_relative(r["url"]): r["detail"].split(":")[0] for r in rejects if r["reason"] == "not-article"}
    assert not_articles == expected_not_articles(PORTALS_DIR, site)
    assert [r for r in rejects if r["reason"] != "not-article"] == []


@pytest.mark.parametrize("site", PORTALS)
def test_multi_page_articles_are_one_document(site, crawled_portals, crawls):
    docs = {crawls.root_relative(d["url"]): d["text"] for d in crawls.rows(crawled_portals[site], "docs")}
    multi_page = [a for a in load_site(PORTALS_DIR / site).articles if len(a.pages) > 1]
    assert multi_page
    for article in multi_page:
        first, last = crawls.folded(article.pages[0][0]), crawls.folded(article.pages[-1][-1])
        assert docs[article.url].index(first[:20]) < docs[article.url].index(last[:20])


@pytest.mark.parametrize("site", PORTALS)
def test_every_document_has_its_topic_score(site, crawled_portals, crawls):
    # No gate without a profile: the score is recorded, nothing is rejected for it.
    assert all(0 < doc["similarity"] < 1 for doc in crawls.rows(crawled_portals[site], "docs"))
