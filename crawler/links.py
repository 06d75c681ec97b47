"""What a page links to, as the crawler sees it: articles, lists, the next page of an article.

Pure functions of a profile and a response, so that ``zhnews reprocess`` can rebuild
multi-page articles from the raw archive exactly as the crawl did.
"""

from __future__ import annotations

import functools
import re
from typing import Iterator
from urllib.parse import SplitResult, parse_qsl, urlencode, urljoin, urlparse, urlsplit, urlunsplit

from lxml import etree
from scrapy.http import TextResponse
from scrapy.link import Link
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.misc import rel_has_nofollow
from scrapy.utils.response import get_base_url
from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

from crawler.discovery import later_page
from crawler.profiles import SiteProfile

# Query parameters that say who shared or clicked a link, not which page it is. w3lib's
# url_query_cleaner takes exact names only; trackers come in families (utm_*), hence ours.
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = frozenset(
    {"spm", "from", "share", "share_token", "isappinstalled", "scene", "clicktime", "wxfrom",
     "timestamp", "fbclid", "gclid", "mc_cid", "mc_eid", "_hsenc", "_hsmi", "ref", "src"}
)


def clean_url(url: str) -> str:
    """The URL without fragment and tracking parameters: one article, one URL."""
    return _clean(urlsplit(url))


def _clean(parts: SplitResult) -> str:
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if k.lower() not in TRACKING_PARAMETERS and not k.lower().startswith(TRACKING_PREFIXES)]
    # Rebuild the query only when a tracker went: re-encoding could change a plain URL.
    query = parts.query if len(kept) == len(pairs) else urlencode(kept, safe="/:")
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def article_url(profile: SiteProfile, fetched_url: str) -> str:
    """The URL an article is known by: cleaned, on the real site (documents' url and id)."""
    return profile.real_url(clean_url(fetched_url))


# What Scrapy's LinkExtractor() reads and drops by default: the href of <a> and <area>
# (in XHTML parsed as XML too), links of other schemes, links to images, media, archives
# and office files.
_LINK_TAGS = ("a", "area", "{http://www.w3.org/1999/xhtml}a", "{http://www.w3.org/1999/xhtml}area")
_LINK_SCHEMES = frozenset({"http", "https", "file", "ftp"})
_IGNORED_EXTENSIONS = tuple(f".{extension}" for extension in IGNORED_EXTENSIONS)
_text = etree.XPath("string()")


class _Anchors:
    """The link elements of a page, and the on-site URL each one leads to.

    The links of LinkExtractor(unique=True), in its order, for less work: links are read
    on every page of the crawl, in the reactor thread, where LinkExtractor cost as much
    as the rest of the crawl process. An href is made absolute and safe as LinkExtractor
    makes it; then the host is tested first (a set lookup), the extensions with one
    ``endswith`` (not one per extension), and a link's text is read only when it is kept.
    """

    def __init__(self, profile: SiteProfile, response: TextResponse):
        # Not LinkExtractor(allow_domains=…): it compares host:port, and a replica has a port.
        self.hosts = frozenset(profile.fetch_domains)
        self.response = response
        self.base_url = get_base_url(response)
        page = urlsplit(response.url)
        self.origin = f"{page.scheme}://{page.netloc}"

    def __iter__(self) -> Iterator[etree._Element]:
        return self.response.selector.root.iter(*_LINK_TAGS)

    def url(self, element: etree._Element) -> str | None:
        """The cleaned URL the element links to, or None: no href, off-site, not a page.

        Making a URL safe is the costly part, so a URL with a plain host is judged by it
        first (most anchors of an article lead off-site: ads, portals, share buttons),
        and an on-site one is made safe once per crawl, not once per page that links it
        (a site's navigation is on all its pages): given such a host, what follows
        depends on the page by its origin only.
        """
        href = element.get("href")
        if href is None:
            return None
        try:
            joined = urljoin(self.base_url, strip_html5_whitespace(href))
            parts = urlsplit(joined)
        except ValueError:  # a bogus link
            return None
        if parts.scheme in _PLAIN_SCHEMES and _PLAIN_NETLOC.fullmatch(parts.netloc):
            if parts.netloc.split(":", 1)[0].lower() not in self.hosts:
                return None
            return _known_page_url(joined, self.response.encoding, self.origin, self.hosts)
        return _page_url(joined, self.response.encoding, self.response.url, self.hosts)


def _page_url(joined: str, encoding: str, page_url: str, hosts: frozenset[str]) -> str | None:
    """The cleaned URL of an absolute href (``joined``) on a page of ``page_url``, or None:
    off-site, not a page."""
    try:
        url = safe_url_string(joined, encoding)
    except ValueError:  # a bogus link
        return None
    url = urljoin(page_url, url)
    parts = urlsplit(url)
    if (
        (parts.hostname or "") not in hosts
        or url.split("://", 1)[0] not in _LINK_SCHEMES
        or urlparse(url).path.lower().endswith(_IGNORED_EXTENSIONS)
    ):
        return None
    return _clean(parts)


# For URLs with a plain host, of the page's URL only its origin counts (urljoin keeps a
# URL with a host as it is, but for its scheme): a crawl's on-site URLs, made once.
_known_page_url = functools.lru_cache(maxsize=8192)(_page_url)


# A netloc that w3lib's safe_url_string leaves as it is, and splits as urllib does: no
# user info, no IPv6 brackets, no backslash, no percent escapes, no non-ASCII (IDNA).
_PLAIN_NETLOC = re.compile(r"[A-Za-z0-9.-]+(?::[0-9]*)?")
_PLAIN_SCHEMES = frozenset({"http", "https"})


def _on_site(profile: SiteProfile, response: TextResponse) -> Iterator[tuple[str, etree._Element]]:
    """On-site URLs of a page, cleaned, in document order, each once, with its first anchor."""
    anchors = _Anchors(profile, response)
    seen: set[str] = set()
    for element in anchors:
        url = anchors.url(element)
        if url is not None and url not in seen:
            seen.add(url)
            yield url, element


def link_urls(profile: SiteProfile, response: TextResponse) -> list[str]:
    """The URLs of ``extract_links``, without reading the anchors' text."""
    return [url for url, _ in _on_site(profile, response)]


def extract_links(profile: SiteProfile, response: TextResponse) -> list[Link]:
    """On-site links of a page, cleaned, in document order, each once (its first anchor)."""
    return [
        Link(url, text=_text(element).strip(), nofollow=rel_has_nofollow(element.get("rel")))
        for url, element in _on_site(profile, response)
    ]


# Feed types a page names in <link rel="alternate" type=…> (RSS, Atom).
FEED_TYPES = ("application/rss+xml", "application/atom+xml")


def feed_urls(profile: SiteProfile, response: TextResponse) -> list[str]:
    """The on-site feeds a page names in its ``<link rel="alternate">``: how a site no
    profile knows tells where its feed is."""
    anchors = _Anchors(profile, response)
    found: list[str] = []
    for element in response.selector.root.iter("link"):
        if "alternate" in (element.get("rel") or "").lower().split() and (element.get("type") or "").lower() in FEED_TYPES:
            url = anchors.url(element)
            if url is not None and url not in found:
                found.append(url)
    return found


# Anchors that lead to the following page of a paginated article or list.
NEXT_PAGE_TEXTS = ("下一页", "下页", "后一页", "next", "Next", ">")
_PAGE_NUMBER = re.compile(r"^\[?\s*\d{1,3}\s*\]?$")


def next_page(profile: SiteProfile, response: TextResponse, chain: list[str]) -> str | None:
    """The URL of the page after this one in a multi-page article, or None on the last page.

    A next page is a later page of the article's first page (``discovery.later_page``:
    ``t20240426_4027.html`` → ``t20240426_4027_1.html``, ``index.htm`` → ``index_1.htm``,
    ``?id=5`` → ``?id=5&page=2``), matches a profile's continuation pattern (a crawl
    without a profile has none to match), is not yet in ``chain`` (the pages so far),
    and is linked as ``下一页`` or by its number; a related article that happens to look
    like a later page has neither anchor.
    """

    def leads_on(url: str | None) -> bool:
        return (
            url is not None
            and url not in chain
            and (profile.detect_articles_by_structure or profile.is_continuation(url))
            and later_page(chain[0], url) is not None
        )

    # Most articles have one page. Their anchors are read first, cheaply: only an anchor
    # whose text reads as 下一页 or a number, and whose URL leads on, can make a next page.
    # Without one there is none; with one, all links are read, since a URL's first
    # anchor gives its text (extract_links).
    anchors = _Anchors(profile, response)
    if not any(_reads_as_page_link(_text(element).strip()) and leads_on(anchors.url(element)) for element in anchors):
        return None
    candidates = [link for link in extract_links(profile, response) if leads_on(link.url)]
    for link in candidates:
        if link.text.startswith(NEXT_PAGE_TEXTS):
            return link.url
    numbered = [link.url for link in candidates if _PAGE_NUMBER.match(link.text)]
    return numbered[0] if numbered else None


def _reads_as_page_link(text: str) -> bool:
    return text.startswith(NEXT_PAGE_TEXTS) or _PAGE_NUMBER.match(text) is not None
