import pytest

from cleaners.base import join_paragraphs
from cleaners.slogan import SloganRemover

remove_slogans = SloganRemover()

TITLE = "政企携手共育专精特新“小巨人”"
BODY = [
    "8月30日,以“争做专精特新‘小巨人’、勇夺制造业单项冠军”为主题的2021年度第二期“政企交融汇”活动举行。",
    "王剑锋强调,企业要充分练好内功,争做行业领跑者,加快实现更好效益更高质量发展。",
]


@pytest.mark.parametrize(
    "banner",
    [
        "• 做文明徐州人 让城市更美好",  # seed 004
        "★ 喜迎二十大 奋进新征程 ★",
        "◆ 创建全国文明城市 共建美好家园",
        "● 不忘初心、牢记使命!",
    ],
)
def test_banner_before_the_title_goes(banner):
    result = remove_slogans(join_paragraphs([banner, TITLE, *BODY]))
    assert result.text == join_paragraphs([TITLE, *BODY])
    assert [(r.rule, r.text) for r in result.removed] == [("slogan.banner", banner)]


def test_banner_at_the_very_end_goes():
    banner = "• 做文明徐州人 让城市更美好"
    result = remove_slogans(join_paragraphs([TITLE, *BODY, banner]))
    assert result.text == join_paragraphs([TITLE, *BODY])


@pytest.mark.parametrize(
    "paragraphs",
    [
        # seed 002: short subheadings between body paragraphs
        [TITLE, BODY[0], "身体力行精心组织部署", BODY[1], "传承弘扬伟大建党精神", BODY[0]],
        # a decorated list item inside the article
        [TITLE, BODY[0], "• 加大政策扶持 强化招才引智", BODY[1]],
        # undecorated two-clause title at the top
        ["深化国资央企与上海市合作 推动制造业发展座谈会在沪举行", *BODY],
        # a run of decorated fields before the article is a list
        ["◎译 名 太行山上", "◎年 代 2005", "◎导 演 韦廉", "◎主 演 王伍福", TITLE, *BODY],
        # a bulleted sentence is not a banner, wherever it stands
        ["• 市委副书记、代市长王剑锋参加活动,与民营企业家面对面沟通交流。", TITLE, *BODY],
    ],
)
def test_subheadings_and_list_items_survive(paragraphs):
    text = join_paragraphs(paragraphs)
    assert remove_slogans(text).text == text
