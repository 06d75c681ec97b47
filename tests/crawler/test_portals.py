"""The portal replicas (TRS WCM, 大汉 JCMS, 方正 e-paper, app-style) over real HTTP, and
what the discovery rules and the page-type decision make of them.

``_walk`` is the crawl of issue #10 reduced to the decisions the spider delegates to
``crawler.discovery`` and ``cleaners.page_type``: it must reach exactly the expected
articles and see every expected non-article page as what it is.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from cleaners.decode import decode_html
from cleaners.page_type import page_type
from crawler.discovery import ArticleHops, ArticleShapes, ShapeBudget, feed_links, later_page, neighbour_links, trap
from crawler.replicas.server import (
    PORTALS_DIR, REPLICAS_DIR, expected_articles, expected_not_articles, serve_replicas, site_names,
)
from crawler.replicas.site import load_site

PORTALS = site_names(PORTALS_DIR)


@pytest.fixture(scope="module")
def origins():
    with serve_replicas(PORTALS_DIR) as served:
        yield served


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def html_of(body: bytes, content_type: str) -> str:
    charset = re.search(r"charset=([\w-]+)", content_type)
    return decode_html(body, charset.group(1) if charset else None).text


_ANCHOR = re.compile(r'<a href="([^"]+)"[^>]*>(.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def anchors(html: str, base: str) -> list[tuple[str, str]]:
    """(absolute URL, text) of a replica page's links: the replicas write them one way."""
    return [(urljoin(base, href.replace("&amp;", "&")), _TAG.sub("", text)) for href, text in _ANCHOR.findall(html)]


def relative(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass
class Walk:
    articles: set[str] = field(default_factory=set)
    not_articles: dict[str, str] = field(default_factory=dict)
    later_pages: set[str] = field(default_factory=set)
    fetched: set[str] = field(default_factory=set)


def _walk(origin: str, site: str) -> Walk:
    """From the home page (and the feed, as a profile names it), follow links as the
    spider will: traps never, lists within a budget per URL shape, articles' links by
    ArticleHops, later pages of an article as part of it."""
    config = load_site(PORTALS_DIR / site).config
    walk, shapes, budget, hops = Walk(), ArticleShapes(), ShapeBudget(limit=20), ArticleHops()
    queue = deque([(origin + "/", 0)])
    if "feed" in config:
        status, _, body = fetch(origin + config["feed"])
        assert status == 200
        queue.extend((url, 0) for url in feed_links(body, origin + "/"))
    seen = {url for url, _ in queue}
    while queue:
        url, hop = queue.popleft()
        status, content_type, body = fetch(url)
        walk.fetched.add(relative(url))
        if status != 200 or "html" not in content_type:
            continue
        html = html_of(body, content_type)
        kind = page_type(html, url, known_article_url=shapes.knows(url))
        links = anchors(html, url)
        if kind.kind == "article":
            walk.articles.add(relative(url))
            shapes.add(url)
            later = {link for link, _ in links if later_page(url, link)}
            walk.later_pages |= {relative(link) for link in later}
            seen |= later
            neighbours = set(neighbour_links(lxml.html.document_fromstring(html), url))
            follow = [(link, hops.follow(link, hop, shapes, neighbour=link in neighbours)) for link, _ in links]
            follow = [(link, n) for link, n in follow if n is not None]
        else:
            walk.not_articles[relative(url)] = kind.kind
            follow = [(link, 0) for link, _ in links if not trap(link) and budget.take(link, shapes)]
        for link, n in follow:
            if link.startswith(origin) and link not in seen:
                seen.add(link)
                queue.append((link, n))
    return walk


@pytest.fixture(scope="module")
def walks(origins):
    return {site: _walk(origins[site], site) for site in PORTALS}


def test_there_are_four_portals_in_the_styles_of_the_big_cmss():
    assert PORTALS == ["app_news", "founder_paper", "jcms_county", "trs_city"]


@pytest.mark.parametrize("site", PORTALS)
def test_the_walk_finds_exactly_the_articles(site, walks):
    assert walks[site].articles == expected_articles(PORTALS_DIR, site)


@pytest.mark.parametrize("site", PORTALS)
def test_the_walk_sees_every_non_article_as_what_it_is(site, walks):
    assert walks[site].not_articles == expected_not_articles(PORTALS_DIR, site)


@pytest.mark.parametrize("site", PORTALS)
def test_later_pages_are_found_from_the_first_and_never_taken_for_articles(site, walks):
    replica = load_site(PORTALS_DIR / site)
    wanted = {url for article in replica.articles for url in article.page_urls[1:]}
    assert walks[site].later_pages == wanted
    assert not wanted & walks[site].articles


@pytest.mark.parametrize("site", PORTALS)
def test_traps_are_never_fetched(site, walks):
    assert not {url for url in walks[site].fetched if trap("http://x" + url)}


@pytest.mark.parametrize("site", PORTALS)
def test_each_portal_has_every_kind_of_trouble(site):
    replica = load_site(PORTALS_DIR / site)
    not_articles = expected_not_articles(PORTALS_DIR, site)
    assert {"list", "info", "error"} <= set(not_articles.values())
    assert replica.layout["list_style"] == "summary"
    assert any(len(a.pages) > 1 for a in replica.articles)  # a multi-page article
    assert any(not a.listed for a in replica.articles)  # an article linked only from articles
    assert not any(a.offtopic for a in replica.articles)


def test_trs_article_pages_keep_the_document_id(origins):
    origin = origins["trs_city"]
    first = "/xwzx/zwyw/202404/t20240426_4027.html"
    status, content_type, body = fetch(origin + first)
    assert status == 200 and content_type == "text/html; charset=gb2312"
    page = body.decode("gbk")
    assert "t20240426_4027_1.html" in page and "t20240426_4027_2.html" in page
    assert "全体居民人均可支配收入" in fetch(origin + "/xwzx/zwyw/202404/t20240426_4027_2.html")[2].decode("gbk")


def test_unknown_urls_answer_a_soft_404_with_status_200(origins):
    for site in ("trs_city", "founder_paper", "app_news"):
        status, _, body = fetch(origins[site] + "/no/such/page.html")
        assert status == 200 and "您访问的页面不存在" in html_of(body, "")
    assert fetch(origins["jcms_county"] + "/no/such/page.html")[0] == 404


def test_an_unlisted_article_is_linked_only_from_other_articles(origins):
    origin = origins["trs_city"]
    unlisted = "/xwzx/zwyw/202404/t20240424_4024.html"
    home = fetch(origin + "/")[2].decode("gbk")
    lists = [fetch(origin + url)[2].decode("gbk") for url in ("/xwzx/zwyw/index.html", "/xwzx/zwyw/index_1.html")]
    assert all(unlisted not in page for page in [home, *lists])
    assert unlisted not in fetch(origin + "/rss.xml")[2].decode()
    neighbour = fetch(origin + "/xwzx/zwyw/202404/t20240426_4027.html")[2].decode("gbk")
    assert f'上一篇:<a href="{unlisted}">' in neighbour


def test_load_more_lists_page_only_in_noscript(origins):
    page = fetch(origins["jcms_county"] + "/col/col1229/index.html")[2].decode()
    assert "加载更多" in page
    noscript = re.search(r"<noscript>(.*?)</noscript>", page, re.S).group(1)
    assert "/col/col1229/index.html?uid=4520&amp;pageNum=2" in noscript
    assert "pageNum=2" not in page.replace(noscript, "")


def test_summary_lists_carry_a_summary_under_every_title(origins):
    page = html_of(*reversed(fetch(origins["trs_city"] + "/xwzx/bmdt/index.html")[1:]))
    assert page.count('<p class="summary">') == 2


def test_stale_sitemap_misses_new_articles_and_names_a_gone_page(origins):
    origin = origins["trs_city"]
    sitemap = ET.fromstring(fetch(origin + "/sitemap.xml")[2])
    locs = {relative(loc.text) for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert "/zwgk/tzgg/202401/t20240120_3998.html" in locs
    assert "/xwzx/zwyw/202404/t20240426_4027.html" not in locs  # newer than the sitemap
    assert "/zwgk/tzgg/202403/t20240301_3990.html" in locs  # gone: a soft 404 now


def test_atom_feed_items_are_the_listed_articles(origins):
    origin = origins["app_news"]
    status, content_type, body = fetch(origin + "/feed/atom.xml")
    assert status == 200 and content_type.startswith("application/atom+xml")
    listed = {a.url for a in load_site(PORTALS_DIR / "app_news").listed}
    assert {relative(url) for url in feed_links(body, origin + "/")} == listed


def test_calendar_archive_is_an_endless_chain_of_days(origins):
    origin = origins["trs_city"]
    url = origin + "/xwzx/rili.html?date=2024-04-26"
    for _ in range(3):
        status, _, body = fetch(url)
        assert status == 200
        earlier = re.search(r'<a href="([^"]+)">前一天</a>', body.decode("gbk")).group(1)
        url = origin + earlier.replace("&amp;", "&")
    assert url.endswith("date=2024-04-23")


def test_attachments_are_files_not_pages(origins):
    status, content_type, body = fetch(origins["trs_city"] + "/xwzx/zwyw/202404/P020240426512345678901.pdf")
    assert status == 200 and content_type == "application/pdf" and body.startswith(b"%PDF")


@pytest.fixture(scope="module")
def replica_origins():
    with serve_replicas(REPLICAS_DIR) as served:
        yield served


@pytest.mark.parametrize("site", site_names(REPLICAS_DIR))
def test_page_types_of_the_profiled_replicas(site, replica_origins):
    """The older replicas (hacked mirrors, GBK pages, content farms) hold the same kinds."""
    origin = replica_origins[site]
    wanted = {url: "article" for url in expected_articles(REPLICAS_DIR, site)} | expected_not_articles(REPLICAS_DIR, site)
    seen = {}
    for url in wanted:
        status, content_type, body = fetch(origin + url)
        assert status == 200, url
        seen[url] = page_type(html_of(body, content_type), origin + url).kind
    assert seen == wanted
