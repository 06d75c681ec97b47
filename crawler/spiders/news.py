"""The one news spider: site profiles say where to start and what an article looks like.

    scrapy crawl news -a site=jfdaily [-a origin=http://127.0.0.1:PORT] [-a output=DATASET] [-O docs.jsonl]
    scrapy crawl news -a site=jfdaily,cnxz [-a output=DATASET]
    scrapy crawl news -a url=https://news.example.cn/ [-a output=DATASET]
    scrapy parse --spider news -a site=jfdaily -c parse_article URL

Articles are found on list pages (pagination included), in sitemaps, in feeds and
through other articles (相关新闻, 上一篇/下一篇: ``crawler.discovery``), by the profile's
URL patterns; without a profile (``-a url=``) by URL shape. Either way the first page
of every candidate is typed (``cleaners.page_type``, in the crawl's worker processes
with its links: ``crawler.page_reading``): a list, information or error page
becomes a ``not-article`` reject, never a document. A multi-page article is followed
page by page and handed on as one item. Every failed request becomes a reject.

Several sites are crawled by one spider: every request carries its site's name in
``meta["site"]`` and goes to the download slot of that name, whose delay and
concurrency are the site's (``DOWNLOAD_SLOTS``), so each site keeps its own pace.

The spider holds the dataset it writes (its state store, documents and rejects) from
its creation, before anything is written, to its close; a dataset another writer holds
refuses ``scrapy crawl`` with one line, exit 1, and nothing written. ``zhnews crawl``
holds it already (``ZHNEWS_DATASET_HELD``).
"""

from __future__ import annotations

import functools
import logging
from contextlib import ExitStack
from importlib import metadata
from pathlib import Path
from typing import Any, AsyncIterator, Iterable, Iterator

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
from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.internet import error
from twisted.python.failure import Failure

from cleaners.page_type import PageType
from crawler.archive import FROM_ARCHIVE, NotArchived, raw_page
from crawler.discovery import ArticleHops, ArticleShapes, ShapeBudget, feed_links, trap
from crawler.items import PROCESSING_ERROR, WORKER_DIED, ArticleFetched, ArticleNotModified, FetchFailed
from crawler.links import article_url, clean_url, extract_links, feed_urls
from crawler.middlewares import RefusedRequest
from crawler.page_reading import PageReading, PageToRead, read_page
from crawler.pool import CrawlWorkers
from crawler.profiles import SiteProfile, generic_profile, load_profile
from crawler.state import DONE, Finished, StateStore, open_state
from crawler.stats import inc_site_value
from corpus.dataset import Dataset, DatasetBusy
from corpus.ids import doc_id_for_url
from corpus.records import Reject
from corpus.workers import Stopped, WorkerDied

logger = logging.getLogger(__name__)

DEFAULT_OUTPUT = Path("output") / "crawl"

# A multi-page article longer than this is a pagination loop, not an article.
MAX_ARTICLE_PAGES = 30

# How far from the start page a crawl without a profile follows links.
GENERIC_DEPTH_LIMIT = 3


def failure_reason(failure: Failure) -> str:
    """A short, stable reason for a failed request: what the reject row says."""
    failed = failure.value
    if isinstance(failed, HttpError):
        return f"http-{failed.response.status}"
    if isinstance(failed, RefusedRequest):
        return failed.reason
    return next((reason for kinds, reason in _ERROR_REASONS if isinstance(failed, kinds)), "fetch-error")


# Scrapy wraps Twisted's connection errors in its own; both are listed so that a
# reason does not depend on which layer raised.
_ERROR_REASONS = (
    ((DownloadTimeoutError, error.TimeoutError), "timeout"),
    ((CannotResolveHostError, error.DNSLookupError), "dns"),
    ((DownloadConnectionRefusedError, error.ConnectionRefusedError), "connection-refused"),
    (DownloadCancelledError, "too-large"),  # the download handler's DOWNLOAD_MAXSIZE
    (ResponseDataLossError, "data-loss"),
    (IgnoreRequest, "ignored"),  # dropped by a middleware that gives no reason of its own
)


def _chosen(settings: BaseSettings, name: str, site_value: Any) -> Any:
    """A site's own value, unless the command line or the runner set ``name`` for all sites."""
    return settings[name] if settings.getpriority(name) > SETTINGS_PRIORITIES["spider"] else site_value


class NewsSpider(Spider):
    name = "news"

    def __init__(
        self, site: str | None = None, url: str | None = None, origin: str | None = None,
        output: str | None = None, profiles: Iterable[SiteProfile] | None = None, **kwargs: Any,
    ):
        super().__init__(**kwargs)
        if profiles is None:
            if (site is None) == (url is None):
                raise ValueError("give one of -a site=NAME[,NAME…] (profiles) or -a url=URL (a site without one)")
            profiles = [load_profile(name) for name in site.split(",")] if site else [generic_profile(url)]
            if origin:
                if len(profiles) != 1:
                    raise ValueError("-a origin= points one site at another server: name exactly one site")
                profiles = [profiles[0].with_origin(origin)]
        self.profiles = {profile.name: profile for profile in profiles}
        self.allowed_domains = sorted({host for p in self.profiles.values() for host in p.fetch_domains})
        self.output = output
        self.state: StateStore | None = None
        self._hold = ExitStack()
        # What the crawl learns of its sites' URLs (docs/discovery.md): the shapes of
        # proven articles, a fetch budget per other shape, how far articles lead on.
        self.article_shapes = ArticleShapes()
        self.shape_budget = ShapeBudget()
        self.hops = ArticleHops()
        # The crawl's worker processes (crawler.pool), once the crawl has opened; None:
        # pages are read in the reactor thread (the extension is off, or no crawl runs).
        self.workers: CrawlWorkers | None = None

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        # What the components need to know of this crawl, as settings; the command line
        # and the runner (higher priorities) keep theirs.
        settings = crawler.settings
        profiles = list(spider.profiles.values())
        if spider.output:
            settings.set("ZHNEWS_OUTPUT", spider.output, priority="spider")
        elif settings.get("ZHNEWS_OUTPUT") is None:
            settings.set("ZHNEWS_OUTPUT", str(DEFAULT_OUTPUT), priority="spider")
        settings.set("ZHNEWS_JOB", f"zhnews crawl {' '.join(spider.profiles)}", priority="spider")
        if not settings.getbool("ZHNEWS_DATASET_HELD") and (
            settings.getbool("ZHNEWS_DATASET_ENABLED") or settings.getbool("ZHNEWS_STATE_ENABLED")
        ):
            spider.hold_dataset(settings)
        settings.set("ZHNEWS_USER_ORIGINS", sorted({p.origin for p in profiles if p.origin}), priority="spider")
        contact = settings.get("ZHNEWS_CONTACT")
        user_agent = f"zhnews/{metadata.version('zhnews')} (news corpus crawler; +{contact})"
        settings.set("USER_AGENT", user_agent, priority="spider")
        # Each site's delay and concurrency are its slot's. AutoThrottle's floor is the one
        # DOWNLOAD_DELAY of the crawl: the least of the sites' delays.
        settings.set("DOWNLOAD_DELAY", min(p.download_delay for p in profiles), priority="spider")
        settings.set("AUTOTHROTTLE_START_DELAY", max(max(p.download_delay for p in profiles), 1.0), priority="spider")
        slots = {
            p.name: {
                "delay": float(_chosen(settings, "DOWNLOAD_DELAY", p.download_delay)),
                "concurrency": int(_chosen(settings, "CONCURRENT_REQUESTS_PER_DOMAIN", p.concurrent_requests_per_domain)),
            }
            for p in profiles
        }
        settings.set("DOWNLOAD_SLOTS", {**settings.getdict("DOWNLOAD_SLOTS"), **slots}, priority="spider")
        if settings.getbool("ZHNEWS_STATE_ENABLED"):
            spider.state = open_state(settings, settings["ZHNEWS_OUTPUT"])
            crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider.response_received, signal=signals.response_received)
        crawler.signals.connect(spider.spider_opened, signal=signals.spider_opened)
        return spider

    def spider_opened(self) -> None:
        self.workers = self.crawler.get_extension(CrawlWorkers)

    def hold_dataset(self, settings: BaseSettings) -> None:
        """Hold ``ZHNEWS_OUTPUT`` until the spider closes, before the state store is opened.

        A busy dataset ends the process here: one line, exit 1 (what ``scrapy crawl``
        returns for a crawl that could not start). An exception would end it as well,
        but only after Scrapy printed its traceback, and after the components it builds
        next had opened the state store.
        """
        dataset = Dataset(settings["ZHNEWS_OUTPUT"])
        # With a shared frontier (zhnews crawl --redis) its other crawlers write beside this one.
        hold = dataset.shared if settings.get("ZHNEWS_FRONTIER") else dataset.exclusive
        try:
            self._hold.enter_context(hold(settings["ZHNEWS_JOB"]))
        except DatasetBusy as busy:
            logger.error("%s", busy)
            raise SystemExit(1) from None
        settings.set("ZHNEWS_DATASET_HELD", True, priority="spider")

    def response_received(self, response: Response, request: Request) -> None:
        inc_site_value(self.crawler.stats, request.meta.get("site"), "pages")

    def request_dropped(self, request: Request) -> None:
        """An article URL that redirects to one already requested is done: the target holds it."""
        alias = request.meta.get("article")
        if alias is None or not request.meta.get("redirect_urls"):
            return
        target = article_url(self.profile_for(request), request.url)
        if target != alias:
            self.state.finish([Finished(alias, DONE, detail=f"redirects to {target}")])

    def closed(self, reason: str) -> None:
        if self.state is not None:
            self.state.close()
        self._hold.close()

    def profile_for(self, request_or_response: Request | Response) -> SiteProfile:
        """The site of a request: its ``meta["site"]``; for a URL given by hand (``scrapy
        parse``), the site that may fetch it."""
        name = request_or_response.meta.get("site")
        if name is not None:
            return self.profiles[name]
        url = request_or_response.url
        return next((p for p in self.profiles.values() if p.allows(url)), next(iter(self.profiles.values())))

    # -- requests ------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Request]:
        for profile in self.profiles.values():
            for url in profile.start_urls:
                yield self.start_request(profile, url)
            for url in profile.sitemaps:
                yield self.sitemap_request(profile, url)
            for url in profile.feeds:
                yield self.request(profile, url, self.parse_feed)
            # Articles an earlier, interrupted crawl found but did not finish.
            if self.state is not None:
                for real_url in self.state.pending(profile.name):
                    yield self.article_request(profile, profile.fetch_url(real_url))
                # Articles whose processing failed: processed again from the pages archived.
                for real_url in self.state.retrying(profile.name):
                    yield self.article_request(profile, profile.fetch_url(real_url), from_archive=True)

    def request(self, profile: SiteProfile, url: str, callback: Any, meta: dict | None = None,
                dont_filter: bool = False) -> Request:
        return Request(
            url, callback=callback, errback=self.on_error, dont_filter=dont_filter,
            meta={"site": profile.name, "download_slot": profile.name, **(meta or {})},
        )

    def start_request(self, profile: SiteProfile, url: str) -> Request:
        """A start URL is a list page, unless its URL says article (a replay starts from those)."""
        if profile.is_article(url):
            return self.article_request(profile, url)
        return self.request(profile, url, self.parse_list)

    def sitemap_request(self, profile: SiteProfile, url: str) -> Request:
        # A robots.txt read for its Sitemap: lines may be missing; that is no failure.
        missing_ok = [404, 410] if url.endswith("/robots.txt") else []
        return self.request(profile, url, self.parse_sitemap, meta={"handle_httpstatus_list": missing_ok})

    def article_request(self, profile: SiteProfile, url: str, hops: int = 0, from_archive: bool = False) -> Request:
        real_url = article_url(profile, url)
        if self.state is not None:
            self.state.discover(real_url, profile.name)
        meta = {"article": real_url, "handle_httpstatus_list": [304], "hops": hops, FROM_ARCHIVE: from_archive}
        return self.request(profile, url, self.parse_article, meta=meta)

    def follow(self, profile: SiteProfile, url: str) -> Request | None:
        """The request for an on-site URL, by what the profile says it is. Traps are never
        followed, and a shape not proved to hold articles only within its budget."""
        if not profile.allows(url) or trap(url):
            return None
        if profile.is_article(url):
            return self.article_request(profile, url)
        if profile.is_list(url) and self.shape_budget.take(url, self.article_shapes):
            return self.request(profile, url, self.parse_list)
        return None

    def follows_links(self, profile: SiteProfile, response: Response) -> bool:
        """A crawl without a profile goes only GENERIC_DEPTH_LIMIT links from its start page."""
        return not profile.detect_articles_by_structure or response.meta.get("depth", 0) < GENERIC_DEPTH_LIMIT

    # -- callbacks -----------------------------------------------------------------

    async def parse_list(self, response: Response) -> AsyncIterator[Any]:
        if not isinstance(response, TextResponse):
            return
        profile = self.profile_for(response)
        content_type = response.headers.get("Content-Type", b"").lower()
        if b"xml" in content_type and b"html" not in content_type:
            # A feed linked as a page (<a href="rss.xml">): its items are article links.
            results: Iterable[Any] = self.parse_feed(response)
        elif profile.detect_articles_by_structure:
            # Without a profile any page may be an article, whatever its URL: the page says.
            response.meta["article"] = article_url(profile, response.url)
            async for result in self._article_pages(profile, response):
                yield result
            return
        else:
            results = self._list_links(profile, response)
        for result in results:
            yield result

    def _list_links(self, profile: SiteProfile, response: TextResponse) -> Iterator[Request]:
        for url in feed_urls(profile, response):
            if not trap(url):
                yield self.request(profile, url, self.parse_feed)
        if self.follows_links(profile, response):
            for link in extract_links(profile, response):
                if (request := self.follow(profile, link.url)) is not None:
                    yield request

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        profile = self.profile_for(response)
        if response.url.endswith("/robots.txt"):
            if response.status == 200:
                for url in sitemap_urls_from_robots(response.body, base_url=response.url):
                    yield self.sitemap_request(profile, profile.fetch_url(url))
            return
        if not self.follows_links(profile, response):
            return
        body = response.body
        if body[:2] == b"\x1f\x8b":
            body = gunzip(body, max_size=self.crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        sitemap = Sitemap(body)
        for entry in sitemap:
            real_url = clean_url(entry["loc"])
            if not profile.allows(real_url):  # before fetch_url, which would move it onto the origin
                continue
            url = profile.fetch_url(real_url)
            if sitemap.type == "sitemapindex":
                yield self.sitemap_request(profile, url)
            elif (request := self.follow(profile, url)) is not None:
                yield request

    def parse_feed(self, response: Response) -> Iterator[Any]:
        """A feed's items are article links (RSS ``<item><link>``, Atom ``<entry><link>``),
        whatever their URLs look like: the pages' types decide."""
        profile = self.profile_for(response)
        for url in map(clean_url, feed_links(response.body, response.url)):
            # Judged before fetch_url, which would move an off-site item onto the origin.
            if profile.allows(url) and not trap(url):
                yield self.article_request(profile, profile.fetch_url(url))

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        profile = self.profile_for(response)
        if response.status == 304:
            inc_site_value(self.crawler.stats, profile.name, "articles/not_modified")
            yield ArticleNotModified(response.meta["article"])
            return
        # An article URL given by hand (``scrapy parse``) is the article's own key.
        article = response.meta.setdefault("article", article_url(profile, response.url))
        # A profile's article patterns say where its articles are; without a profile the
        # page, typed in _article_pages, says whether a redirect ended on one.
        redirected = response.meta.get("redirect_urls") and not response.meta.get("pages")
        if redirected and not profile.detect_articles_by_structure and not profile.is_article(clean_url(response.url)):
            yield self._reject(profile, article, "redirect-not-article", f"redirected to {response.url}", article)
            return
        async for result in self._article_pages(profile, response):
            yield result

    async def _article_pages(self, profile: SiteProfile, response: Response) -> AsyncIterator[Any]:
        article = response.meta["article"]
        pages = (*response.meta.get("pages", ()), raw_page(response, profile.name))
        chain = [*response.meta.get("chain", ()), clean_url(response.url)]
        # The article is where its first page ended up (after redirects) on the real site.
        real_url = article_url(profile, chain[0])
        fetched = ArticleFetched(
            url=article, doc_id=doc_id_for_url(real_url), real_url=real_url, site=profile.name,
            hints=profile.hints, similarity_threshold=profile.similarity_threshold, site_charset=profile.charset,
            source_kind=profile.kind, pages=pages,
        )
        # A body that is no text (a PDF at an article URL) has no type, links nor next
        # page: extraction rejects it.
        reading = PageReading(None)
        if isinstance(response, TextResponse):
            try:
                reading = await self._read(profile, response, chain)
            except Stopped:  # the article stays queued for the next run
                self.crawler.stats.inc_value("zhnews/failed/while_stopping")
                return
            except WorkerDied as died:  # the page kills whatever worker reads it
                yield fetched.failed(WORKER_DIED, str(died))
                return
            except Exception as error:  # one bad page must not end the crawl
                logger.exception("reading %s failed", response.url)
                yield fetched.failed(PROCESSING_ERROR, repr(error))
                return
        if reading.kind is not None:
            if reading.kind.kind != "article":
                for result in self._not_article(profile, response, reading.kind):
                    yield result
                return
            self.article_shapes.add(response.url)
            if self.state is not None:  # a --url crawl's list request may bring an article
                self.state.discover(article, profile.name)
            for request in self._article_links(profile, response, reading):
                yield request
        if reading.next_page is not None and len(pages) < MAX_ARTICLE_PAGES:
            inc_site_value(self.crawler.stats, profile.name, "articles/continuation_pages")
            # Unfiltered: a page the dupefilter dropped would leave the article unfinished.
            # ``chain`` and MAX_ARTICLE_PAGES end loops; next_page gives on-site URLs only.
            yield self.request(
                profile, reading.next_page, self.parse_article, dont_filter=True,
                meta={"article": article, "pages": pages, "chain": chain,
                      FROM_ARCHIVE: response.meta.get(FROM_ARCHIVE, False)},
            )
            return
        inc_site_value(self.crawler.stats, profile.name, "articles/fetched")
        yield fetched

    async def _read(self, profile: SiteProfile, response: TextResponse, chain: list[str]) -> PageReading:
        """``page_reading.read_page`` of the response, in the crawl's workers: the first page
        of a candidate is typed, and an article's links read when it may lead on."""

        async def read(known_article_url: bool) -> PageReading:
            job = functools.partial(
                read_page, profile, PageToRead.of(response), chain, first=len(chain) == 1,
                known_article_url=known_article_url, follow_links=self.hops.leads_on(response.meta.get("hops", 0)),
            )
            if self.workers is None or not self.workers.running:
                # The workers start with the first article to process and take seconds to;
                # until then pages are read here, a light job, rather than waited on.
                return job()
            return await self.workers.run(job)

        known = self.article_shapes.knows(response.url)
        reading = await read(known)
        if reading.kind is not None and reading.kind.kind != "article" and not known and self.article_shapes.knows(response.url):
            # Pages are read several at a time: one read before an article of its shape
            # was proven is read again as it would have been after.
            reading = await read(True)
        return reading

    def _not_article(self, profile: SiteProfile, response: TextResponse, kind: PageType) -> Iterator[Any]:
        """A list, information or error page: a reject to check, and a list's links to follow."""
        inc_site_value(self.crawler.stats, profile.name, f"not_article/{kind.kind}")
        article = response.meta["article"]
        yield self._reject(profile, article, "not-article", f"{kind.kind}: {kind.reason}", article)
        yield from self._list_links(profile, response)

    def _article_links(self, profile: SiteProfile, response: TextResponse, reading: PageReading) -> Iterator[Request]:
        """Articles an article leads to: its 上一篇/下一篇 and links of a known article
        shape (相关新闻), a few hops deep; never its own later pages."""
        hops = response.meta.get("hops", 0)
        for url in reading.article_links:
            reached = self.hops.follow(url, hops, self.article_shapes, neighbour=url in reading.neighbours)
            if reached is not None:
                yield self.article_request(profile, url, hops=reached)

    # -- failures ------------------------------------------------------------------

    def on_error(self, failure: Failure) -> Iterator[Any]:
        if isinstance(failure.value, NotArchived):  # a replay meets a link the crawl never fetched
            self.crawler.stats.inc_value("zhnews/replay/not_archived")
            return
        if not self.crawler.crawling:
            # A stopping crawl cancels the downloads in flight: no fault of the page. The
            # article stays queued for the next run, as the pipelines leave theirs.
            self.crawler.stats.inc_value("zhnews/failed/while_stopping")
            return
        request = failure.request
        profile = self.profile_for(request)
        reason = failure_reason(failure)
        inc_site_value(self.crawler.stats, profile.name, f"failed/{reason}")
        requested = (request.meta.get("redirect_urls") or [request.url])[0]
        detail = f"{request.url}: {failure.getErrorMessage()}"
        yield self._reject(profile, article_url(profile, requested), reason, detail, request.meta.get("article"))

    def _reject(self, profile: SiteProfile, url: str, reason: str, detail: str, article: str | None) -> FetchFailed:
        reject = Reject(doc_id_for_url(url), url, reason, detail, url=url, site=profile.name)
        return FetchFailed(reject, article)
