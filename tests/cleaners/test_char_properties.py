"""Properties every character-level cleaner keeps, on arbitrary text."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.gates import first_failure
from cleaners.lang import detect_language
from cleaners.layout import LineLayout
from cleaners.mojibake import MojibakeRepairer, garbage_share
from cleaners.paragraphs import BrokenParagraphJoiner
from cleaners.patterns import ends_sentence, has_hanzi
from cleaners.pinyin import PinyinAnnotationRemover
from cleaners.script import SimplifiedConverter
from cleaners.vocabulary import CJK_RUN, CLOSING_MARKS, SENTENCE_MARKS
from cleaners.width import WidthFolder, fold_width

join_broken_paragraphs = BrokenParagraphJoiner()
one_paragraph_per_line = LineLayout()
remove_pinyin_annotations = PinyinAnnotationRemover()
repair_mojibake = MojibakeRepairer()

# Arbitrary characters, weighted towards what the cleaners look at: hanzi (traditional
# and simplified), pinyin, brackets, Chinese and full-width punctuation, line breaks,
# mojibake of both kinds and garbage.
INTERESTING = list(
    "上海市當發國资业果量锦豪团委(（)）dāngfāguóyèlǜAI20,，、;；:：。!?…“”\n\n\r\u2028 \t\u3000"
    "锟斤拷?\ufffdä¸Šæµ·涓婃捣ï¼ŒÃ©"
)
# Lone surrogates are left out: no decoder yields them, and they cannot be written as UTF-8.
ANY_CHARACTER = st.characters(exclude_categories=("Cs",))
TEXT = st.text(alphabet=st.one_of(st.sampled_from(INTERESTING), ANY_CHARACTER), max_size=200)

CLEANERS = [WidthFolder(), one_paragraph_per_line, remove_pinyin_annotations, SimplifiedConverter(), join_broken_paragraphs, repair_mojibake]
# Cleaners that only take out, or move, characters they were given.
NOTHING_INVENTED = {
    one_paragraph_per_line: set("\n "),
    remove_pinyin_annotations: set(),
    join_broken_paragraphs: set("\n "),
}


@pytest.mark.parametrize("cleaner", CLEANERS, ids=lambda c: c.name)
@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_cleaners_never_crash_and_are_idempotent(cleaner, text):
    once = cleaner(text).text
    assert cleaner(once).text == once


@pytest.mark.parametrize("cleaner", list(NOTHING_INVENTED), ids=lambda c: c.name)
@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_cleaners_never_invent_characters(cleaner, text):
    assert set(cleaner(text).text) <= set(text) | NOTHING_INVENTED[cleaner]


@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_width_fold_only_maps_full_width_forms(text):
    folded = fold_width(text).text
    assert len(folded) == len(text)
    for before, after in zip(text, folded):
        assert after == before or (ord(before) - ord(after)) in (0xFF01 - 0x21, 0x3000 - 0x20)


@settings(max_examples=150, deadline=None)
@given(text=TEXT)
def test_measures_never_crash_and_stay_in_range(text):
    assert 0.0 <= garbage_share(text) <= 1.0
    assert first_failure(text) in {None, "empty", "too-short", "not-chinese", "mostly-garbage"}
    lang, prob = detect_language(text)
    assert isinstance(lang, str) and 0.0 <= prob <= 1.0


# What ends_sentence means, as a regex: a sentence mark (or ...), then closing marks only.
SENTENCE_FINAL = re.compile(rf"(?:[{SENTENCE_MARKS}]|\.\.\.)[{re.escape(CLOSING_MARKS)}]*$")
ENDINGS = st.text(alphabet=st.sampled_from([*SENTENCE_MARKS, *CLOSING_MARKS, ".", "\n", " ", "好"]), max_size=6)


@given(st.tuples(TEXT, ENDINGS).map("".join))
def test_the_quick_shape_tests_read_as_their_definitions(text):
    assert ends_sentence(text) == bool(SENTENCE_FINAL.search(text))
    hanzi = sum(map(len, CJK_RUN.findall(text)))
    for count in (0, hanzi - 1, hanzi, hanzi + 1):
        assert has_hanzi(text, count) == (hanzi >= count)
