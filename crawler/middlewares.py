"""Downloader middlewares of the news crawl.

``AddressPolicyMiddleware`` and ``RedirectPolicyMiddleware`` keep the crawler off
addresses it must not reach; ``ConditionalRequestMiddleware`` makes a re-crawl ask
"changed since?" for articles the state store already holds. The subclasses of
Scrapy's robots.txt, offsite and decompression middlewares refuse with a
``RefusedRequest`` naming the reason, where Scrapy's raise a plain ``IgnoreRequest``.
Each is switched off by its setting (``ZHNEWS_*_ENABLED``).
"""

from __future__ import annotations

import ipaddress
import logging
from typing import TYPE_CHECKING
from urllib.parse import urldefrag, urljoin, urlsplit

from scrapy import Request, signals
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse, Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.response import get_meta_refresh

from crawler.resolver import NonPublicAddress, is_public
from crawler.state import DONE, FAILED, open_state

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.robotstxt import RobotParser

logger = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"http", "https"})


class RefusedRequest(IgnoreRequest):
    """A request a middleware refused; ``reason`` goes into the reject row."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


def _port(scheme: str, port: int | None) -> int:
    return port or (443 if scheme == "https" else 80)


def _on_domains(host: str, domains: list[str]) -> bool:
    """``host`` is one of ``domains`` or under one (ports aside, unlike url_is_from_any_domain)."""
    return any(host == domain or host.endswith(f".{domain}") for domain in domains)


def _host_and_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "", _port(parts.scheme, parts.port)


class CrawlerMiddleware:
    """A middleware built by Scrapy from the crawler, counting in its stats, on while
    its ``enabled_by`` setting is true."""

    enabled_by: str

    def __init__(self, crawler: Crawler):
        if not crawler.settings.getbool(self.enabled_by):
            raise NotConfigured(f"{self.enabled_by} is off")
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlerMiddleware:
        return cls(crawler)


class AddressPolicyMiddleware(CrawlerMiddleware):
    """Refuse non-http(s) URLs and hosts that resolve to non-public addresses.

    Every request passes here, redirects included (RedirectMiddleware sends the new
    request through the whole chain again), so a public page cannot redirect the crawl
    into a private network or onto the crawling machine. The exceptions are the hosts
    and ports the user named as start URL or origin (a replica on 127.0.0.1):
    ``ZHNEWS_USER_ORIGINS``, which the spider sets.

    The host is resolved with the reactor's resolver, which gives the reason here; the
    connection resolves it again, and ``crawler.resolver.PublicAddressResolver`` refuses
    a non-public answer then too (DNS rebinding).
    """

    enabled_by = "ZHNEWS_ADDRESS_POLICY_ENABLED"

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.user_given = {_host_and_port(origin) for origin in crawler.settings.getlist("ZHNEWS_USER_ORIGINS")}

    async def process_request(self, request: Request) -> None:
        parts = urlparse_cached(request)
        if parts.scheme not in ALLOWED_SCHEMES:
            self._refuse("refused-scheme", f"scheme {parts.scheme!r} is not http(s): {request.url}")
        host = parts.hostname or ""
        if (host, _port(parts.scheme, parts.port)) in self.user_given:
            return None
        try:
            address = ipaddress.ip_address(host)
        except ValueError:
            try:
                address = ipaddress.ip_address(await self._resolve(host))
            except NonPublicAddress as refused:  # crawler.resolver checked it already
                self._refuse("refused-address", f"{refused}: {request.url}")
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
    """Refuse a redirect that leaves the site or the web, or loops, before it is followed.

    Runs between the download and Scrapy's redirect middlewares (RedirectMiddleware 600,
    MetaRefreshMiddleware 580), so the refusal reaches the request's errback and becomes
    a reject; OffsiteMiddleware would drop the redirected request silently at scheduling,
    and the dupefilter a redirect back to a URL already requested, leaving the article
    queued for ever. Both a ``Location`` header and a ``<meta http-equiv="refresh">``
    are judged. A redirect to an on-site host still passes through
    ``AddressPolicyMiddleware`` when it is requested. The site is the spider's
    ``allowed_domains``, as for Scrapy's OffsiteMiddleware.
    """

    enabled_by = "ZHNEWS_REDIRECT_POLICY_ENABLED"

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.meta_refresh_max_delay = crawler.settings.getint("METAREFRESH_MAXDELAY")
        self.meta_refresh_on = crawler.settings.getbool("METAREFRESH_ENABLED")

    def _target(self, request: Request, response: Response) -> str | None:
        """Where the response sends the crawl: a redirect's Location or a prompt meta refresh."""
        location = response.headers.get(b"Location")
        if 300 <= response.status < 400 and location:
            return urljoin(request.url, location.decode("latin-1"))
        if self.meta_refresh_on and isinstance(response, HtmlResponse) and not request.meta.get("dont_redirect"):
            interval, url = get_meta_refresh(response)
            if url and interval < self.meta_refresh_max_delay:
                return url
        return None

    def process_response(self, request: Request, response: Response) -> Response:
        target = self._target(request, response)
        if target is None:
            return response
        parts = urlsplit(target)
        if parts.scheme not in ALLOWED_SCHEMES:
            reason = "refused-scheme"
        elif not _on_domains(parts.hostname or "", self.crawler.spider.allowed_domains):
            reason = "refused-redirect"
        elif urldefrag(target)[0] in {urldefrag(url)[0] for url in (*request.meta.get("redirect_urls", ()), request.url)}:
            reason = "redirect-loop"
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
    ``pages``): when it is unchanged, the whole article is. Needs the state store
    (``ZHNEWS_STATE_ENABLED``) of the dataset ``ZHNEWS_OUTPUT``.
    """

    enabled_by = "ZHNEWS_REVALIDATE_ENABLED"

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        if not crawler.settings.getbool("ZHNEWS_STATE_ENABLED"):
            raise NotConfigured("ZHNEWS_STATE_ENABLED is off: no validators to send")
        # The spider, created before the components, has set ZHNEWS_OUTPUT.
        self.state = open_state(crawler.settings, crawler.settings["ZHNEWS_OUTPUT"])
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_closed(self) -> None:
        self.state.close()

    def process_request(self, request: Request) -> None:
        article = request.meta.get("article")
        if article is None or request.meta.get("pages"):
            return None
        known = self.state.get(article)
        if known is None or known.status not in (DONE, FAILED):
            return None
        if known.etag:
            request.headers.setdefault("If-None-Match", known.etag)
        if known.last_modified:
            request.headers.setdefault("If-Modified-Since", known.last_modified)
        if known.etag or known.last_modified:
            self.stats.inc_value("zhnews/articles/revalidated")
        return None


class RobotsTxtRefusalMiddleware(RobotsTxtMiddleware):
    """Scrapy's RobotsTxtMiddleware, refusing with the reason ``robots-disallowed``."""

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest as refusal:  # the one it raises: forbidden by robots.txt
            raise RefusedRequest("robots-disallowed", str(refusal)) from None


class OffsiteRefusalMiddleware(OffsiteMiddleware):
    """Scrapy's downloader OffsiteMiddleware, refusing with the reason ``offsite``."""

    def process_request(self, request: Request) -> None:
        try:
            return super().process_request(request)
        except IgnoreRequest as refusal:  # the one it raises: a host off allowed_domains
            raise RefusedRequest("offsite", str(refusal)) from None


class DecompressionRefusalMiddleware(HttpCompressionMiddleware):
    """Scrapy's HttpCompressionMiddleware, refusing a decompression bomb with the reason
    ``too-large`` (a body that inflates past DOWNLOAD_MAXSIZE)."""

    def process_response(self, request: Request, response: Response) -> Response:
        try:
            return super().process_response(request, response)
        except IgnoreRequest as refusal:  # the one it raises: past DOWNLOAD_MAXSIZE
            raise RefusedRequest("too-large", str(refusal)) from None
