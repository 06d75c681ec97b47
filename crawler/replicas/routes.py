"""What a replica site answers to one request: URL -> status, headers and bytes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from email.utils import formatdate, parsedate_to_datetime
from typing import Any, Mapping
from urllib.parse import parse_qsl, urlsplit

from crawler.replicas.feeds import atom_xml, robots_txt, rss_xml, sitemap_index_xml, sitemap_xml
from crawler.replicas.render import render_article, render_day, render_list, render_plain
from crawler.replicas.site import Article, Site

ERROR_TEXT = {404: "您访问的页面不存在或已被删除。", 500: "服务器内部错误,请稍后再试。"}
# Files a page links to that are no HTML page: answered with a stub of their type.
ATTACHMENT_TYPES = {".pdf": "application/pdf", ".doc": "application/msword", ".docx": "application/msword",
                    ".xls": "application/vnd.ms-excel", ".xlsx": "application/vnd.ms-excel", ".zip": "application/zip"}


@dataclass(frozen=True)
class Response:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    delay: float = 0.0  # seconds to wait before answering (a slow page)


def respond(site: Site, target: str, origin: str, request_headers: Mapping[str, str]) -> Response:
    """The answer to ``GET target`` (path+query) on ``site``, served at ``origin``."""
    config = site.config
    if target == "/robots.txt":
        return _text(robots_txt(site, origin), "text/plain; charset=utf-8")
    if target == config.get("sitemap_index"):
        return _text(sitemap_index_xml(site, origin), "application/xml; charset=utf-8")
    if target == config.get("sitemap"):
        return _text(sitemap_xml(site, origin), "application/xml; charset=utf-8")
    if target == config.get("feed"):
        if config.get("feed_format") == "atom":
            return _text(atom_xml(site, origin), "application/atom+xml; charset=utf-8")
        return _text(rss_xml(site, origin), "application/rss+xml; charset=utf-8")
    path = urlsplit(target).path
    if path == config.get("calendar"):
        return _calendar_day(site, path, target)
    attachment_type = next((t for ext, t in ATTACHMENT_TYPES.items() if path.lower().endswith(ext)), None)
    if attachment_type:
        return Response(200, [("Content-Type", attachment_type)], b"%PDF-1.4 replica attachment\n")
    if target == "/" and site.lists:  # the home page shows the first list
        return _html(render_list(site, site.lists[0], 1, config.get("link", [])), site.layout)
    for pages in site.lists:
        for n in range(1, pages.page_count + 1):
            if target == pages.url_of(n):
                links = config.get("link", []) if n == 1 else []
                return _html(render_list(site, pages, n, links), site.layout)
    for page in config.get("page", []):
        if target == page["url"]:
            if page.get("kind") == "soft404":
                return _soft_404(site)
            return _html(render_plain(site, page["title"], page["text"]), site.layout)
    for redirect in config.get("redirect", []):
        if target == redirect["from"]:
            return Response(redirect.get("status", 301), [("Location", redirect["to"])])
    for error in config.get("error", []):
        if target == error["url"]:
            return _error(site, error["status"])
    found = _find_article_page(site, target)
    if found is None:
        # Many portals answer an unknown URL with a "not found" page and status 200.
        return _soft_404(site) if config.get("soft_404") else _error(site, 404)
    article, page = found
    return _article_response(site, article, page, request_headers)


def _article_response(site: Site, article: Article, page: int, request_headers: Mapping[str, str]) -> Response:
    # The validators follow the article's source file only, so a recrawl after another
    # article was added still gets 304 (the related lists around it may have changed).
    etag = f'"{article.validator[:16]}-{page}"'
    validators = [("ETag", etag), ("Last-Modified", formatdate(article.modified, usegmt=True))]
    if _not_modified(request_headers, etag, article.modified):
        return Response(304, validators, delay=article.delay)
    response = _html(render_article(site, article, page), article.layout)
    return Response(200, response.headers + validators, response.body, article.delay)


def _find_article_page(site: Site, target: str) -> tuple[Article, int] | None:
    """The article page at ``target``; extra query parameters (``utm_source``,
    ``from=timeline``) are ignored, as the real sites do."""
    pages = [(article, n, url) for article in site.articles for n, url in enumerate(article.page_urls, start=1)]
    for article, n, url in pages:
        if url == target:
            return article, n
    wanted = urlsplit(target)
    wanted_params = set(parse_qsl(wanted.query))
    matches = []
    for article, n, url in pages:
        parts = urlsplit(url)
        params = set(parse_qsl(parts.query))
        if parts.path == wanted.path and params <= wanted_params:
            matches.append((len(params), article, n))
    if not matches:
        return None
    _, article, n = max(matches, key=lambda m: m[0])
    return article, n


def _not_modified(request_headers: Mapping[str, str], etag: str, modified: float) -> bool:
    if_none_match = request_headers.get("If-None-Match")
    if if_none_match is not None:  # takes precedence over If-Modified-Since (RFC 9110)
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return "*" in tags or etag in tags
    if_modified_since = request_headers.get("If-Modified-Since")
    if if_modified_since is None:
        return False
    try:
        since = parsedate_to_datetime(if_modified_since).timestamp()
    except (TypeError, ValueError):
        return False
    return int(modified) <= since


def _soft_404(site: Site) -> Response:
    return _html(render_plain(site, "页面不存在", ERROR_TEXT[404] + "\n返回首页"), site.layout)


def _calendar_day(site: Site, path: str, target: str) -> Response:
    """Any ``?date=YYYY-MM-DD`` of the calendar archive; another query: today's page."""
    value = dict(parse_qsl(urlsplit(target).query)).get("date", "")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = max((a.published.date() for a in site.listed), default=date(2024, 1, 1))
    return _html(render_day(site, path, day), site.layout)


def _error(site: Site, status: int) -> Response:
    response = _html(render_plain(site, str(status), ERROR_TEXT.get(status, "")), site.layout)
    return Response(status, response.headers, response.body)


def _html(text: str, layout: dict[str, Any]) -> Response:
    encoding = layout.get("encoding", "utf-8")
    content_type = "text/html"
    if layout.get("declare_charset", True):
        content_type += f"; charset={layout.get('charset_label', encoding)}"
    # Characters the page's charset lacks become character references, as browsers do.
    return Response(200, [("Content-Type", content_type)], text.encode(encoding, "xmlcharrefreplace"))


def _text(text: str, content_type: str) -> Response:
    return Response(200, [("Content-Type", content_type)], text.encode("utf-8"))
