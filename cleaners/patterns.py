"""Shapes of text that several line-noise cleaners need to recognise.

Everything here works on one paragraph (one line of the page) in the form the line
cleaners see: half-width ASCII punctuation, simplified script, stripped.
"""

from __future__ import annotations

import re

from cleaners.phrases import SITE_NAME_ENDINGS, alternation
from cleaners.vocabulary import CJK_RUN, CLOSING_MARKS, SENTENCE_MARKS, TITLE_SEPARATORS

# A paragraph that ends like a sentence. Closing quotes and brackets count only after a
# sentence mark: a headline such as 政企携手共育专精特新“小巨人” ends with a quote too.
# Read off the end with string methods: a regex anchored at ``$`` is tried at every
# position of a long paragraph. No closing mark is a sentence mark, so the marks before
# the closing ones are the paragraph's last but those.
_SENTENCE_FINAL = (*SENTENCE_MARKS, "...")

# Words a site or channel name ends with. Content farms put other sites' names after
# their titles, so a suffix is judged by this form, never by one site's name.
_SITE_NAME_END = re.compile(alternation(SITE_NAME_ENDINGS) + "$")
_INSIDE_A_CLAUSE = re.compile(r"[\s,、:“”\"!?]")
_DOMAIN = re.compile(
    r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|gov|edu|cc|tv|info)(?:\.cn)?$", re.IGNORECASE
)
MAX_SITE_NAME = 16
MAX_HEADLINE = 64

# How a list item starts: 1. / 1、 / (1) / [1] / 一、 / ① — a body list (or a list of
# references), not a run of headlines.
ENUMERATED = re.compile(r"^(?:\d{1,3}[.、)]|[(\[]\d{1,3}[)\]]|[一二三四五六七八九十]{1,3}、|[①-⑳])")


def ends_sentence(paragraph: str) -> bool:
    return paragraph.removesuffix("\n").rstrip(CLOSING_MARKS).endswith(_SENTENCE_FINAL)  # "\n": as a regex's $ reads


def has_hanzi(text: str, count: int) -> bool:
    """Whether ``text`` holds at least ``count`` hanzi: counted up to there only, as most
    texts that are asked hold many more."""
    if len(text) < count:
        return False
    held = 0
    for run in CJK_RUN.finditer(text):
        held += run.end() - run.start()
        if held >= count:
            return True
    return count <= 0


def is_body(paragraph: str) -> bool:
    """A paragraph of running text: it ends like a sentence and is not a mere fragment.

    A headline may end in ! or ? too; what it lacks is a 。 inside or the length of prose.
    """
    return (
        len(paragraph) >= 10
        and ends_sentence(paragraph)
        and not paragraph.endswith(("...", "…"))
        and ("。" in paragraph or len(paragraph) > MAX_HEADLINE)
    )


def body_span(paragraphs: list[str]) -> tuple[int, int] | None:
    """Indices of the first and last body paragraph, or None for a text without one."""
    indices = [i for i, p in enumerate(paragraphs) if is_body(p)]
    if not indices:
        return None
    return indices[0], indices[-1]


# Separators a site name comes with in a profile (-信息快讯网) or after a title.
_NAME_SEPARATORS = TITLE_SEPARATORS + " "


def bare_site_names(site_names: tuple[str, ...]) -> tuple[str, ...]:
    """Site names as a profile gives them (``-信息快讯网``), without their separators."""
    return tuple(bare for bare in (name.strip(_NAME_SEPARATORS) for name in site_names) if bare)


def is_site_name_line(line: str, site_names: tuple[str, ...]) -> bool:
    return line.strip(_NAME_SEPARATORS) in bare_site_names(site_names)


def looks_like_site_name(segment: str, site_names: tuple[str, ...] = ()) -> bool:
    """Whether ``segment`` (a title suffix, a line tail) reads as a site or channel name."""
    segment = segment.strip()
    if segment in site_names:
        return bool(segment)
    if not segment or len(segment) > MAX_SITE_NAME or ends_sentence(segment):
        return False
    if _DOMAIN.match(segment):
        return True
    # A name is one unbroken word: no clause punctuation or spaces inside.
    return not _INSIDE_A_CLAUSE.search(segment) and bool(_SITE_NAME_END.search(segment))
