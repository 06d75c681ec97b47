from pathlib import Path

import pytest

from cleaners.base import join_paragraphs
from cleaners.gates import MostlyGarbage, NotChinese, TooShort, first_failure

SEEDS = Path(__file__).parents[2] / "seeds" / "documents"
TITLE = "深化国资央企与上海市合作 推动制造业发展座谈会在沪举行"
SENTENCE = "上海市委书记陈吉宁,国务院国资委党委书记、主任张玉卓出席会议并讲话。"  # 30 hanzi


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_seed_passes(seed):
    assert first_failure((SEEDS / seed).read_text(encoding="utf-8")) is None


@pytest.mark.parametrize("text", ["", " \n\n\t "])
def test_nothing_is_empty(text):
    assert first_failure(text) == "empty"


def test_a_stub_is_too_short_however_long_its_title():
    stub = join_paragraphs([TITLE * 3, "详见附件。"])
    assert TooShort().rejects(stub)
    assert first_failure(stub) == "too-short"


def test_two_sentences_of_body_are_enough():
    assert len(SENTENCE) * 2 > TooShort().min_body_hanzi
    assert first_failure(join_paragraphs([TITLE, SENTENCE, SENTENCE])) is None


def test_a_foreign_article_with_a_chinese_title_is_not_chinese():
    english = "The State Council announced new measures to support private companies in Shanghai. " * 8
    text = join_paragraphs([TITLE, english, SENTENCE])
    assert NotChinese().rejects(text)
    assert first_failure(text) == "not-chinese"


def test_english_words_in_a_chinese_article_are_fine():
    text = join_paragraphs([TITLE, SENTENCE + "GDP增长5%,AI与LNG产业链加快布局。", SENTENCE])
    assert not NotChinese().rejects(text)


@pytest.mark.parametrize(
    "body",
    [
        "锟斤拷" * 40,  # U+FFFD's bytes read as GBK
        "\ufffd" * 60 + SENTENCE,
        SENTENCE.encode("utf-8").decode("latin-1") * 3,  # mojibake nobody repaired
        SENTENCE.encode("utf-8").decode("gb18030", errors="replace") * 3,
    ],
)
def test_garbage_is_mostly_garbage_whatever_else_is_wrong(body):
    text = join_paragraphs([TITLE, body, SENTENCE])
    assert MostlyGarbage().rejects(text)
    assert first_failure(text) == "mostly-garbage"


def test_a_few_replacement_characters_are_tolerated():
    text = join_paragraphs([TITLE, SENTENCE.replace("陈", "\ufffd"), SENTENCE])
    assert first_failure(text) is None



def test_a_text_without_a_headline_paragraph_is_judged_whole():
    # cleaning-dev 018: a real article of 300+ hanzi in one paragraph, no headline line.
    article = (
        "肃州区把招商引资列为各级各部门的“一把手”工程,继续实行重点项目领导包挂、部门包抓责任制,"
        "围绕全产业链、城市功能链、环保生态链,积极采取小分队招商等有效措施。至目前,全区共外出招商5批40人次。"
    )
    assert first_failure(article) is None
    assert first_failure(join_paragraphs([article, "详见附件。"])) is None
