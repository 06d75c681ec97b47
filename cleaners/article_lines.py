"""Lines inside the article block that belong to the page, not to the article's text.

CMS templates print them inside the body container: the headline the story had in the
paper it was copied from (``原标题：…``), the print-edition line (``《人民日报》（2022年02月13日
第04版）``), the tag line (``关键字：春运 客流``), the repost notice (``转自《北京科技报》``),
and runs of U+FFFD where the bytes of a line were lost.
"""

from __future__ import annotations

import re

# Longer lines are sentences that happen to start so.
_MAX_NOTICE_CHARS = 80

_NOTICES = re.compile(
    r"[(（【\[]?\s*(?:"
    r"原标题\s*[:：]"
    r"|关键字\s*[:：]"
    # 《人民日报》（2022年02月13日 第04版）, 来源：《新华日报》2022年2月13日第3版
    r"|.*(?:报|刊)》?\s*[(（]?[^。，；]*第\s*[0-9０-９一二三四五六七八九十]+\s*版\s*[)）】\]]?\s*$"
    # 转自《北京科技报》, 本文转载自微信公众号“某某发布”
    r"|(?:本文)?(?:转自|转载自|转引自|摘自)[^。，；,;]{1,40}[)）】\]]?\s*$"
    r")"
)
# A line this much U+FFFD lost its bytes: there is no text left to keep.
_MAX_LOST_SHARE = 0.5


def is_page_line(line: str) -> bool:
    """Whether a line of the article block is the page's notice, not the article's text."""
    text = line.strip()
    if not text:
        return False
    if text.count("\ufffd") > _MAX_LOST_SHARE * len(text):
        return True
    return len(text) <= _MAX_NOTICE_CHARS and _NOTICES.match(text) is not None


def without_page_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if not is_page_line(line)]
