"""Quality gates, datatrove-style: each looks at a cleaned text and names why to reject it.

A gate is ``(text) -> reason | None``. They run in ``QUALITY_GATES`` order and the first
reason wins, so the most telling checks come first.
"""

from __future__ import annotations

import re
from typing import Callable

from cleaners.base import split_paragraphs
from cleaners.mojibake import garbage_share
from cleaners.vocabulary import CJK_RUN

Gate = Callable[[str], str | None]

# A news item has at least a couple of sentences of body; fewer hanzi than this outside
# the title is a stub, an index page or a failed extraction.
MIN_BODY_CJK_CHARS = 50
# Share of hanzi among the letters (hanzi and alphabetic characters, no digits or
# punctuation): below this the text is not Chinese, or only a Chinese caption on a foreign one.
MIN_CJK_LETTER_SHARE = 0.3
# Share of the visible characters that are mojibake or replacement characters.
MAX_GARBAGE_SHARE = 0.2


def empty(text: str) -> str | None:
    return "empty" if not text.strip() else None


def _body(text: str) -> str:
    """Everything but the title: the first paragraph of a corpus text."""
    return "\n\n".join(split_paragraphs(text)[1:])


# Counted by runs, not one match per character: a page holds thousands of hanzi.
_LETTER_RUN = re.compile(r"[^\W\d_]+")


def _count(run: re.Pattern[str], text: str) -> int:
    return sum(map(len, run.findall(text)))


def too_short(text: str) -> str | None:
    return "too-short" if _count(CJK_RUN, _body(text)) < MIN_BODY_CJK_CHARS else None


def not_chinese(text: str) -> str | None:
    letters = _count(_LETTER_RUN, text)
    if not letters:
        return "not-chinese"
    return "not-chinese" if _count(CJK_RUN, text) / letters < MIN_CJK_LETTER_SHARE else None


def mostly_garbage(text: str) -> str | None:
    return "mostly-garbage" if garbage_share(text) > MAX_GARBAGE_SHARE else None


# Garbage first: a page of mojibake is also "not Chinese" and "too short", and the
# reason should say what went wrong.
QUALITY_GATES: tuple[Gate, ...] = (empty, mostly_garbage, not_chinese, too_short)


def first_failure(text: str) -> str | None:
    """The reason of the first gate ``text`` fails, or None if it passes them all."""
    for gate in QUALITY_GATES:
        reason = gate(text)
        if reason is not None:
            return reason
    return None
