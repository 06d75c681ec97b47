"""The shapes of Chinese text that many cleaners recognise, each defined once.

Line cleaners see text after the width fold (half-width ASCII punctuation) and after
conversion to Simplified; the forms below are written for that text unless they say
otherwise.
"""

from __future__ import annotations

import re

# Hanzi: CJK Unified Ideographs, Extension A and the compatibility ideographs. Other
# extensions lie outside the BMP and do not occur in news text.
HANZI = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK = re.compile(f"[{HANZI}]")
CJK_RUN = re.compile(f"[{HANZI}]+")

# Marks that end a sentence, as the line cleaners see them.
SENTENCE_MARKS = "。!?;…"
# Their full-width twins, in text the width fold has not reached (extraction, tests).
FULL_WIDTH_SENTENCE_MARKS = "！？；"
# Quotes and brackets that close after a sentence mark (…说:“好。”).
CLOSING_MARKS = "”’」』)]"
# Clause marks inside a sentence, half- and full-width.
CLAUSE_MARKS = ",，、;；"

# Characters that join a title to the site or channel name after it
# (标题-信息快讯网, 标题_新闻中心_新浪网, 标题 | 上观新闻); doubled dashes (——, --) too.
TITLE_SEPARATORS = "—–-_|"
TITLE_SEPARATOR = re.compile(rf"\s*(?:——|--|[{re.escape(TITLE_SEPARATORS)}])\s*")

# Dates as metadata lines write them: 2023-04-24, 2023/4/24, 2023.04.24, 2023年4月24日,
# optionally followed by a time.
DATE = re.compile(
    r"(?P<year>(?:19|20)\d\d)\s*(?:(?P<sep>[-/.])|年)\s*(?P<month>\d{1,2})\s*(?:(?P=sep)|月)"
    r"\s*(?P<day>\d{1,2})(?![\d])\s*日?"
    r"(?:\s*(?P<hour>\d{1,2})[:时](?P<minute>\d{2})(?:[:分](?P<second>\d{2}))?)?"
)
# The page-stamp form only (2023-04-24), which prose never uses.
NUMERIC_DATE = re.compile(r"(?:19|20)\d\d([-/.])\d{1,2}\1\d{1,2}(?!\d)")

# Pinyin letters with their tone marks, and one parenthesised reading as content farms
# write it after a character (當(dāng)): letters, an optional tone number. Full-width
# brackets too: the width fold may not have run yet.
TONE_MARKED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêńňǹḿ"
PINYIN_READING = re.compile(rf"[(（]\s*[a-zA-Z{TONE_MARKED}]{{1,7}}[1-5]?\s*[)）]")
