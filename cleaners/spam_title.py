"""Spam titles: the ``<title>`` of a hacked page, porn and gambling phrases joined by ``_``.

Such a title is a chain of keyword phrases (``国产精品无码av在线…_欧美日韩…_…``). A paragraph
is spam when it splits into ``_`` (or ``|``) joined segments and most of them carry spam
vocabulary; one spammy word, or a normal headline with a single ``_``, is not enough.
Without joints, only a pile of many spam terms counts.

A real headline with a spam site's name after it (``上海实业(集团)有限公司-澳门皇冠游戏网址``)
keeps the headline: the suffixes that carry spam terms are cut off.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import NO_HINTS, Cleaned, Formatter, Hints, Removal, drop_paragraphs, join_paragraphs, split_paragraphs
from cleaners.phrases import SPAM_ABBREVIATIONS, SPAM_TERMS, alternation, literal_finder
from cleaners.patterns import MAX_HEADLINE
from cleaners.vocabulary import TITLE_SEPARATOR

_SEGMENT_SEPARATOR = re.compile(r"\s*[_|]+\s*")

# The terms in lower case, for a quick look at a lowered text before the exact regex.
_MAYBE_SPAM = literal_finder(term.lower() for term in (*SPAM_TERMS, *SPAM_ABBREVIATIONS))
_SPAM_TERM = re.compile(
    alternation(SPAM_TERMS) + r"|(?<![a-z])" + alternation(SPAM_ABBREVIATIONS) + r"(?![a-z])", re.IGNORECASE
)
# Terms without case (国产精品): the quick look finding one in the lowered text finds it in
# the text as written, where _SPAM_TERM (slow, for its flags) would find it too.
_UNCASED_TERMS = frozenset(term for term in SPAM_TERMS if term.lower() == term.upper())


@dataclass(frozen=True)
class SpamTitleRemover(Formatter):
    name = "spam_title"
    # A spam title stacks spam terms over most of its segments: several different ones
    # (国产精品…_欧美日韩…), or one brand in every segment (澳门新葡京_澳门新葡京官网_…). A news
    # title that happens to contain 成人 (成人教育) or 一级 (一级响应) does not reach these counts.
    min_terms: int = 3
    min_segments: int = 3
    # Without ``_`` joints, only a pile of terms is spam: a sentence about a gambling case
    # names two or three of them.
    min_terms_unjoined: int = 5

    def judges_paragraphs_alone(self, hints: Hints) -> bool:
        # The quick look at the whole text finds a term where one of its paragraphs has one.
        return True

    def is_spam_title(self, paragraph: str) -> bool:
        if not _MAYBE_SPAM.search(paragraph.lower()):  # the quick look first: most lines have no term
            return False
        terms = {m.group().lower() for m in _SPAM_TERM.finditer(paragraph)}
        segments = [s for s in _SEGMENT_SEPARATOR.split(paragraph) if s]
        if len(segments) < 2:
            return len(terms) >= self.min_terms_unjoined and "。" not in paragraph
        spammy = sum(1 for s in segments if _SPAM_TERM.search(s))
        return spammy * 2 >= len(segments) and (len(terms) >= self.min_terms or spammy >= self.min_segments)

    def _cut_spam_suffixes(self, text: str) -> Cleaned:
        removed: list[Removal] = []
        paragraphs = []
        for paragraph in split_paragraphs(text):
            core = paragraph
            # A title: short, no sentence. Checked first, as most paragraphs are body.
            while len(core) <= MAX_HEADLINE and "。" not in core:
                separators = list(TITLE_SEPARATOR.finditer(core))
                if not separators or not _SPAM_TERM.search(core[separators[-1].end():]) or self.is_spam_title(core):
                    break
                core = core[: separators[-1].start()]
            if core != paragraph and core and not _SPAM_TERM.search(core):
                removed.append(Removal("spam_title.spam_suffix", paragraph[len(core):]))
                paragraph = core
            paragraphs.append(paragraph)
        return Cleaned(join_paragraphs(paragraphs), tuple(removed)) if removed else Cleaned(text)

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        # A paragraph is a stretch of the text between blank lines (its neighbours are
        # whitespace, which the term's look-arounds accept), so a term in a paragraph is a
        # term in the text: a text without one loses nothing.
        term = _MAYBE_SPAM.search(text.lower())
        if not term or (term.group() not in _UNCASED_TERMS and not _SPAM_TERM.search(text)):
            return Cleaned(text)
        titles = drop_paragraphs(
            text, lambda _i, p, _all: "spam_title.keyword_segments" if self.is_spam_title(p) else None
        )
        suffixes = self._cut_spam_suffixes(titles.text)
        return Cleaned(suffixes.text, titles.removed + suffixes.removed)


# Extraction judges page titles with the default thresholds.
is_spam_title = SpamTitleRemover().is_spam_title
