"""Related lists: links to other articles that the page shows around this one.

- A marker line (``相关文章``, ``推荐阅读``, ``猜你喜欢``…) and the headlines and teasers
  after it, up to the first paragraph that is neither, when they are shorter in all than
  the article's body before the marker. Before the article's first body paragraph a
  marker is a navigation tab and goes alone.
- ``上一篇:…`` / ``下一篇:…`` lines.
- A bare run of at least four headline-like paragraphs after the article's last body
  paragraph (the tail of seed 000), shorter in all than the article and not a list of
  ``label:value`` fields. A run inside the article is left alone: two or three
  subheadings in a row are common there (seed 002), and a longer run is more often a
  list that belongs to the text than a sidebar.

A marker must be the whole line, so a sentence that mentions 相关 is never one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import NO_HINTS, Cleaned, Formatter, Hints, drop_paragraphs, split_paragraphs
from cleaners.patterns import ENUMERATED, MAX_HEADLINE, body_span, is_body
from cleaners.phrases import RELATED_MARKER_HEADS, RELATED_MARKER_PHRASES, RELATED_MARKER_TAILS, alternation

_MARKER = re.compile(
    r"^[\s【\[■□●◆·•]*" + alternation(RELATED_MARKER_HEADS) + alternation(RELATED_MARKER_TAILS)
    + r"(?:推荐|排行)?[\s】\]:>»]*(?:更多\s*[>»]*)?$"
    r"|^[\s【\[■□●◆·•]*" + alternation(RELATED_MARKER_PHRASES) + r"[\s】\]:>»]*$"
)
_PREVIOUS_NEXT = re.compile(r"^[\s【\[]*(?:上|下)一(?:篇|条|页|则)(?:文章|新闻)?[\s】\]]*[::]")

# A short label before a colon at a line's start: 发动机型式:…, 地  点:….
_FIELD = re.compile(r"^[^:]{1,8}:")


def _is_teaser(paragraph: str) -> bool:
    return paragraph.endswith(("...", "…"))


def _smaller_than_article(paragraphs: list[str], items: list[int], start: int) -> bool:
    """Whether ``items`` are shorter in all than the body text before ``start``.

    A sidebar is smaller than the article it stands beside; a longer stretch of short
    lines is a text written that way (a programme, a photo blog).
    """
    article = sum(len(p) for p in paragraphs[:start] if is_body(p))
    return sum(len(paragraphs[i]) for i in items) <= article


def _is_field_list(paragraphs: list[str], run: list[int]) -> bool:
    """Mostly ``label:value`` lines (发动机总排量:1171ml): a specification, not headlines."""
    fields = sum(1 for i in run if _FIELD.match(paragraphs[i]))
    return fields * 2 > len(run)


@dataclass(frozen=True)
class RelatedListRemover(Formatter):
    name = "related"
    min_headline_chars: int = 6
    max_headline_chars: int = MAX_HEADLINE
    # Links after the article without a marker: fewer are more often subheadings.
    min_bare_run: int = 4

    def _is_headline_like(self, paragraph: str) -> bool:
        return (
            self.min_headline_chars <= len(paragraph) <= self.max_headline_chars
            and "。" not in paragraph
            # Headlines may end in ! or ? (进博会后天开幕!); prose ends in 。 ; or an ASCII period.
            and not paragraph.endswith(("。", ";", ".", "…", ":", ",", "、"))
            and not ENUMERATED.match(paragraph)
        )

    def _is_link_item(self, paragraph: str) -> bool:
        return self._is_headline_like(paragraph) or _is_teaser(paragraph)

    def _condemned(self, paragraphs: list[str]) -> dict[int, str]:
        """Index -> rule for every paragraph that belongs to a related list."""
        span = body_span(paragraphs)
        rules: dict[int, str] = {}
        for index, paragraph in enumerate(paragraphs):
            if _PREVIOUS_NEXT.match(paragraph):
                rules[index] = "related.previous_next"
            elif _MARKER.match(paragraph):
                rules[index] = "related.marker"
                # Before the article a marker is a navigation tab: what follows it may be the
                # headline and the article's own short lines, so only the tab goes.
                listed = self._link_items_after(paragraphs, index)
                if span is not None and index > span[0] and _smaller_than_article(paragraphs, listed, index):
                    rules.update({i: "related.listed" for i in listed})
        if span is not None:
            rules.update({i: "related.bare_run" for i in self._sidebar_tail(paragraphs, span[1]) if i not in rules})
        return rules

    def _link_items_after(self, paragraphs: list[str], marker: int) -> list[int]:
        following = marker + 1
        while following < len(paragraphs) and self._is_link_item(paragraphs[following]):
            following += 1
        return list(range(marker + 1, following))

    def _sidebar_tail(self, paragraphs: list[str], last_body: int) -> list[int]:
        """Runs of link items after the article's last body paragraph that read as a sidebar."""
        runs = [run for run in self._link_runs(paragraphs, last_body + 1) if len(run) >= self.min_bare_run]
        if not runs:  # most articles: nothing to weigh against the article
            return []
        if not _smaller_than_article(paragraphs, [i for run in runs for i in run], last_body + 1):
            return []
        return [i for run in runs if not _is_field_list(paragraphs, run) for i in run]

    def _link_runs(self, paragraphs: list[str], start: int) -> list[list[int]]:
        """Maximal runs of consecutive link items from ``start`` on."""
        runs: list[list[int]] = [[]]
        for index in range(start, len(paragraphs)):
            if self._is_link_item(paragraphs[index]):
                runs[-1].append(index)
            elif runs[-1]:
                runs.append([])
        return [run for run in runs if run]

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        rules = self._condemned(split_paragraphs(text))
        return drop_paragraphs(text, lambda index, _p, _all: rules.get(index))
