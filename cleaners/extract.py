"""Main text and metadata of a news page, from one parse of it.

The text is the densest block of prose (``cleaners.density``): on the table layouts of
Chinese portals trafilatura keeps navigation tables, reader comments and link lists.
trafilatura remains the fallback when that block is weak (short, or not Chinese). Title,
date, author and site come from the same tree: the page's own metadata
(``cleaners.page_meta``), the dateline by the headline (``cleaners.dates``), the Chinese
bylines (``cleaners.byline``), the date (``cleaners.published``) and the site's domain
and name (``cleaners.site``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

import lxml.html
import trafilatura

from cleaners.article_lines import without_page_lines
from cleaners.base import cjk_share
from cleaners.byline import find_author
from cleaners.dates import precision, shanghai_datetime
from cleaners.density import main_block, page_lines, parse_html
from cleaners.page_meta import PageMeta, read_page_meta
from cleaners.published import find_published, shows_headline
from cleaners.site import find_site, find_site_name
from cleaners.spam_title import is_spam_title


@dataclass(frozen=True)
class Extracted:
    """What a page holds: ``text`` is the body, one paragraph per line, without the headline.

    ``published`` is the page's local (Asia/Shanghai) date in ISO form at the precision the
    page gives, which ``published_precision`` names (``month``, ``day``, ``minute``,
    ``second``); ``published_at`` is the same as an aware timestamp. ``site`` is the
    registered domain, ``site_name`` what the site calls itself.
    """

    text: str
    title: str | None = None
    published: str | None = None
    published_precision: str | None = None
    published_at: datetime | None = None
    author: str | None = None
    site: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None


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


# Separators between a headline and the site or channel names in a page <title>.
_TITLE_SEPARATOR = re.compile(r"\s*(?:__?|-{1,2}|\||｜|—|–|::|>>|»)\s*")
_HEADINGS = "//h1 | //h2 | //h3 | //*[contains(@class, 'title')] | //*[contains(@id, 'title')]"


# Where a page states its headline: Open Graph, government CMSes (``ArticleTitle``).
_TITLE_META = ("og:title", "articletitle")


def _page_title(root: lxml.html.HtmlElement) -> str:
    page_title = _WHITESPACE.sub(" ", root.findtext(".//title") or "").strip()
    return "" if is_spam_title(page_title) else page_title  # a hacked page's <title>: the headline is elsewhere


def _title(root: lxml.html.HtmlElement, page_title: str, meta: PageMeta) -> str | None:
    """The headline: the page <title> cut before its site suffix where a heading confirms it.

    ``四年前中500万现穷困潦倒…__商贸_产业资讯_新浪网`` becomes the headline when the page
    shows it in a heading.
    """
    headings = {_WHITESPACE.sub(" ", h.text_content()).strip() for h in root.xpath(_HEADINGS)}
    cuts = [len(page_title)] + [sep.start() for sep in reversed(list(_TITLE_SEPARATOR.finditer(page_title)))]
    for cut in cuts:
        if page_title[:cut] in headings:
            return page_title[:cut]
    # A page that states its headline; an <h1> comes after it, as on blogs and forums
    # the <h1> is often the site's name (``李建忠``), unless the <title> contains it.
    stated = meta.first(_TITLE_META)
    if stated:  # government CMSes put markup in ArticleTitle (``…<div>——热烈祝贺…</div>``)
        return _WHITESPACE.sub(" ", lxml.html.fromstring(stated).text_content() if "<" in stated else stated).strip()
    h1 = next((_WHITESPACE.sub(" ", h.text_content()).strip() for h in root.iter("h1")), None)
    if h1 and (not page_title or h1 in page_title):
        return h1
    return page_title or h1 or None


# How far into the article block a headline or a bare byline is looked for.
_OPENING_LINES = 4


def _without_headline(lines: list[str], title: str | None) -> list[str]:
    """The block's lines from the first one after the headline, when the block shows it.

    ``text`` holds the body only; a headline inside the block is the title's head
    (``娱乐圈受黑社会控制？…`` of ``娱乐圈受黑社会控制？…-雅虎新闻``).
    """
    if not title:
        return lines
    for index, line in enumerate(lines[:_OPENING_LINES]):
        if shows_headline(line, title):
            return lines[index + 1 :]
    return lines


# Where a page states its summary, which news CMSes fill with the article's opening.
_LEAD_META = ("og:description", "description")

# Where a page names its author.
_AUTHOR_META = ("author", "article:author", "dc.creator", "citation_author", "citation_authors")


def _metadata_author(meta: PageMeta) -> str | None:
    for author in meta.json_ld_values("author"):
        author = author[0] if isinstance(author, list) and author else author
        name = author.get("name") if isinstance(author, dict) else author
        if isinstance(name, str) and name.strip():
            return name.strip()
    return meta.first(_AUTHOR_META)


def _canonical_url(meta: PageMeta, url: str | None) -> str | None:
    stated = meta.canonical or meta.first(("og:url",))
    absolute = urljoin(url or "", stated) if stated else None
    return absolute if absolute and absolute.startswith(("http://", "https://")) else url


def extract(html: str, url: str | None = None) -> Extracted:
    """The main text and metadata of an HTML page (already decoded to ``str``)."""
    root = parse_html(html)
    if root is None:
        return Extracted(text="")
    meta = read_page_meta(root)
    lines = page_lines(root)
    page_title = _page_title(root)
    title = _title(root, page_title, meta)
    block = main_block(lines, title, meta.first(_LEAD_META))
    body_text = _body_text(root)
    site, site_name = find_site(url, meta, root), find_site_name(meta, page_title, title)
    published = find_published(meta, lines, block, title, url, site)
    author = find_author(body_text, block.lines[:_OPENING_LINES], _metadata_author(meta))
    # trafilatura's fallback prunes the tree it is given: it runs after every other reader.
    text = _main_text(root, "\n".join(without_page_lines(_without_headline(block.lines, title))), url)
    return Extracted(
        text=text,
        title=title,
        published=published,
        published_precision=precision(published),
        published_at=shanghai_datetime(published),
        author=author,
        site=site,
        site_name=site_name,
        canonical_url=_canonical_url(meta, url),
    )
