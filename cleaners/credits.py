"""Credits: who photographed, wrote, edited or checked the article.

Policy (CORPUS.md allows either way; this is the one the corpus follows): labelled credits
go, unlabelled names stay. A short line that opens with a credit label (``编辑:叶松亭``,
``责任编辑:王小明``, ``图:陈正宝 摄``, ``(本文图片 陈正宝 摄)``, ``审核:…``, ``文/…``,
``本报记者 葛灵丹``) or that names a photographer (``陈正宝 摄``) is removed, and so is a
bracketed credit closing a body paragraph (``…参加调研。(编辑:张三)``). A bare byline
with no label, such as the ``曹飞`` that closes seed 002, is kept: nothing in its form
says it is a credit rather than a one-word line of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import NO_HINTS, Cleaned, Formatter, Hints, Removal, drop_paragraphs, join_paragraphs, split_paragraphs
from cleaners.phrases import CREDIT_LABEL_PREFIXES, CREDIT_LABELS, alternation
from cleaners.vocabulary import HANZI

_LABEL = alternation(CREDIT_LABEL_PREFIXES) + "?" + alternation(CREDIT_LABELS)
_OPEN = r"[(\[【]?\s*"
_CLOSE = r"\s*[)\]】]?"

_NAME = rf"[{HANZI}·]{{2,5}}"
# A label, or an agency's reporter (新华社记者), before names.
_NAMED_BY = rf"(?:{_LABEL}|[{HANZI}]{{0,6}}(?:记者|通讯员))"

# 编辑:叶松亭, 文/张三, (本文图片 陈正宝 摄), 本报记者 葛灵丹, 新华社记者 李学仁 摄.
# Without a colon the line holds names only, and a caption that ends in a credit
# (这次生育对小李的身体影响很大 本报记者 惠禾 摄) is the article's text. No clause
# punctuation either: an interview's ``记者:您怎么看?`` is a line of the article.
_CREDIT_LINE = re.compile(
    rf"^{_OPEN}(?:{_LABEL}\s*[:/|]\s*[^。,?!]*"
    rf"|(?:{_NAMED_BY}\s*)?(?:{_NAME}\s+){{1,3}}摄影?"
    rf"|{_NAMED_BY}\s+{_NAME}(?:\s+{_NAME}){{0,3}}){_CLOSE}$"
)
# A photo credit without a name's spaces (巴士的报记者摄, 新华社记者王鹏摄).
_PHOTO_CREDIT = re.compile(rf"^{_OPEN}[^。,!?\s]{{0,16}}(?:记者|通讯员|摄影师)[^。,!?]{{0,8}}摄影?{_CLOSE}$")
_BRACKETED_CREDIT = rf"[(\[【]\s*{_LABEL}\s*[:/]\s*[^()\[\]【】。]{{1,24}}[)\]】]"
_TRAILING_CREDIT = re.compile(rf"\s*{_BRACKETED_CREDIT}$")
# The same without its place at the end: a paragraph that ends with a credit holds one,
# and so does the text it is part of.
_ANY_BRACKETED_CREDIT = re.compile(_BRACKETED_CREDIT)
# A credit line that names who wrote the article, rather than who edited or photographed it.
_WRITER = re.compile(rf"^{_OPEN}(?:本报|本版)?(?:作者|撰稿|文字|文\s*[:/])|记者|通讯员")


def _strip_trailing_credit(paragraph: str) -> tuple[str, Removal | None]:
    # The credit ends with its closing bracket, at the end or before a final newline ($).
    if not paragraph.removesuffix("\n").endswith((")", "]", "】")):
        return paragraph, None
    found = _TRAILING_CREDIT.search(paragraph)
    if not found or found.start() == 0:
        return paragraph, None
    return paragraph[: found.start()], Removal("credits.trailing", found.group().strip())


@dataclass(frozen=True)
class CreditRemover(Formatter):
    """Removes credit lines and trailing bracketed credits; finds the first line that
    credits a writer, as the ``byline``."""

    name = "credits"
    max_line: int = 40

    def judges_paragraphs_alone(self, hints: Hints) -> bool:
        # A paragraph that ends with a bracketed credit holds one, and so does its text.
        return True

    def _rule(self, _index: int, paragraph: str, _paragraphs: list[str]) -> str | None:
        if len(paragraph) <= self.max_line and (
            _CREDIT_LINE.match(paragraph) or ("摄" in paragraph and _PHOTO_CREDIT.match(paragraph))
        ):
            return "credits.line"
        return None

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        lines = drop_paragraphs(text, self._rule)
        bylines = [r.text for r in lines.removed if _WRITER.search(r.text)]
        found = {"byline": bylines[0]} if bylines else {}
        # Without a bracketed credit anywhere there is no trailing one to strip.
        if not _ANY_BRACKETED_CREDIT.search(lines.text):
            return Cleaned(lines.text, lines.removed, found)
        kept: list[str] = []
        removed = list(lines.removed)
        for paragraph in split_paragraphs(lines.text):
            paragraph, removal = _strip_trailing_credit(paragraph)
            kept.append(paragraph)
            if removal:
                removed.append(removal)
        if len(removed) == len(lines.removed):
            return Cleaned(lines.text, lines.removed, found)
        return Cleaned(join_paragraphs(kept), tuple(removed), found)
