"""The raw archive, ``DATASET/raw``, as storages of Scrapy's HTTP cache middleware.

A crawl runs HttpCacheMiddleware with ``ArchiveStorage``: every response as the spider
gets it (decompressed; error pages and robots.txt too; not a redirect, nor a 304, which
holds no page) is appended to the archive, and none is ever served from it, so the
crawl fetches everything. ``zhnews reprocess`` runs the same spider with ``ReplayMiddleware`` and
``ReplayStorage``: every request is answered from the archive with the newest response
to its URL, read from disk when asked for, and a request the archive cannot answer
fails with ``NotArchived``; nothing goes to the network.

Archived URLs are the ones fetched, on a replica's origin too; the replay finds them by
their URL on the real site (``SiteProfile.real_url``), so that crawls of a replica on
different ports replay as one site.

``ArchivedRetries`` serves a crawl the same way, for the articles whose processing
failed in an earlier run (request meta ``FROM_ARCHIVE``): they are processed again from
the pages archived then, not fetched again.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
from functools import lru_cache, partial
from pathlib import Path

import pyarrow.parquet as pq
from scrapy import Request, Spider
from scrapy.downloadermiddlewares.httpcache import HttpCacheMiddleware
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.responsetypes import responsetypes
from scrapy.settings import BaseSettings

from corpus.dataset import Dataset
from corpus.parts import part_paths
from corpus.records import RawPage
from corpus.schema import RAW_SCHEMA, raw_page as page_of_row
from crawler.profiles import SiteProfile, profile_for_site

logger = logging.getLogger(__name__)


def raw_page(response: Response, site: str | None, request: Request | None = None) -> RawPage:
    """The response as the server sent it; ``url`` is the URL asked for, before redirects."""
    request = request or response.request
    requested = (request.meta.get("redirect_urls") or [response.url])[0] if request else response.url
    headers = {
        name.decode("latin-1"): b", ".join(values).decode("latin-1") for name, values in response.headers.items()
    }
    return RawPage(url=requested, final_url=response.url, status=response.status, headers=headers,
                   body=response.body, site=site)


class ArchiveStorage:
    """Appends responses to ``ZHNEWS_OUTPUT``/raw in batches; serves none.

    Batches are written in order by one thread of its own, off the reactor thread.
    Part files are written whole and renamed into place (``corpus.parts``), so they need
    no hold on the dataset; the one writer of documents is DatasetPipeline.
    """

    def __init__(self, settings: BaseSettings):
        self.settings = settings
        self.flush_items = settings.getint("ZHNEWS_FLUSH_ITEMS")
        self.flush_seconds = settings.getfloat("ZHNEWS_FLUSH_SECONDS")
        self.pages: list[RawPage] = []
        self.last_flush = time.monotonic()
        self.dataset: Dataset | None = None
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="raw-archive")
        self.writes: list[Future] = []

    def open_spider(self, spider: Spider) -> None:
        # Never ``alone``: whoever holds the dataset (the runner, DatasetPipeline) recovers
        # what killed writers left before the first response; a second recovery here would
        # delete the parts that DatasetPipeline is staging in .tmp at that moment.
        self.dataset = Dataset(self.settings["ZHNEWS_OUTPUT"], alone=False)

    def close_spider(self, spider: Spider) -> None:
        self.flush()
        self.writer.shutdown(wait=True)
        self._reap(self.writes)

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        return None

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        self.pages.append(raw_page(response, request.meta.get("site"), request))
        if len(self.pages) >= self.flush_items or time.monotonic() - self.last_flush >= self.flush_seconds:
            self.flush()

    def flush(self) -> None:
        pages, self.pages, self.last_flush = self.pages, [], time.monotonic()
        done = [write for write in self.writes if write.done()]
        self._reap(done)
        self.writes = [write for write in self.writes if write not in done]
        if pages:
            self.writes.append(self.writer.submit(self.dataset.write_raw, pages))

    @staticmethod
    def _reap(writes: list[Future]) -> None:
        # Logged, not raised: the crawl's documents do not depend on the archive.
        for write in writes:
            if write.exception() is not None:
                logger.error("a batch of the raw archive was not written", exc_info=write.exception())


class NotArchived(IgnoreRequest):
    """A replay asked for a URL the archive holds no response to."""


class RealUrls:
    """Archived URLs on their site's real host: the replay's keys. A URL off its site's
    own hosts is a replica's and moves home."""

    def __init__(self) -> None:
        self.profiles: dict[str, SiteProfile] = {}

    def __call__(self, site: str | None, url: str) -> str:
        if site is None:  # robots.txt, read by Scrapy for any site
            return url
        if site not in self.profiles:
            # Without origin: a profile for a site without a file has its own home as
            # origin, which would keep a replica's URLs where they are.
            self.profiles[site] = dataclasses.replace(profile_for_site(site), origin=None)
        return self.profiles[site].real_url(url)


class ReplayStorage:
    """Serves the newest archived response to each URL of ``ZHNEWS_OUTPUT``/raw.

    Opening reads the archive's URLs and times only; a body is read when its response
    is asked for (parts are small: one per flush; the last few read are kept).
    """

    def __init__(self, settings: BaseSettings):
        self.settings = settings
        self.real_url = RealUrls()
        # real URL -> (part, row) of its newest response
        self.index: dict[str, tuple[Path, int]] = {}
        self.read_part = lru_cache(maxsize=8)(partial(pq.read_table, schema=RAW_SCHEMA))

    def open_spider(self, spider: Spider) -> None:
        newest: dict[str, tuple] = {}
        for part in part_paths(Path(self.settings["ZHNEWS_OUTPUT"]) / "raw"):
            columns = pq.read_table(part, columns=["final_url", "site", "fetched_at"], schema=RAW_SCHEMA).to_pydict()
            for row, (url, site, fetched_at) in enumerate(zip(*columns.values())):
                key = self.real_url(site, url)
                if key not in newest or newest[key][0] <= fetched_at:
                    newest[key] = (fetched_at, part, row)
        self.index = {key: (part, row) for key, (_, part, row) in newest.items()}

    def close_spider(self, spider: Spider) -> None:
        self.read_part.cache_clear()

    def retrieve_response(self, spider: Spider, request: Request) -> Response | None:
        found = self.index.get(self.real_url(request.meta.get("site"), request.url))
        if found is None:
            return None
        part, row = found
        page = page_of_row(self.read_part(part).slice(row, 1).to_pylist()[0])
        # At the URL asked for: a replay of a replica runs on one origin, whichever port
        # each page was archived from.
        response_class = responsetypes.from_args(headers=page.headers, url=request.url, body=page.body)
        return response_class(url=request.url, status=page.status, headers=page.headers, body=page.body,
                              request=request)

    def store_response(self, spider: Spider, request: Request, response: Response) -> None:
        """A replay adds nothing to the archive it replays."""


class ReplayMiddleware(HttpCacheMiddleware):
    """HttpCacheMiddleware for a replay: a request the storage cannot answer fails with
    ``NotArchived`` (HTTPCACHE_IGNORE_MISSING's plain IgnoreRequest says why only in words)."""

    def process_request(self, request: Request) -> Request | Response | None:
        response = super().process_request(request)
        if response is None:
            self.stats.inc_value("httpcache/miss/not_archived")
            raise NotArchived(f"not in the archive: {request.url}")
        return response


# Request meta: answer this request from the raw archive (ArchivedRetries).
FROM_ARCHIVE = "from_archive"


class ArchivedRetries:
    """Answers a crawl's ``FROM_ARCHIVE`` requests with their newest archived responses.

    The archive's index is read at the first such request (a crawl without articles to
    retry reads nothing). A page the archive does not hold (a crawl killed before the
    batch holding it was written) is fetched instead. Needs the state store, which says
    which articles to retry (``ZHNEWS_STATE_ENABLED``).
    """

    def __init__(self, crawler: Crawler):
        if not crawler.settings.getbool("ZHNEWS_STATE_ENABLED"):
            raise NotConfigured("ZHNEWS_STATE_ENABLED is off: no articles to retry")
        self.settings = crawler.settings
        self.stats = crawler.stats
        self.storage: ReplayStorage | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivedRetries:
        return cls(crawler)

    def process_request(self, request: Request) -> Response | None:
        if not request.meta.get(FROM_ARCHIVE):
            return None
        if self.storage is None:
            self.storage = ReplayStorage(self.settings)
            self.storage.open_spider(None)
        response = self.storage.retrieve_response(None, request)
        if response is None:
            self.stats.inc_value("zhnews/retry/not_archived")
            return None
        self.stats.inc_value("zhnews/retry/from_archive")
        response.flags.append("cached")  # not archived again (HttpCacheMiddleware)
        return response
