"""Item pipelines: process articles in worker processes, then write the dataset.

``ProcessPipeline`` (300) turns an ``ArticleFetched`` into an ``ArticleProcessed`` by
running extraction, cleaning and similarity scoring in a process pool, so the reactor
keeps downloading while pages are cleaned. ``DatasetPipeline`` (800) holds the dataset
for the whole crawl (a crawl from another process refuses to start) and writes raw
pages, documents and rejects in batches; only after a batch is on disk does it mark the
batch's articles done in the state store, so a killed crawl loses nothing. The crawls
of one process (``run_crawl`` of several sites) share the pool and the dataset.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from twisted.internet.threads import deferToThread
from scrapy.utils.defer import maybe_deferred_to_future

from crawler.items import ArticleFetched, ArticleNotModified, ArticleProcessed, FetchFailed, PageFetched
from corpus.documents import process_article
from crawler.state import DONE, FAILED, Finished
from corpus.dataset import Dataset
from corpus.records import Document, RawPage, Reject

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


def _header(page: RawPage, name: str) -> str | None:
    return next((v for k, v in page.headers.items() if k.lower() == name), None)


class WorkerPool:
    """The process pool of this process, shared by its crawls (``run_crawl`` of several
    sites): ZHNEWS_WORKERS processes in all, not per site. Opened by the first crawl,
    shut down by the last; used from the reactor thread only."""

    _pool: asyncio.Future | None = None
    _users = 0

    @classmethod
    def acquire(cls, workers: int) -> asyncio.Future[ProcessPoolExecutor]:
        """The pool, once it has started (it takes a second or two)."""
        if cls._pool is None:
            cls._pool = asyncio.ensure_future(maybe_deferred_to_future(deferToThread(_start_pool, workers)))
        cls._users += 1
        return cls._pool

    @classmethod
    def release(cls) -> None:
        cls._users -= 1
        if cls._users == 0 and cls._pool is not None:
            pool, cls._pool = cls._pool.result(), None
            pool.shutdown(wait=True, cancel_futures=True)


def _start_pool(workers: int) -> ProcessPoolExecutor:
    """A pool with its first worker running; run in a thread, as it takes seconds.

    forkserver: workers start from a clean process that has imported the cleaning code
    once, not from a fork of the threaded reactor process (which could inherit a lock
    held by another thread). Starting it blocks the caller until the imports are done;
    in the reactor thread that would stall every download in flight.
    """
    context = multiprocessing.get_context("forkserver")
    # process_article imports corpus.topic only when it runs (see there).
    context.set_forkserver_preload(["corpus.documents", "corpus.topic"])
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    executor.submit(os.getpid).result()
    return executor


class ProcessPipeline:
    """Run ``process_article`` for each article in the worker pool."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.workers = crawler.settings.getint("ZHNEWS_WORKERS") or os.cpu_count() or 1
        self.inline = crawler.settings.getbool("ZHNEWS_INLINE_PROCESSING")
        self.executor: asyncio.Future[ProcessPoolExecutor] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProcessPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        # Not awaited here: the crawl downloads while the workers start, and the first
        # articles wait for them in process_item.
        if not self.inline:
            self.executor = WorkerPool.acquire(self.workers)

    async def close_spider(self) -> None:
        if self.executor is not None:
            await self.executor  # a crawl may end before its workers have started
            WorkerPool.release()

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleFetched):
            return item
        profile = self.crawler.spider.profile
        arguments = (item.pages, profile.hints, item.doc_id, item.real_url, profile.similarity_threshold)
        executor = None if self.inline else await self.executor
        try:
            if executor is None:
                outcome = process_article(*arguments)
            else:
                outcome = await asyncio.wrap_future(executor.submit(process_article, *arguments))
        except Exception as error:  # one bad page must not end the crawl: it becomes a reject
            logger.exception("processing %s failed", item.real_url)
            outcome = Reject(item.doc_id, item.pages[0].url, "processing-error", repr(error), url=item.real_url,
                             site=profile.name)
        first = item.pages[0]
        return ArticleProcessed(item.url, outcome, _header(first, "etag"), _header(first, "last-modified"))


class SharedDataset:
    """This process's hold on a dataset, shared by its crawls, which write one at a time.

    The first crawl takes the dataset (``Dataset.exclusive``: another process is
    refused); the last one to close lets it go. Acquired and released from the reactor
    thread; ``write_lock`` serialises the writing threads, so that no two batches decide
    at once that the same document is new.
    """

    _held: dict[Path, SharedDataset] = {}

    def __init__(self, path: Path, purpose: str):
        self.dataset = Dataset(path)
        self._hold = ExitStack()
        self._hold.enter_context(self.dataset.exclusive(purpose))  # DatasetBusy, naming the holder
        self.write_lock = threading.Lock()
        self.users = 0

    @classmethod
    def acquire(cls, path: Path, purpose: str) -> SharedDataset:
        key = Path(path).resolve()
        if key not in cls._held:
            cls._held[key] = cls(path, purpose)
        shared = cls._held[key]
        shared.users += 1
        return shared

    def release(self) -> None:
        self.users -= 1
        if self.users == 0:
            del self._held[self.dataset.path.resolve()]
            self._hold.close()


class DatasetPipeline:
    """Write everything the crawl produced into the dataset named by the spider's ``output``.

    Batches of ``ZHNEWS_FLUSH_ITEMS`` items, or whatever came in ``ZHNEWS_FLUSH_SECONDS``,
    are written by one thread at a time, off the reactor thread.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.flush_items = crawler.settings.getint("ZHNEWS_FLUSH_ITEMS")
        self.flush_seconds = crawler.settings.getfloat("ZHNEWS_FLUSH_SECONDS")
        self.shared: SharedDataset | None = None
        self._reset()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatasetPipeline:
        return cls(crawler)

    def _reset(self) -> None:
        self.raw: list[RawPage] = []
        self.docs: list[Document] = []
        self.rejects: list[Reject] = []
        self.finished: list[Finished] = []
        self.last_flush = time.monotonic()

    def open_spider(self) -> None:
        spider = self.crawler.spider
        self.shared = SharedDataset.acquire(spider.output, f"zhnews crawl {spider.profile.name}")

    async def close_spider(self) -> None:
        if self.shared is None:  # the dataset was busy: nothing was crawled
            return
        try:
            await self._flush()
        finally:
            self.shared.release()

    async def process_item(self, item: Any) -> Any:
        state = self.crawler.spider.state_store
        if isinstance(item, PageFetched):
            self.raw.append(item.page)
        elif isinstance(item, ArticleProcessed):
            self._add_outcome(item)
        elif isinstance(item, FetchFailed):
            self.rejects.append(item.reject)
            if item.article_url is not None:
                self.finished.append(Finished(item.article_url, FAILED, detail=item.reject.reason))
        elif isinstance(item, ArticleNotModified):
            state.confirm(item.url)
        pending = len(self.raw) + len(self.docs) + len(self.rejects)
        if pending >= self.flush_items or time.monotonic() - self.last_flush >= self.flush_seconds:
            await self._flush()
        return item

    def _add_outcome(self, item: ArticleProcessed) -> None:
        outcome = item.outcome
        if isinstance(outcome, Document):
            self.docs.append(outcome)
            content_hash = outcome.content_hash
        else:
            self.rejects.append(outcome)
            content_hash = None
        self.finished.append(
            Finished(item.url, DONE, item.etag, item.last_modified, content_hash, outcome.id,
                     None if isinstance(outcome, Document) else outcome.reason)
        )

    async def _flush(self) -> None:
        batch = (self.raw, self.docs, self.rejects, self.finished)
        self._reset()
        if not any(batch):
            return
        await maybe_deferred_to_future(deferToThread(self._write, *batch))

    def _write(self, raw: list[RawPage], docs: list[Document], rejects: list[Reject], finished: list[Finished]) -> None:
        with self.shared.write_lock:
            self.shared.dataset.write_raw(raw)
            summary = self.shared.dataset.write(docs, rejects)
        # Only now that the outcomes are on disk are these articles done.
        self.crawler.spider.state_store.finish(finished)
        self.stats.inc_value("zhnews/raw_pages", len(raw))
        self.stats.inc_value("zhnews/docs/written", summary.written)
        self.stats.inc_value("zhnews/docs/already_present", summary.already_present)
        for reason, count in summary.reject_reasons.items():
            self.stats.inc_value(f"zhnews/rejects/{reason}", count)
