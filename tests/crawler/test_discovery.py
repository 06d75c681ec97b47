"""Discovery rules for sites no profile knows: later pages, traps, URL shapes, hops, feeds."""

from __future__ import annotations

import lxml.html
import pytest

from crawler.discovery import (
    ArticleHops, ArticleShapes, ShapeBudget, feed_links, later_page, neighbour_links, trap, url_shape,
)

SITE = "http://www.example.gov.cn"


@pytest.mark.parametrize(
    ("first", "later", "n"),
    [
        # TRS: the document id after "_" stays; page 2 is _1 (issue #10's unmerged article).
        ("/art/202404/t20240426_4027.html", "/art/202404/t20240426_4027_1.html", 1),
        ("/art/202404/t20240426_4027.html", "/art/202404/t20240426_4027_2.html", 2),
        ("/n2588025/c27866011/content.html", "/n2588025/c27866011/content_1.html", 1),
        ("/newscenter/2021/20210825/c1162655.html", "/newscenter/2021/20210825/c1162655_2.html", 2),
        ("/xwzx/202404/index.htm", "/xwzx/202404/index_1.htm", 1),
        ("/news/detail?id=409655", "/news/detail?id=409655&page=2", 2),
        ("/detail?id=88&channel=3", "/detail?channel=3&id=88&pageNo=3", 3),
    ],
)
def test_later_pages_of_one_article(first, later, n):
    assert later_page(SITE + first, SITE + later) == n


@pytest.mark.parametrize(
    ("first", "other"),
    [
        ("/art/202404/t20240426_4027.html", "/art/202404/t20240426_4028.html"),  # another document
        ("/art/202404/t20240426_4027.html", "/art/202404/t20240426_4027.html"),  # itself
        ("/art/2023/4/24/art_1229_4012345.html", "/art/2023/4/24/art_1229_4012345_4012346.html"),  # an id, not a page
        ("/art/202404/t20240426_4027.html", "/art/202405/t20240426_4027_1.html"),  # another folder
        ("/news/detail?id=5", "/news/detail?id=6&page=2"),  # another article's page 2
        ("/news/detail?id=5", "/news/detail?id=5&page=x"),
        ("/news/detail?id=5", "/news/detail?id=5&page=2&p=3"),
        ("/col/col1229/index.html", "/col/col1229/index_0.html"),  # page 0 is no page
    ],
)
def test_not_a_later_page(first, other):
    assert later_page(SITE + first, SITE + other) is None


def test_a_later_page_is_on_the_same_site():
    assert later_page(SITE + "/a/123.html", "http://mirror.example.cn/a/123_2.html") is None


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("/col/col1229/calendar.html?date=2024-04-26", "calendar"),
        ("/news/date/2024-04-26/", "calendar"),
        ("/list.jsp?year=2024&month=4", "calendar"),
        ("/archives/2024/04/26/", "calendar"),
        ("/search.jsp?searchword=经济", "search"),
        ("/was5/web/search?channelid=1&keyword=a", "search"),
        ("/art/2024/4/26/art_1_2.html?print=1", "print"),
        ("/print/content_4027.html", "print"),
        ("/col/col1229/index.html?sort=hits", "sort"),
        ("/login?next=/", "login"),
        ("/attach/0/2024/关于印发方案的通知.pdf", "attachment"),
        ("/xxgk/fj/t20240426_4027.docx", "attachment"),
    ],
)
def test_traps(url, reason):
    assert trap(SITE + url) == reason


@pytest.mark.parametrize(
    "url",
    ["/col/col1229/index.html?uid=4520&pageNum=2", "/art/202404/t20240426_4027.html", "/news/detail?id=409632",
     "/research/2024/0426/123.html", "/"],
)
def test_pages_a_crawl_follows_are_no_traps(url):
    assert trap(SITE + url) is None


def test_url_shapes_make_ids_and_dates_generic():
    assert url_shape(SITE + "/art/2023/4/24/art_1229_4012345.html") == "/art/9/9/9/art_9_9.html"
    assert url_shape(SITE + "/news/detail?id=409632") == url_shape(SITE + "/news/detail?id=7")
    assert url_shape(SITE + "/nw4411/20250918/d9a8c1189c8e4e6f9a1b2c3d4e5f6a7b.html") == "/nw9/9/h.html"
    assert url_shape(SITE + "/a?b=1&a=x2") == "/a?a=x9&b=9"
    assert url_shape(SITE + "/col/col1229/index.html") != url_shape(SITE + "/art/2024/4/26/art_1229_1.html")


def test_article_shapes_are_known_after_two_articles():
    shapes = ArticleShapes()
    shapes.add(SITE + "/art/202404/t20240426_4027.html")
    assert not shapes.knows(SITE + "/art/202405/t20240501_4100.html")
    shapes.add(SITE + "/art/202404/t20240425_4011.html")
    assert shapes.knows(SITE + "/art/202405/t20240501_4100.html")
    assert not shapes.knows(SITE + "/col/col1229/index.html")
    assert shapes.shapes() == {"/art/9/t9_9.html"}


def test_shape_budget_caps_non_article_shapes_only():
    articles = ArticleShapes()
    budget = ShapeBudget(limit=2)
    lists = [SITE + f"/col/col1229/index.html?uid=4520&pageNum={n}" for n in range(1, 5)]
    assert [budget.take(url, articles) for url in lists] == [True, True, False, False]
    for n in range(3):
        articles.add(SITE + f"/art/2024/4/2{n}/art_1229_40{n}.html")
    assert all(budget.take(SITE + f"/art/2024/5/1/art_1229_5{n}.html", articles) for n in range(5))


def test_shape_budget_counts_a_url_once_however_often_it_is_linked():
    budget = ShapeBudget(limit=2)
    page = SITE + "/col/col1229/index.html?pageNum={}"
    assert all(budget.take(page.format(1), ArticleShapes()) for _ in range(5))
    assert budget.take(page.format(2), ArticleShapes())
    assert not budget.take(page.format(3), ArticleShapes())


def test_article_hops_follow_related_articles_and_neighbours_to_a_depth():
    articles = ArticleShapes()
    for n in range(2):
        articles.add(SITE + f"/art/2024/4/2{n}/art_1229_40{n}.html")
    hops = ArticleHops(max_hops=2)
    related = SITE + "/art/2024/4/30/art_1229_499.html"
    odd_shape = SITE + "/zwgk/zcjd/202404/t20240430_77.html"
    assert hops.follow(related, 0, articles) == 1
    assert hops.follow(odd_shape, 1, articles, neighbour=True) == 2
    assert hops.follow(odd_shape, 0, articles) is None  # an unknown shape, no neighbour
    assert hops.follow(related, 2, articles) is None  # too deep
    assert hops.follow(related + "?print=1", 0, articles, neighbour=True) is None


NEIGHBOURS = """<html><body><div class="content"><p>正文。<a href="/art/9.html">相关政策</a></p></div>
<div class="neighbours"><p>上一篇:<a href="/art/1.html">关于做好返校工作的通知</a></p>
<p><a href="/art/2.html">下一篇:市政府召开常务会议</a></p>
<span>下一条</span> <a href="/art/3.html">三</a><a href="javascript:void(0)">上一篇</a></div></body></html>"""


def test_neighbour_links_carry_their_label_inside_or_just_before():
    root = lxml.html.document_fromstring(NEIGHBOURS)
    assert neighbour_links(root, SITE + "/art/5.html") == [SITE + "/art/1.html", SITE + "/art/2.html", SITE + "/art/3.html"]


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>t</title>
<item><title>a</title><link>http://www.example.gov.cn/art/1.html</link></item>
<item><title>b</title><link> /art/2.html </link></item>
<item><title>c</title><guid isPermaLink="true">http://www.example.gov.cn/art/3.html</guid></item>
<item><title>a again</title><link>http://www.example.gov.cn/art/1.html</link></item>
</channel></rss>""".encode()

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>a</title><link rel="alternate" href="/art/4.html"/><link rel="enclosure" href="/f.mp3"/></entry>
<entry><title>b</title><link href="http://www.example.gov.cn/art/5.html"/></entry>
</feed>""".encode()


def test_feed_items_are_article_links():
    base = SITE + "/rss.xml"
    assert feed_links(RSS, base) == [SITE + "/art/1.html", SITE + "/art/2.html", SITE + "/art/3.html"]
    assert feed_links(ATOM, base) == [SITE + "/art/4.html", SITE + "/art/5.html"]
    assert feed_links(b"not xml at all", base) == []
    assert feed_links(b"", base) == []


def test_feed_links_of_a_gbk_feed():
    gbk = '<?xml version="1.0" encoding="gbk"?><rss><channel><item><title>经济</title><link>/art/6.html</link></item></channel></rss>'
    assert feed_links(gbk.encode("gbk"), SITE + "/") == [SITE + "/art/6.html"]
