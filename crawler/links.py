"""What a page links to, as the crawler sees it: articles, lists, the next page of an article.

Pure functions of a profile and a response, so that ``zhnews reprocess`` can rebuild
multi-page articles from the raw archive exactly as the crawl did.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import lxml.html
from scrapy.http import HtmlResponse, TextResponse
from scrapy.link import Link
from scrapy.linkextractors import LinkExtractor

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
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if k.lower() not in TRACKING_PARAMETERS and not k.lower().startswith(TRACKING_PREFIXES)]
    # Rebuild the query only when a tracker went: re-encoding could change a plain URL.
    query = parts.query if len(kept) == len(pairs) else urlencode(kept, safe="/:")
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def article_url(profile: SiteProfile, fetched_url: str) -> str:
    """The URL an article is known by: cleaned, on the real site (documents' url and id)."""
    return profile.real_url(clean_url(fetched_url))


def extract_links(profile: SiteProfile, response: TextResponse) -> list[Link]:
    """On-site links of a page, cleaned, in document order, each once."""
    # Not LinkExtractor(allow_domains=…): it compares host:port, and a replica has a port.
    seen: set[str] = set()
    links: list[Link] = []
    for link in LinkExtractor(unique=True).extract_links(response):
        url = clean_url(link.url)
        if url not in seen and profile.allows(url):
            seen.add(url)
            links.append(Link(url, text=link.text.strip(), nofollow=link.nofollow))
    return links


# Anchors that lead to the following page of a paginated article or list.
NEXT_PAGE_TEXTS = ("下一页", "下页", "后一页", "next", "Next", ">")
_PAGE_NUMBER = re.compile(r"^\[?\s*\d{1,3}\s*\]?$")
_PAGE_SUFFIX = re.compile(r"(_\d+)?(\.\w+)?$")
_PAGE_PARAMETERS = frozenset({"page", "p", "pageno", "pagenum"})


def _page_stem(url: str) -> tuple[str, str]:
    """The part of a URL shared by all pages of one article: path without ``_N.ext``, no page=."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() not in _PAGE_PARAMETERS]
    return _PAGE_SUFFIX.sub("", parts.path), urlencode(sorted(query))


def next_page(profile: SiteProfile, response: TextResponse, chain: list[str]) -> str | None:
    """The URL of the page after this one in a multi-page article, or None on the last page.

    A next page shares the article's stem (``123.html`` → ``123_2.html``, ``index.htm`` →
    ``index_1.htm``, ``?id=5`` → ``?id=5&page=2``), matches a continuation pattern, is
    not yet in ``chain`` (the pages so far), and is linked as ``下一页`` or by its number;
    a related article that happens to share the stem has neither anchor.
    """
    stem = _page_stem(chain[0])
    candidates = [
        link
        for link in extract_links(profile, response)
        if link.url not in chain and profile.is_continuation(link.url) and _page_stem(link.url) == stem
    ]
    for link in candidates:
        if any(link.text.startswith(t) for t in NEXT_PAGE_TEXTS):
            return link.url
    numbered = [link.url for link in candidates if _PAGE_NUMBER.match(link.text)]
    return numbered[0] if numbered else None


# Page structure of an article: a long run of Chinese text outside links, and text that is
# not mostly link text (a list page is mostly headlines in links).
MIN_ARTICLE_CJK = 200
MAX_LINK_TEXT_SHARE = 0.5
_CJK = re.compile(r"[\u4e00-\u9fff]")


def looks_like_article(response: TextResponse) -> bool:
    if not isinstance(response, HtmlResponse) or not response.text.strip():
        return False
    try:
        root = lxml.html.document_fromstring(response.text)
    except (lxml.etree.ParserError, ValueError):
        return False
    for element in root.xpath("//script|//style|//noscript"):
        element.drop_tree()
    total = len(_CJK.findall(root.text_content()))
    in_links = sum(len(_CJK.findall(a.text_content())) for a in root.iter("a"))
    return total - in_links >= MIN_ARTICLE_CJK and in_links <= MAX_LINK_TEXT_SHARE * total
