from pathlib import Path

import pytest

from cleaners.lang import detect_language
from cleaners.pinyin import PinyinAnnotationRemover
from cleaners.script import to_simplified

remove_pinyin_annotations = PinyinAnnotationRemover()

SEEDS = Path(__file__).parents[2] / "seeds" / "documents"


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_every_seed_is_simplified_chinese_after_conversion(seed):
    text = to_simplified(remove_pinyin_annotations((SEEDS / seed).read_text(encoding="utf-8")).text).text
    lang, prob = detect_language(text)
    assert lang == "zh-cn"
    assert prob > 0.9


@pytest.mark.parametrize(
    "text",
    ["深化国资央企与上海市合作", "上海市委书记李强今天上午实地走访了部分民营企业。"],
)
def test_short_hanzi_only_text_is_not_korean(text):
    # langdetect alone answers "ko" for these: no Hangul, so not Korean.
    assert detect_language(text)[0] == "zh-cn"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("The State Council announced new measures to support private companies.", "en"),
        ("정부는 오늘 민간 기업을 지원하기 위한 새로운 조치를 발표했다.", "ko"),
        ("政府は本日、民間企業を支援する新たな措置を発表した。", "ja"),
    ],
)
def test_other_languages_keep_their_tag(text, lang):
    assert detect_language(text)[0] == lang


@pytest.mark.parametrize("text", ["", "   ", "2023-04-24 12:00", "!!! ??? ..."])
def test_text_without_letters_is_unknown(text):
    assert detect_language(text) == ("unknown", 0.0)


def test_the_tag_is_reproducible():
    text = "习近平总书记在民营企业座谈会上的重要讲话为进一步推动民营经济健康发展指明了方向。"
    assert detect_language(text) == detect_language(text)
