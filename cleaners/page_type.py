"""What kind of page a fetched HTML page is: an article, a list, an information page or
an error page, with the evidence that decided it.

A crawl of a site no profile knows (``zhnews crawl --url``) meets all four on the same
host, under the same URL shapes. Length of text alone cannot tell them apart: a list
with a summary under every title, a leader's biography and a city profile all carry
hundreds of ideographs outside links. What carries to unseen sites is how the text is
laid out:

- an article is one run of prose (headline, dateline, body paragraphs) that no headline
  link interrupts, with a publication date at its start or in the page's metadata;
- a list is headline links, each at most followed by a short summary and a date: many
  short runs of prose, none long;
- an information page (领导信息, 机构职能, 联系我们, 网站声明, 网站地图, 城市概况) names
  itself so in its headline, title or breadcrumb, and carries no dateline;
- an error page says so (页面不存在, 404) and has little text: a soft 404 is served
  with status 200.

Pure: a decoded page in, a ``PageType`` out. The caller adds what only a crawl knows:
whether the URL has the shape of the site's proven articles (``known_article_url``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

import lxml.html
from lxml import etree

from cleaners.base import CJK
from cleaners.dates import date_in_url, dates_in_text
from cleaners.density import parse_html

PageKind = Literal["article", "list", "info", "error"]

# -- phrases ------------------------------------------------------------------------------

# Names of information pages, as their headline, <title> or breadcrumb gives them.
INFO_PAGE_NAMES = (
    "领导信息", "领导简介", "领导之窗", "领导分工", "领导简历", "现任领导", "机构职能", "机构设置", "内设机构",
    "主要职责", "职能配置", "联系我们", "联系方式", "网站声明", "版权声明", "免责声明", "隐私政策", "网站地图",
    "使用帮助", "关于我们", "本站介绍", "城市概况", "市情概况", "县情概况", "区情概况", "走进", "概况", "简介",
    "政府信息公开指南", "政府信息公开制度", "依申请公开", "网站纠错",
)
# What a soft 404 says: an error page served with status 200.
SOFT_404_PHRASES = (
    "页面不存在", "您访问的页面不存在", "页面未找到", "找不到该页面", "页面找不到", "无法找到该页",
    "已被删除", "已删除或不存在", "页面已过期", "404", "not found", "Not Found",
)
# <meta> names that carry an article's publication time on Chinese CMSes and in Open Graph.
DATE_META_NAMES = frozenset(
    {"publishdate", "pubdate", "pubtime", "publishtime", "publish_time", "article:published_time", "firstpublishedtime",
     "og:release_date", "releasedate", "date", "dc.date", "dc.date.issued"}
)
# Class or id words of a breadcrumb trail (dqwz: 当前位置).
BREADCRUMB_MARKERS = ("position", "breadcrumb", "crumb", "location", "dqwz")
# Anchors with this many ideographs read as a headline (a nav link is 2-5).
HEADLINE_LINK_MIN_CJK = 6
# The shortest headline: 4 ideographs (公告, 通知 alone are labels).
MIN_HEADLINE_CJK = 4

# -- thresholds -----------------------------------------------------------------------------

# A dated article's body: a short notice has 100-odd ideographs.
MIN_DATED_BODY = 100
# An article without a dateline under a headline: only a long body (or a known article
# URL) will do. Forum posts and blog pages of the benchmarks are such articles.
MIN_UNDATED_BODY = 400
MIN_KNOWN_URL_BODY = 150
# The dateline sits at the start of the article's run of prose.
DATELINE_REACH = 300
# A list shows at least this many headline links.
MIN_LIST_ITEMS = 5
# An error page says so in little text.
MAX_ERROR_BODY = 150


@dataclass(frozen=True)
class PageType:
    kind: PageKind
    reason: str
    body_cjk: int = 0  # ideographs in the longest run of prose
    headline_links: int = 0
    dated: bool = False


@dataclass(frozen=True)
class _Chunk:
    text: str
    cjk: int  # ideographs in text
    headline_link: bool


def page_type(html: str | lxml.html.HtmlElement, url: str | None = None, *, known_article_url: bool = False) -> PageType:
    """The kind of page ``html`` is (a decoded page, or its parsed tree), and why.

    ``known_article_url``: the URL has the shape of pages of this site that proved to be
    articles (``crawler.discovery.ArticleShapes.knows``), evidence the page alone lacks.
    """
    root = parse_html(html) if isinstance(html, str) else html
    if root is None:
        return PageType("error", "unparsable page")
    chunks = _chunks(root)
    run, body = _longest_prose_run(chunks)
    headline_links = sum(chunk.headline_link for chunk in chunks)
    date_source = _date_source(root, run, url)
    dated = date_source is not None
    evidence = {"body_cjk": body, "headline_links": headline_links, "dated": dated}
    marked = _marked(root)
    names = _self_names(root, marked)
    headline = _headline_in(root, marked, run)

    soft_404 = _soft_404(names, run)
    if soft_404 and body < MAX_ERROR_BODY:
        return PageType("error", f"soft 404: {soft_404!r} with {body} ideographs of text", **evidence)
    if dated and headline and body >= MIN_DATED_BODY:
        return PageType("article", f"headline {headline[:20]!r}, {body} ideographs of prose, dated by {date_source}", **evidence)
    info = _info_name(names)
    if info:
        return PageType("info", f"information page: {info!r}, no dateline", **evidence)
    if known_article_url and body >= MIN_KNOWN_URL_BODY:
        return PageType("article", f"{body} ideographs of prose at a known article URL shape", **evidence)
    if headline_links >= MIN_LIST_ITEMS and body < MIN_UNDATED_BODY:
        return PageType("list", f"{headline_links} headline links, longest prose {body} ideographs", **evidence)
    if body >= MIN_UNDATED_BODY:
        return PageType("article", f"a long run of prose ({body} ideographs)", **evidence)
    if headline_links:
        return PageType("list", f"{headline_links} headline links, no article", **evidence)
    if body:
        return PageType("info", f"a short page of {body} ideographs, no headline links", **evidence)
    return PageType("error", "an empty page", **evidence)


def _chunks(root: lxml.html.HtmlElement) -> list[_Chunk]:
    """The page's visible text in document order: each anchor as one chunk, each text
    node outside anchors as another. <noscript> counts: it is what a crawler sees of a
    list that loads by script (加载更多)."""
    chunks: list[_Chunk] = []
    link: etree._Element | None = None
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        if event == "start":
            if link is not None or not isinstance(element.tag, str):
                continue
            if element.tag in ("script", "style", "template", "head"):
                walker.skip_subtree()
                _tail(element, chunks)
            elif element.tag == "a":
                link = element
                text = element.text_content().strip()
                cjk = len(CJK.findall(text))
                chunks.append(_Chunk(text, cjk, cjk >= HEADLINE_LINK_MIN_CJK))
            elif element.text and element.text.strip():
                chunks.append(_text_chunk(element.text))
        else:
            if element is link:
                link = None
            if link is None:
                _tail(element, chunks)
    return chunks


def _text_chunk(text: str) -> _Chunk:
    text = text.strip()
    return _Chunk(text, len(CJK.findall(text)), False)


def _tail(element: etree._Element, chunks: list[_Chunk]) -> None:
    if element.tail and element.tail.strip():
        chunks.append(_text_chunk(element.tail))


def _longest_prose_run(chunks: list[_Chunk]) -> tuple[str, int]:
    """The most ideographs of text between two headline links, and their count: an
    article's headline, dateline and body; on a list, one summary."""
    best: list[_Chunk] = []
    run: list[_Chunk] = []
    for chunk in chunks + [_Chunk("", 0, True)]:
        if chunk.headline_link:
            if sum(c.cjk for c in run) > sum(c.cjk for c in best):
                best = run
            run = []
        else:
            run.append(chunk)
    return "\n".join(c.text for c in best), sum(c.cjk for c in best)


def _date_source(root: lxml.html.HtmlElement, run: str, url: str | None) -> str | None:
    """Where the page says when it was published: a date at the start of the prose run
    (the dateline under the headline), else a date <meta> or og:type article, else a date
    in the URL (``t20240426_4027.html``, ``/2024-04/26/``: CMSes file documents by day)."""
    if dates_in_text(run[:DATELINE_REACH]):
        return "a dateline"
    for meta in root.iter("meta"):
        name = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").lower()
        content = meta.get("content") or ""
        if name in DATE_META_NAMES and dates_in_text(content):
            return f"<meta {name}>"
        if name == "og:type" and content.lower() == "article":
            return "og:type article"
    return "the URL's date" if date_in_url(url) else None


def _marked(root: lxml.html.HtmlElement) -> list[tuple[lxml.html.HtmlElement, str]]:
    """Elements with a class or id, and the two lower-cased: where pages say what a block is."""
    return [
        (element, f"{element.get('class', '')} {element.get('id', '')}".lower())
        for element in root.xpath("//body//*[@class or @id]")
    ]


def _headline_in(root: lxml.html.HtmlElement, marked: list[tuple[lxml.html.HtmlElement, str]], run: str) -> str | None:
    """The page's headline, if it heads the run of prose: the text of an <h1>-<h3> or of
    an element whose class or id says title, or the first part of the <title>. On a
    list, the run is a summary under a linked title, and the list's own heading stands
    apart from it."""
    candidates = [element.text_content() for element in root.iter("h1", "h2", "h3")]
    candidates += [element.text_content() for element, marker in marked if "title" in marker or "biaoti" in marker]
    candidates.append(_TITLE_SEPARATOR.split(root.findtext(".//title") or "")[0])
    for candidate in candidates:
        candidate = _WHITESPACE.sub(" ", candidate).strip()
        if len(CJK.findall(candidate)) >= MIN_HEADLINE_CJK and candidate in run:
            return candidate
    return None


def _self_names(root: lxml.html.HtmlElement, marked: list[tuple[lxml.html.HtmlElement, str]]) -> list[str]:
    """What a page calls itself: its <title>, first headline and breadcrumb trail."""
    names = [root.findtext(".//title") or ""]
    for element in root.iter("h1", "h2"):
        names.append(element.text_content())
        break
    for element, marker in marked:
        if any(word in marker for word in BREADCRUMB_MARKERS):
            names.append(element.text_content())
            break
    return [_WHITESPACE.sub(" ", name).strip() for name in names if name.strip()]


_WHITESPACE = re.compile(r"\s+")
# Between a headline and the site's name in a <title>: 标题_网站, 标题 - 网站, 标题|网站.
_TITLE_SEPARATOR = re.compile(r"\s*(?:_|\||｜|--|——|-\s|\s-)\s*")
_INFO_NAME = re.compile("|".join(map(re.escape, INFO_PAGE_NAMES)))
_SOFT_404 = re.compile("|".join(map(re.escape, SOFT_404_PHRASES)))


def _info_name(names: list[str]) -> str | None:
    for name in names:
        match = _INFO_NAME.search(name)
        if match:
            return match.group()
    return None


def _soft_404(names: list[str], run: str) -> str | None:
    for text in [*names, run]:
        match = _SOFT_404.search(text)
        if match:
            return match.group()
    return None
