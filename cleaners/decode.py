"""Turn page bytes into text, choosing the charset the bytes really are in.

Declarations lie on Chinese sites: "gb2312" pages hold GBK-only characters, pages saved
as UTF-8 keep their old ``<meta charset=gb2312>``, servers send ISO-8859-1 by default.
So a declaration is only a first guess that the bytes must confirm. w3lib (Scrapy's
decoder) trusts the meta tag over the bytes, which is exactly the failure described in
the benchmarks' README, hence this module.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from cleaners.mojibake import common_share, garbage_share


@dataclass(frozen=True)
class Decoded:
    text: str
    charset: str  # the codec actually used, normalised (``gb18030``, ``utf-8``)


class NotText(ValueError):
    """The bytes are not a text file: binary content, or no charset reads them."""


_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# GB2312 and GBK are subsets of GB18030; reading them as GB18030 costs nothing and saves
# the many "gb2312" pages that use GBK-only characters. The labels are Python's codec
# names plus the WHATWG Encoding Standard's GBK labels that Python does not know.
_GB_FAMILY = {"gb2312", "gbk", "cp936", "gb18030"}
_GB_LABELS_UNKNOWN_TO_PYTHON = {"x-gbk", "csgb2312", "gb_2312", "gb_2312-80", "x-euc-cn", "windows-936"}

# How far into a page the charset declaration is looked for (the HTML standard says 1024
# bytes; old Chinese pages put long comments and scripts before their <meta>).
META_SCAN_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.I)

# A declaration is believed when the text it gives has no more garbage than this.
MAX_GARBAGE_SHARE = 0.05
# The garbage is counted on a sample of the text from its first non-ASCII character on:
# a page's text is in one charset throughout. Only a sample whose share lies near the
# limit (between half and twice of it) has the whole page counted.
SAMPLE_CHARS = 8192
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def normalise_charset(label: str | None) -> str | None:
    """Python's name for a charset label, with the GB family read as GB18030; None if unknown."""
    if not label:
        return None
    label = label.strip().strip("'\"").lower()
    if label in _GB_LABELS_UNKNOWN_TO_PYTHON:
        return "gb18030"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name in _GB_FAMILY:
        return "gb18030"
    if name.startswith("utf-16"):  # a byte stream that parsed as HTML is not UTF-16 (HTML standard)
        return "utf-8"
    return name


def _bom(body: bytes) -> tuple[str, int] | None:
    for mark, charset in _BOMS:
        if body.startswith(mark):
            return charset, len(mark)
    return None


def _meta_charset(body: bytes) -> str | None:
    match = _META_CHARSET.search(body[:META_SCAN_BYTES])
    return normalise_charset(match.group(1).decode("ascii")) if match else None


def _strict(body: bytes, charset: str) -> str | None:
    try:
        return body.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return None


def _is_multibyte_utf8(body: bytes) -> bool:
    """Valid UTF-8 with non-ASCII bytes: legacy-encoded Chinese is practically never that."""
    return not body.isascii() and _strict(body, "utf-8") is not None


def _is_clean(text: str) -> bool:
    """At most ``MAX_GARBAGE_SHARE`` garbage, judged on a sample where the sample is clear."""
    first = _NON_ASCII.search(text)
    if first is None:
        return True
    sample_share = garbage_share(text[first.start() : first.start() + SAMPLE_CHARS])
    if sample_share <= MAX_GARBAGE_SHARE / 2 or sample_share > 2 * MAX_GARBAGE_SHARE:
        return sample_share <= MAX_GARBAGE_SHARE
    return garbage_share(text) <= MAX_GARBAGE_SHARE


def _least_damaged(body: bytes, charsets: list[str]) -> Decoded:
    decodings = [Decoded(body.decode(charset, errors="replace"), charset) for charset in charsets]
    return min(decodings, key=lambda decoded: decoded.text.count("\ufffd"))


def decode_html(body: bytes, http_charset: str | None = None) -> Decoded:
    """Decode a page: BOM, then valid UTF-8, then a verified declaration, then UTF-8/GB18030."""
    bom = _bom(body)
    if bom is not None:
        charset, length = bom
        return Decoded(body[length:].decode(charset, errors="replace"), charset)
    declared = normalise_charset(http_charset) or _meta_charset(body)
    if _is_multibyte_utf8(body):
        return Decoded(body.decode("utf-8"), "utf-8")
    if declared is not None:
        text = _strict(body, declared)
        if text is not None and _is_clean(text):
            return Decoded(text, declared)
    undeclared = _first_strict(body, ("utf-8", "gb18030"))
    if undeclared is not None:
        return undeclared
    candidates = [declared] if declared is not None else []
    return _least_damaged(body, candidates + ["utf-8", "gb18030"])


# Control characters other than tab, line feed, form feed and carriage return: a text file
# with more than a trace of them is binary.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
MAX_CONTROL_SHARE = 0.001
# GB18030 reads almost any bytes; what it makes of a Latin-1 file or of binary data is
# rare hanzi. GBK Chinese text is mostly frequent hanzi (over 0.9 on the seeds).
MIN_COMMON_SHARE = 0.5


def _first_strict(body: bytes, charsets: tuple[str, ...]) -> Decoded | None:
    for charset in charsets:
        text = _strict(body, charset)
        if text is not None:
            return Decoded(text, charset)
    return None


def decode_text_file(body: bytes) -> Decoded:
    """Decode a ``.txt`` input: UTF-8 (BOM or not), else clean GB18030; raise NotText otherwise."""
    bom = _bom(body)
    if bom is not None:
        charset, length = bom
        decoded = Decoded(body[length:].decode(charset, errors="replace"), charset)
    elif b"\x00" in body:
        raise NotText("NUL bytes: binary content")
    else:
        decoded = _first_strict(body, ("utf-8", "gb18030"))
        if decoded is None:
            raise NotText("neither UTF-8 nor GB18030")
    controls = len(_CONTROL.findall(decoded.text))
    if controls > MAX_CONTROL_SHARE * max(len(decoded.text), 1):
        raise NotText(f"{controls} control characters: binary content")
    if decoded.charset == "gb18030" and common_share(decoded.text) < MIN_COMMON_SHARE:
        raise NotText("reads as GB18030 only as rare characters: not Chinese text")
    return decoded
