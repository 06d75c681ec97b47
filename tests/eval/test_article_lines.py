"""Page notices inside the article block, on lines copied from real pages, with near misses."""

import pytest

from cleaners.article_lines import is_page_line, without_page_lines


@pytest.mark.parametrize(
    "line",
    [
        "原标题：他晚于阿姆斯特朗登月 却是首个敢在月球喝酒的人",  # gmw.cn
        "原标题：春季学期开学，织密返校疫情防控网",  # people.com.cn
        "（原标题：刺死辱母者于欢的罪与悔）",
        "关键字：春运 客流 交通运输",
        "《人民日报》（2022年02月13日 第04版）",
        "来源：《新华日报》2022年2月13日第3版",
        "《 人民日报海外版 》（ 2017年03月10日 第 09 版）",
        "转自《北京科技报》",  # cn.biz.yahoo.com 2005
        "本文转载自微信公众号“某某发布”",
        "\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd",
        "\ufffd\ufffd\ufffd\ufffd\ufffd\ufffd：\ufffd\ufffd",
    ],
)
def test_page_notices(line):
    assert is_page_line(line)


@pytest.mark.parametrize(
    "line",
    [
        # the article talks about a title, a reprint, an edition
        "据了解，入选到人民教育出版社新版的中学初中语文教材第五册的课文《悲壮的两小时》来自《读者》1995年第2期，原标题为《宇航员之死》。",
        "该消息由国内一家权威媒体报道，并被多家媒体转载，引发强烈民族自豪感。",
        "萧乾：《风雨平生 --萧乾口述自传》，第236-239页，北京大学出版社1999年1月第1版。",  # a footnote
        "关键词: 淘宝网；物流配送；电子商务",  # a paper's keywords are part of its abstract
        "肿瘤手术的关键字是清扫。",
        "一段文字里有个别丢失的字\ufffd，其余完好无损，仍然可以阅读。",
        "",
    ],
)
def test_article_lines_are_kept(line):
    assert not is_page_line(line)


def test_without_page_lines_keeps_order():
    lines = ["第一段。", "原标题：旧标题", "第二段。"]
    assert without_page_lines(lines) == ["第一段。", "第二段。"]
