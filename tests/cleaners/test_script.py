from pathlib import Path

import pytest

from cleaners.pinyin import PinyinAnnotationRemover
from cleaners.script import to_simplified

remove_pinyin_annotations = PinyinAnnotationRemover()

SEEDS = Path(__file__).parents[2] / "seeds" / "documents"


def test_traditional_converts_to_simplified():
    result = to_simplified("當前位置:首頁 > 新聞中心 > 新聞中心詳情")
    assert result.text == "当前位置:首页 > 新闻中心 > 新闻中心详情"
    assert result.removed == ()


def test_simplified_text_is_left_as_it_is():
    text = (SEEDS / "002_6293a3a1acd0a6f5.txt").read_text(encoding="utf-8")
    assert to_simplified(text).text == text


@pytest.mark.parametrize(
    ("seed", "simplified_lines"),
    [
        (
            "001_b6089d93f02b510f.txt",
            ["当前位置:首页 > 新闻中心 > 新闻中心详情", "深化国资央企与上海市合作 推动制造业发展座谈会在沪举行"],
        ),
        (
            "004_38cb36e30ac65805.txt",
            ["政企携手共育专精特新“小巨人”", "2021-08-31  中国徐州网-徐州日报"],
        ),
    ],
)
def test_traditional_seeds_convert_fully_once_readings_are_gone(seed, simplified_lines):
    text = remove_pinyin_annotations((SEEDS / seed).read_text(encoding="utf-8")).text
    converted = to_simplified(text).text
    lines = [line.strip() for line in converted.splitlines()]
    for line in simplified_lines:
        assert line in lines
    # Nothing traditional is left: converting again changes nothing.
    assert to_simplified(converted).text == converted
