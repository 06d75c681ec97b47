from pathlib import Path

import pytest

from cleaners.base import Hints, join_paragraphs, split_paragraphs
from cleaners.layout import LineLayout
from cleaners.pinyin import PinyinAnnotationRemover
from cleaners.pipeline import DEFAULT_STEPS
from cleaners.repeated_title import RepeatedTitleRemover
from cleaners.script import SimplifiedConverter
from cleaners.width import WidthFolder

remove_repeated_titles = RepeatedTitleRemover()

TITLE = "习总书记重要讲话让民企吃下定心丸!上海狠抓贯彻落实,李强再赴民企调研"
BODY = [
    "市委书记李强今天上午实地走访了部分民营企业,同企业负责人深入交流。",
    "市领导周波、诸葛宇杰参加调研。",
]


def test_seed_000_repeats_with_site_suffix_go():
    repeat = TITLE + "-信息快讯网"
    result = remove_repeated_titles(join_paragraphs([TITLE, repeat, BODY[0], repeat, BODY[1]]))
    assert result.text == join_paragraphs([TITLE, *BODY])
    assert [(r.rule, r.text) for r in result.removed] == [("repeated_title.repeat", repeat)] * 2


@pytest.mark.parametrize(
    "suffixed, suffix",
    [
        (TITLE + "-信息快讯网", "-信息快讯网"),
        (TITLE + "_新闻中心_新浪网", "_新闻中心_新浪网"),
        (TITLE + " | 上观新闻", "| 上观新闻"),
        (TITLE + " - 中国徐州网", "- 中国徐州网"),
        (TITLE + "——上海发布", "——上海发布"),
        (TITLE + "_dbsqp.com", "_dbsqp.com"),
    ],
)
def test_site_suffix_is_stripped_from_the_title_and_repeats_go(suffixed, suffix):
    result = remove_repeated_titles(join_paragraphs([suffixed, BODY[0], TITLE, BODY[1]]))
    assert result.text == join_paragraphs([TITLE, *BODY])
    assert [(r.rule, r.text) for r in result.removed] == [
        ("repeated_title.site_suffix", suffix),
        ("repeated_title.repeat", TITLE),
    ]


def test_hint_site_name_is_a_suffix_whatever_it_ends_with():
    hints = Hints(site_names=("-绿巨人",))
    result = remove_repeated_titles(join_paragraphs([TITLE + "-绿巨人", *BODY]), hints)
    assert result.text == join_paragraphs([TITLE, *BODY])


def test_hint_title_is_a_headline_to_look_for():
    hints = Hints(title=TITLE + "_信息快讯网")
    text = join_paragraphs(["快讯", BODY[0], TITLE, BODY[1]])
    assert remove_repeated_titles(text, hints).text == join_paragraphs(["快讯", *BODY])


@pytest.mark.parametrize(
    "title",
    [
        "中国-东盟博览会在南宁开幕",
        "瞰中国|“进博时间” 相聚上海",
        "聚焦中国上海国际艺术节 | “晨钟”敲响,信仰的歌声回荡剧场",
        "让民营经济的创造活力充分迸发 ——论学习贯彻习近平总书记民营企业座谈会重要讲话",
        "新网",
    ],
)
def test_dash_or_bar_inside_a_headline_is_no_suffix(title):
    text = join_paragraphs([title, *BODY])
    assert remove_repeated_titles(text).text == text


def test_a_body_paragraph_that_starts_like_the_title_stays():
    text = join_paragraphs([TITLE, TITLE + "。市委书记李强今天上午实地走访了部分民营企业。"])
    assert remove_repeated_titles(text).text == text


# The whole line-noise chain on the seed documents, after the steps that run before it
# (width folding, one paragraph per line, pinyin removal, conversion to simplified).
SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "documents"
BEFORE_LINE_CLEANERS = (WidthFolder(), LineLayout(), PinyinAnnotationRemover(), SimplifiedConverter())
LINE_CLEANERS = DEFAULT_STEPS.removers


def _through_the_chain(seed_prefix: str) -> tuple[list[str], list[tuple[str, str]]]:
    (path,) = SEEDS.glob(seed_prefix + "_*.txt")
    text = path.read_text(encoding="utf-8")
    for step in BEFORE_LINE_CLEANERS:
        text = step(text).text
    removed: list[tuple[str, str]] = []
    for step in LINE_CLEANERS:
        result = step(text)
        removed += [(r.rule.split(".")[0], r.text) for r in result.removed]
        text = result.text
    return split_paragraphs(text), removed


def test_seed_000():
    paragraphs, removed = _through_the_chain("000")
    assert paragraphs[0] == TITLE
    assert paragraphs[-1] == "市领导周波、诸葛宇杰参加调研。"
    assert len(paragraphs) == 7 and not any(p.startswith(TITLE) for p in paragraphs[1:])
    kinds = [kind for kind, _ in removed]
    assert kinds.count("repeated_title") == 4 and kinds.count("related") == 33
    assert ("metadata", "2018-11-02信息快讯网") in removed
    assert ("credits", "图:陈正宝 摄") in removed and ("credits", "编辑:叶松亭") in removed
    assert [text for kind, text in removed if kind == "boilerplate"] == ["©2014-2024\xa0dbsqp.com"]


def test_seed_001():
    paragraphs, removed = _through_the_chain("001")
    assert paragraphs[0] == "深化国资央企与上海市合作 推动制造业发展座谈会在沪举行"
    assert len(paragraphs) == 6 and paragraphs[1].startswith("4月24日,")
    assert [kind for kind, _ in removed] == ["spam_title", "breadcrumb", "metadata"]


def test_seed_002_loses_nothing():
    paragraphs, removed = _through_the_chain("002")
    assert removed == []
    assert {"身体力行精心组织部署", "传承弘扬伟大建党精神", "彰显支持「硬科技」示范效应"} <= set(paragraphs)
    assert paragraphs[-1] == "曹飞"


def test_seed_003():
    paragraphs, removed = _through_the_chain("003")
    assert paragraphs[0] == "更好发挥试验田和增长极作用!陈吉宁调研临港新片区并主持召开座谈会"
    assert paragraphs[-1] == "市领导吴伟、陈金山、华源参加相关活动。"
    assert ("metadata", "admin3个月前 (09-18)绿巨人快讯47") in removed
    assert ("credits", "(本文图片 陈正宝 摄)") in removed
    assert ("related", "相关文章") in removed


def test_seed_004():
    paragraphs, removed = _through_the_chain("004")
    assert paragraphs[0] == "政企携手共育专精特新“小巨人”"
    assert paragraphs[1].startswith("中国徐州网-徐州日报讯(徐报融媒记者 范海杰) 8月30日,")
    assert len(paragraphs) == 6
    assert sorted(kind for kind, _ in removed) == sorted(
        ["slogan", "breadcrumb", "metadata", "metadata", "boilerplate", "boilerplate"]
    )


def _visible(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("seed_prefix", ["000", "001", "002", "003", "004"])
@pytest.mark.parametrize("cleaner", LINE_CLEANERS, ids=lambda c: c.name)
def test_no_cleaner_loses_text_silently(seed_prefix, cleaner):
    """What a cleaner keeps and what it records as removed add up to its input."""
    (path,) = SEEDS.glob(seed_prefix + "_*.txt")
    text = path.read_text(encoding="utf-8")
    for step in BEFORE_LINE_CLEANERS:
        text = step(text).text
    result = cleaner(text)
    accounted = _visible(result.text) + "".join(_visible(r.text) for r in result.removed)
    assert sorted(accounted) == sorted(_visible(text))
