"""Breadcrumbs: the navigation trail a page shows above its article.

Two shapes: a line introduced as a position (``当前位置:首页 > 新闻中心 > 正文内容``,
``您现在的位置:首页 >> 要闻``, ``位置:``), and a bare trail of short links that starts at the
home page (``首页 > 徐州新闻 > 要闻 > 正文``, ``新浪首页 > 读书频道 > 正文``, ``» 首页 » 要闻``)
or ends at the article (``> 产经资讯 > 商贸 > 正文``). A section label before the headline
(``社论 | 习近平再次明确表示…``, ``首页 国内 各地一批大工程…``) is cut off it. A sentence that mentions
首页 or contains ``>`` is neither: it is not introduced as a position and its pieces are
not short link labels.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import NO_HINTS, PARAGRAPH_BREAK, Cleaned, Formatter, Hints, Removal, drop_paragraphs
from cleaners.phrases import BREADCRUMB_ARTICLE_LABELS, alternation
from cleaners.vocabulary import HANZI

# 当前位置:…; also without the colon when the trail follows (您所在的位置 首页 专题频道 …).
_POSITION_LABEL = re.compile(
    r"^(?:(?P<whose>当前|目前|您的|你的|您现在的|你现在的|您当前的|您所在的|所在)?位置|(?P<column>当前|所在)栏目)"
    r"\s*(?::|\s+(?=\S{0,6}首页))"
)

# Link separators of a trail: >, >>, », ›, →, 〉 and the like.
_TRAIL_SEPARATOR = re.compile(r"\s*(?:-*>+|»+|›+|→|〉+|/|\|)\s*|\s+-\s+")
# What each separator holds: a line without one is no trail, and is not split.
_TRAIL_MARK = re.compile(r"[>»›→〉/|-]")
# The home link: 首页, or a site's own (新浪首页, 社区首页).
_HOME = re.compile(r"^(?:\S{0,6}首页|主页|home)$", re.IGNORECASE)
# A trail that does not start at home still ends at the article itself.
_ARTICLE = re.compile(f"^{alternation(BREADCRUMB_ARTICLE_LABELS)}$")


# A column's name, one to four characters, and a separator before a headline. What
# follows must read as a Chinese headline, hanzi in it: after a blog's or a user's name
# the page title goes on with the site's domain (海姑娘 | blog.wenxuecity.com), and that
# whole line is the headline the page names.
_SECTION_LABEL = re.compile(
    rf"^(?:[{HANZI}]{{1,4}}\s*[|>»]|首页(?:\s+[{HANZI}]{{1,4}}){{1,3}}\s)\s*(?=[^|>»。]{{8,}}$)(?=.*[{HANZI}])"
)


# A section label stands before the headline, among a page's first lines.
MAX_LABEL_LINE = 6


def _cut_section_labels(text: str) -> Cleaned:
    removed: list[Removal] = []
    # Split off only the first lines: the rest of the text stays one piece (corpus layout).
    paragraphs = text.split(PARAGRAPH_BREAK, MAX_LABEL_LINE)
    for index, paragraph in enumerate(paragraphs[:MAX_LABEL_LINE]):
        label = _SECTION_LABEL.match(paragraph)
        if label:
            removed.append(Removal("breadcrumb.section_label", label.group().strip()))
            paragraphs[index] = paragraph[label.end():]
    return Cleaned(PARAGRAPH_BREAK.join(paragraphs), tuple(removed)) if removed else Cleaned(text)


def _is_position_line(paragraph: str) -> bool:
    label = _POSITION_LABEL.match(paragraph)
    if not label or "。" in paragraph:
        return False
    # A bare 位置: also heads a venue line in a notice; without 当前/您的… it must lead
    # into a trail.
    return bool(label.group("whose") or label.group("column")) or len(_TRAIL_SEPARATOR.split(paragraph)) > 1


# What every breadcrumb holds: a position line its label (位置, 栏目), a trail its home link
# (首页, 主页, home) or its article link (正文, 内容, 详情, 阅读文章). A text without any of
# them has none, and is returned without being split.
# Two regexes: the engine scans for the hanzi ones by their first character, which it does
# not where one of them ignores case.
_MAYBE_BREADCRUMB = re.compile(r"位置|栏目|首页|主页|正文|内容|详情|阅读文章")
_MAYBE_HOME = re.compile("home", re.IGNORECASE)


@dataclass(frozen=True)
class BreadcrumbRemover(Formatter):
    name = "breadcrumb"
    # Links of a trail are short labels; the last may be the article's own, long title.
    max_link_label: int = 15

    def _is_home_trail(self, paragraph: str) -> bool:
        if "。" in paragraph or not _TRAIL_MARK.search(paragraph):
            return False
        links = [s for s in _TRAIL_SEPARATOR.split(paragraph) if s]
        if len(links) < 2:
            return False
        if not (_HOME.match(links[0]) or (len(links) >= 3 and _ARTICLE.match(links[-1]))):
            return False
        return all(len(link) <= self.max_link_label for link in links[:-1])

    def _rule(self, _index: int, paragraph: str, _paragraphs: list[str]) -> str | None:
        if _is_position_line(paragraph):
            return "breadcrumb.position"
        if self._is_home_trail(paragraph):
            return "breadcrumb.trail"
        return None

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        labels = _cut_section_labels(text)
        if not (_MAYBE_BREADCRUMB.search(labels.text) or _MAYBE_HOME.search(labels.text)):
            return labels
        trails = drop_paragraphs(labels.text, self._rule)
        return Cleaned(trails.text, labels.removed + trails.removed)
