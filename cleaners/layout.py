"""Put a text into corpus layout: one paragraph per line, one blank line between them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import NO_HINTS, Cleaned, Formatter, Hints, join_paragraphs

# \r\n and lone \r (old Mac pages), plus the Unicode line and paragraph separators that
# some CMSs emit instead of <br>.
_LINE_END_CHARACTERS = "\r\u2028\u2029\x0b\x0c\x85"
_LINE_END = re.compile(rf"\r\n|[{_LINE_END_CHARACTERS}]")
# Runs of two or more, and tabs: a single space would be replaced by itself.
_SPACE_RUN = re.compile(r"[ \t][ \t]+|\t")


@dataclass(frozen=True)
class LineLayout(Formatter):
    """Every non-empty line becomes its own paragraph; runs of spaces and tabs shrink to one.

    Only layout changes, so there are no removals.
    """

    name = "layout"

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        # A run of spaces and tabs never holds a newline, so shrinking them in the whole
        # text is shrinking them line by line.
        # Most texts hold neither: a look for a character is much faster than either regex.
        if any(char in text for char in _LINE_END_CHARACTERS):
            text = _LINE_END.sub("\n", text)
        if "\t" in text or "  " in text:
            text = _SPACE_RUN.sub(" ", text)
        lines = map(str.strip, text.split("\n"))
        return Cleaned(join_paragraphs(filter(None, lines)))
