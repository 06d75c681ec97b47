"""The one news spider: a site profile says where to start and what an article looks like.

    scrapy crawl news -a site=jfdaily [-a origin=http://127.0.0.1:PORT] [-a output=DATASET]
    scrapy crawl news -a url=https://news.example.cn/ [-a output=DATASET]

Articles are found on list pages (pagination included), in sitemaps and in feeds, by
the profile's URL patterns; without a profile (``-a url=``) by URL shape and page
structure. A multi-page article is followed page by page and handed on as one item.
Every response goes to the raw archive; every failed request becomes a reject.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path
from typing import Any, AsyncIterator, Iterator

from scrapy import Request, Spider, signals
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.internet import error
from twisted.python.failure import Failure

from crawler.items import ArticleFetched, ArticleNotModified, FetchFailed, PageFetched
from crawler.links import article_url, clean_url, extract_links, looks_like_article, next_page
from crawler.middlewares import RefusedRequest
from crawler.profiles import SiteProfile, generic_profile, load_profile
from crawler.state import DONE, Finished, StateStore
from corpus.ids import doc_id_for_url
from corpus.records import RawPage, Reject

DEFAULT_OUTPUT = Path("output") / "crawl"

# A multi-page article longer than this is a pagination loop, not an article.
MAX_ARTICLE_PAGES = 30

# How far from the start page a crawl without a profile goes.
GENERIC_DEPTH_LIMIT = 3


def raw_page(response: Response, site: str) -> RawPage:
    """The response as the server sent it; ``url`` is the URL asked for, before redirects."""
    requested = (response.request.meta.get("redirect_urls") or [response.url])[0] if response.request else response.url
    headers = {
        name.decode("latin-1"): b", ".join(values).decode("latin-1") for name, values in response.headers.items()
    }
    return RawPage(url=requested, final_url=response.url, status=response.status, headers=headers,
                   body=response.body, site=site)


def failure_reason(failure: Failure) -> str:
    """A short, stable reason for a failed request: what the reject row says."""
    failed = failure.value
    if isinstance(failed, HttpError):
        return f"http-{failed.response.status}"
    if isinstance(failed, RefusedRequest):
        return failed.reason
    if isinstance(failed, IgnoreRequest):
        # Scrapy raises a plain IgnoreRequest for all of these; only the message differs.
        message = str(failed)
        if "robots.txt" in message:
            return "robots-disallowed"
        if "offsite" in message:
            return "offsite"
        if "DOWNLOAD_MAXSIZE" in message:  # HttpCompressionMiddleware: a decompression bomb
            return "too-large"
        return "ignored"
    return next((reason for kinds, reason in _ERROR_REASONS if isinstance(failed, kinds)), "fetch-error")


# Scrapy wraps Twisted's connection errors in its own; both are listed so that a
# reason does not depend on which layer raised.
_ERROR_REASONS = (
    ((DownloadTimeoutError, error.TimeoutError), "timeout"),
    ((CannotResolveHostError, error.DNSLookupError), "dns"),
    ((DownloadConnectionRefusedError, error.ConnectionRefusedError), "connection-refused"),
    (DownloadCancelledError, "too-large"),  # the download handler's DOWNLOAD_MAXSIZE
    (ResponseDataLossError, "data-loss"),
)


class NewsSpider(Spider):
    name = "news"

    def __init__(
        self, site: str | None = None, url: str | None = None, origin: str | None = None,
        output: str | None = None, profile: SiteProfile | None = None, **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if profile is None:
            if (site is None) == (url is None):
                raise ValueError("give one of -a site=NAME (a profile) or -a url=URL (a site without one)")
            profile = load_profile(site) if site else generic_profile(url)
        if origin:
            profile = profile.with_origin(origin)
        self.profile = profile
        self.allowed_domains = list(profile.fetch_domains)
        self.output = Path(output) if output else DEFAULT_OUTPUT
        self.state_store = StateStore.for_dataset(self.output)

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # The contact and the profile's politeness, unless the command line or the runner
        # says otherwise (settings of a higher priority are kept).
        settings = crawler.settings
        contact = settings.get("ZHNEWS_CONTACT")
        user_agent = f"zhnews/{metadata.version('zhnews')} (news corpus crawler; +{contact})"
        settings.set("USER_AGENT", user_agent, priority="spider")
        settings.set("DOWNLOAD_DELAY", spider.profile.download_delay, priority="spider")
        settings.set("AUTOTHROTTLE_START_DELAY", max(spider.profile.download_delay, 1.0), priority="spider")
        settings.set(
            "CONCURRENT_REQUESTS_PER_DOMAIN", spider.profile.concurrent_requests_per_domain, priority="spider"
        )
        if spider.profile.detect_articles_by_structure:
            settings.set("DEPTH_LIMIT", GENERIC_DEPTH_LIMIT, priority="spider")
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        return spider

    def request_dropped(self, request: Request) -> None:
        """An article URL that redirects to one already requested is done: the target holds it."""
        alias = request.meta.get("article")
        if alias is None or not request.meta.get("redirect_urls"):
            return
        target = article_url(self.profile, request.url)
        if target != alias:
            self.state_store.finish([Finished(alias, DONE, detail=f"redirects to {target}")])

    def closed(self, reason: str) -> None:
        self.state_store.close()

    # -- requests ------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        for url in self.profile.start_urls:
            yield Request(url, callback=self.parse_list, errback=self.on_error, dont_filter=True)
        for url in self.profile.sitemaps:
            yield self.sitemap_request(url, dont_filter=True)
        for url in self.profile.feeds:
            yield Request(url, callback=self.parse_feed, errback=self.on_error, dont_filter=True)
        # Articles an earlier, interrupted crawl found but did not finish. Unfiltered: a
        # JOBDIR's seen-requests list holds those that were in flight when it was killed.
        for real_url in self.state_store.pending(self.profile.name):
            yield self.article_request(self.profile.fetch_url(real_url), dont_filter=True)

    def sitemap_request(self, url: str, dont_filter: bool = False) -> Request:
        # A robots.txt read for its Sitemap: lines may be missing; that is no failure.
        missing_ok = [404, 410] if url.endswith("/robots.txt") else []
        return Request(url, callback=self.parse_sitemap, errback=self.on_error, dont_filter=dont_filter,
                       meta={"handle_httpstatus_list": missing_ok})

    def article_request(self, url: str, dont_filter: bool = False) -> Request:
        real_url = article_url(self.profile, url)
        self.state_store.discover(real_url, self.profile.name)
        return Request(
            url, callback=self.parse_article, errback=self.on_error, dont_filter=dont_filter,
            meta={"article": real_url, "handle_httpstatus_list": [304]},
        )

    def follow(self, url: str) -> Request | None:
        """The request for an on-site URL, by what the profile says it is."""
        if not self.profile.allows(url):
            return None
        if self.profile.is_article(url):
            return self.article_request(url)
        # Start URLs are requested once, unfiltered, by ``start``.
        if self.profile.is_list(url) and url not in self.profile.start_urls:
            return Request(url, callback=self.parse_list, errback=self.on_error)
        return None

    # -- callbacks -----------------------------------------------------------------

    def parse_list(self, response: Response) -> Iterator[Any]:
        yield PageFetched(raw_page(response, self.profile.name))
        if not isinstance(response, TextResponse):
            return
        if (
            self.profile.detect_articles_by_structure
            and not self.profile.is_continuation(response.url)
            and looks_like_article(response)
        ):
            # A page without an article-shaped URL that reads like an article.
            self.crawler.stats.inc_value("zhnews/articles/by_structure")
            response.meta["article"] = article_url(self.profile, response.url)
            self.state_store.discover(response.meta["article"], self.profile.name)
            yield from self._article_pages(response)
        for link in extract_links(self.profile, response):
            request = self.follow(link.url)
            if request is not None:
                yield request

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        yield PageFetched(raw_page(response, self.profile.name))
        if response.url.endswith("/robots.txt"):
            if response.status == 200:
                for url in sitemap_urls_from_robots(response.body, base_url=response.url):
                    yield self.sitemap_request(self.profile.fetch_url(url))
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        sitemap = Sitemap(body)
        for entry in sitemap:
            url = self.profile.fetch_url(clean_url(entry["loc"]))
            if sitemap.type == "sitemapindex":
                yield self.sitemap_request(url)
            elif (request := self.follow(url)) is not None:
                yield request

    def parse_feed(self, response: Response) -> Iterator[Any]:
        yield PageFetched(raw_page(response, self.profile.name))
        if not isinstance(response, TextResponse):
            return
        selector = response.selector
        selector.remove_namespaces()
        # RSS <item><link>text</link>, Atom <entry><link href=""/>
        urls = selector.xpath("//item/link/text() | //entry/link[not(@rel) or @rel='alternate']/@href").getall()
        for url in urls:
            absolute = self.profile.fetch_url(clean_url(response.urljoin(url.strip())))
            if (request := self.follow(absolute)) is not None:
                yield request

    def parse_article(self, response: Response) -> Iterator[Any]:
        if response.status == 304:
            self.crawler.stats.inc_value("zhnews/articles/not_modified")
            yield ArticleNotModified(response.meta["article"])
            return
        yield PageFetched(raw_page(response, self.profile.name))
        yield from self._article_pages(response)

    def _article_pages(self, response: Response) -> Iterator[Any]:
        article = response.meta["article"]
        pages = (*response.meta.get("pages", ()), raw_page(response, self.profile.name))
        if len(pages) == 1 and response.meta.get("redirect_urls") and not self.profile.is_article(
            clean_url(response.url)
        ):
            yield self._reject(article, "redirect-not-article", f"redirected to {response.url}", article)
            return
        chain = [*response.meta.get("chain", ()), clean_url(response.url)]
        following = next_page(self.profile, response, chain) if isinstance(response, TextResponse) else None
        if following is not None and len(pages) < MAX_ARTICLE_PAGES:
            self.crawler.stats.inc_value("zhnews/articles/continuation_pages")
            # Unfiltered: a page the dupefilter dropped would leave the article unfinished.
            # ``chain`` and MAX_ARTICLE_PAGES end loops; next_page gives on-site URLs only.
            yield Request(
                following, callback=self.parse_article, errback=self.on_error, dont_filter=True,
                meta={"article": article, "pages": pages, "chain": chain},
            )
            return
        # The article is where its first page ended up (after redirects) on the real site.
        real_url = article_url(self.profile, chain[0])
        self.crawler.stats.inc_value("zhnews/articles/fetched")
        yield ArticleFetched(url=article, doc_id=doc_id_for_url(real_url), real_url=real_url, pages=pages)

    # -- failures ------------------------------------------------------------------

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = failure.request
        reason = failure_reason(failure)
        self.crawler.stats.inc_value(f"zhnews/failed/{reason}")
        if isinstance(failure.value, HttpError):
            yield PageFetched(raw_page(failure.value.response, self.profile.name))
        requested = (request.meta.get("redirect_urls") or [request.url])[0]
        detail = f"{request.url}: {failure.getErrorMessage()}"
        yield self._reject(article_url(self.profile, requested), reason, detail, request.meta.get("article"))

    def _reject(self, url: str, reason: str, detail: str, article: str | None) -> FetchFailed:
        reject = Reject(doc_id_for_url(url), url, reason, detail, url=url, site=self.profile.name)
        return FetchFailed(reject, article)
