"""Metadata lines: where and when the article was published and how often it was read.

Three shapes, each a short line that is not a sentence (it holds no 。):

- labelled fields: ``来源: 发布时间:2023-04-24 浏览次数:275``, ``【字体:大 中 小】``,
  ``作者:… 时间:…``. Publisher labels (来源, 发布时间, 浏览次数…) mark a line on their own;
  the weaker 时间/日期/作者 only together with another field or a page-stamp date
  (``2023-05-01``), because a notice writes ``时间:2023年5月1日上午9时`` in its body.
- a dated line: a date with a site name or a time (``2018-11-02信息快讯网``,
  ``2021-08-31 中国徐州网-徐州日报``). A lone ``2023年4月24日`` is the signing date of a
  notice and stays.
- a relative time: ``admin3个月前 (09-18)绿巨人快讯47``.
- a newspaper's edition line: ``《工人日报》(2013年09月11日 03版)``.
- a length stamp: ``本文共1003字``, ``全文约2000字``, ``阅读时间约5分钟``.
- a government notice's information table: ``索 引 号: 113306…/2017-84094 主题分类: 其他``.

A stamp glued to the start of a body paragraph (``date 2026-03-05 国务院…``), a source named
between its sentences (``…推进。 来源:中央电视台网络 中央台…``) and a summary's label
(``摘要:``) are cut out of it; the summary itself is text.

A dateline that opens a body paragraph (``本报讯 …``, ``新华社北京8月30日电 …``) is a
sentence and stays. Editor and photo credits (编辑:, 摄影:) are left to ``credits``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import NO_HINTS, Cleaned, Formatter, Hints, Removal, drop_paragraphs, join_paragraphs, split_paragraphs
from cleaners.dates import parse_date
from cleaners.patterns import is_site_name_line, looks_like_site_name
from cleaners.phrases import NOTICE_TABLE_FIELDS, literal_finder
from cleaners.vocabulary import DATE, NUMERIC_DATE

# Where a field label may start: the line start, or after a space, bracket or separator.
_BOUNDARY = r"(?:^|(?<=[\s|/,\[【(\d?]))"  # ? too: a character lost before the label

_PUBLISHER_FIELD = re.compile(
    _BOUNDARY
    + r"(?:(?:文章|信息|新闻|本文|稿件)?来源|稿源|发布(?:时间|日期|者|人|单位|机构)|发表(?:时间|日期)|"
    r"更新(?:时间|日期)|录入(?:时间|者)|浏览(?:次数|量)?|阅读(?:次数|数|量)?|点击(?:数|量|率)?|"
    r"访问(?:次数|量)|人气|字号|字体|标签|[Tt]ags|TAGS|关键词|关键字)\s*[:|]"
    # counters written without a colon: 阅读 1234, 浏览(275)
    r"|" + _BOUNDARY + r"(?:浏览|阅读|点击|访问)(?:次数|数|量)?\s*[(]?\s*\d+\s*次?"
    r"|(?:字号|字体)\s*[:]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中"
)
# A word each alternative above needs: a quick look before the slow search (its look-behind
# keeps the regex engine from scanning for literals).
_MAYBE_PUBLISHER_FIELD = literal_finder((
    "来源", "稿源", "发布", "发表", "更新", "录入", "浏览", "阅读", "点击", "访问", "人气", "字号", "字体", "标签",
    "Tags", "tags", "TAGS", "关键词", "关键字",
))
# 索引号 and its kin, with or without spaces between the characters (索 引 号).
_NOTICE_TABLE_FIELD = re.compile(
    _BOUNDARY + "(?:" + "|".join(r"\s?".join(map(re.escape, f)) for f in NOTICE_TABLE_FIELDS) + r")\s*:"
)
_MAYBE_NOTICE_TABLE = literal_finder(
    variant for field in NOTICE_TABLE_FIELDS for variant in (field, " ".join(field))
)
_EDITION = re.compile(
    r"^《[^》]{2,16}》\s*[(（]?\s*" + DATE.pattern + r"\s*(?:第?\s*[A-Z]?\d{1,3}\s*版)?\s*[)）]?$"
)
_LENGTH_STAMP = re.compile(r"^(?:本文|全文)?(?:共|约)\s*[\d,]+\s*字|^(?:预计)?阅读(?:时间|需要|时长)?\s*(?:约|大约)?\s*\d+\s*分钟")
# A page stamp glued to a paragraph of body, as some templates print it.
_STAMP_PREFIX = re.compile(
    r"^(?:date|time|posted|published|updated|发布于|更新于)\s*:?\s*(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+",
    re.IGNORECASE,
)
# A source named between two sentences of a paragraph (…稳步推进。 来源:中央电视台网络 中央台…).
_INLINE_SOURCE = re.compile(r"(?<=[。!?])\s*来源\s*:\s*[^\s。,]{2,20}\s+")
# The label of a summary block (摘要:, 内容摘要:): the summary itself is text.
_SUMMARY_LABEL = re.compile(r"^(?:内容)?摘\s?要\s*:\s*")
# A look for all three before each paragraph is read: a paragraph that opens with a stamp
# or a label (at the start of the text, or after a newline), or a source after a sentence.
# Three regexes the engine scans for by their first character, as one that ignores case
# and starts with ^ it is not.
_LINE_OPENING = r"(?:date|time|posted|published|updated|发布于|更新于|内容摘|摘\s?要)"
_OPENING_STAMP = re.compile(_LINE_OPENING, re.IGNORECASE)
_LATER_OPENING_STAMP = re.compile("\n" + _LINE_OPENING, re.IGNORECASE)
_SOURCE_AFTER_SENTENCE = re.compile(r"[。!?]\s*来源\s*:")
_WEAK_FIELD = re.compile(_BOUNDARY + r"(?:时间|日期|作者)\s*:")
_MAYBE_WEAK_FIELD = literal_finder(("时间", "日期", "作者"))
_ANY_FIELD = re.compile(
    _BOUNDARY + r"(?:时间|日期|作者|编辑|责任编辑|责编|记者|通讯员|摄影|审核|校对|供稿|撰稿)\s*:"
)
_WEEKDAY = re.compile(r"^(?:星期|周|礼拜)[一二三四五六日天]$")
# 04-24 10:30: a stamp without the year, as list pages print it.
_YEARLESS_STAMP = re.compile(r"^\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?$")
_RELATIVE_TIME = re.compile(r"\d+\s*(?:秒|分钟|小时|天|周|个月|年)前")
# What else a stamp line carries: a short date (09-18) or a trailing counter (…快讯47).
_STAMP_COMPANION = re.compile(r"\d{1,2}-\d{1,2}|\d+$")
_CLAUSE_PUNCTUATION = re.compile(r"[,。!?;]")


def _has_fields(line: str) -> bool:
    if (_MAYBE_PUBLISHER_FIELD.search(line) and _PUBLISHER_FIELD.search(line)) or (
        ":" in line and _MAYBE_NOTICE_TABLE.search(line) and _NOTICE_TABLE_FIELD.search(line)
    ):
        return True
    if not (_MAYBE_WEAK_FIELD.search(line) and _WEAK_FIELD.search(line)):
        return False
    return len(_ANY_FIELD.findall(line)) >= 2 or bool(NUMERIC_DATE.search(line))


def _cut_inline_stamps(text: str) -> tuple[str, tuple[Removal, ...]]:
    """Stamps, sources and summary labels glued to a paragraph of text, cut off it."""
    if not (_OPENING_STAMP.match(text) or _LATER_OPENING_STAMP.search(text) or _SOURCE_AFTER_SENTENCE.search(text)):
        return text, ()
    cut: list[Removal] = []
    paragraphs = []
    for paragraph in split_paragraphs(text):
        for rule, pattern in (("metadata.stamp_prefix", _STAMP_PREFIX), ("metadata.summary_label", _SUMMARY_LABEL)):
            found = pattern.match(paragraph)
            if found and found.end() < len(paragraph):
                cut.append(Removal(rule, found.group().strip()))
                paragraph = paragraph[found.end():]
        for found in _INLINE_SOURCE.findall(paragraph):
            cut.append(Removal("metadata.inline_source", found.strip()))
        paragraph = _INLINE_SOURCE.sub("", paragraph)
        paragraphs.append(paragraph)
    return (join_paragraphs(paragraphs), tuple(cut)) if cut else (text, ())


@dataclass(frozen=True)
class MetadataLineRemover(Formatter):
    """Removes metadata lines; finds the date of the first one that carries a date, as
    ``published`` (ISO ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM[:SS]`` when the line gives a time)."""

    name = "metadata"
    max_fields_line: int = 200
    # Longer lines are prose, whatever date they hold.
    max_dated_line: int = 60
    # A relative time this short is a stamp by itself (3天前); a longer one needs companions.
    max_bare_stamp: int = 12

    def judges_paragraphs_alone(self, hints: Hints) -> bool:
        # Each line is judged, and cut, alone; the quick look at the whole text (_LINE_OPENING…)
        # finds the stamp, label or source of a paragraph as it does in the paragraph alone:
        # in corpus layout a paragraph starts a line.
        return True

    def _is_dated_line(self, line: str) -> bool:
        if _YEARLESS_STAMP.match(line):
            return True
        if len(line) > self.max_dated_line:  # checked first: no date search on a long line
            return False
        found = DATE.search(line)
        # A line that ends in a period is a reference (中国报. 2013-09-09.), not a stamp.
        if not found or _CLAUSE_PUNCTUATION.search(line) or line.endswith("."):
            return False
        if found.group("sep"):  # 2023-04-24: the form of a page stamp, never of prose
            return True
        # 2023年05月06日 10:30, 2023年05月06日 星期六, 2021年08月31日 中国徐州网; not a table row
        # (2018年11月23日 大韩民国 首尔站) nor a date range (2019年7月6-7日).
        tail = line[found.end():]
        stamped = bool(found.group("hour")) or (
            tail[:1].isspace() and (bool(_WEEKDAY.match(tail.strip())) or looks_like_site_name(tail))
        )
        return found.start() == 0 and "日" in found.group() and stamped

    def _is_relative_time_line(self, line: str) -> bool:
        """``admin3个月前 (09-18)绿巨人快讯47``, ``发布于 2小时前``; not a subheading such as
        ``30年前的约定``, which has neither the brevity nor the companions of a stamp."""
        if len(line) > self.max_dated_line or _CLAUSE_PUNCTUATION.search(line) or not _RELATIVE_TIME.search(line):
            return False
        return len(line) <= self.max_bare_stamp or bool(_STAMP_COMPANION.search(line))

    def _rule(self, line: str) -> str | None:
        if "。" in line:
            return None
        if len(line) <= self.max_fields_line and _has_fields(line):
            return "metadata.fields"
        if self._is_dated_line(line):
            return "metadata.dated_line"
        if self._is_relative_time_line(line):
            return "metadata.relative_time"
        if len(line) <= self.max_dated_line and (
            (line.startswith("《") and _EDITION.match(line)) or (("字" in line or "分钟" in line) and _LENGTH_STAMP.match(line))
        ):
            return "metadata.stamp"
        return None

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        def rule(_index: int, line: str, _lines: list[str]) -> str | None:
            # A line that is nothing but the site's name (信息快讯网) is a masthead stamp.
            if hints.site_names and is_site_name_line(line, hints.site_names):
                return "metadata.site_name"
            return self._rule(line)

        text, cut = _cut_inline_stamps(text)
        lines = drop_paragraphs(text, rule)
        lines = Cleaned(lines.text, cut + lines.removed)
        # Any line the metadata rules recognise may carry the date, whichever rule took it.
        stamps = (r.text.strip() for r in lines.removed[len(cut):])
        dates = (parse_date(line) for line in stamps if self._rule(line) is not None)
        published = next(filter(None, dates), None)
        return Cleaned(lines.text, lines.removed, {"published": published} if published else {})
