"""How a crawl of a site no profile knows finds its articles: pure rules on URLs and links.

- later pages of one article (``later_page``): TRS ``t20240426_4027_1.html``,
  ``index_1.htm``, ``c123_2.html``, ``?page=2``, judged against the article's FIRST URL,
  so a document id after ``_`` is never taken for a page number;
- crawler traps (``trap``): calendar archives, search, print copies, sort orders,
  attachments: pages a crawl must not walk into;
- URL shapes (``url_shape``, ``ArticleShapes``, ``ShapeBudget``): the site's article URL
  patterns, learned from pages that proved to be articles, and a fetch budget per shape;
- article-to-article links (``ArticleHops``, ``neighbour_links``): 相关新闻,
  上一篇/下一篇, bounded in depth;
- feed items (``feed_links``): RSS ``<item><link>`` and Atom ``<entry><link>`` are
  article links, not a list page.

No Scrapy, no I/O: the spider and ``crawler.links`` call these with URLs and bytes.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urljoin, urlsplit

from lxml import etree

# -- later pages of one article -----------------------------------------------------------

# Query parameters that number the pages of one article (compared lower-case).
PAGE_PARAMETERS = frozenset({"page", "p", "pageno", "pagenum", "pn", "curpage", "currentpage"})
# Page numbers are small: page 2..99 (TRS numbers page 2 as _1).
MAX_PAGE_NUMBER = 99
_NUMBERED_FILE = re.compile(r"^(?P<stem>.+)_(?P<n>\d{1,2})(?P<ext>\.\w+)$")


def later_page(first_url: str, url: str) -> int | None:
    """The page number ``url`` carries as a later page of the article at ``first_url``,
    or None when it is not one.

    A later page is the first URL with ``_N`` before the extension (``t20240426_4027.html``
    → ``t20240426_4027_1.html``, ``index.htm`` → ``index_1.htm``), or with a page
    parameter added (``?id=5`` → ``?id=5&page=2``); everything else is the same. The
    number is the one in the URL (TRS's ``_1`` is page 2, and the caller keeps order).
    """
    first, later = urlsplit(first_url), urlsplit(url)
    if (first.scheme, first.netloc) != (later.scheme, later.netloc):
        return None
    if first.path == later.path:
        return _page_parameter(first.query, later.query)
    if first.query != later.query:
        return None
    match = _NUMBERED_FILE.match(posixpath.basename(later.path))
    if match is None or posixpath.dirname(first.path) != posixpath.dirname(later.path):
        return None
    if posixpath.basename(first.path) != match["stem"] + match["ext"]:
        return None
    return _small(int(match["n"]))


def _page_parameter(first_query: str, later_query: str) -> int | None:
    first = parse_qsl(first_query, keep_blank_values=True)
    later = parse_qsl(later_query, keep_blank_values=True)
    pages = [(k, v) for k, v in later if k.lower() in PAGE_PARAMETERS and (k, v) not in first]
    rest = [(k, v) for k, v in later if (k, v) not in pages]
    if len(pages) != 1 or sorted(rest) != sorted(first) or not pages[0][1].isdigit():
        return None
    return _small(int(pages[0][1]))


def _small(n: int) -> int | None:
    return n if 1 <= n <= MAX_PAGE_NUMBER else None


# -- traps ------------------------------------------------------------------------------

# (reason, pattern on the lower-cased path+query). Endless or useless pages: a calendar
# has a page for every day, a search for every word, a sort order per list; a print copy
# duplicates its article; attachments are not pages.
TRAPS = (
    ("calendar", re.compile(r"calendar|/date/|[?&](date|day|ymd)=\d|[?&]year=\d+.*&month=|/archives?/20\d\d[-/]?\d\d?[-/]?\d\d?/?$")),
    ("search", re.compile(r"/search|[?&](q|wd|kw|keyword|keywords|searchword|query|word)=")),
    ("print", re.compile(r"/print/|print\w*\.(s?html?|jsp|php|aspx?)|[?&](print|printable)=")),
    ("sort", re.compile(r"[?&](sort|order|orderby|sortby)=")),
    ("login", re.compile(r"/(login|logout|register|passport|comment|share)\b")),
    ("attachment", re.compile(r"\.(pdf|docx?|xlsx?|pptx?|wps|ofd|ceb|zip|rar|7z|jpg|png|gif|mp4)$")),
)


def trap(url: str) -> str | None:
    """Why a crawl must not follow ``url`` (``calendar``, ``search``, ``print``, ``sort``,
    ``login``, ``attachment``), or None."""
    parts = urlsplit(url)
    target = (parts.path + ("?" + parts.query if parts.query else "")).lower()
    return next((reason for reason, pattern in TRAPS if pattern.search(target)), None)


# -- URL shapes ---------------------------------------------------------------------------

_DIGITS = re.compile(r"\d+")
_HEX_ID = re.compile(r"(?<![0-9a-z])[0-9a-f]{16,}(?![0-9a-z])")


def url_shape(url: str) -> str:
    """A URL with its variable parts made generic: digit runs → ``9``, long hex ids →
    ``h``, query values → their shape, keys sorted. Articles of one site share a shape
    (``/art/2023/4/24/art_1229_4012345.html`` → ``/art/9/9/9/art_9_9.html``), its lists
    another."""
    parts = urlsplit(url)
    path = _DIGITS.sub("9", _HEX_ID.sub("h", parts.path.lower()))
    query = sorted((k.lower(), _DIGITS.sub("9", v)) for k, v in parse_qsl(parts.query, keep_blank_values=True))
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query) if query else "")


@dataclass
class ArticleShapes:
    """The URL shapes of pages that proved to be articles, learned as the crawl goes.

    A shape is known once ``MIN_ARTICLES`` articles had it: one article in an odd place
    (an about page's URL) does not make every page of its shape an article.
    """

    MIN_ARTICLES = 2
    counts: Counter[str] = field(default_factory=Counter)

    def add(self, url: str) -> None:
        self.counts[url_shape(url)] += 1

    def knows(self, url: str) -> bool:
        return self.counts[url_shape(url)] >= self.MIN_ARTICLES

    def shapes(self) -> frozenset[str]:
        return frozenset(shape for shape, n in self.counts.items() if n >= self.MIN_ARTICLES)


@dataclass
class ShapeBudget:
    """At most ``limit`` fetches per URL shape that has not proved to hold articles: a
    list's ``?pageNum=N`` or a tag cloud cannot take a crawl over, an article shape can.

    A URL is counted once however many pages link it: a navigation bar links the same
    pages from every page, and would otherwise spend its shapes' budgets on repeats.
    """

    limit: int = 200
    spent: Counter[str] = field(default_factory=Counter)
    taken: set[str] = field(default_factory=set)

    def take(self, url: str, articles: ArticleShapes) -> bool:
        """Whether ``url`` may be fetched; counts it if so."""
        if url in self.taken or articles.knows(url):
            return True
        shape = url_shape(url)
        if self.spent[shape] >= self.limit:
            return False
        self.spent[shape] += 1
        self.taken.add(url)
        return True


# -- article-to-article links ---------------------------------------------------------

# Labels of the links on an article to the articles before and after it.
NEIGHBOUR_LABELS = ("上一篇", "下一篇", "上一条", "下一条", "上篇", "下篇", "前一篇", "后一篇")
_LABEL_BEFORE = re.compile(r"(%s)\s*[::]?\s*$" % "|".join(NEIGHBOUR_LABELS))
_LABEL_OPENS = re.compile(r"^\s*(%s)" % "|".join(NEIGHBOUR_LABELS))


def neighbour_links(root: etree._Element, base_url: str) -> list[str]:
    """Absolute URLs of an article page's 上一篇/下一篇 links, each once. The label is
    inside the anchor (``<a>下一篇:标题</a>``) or just before it (``上一篇:<a>标题</a>``)."""
    found: list[str] = []
    for anchor in root.iter("a"):
        href = anchor.get("href")
        if not href or href.startswith(("javascript:", "#")):
            continue
        if _LABEL_OPENS.match(anchor.text_content()) or _LABEL_BEFORE.search(_text_before(anchor)):
            url = urljoin(base_url, href.strip())
            if url not in found:
                found.append(url)
    return found


def _text_before(anchor: etree._Element) -> str:
    """The text just before an anchor: its previous sibling's (``<span>下一条</span>``)
    and that sibling's tail, else its parent's opening text."""
    previous = anchor.getprevious()
    if previous is not None:
        own = previous.text_content() if isinstance(previous.tag, str) else ""
        return own + (previous.tail or "")
    parent = anchor.getparent()
    return (parent.text or "") if parent is not None else ""


@dataclass(frozen=True)
class ArticleHops:
    """Which links of an article page to follow, and how far from a list page.

    From an article, a crawl follows on-site links to pages of a known article shape
    (related lists) and its neighbours (上一篇/下一篇, ``neighbour_links``), which may
    have a shape not seen yet. ``hops`` counts articles reached only through other
    articles; past ``max_hops`` the chain stops (a 下一篇 chain through a whole archive
    is the archive's job, reached from its list pages).
    """

    max_hops: int = 3

    def leads_on(self, hops: int) -> bool:
        """Whether an article reached in ``hops`` hops may lead to more articles at all."""
        return hops < self.max_hops

    def follow(self, url: str, hops: int, articles: ArticleShapes, *, neighbour: bool = False) -> int | None:
        """The hop count the linked page gets, or None when the link is not followed."""
        if not self.leads_on(hops) or trap(url):
            return None
        if neighbour or articles.knows(url):
            return hops + 1
        return None


# -- feeds --------------------------------------------------------------------------------


def feed_links(body: bytes, base_url: str) -> list[str]:
    """Absolute URLs of the items of an RSS or Atom feed, in feed order, each once.

    RSS ``<item><link>`` (else a permalink ``<guid>``), Atom ``<entry><link href>`` with
    ``rel`` alternate or none. Namespaces are ignored: RSS 1.0 and Atom use them.
    """
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(body, parser)
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    found: list[str] = []
    for item in root.iter("{*}item", "{*}entry"):
        link = _item_link(item)
        if link:
            url = urljoin(base_url, link.strip())
            if url not in found:
                found.append(url)
    return found


def _item_link(item: etree._Element) -> str | None:
    for link in item.iterfind("{*}link"):
        href = link.get("href")
        if href is not None:
            if link.get("rel", "alternate") == "alternate":
                return href
        elif link.text and link.text.strip():
            return link.text
    guid = item.find("{*}guid")
    if guid is not None and guid.get("isPermaLink", "true") == "true" and (guid.text or "").startswith("http"):
        return guid.text
    return None
