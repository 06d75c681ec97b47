import re
from pathlib import Path

import pytest

from cleaners.pinyin import PinyinAnnotationRemover

remove_pinyin_annotations = PinyinAnnotationRemover()

SEEDS = Path(__file__).parents[2] / "seeds" / "documents"
# What is left of a reading, if any: a bracketed run of pinyin letters.
READING = r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)"


@pytest.mark.parametrize(
    ("text", "clean", "readings"),
    [
        ("當(dāng)前位置", "當前位置", ["(dāng)"]),
        ("推動(dòng)制造業(yè)發(fā)展", "推動制造業發展", ["(dòng)", "(yè)", "(fā)"]),
        ("深化國(guó)資央企", "深化國資央企", ["(guó)"]),
        ("國(guo2)資", "國資", ["(guo2)"]),  # numbered tones
        ("國(guo)資", "國資", ["(guo)"]),  # no tones
        ("綠(lǜ)色", "綠色", ["(lǜ)"]),
        ("綠(lv4)色", "綠色", ["(lv4)"]),  # v for ü, as keyboards write it
        ("當（dāng）前", "當前", ["（dāng）"]),  # full-width brackets, before the width fold
        ("當(dāng)(dāng)前", "當前", ["(dāng)", "(dāng)"]),  # doubled by a faulty template
    ],
)
def test_a_reading_of_the_character_before_goes(text, clean, readings):
    result = remove_pinyin_annotations(text)
    assert result.text == clean
    assert [r.text for r in result.removed] == readings
    assert {r.rule for r in result.removed} == {"pinyin.reading"}


@pytest.mark.parametrize(
    "text",
    [
        "人工智能(AI)",
        "發展(2023)年度報告",
        "星環信息科技(上海)有限公司",
        "強制性產品認證(CCC)",
        "上(fā)海",  # fā is not a reading of 上
        "愛(AI)",  # ài is a reading of 愛, but upper case is an abbreviation
        "(dāng)前",  # nothing before it to read
        "公司(ltd)",
    ],
)
def test_brackets_that_are_not_a_reading_survive(text):
    result = remove_pinyin_annotations(text)
    assert result.text == text
    assert result.removed == ()


@pytest.mark.parametrize("seed", ["001_b6089d93f02b510f.txt", "004_38cb36e30ac65805.txt"])
def test_seed_pages_lose_every_reading_and_keep_their_brackets(seed):
    text = (SEEDS / seed).read_text(encoding="utf-8")
    result = remove_pinyin_annotations(text)
    assert len(result.removed) > 100
    assert not re.search(READING, result.text)
    # The dateline's bracket is no reading and stays.
    if seed.startswith("004"):
        assert "徐州日報訊(徐報融媒記者 范海杰)" in result.text
