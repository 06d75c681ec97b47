"""The quick-look regexes built from phrase lists find what a plain alternation finds."""

import re

import pytest

from cleaners.phrases import alternation, literal_finder


@pytest.mark.parametrize(
    "phrases, text, found",
    [
        (("版权", "版权所有"), "本站版权所有", "版权"),  # the first listed that fits, as in an alternation
        (("版权所有", "版权"), "本站版权所有", "版权所有"),
        (("©", "(c)", "转载", "转"), "请勿转发(c)", "转"),
        (("分享到", "更多"), "查看更多分享到", "更多"),  # the leftmost place first
    ],
)
def test_a_literal_finder_finds_the_phrase_an_alternation_finds(phrases, text, found):
    assert literal_finder(phrases).search(text).group() == found
    assert re.compile(alternation(phrases)).search(text).group() == found


def test_a_literal_finder_finds_nothing_where_no_phrase_is():
    assert literal_finder(("版权", "转载")).search("上海推动制造业高质量发展") is None
