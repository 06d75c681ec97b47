"""Quality gates, datatrove-style: each looks at a cleaned text and may reject it.

A gate's name is the reason a rejected text is given. The pipeline runs them in
``QUALITY_GATES`` order and the first that rejects wins, so the most telling come first.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from cleaners.base import Gate, split_paragraphs
from cleaners.mojibake import garbage_share
from cleaners.patterns import has_hanzi
from cleaners.vocabulary import CJK_RUN

# Counted by runs, not one match per character: a page holds thousands of hanzi.
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _count(run: re.Pattern[str], text: str) -> int:
    return sum(map(len, run.findall(text)))


def _title_hanzi(text: str) -> int:
    """The hanzi of the title, when the first paragraph is one.

    A headline never holds a full stop; a first paragraph that does is body, as on pages
    whose excerpt starts in the article or whose headline was not cut into its own line.
    """
    paragraphs = split_paragraphs(text)
    return _count(CJK_RUN, paragraphs[0]) if paragraphs and "。" not in paragraphs[0] else 0


@dataclass(frozen=True)
class Empty(Gate):
    name = "empty"

    def rejects(self, text: str) -> bool:
        return not text.strip()


@dataclass(frozen=True)
class MostlyGarbage(Gate):
    name = "mostly-garbage"
    # Share of the visible characters that are mojibake or replacement characters in the
    # cleaned text; decode.MAX_GARBAGE_SHARE is another limit, for choosing a charset.
    max_garbage_share: float = 0.2

    def rejects(self, text: str) -> bool:
        return garbage_share(text) > self.max_garbage_share


@dataclass(frozen=True)
class NotChinese(Gate):
    name = "not-chinese"
    # Share of hanzi among the letters (hanzi and alphabetic characters, no digits or
    # punctuation): below this the text is not Chinese, or only a Chinese caption on a
    # foreign one.
    min_hanzi_letter_share: float = 0.3

    def rejects(self, text: str) -> bool:
        # There are no more letters than characters: a text with more hanzi than the share
        # of all its characters passes without its letters counted (the 1 keeps float
        # rounding out of the bound).
        enough = math.floor(self.min_hanzi_letter_share * len(text) + 1) + 1
        if _LETTER_RUN.search(text) and has_hanzi(text, enough):
            return False
        letters = _count(_LETTER_RUN, text)
        return not letters or _count(CJK_RUN, text) / letters < self.min_hanzi_letter_share


@dataclass(frozen=True)
class TooShort(Gate):
    name = "too-short"
    # A news item has at least a couple of sentences of body; fewer hanzi than this outside
    # the title is a stub, an index page or a failed extraction.
    min_body_hanzi: int = 50

    def rejects(self, text: str) -> bool:
        # Paragraphs are cut at blank lines only: the text's hanzi are the title's and the body's.
        return not has_hanzi(text, self.min_body_hanzi + _title_hanzi(text))


# Garbage first: a page of mojibake is also "not Chinese" and "too short", and the
# reason should say what went wrong.
QUALITY_GATES: tuple[Gate, ...] = (Empty(), MostlyGarbage(), NotChinese(), TooShort())


def first_failure(text: str, gates: tuple[Gate, ...] = QUALITY_GATES) -> str | None:
    """The name of the first gate that rejects ``text``, or None if none does."""
    return next((gate.name for gate in gates if gate.rejects(text)), None)
