"""Main text and metadata of a news page.

The text is the densest block of prose (``cleaners.density``): on the table layouts of
Chinese portals trafilatura keeps navigation tables, reader comments and link lists.
trafilatura remains the fallback when that block is weak (short, or not Chinese), and it
supplies the metadata, to which the Chinese date forms that it does not know are added
here and the Chinese bylines in ``cleaners.byline``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from trafilatura.settings import set_date_params

from cleaners.base import cjk_share
from cleaners.byline import find_author
from cleaners.dates import date_in_url, dates_in_text, labelled_date, parse_date
from cleaners.density import main_block_lines, parse_html
from cleaners.spam_title import is_spam_title


@dataclass(frozen=True)
class Extracted:
    """What a page holds: ``text`` is the body, one paragraph per line, without the headline."""

    text: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    sitename: str | None = None
    canonical_url: str | None = None


# htmldate's extensive search settles for a copyright year (``2006-01-01``); the Chinese
# patterns in cleaners.dates search the text instead.
_DATE_PARAMS = set_date_params(extensive=False)

_WHITESPACE = re.compile(r"\s+")

# Below this many characters, or this share of ideographs, the block is no article
# (an error page, an English page) and trafilatura's extraction is asked instead.
_MIN_BLOCK_CHARS = 100
_MIN_BLOCK_CJK = 0.3


def _is_weak(text: str) -> bool:
    return len(text) < _MIN_BLOCK_CHARS or cjk_share(text) < _MIN_BLOCK_CJK


def _trafilatura_text(root: lxml.html.HtmlElement, url: str | None) -> str:
    document = trafilatura.bare_extraction(root, url=url, include_comments=False, favor_precision=True)
    return (document.text or "") if document is not None else ""


def _main_text(root: lxml.html.HtmlElement, block_text: str, url: str | None) -> str:
    """The densest block's text; trafilatura's when the block is weak and it finds more."""
    if _is_weak(block_text):
        fallback = _trafilatura_text(root, url)
        if len(fallback) > len(block_text):
            return fallback
    return block_text


def _body_text(root: lxml.html.HtmlElement) -> str:
    """The page's visible text on one line: metadata lines lie outside the article block."""
    texts = root.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")
    return _WHITESPACE.sub(" ", " ".join(texts))


def _published(body_text: str, url: str | None, metadata_date: str | None) -> str | None:
    """The publication date, from the most to the least telling source.

    A labelled date (``发布时间:``) and a date in the URL name the article itself; a
    date with a time of day is a metadata line; htmldate comes after them because on
    old portals it settles for the copyright year (``2006-01-01``).
    """
    in_text = dates_in_text(body_text)
    with_time = next((iso for iso in in_text if len(iso) > 10), None)
    candidates = (labelled_date(body_text), date_in_url(url), with_time, parse_date(metadata_date or ""), *in_text[:1])
    return next((iso for iso in candidates if iso), None)


# Separators between a headline and the site or channel names in a page <title>.
_TITLE_SEPARATOR = re.compile(r"\s*(?:__?|-{1,2}|\||｜|—|–|::|>>|»)\s*")
_HEADINGS = "//h1 | //h2 | //h3 | //*[contains(@class, 'title')] | //*[contains(@id, 'title')]"


def _title(root: lxml.html.HtmlElement, metadata_title: str | None) -> str | None:
    """The headline: the page <title> cut before its site suffix where a heading confirms it.

    ``四年前中500万现穷困潦倒…__商贸_产业资讯_新浪网`` becomes the headline when the page
    shows it in a heading.
    """
    page_title = _WHITESPACE.sub(" ", root.findtext(".//title") or "").strip()
    if is_spam_title(page_title):  # a hacked page's <title>: the headline is elsewhere
        page_title = ""
    headings = {_WHITESPACE.sub(" ", h.text_content()).strip() for h in root.xpath(_HEADINGS)}
    cuts = [len(page_title)] + [sep.start() for sep in reversed(list(_TITLE_SEPARATOR.finditer(page_title)))]
    for cut in cuts:
        if page_title[:cut] in headings:
            return page_title[:cut]
    # trafilatura prefers <h1>, which on blogs and forums is the site's name (``李建忠``);
    # a metadata title that the page <title> does not contain is such a name.
    if metadata_title and (not page_title or metadata_title in page_title):
        return metadata_title
    return page_title or metadata_title or None


# How far into the article block a headline or a bare byline is looked for.
_OPENING_LINES = 4
# A shorter line that starts the title is a word, not the headline.
_MIN_HEADLINE_CHARS = 6


def _without_headline(lines: list[str], title: str | None) -> list[str]:
    """The block's lines from the first one after the headline, when the block shows it.

    ``text`` holds the body only; a headline inside the block is the title's head
    (``娱乐圈受黑社会控制？…`` of ``娱乐圈受黑社会控制？…-雅虎新闻``).
    """
    if not title:
        return lines
    for index, line in enumerate(lines[:_OPENING_LINES]):
        if len(line) >= _MIN_HEADLINE_CHARS and title.startswith(line):
            return lines[index + 1 :]
    return lines


def extract(html: str, url: str | None = None) -> Extracted:
    """The main text and metadata of an HTML page (already decoded to ``str``)."""
    root = parse_html(html)
    if root is None:
        return Extracted(text="")
    block_lines = main_block_lines(root)
    metadata = trafilatura.extract_metadata(root, default_url=url, date_config=_DATE_PARAMS)
    title = _title(root, metadata.title)
    text = _main_text(root, "\n".join(_without_headline(block_lines, title)), url)
    body_text = _body_text(root)
    return Extracted(
        text=text,
        title=title,
        published=_published(body_text, url, metadata.date),
        author=find_author(body_text, block_lines[:_OPENING_LINES], metadata.author),
        sitename=metadata.sitename,
        canonical_url=metadata.url or url,
    )
