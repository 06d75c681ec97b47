"""A site's template, learnt from its own pages: lines that recur across them.

Navigation, footers, slogans, share bars and list headings are the same on every page of
a site, whatever their wording; the article is not. So a line is boilerplate on a site
when it recurs on many of that site's pages (the line-level dedup of web-scale corpora).
``corpus.line_index`` counts the lines; this module says what a line is (``line_key``)
and removes the lines the index names (``hints.template_lines``), as ``template.site_line``.

Keys are taken from text after the normalisers (repaired, width-folded, Simplified), the
text this step sees. Spaces go, and outside sentences figures become 0, so ``浏览次数:275``
and ``浏览次数: 1031`` are one line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import NO_HINTS, Cleaned, Formatter, Hints, drop_paragraphs, split_paragraphs
from cleaners.vocabulary import CJK_RUN, SENTENCE_MARKS

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_SENTENCE_MARK = re.compile(f"[{SENTENCE_MARKS}]")
# Lines longer than this are paragraphs of prose, never a site's furniture, and would
# only bloat the index.
MAX_KEY_LINE = 200
# A line with this many hanzi and a sentence mark is prose: an article may quote it.
MIN_PROSE_HANZI = 20


def line_key(line: str) -> str:
    """What two pages' versions of one template line have in common.

    Figures become 0 (a counter, a date in a footer), except in a sentence: there they are
    what it says, and formulaic reports (``第2期简报发布,涉及14家企业。``) are each their
    own article's body, not one line of the site's template."""
    key = _SPACE.sub("", line).lower()
    return key if _SENTENCE_MARK.search(key) else _DIGITS.sub("0", key)


def page_line_keys(normalised_text: str) -> frozenset[str]:
    """The distinct keys of a page's lines that could be template lines."""
    return frozenset(line_key(p) for p in split_paragraphs(normalised_text) if len(p) <= MAX_KEY_LINE)


def is_prose(key: str) -> bool:
    """A sentence of some length: shared by pages that quote it as often as by a template."""
    return bool(_SENTENCE_MARK.search(key)) and sum(map(len, CJK_RUN.findall(key))) >= MIN_PROSE_HANZI


@dataclass(frozen=True)
class SiteTemplateRemover(Formatter):
    """Removes the lines that ``hints.template_lines`` (the site's template) names.

    Except the first line of a text whose page named its title (``hints.title``): that
    line is the headline extraction chose. A site that gives every page one title (an
    app's name) makes it a template line, and removing it would make the first sentence
    of the body the headline.
    """

    name = "template"

    def judges_paragraphs_alone(self, hints: Hints) -> bool:
        # The first line is spared only under a title the page named.
        return not (hints.template_lines and hints.title)

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        if not hints.template_lines:
            return Cleaned(text)
        template = hints.template_lines
        first = 1 if hints.title else 0
        return drop_paragraphs(
            text, lambda i, p, _all: "template.site_line" if i >= first and line_key(p) in template else None
        )
