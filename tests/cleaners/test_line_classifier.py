"""The line classifier's features (docs/line-classifier.md): real lines from cleaning-dev's
tuned part and the benchmarks' dev pages, each beside a near miss that must read differently."""

import pytest

from cleaners.line_classifier import FEATURES, line_features

TITLE = "高铁新区签约落地重点项目26个"
BODY = (
    "水母网11月12日讯(记者 王鑫 实习生 段虹飞)11月12日,2020年“重点片区”开发建设有关情况系列新闻发布会"
    "第三场在广电大厦13楼新闻发布厅举办。"
)
LAST = "下一步,高铁新区将进入全面推进期,高起点规划、高水平建设、高效能推进,确保一年起好步。"


def features(paragraphs: list[str]) -> list[dict[str, float]]:
    rows = line_features(paragraphs)
    assert all(len(row) == len(FEATURES) for row in rows)
    return [dict(zip(FEATURES, row)) for row in rows]


def between_body(line: str) -> dict[str, float]:
    """The features of ``line`` standing between two body paragraphs."""
    return features([TITLE, BODY, line, LAST])[2]


@pytest.mark.parametrize(
    ("line", "near_miss", "feature"),
    [
        # 001: a row of links; a sentence that compares with > is prose with one separator
        ("初级会计职称 | 指南 | 动态 | 查分 | 试题 | 复习 |", "增速>5%的企业有12家。", "separators"),
        # a footer's telephone; a span of years and a long number are no telephone
        ("联系电话:0471-6945678", "《规划》覆盖2021-2025年,总投资123456789元。", "phone"),
        ("客服热线:13912345678", "编号139123456789的项目已开工。", "phone"),
        ("投稿邮箱:news@example.com", "网友@江城小李 留言说,路灯已经修好。", "email"),
        # a footer's ICP number; a sentence about the same register without a number
        ("京ICP备05052051号", "企业须先办理电信业务经营许可。", "icp"),
        ("Copyright © 2005-2024 All Rights Reserved", "版权保护工作座谈会在京召开。", "copyright"),
        ("(相关资料图)", "(记者 王鑫)全市新开工项目26个。", "bracketed"),
    ],
)
def test_a_noise_shape_is_seen_and_its_near_miss_is_not(line, near_miss, feature):
    assert between_body(line)[feature] > between_body(near_miss)[feature]


def test_links_are_measured_by_how_much_of_the_line_they_are():
    assert between_body("http://tb.donews.net/TrackBack.aspx?PostId=543698")["links"] == 1.0
    # a site named inside a sentence is a small part of it
    assert 0 < between_body("据新华网www.news.cn报道,全市新开工项目26个,总投资达到了120亿元。")["links"] < 0.4
    assert between_body(LAST)["links"] == 0.0


def test_a_sentence_reads_as_body_and_a_label_does_not():
    sentence, label = between_body(LAST), between_body("推荐阅读")
    assert (sentence["ends_sentence"], sentence["is_body"]) == (1.0, 1.0)
    assert (label["ends_sentence"], label["is_body"]) == (0.0, 0.0)
    assert sentence["hanzi_share"] > 0.8 and label["hanzi_share"] == 1.0
    # a date line: the date is seen, but it reads as no sentence
    assert between_body("2022年1月27日")["date"] == 1.0


def test_position_and_the_body_span():
    footer = ["版权所有", "关于我们 | 网站地图"]
    rows = features([TITLE, "首页 > 新闻中心 > 正文", BODY, LAST, *footer])
    crumb, first, last, bottom = rows[1], rows[2], rows[3], rows[5]
    assert crumb["inside_body"] == 0.0 and first["inside_body"] == last["inside_body"] == 1.0
    assert bottom["inside_body"] == 0.0 and bottom["from_bottom"] == 0.0 and bottom["position"] == 1.0
    assert crumb["from_top"] < last["from_top"]


def test_a_run_of_lines_without_sentence_ends_is_counted():
    menu = ["新闻", "政务", "服务", "互动"]
    rows = features([TITLE, BODY, *menu, LAST])
    # each line of the menu knows the run it is in; the sentences around it are in none
    assert [row["run_length"] for row in rows[2:6]] == [4 / 8] * 4
    assert rows[1]["run_length"] == rows[6]["run_length"] == 0.0
    assert rows[2]["previous_ends_sentence"] == 1.0 and rows[3]["previous_ends_sentence"] == 0.0


def test_similarity_to_the_headline():
    rows = features([TITLE, TITLE + "-信息快讯网", BODY, "重点项目签约仪式现场", LAST])
    # the headline's 14 bigrams of the line's 20 (the site name's 6 are not in the headline)
    assert rows[1]["title_overlap"] == pytest.approx(14 / 20)
    assert rows[1]["title_overlap"] > rows[3]["title_overlap"] > 0.0
    # the headline is not compared with itself, nor a long paragraph with the headline
    assert rows[0]["title_overlap"] == 0.0 and rows[2]["title_overlap"] == 0.0


def test_no_paragraphs_no_rows():
    assert line_features([]) == []
