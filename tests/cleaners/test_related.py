import pytest

from cleaners.base import join_paragraphs
from cleaners.related import RelatedListRemover

remove_related_lists = RelatedListRemover()

TITLE = "更好发挥试验田和增长极作用!陈吉宁调研临港新片区并主持召开座谈会"
BODY = [
    "今天(9月18日),上海市委书记陈吉宁用一整天时间在中国(上海)自由贸易试验区临港新片区调研并主持召开座谈会。"
    "陈吉宁指出,要深入学习贯彻习近平总书记考察上海重要讲话精神,按照十二届市委七次全会部署,强化一以贯之的韧性、"
    "永葆敢闯敢试的激情、提升善作善成的能力,持续围绕先进制造业再聚焦再发力,打造独具特色的创新创业高地,"
    "放大改革开放先行先试效应,营造国际一流营商环境,更好发挥临港新片区试验田和增长极作用。",
    "市领导吴伟、陈金山、华源参加相关活动。",
]
# seed 000's tail: other headlines, one per paragraph
HEADLINES = [
    "中国结直肠癌日益高发,令人闻之色变!上海科研人员揭示长寿基因SIRT3调控结直肠癌新机制",
    "瞰中国|“进博时间” 相聚上海",
    "坚持稳中求进 狠抓改革落实",
    "【带侬逛上海】夜上海 你是座不夜城",
    "进博会后天开幕!李强视频连线现场指挥部,检查各项任务细化落实情况",
]
# seed 003's list: a headline, then its teaser cut with ...
TEASERS = [
    "奥地利总统范德贝伦会见王毅",
    "当地时间2025年9月12日,奥地利总统范德贝伦在维也纳会见中共中央政治局委员、外交部长王毅。范德贝伦请王毅转达...",
    "明讯科技与同创伟业爆发冲突,风险投资的回购边界在哪?",
    "界面新闻记者 | 李彪界面新闻编辑 | 文姝琪 国内风险投资机构与创业公司之间再起风波。 3月20日,一位自...",
]


@pytest.mark.parametrize("marker", ["相关文章", "相关阅读", "相关新闻", "推荐阅读", "延伸阅读", "热点推荐", "猜你喜欢", "【相关新闻】", "相关推荐:", "■ 相关链接", "新闻推荐", "精品专题推荐:"])
def test_marker_and_the_list_after_it_go(marker):
    result = remove_related_lists(join_paragraphs([TITLE, *BODY, marker, *TEASERS]))
    assert result.text == join_paragraphs([TITLE, *BODY])
    assert [r.rule for r in result.removed] == ["related.marker"] + ["related.listed"] * len(TEASERS)


def test_marker_list_stops_at_the_next_body_paragraph():
    text = join_paragraphs([TITLE, BODY[0], "相关新闻", TEASERS[0], BODY[1]])
    assert remove_related_lists(text).text == join_paragraphs([TITLE, BODY[0], BODY[1]])


def test_marker_before_the_article_goes_alone():
    # a navigation tab: what follows is the headline and the article itself
    text = join_paragraphs(["相关文章", TITLE, "Dec 28 Sat 2013 00:28", *HEADLINES, *BODY])
    result = remove_related_lists(text)
    assert result.text == join_paragraphs([TITLE, "Dec 28 Sat 2013 00:28", *HEADLINES, *BODY])


def test_previous_and_next_links_go():
    text = join_paragraphs([TITLE, *BODY, "上一篇:奥地利总统范德贝伦会见王毅", "下一篇:坚持稳中求进 狠抓改革落实"])
    result = remove_related_lists(text)
    assert result.text == join_paragraphs([TITLE, *BODY])
    assert [r.rule for r in result.removed] == ["related.previous_next"] * 2


def test_bare_run_of_headlines_after_the_article_goes():
    result = remove_related_lists(join_paragraphs([TITLE, *BODY, *HEADLINES]))
    assert result.text == join_paragraphs([TITLE, *BODY])
    assert [r.rule for r in result.removed] == ["related.bare_run"] * len(HEADLINES)


def test_short_run_after_the_article_survives():
    text = join_paragraphs([TITLE, *BODY, *HEADLINES[:3]])
    assert remove_related_lists(text).text == text


@pytest.mark.parametrize(
    "paragraphs",
    [
        # seed 002: two subheadings in a row between body paragraphs
        [TITLE, BODY[0], "彰显支持「硬科技」示范效应", "科创板上市两周年,龚正调研上交所等三家金融机构", BODY[1]],
        # a long run of headings inside the article is the article's own
        [TITLE, BODY[0], *HEADLINES, BODY[1]],
        # an enumerated list closing the article
        [TITLE, *BODY, "附件:", "1.临港新片区产业发展规划", "2.临港新片区人才政策清单", "3.临港新片区重点项目名单", "4.临港新片区营商环境报告"],
        # references closing the article
        [TITLE, *BODY, *(f"[{n}] 章炳林. C2C电子商务的物流配送问题研究[D]. 合肥工业大学, 2008." for n in range(1, 6))],
        # a bare byline closing the article
        [TITLE, *BODY, "曹飞"],
        # a document that is all headline-like keeps its title
        [TITLE, *HEADLINES[:2]],
        # a text written in short lines (a photo blog, a programme) after a short opening
        [TITLE, BODY[1], *HEADLINES, *HEADLINES],
        # a specification list closing the article
        [TITLE, *BODY, "北斗星CH6350B", "发动机总排量:1171ml", "最大功率:51Kw/6000rpm", "驱动型式:前置前驱", "变速箱:进口手动五速"],
    ],
)
def test_article_structure_survives(paragraphs):
    text = join_paragraphs(paragraphs)
    assert remove_related_lists(text).text == text
