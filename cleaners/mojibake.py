"""Repair mojibake, and measure the garbage that cannot be repaired.

Two kinds are common on Chinese sites:

* UTF-8 read as Latin-1/cp1252 (``ä¸Šæµ·`` for 上海). ftfy knows this one well; it is
  configured to fix encodings only, so it leaves correct Chinese and full-width forms alone
  (width folding is ``cleaners.width``'s job).
* UTF-8 read as GBK (``涓婃捣`` for 上海). ftfy does not handle it: it only undoes single-byte
  codecs. Encoding such a run back to GB18030 gives the original UTF-8 bytes; the repair is
  kept when those bytes are valid UTF-8 and the result reads as more common Chinese.
* GBK or Big5 bytes read as Latin-1 (``°¢ÀïÈë¾Ö``), on pages that a reader tried as UTF-8
  first and fell back to Latin-1 where that failed: a character under U+0100 stands for one
  byte, any other for its UTF-8 bytes. A line made mostly of Latin-1 letters is turned
  back into those bytes and decoded with the legacy codec that reads as more common Chinese.

What no repair brings back is dropped where it is plainly a hole: ``??`` between two hanzi
(characters a lossy encoder could not write) and U+FFFD. The text is left with the
character missing rather than with a placeholder.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Iterator

import ftfy
from ftfy.badness import BADNESS_RE

from cleaners.base import NO_HINTS, Cleaned, Formatter, Hints, Removal
from cleaners.vocabulary import HANZI, PINYIN_READING

_ENCODING_FIXES_ONLY = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)

REPLACEMENT = "\ufffd"
_REPLACEMENT_RUN = re.compile("\ufffd+")
_UTF8_DECODER = codecs.getincrementaldecoder("utf-8")
_CHINESE_OR_LOST = re.compile(r"[\u2010-\u2027\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\ufffd]+")

# A run of non-ASCII characters: GBK mojibake of UTF-8 text is made of double-byte
# characters only (every byte of a UTF-8 multi-byte sequence is >= 0x80), so the run is
# where the broken bytes are.
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
_WHITESPACE = re.compile(r"\s+")


def _misread_lead_characters(leads: range) -> str:
    """The characters a UTF-8 lead byte in ``leads`` and a continuation byte become when read as GBK."""
    return "".join(sorted({bytes([lead, continuation]).decode("gb18030") for lead in leads for continuation in range(0x80, 0xC0)}))


# The lead byte of a 3-byte sequence (0xE0-0xEF: hanzi, CJK and general punctuation) and a
# continuation byte. Two such characters in a row always hold one of them, whatever byte
# the misreading started at, while correct Chinese text rarely does (GB2312 level 2 and GBK
# extension hanzi). Looking for them first lets correct text skip the byte-level checks.
_MISREAD_LEADS = _misread_lead_characters(range(0xE0, 0xF0))
_MISREAD_LEAD = re.compile(f"[{re.escape(_MISREAD_LEADS)}]")
# Only a run that holds one, or a lost character (U+FFFD), can read better repaired: the
# first 3-byte sequence of its UTF-8 (a common hanzi or CJK mark needs one) starts a
# character of its own, as the 2- and 4-byte ones before it keep the count even; a lost
# character puts a byte back and the count out of step.
_MAY_READ_BETTER = re.compile(f"[{re.escape(_MISREAD_LEADS)}\ufffd]")
# Any lead byte (0xC2-0xF4) and a continuation byte: the GB18030 bytes of a run are UTF-8
# only if they start so (every other non-ASCII character starts with a byte no UTF-8
# sequence starts with, or is followed by one no sequence continues with). Most runs of
# correct Chinese start otherwise, and are told from mojibake without decoding them.
_STARTS_UTF8 = frozenset(_misread_lead_characters(range(0xC2, 0xF5)))
# Correct text glued to mojibake in one run is usually cut from it by its own punctuation;
# the misreading itself rarely yields these characters.
_CLAUSE_ENDS = "[，。：；！？、]"
_CJK_CLAUSE_END = re.compile(f"(?<={_CLAUSE_ENDS})")
# A run (_NON_ASCII_RUN) in which a piece that _gbk_pieces tries may start as UTF-8 does, or
# with a lost character: at the run's start, or at a clause's within it.
_MAY_START = f"[{re.escape(''.join(sorted(_STARTS_UTF8)))}\ufffd]"
_RUN_MAY_BE_UTF8 = re.compile(f"(?<![^\\x00-\\x7f])(?:{_MAY_START}|[^\\x00-\\x7f]*?{_CLAUSE_ENDS}{_MAY_START})[^\\x00-\\x7f]*")
# What Latin-1/cp1252 mojibake is made of: Latin-1, the cp1252 extras (ƒ ˆ Š Œ Ž, ‚ „ † ‡
# ‰ ‹ ‘ ’ “ ” • – — ˜ ™ › …), and U+FFFD for bytes lost. ftfy is given these runs only: on
# a line that also holds hanzi it gives up, and hanzi are never its business.
_LATIN_RUN = re.compile(r"[\x00-\u02ff\u2010-\u2122\ufffd]+")
_LATIN1_LEAD = re.compile("[\u00c2-\u00f4]")
# ftfy's badness patterns all hold one of these (Latin-1 and Latin extended, Greek and
# Cyrillic, box drawing); the regex is slow, and Chinese text seldom has any of them.
_MAYBE_LATIN_MOJIBAKE = re.compile("[\u0080-\u02ff\u0370-\u052f\u2500-\u257f]")

# A repair must make the run read this much more like common Chinese to be kept.
MIN_PLAUSIBILITY_GAIN = 0.3


def _is_common_hanzi(char: str) -> bool:
    """A frequent hanzi: in GB2312 level 1 (3,755 simplified, rows 0xB0–0xD7) or in Big5's
    frequent block (5,401 traditional, 0xA440–0xC67E). Both code pages sort by frequency."""
    try:
        gb2312 = char.encode("gb2312")
        if len(gb2312) == 2 and 0xB0 <= gb2312[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        big5 = char.encode("big5")
    except UnicodeEncodeError:
        return False
    return len(big5) == 2 and 0xA440 <= int.from_bytes(big5, "big") <= 0xC67E


def _is_cjk_punctuation(char: str) -> bool:
    code = ord(char)
    return 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x2010 <= code <= 0x2027


def common_share(text: str) -> float:
    """Share of the non-ASCII characters that are common hanzi or CJK punctuation."""
    wide = [c for c in text if ord(c) > 0x7F and c != REPLACEMENT]
    if not wide:
        return 0.0
    return sum(1 for c in wide if _is_common_hanzi(c) or _is_cjk_punctuation(c)) / len(wide)


def _strip_orphan_continuations(raw: bytes) -> bytes:
    """Drop the tail bytes of a UTF-8 sequence whose lead byte was lost (at most three)."""
    orphans = 0
    while orphans < 3 and orphans < len(raw) and 0x80 <= raw[orphans] <= 0xBF:
        orphans += 1
    return raw[orphans:]


def _undo_gbk(run: str) -> str | None:
    """The text ``run`` was before UTF-8 bytes were read as GBK, or None if its bytes are no UTF-8.

    Where the reader met a byte GBK cannot start a character with, it wrote U+FFFD and
    skipped that byte. Inside a run that byte is 0x80, the only such byte in UTF-8
    (0xFF never occurs), so it is put back when that makes valid UTF-8. Otherwise, and at
    the end of a run, U+FFFD stands for a lost character: the UTF-8 sequence it cut is
    dropped, and what follows must be valid UTF-8 again.
    """
    if run and run[0] not in _STARTS_UTF8 and run[0] != REPLACEMENT:  # its first part fails to decode
        return None
    if REPLACEMENT not in run:
        # One part: decoded whole, without an incremental decoder (slow to make), unless a
        # sequence is cut at the end, which only the loop below reads.
        try:
            return _REPLACEMENT_RUN.sub(REPLACEMENT, run.encode("gb18030").decode("utf-8"))
        except UnicodeEncodeError:
            return None
        except UnicodeDecodeError as error:
            if error.reason != "unexpected end of data":
                return None
    decoder = _UTF8_DECODER()
    texts = []
    for index, part in enumerate(run.split(REPLACEMENT)):
        try:
            raw = part.encode("gb18030")
        except UnicodeEncodeError:  # a lone surrogate: not text a reader produced
            return None
        if index > 0:
            if part:
                state = decoder.getstate()
                try:
                    texts.append(decoder.decode(b"\x80" + raw))
                    continue
                except UnicodeDecodeError:
                    decoder.setstate(state)
            decoder = _UTF8_DECODER()
            texts.append(REPLACEMENT)
            raw = _strip_orphan_continuations(raw)
        try:
            texts.append(decoder.decode(raw))
        except UnicodeDecodeError:
            return None
    if decoder.getstate()[0]:  # a sequence cut at the end: its last byte went to the next character
        texts.append(REPLACEMENT)
    return _REPLACEMENT_RUN.sub(REPLACEMENT, "".join(texts))


def _reads_better(broken: str, repaired: str) -> bool:
    return common_share(repaired) >= common_share(broken) + MIN_PLAUSIBILITY_GAIN


def _is_chinese_or_lost(text: str) -> bool:
    """All hanzi, CJK punctuation and lost characters: what a UTF-8 Chinese run gives back."""
    return _CHINESE_OR_LOST.fullmatch(text) is not None


def _is_gbk_mojibake(run: str) -> bool:
    if not _MISREAD_LEAD.search(run):
        return False
    repaired = _undo_gbk(run)
    return repaired is not None and _reads_better(run, repaired)


def _changed_span(before: str, after: str) -> str:
    """The part of ``before`` that differs from ``after``: the broken original of a repair."""
    start = 0
    while start < min(len(before), len(after)) and before[start] == after[start]:
        start += 1
    end = 0
    while end < min(len(before), len(after)) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return before[start : len(before) - end]


def _repair_latin1(line: str, removed: list[Removal]) -> str:
    def repair(match: re.Match[str]) -> str:
        run = match.group()
        # UTF-8 read as Latin-1 always shows a lead byte (0xC2-0xF4) as one of Â-ô; runs
        # without one (ASCII, curly quotes, dashes) are common and ftfy's call is not cheap.
        if not _LATIN1_LEAD.search(run):
            return run
        # ftfy judges the run without the spaces that open it: a no-break space before
        # ``Â¡`` hides the misreading from it, until layout strips the space. At the end
        # one stays: it may be the byte 0xA0 of a sequence (``Ã\xa0`` is à).
        core = run.lstrip().rstrip(" \t")
        start = run.index(core[0]) if core else 0
        fixed = ftfy.fix_text(core, _ENCODING_FIXES_ONLY)
        if fixed == core:
            return run
        removed.append(Removal("mojibake.latin1", _changed_span(core, fixed)))
        return run[:start] + fixed + run[start + len(core) :]

    return _LATIN_RUN.sub(repair, line)


def _gbk_pieces(run: str) -> list[tuple[str, str | None]]:
    """``run`` cut where needed into (piece, repaired piece or None)."""
    whole = _undo_gbk(run)
    if whole is not None:
        return [(run, whole)]
    return [(piece, _undo_gbk(piece)) for piece in _CJK_CLAUSE_END.split(run) if piece]


def _runs_holding(character: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """The spans of the runs (_NON_ASCII_RUN) that hold a ``character``: found from those
    characters, which are rare, not by reading every run."""
    end = 0
    for found in character.finditer(text):
        if found.start() < end:  # in the run before
            continue
        start = found.start()
        while start > 0 and text[start - 1] > "\x7f":
            start -= 1
        end = _NON_ASCII_RUN.match(text, found.start()).end()
        yield start, end


def _proves_misreading(pieces: list[tuple[str, str | None]]) -> bool:
    return any(repaired is not None and _reads_better(piece, repaired) for piece, repaired in pieces)


def _repair_gbk(text: str, removed: list[Removal]) -> str:
    """Undo a GBK misreading, if one run of the text proves that there was one.

    A short run (``鏈�`` for 月 and a lost byte, ``膩`` for the ā of a pinyin reading)
    does not read better by itself. A line is misread as a whole, so in a line where one
    run reads better every run whose bytes are UTF-8 is repaired. Elsewhere in the text
    a run is repaired only if it gives back Chinese: correct text is valid UTF-8 by
    chance at times (``鏈現`` is the bytes of ``本F``, ``思`` those of ``˼``), but then
    gives back no Chinese.
    """
    if not _MISREAD_LEAD.search(text):  # one look at the whole text spares most the one at each line
        return text
    lines = text.split("\n")
    # A line with no misread lead character can neither prove a misreading nor give back
    # Chinese, so its runs are not looked at; nor is a run where no piece starts as UTF-8 does.
    looked_at = [bool(_MISREAD_LEAD.search(line)) for line in lines]
    pieces_of: dict[str, list[tuple[str, str | None]]] = {}

    def pieces(run: str) -> list[tuple[str, str | None]]:
        if run not in pieces_of:
            pieces_of[run] = _gbk_pieces(run)
        return pieces_of[run]

    misread_lines = [
        looked and any(
            _proves_misreading(pieces(line[start:end])) for start, end in _runs_holding(_MAY_READ_BETTER, line)
            if _RUN_MAY_BE_UTF8.match(line, start)
        )
        for line, looked in zip(lines, looked_at)
    ]
    if not any(misread_lines):
        return text
    for index, (line, looked, misread) in enumerate(zip(lines, looked_at, misread_lines)):
        out, position = [], 0
        for match in _RUN_MAY_BE_UTF8.finditer(line) if looked else ():
            out.append(line[position : match.start()])
            for piece, repaired in pieces(match.group()):
                if repaired is None or repaired == piece or not (misread or _is_chinese_or_lost(repaired)):
                    out.append(piece)
                else:
                    removed.append(Removal("mojibake.gbk", piece))
                    out.append(repaired)
            position = match.end()
        out.append(line[position:])
        lines[index] = "".join(out)
    return "\n".join(lines)


# Legacy double-byte codecs whose bytes end up read as Latin-1.
LEGACY_CODECS = ("gb18030", "big5hkscs")
_LATIN1_HIGH = re.compile("[\u0080-\u00ff]")


def _legacy_bytes(line: str) -> bytes:
    """The bytes a Latin-1/UTF-8 mixed reading came from (see the module docstring)."""
    return b"".join(bytes([ord(c)]) if ord(c) < 0x100 else c.encode("utf-8") for c in line)


def _common_count(raw: bytes, codec: str) -> int:
    decoded = raw.decode(codec, errors="replace")
    return sum(1 for c in decoded if _is_common_hanzi(c) or _is_cjk_punctuation(c))


def _decode_in_step(raw: bytes, codec: str, window: int = 8) -> str:
    """``raw`` decoded two bytes to a character, back in step after a lost byte.

    A byte lost from a double-byte text puts every later pair out of step: each
    character is then made of the second byte of one and the first of the next, and
    reads as rare hanzi. Where dropping one byte makes the next few characters read as
    common ones, the byte is dropped (and a character lost), and decoding goes on in step.
    """
    out: list[str] = []
    start = index = 0
    while index < len(raw):
        if raw[index] < 0x80:
            index += 1
            continue
        here = _common_count(raw[index : index + window], codec)
        if here * 2 < window and _common_count(raw[index + 1 : index + 1 + window], codec) > here + 1:
            out.append(raw[start:index].decode(codec, errors="replace"))
            index += 1
            start = index
            continue
        index += 2
    out.append(raw[start:].decode(codec, errors="replace"))
    return "".join(out)


# Latin-1 letters a line needs before it is taken for legacy bytes: a few (``Â@``) read
# as a hanzi or two by chance.
MIN_LEGACY_LETTERS = 6


def _legacy_reading(line: str, min_share: float) -> str | None:
    """``line`` decoded from its legacy bytes, if it is mostly Latin-1 letters and reads better so."""
    visible = len(_WHITESPACE.sub("", line))
    letters = len(_LATIN1_HIGH.findall(line))
    if not visible or letters < MIN_LEGACY_LETTERS or letters < min_share * visible:
        return None
    raw = _legacy_bytes(line)
    codec = max(LEGACY_CODECS, key=lambda codec: common_share(raw.decode(codec, errors="replace")))
    best = _decode_in_step(raw, codec)
    return _REPLACEMENT_RUN.sub("", best) if _reads_better(line, best) else None


def _repair_line(line: str, removed: list[Removal], min_legacy_share: float) -> str:
    """Undo a Latin-1 misreading of UTF-8 (ftfy) or of legacy bytes, whichever reads better."""
    as_utf8: list[Removal] = []
    fixed = _repair_latin1(line, as_utf8)
    legacy = _legacy_reading(line, min_legacy_share)
    if legacy is not None and common_share(legacy) > common_share(fixed):
        removed.append(Removal("mojibake.legacy", line))
        return legacy
    removed.extend(as_utf8)
    return fixed


def _repair_once(text: str, removed: list[Removal], min_legacy_share: float) -> str:
    # Without a Latin-1 lead character no line has a run for ftfy: most Chinese text. The
    # tone marks of pinyin readings (當(dàng)) are Latin-1 too, and hold no misreading.
    if _LATIN1_LEAD.search(text) and _LATIN1_LEAD.search(PINYIN_READING.sub("", text)):
        text = "\n".join(_repair_line(line, removed, min_legacy_share) for line in text.split("\n"))
    return _repair_gbk(text, removed)


# ``??`` (or more) between hanzi, with at times a stray byte as a letter (``视察??h政府``):
# characters a lossy encoder could not write; ``?!`` or ``?!?`` right before a hanzi or
# digit: a closing mark and quote (。”) lost the same way, after a character or the
# reading that follows it. One ``?`` is
# left alone: after a hanzi it is as often a question mark of half-width text.
_LOST_BETWEEN_HANZI = re.compile(f"(?<=[{HANZI}])\\?{{2,}}[a-zA-Z]?(?=[{HANZI}])|\\?!\\??(?=[{HANZI}\\d])")


def _drop_holes(text: str, removed: list[Removal]) -> str:
    def drop(match: re.Match[str]) -> str:
        removed.append(Removal("mojibake.lost", match.group()))
        return ""

    return _LOST_BETWEEN_HANZI.sub(drop, text) if "??" in text or "?!" in text else text


@dataclass(frozen=True)
class MojibakeRepairer(Formatter):
    """Repairs Latin-1 and GBK misreadings of UTF-8; records each broken original."""

    name = "mojibake"
    # Text misread twice needs two repairs, and ftfy does not always finish in one call.
    max_rounds: int = 4
    # Share of a line's visible characters that must be Latin-1 letters (U+0080-U+00FF)
    # before it is taken for legacy bytes: Chinese text quoting a French name has a few.
    min_legacy_share: float = 0.3

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        removed: list[Removal] = []
        repaired = text
        for _ in range(self.max_rounds):
            before = repaired
            repaired = _repair_once(before, removed, self.min_legacy_share)
            if repaired == before:
                break
        repaired = _drop_holes(repaired, removed)
        if not removed:
            return Cleaned(text)
        return Cleaned(repaired, tuple(removed))


# What no repair brings back: U+FFFD; 锟斤拷, U+FFFD's UTF-8 bytes read as GBK; 烫烫/屯屯,
# uninitialised memory (0xCC/0xCD fill) printed as GBK; runs of ?, characters a lossy
# encoder could not write.
_GARBAGE = re.compile("\ufffd+|(?:锟斤拷)+|烫{3,}|屯{3,}|\\?{3,}")
# The shortest text each alternative of _GARBAGE matches: it matches where one of them is in.
_GARBAGE_CORES = ("\ufffd", "锟斤拷", "烫烫烫", "屯屯屯", "???")
# A character of one of the cores but ???, of _MAYBE_LATIN_MOJIBAKE or of _MISREAD_LEAD: a
# text with none and no ??? has no garbage, which one scan tells instead of several.
_MAY_HOLD_GARBAGE = re.compile(f"[\ufffd锟烫屯{_MAYBE_LATIN_MOJIBAKE.pattern[1:-1]}{re.escape(_MISREAD_LEADS)}]")


def garbage_share(text: str) -> float:
    """Share of the visible characters that are garbage: unrepairable, or mojibake left in."""
    if "???" not in text and not _MAY_HOLD_GARBAGE.search(text):
        return 0.0
    # The alternation is tried at every position; most texts hold none of its cores (a
    # substring test is far cheaper than the regex over the whole text).
    spans = [m.span() for m in _GARBAGE.finditer(text)] if any(core in text for core in _GARBAGE_CORES) else []
    if _MAYBE_LATIN_MOJIBAKE.search(text):
        spans += [m.span() for m in BADNESS_RE.finditer(text)]
    # No run without a misread lead is a GBK misreading (_is_gbk_mojibake).
    spans += [(start, end) for start, end in _runs_holding(_MISREAD_LEAD, text) if _is_gbk_mojibake(text[start:end])]
    if not spans:
        return 0.0
    visible = len(_WHITESPACE.sub("", text))  # counted only for a text with garbage: most have none
    if not visible:
        return 0.0
    garbage = 0
    covered = 0  # spans overlap: count each character once
    for start, end in sorted(spans):
        start = max(start, covered)
        if start < end:
            garbage += len(_WHITESPACE.sub("", text[start:end]))
            covered = end
    return garbage / visible
