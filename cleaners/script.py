"""Convert Traditional Chinese to Simplified with OpenCC (``t2s``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import opencc

from cleaners.base import NO_HINTS, Cleaned, Formatter, Hints


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    # Loading the dictionaries takes a while; one converter serves the whole process.
    return opencc.OpenCC("t2s")


def to_simplified(text: str, hints: Hints = NO_HINTS) -> Cleaned:
    """Simplified text; nothing is removed, the pipeline notices the change by comparing."""
    return Cleaned(_converter().convert(text))


@dataclass(frozen=True)
class SimplifiedConverter(Formatter):
    name = "script"

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        return to_simplified(text, hints)
