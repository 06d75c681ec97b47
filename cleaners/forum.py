"""Forum chrome: the user cards, counters and buttons a forum prints around a post.

Discuz and its kin print the same furniture on every forum that runs them: a member's
rank (``荣誉会员``), the user card's counters (``帖子 1234 积分 5678``), the post's stamp
(``发表于 2018-3-28 10:23``), its buttons (``只看该作者``, ``电梯直达``), the viewers line
(``(1人在浏览)``) and the edit note (``本帖最后由 admin 于 2018-3-28 10:23 编辑``). Each is a
short line that is no sentence; the edit note is cut out of the post it opens. A thread's
page heads its title with a label (``主题: 【太行山上】…``): the label is cut off the
title, the first paragraph only (in a notice's body ``主题:`` names a meeting's theme).
Discuz's random anti-copy strings are ``page_chrome.InlineJunkRemover``'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import (
    NO_HINTS, PARAGRAPH_BREAK, Cleaned, Formatter, Hints, Removal, drop_paragraphs, join_paragraphs, split_paragraphs,
)
from cleaners.phrases import FORUM_BUTTONS, FORUM_CARD_FIELDS, FORUM_RANKS, alternation
from cleaners.vocabulary import SENTENCE_MARKS

_RANK = re.compile(alternation(FORUM_RANKS))
_CARD_FIELD = re.compile(alternation(FORUM_CARD_FIELDS) + r"\s*:?\s*[\d.]+")
_BUTTON = re.compile(alternation(FORUM_BUTTONS))
_VIEWERS = re.compile(r"[(（]\s*\d+\s*人在(?:浏览|线)\s*[)）]|查看\s*:\s*\d+\s*\|?\s*回复\s*:\s*\d+")
_EDIT_NOTE = re.compile(r"本帖最后由\s*\S{1,30}\s*于\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*编辑\s*")
_SENTENCE_MARK = re.compile(f"[{SENTENCE_MARKS}]")
# The label before a thread's title, and a title after it (no sentence).
_TITLE_LABEL = re.compile(f"^(?:主题|标题)\\s*:\\s*(?=[^{SENTENCE_MARKS}]+$)")
# What a forum page shows at least one of (the viewers line, the edit note, a rank, a
# post's buttons, a user card's counters); most texts are no forum pages and are
# returned unsplit. A short alternation: each phrase more costs a scan of the text.
_MAYBE_FORUM = re.compile(r"人在(?:浏览|线)|查看\s*:|本帖最后由|会员|版主|管理员|新手上路|论坛元老|只看|电梯直达|使用道具|积分|帖子|楼主|发表于")


@dataclass(frozen=True)
class ForumChromeRemover(Formatter):
    name = "forum"
    max_line: int = 40
    # Counters a line must stack to be a user card (帖子 12 积分 34): one is a sentence's.
    min_card_fields: int = 2

    def _rule(self, _index: int, paragraph: str, _paragraphs: list[str]) -> str | None:
        if _VIEWERS.search(paragraph) and len(paragraph) <= self.max_line:
            return "forum.viewers"
        if len(paragraph) > self.max_line or _SENTENCE_MARK.search(paragraph) or "," in paragraph:
            return None
        if len(_CARD_FIELD.findall(paragraph)) >= self.min_card_fields:
            return "forum.user_card"
        if _RANK.search(paragraph) or _BUTTON.search(paragraph):
            return "forum.chrome"
        return None

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        title, separator, rest = text.partition(PARAGRAPH_BREAK)
        label = _TITLE_LABEL.match(title)
        if label:
            text = title[label.end():] + separator + rest
        labels = (Removal("forum.title_label", label.group().strip()),) if label else ()
        if not _MAYBE_FORUM.search(text):
            return Cleaned(text, labels)
        notes: list[Removal] = list(labels)
        paragraphs = []
        for paragraph in split_paragraphs(text):
            for note in _EDIT_NOTE.findall(paragraph):
                notes.append(Removal("forum.edit_note", note.strip()))
            paragraphs.append(_EDIT_NOTE.sub("", paragraph).strip())
        lines = drop_paragraphs(join_paragraphs(p for p in paragraphs if p), self._rule)
        return Cleaned(lines.text, tuple(notes) + lines.removed) if notes or lines.removed else Cleaned(text)
