"""The publication date of a page, from the most to the least telling place it is written.

The page's own metadata (``article:published_time``, JSON-LD ``datePublished``, the
``PubDate`` of government CMSes), then the dateline between the headline and the article,
then the URL; a date elsewhere on the page only as a last resort and never from a list
of other articles. A date that only JavaScript writes is none.
"""

from __future__ import annotations

import re

from cleaners.dates import date_in_url, dates_in_text, labelled_date, month_in_text, timestamp_date
from cleaners.density import Line, MainBlock
from cleaners.page_meta import PageMeta

# A shorter line that starts the title is a word, not the headline.
_MIN_HEADLINE_CHARS = 6


def shows_headline(line: str, title: str) -> bool:
    """Whether ``line`` is the headline: the title, or its head before a site suffix."""
    return len(line) >= _MIN_HEADLINE_CHARS and title.startswith(line)


# The page's own statement of its publication time, the most explicit first: Open Graph,
# schema.org microdata, the ``PubDate``/``publishdate`` of Chinese government and
# newspaper CMSes, Dublin Core, scholarly citation tags.
_DATE_META = (
    "article:published_time", "og:published_time", "datepublished", "pubdate", "publishdate",
    "firstpublishedtime", "og:release_date", "dc.date.issued", "dc.date", "citation_publication_date",
    "citation_date",
)
# How many lines before the article block the dateline is looked for when the headline
# is not found there; and how far into the block.
_DATELINE_LINES = 6
_DATELINE_BLOCK_LINES = 3


def _metadata_date(meta: PageMeta) -> str | None:
    stamps = [meta.first(_DATE_META), *meta.json_ld_values("datePublished")]
    return next((iso for iso in map(timestamp_date, (s for s in stamps if isinstance(s, str))) if iso), None)


def _headline_index(lines: list[Line], before: int, title: str | None) -> int | None:
    """Where the headline stands among the lines before the article block."""
    if not title:
        return None
    for index in range(before - 1, max(before - 4 * _DATELINE_LINES, 0) - 1, -1):
        text = lines[index].text
        if shows_headline(text, title):
            return index
    return None


def _dateline(lines: list[Line], block: MainBlock, title: str | None) -> str:
    """The text between the headline and the article, and the article's opening lines:
    where a news page prints its own date (``2022-02-11 09:52 来源：内蒙古日报``)."""
    headline = _headline_index(lines, block.start, title)
    first = headline if headline is not None else max(block.start - _DATELINE_LINES, 0)
    around = lines[first : block.start] + lines[block.start : block.start + _DATELINE_BLOCK_LINES]
    return " ".join(line.text for line in around if not line.is_link())


def _first_date(text: str, day_first: bool) -> str | None:
    """The labelled date of ``text``, else its first date with a time of day, else its first date."""
    in_text = dates_in_text(text)
    with_time = next((iso for iso in in_text if len(iso) > 10), None)
    return labelled_date(text, day_first) or with_time or next(iter(in_text), None)


# Sites in countries that write the day first (06/02/2022 is 6 February): the Chinese
# editions of European, British, Hong Kong and Singapore media.
_DAY_FIRST_SITES = re.compile(r"\.(?:fr|de|it|es|be|ch|nl|ie|uk|hk|sg|au|nz)$")


# A line this long, or one with a sentence's punctuation, is prose: a date in it is
# something the article talks about, not when it was published (on a page whose dateline
# only JavaScript writes, that is no date).
_DATE_LINE_MAX_CHARS = 60
_SENTENCE_PUNCTUATION = re.compile(r"[，。！？；]")


def _date_lines(lines: list[Line]):
    return (
        line for line in lines
        if line.chars <= _DATE_LINE_MAX_CHARS and not line.is_link() and not _SENTENCE_PUNCTUATION.search(line.text)
    )


# A month alone is a date only on a line of its own (``——《北京之春》1998年3月号``); in a
# sentence it is something the article talks about.
_MONTH_LINE_MAX_CHARS = 30


def _month_line(lines: list[Line]) -> str | None:
    short = (line.text for line in lines if line.chars <= _MONTH_LINE_MAX_CHARS and not line.is_link())
    return next((month for month in map(month_in_text, short) if month), None)


def find_published(
    meta: PageMeta, lines: list[Line], block: MainBlock, title: str | None, url: str | None, site: str | None
) -> str | None:
    """The publication date, from the most to the least telling source.

    The page's metadata and the dateline by the headline name the article itself, as
    does a date in its URL; a date elsewhere on the page is the last resort, and never
    one from a list of other articles (link lines are left out).
    """
    day_first = bool(site and _DAY_FIRST_SITES.search(site))
    dateline = _dateline(lines, block, title)
    candidates = (
        lambda: _metadata_date(meta), lambda: _first_date(dateline, day_first), lambda: date_in_url(url),
        lambda: _first_date(" ".join(line.text for line in _date_lines(lines)), day_first),
        lambda: _month_line(lines),
    )
    return next((iso for iso in (candidate() for candidate in candidates) if iso), None)
