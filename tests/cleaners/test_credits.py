import pytest

from cleaners.base import join_paragraphs
from cleaners.credits import CreditRemover

remove_credits = CreditRemover()

TITLE = "习总书记重要讲话让民企吃下定心丸!上海狠抓贯彻落实,李强再赴民企调研"
BODY = "市领导周波、诸葛宇杰参加调研。"


@pytest.mark.parametrize(
    "credit",
    [
        "图:陈正宝 摄",  # seed 000
        "编辑:叶松亭",  # seed 000
        "(本文图片 陈正宝 摄)",  # seed 003
        "责任编辑:王小明",
        "【责任编辑:王小明】",
        "摄影:李华",
        "审核:张三",
        "编辑:张三 审核:李四",
        "文/张三",
        "作者:李明",
        "新华社记者 李学仁 摄",
        "陈正宝 摄",
        "本报记者 葛灵丹",
        "记者 张三 通讯员 李四",
    ],
)
def test_labelled_credit_goes(credit):
    result = remove_credits(join_paragraphs([TITLE, BODY, credit]))
    assert result.text == join_paragraphs([TITLE, BODY])
    assert [(r.rule, r.text) for r in result.removed] == [("credits.line", credit)]


def test_credit_closing_a_body_paragraph_is_cut_off():
    result = remove_credits(join_paragraphs([TITLE, BODY + "(责任编辑:王小明)"]))
    assert result.text == join_paragraphs([TITLE, BODY])
    assert [(r.rule, r.text) for r in result.removed] == [("credits.trailing", "(责任编辑:王小明)")]


@pytest.mark.parametrize(
    "line",
    [
        "曹飞",  # seed 002: a bare byline stays
        "图片新闻",
        "记者手记",
        "记者:您认为民营企业最需要什么支持?",
        "编辑部全体同事向读者致以新春问候。",
        "摄影爱好者在滨江步道拍摄日出",
        # a photo caption that ends with its credit is the article's text
        "这次生育对小李的身体影响很大 本报记者 惠禾 摄",
    ],
)
def test_unlabelled_or_sentence_lines_survive(line):
    text = join_paragraphs([TITLE, BODY, line])
    assert remove_credits(text).text == text


@pytest.mark.parametrize("line", ["巴士的报记者摄", "新华社记者王鹏摄"])
def test_a_photo_credit_without_spaces_goes(line):
    # cleaning-dev 012
    assert CreditRemover()(join_paragraphs([TITLE, BODY, line])).text == join_paragraphs([TITLE, BODY])
