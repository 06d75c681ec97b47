"""Downloader middlewares of the news crawl.

``AddressPolicyMiddleware`` and ``RedirectPolicyMiddleware`` keep the crawler off
addresses it must not reach;
``ConditionalRequestMiddleware`` makes a re-crawl ask "changed since?" for articles the
state store already holds.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.http import Response
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached

from crawler.state import DONE, FAILED

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"http", "https"})


class RefusedRequest(IgnoreRequest):
    """A request the address policy refused; ``reason`` goes into the reject row."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def _port(scheme: str, port: int | None) -> int:
    return port or (443 if scheme == "https" else 80)


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A globally routable unicast address: not private, loopback, link-local, multicast…"""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


class CrawlerMiddleware:
    """A middleware built by Scrapy from the crawler, counting in its stats."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlerMiddleware:
        return cls(crawler)


class AddressPolicyMiddleware(CrawlerMiddleware):
    """Refuse non-http(s) URLs and hosts that resolve to non-public addresses.

    Every request passes here, redirects included (RedirectMiddleware sends the new
    request through the whole chain again), so a public page cannot redirect the crawl
    into a private network or onto the crawling machine. The one exception is the host
    and port the user named as start URL or origin (a replica on 127.0.0.1): the spider's
    ``profile.origin``.

    The host is resolved with the reactor's resolver, Scrapy's caching one, so the
    connection that follows normally gets the same answer from the cache.
    """

    def _user_given(self) -> tuple[str, int] | None:
        profile = getattr(self.crawler.spider, "profile", None)
        if profile is None or not profile.origin:
            return None
        parts = urlparse_cached(Request(profile.origin))
        return parts.hostname or "", _port(parts.scheme, parts.port)

    async def process_request(self, request: Request) -> None:
        parts = urlparse_cached(request)
        if parts.scheme not in ALLOWED_SCHEMES:
            self._refuse("refused-scheme", f"scheme {parts.scheme!r} is not http(s): {request.url}")
        host = parts.hostname or ""
        if (host, _port(parts.scheme, parts.port)) == self._user_given():
            return None
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            address = ipaddress.ip_address(await self._resolve(host))
        if not is_public(address):
            self._refuse("refused-address", f"{host} is a non-public address ({address}): {request.url}")
        return None

    async def _resolve(self, host: str) -> str:
        from twisted.internet import reactor

        return await maybe_deferred_to_future(reactor.resolve(host))

    def _refuse(self, reason: str, message: str) -> None:
        self.stats.inc_value(f"zhnews/refused/{reason}")
        logger.warning("refused request: %s", message)
        raise RefusedRequest(reason, message)


class RedirectPolicyMiddleware(CrawlerMiddleware):
    """Refuse a redirect that leaves the site or the web before it is followed.

    Runs between the download and RedirectMiddleware, so the refusal reaches the
    request's errback and becomes a reject; OffsiteMiddleware would drop the redirected
    request silently at scheduling. A redirect to an on-site host still passes through
    ``AddressPolicyMiddleware`` when it is requested.
    """

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if not 300 <= response.status < 400 or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        parts = urlsplit(target)
        if parts.scheme not in ALLOWED_SCHEMES:
            reason = "refused-scheme"
        elif not self.crawler.spider.profile.allows(target):
            reason = "refused-redirect"
        else:
            return response
        self.stats.inc_value(f"zhnews/refused/{reason}")
        logger.warning("refused redirect of %s to %s", request.url, target)
        raise RefusedRequest(reason, f"redirect to {target}")


class ConditionalRequestMiddleware(CrawlerMiddleware):
    """Send If-None-Match / If-Modified-Since for articles the dataset already holds.

    Scrapy's HttpCacheMiddleware with the RFC 2616 policy also revalidates, but it keeps
    a second copy of every body and may serve list pages from cache by heuristic
    freshness, hiding new articles; the state store has the validators already.
    Only an article's first page is revalidated (request meta ``article``, no
    ``pages``): when it is unchanged, the whole article is.
    """

    def process_request(self, request: Request) -> None:
        article = request.meta.get("article")
        if article is None or request.meta.get("pages"):
            return None
        known = self.crawler.spider.state_store.get(article)
        if known is None or known.status not in (DONE, FAILED):
            return None
        if known.etag:
            request.headers.setdefault("If-None-Match", known.etag)
        if known.last_modified:
            request.headers.setdefault("If-Modified-Since", known.last_modified)
        if known.etag or known.last_modified:
            self.stats.inc_value("zhnews/articles/revalidated")
        return None
