import pytest

from cleaners.base import Hints, join_paragraphs
from cleaners.metadata import MetadataLineRemover

remove_metadata_lines = MetadataLineRemover()

TITLE = "政企携手共育专精特新“小巨人”"
BODY = "8月30日,2021年度第二期“政企交融汇”活动举行。"


@pytest.mark.parametrize(
    "line, rule",
    [
        ("来源: 发布时间:2023-04-24 浏览次数:275", "metadata.fields"),  # seed 001
        ("admin3个月前 (09-18)绿巨人快讯47", "metadata.relative_time"),  # seed 003
        ("2018-11-02信息快讯网", "metadata.dated_line"),  # seed 000
        ("2021-08-31  来源:中国徐州网-徐州日报  编辑:", "metadata.fields"),  # seed 004
        ("2021-08-31  中国徐州网-徐州日报", "metadata.dated_line"),  # seed 004
        ("发布日期:2023-05-06 阅读:1234次", "metadata.fields"),
        ("【字体:大 中 小】", "metadata.fields"),
        ("字号:[大] [中] [小]", "metadata.fields"),
        ("作者:李明 来源:人民网 时间:2023年5月6日", "metadata.fields"),
        ("作者:李明 时间:2023年5月6日", "metadata.fields"),
        ("点击数:", "metadata.fields"),
        ("来源:新华社", "metadata.fields"),
        ("阅读 1234", "metadata.fields"),
        ("2023年05月06日 10:30 人民网", "metadata.dated_line"),
        ("2023年05月06日 星期六", "metadata.dated_line"),
        ("2021年08月31日 中国徐州网", "metadata.dated_line"),
        ("2023/5/6 10:30:05", "metadata.dated_line"),
        ("发布于 2小时前", "metadata.relative_time"),
        ("本文来源:新华网", "metadata.fields"),
        ("来源 | 新华社", "metadata.fields"),
        ("04-24 10:30", "metadata.dated_line"),
        # issue #8: a government notice's information table is metadata (cleaning-dev 029)
        ("索 引 号: 11330683742010670P/2017-84094 主题分类: 其他", "metadata.fields"),
        ("发文机关:", "metadata.fields"),
        ("成文日期:2023年4月24日", "metadata.fields"),
        # an edition line (cleaning-dev 056) and a length stamp (055)
        ("《工人日报》(2013年09月11日 03版)", "metadata.stamp"),
        ("本文共1003字", "metadata.stamp"),
    ],
)
def test_metadata_line_goes(line, rule):
    result = remove_metadata_lines(join_paragraphs([TITLE, line, BODY]))
    assert result.text == join_paragraphs([TITLE, BODY])
    assert [(r.rule, r.text) for r in result.removed] == [(rule, line)]


@pytest.mark.parametrize(
    "line",
    [
        # datelines that open a body paragraph
        "中国徐州网-徐州日报讯(徐报融媒记者 范海杰) 8月30日,以“争做专精特新‘小巨人’”为主题的活动举行。",
        "本报讯 市委书记李强昨天下午主持召开科技创新型企业座谈会。",
        "新华社北京8月30日电 国务院常务会议30日召开。",
        "2023年4月24日,深化国资央企与上海市合作座谈会在沪举行。",
        # the signing date of a notice, and a venue notice in the body
        "2023年4月24日",
        "时间:2023年5月1日上午9时",
        # dates of events listed in the body
        "2019年7月6-7日",
        "2009年3月14、15日",
        "2018年11月23日 大韩民国 首尔站 中区明洞总店",
        # a reference
        "金钟国 真实告白. 中国报. 2013-09-09.",
        # credits are left to the credits cleaner
        "编辑:叶松亭",
        "编辑:张三 审核:李四",
        # sentences that use the words
        "数据来源:国家统计局",
        "三年前,他来到徐州创业。",
        "30年前的约定 如今终于实现",
        "消息来源:据知情人士透露,公司将于下月上市",
        "比分 10-24 12:30 开赛的决赛中",
        # a notice whose body names its own date
        "本通知自2023年4月24日起施行",
        # an edition named in a sentence, a length in prose
        "据《工人日报》2013年09月11日报道,全国总工会召开会议。",
        "全文共分五个部分,约2000字",
    ],
)
def test_body_line_survives(line):
    text = join_paragraphs([TITLE, line, BODY])
    assert remove_metadata_lines(text).text == text


@pytest.mark.parametrize(
    "text, published",
    [
        (join_paragraphs([TITLE, "来源: 发布时间:2023-04-24 浏览次数:275", BODY]), "2023-04-24"),
        (join_paragraphs([TITLE, "2021-08-31  来源:中国徐州网-徐州日报  编辑:", BODY]), "2021-08-31"),
        (join_paragraphs([TITLE, "2018-11-02信息快讯网", BODY]), "2018-11-02"),
        (join_paragraphs([TITLE, "发布时间:2023年5月6日 9:05", BODY]), "2023-05-06 09:05"),
        (join_paragraphs([TITLE, "2023/5/6 10:30:05 来源:人民网", BODY]), "2023-05-06 10:30:05"),
        (join_paragraphs([TITLE, "admin3个月前 (09-18)绿巨人快讯47", BODY]), None),
        # a date in the body is not the publication date
        (join_paragraphs([TITLE, "2023年4月24日,座谈会在沪举行。"]), None),
        (join_paragraphs([TITLE, "发布时间:2023-02-30"]), None),
    ],
)
def test_the_date_of_a_removed_line_is_found_as_published(text, published):
    assert remove_metadata_lines(text).found.get("published") == published


def test_the_first_dated_line_gives_the_publication_date():
    lines = ["2021-08-31  来源:中国徐州网-徐州日报  编辑:", "2022-01-02  中国徐州网-徐州日报"]
    assert remove_metadata_lines(join_paragraphs([TITLE, *lines, BODY])).found == {"published": "2021-08-31"}


def test_a_line_that_is_only_the_site_name_goes():
    hints = Hints(site_names=("-信息快讯网",))
    result = remove_metadata_lines(join_paragraphs([TITLE, "信息快讯网", BODY]), hints)
    assert result.text == join_paragraphs([TITLE, BODY])
    assert [r.rule for r in result.removed] == ["metadata.site_name"]
    # without the hint the name alone is not enough
    text = join_paragraphs([TITLE, "信息快讯网", BODY])
    assert remove_metadata_lines(text).text == text


def test_a_stamp_glued_to_a_body_paragraph_is_cut_off_it():
    # cleaning-dev 034: "date 2026-03-05 国务院国有资产监督管理委员会主任张玉卓接受媒体采访。…"
    text = join_paragraphs([TITLE, "date 2026-03-05 " + BODY])
    result = remove_metadata_lines(text)
    assert result.text == join_paragraphs([TITLE, BODY])
    assert [(r.rule, r.text) for r in result.removed] == [("metadata.stamp_prefix", "date 2026-03-05")]


def test_a_source_between_sentences_and_a_summary_label_are_cut_out_of_the_text():
    # cleaning-dev 051 and 038
    text = join_paragraphs([TITLE, "各地区一批重大项目正在稳步推进。 来源:中央电视台网络 " + BODY, "摘要:" + BODY])
    result = remove_metadata_lines(text)
    assert result.text == join_paragraphs([TITLE, "各地区一批重大项目正在稳步推进。" + BODY, BODY])
    assert {r.rule for r in result.removed} == {"metadata.inline_source", "metadata.summary_label"}


@pytest.mark.parametrize("line", ["标签: tags: , ,", "关键词:国企改革 混改"])
def test_tag_lines_go(line):
    assert remove_metadata_lines(join_paragraphs([TITLE, line, BODY])).text == join_paragraphs([TITLE, BODY])


def test_a_sentence_that_names_its_source_keeps_it():
    line = "据介绍,这些数据来源:国家统计局。"
    assert remove_metadata_lines(join_paragraphs([TITLE, line, BODY])).text == join_paragraphs([TITLE, line, BODY])
