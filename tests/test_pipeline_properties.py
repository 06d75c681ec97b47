"""Properties of the whole cleaning pipeline, on arbitrary text and on noisy seed lines."""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.mojibake import MojibakeRepairer
from cleaners.pipeline import clean_text
from cleaners.script import to_simplified
from cleaners.width import fold_width

repair_mojibake = MojibakeRepairer()

SEED_LINES = sorted(
    {
        line.strip()
        for path in (Path(__file__).resolve().parents[1] / "seeds" / "documents").glob("*.txt")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    }
)
# Documents made of real seed lines (body, titles, breadcrumbs, metadata, footers…) in any
# order, with arbitrary characters between them. Control characters are left out: a C1
# control is a piece of cp1252 mojibake, which a join of two lines can complete after the
# repair step has run; decoded pages hold none.
NOISE = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=30)
DOCUMENT = st.lists(st.one_of(st.sampled_from(SEED_LINES), NOISE), min_size=1, max_size=12).map("\n\n".join)


@settings(max_examples=150, deadline=None)
@given(text=DOCUMENT)
def test_cleaning_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once.text).text == once.text


@settings(max_examples=150, deadline=None)
@given(text=DOCUMENT)
def test_cleaning_invents_no_characters_but_by_conversion(text):
    # What may appear that was not there: what a mojibake repair gives back, in its
    # half-width and simplified forms, and the blank lines between paragraphs.
    converted = to_simplified(fold_width(repair_mojibake(text).text).text).text
    allowed = set(text) | set(converted) | {"\n", " "}
    assert set(clean_text(text).text) <= allowed
