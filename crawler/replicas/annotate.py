"""The script of hacked mirror pages (seeds 001, 004): traditional characters, each one
that differs from the simplified original followed by its reading, ``當(dāng)前``."""

from __future__ import annotations

from functools import lru_cache

import opencc
from pypinyin import Style, pinyin


@lru_cache(maxsize=1)
def _to_traditional() -> opencc.OpenCC:
    return opencc.OpenCC("s2t")


def traditional(text: str) -> str:
    return _to_traditional().convert(text)


def traditional_with_readings(text: str) -> str:
    converted = traditional(text)
    if len(converted) != len(text):  # a phrase conversion changed the length: no alignment
        return converted
    return "".join(
        t + (f"({pinyin(s, style=Style.TONE)[0][0]})" if s != t else "") for s, t in zip(text, converted)
    )
