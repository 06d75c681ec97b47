"""A line's shape as numbers, for a trained line classifier (issue #8, docs/line-classifier.md).

The rules recognise noise by wording (phrase lists) and by a few shapes each; this module
describes every line by the shapes alone, so that a model learnt on some sites can judge
lines of sites it never saw: how long it is, how much of it is hanzi, whether it ends like
a sentence, how many separators (``|``, ``>``, ``»``, ``·``) it has, whether it is mostly
links or numbers, whether it holds a telephone number, an e-mail address or an ICP
number, where it sits in the text, how much it shares with the headline, and whether
its neighbours look the same (noise comes in runs: a footer, a menu, a list of links).

Lines are paragraphs of a corpus-layout text in the form the line cleaners see
(half-width, simplified). The first paragraph is the headline: it is described like any
other line, and the similarity of the others to it is a feature.
"""

from __future__ import annotations

import math
import re

from cleaners.patterns import MAX_HEADLINE, ends_sentence, is_body
from cleaners.vocabulary import CJK, DATE, SENTENCE_MARKS

_SEPARATOR = re.compile(r"[|>»·•/]|\s[-_]\s")
_PROSE_MARK = re.compile(f"[{SENTENCE_MARKS},、]")
_DIGIT = re.compile(r"\d")
_LATIN = re.compile(r"[A-Za-z]")
# ASCII only: ``\S`` or ``\w`` would run over hanzi and make the search slow on long lines.
_LINK = re.compile(r"(?:https?://|www\.)[\x21-\x7e]+|[A-Za-z0-9-]+\.(?:com|cn|net|org)\b[\x21-\x7e]*", re.IGNORECASE)
_PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}[-\s]?\d{7,8}|1[3-9]\d{9}|400-?\d{3}-?\d{4})(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9._+-]+@[A-Za-z0-9-]+\.[A-Za-z.]+")
_ICP = re.compile(r"ICP|备\d|备案号|[京沪津渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川贵云陕甘青蒙桂藏宁新]公网安备")
_BRACKETED = re.compile(r"^[(\[【].*[)\]】]$")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright", re.IGNORECASE)

# One line's own shape; then its context (position, the headline, its neighbours).
OWN_FEATURES = (
    "log_length", "hanzi_share", "ends_sentence", "is_body", "prose_marks", "separators", "digit_share",
    "latin_share", "space_share", "links", "phone", "email", "icp", "date", "bracketed", "copyright",
)
FEATURES = (
    *OWN_FEATURES,
    "position", "from_top", "from_bottom", "inside_body", "title_overlap",
    *(f"previous_{name}" for name in ("log_length", "ends_sentence", "is_body", "separators")),
    *(f"next_{name}" for name in ("log_length", "ends_sentence", "is_body", "separators")),
    "run_length",
)
_NEIGHBOUR = tuple(OWN_FEATURES.index(name) for name in ("log_length", "ends_sentence", "is_body", "separators"))
_EDGE = 5  # lines counted from the top or the bottom before the distance stops mattering
_RUN_LIMIT = 8


def _own(line: str) -> list[float]:
    length = len(line)
    size = max(length, 1)
    return [
        math.log1p(length),
        len(CJK.findall(line)) / size,
        float(ends_sentence(line)),
        float(is_body(line)),
        min(len(_PROSE_MARK.findall(line)), 5) / 5,
        min(len(_SEPARATOR.findall(line)), 5) / 5,
        len(_DIGIT.findall(line)) / size,
        len(_LATIN.findall(line)) / size,
        line.count(" ") / size,
        sum(map(len, _LINK.findall(line))) / size if "." in line else 0.0,
        float(bool(_PHONE.search(line))),
        float("@" in line and bool(_EMAIL.search(line))),
        float(bool(_ICP.search(line))),
        float(bool(DATE.search(line))),
        float(bool(_BRACKETED.match(line))),
        float(bool(_COPYRIGHT.search(line))),
    ]


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def line_features(paragraphs: list[str]) -> list[list[float]]:
    """One row of ``FEATURES`` per paragraph; the first paragraph is the headline."""
    own = [_own(p) for p in paragraphs]
    count = len(paragraphs)
    body = [i for i, row in enumerate(own) if row[3]]
    first_body, last_body = (body[0], body[-1]) if body else (count, -1)
    title = _bigrams(paragraphs[0]) if paragraphs else set()
    no_neighbour = [0.0, 1.0, 1.0, 0.0]  # the text's edge reads like a sentence end: no run
    # A run: consecutive lines none of which ends like a sentence (a menu, a footer, links).
    runs = [0] * count
    for i in range(count):
        runs[i] = 0 if own[i][2] else 1 + (runs[i - 1] if i else 0)
    for i in range(count - 2, -1, -1):
        if runs[i] and runs[i + 1]:
            runs[i] = runs[i + 1]
    rows = []
    for i, row in enumerate(own):
        previous = [own[i - 1][k] for k in _NEIGHBOUR] if i else no_neighbour
        following = [own[i + 1][k] for k in _NEIGHBOUR] if i + 1 < count else no_neighbour
        # Only a line as short as a headline can repeat it; a body paragraph's overlap is noise.
        line_bigrams = _bigrams(paragraphs[i]) if i and len(paragraphs[i]) <= MAX_HEADLINE else set()
        overlap = len(line_bigrams & title) / len(line_bigrams) if line_bigrams else 0.0
        rows.append([
            *row,
            i / max(count - 1, 1),
            min(i, _EDGE) / _EDGE,
            min(count - 1 - i, _EDGE) / _EDGE,
            float(first_body <= i <= last_body),
            overlap,
            *previous,
            *following,
            min(runs[i], _RUN_LIMIT) / _RUN_LIMIT,
        ])
    return rows
