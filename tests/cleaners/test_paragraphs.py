from pathlib import Path

import pytest

from cleaners.base import join_paragraphs, split_paragraphs
from cleaners.paragraphs import BrokenParagraphJoiner

join_broken_paragraphs = BrokenParagraphJoiner()

SEEDS = Path(__file__).parents[2] / "seeds" / "documents"
SEED_002 = (SEEDS / "002_6293a3a1acd0a6f5.txt").read_text(encoding="utf-8")
TITLE = "李强主持科技创新型企业座谈会"
BODY = "市领导吴清、诸葛宇杰出席座谈会。"


def joined_seed_002() -> list[str]:
    return split_paragraphs(join_broken_paragraphs(SEED_002).text)


@pytest.mark.parametrize(
    "sentence",
    [
        "上海艾力斯医药科技股份有限公司杜锦豪、联影医疗技术集团有限公司薛敏",
        "他说,在座企业是上海科技创新重点领域的领先企业",
        "更好依托上海的开放优势、人才集聚优势、资源要素配置优势",
        "在前沿领域形成战略性、关键性重大成果,打通从科技强到企业强",
        "从百年党史中汲取强大精神力量,让红色血脉、红色基因代代相传",
        "长三角C60科创走廊九城市团委,组织开展线上联组学习",
    ],
)
def test_seed_002_sentences_cut_by_the_layout_are_joined(sentence):
    assert any(sentence in paragraph for paragraph in joined_seed_002())


@pytest.mark.parametrize(
    "heading",
    [
        "彰显支持「硬科技」示范效应",
        "科创板上市两周年,龚正调研上交所等三家金融机构",
        "身体力行精心组织部署",
        "传承弘扬伟大建党精神",
        "三级体系推动宣讲全覆盖",
        "我市部分科技创新型企业代表参加座谈。",
        "曹飞",
    ],
)
def test_seed_002_headings_and_finished_paragraphs_keep_their_breaks(heading):
    assert heading in joined_seed_002()


def test_seed_002_joins_are_recorded_with_the_text_around_each_break():
    result = join_broken_paragraphs(SEED_002)
    assert len(result.removed) == 6
    assert {r.rule for r in result.removed} == {"paragraphs.join"}
    assert "精神力\n\n量,让红色" in result.removed[4].text
    assert len(split_paragraphs(result.text)) == len(split_paragraphs(SEED_002)) - 6


def test_the_title_is_never_joined_with_the_next_paragraph():
    text = join_paragraphs(["李强主持座谈会,要求打通从科技强到企业强产业强经济强通道", "果,打通从科技强到企业强。", BODY])
    assert join_broken_paragraphs(text).text == text


@pytest.mark.parametrize(
    "after",
    [
        "近日,上海市召开科技创新型企业座谈会。",  # a sentence opener, not a word's tail
        "1、热爱祖国,拥护中国共产党的领导。",  # a list item
        "记者:首先欢迎你来到新华网。",  # a speaker's label
        "李杰、王则柯(中山大学)博弈均衡的两个扩展",  # a list of names after a heading
    ],
)
def test_a_new_paragraph_after_a_heading_stays_apart(after):
    text = join_paragraphs([TITLE, "三级体系推动宣讲全覆盖", after])
    assert join_broken_paragraphs(text).text == text


def test_a_paragraph_that_ends_a_sentence_is_never_joined():
    text = join_paragraphs([TITLE, BODY, "果,打通从科技强到企业强。"])
    assert join_broken_paragraphs(text).text == text


def test_a_paragraph_ending_with_a_colon_introduces_what_follows():
    text = join_paragraphs([TITLE, "会议指出,具体要求如下。主要表现为:", "新的独立需要与原有心理冲突,逐渐显现。"])
    assert join_broken_paragraphs(text).text == text


def test_a_headline_list_is_not_body_text():
    headlines = [
        "清迈大学、玛希隆大学、保加利亚索非亚大学……这些“一带一路”大学校长来上海进修了",
        "上海燃气携新奥能源、唯链推LNG业务区块链解决方案",
    ]
    text = join_paragraphs([TITLE, *headlines])
    assert join_broken_paragraphs(text).text == text


def test_a_paragraph_starting_with_punctuation_continues_the_one_before():
    text = join_paragraphs([TITLE, "门口挂着木头招牌", "、猫头鹰装饰品勾勒出小店的风格。"])
    assert split_paragraphs(join_broken_paragraphs(text).text) == [TITLE, "门口挂着木头招牌、猫头鹰装饰品勾勒出小店的风格。"]


def test_latin_words_split_by_a_hard_wrap_get_their_space_back():
    text = join_paragraphs([TITLE, "他用一张图来描述它的极限。F15", "StrikeEagle的航程,远超同类战机。"])
    assert split_paragraphs(join_broken_paragraphs(text).text)[1] == "他用一张图来描述它的极限。F15 StrikeEagle的航程,远超同类战机。"


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt") if not p.name.startswith("002")))
def test_other_seeds_have_nothing_to_join(seed):
    assert join_broken_paragraphs((SEEDS / seed).read_text(encoding="utf-8")).removed == ()
