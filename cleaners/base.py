"""The shapes every cleaner shares.

A cleaner is a pure function ``(text, hints) -> Cleaned``. ``text`` is a document in
corpus layout: paragraphs separated by one blank line, the first paragraph the title.
A cleaner never drops anything silently: each piece it takes out is a ``Removal``
naming the rule that took it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from cleaners.vocabulary import CJK  # noqa: F401 - extraction and the crawler import it from here

PARAGRAPH_BREAK = "\n\n"
_BLANK_LINES = re.compile(r"\n[ \t\u3000]*\n\s*")


@dataclass(frozen=True)
class Removal:
    """One piece of text a cleaner took out, and the rule that took it (``cleaner.rule``)."""

    rule: str
    text: str


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: tuple[Removal, ...] = ()


@dataclass(frozen=True)
class Hints:
    """What a site profile or the page itself tells the cleaners beyond the text.

    ``site_names``: names a site appends to titles (``-信息快讯网``), for the repeated-title
    and metadata rules. ``footer_markers``: lines from which on a site's page is footer.
    ``title``: the title taken from the page's metadata, when the text came from HTML.
    """

    site_names: tuple[str, ...] = ()
    footer_markers: tuple[str, ...] = ()
    title: str | None = None


NO_HINTS = Hints()

Cleaner = Callable[[str, Hints], Cleaned]


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a corpus-layout text, without empty ones."""
    return [p for p in _BLANK_LINES.split(text.strip("\n")) if p.strip()]


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    return PARAGRAPH_BREAK.join(paragraphs)


def drop_paragraphs(text: str, rule_for: Callable[[int, str, list[str]], str | None]) -> Cleaned:
    """Keep the paragraphs for which ``rule_for(index, paragraph, all_paragraphs)`` is None.

    The rule returns the name of the rule that condemns a paragraph, which goes into
    the ``Removal``. Decisions are taken on the original list, so a rule may look at
    neighbours without seeing earlier removals.
    """
    paragraphs = split_paragraphs(text)
    kept: list[str] = []
    removed: list[Removal] = []
    for index, paragraph in enumerate(paragraphs):
        rule = rule_for(index, paragraph, paragraphs)
        if rule is None:
            kept.append(paragraph)
        else:
            removed.append(Removal(rule, paragraph))
    if not removed:
        return Cleaned(text)
    return Cleaned(join_paragraphs(kept), tuple(removed))



def cjk_share(text: str) -> float:
    """Share of CJK ideographs among the non-space characters of ``text``."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0.0
    return sum(1 for c in visible if CJK.match(c)) / len(visible)


@dataclass
class Counters:
    """Per-step counters, datatrove-style: how often a step fired and what it took."""

    documents: int = 0
    changed: int = 0
    removals: dict[str, int] = field(default_factory=dict)

    def add(self, before: str, result: Cleaned, new_document: bool = True) -> None:
        """Count a step's run; a step that runs again on the same document counts it once."""
        if new_document:
            self.documents += 1
        if result.text != before and new_document:
            self.changed += 1
        for removal in result.removed:
            self.removals[removal.rule] = self.removals.get(removal.rule, 0) + 1
