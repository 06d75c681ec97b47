"""Drop pinyin readings that some sites print after characters: ``當(dāng)前`` → ``當前``.

Such pages annotate traditional text, so this runs before conversion to Simplified;
pypinyin knows the readings of traditional characters too. A parenthesised syllable is
dropped only where it is a reading of the character before it, so ``(AI)``, ``(2023)``,
``(上海)`` and a syllable that belongs to no neighbour survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from pypinyin import Style, pinyin

from cleaners.base import NO_HINTS, Cleaned, Formatter, Hints, Removal, join_paragraphs, split_paragraphs
from cleaners.vocabulary import HANZI, PINYIN_READING, TONE_MARKED

# One parenthesised syllable after a hanzi: letters (tone-marked or plain), an optional
# tone number. Full-width brackets too: the width fold may run later. The match is the
# reading, its hanzi the character before it: a regex that starts at the bracket is tried
# at brackets only, one that starts at the hanzi at nearly every character of the text.
_ANNOTATION = re.compile(
    rf"[(（](?<=[{HANZI}][(（])\s*(?P<syllable>[a-zA-Z{TONE_MARKED}]{{1,7}}[1-5]?)\s*[)）]"
)


@lru_cache(maxsize=4096)
def _readings(char: str) -> frozenset[str]:
    """Every way to write a reading of ``char``: tone marks, tone numbers, no tones."""
    forms: set[str] = set()
    for style in (Style.TONE, Style.TONE3, Style.NORMAL):
        for reading in pinyin(char, style=style, heteronym=True)[0]:
            forms.add(reading)
            forms.add(reading.replace("v", "ü"))
    forms.discard(char)  # pypinyin echoes characters it has no reading for
    return frozenset(forms)


@lru_cache(maxsize=16384)  # a page annotates the same few hundred characters again and again
def _is_reading_of(char: str, syllable: str) -> bool:
    # Annotations are lower case; "(AI)" after 爱 is an abbreviation, not a reading.
    if syllable != syllable.lower():
        return False
    return syllable.replace("v", "ü") in _readings(char)


_TONE_LETTER = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# Symbols no Chinese sentence puts between its characters: Latin-1 signs but the middle
# dot of names (© ¶ £ ¥ ± ×), Greek, €, ™, arrows, maths, stars and suits, dingbats.
_GARBAGE_SYMBOLS = (
    "\u00a1-\u00b6\u00b8-\u00bf\u00d7\u00f7\u0370-\u03ff\u20ac\u2122\u2190-\u22ff\u2600-\u27bf"
)
# ASCII signs are garbage only squeezed between two characters (主义&€思想); not the
# separators of a breadcrumb or a menu (首页 > 新闻中心, 要闻 | 国内).
_ASCII_GARBAGE_SIGN = re.compile(r"[$&^~`@#*+=\\]")
_ASCII_GARBAGE = re.compile(rf"(?<=[{HANZI}])\s*{_ASCII_GARBAGE_SIGN.pattern}+\s*(?=[{HANZI}])")
_ANY_TONE_LETTER = re.compile(f"[{_TONE_LETTER}]")
_LOST_CHARACTER = re.compile(rf"\?[a-z{_TONE_LETTER}]{{1,7}}[1-5]?\)")
_CORRUPT_READING = re.compile(
    rf"[(（](?=[^()（）{HANZI}]*[{_TONE_LETTER}])(?=[^()（）{HANZI}]*[{_GARBAGE_SYMBOLS}])[^()（）{HANZI}]{{1,24}}[)）]"
)
_GARBAGE_SYMBOL = re.compile(f"[{_GARBAGE_SYMBOLS}]")
_GARBAGE = re.compile(rf"\s*•?{_GARBAGE_SYMBOL.pattern}+")


def _drop_corruption(text: str, removed: list[Removal]) -> str:
    def drop(rule: str) -> Callable[[re.Match[str]], str]:
        def replace(match: re.Match[str]) -> str:
            removed.append(Removal(rule, match.group()))
            return ""

        return replace

    if not _ANY_TONE_LETTER.search(text):  # every corrupted reading keeps a tone mark
        return text
    text = _LOST_CHARACTER.sub(drop("pinyin.lost_character"), text)
    # The regexes that open with a space or a look-around are tried at every position (every
    # bracket): a text without the symbol they need is spared them.
    if not _GARBAGE_SYMBOL.search(text):
        return text
    return _CORRUPT_READING.sub(drop("pinyin.corrupt_reading"), text)


def _drop_garbage(text: str, removed: list[Removal]) -> str:
    def drop(match: re.Match[str]) -> str:
        removed.append(Removal("pinyin.garbage", match.group()))
        return ""

    if _GARBAGE_SYMBOL.search(text):  # see _drop_corruption
        text = _GARBAGE.sub(drop, text)
    return _ASCII_GARBAGE.sub(drop, text) if _ASCII_GARBAGE_SIGN.search(text) else text


@dataclass(frozen=True)
class PinyinAnnotationRemover(Formatter):
    """Drops each parenthesised syllable that reads the character before it."""

    name = "pinyin"
    # Readings a text must carry before symbols between its characters count as garbage.
    min_readings_for_garbage: int = 3

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        removed: list[Removal] = []
        if ")" in text or "）" in text:
            text = _drop_corruption(text, removed)
        # Every annotation holds a reading; a text without one keeps its characters.
        if not PINYIN_READING.search(text):  # its bracket lets the regex engine skip ahead
            return Cleaned(join_paragraphs(p.strip() for p in split_paragraphs(text)) if removed else text, tuple(removed))
        corrupt = len(removed)

        def drop(match: re.Match[str]) -> str:
            reading = match.group()
            if not _is_reading_of(match.string[match.start() - 1], match.group("syllable")):
                return reading
            removed.append(Removal("pinyin.reading", reading))
            return ""

        cleaned = text
        # A doubled reading (``當(dāng)(dāng)``) comes off in a second pass, and one that
        # garbage cut off its character (``文•(wén)``) once the garbage is gone.
        garbage_dropped = False
        while True:
            found = len(removed)
            cleaned = _ANNOTATION.sub(drop, cleaned)
            # Only a page that carries readings, damaged or whole, has their garbage:
            # elsewhere an arrow or a Greek letter is the text's own.
            if not garbage_dropped and (corrupt or len(removed) >= self.min_readings_for_garbage):
                cleaned = _drop_garbage(cleaned, removed)
                garbage_dropped = True
            if len(removed) == found:
                break
        if garbage_dropped:  # a line of nothing but garbage is gone, and so is its paragraph
            cleaned = join_paragraphs(p.strip() for p in split_paragraphs(cleaned) if p.strip())
        return Cleaned(cleaned, tuple(removed))
