"""Join sentences and names that the page layout split across paragraphs.

Seed 002 shows the damage: ``…上海艾力斯医药科技股份有限公司杜`` / ``锦豪、联影医疗…``,
``…从百年党史中汲取强大精神力`` / ``量,让红色血脉…``. A break is joined only where the
paragraph before it is cut mid-sentence; headings (short, no clause punctuation) and the
title keep their breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import NO_HINTS, Cleaned, Formatter, Hints, Removal, join_paragraphs, split_paragraphs
from cleaners.phrases import SENTENCE_OPENERS
from cleaners.vocabulary import CLAUSE_MARKS, CLOSING_MARKS, FULL_WIDTH_SENTENCE_MARKS, HANZI, SENTENCE_MARKS

# A paragraph cannot start with these: it continues the one before.
_CONTINUATION_START = ",，、;；:：。.!！?？)）」』”’"
# A list item (``2、`` ``(1)`` ``一、`` ``1.1.``) or a speaker's label (``记者:`` ``其一:``)
# starts a paragraph of its own.
_NEW_ITEM = re.compile(
    r"^(?:[(（]?[0-9０-９一二三四五六七八九十]+[)）]?[、.．)）]|[^\s,，、;；:：。]{1,4}[:：])"
)
# The first clause of a paragraph, when it is one or two hanzi: ``果,`` ``锦豪、`` ``团委,``.
_SHORT_FIRST_CLAUSE = re.compile(rf"^([{HANZI}]{{1,2}})([{CLAUSE_MARKS}])")
# A full stop inside a paragraph makes it body text: headings and titles do not hold
# one, though they do hold ``!`` and ``?`` (``…吃下定心丸!上海狠抓贯彻落实``).
_INNER_FULL_STOP = re.compile(r"。(?!$)")
# A paragraph is complete when it ends a sentence: a sentence mark (full-width ones too,
# this runs on any text), a closing quote or bracket, an ASCII period or quote. Not ``]``:
# past the footnote marks taken off first, it closes a label such as [图片]. A colon ends an
# introduction to what follows on its own lines (a list, a quotation); a tilde ends chatty
# sentences.
_COMPLETE_END = (
    SENTENCE_MARKS + FULL_WIDTH_SENTENCE_MARKS + CLOSING_MARKS.replace("]", "") + "）】.\"" + ":：~～"
)
# Footnote marks after a sentence end (``订阅。[5]``, Wikipedia style).
_TRAILING_FOOTNOTES = re.compile(r"(?:\[\d+\])+$")
_TEXT_PUNCTUATION = re.compile(r"[,，、;；。！？!?…]")

def _is_complete(paragraph: str) -> bool:
    paragraph = paragraph.rstrip()
    # Footnote marks end in "]"; without one there are none to take off.
    end = (_TRAILING_FOOTNOTES.sub("", paragraph) if paragraph.endswith("]") else paragraph)[-1:]
    return not end or end in _COMPLETE_END


def _is_latin_alnum(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _glue(before: str, after: str) -> str:
    # Words of Latin script need their space back; Chinese runs on without one.
    separator = " " if _is_latin_alnum(before[-1]) and _is_latin_alnum(after[0]) else ""
    return before + separator + after


@dataclass(frozen=True)
class BrokenParagraphJoiner(Formatter):
    """Joins each paragraph cut mid-sentence with the next; the title is never joined."""

    name = "paragraphs"
    # A heading may hold a comma or two (``科创板上市两周年,龚正调研…``, headline lists do);
    # body text cut by the layout is longer and has more clauses.
    min_body_chars: int = 40
    min_body_clauses: int = 2
    # How much of each side of a join its Removal shows.
    context_chars: int = 12

    def _is_clause_chain(self, paragraph: str) -> bool:
        clauses = sum(paragraph.count(mark) for mark in CLAUSE_MARKS)
        return clauses >= self.min_body_clauses and len(paragraph) >= self.min_body_chars

    def _starts_with_word_tail(self, before: str, after: str) -> bool:
        """``果,打通…``: a first clause too short to be one, so the tail of the word before.

        After ``、`` a short first clause is as often a list of names (``李杰、王则柯``), so
        that needs body text before it (``…有限公司杜`` / ``锦豪、联影…``).
        """
        match = _SHORT_FIRST_CLAUSE.match(after)
        if match is None or match.group(1) in SENTENCE_OPENERS:
            return False
        if match.group(2) == "、":
            return bool(_INNER_FULL_STOP.search(before)) or self._is_clause_chain(before)
        return True

    def _continues(self, before: str, after: str) -> bool:
        if _is_complete(before) or _NEW_ITEM.match(after):
            return False
        if after[0] in _CONTINUATION_START or self._starts_with_word_tail(before, after):
            return True
        # Body text cut mid-sentence. Its rest reads as text too: a bare line (``保存一天``,
        # ``背景``) after it is a menu or a heading. A clause chain without a full stop may be
        # a headline of a list, so there the rest must hold a full stop.
        if _INNER_FULL_STOP.search(before):
            return _TEXT_PUNCTUATION.search(after) is not None
        return self._is_clause_chain(before) and "。" in after

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        paragraphs = split_paragraphs(text)
        if len(paragraphs) < 3:
            return Cleaned(text)
        joined = paragraphs[:2]
        removed: list[Removal] = []
        context = self.context_chars
        for paragraph in paragraphs[2:]:
            before = joined[-1]
            if self._continues(before, paragraph):
                removed.append(Removal("paragraphs.join", f"{before[-context:]}\n\n{paragraph[:context]}"))
                joined[-1] = _glue(before, paragraph)
            else:
                joined.append(paragraph)
        if not removed:
            return Cleaned(text)
        return Cleaned(join_paragraphs(joined), tuple(removed))
