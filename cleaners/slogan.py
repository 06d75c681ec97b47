"""Slogans: a site's banner line, such as ``• 做文明徐州人 让城市更美好``.

Told from a short subheading (``身体力行精心组织部署``) by form and place, never by words:
a slogan is decorated with bullet or ornament marks, is one to four short clauses with no
sentence inside, and stands alone outside the article, before its first body paragraph
or after its last one. A decorated list item between body paragraphs, or a run of
decorated lines (``◎导 演 …`` / ``◎主 演 …``), stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import NO_HINTS, Cleaned, Formatter, Hints, drop_paragraphs, split_paragraphs
from cleaners.patterns import body_span

_ORNAMENT = "•·●○◆◇■□★☆▶►▸▪◎※♦❖✦✧"
_DECORATED = re.compile(rf"^[{_ORNAMENT}]|[{_ORNAMENT}]$")
_CLAUSE_SEPARATOR = re.compile(r"[\s,、!]+")

_ANY_ORNAMENT = re.compile(rf"[{_ORNAMENT}]")


@dataclass(frozen=True)
class SloganRemover(Formatter):
    name = "slogan"
    max_chars: int = 30
    max_clauses: int = 4
    max_clause_chars: int = 12

    def _is_banner(self, paragraph: str) -> bool:
        if not _DECORATED.search(paragraph):
            return False
        words = paragraph.strip(_ORNAMENT + " ")
        clauses = [c for c in _CLAUSE_SEPARATOR.split(words) if c]
        return (
            0 < len(words) <= self.max_chars
            and "。" not in words
            and 0 < len(clauses) <= self.max_clauses
            and all(len(c) <= self.max_clause_chars for c in clauses)
        )

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        # A banner is decorated: a text without any ornament has none.
        if not _ANY_ORNAMENT.search(text):
            return Cleaned(text)
        span = body_span(split_paragraphs(text))

        def rule(index: int, paragraph: str, paragraphs: list[str]) -> str | None:
            outside_article = span is None or index < span[0] or index > span[1]
            if not outside_article or not self._is_banner(paragraph):
                return None
            # A banner stands alone; decorated lines in a row are a list (◎导 演 …, ◎主 演 …).
            neighbours = paragraphs[max(index - 1, 0) : index] + paragraphs[index + 1 : index + 2]
            return None if any(_DECORATED.search(n) for n in neighbours) else "slogan.banner"

        return drop_paragraphs(text, rule)
