"""How the spider follows what a page links to, without a profile: real responses in,
requests out (the crawls of tests/crawler/test_crawl_portals.py show the whole)."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, TextResponse
from scrapy.crawler import Crawler
from scrapy.statscollectors import MemoryStatsCollector

from crawler.spiders.news import NewsSpider

SITE = "http://www.yunxi.gov.cn"
HOST = "www.yunxi.gov.cn"  # the name of the generic profile, as requests carry it
STORY = "市统计局昨天发布数据,今年一季度全市地区生产总值同比增长百分之五点六,主要指标增速好于预期。" * 6


@pytest.fixture
def spider(tmp_path):
    # A crawler whose settings the spider may still set (get_crawler's are frozen), with
    # the stats the callbacks count in; no engine: the callbacks are called directly.
    crawler = Crawler(NewsSpider, {"ZHNEWS_STATE_ENABLED": False})
    crawler.stats = MemoryStatsCollector(crawler)
    return NewsSpider.from_crawler(crawler, url=SITE + "/", output=str(tmp_path / "dataset"))


def _html(url: str, head: str, body: str) -> HtmlResponse:
    page = f"<html><head>{head}<title>云溪市人民政府</title></head><body>{body}</body></html>"
    return HtmlResponse(url, body=page.encode(), encoding="utf-8", request=Request(url, meta={"site": HOST}))


def _results(callback_output) -> list:
    """What a callback yields: the spider's article and list callbacks are asynchronous
    (they await the crawl's workers; without a crawl they read pages in this thread)."""
    if hasattr(callback_output, "__aiter__"):
        async def collect() -> list:
            return [result async for result in callback_output]

        return asyncio.run(collect())
    return list(callback_output)


def _requests(results) -> dict[str, str]:
    return {r.url: r.callback.__name__ for r in _results(results) if hasattr(r, "callback")}


def test_a_feed_named_in_the_head_is_read_as_a_feed(spider):
    home = _html(SITE + "/", '<link rel="alternate" type="application/rss+xml" href="/rss.xml">', "")
    assert _requests(spider.parse_list(home)) == {SITE + "/rss.xml": "parse_feed"}


def test_feed_items_are_article_requests_and_traps_are_not(spider):
    rss = (
        f"<rss><channel><item><link>{SITE}/xwzx/zwyw/202404/t20240426_4027.html</link></item>"
        f"<item><link>{SITE}/xwzx/rili.html?date=2024-04-26</link></item>"
        "<item><link>http://elsewhere.cn/a.html</link></item></channel></rss>"
    )
    feed = TextResponse(
        SITE + "/rss.xml", body=rss.encode(), headers={"Content-Type": "application/rss+xml"},
        request=Request(SITE + "/rss.xml", meta={"site": HOST}),
    )
    assert _requests(spider.parse_list(feed)) == {SITE + "/xwzx/zwyw/202404/t20240426_4027.html": "parse_article"}


def test_an_article_leads_to_its_neighbours_not_to_its_later_pages(spider):
    url = SITE + "/xwzx/zwyw/202404/t20240426_4027.html"
    body = (
        f'<h1>一季度全市经济运行稳中向好</h1><p>发布时间:2024-04-26</p><p>{STORY}</p>'
        '<a href="t20240426_4027_1.html">2</a><a href="/zwgk/jgzn/index.html">机构职能</a>'
        '<p>上一篇:<a href="t20240424_4024.html">全市春耕生产有序推进</a></p>'
    )
    results = _results(spider.parse_article(_html(url, "", body)))
    assert _requests(results) == {
        SITE + "/xwzx/zwyw/202404/t20240426_4027_1.html": "parse_article",  # page 2, of this article
        SITE + "/xwzx/zwyw/202404/t20240424_4024.html": "parse_article",  # 上一篇, an article of its own
    }
    neighbour = next(r for r in results if r.url.endswith("4024.html"))
    assert (neighbour.meta["hops"], "pages" not in neighbour.meta) == (1, True)


def test_an_information_page_is_a_not_article_reject_whose_links_are_followed(spider):
    body = f'<div class="crumb">当前位置:首页 > 机构职能</div><h1>机构职能</h1><p>{STORY[:80]}</p><a href="/lxwm/index.html">联系我们</a>'
    results = _results(spider.parse_list(_html(SITE + "/zwgk/jgzn/index.html", "", body)))
    rejects = [r.reject for r in results if hasattr(r, "reject")]
    assert [(r.reason, r.detail.split(":")[0]) for r in rejects] == [("not-article", "info")]
    assert _requests(results) == {SITE + "/lxwm/index.html": "parse_list"}


def test_without_a_profile_a_redirect_ends_on_whatever_the_page_is(spider):
    # An article-shaped URL moved to a URL of no known shape is still the article.
    body = f"<h1>一季度全市经济运行稳中向好</h1><p>发布时间:2024-04-26</p><p>{STORY}</p>"
    moved = _html(SITE + "/news/economy-q1", "", body)
    moved.meta.update(article=SITE + "/xwzx/zwyw/202404/t20240426_4027.html", redirect_urls=[SITE + "/xwzx/zwyw/202404/t20240426_4027.html"])
    assert [type(item).__name__ for item in _results(spider.parse_article(moved))] == ["ArticleFetched"]


def test_sitemap_entries_off_the_site_are_not_fetched_from_it(spider):
    urlset = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{SITE}/xwzx/zwyw/202404/t20240426_4027.html</loc></url>"
        "<url><loc>http://elsewhere.cn/xwzx/zwyw/202404/t20240426_9999.html</loc></url></urlset>"
    )
    sitemap = TextResponse(
        SITE + "/sitemap.xml", body=urlset.encode(), headers={"Content-Type": "application/xml"},
        request=Request(SITE + "/sitemap.xml", meta={"site": HOST}),
    )
    assert _requests(spider.parse_sitemap(sitemap)) == {SITE + "/xwzx/zwyw/202404/t20240426_4027.html": "parse_article"}
