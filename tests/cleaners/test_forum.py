"""Forum chrome: Discuz furniture around a post, and post text that mentions the same words."""

import pytest

from cleaners.base import join_paragraphs
from cleaners.forum import ForumChromeRemover

TITLE = "市政府五届六十四次常务会议和市长工作例会召开"
BODY = "会议指出,省委常委会(扩大)会议暨市州党委书记座谈会深入贯彻中央政治局会议精神。"


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("(1人在浏览)", "forum.viewers"),
        ("查看: 1234|回复: 5", "forum.viewers"),
        ("荣誉会员", "forum.chrome"),
        ("帖子 1234 积分 5678", "forum.user_card"),
        ("发表于 2018-3-28 10:23 | 只看该作者", "forum.chrome"),
        ("电梯直达", "forum.chrome"),
    ],
)
def test_forum_furniture_goes(line, rule):
    result = ForumChromeRemover()(join_paragraphs([TITLE, line, BODY]))
    assert [(r.rule, r.text) for r in result.removed] == [(rule, line)]


def test_the_edit_note_is_cut_out_of_the_post():
    text = join_paragraphs([TITLE, "本帖最后由 admin 于 2018-3-28 10:23 编辑 " + BODY])
    result = ForumChromeRemover()(text)
    assert result.text == join_paragraphs([TITLE, BODY])


@pytest.mark.parametrize(
    "line",
    [
        "该公司主题教育活动在线上线下同步开展,参与人数达1200人。",
        "他在论坛上发表于《人民日报》的文章引起广泛关注。",
        "新任版主张三表示,将认真履职",
        "主题:深化国资国企改革",
    ],
)
def test_post_text_that_names_forum_words_stays(line):
    text = join_paragraphs([TITLE, line, BODY])
    assert ForumChromeRemover()(text).text == text


def test_the_label_before_a_threads_title_is_cut_off_it():
    # benchmark 6dc2d508 (中关村在线论坛): the thread's <h1> is 主题: 【…】
    title = "主题: 【2005年中国革命历史巨作】【太行山上】 【DVDSCR-RMVB】"
    result = ForumChromeRemover()(join_paragraphs([title, BODY]))
    assert result.text == join_paragraphs(["【2005年中国革命历史巨作】【太行山上】 【DVDSCR-RMVB】", BODY])
    assert [(r.rule, r.text) for r in result.removed] == [("forum.title_label", "主题:")]


@pytest.mark.parametrize("first", ["主题教育读书班开班", "主题:会议听取了各部门的工作汇报。"])
def test_a_title_that_starts_with_the_word_or_a_sentence_after_the_label_stays(first):
    # near misses: 主题 is a word of the headline; a sentence after 主题: is no thread title
    text = join_paragraphs([first, BODY])
    assert ForumChromeRemover()(text).text == text
