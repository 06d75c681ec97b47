"""Site profiles and link logic: what the spider takes for an article, a list, a next page."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from scrapy.http import HtmlResponse
from scrapy.linkextractors import LinkExtractor

from crawler.links import article_url, clean_url, extract_links, link_urls, next_page
from crawler.profiles import PROFILES_DIR, ProfileError, generic_profile, load_profile, load_profiles, profile_names


def test_every_profile_in_the_repository_loads():
    profiles = load_profiles()
    assert [p.name for p in profiles] == profile_names() and profiles
    for profile in profiles:
        assert profile.domains and (profile.start_urls or profile.sitemaps or profile.feeds)
        assert profile.hints.site_names == profile.site_names


def test_jfdaily_profile(tmp_path):
    profile = load_profile("jfdaily")
    assert profile.is_article("https://www.jfdaily.com/news/detail?id=409632")
    assert not profile.is_article("https://www.jfdaily.com/news/detail?id=409655&page=2")
    assert profile.is_continuation("https://www.jfdaily.com/news/detail?id=409655&page=2")
    assert profile.is_list("https://www.jfdaily.com/news/list?section=1&pageNo=2")
    assert not profile.is_list("https://www.jfdaily.com/about/index.html")
    assert not profile.is_article("https://www.jfdaily.com/about/index.html")


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ('name = "x"\ndomains = ["a.cn"]\n', "no start_urls"),
        ('domains = ["a.cn"]\nstart_urls = ["https://a.cn/"]\narticle_patterns = ["(["]\n', "bad pattern"),
        ('name = "other"\ndomains = ["a.cn"]\nstart_urls = ["https://a.cn/"]\n', "names itself"),
        ('domains = "a.cn\n', "Illegal|Unbalanced|Expected|invalid|newline"),
    ],
)
def test_bad_profiles_are_refused_with_a_reason(tmp_path, text, error):
    (tmp_path / "x.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ProfileError, match=error):
        load_profile("x", tmp_path)


def test_unknown_profile_names_the_known_ones():
    with pytest.raises(ProfileError, match="jfdaily"):
        load_profile("no-such-site", PROFILES_DIR)


def test_origin_override_moves_the_crawl_and_maps_urls_home():
    profile = load_profile("jfdaily").with_origin("http://127.0.0.1:8123/ignored/path")
    assert profile.start_urls[0] == "http://127.0.0.1:8123/news/list?section=1"
    assert profile.sitemaps == ("http://127.0.0.1:8123/sitemap.xml",)
    assert profile.fetch_domains == ("www.jfdaily.com", "127.0.0.1")
    assert profile.allows("http://127.0.0.1:8123/news/detail?id=1")
    assert not profile.allows("http://10.0.0.1/news/detail?id=1")
    url = "http://127.0.0.1:8123/news/detail?id=409651&utm_source=wechat"
    assert article_url(profile, url) == "https://www.jfdaily.com/news/detail?id=409651"
    # Another host stays what it is: only the override origin maps home.
    assert profile.real_url("http://192.168.1.1/login") == "http://192.168.1.1/login"
    with pytest.raises(ProfileError):
        profile.with_origin("ftp://127.0.0.1/")


@pytest.mark.parametrize(
    ("path", "article"),
    [
        ("/art/2023/4/24/art_1229_4012345.html", True),
        ("/xwzx/2023/0424/c123.html", True),
        ("/news/20230424/abc.html", True),
        ("/zwgk/202304/t20230424_123456.html", True),
        ("/content/2023-04/24/content_123.htm", True),
        ("/news/detail?id=409632", True),
        ("/n2588025/n2588124/c27860545/content.html", True),
        ("/news/33681.html", True),
        ("/col/col1229/index.html", False),
        ("/about/index.html", False),
        ("/newscenter/2021/20210825/c1162655_2.html", False),  # page 2
        ("/", False),
    ],
)
def test_generic_profile_knows_article_urls_by_shape(path, article):
    assert generic_profile("http://news.example.cn/").is_article("http://news.example.cn" + path) is article


def test_generic_profile_stays_on_its_host_and_may_reach_it():
    profile = generic_profile("http://127.0.0.1:9000/col/index.html")
    assert profile.domains == ("127.0.0.1",) and profile.origin == "http://127.0.0.1:9000"
    assert profile.sitemaps == ("http://127.0.0.1:9000/robots.txt",)
    with pytest.raises(ProfileError):
        generic_profile("javascript:alert(1)")


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("https://a.cn/news/detail?id=5&from=timeline", "https://a.cn/news/detail?id=5"),
        ("https://a.cn/news/detail?id=5&utm_source=x&utm_medium=y#top", "https://a.cn/news/detail?id=5"),
        ("https://a.cn/post/1.html?utm_source=baidu", "https://a.cn/post/1.html"),
        ("https://a.cn/list?b=2&a=%E4%B8%AD", "https://a.cn/list?b=2&a=%E4%B8%AD"),  # untouched
    ],
)
def test_clean_url_drops_tracking_parameters_and_fragments(url, clean):
    assert clean_url(url) == clean


def _page(url: str, body: str) -> HtmlResponse:
    return HtmlResponse(url, body=f"<html><body>{body}</body></html>".encode(), encoding="utf-8")


def test_next_page_follows_the_next_page_link_of_the_same_article():
    profile = load_profile("jfdaily")
    first = "https://www.jfdaily.com/news/detail?id=5"
    page = _page(first, '<a href="/news/detail?id=6&page=2">2</a>'  # another article's page
                        '<a href="/news/detail?id=5&page=2">下一页</a>')
    assert next_page(profile, page, [first]) == "https://www.jfdaily.com/news/detail?id=5&page=2"
    second = _page("https://www.jfdaily.com/news/detail?id=5&page=2",
                   '<a href="/news/detail?id=5">上一页</a><a href="/news/detail?id=5">1</a>')
    assert next_page(profile, second, [first, "https://www.jfdaily.com/news/detail?id=5&page=2"]) is None


def test_next_page_needs_a_next_or_number_anchor():
    profile = generic_profile("http://x.cn/")
    first = "http://x.cn/news/2023/0424/c100.html"
    related = _page(first, '<a href="/news/2023/0424/c100_2.html">相关:另一条新闻的第二页</a>')
    assert next_page(profile, related, [first]) is None
    numbered = _page(first, '<a href="/news/2023/0424/c100_2.html">[2]</a>')
    assert next_page(profile, numbered, [first]) == "http://x.cn/news/2023/0424/c100_2.html"
    index = "http://x.cn/a/2023/index.htm"
    assert next_page(profile, _page(index, '<a href="index_1.htm">下一页</a>'), [index]) == "http://x.cn/a/2023/index_1.htm"


def test_next_page_keeps_the_document_id_of_a_trs_article():
    # Issue #10: the first page's id after "_" is no page number; its pages are _1, _2.
    profile = generic_profile("http://x.gov.cn/")
    first = "http://x.gov.cn/xwzx/zwyw/202404/t20240426_4027.html"
    page = _page(first, '<a href="t20240424_4024.html">1</a>'  # another article, numbered like a page
                        '<a href="t20240426_4027_1.html">2</a><a href="t20240426_4027_2.html">3</a>')
    assert next_page(profile, page, [first]) == "http://x.gov.cn/xwzx/zwyw/202404/t20240426_4027_1.html"
    second = "http://x.gov.cn/xwzx/zwyw/202404/t20240426_4027_1.html"
    page = _page(second, '<a href="t20240426_4027.html">1</a><a href="t20240426_4027_2.html">3</a>')
    assert next_page(profile, page, [first, second]) == "http://x.gov.cn/xwzx/zwyw/202404/t20240426_4027_2.html"


@pytest.mark.parametrize("page_url", ["http://x.cn/news/1.html", "http://x.cn/a/b/2.html", "https://x.cn/news/1.html"])
def test_extract_links_keeps_what_link_extractor_keeps_on_site(page_url):
    # Off-site anchors are dropped before their URL is made safe, and an on-site URL is
    # made safe once per crawl (crawler.links): the pages here share their hrefs. Hosts
    # that making safe could change go the whole way; the result is LinkExtractor's.
    profile = generic_profile("http://x.cn/")
    hrefs = [
        "http://other.cn/a.html", "HTTP://X.CN/b.html", "//x.cn/c.html", "http://x.cn:80/d.html", "/e.html?utm_source=1",
        "http://evil.cn\\@x.cn/f.html", "http://evil.cn@x.cn/g.html", "http://x.cn\\@evil.cn/h.html",
        "http://例子.cn/i.html", "http://x.cn./j.html", "http://[::1]/k.html", " http://x.cn/l.html#top",
        "http://x.%63n/m.html", "http://other.cn:8080/n.html", "mailto:a@x.cn", "http://x.cn/o.pdf", "http://x.cn/b.html",
        "https://x.cn/p.html?", "q.html", "../r.html",
    ]
    page = _page(page_url, "".join(f'<a href="{href}">{n}</a>' for n, href in enumerate(hrefs)))
    expected = [
        (clean_url(link.url), link.text) for link in LinkExtractor(unique=True).extract_links(page)
        if urlsplit(link.url).hostname in profile.fetch_domains
    ]
    assert len(expected) >= 8
    assert [(link.url, link.text) for link in extract_links(profile, page)] == expected
    assert link_urls(profile, page) == [url for url, _ in expected]
