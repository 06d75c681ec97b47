"""Page types: article, list, information page or error page, from evidence that carries
to unseen sites. Real benchmark pages are articles; the near misses are written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaners.decode import decode_html
from cleaners.page_type import page_type

BENCHMARKS = Path(__file__).resolve().parents[3] / "shared" / "benchmarks"
# The one benchmark page that is no article: a forum's error message ("错误的版面参数"),
# kept in the benchmark with that message as its gold text.
FORUM_ERROR_PAGE = "386d70f8-19dc-495b-aa14-18cc057e1544"


def _benchmark_pages():
    for meta in sorted(BENCHMARKS.glob("*/meta.jsonl")):
        for line in meta.read_text(encoding="utf-8").splitlines():
            page = json.loads(line)
            yield pytest.param(meta.parent / "html" / f"{page['id']}.html", page.get("url"), id=page["id"][:8])


@pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="benchmark pages not present")
@pytest.mark.parametrize(("path", "url"), list(_benchmark_pages()))
def test_real_news_pages_are_articles(path, url):
    kind = page_type(decode_html(path.read_bytes()).text, url)
    assert (kind.kind != "article") == (path.stem == FORUM_ERROR_PAGE), kind


def _page(main: str, title: str = "云溪市人民政府", head: str = "", crumb: str = "") -> str:
    nav = "".join(f'<li><a href="/c{i}/">{name}</a></li>' for i, name in enumerate(["首页", "政务公开", "新闻中心", "办事服务", "互动交流"]))
    return (
        f"<html><head><title>{title}</title>{head}</head><body><ul class='nav'>{nav}</ul>"
        f"<div class='position'>{crumb}</div>{main}<div class='footer'>主办单位:云溪市人民政府办公室 苏ICP备05012345号</div>"
        "</body></html>"
    )


BODY = (
    "<p>4月18日,市政府召开常务会议,听取一季度全市经济运行情况汇报,研究部署重点项目建设等工作。会议指出,一季度全市经济运行开局良好。</p>"
    "<p>会议强调,各地各部门要坚持项目为王,紧盯年度投资计划,加快推进在建项目建设进度,确保新开工项目早开工、早投产、早见效。</p>"
)
RELATED = "".join(f'<li><a href="/art/{i}.html">我市召开第{i}次重点项目推进会议</a><span>2024-04-0{i}</span></li>' for i in range(1, 9))


def test_a_dated_article_with_a_long_related_list():
    html = _page(f"<h1>市政府召开常务会议</h1><div>发布时间:2024-04-18 来源:市政府办公室</div>{BODY}<h3>相关新闻</h3><ul>{RELATED}</ul>",
                 title="市政府召开常务会议_云溪市人民政府")
    kind = page_type(html)
    assert kind.kind == "article" and "dateline" in kind.reason


def test_a_dateline_in_chinese_form_and_a_headline_only_in_h1():
    html = _page(f"<h1>市政府召开常务会议</h1><div>云溪日报 2024年04月26日 第01版</div>{BODY}")
    assert page_type(html).kind == "article"


def test_the_date_may_come_from_metadata():
    html = _page(f"<h1>市政府召开常务会议</h1>{BODY}", head='<meta name="PubDate" content="2024-04-18 17:30">')
    assert page_type(html).reason.endswith("<meta pubdate>")
    og = _page(f"<h1>市政府召开常务会议</h1>{BODY}", head='<meta property="og:type" content="article">')
    assert page_type(og).kind == "article"


def test_a_list_with_a_summary_under_every_title_is_a_list():
    items = "".join(
        f'<li><h3><a href="/art/{i}.html">市政府召开第{i}次常务会议研究经济工作</a></h3>'
        f"<p>{'会议听取一季度全市经济运行情况汇报,研究部署重点项目建设等工作,要求各地各部门坚持项目为王。' * 2}</p><span>2024-04-1{i}</span></li>"
        for i in range(6)
    )
    kind = page_type(_page(f"<h2>政务要闻</h2><ul>{items}</ul>", title="政务要闻_云溪市人民政府"))
    assert kind.kind == "list" and kind.headline_links >= 6


def test_a_list_page_with_one_dated_summary_is_no_article():
    item = (
        '<li><h3><a href="/art/1.html">市统计局发布一季度企业经营状况调查报告</a></h3><p>'
        + "市统计局日前发布一季度企业经营状况调查报告,本次调查共回收有效问卷一千二百余份,样本覆盖工业和服务业等行业。" * 2
        + "...</p><span>2024-04-16</span></li>"
    )
    kind = page_type(_page(f"<h2>部门动态</h2><ul>{item}</ul>", title="部门动态_云溪市人民政府_第2页"))
    assert kind.kind == "list" and kind.dated


@pytest.mark.parametrize(
    ("title", "crumb", "name"),
    [
        ("张明远_云溪市人民政府", "当前位置:首页 > 政务公开 > 领导信息 > 市长", "领导信息"),
        ("机构职能_云溪市人民政府", "当前位置:首页 > 政务公开", "机构职能"),
        ("联系我们-云溪市人民政府", "", "联系我们"),
        ("云溪市人民政府", "当前位置:首页 > 走进云溪 > 城市概况", "走进"),
        ("网站地图_云溪市人民政府", "", "网站地图"),
    ],
)
def test_information_pages_name_themselves(title, crumb, name):
    text = "<p>" + "云溪市地处长江下游平原,总面积八千六百平方公里,辖五区三县,常住人口四百三十万人,历史悠久,交通便捷。" * 6 + "</p>"
    kind = page_type(_page(f"<h2>{title.split('_')[0]}</h2>{text}", title=title, crumb=crumb))
    assert kind.kind == "info" and name in kind.reason


def test_a_dated_news_story_whose_headline_starts_with_an_info_word_is_an_article():
    html = _page(f"<h1>走进乡村振兴示范村</h1><div>发布时间:2024-04-20</div>{BODY}", title="走进乡村振兴示范村_云溪市人民政府")
    assert page_type(html).kind == "article"


@pytest.mark.parametrize("wording", ["页面不存在", "您访问的页面不存在或已被删除", "404 Not Found", "抱歉,页面未找到"])
def test_soft_404s_are_error_pages(wording):
    kind = page_type(_page(f"<h2>{wording}</h2><p>请检查您输入的网址是否正确。</p><a href='/'>返回首页</a>"))
    assert kind.kind == "error" and "soft 404" in kind.reason


def test_an_article_that_mentions_a_missing_page_is_still_an_article():
    html = _page(f"<h1>市政府网站开展死链整治 减少“页面不存在”</h1><div>发布时间:2024-04-18</div>{BODY}{BODY}")
    assert page_type(html).kind == "article"


def test_a_known_article_url_shape_admits_an_undated_article():
    html = _page(f"<h1>市政府召开常务会议</h1>{BODY}")
    assert page_type(html).kind != "article"
    assert page_type(html, known_article_url=True).kind == "article"


def test_a_noscript_pager_and_its_list_are_seen():
    items = "".join(f'<li><a href="/art/{i}.html">平川县召开第{i}次重点项目推进会议</a></li>' for i in range(5))
    html = _page(f'<ul>{items}</ul><a href="javascript:void(0)">加载更多</a><noscript><a href="?pageNum=2">下一页</a></noscript>')
    assert page_type(html).kind == "list"


def test_empty_and_unparsable_pages_are_errors():
    assert page_type("").kind == "error"
    assert page_type("<html><body></body></html>").kind == "error"


def test_a_date_in_the_url_dates_a_headed_article():
    html = _page(f"<h1>市政府召开常务会议</h1>{BODY}")
    kind = page_type(html, "http://www.example.gov.cn/xwzx/zwyw/202404/t20240418_4011.html")
    assert kind.kind == "article" and kind.reason.endswith("the URL's date")
    assert page_type(html, "http://www.example.gov.cn/xwzx/zwyw/4011.html").kind != "article"
