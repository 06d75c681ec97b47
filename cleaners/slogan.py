"""Slogans: a site's banner line, such as ``• 做文明徐州人 让城市更美好``.

Told from a short subheading (``身体力行精心组织部署``) by form and place, never by words:
a slogan is decorated with bullet or ornament marks, is one to four short clauses with no
sentence inside, and stands alone outside the article, before its first body paragraph
or after its last one. A decorated list item between body paragraphs, or a run of
decorated lines (``◎导 演 …`` / ``◎主 演 …``), stays.
"""

from __future__ import annotations

import re

from cleaners.base import NO_HINTS, Cleaned, Hints, drop_paragraphs, split_paragraphs
from cleaners.patterns import body_span

_ORNAMENT = "•·●○◆◇■□★☆▶►▸▪◎※♦❖✦✧"
_DECORATED = re.compile(rf"^[{_ORNAMENT}]|[{_ORNAMENT}]$")
_CLAUSE_SEPARATOR = re.compile(r"[\s,、!]+")

_MAX_SLOGAN = 30
_MAX_CLAUSES = 4
_MAX_CLAUSE = 12


def _is_banner(paragraph: str) -> bool:
    if not _DECORATED.search(paragraph):
        return False
    words = paragraph.strip(_ORNAMENT + " ")
    clauses = [c for c in _CLAUSE_SEPARATOR.split(words) if c]
    return (
        0 < len(words) <= _MAX_SLOGAN
        and "。" not in words
        and 0 < len(clauses) <= _MAX_CLAUSES
        and all(len(c) <= _MAX_CLAUSE for c in clauses)
    )


_ANY_ORNAMENT = re.compile(rf"[{_ORNAMENT}]")


def remove_slogans(text: str, hints: Hints = NO_HINTS) -> Cleaned:
    # A banner is decorated: a text without any ornament has none.
    if not _ANY_ORNAMENT.search(text):
        return Cleaned(text)
    span = body_span(split_paragraphs(text))

    def rule(index: int, paragraph: str, paragraphs: list[str]) -> str | None:
        outside_article = span is None or index < span[0] or index > span[1]
        if not outside_article or not _is_banner(paragraph):
            return None
        # A banner stands alone; decorated lines in a row are a list (◎导 演 …, ◎主 演 …).
        neighbours = paragraphs[max(index - 1, 0) : index] + paragraphs[index + 1 : index + 2]
        return None if any(_DECORATED.search(n) for n in neighbours) else "slogan.banner"

    return drop_paragraphs(text, rule)
