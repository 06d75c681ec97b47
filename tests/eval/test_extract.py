"""``extract`` on real benchmark pages and on small pages that isolate one rule."""

from pathlib import Path

import pytest

from cleaners.decode import decode_html
from cleaners.extract import Extracted, extract

BENCHMARKS = Path(__file__).parents[3] / "shared" / "benchmarks"
PAGES = BENCHMARKS / "chinese-web-content-extraction" / "html"
needs_benchmarks = pytest.mark.skipif(not PAGES.is_dir(), reason="no shared/benchmarks beside the repo")


def benchmark_page(prefix: str, url: str | None = None) -> Extracted:
    (path,) = PAGES.glob(f"{prefix}*.html")
    return extract(decode_html(path.read_bytes()).text, url)


@needs_benchmarks
def test_page_whose_body_lxml_puts_into_head():
    # auto.sohu.com 2005: a <script> before <html>; trafilatura alone returns None here.
    page = benchmark_page("8baa71e3", "http://auto.sohu.com/20050513/n225551143.shtml")
    assert page.text.startswith("刚刚结束的号称世界第三，亚洲第一的上海车展")
    assert "正在悄悄的进行。" in page.text
    assert "搜狐公司 版权所有" not in page.text
    assert "网站登录" not in page.text
    assert page.title == "从上海车展看在华布局 现代汽车再次提速"
    # the dateline under the <h1> (``AUTO.SOHU.COM 2005年05月13日14:15``), more precise than the URL
    assert page.published == "2005-05-13 14:15"
    assert page.published_precision == "minute"


@needs_benchmarks
def test_government_portal_article():
    page = benchmark_page("500b350d")  # 巴彦淖尔市人民政府网
    lines = page.text.splitlines()
    assert lines[0].startswith("新征程催人奋进，新使命激荡人心。")
    assert "预祝大会圆满成功！" in lines
    assert "访问量" not in page.text and "官方微信" not in page.text
    assert page.published == "2022-02-11 09:52"
    assert page.author == "苏亮"


def test_metadata_from_chinese_page_furniture():
    html = (
        "<html><head><title>政企携手共育专精特新“小巨人”_徐州日报</title></head><body>"
        "<h1>政企携手共育专精特新“小巨人”</h1>"
        "<div class='info'>来源:徐州日报 发布时间:2023年4月24日 10:20 浏览次数:275</div>"
        "<div class='text'><p>中国徐州网-徐州日报讯(记者 范海杰)日前，我市召开专精特新企业培育工作推进会，"
        "部署下一阶段重点工作。</p></div></body></html>"
    )
    page = extract(html, "https://www.cnxz.com.cn/news/202304/t20230423_1.html")
    assert page.title == "政企携手共育专精特新“小巨人”"
    assert page.published == "2023-04-24 10:20"
    assert page.author == "范海杰"
    assert "专精特新企业培育" in page.text


def test_date_from_url_when_the_page_has_none():
    html = "<html><body><p>" + "经济运行稳中向好，主要指标持续恢复。" * 5 + "</p></body></html>"
    assert extract(html, "http://www.gov.cn/xinwen/2021-08/31/content_1.htm").published == "2021-08-31"


def test_english_page_falls_back_to_trafilatura():
    paragraph = "<p>The State Council held an executive meeting on Wednesday to discuss the economy and jobs.</p>"
    html = f"<html><body><article>{paragraph * 6}</article></body></html>"
    assert "State Council" in extract(html).text


def test_empty_and_broken_input():
    assert extract("").text == ""
    assert extract("<html></html>").text == ""


def test_headline_inside_the_article_block_is_not_body_text():
    paragraphs = "".join(
        f"<p>第{n}项：会议研究部署了稳增长、促改革、调结构、惠民生、防风险等重点工作，要求各部门抓好落实。</p>"
        for n in range(3)
    )
    html = (
        "<html><head><title>市政府召开常务会议_某某市人民政府</title></head><body>"
        f"<div class='text'><h2>市政府召开常务会议</h2>{paragraphs}</div></body></html>"
    )
    page = extract(html)
    assert page.title == "市政府召开常务会议"
    assert page.text.startswith("第0项：会议研究部署")


def test_a_hacked_pages_spam_title_gives_way_to_its_headline():
    # seed 001's page: the <title> was replaced by porn keywords; the headline is the <h1>.
    spam = "国产精品无码av在线毛片互動交流_欧美日韩国产中文在线亚洲综合_久久精品国产亚洲AV豆腐_销魂av无码玉足性色"
    body = "".join(f"<p>{s}</p>" for s in ["4月24日,深化国资央企与上海市合作、推动制造业发展座谈会在沪举行。" * 3] * 3)
    html = (f"<html><head><title>{spam}</title></head><body><div class='article'>"
            f"<h1 class='title'>深化国资央企与上海市合作 推动制造业发展座谈会在沪举行</h1>{body}</div></body></html>")
    assert extract(html).title == "深化国资央企与上海市合作 推动制造业发展座谈会在沪举行"


BODY = "".join(
    f"<p>第{n}项：会议研究部署了稳增长、促改革、调结构、惠民生、防风险等重点工作，要求各部门抓好落实。</p>"
    for n in range(3)
)


def test_the_dateline_by_the_headline_beats_a_hot_news_card():
    # A 大汉-style page: a 热点新闻 card with its own dates stands before the article.
    card = "<div class='rdxw'><p>热点新闻 2022-02-09 18:30</p><p>2022-02-08 全市重点项目集中开工</p></div>"
    html = (
        "<html><head><title>市政府召开常务会议_某某市人民政府</title></head><body>"
        f"{card}<h1>市政府召开常务会议</h1><div class='info'>2022-02-11 09:52 来源：市政府办公室</div>"
        f"<div class='text'>{BODY}</div></body></html>"
    )
    page = extract(html)
    assert (page.published, page.published_precision) == ("2022-02-11 09:52", "minute")


def test_page_metadata_beats_the_text_and_the_url():
    html = (
        "<html><head><meta name='PubDate' content='2022-02-11 08:52:25'>"
        "<title>内蒙古延续部分到期税收优惠政策</title></head><body><h1>内蒙古延续部分到期税收优惠政策</h1>"
        f"<div class='text'>{BODY}<p>2022年2月10日</p></div></body></html>"
    )
    page = extract(html, "https://www.nmg.gov.cn/zwyw/jrgz/202202/t20220212_2004628.html")
    assert (page.published, page.published_precision) == ("2022-02-11 08:52:25", "second")
    assert page.published_at.isoformat() == "2022-02-11T08:52:25+08:00"
    assert page.site == "nmg.gov.cn"


def test_no_date_from_a_list_of_other_articles():
    # A content farm: the only dates on the page are those of the sidebar's teasers.
    teasers = "".join(f"<li><a href='/a/{n}.html'>另一篇文章的标题第{n}篇</a> 2021-0{n}-15</li>" for n in range(1, 6))
    html = f"<html><body><div class='text'>{BODY}</div><ul class='list'>{teasers}</ul></body></html>"
    page = extract(html)
    assert (page.published, page.published_precision, page.published_at) == (None, None, None)


def test_a_date_that_only_javascript_writes_is_none():
    recalled = "<p>2016年4月14日，山东冠县女企业家苏银霞在工厂接待室被催债人员侮辱，此案随后引发全国关注和广泛讨论。</p>"
    html = (
        "<html><body><h1>标题</h1><div class='info'>发布时间：<script>document.write(pubtime)</script></div>"
        f"<div class='text'>{BODY}{recalled}</div></body></html>"
    )
    assert extract(html).published is None  # the date the article recalls is no publication date
    # a short line of its own with a date is the page's, as a last resort
    signed = html.replace("</div></body>", "<p>某某市人民政府办公室 2022年2月11日</p></div></body>")
    assert extract(signed).published == "2022-02-11"


@needs_benchmarks
def test_print_edition_month_when_the_page_has_no_day():
    page = benchmark_page("5dc3fa2d", "http://beijingspring.com/wj/ShowAnnounce.asp?boardID=2&RootID=65")
    assert (page.published, page.published_precision) == ("1998-03", "month")  # ——《北京之春》1998年3月号


@needs_benchmarks
def test_the_papers_original_headline_is_no_body_line():
    page = benchmark_page("b26fbb82")  # 人民网江苏, copied from 新华日报
    assert "原标题" not in page.text
    assert len(page.text) > 500


def test_a_european_sites_chinese_edition_writes_the_day_first():
    html = (
        "<html><head><title>马克龙星期一在莫斯科与普京会面</title></head><body><h1>马克龙星期一在莫斯科与普京会面</h1>"
        f"<div class='info'>发布时间： 06/02/2022 10:00</div><div class='text'>{BODY}</div></body></html>"
    )
    assert extract(html, "https://www.rfi.fr/cn/专栏检索/1.html").published == "2022-02-06 10:00"
    # elsewhere the US order of ASP servers (whose times carry AM/PM)
    assert extract(html, "http://cdp1998.org/details.asp?detailsid=675").published == "2022-06-02"
