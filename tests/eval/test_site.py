"""``site`` and ``site_name`` on real benchmark pages and on small pages in CMS styles."""

from pathlib import Path

import pytest

from cleaners.decode import decode_html
from cleaners.density import parse_html
from cleaners.extract import extract
from cleaners.page_meta import read_page_meta
from cleaners.site import find_site, find_site_name, registered_domain

PAGES = Path(__file__).parents[3] / "shared" / "benchmarks" / "chinese-web-content-extraction" / "html"
needs_benchmarks = pytest.mark.skipif(not PAGES.is_dir(), reason="no shared/benchmarks beside the repo")


def benchmark_page(prefix: str, url: str | None = None):
    (path,) = PAGES.glob(f"{prefix}*.html")
    return extract(decode_html(path.read_bytes()).text, url)


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("http://bbs6.netease.com/ent/readboardthread.php?postid=1", "netease.com"),
        ("https://www.bynr.gov.cn/xwzx/202202/t20220211_1.html", "bynr.gov.cn"),
        ("http://chanye.finance.sina.com.cn/sm/2005-03-21/244339.shtml", "sina.com.cn"),
        ("//www.hanspub.org/journal/PaperInformation.aspx?paperID=26554", "hanspub.org"),
        ("www.sohu.com/a/434365209_123753", "sohu.com"),
    ],
)
def test_registered_domain(url, domain):
    assert registered_domain(url) == domain


@pytest.mark.parametrize("url", [None, "", "benchmarks/x/html/1.html", "/a/1.html"])
def test_no_domain_without_a_host(url):
    assert registered_domain(url) is None


@needs_benchmarks
def test_government_cms_page_names_its_site():
    page = benchmark_page("d232c5df")  # 内蒙古自治区政府门户网站, saved without its URL
    assert page.site == "nmg.gov.cn"  # from <meta name="Url"> / SiteDomain
    assert page.site_name == "内蒙古自治区政府门户网站"


@needs_benchmarks
def test_a_copyright_line_is_no_site_name():
    sohu = benchmark_page("d8d4c4ec")  # <meta name="copyright" content="Copyright © 2017 Sohu.com Inc. …">
    assert sohu.site == "sohu.com"
    assert sohu.site_name is None or "Copyright" not in sohu.site_name
    people = benchmark_page("b26fbb82")  # <meta name="copyright" content="人民网版权所有">
    assert people.site == "people.com.cn"
    assert people.site_name != "人民网版权所有"


def test_site_name_from_the_title_suffix():
    html = (
        "<html><head><title>四年前中500万现穷困潦倒__商贸_产业资讯_新浪网</title></head>"
        "<body><h1>四年前中500万现穷困潦倒</h1></body></html>"
    )
    root = parse_html(html)
    assert find_site_name(read_page_meta(root), "四年前中500万现穷困潦倒__商贸_产业资讯_新浪网", "四年前中500万现穷困潦倒") == "新浪网"
    # a <title> that does not start with the headline says nothing about the site
    assert find_site_name(read_page_meta(root), "新浪网首页", "四年前中500万现穷困潦倒") is None


def test_og_site_name_wins_and_a_copyright_og_site_name_does_not():
    def name(meta: str) -> str | None:
        root = parse_html(f"<html><head>{meta}<title>标题_网站</title></head><body></body></html>")
        return find_site_name(read_page_meta(root), "标题_网站", "标题")

    assert name('<meta property="og:site_name" content="RFI - 法国国际广播电台">') == "RFI - 法国国际广播电台"
    assert name('<meta property="og:site_name" content="Copyright © 2017 Sohu.com Inc.">') == "网站"


def test_site_of_a_page_with_url_is_its_hosts_domain_whatever_the_page_says():
    root = parse_html("<html><head><link rel='canonical' href='https://m.other.cn/1.html'></head><body></body></html>")
    assert find_site("https://news.cctv.com/2022/02/13/ARTI1.shtml", read_page_meta(root), root) == "cctv.com"
    assert find_site(None, read_page_meta(root), root) == "other.cn"


@pytest.mark.parametrize(
    ("page_title", "name"),
    [
        ("拿起跨界“指挥棒”她跟学生“较着劲儿”成长--大河网", "大河网"),
        ("多数夫妻生活有名无实 日本无性婚姻问题严重(图)--雅虎新闻", "雅虎新闻"),
        ("第四届中国经济学年会会议议程_中国经济学年会秘书处_CN_北京大学中国经济研究中心", "北京大学中国经济研究中心"),
        # the last part is the headline's, or the name stands first: no name from the title
        ("多维博客 » 播客热潮迅速蔓延 挑逗传统传媒业", None),
        ("Joel on Software - 给计算机系学生的建议", None),
        ("书记市长这一周 | 奋马扬鞭争春色，“虎”力全开向未来", None),
        ("CCTV.com- 央视论坛 :: null", None),
    ],
)
def test_site_name_from_a_title_whose_headline_no_heading_confirms(page_title, name):
    root = parse_html(f"<html><head><title>{page_title}</title></head><body></body></html>")
    assert find_site_name(read_page_meta(root), page_title, page_title) == name


def test_site_of_a_saved_page_is_where_its_links_and_images_are():
    # 扬子晚报 page saved without its URL: one share link, the ICP licence link, its own images.
    images = "".join(f"<img src='http://img.yzwb.net/2022/02/{n}.jpg'>" for n in range(5))
    html = (
        "<html><body><a href='https://service.weibo.com/share/share.php?url=x'>分享到微博</a>"
        f"{images}<a href='https://beian.miit.gov.cn/'>苏ICP备05031513号</a></body></html>"
    )
    root = parse_html(html)
    assert find_site(None, read_page_meta(root), root) == "yzwb.net"
    bare = parse_html("<html><body><p>没有任何链接的页面</p></body></html>")
    assert find_site(None, read_page_meta(bare), bare) is None
