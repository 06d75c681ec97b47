"""The crawl's worker processes, shared by the spider and the item pipelines.

``CrawlWorkers`` (an extension, ``EXTENSIONS``) runs functions off the crawl process:
the spider reads each article page there (``crawler.page_reading``) and
``ProcessPipeline`` processes each article there (``crawler.processing``). The crawl
process downloads, decides what to request and writes; with page reading in the
reactor thread it was busy all the time with one worker, and a second brought nothing.

The workers are ``ZHNEWS_WORKERS`` processes (``corpus.workers``: a dead worker is
replaced and its functions run again), or the workers of the Dask scheduler
``ZHNEWS_DASK``; with ``ZHNEWS_INLINE_PROCESSING`` everything runs in the reactor
thread. The processes start with the first article to process: a re-run that finds
nothing new starts none; until they run, the spider reads pages itself. A stopping
crawl (Ctrl-C, SIGTERM) cancels the functions no worker has taken (``Stopped``): their
articles stay queued for the next run, and the stop takes seconds, not the time to
process every article downloaded.
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any, Callable, TypeVar

from scrapy import signals
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from corpus.cluster import DaskExecutor
from corpus.workers import WorkerPool, start_executor

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

T = TypeVar("T")

# What the workers' forkserver imports once, before the first function: the workers'
# jobs and the whole processing path with its data (process_article imports corpus.topic
# only when it runs, to keep the crawl process lean); corpus.preload last, as it freezes them.
WORKER_PRELOAD = ["crawler.processing", "crawler.page_reading", "corpus.preload"]


def in_thread(blocking: Callable[[], T]) -> asyncio.Future[T]:
    """``blocking()`` in Twisted's thread pool, as an asyncio future."""
    return asyncio.ensure_future(maybe_deferred_to_future(deferToThread(blocking)))


class CrawlWorkers:
    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        self.crawler = crawler
        self.workers = settings.getint("ZHNEWS_WORKERS") or os.cpu_count() or 1
        self.dask = settings.get("ZHNEWS_DASK")
        inline = settings.getbool("ZHNEWS_INLINE_PROCESSING")
        self.pool = None if inline else WorkerPool(self._new_executor, in_thread)
        self._watch: asyncio.Task | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlWorkers:
        return cls(crawler)

    def _new_executor(self) -> Executor:
        """The workers: a Dask scheduler's, or processes of our own (blocks while they start)."""
        if self.dask:
            return DaskExecutor(self.dask)
        return start_executor(self.workers, WORKER_PRELOAD)

    async def run(self, function: Callable[..., T], *arguments: Any) -> T:
        """``function(*arguments)`` in a worker; ``corpus.workers.Stopped`` when the crawl
        stops before a worker takes it, ``WorkerDied`` when it kills the workers."""
        if self.pool is None:
            return function(*arguments)
        return await self.pool.run(function, *arguments)

    @property
    def running(self) -> bool:
        """Whether functions run in worker processes now (not inline, the workers started)."""
        return self.pool is not None and self.pool.running

    def spider_opened(self) -> None:
        if self.pool is not None:
            self._watch = asyncio.ensure_future(self._cancel_on_stop())

    async def _cancel_on_stop(self) -> None:
        # Scrapy signals nothing when a stop begins; crawler.crawling turns false then.
        while self.crawler.crawling:
            await asyncio.sleep(0.2)
        self.pool.cancel_waiting()

    async def spider_closed(self) -> None:
        # After the pipelines have closed: nothing runs any more.
        if self.pool is None:
            return
        self._watch.cancel()
        await self.pool.shutdown()
        self.crawler.stats.set_value("zhnews/workers/pools_started", self.pool.started)
        self.crawler.stats.set_value("zhnews/workers/pools_replaced", self.pool.replaced)
