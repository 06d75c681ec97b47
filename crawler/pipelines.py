"""Item pipelines: process articles in worker processes, then write the dataset.

``ProcessPipeline`` (300, ``ZHNEWS_PROCESS_ENABLED``) turns an ``ArticleFetched`` into
an ``ArticleProcessed`` by running extraction, cleaning and similarity scoring in the
crawl's worker processes (``crawler.pool``), so the reactor keeps downloading while
pages are cleaned; what each cleaning
step did goes into the crawl's stats (``zhnews/clean/STEP/...``). A stopping crawl
drops the articles no worker has taken: they stay queued for the next run. With the
dataset pipeline on, it also keeps the dataset's per-site line index: each article is
cleaned with its site's template lines as the index stood when the crawl began, and the
lines of the crawl's pages are added to the index when the crawl ends.
``DatasetPipeline`` (800, ``ZHNEWS_DATASET_ENABLED``) writes into the dataset
``ZHNEWS_OUTPUT``, which the crawl holds (another process is refused), documents and rejects in
batches; only after a batch is on disk does it mark the batch's articles done in the
state store, so a killed crawl loses nothing; a write that fails (a full disk) ends the
crawl with ``WRITE_FAILED``. ``DocumentPipeline`` (900) hands the
documents on to the feeds and drops everything else.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import logging
import threading
import time
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.exceptions import DropItem, NotConfigured

from cleaners.pipeline import PipelineCounters
from corpus.dataset import Dataset
from corpus.line_index import IndexUpdate, PageLines, site_key
from corpus.records import Document, Reject
from corpus.workers import Stopped, WorkerDied
from crawler.items import (
    PROCESSING_ERROR, RETRIED, WORKER_DIED, ArticleFetched, ArticleNotModified, ArticleProcessed, FetchFailed,
)
from crawler.pool import CrawlWorkers, in_thread
from crawler.processing import process_crawled
from crawler.state import DONE, FAILED, RETRY, STATE_ERRORS, Finished, StateStore, open_state
from crawler.stats import inc_site_value

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


# Pages of this crawl newly counted into the dataset's line index.
LINE_INDEX_PAGES = "zhnews/line_index/pages_added"


def count_cleaning(stats: StatsCollector, counters: PipelineCounters) -> None:
    """Add one document's per-step cleaning counters to the crawl's stats."""
    for step, counted in counters.formatters.items():
        if counted.changed:
            stats.inc_value(f"zhnews/clean/{step}/changed", counted.changed)
        for rule, removed in counted.removals.items():
            stats.inc_value(f"zhnews/clean/{step}/removed/{rule}", removed)
    for gate, rejected in counters.rejections.items():
        stats.inc_value(f"zhnews/clean/gate/{gate}", rejected)


class ProcessPipeline:
    """Run ``process_article`` for each article in the crawl's workers (``crawler.pool``).

    A stopping crawl drops the articles no worker has taken yet: they stay queued in the
    state store for the next run.

    The site's template lines reach the workers in the article's hints. They are those of
    the line index as it stood when the crawl began, never grown by the pages of this
    crawl: articles are processed in whatever order their downloads finish, and an index
    growing meanwhile would clean one page differently from one run to the next. So a
    crawl's output depends only on its pages and the index it started from, and once a
    crawl has counted its pages (a page counts once, by its URL), reprocessing its archive
    gives the same rows every time. The pages of a site's first crawl are cleaned of its
    template by the next run (a reprocess, or a crawl that fetches them again). The index is the dataset's: with
    ``ZHNEWS_DATASET_ENABLED`` off a crawl neither reads nor writes it. Its update is
    saved when the crawl closes; a killed crawl loses it and leaves the saved index whole.
    """

    def __init__(self, crawler: Crawler):
        if not crawler.settings.getbool("ZHNEWS_PROCESS_ENABLED"):
            raise NotConfigured("ZHNEWS_PROCESS_ENABLED is off")
        self.crawler = crawler
        self.stats = crawler.stats
        self.workers: CrawlWorkers | None = None
        self.line_index: IndexUpdate | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProcessPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        # None: the extension is off, and articles are processed in the reactor thread.
        self.workers = self.crawler.get_extension(CrawlWorkers)
        if self.crawler.settings.getbool("ZHNEWS_DATASET_ENABLED"):
            self.line_index = IndexUpdate(Path(self.crawler.settings["ZHNEWS_OUTPUT"]))

    async def close_spider(self) -> None:
        if self.line_index is not None and self.line_index.pages_added:
            self.stats.set_value(LINE_INDEX_PAGES, self.line_index.pages_added)
            try:
                await in_thread(self.line_index.save)
            except OSError as error:  # a full disk: the documents are written, the index stays as it was
                logger.error("the line index of %s was not updated: %s", self.line_index.dataset, error)

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, ArticleFetched):
            return item
        if not self.crawler.crawling:
            raise DropItem(f"stopping: {item.url} is left for the next run", log_level="DEBUG")
        site = site_key(item.real_url)
        hints = item.hints
        if self.line_index is not None:
            hints = dataclasses.replace(hints, template_lines=self.line_index.template(site))
        arguments = (item.pages, hints, item.doc_id, item.real_url, item.similarity_threshold, item.site_charset,
                     item.source_kind)
        try:
            if self.workers is None:
                outcome, counters, lines = process_crawled(*arguments)
            else:
                outcome, counters, lines = await self.workers.run(process_crawled, *arguments)
        except Stopped:
            raise DropItem(f"stopping: {item.url} is left for the next run", log_level="DEBUG") from None
        except WorkerDied as died:  # the page kills whatever worker reads it
            return item.failed(WORKER_DIED, str(died))
        except Exception as error:  # one bad page must not end the crawl: it becomes a reject
            if not self.crawler.crawling:  # what a stop did to the workers is no fault of the page
                raise DropItem(f"stopping: {item.url} is left for the next run", log_level="DEBUG") from None
            logger.exception("processing %s failed", item.real_url)
            return item.failed(PROCESSING_ERROR, repr(error))
        count_cleaning(self.stats, counters)
        self._count_lines(site, lines)
        return item.processed(outcome)

    def _count_lines(self, site: str, lines: PageLines) -> None:
        if self.line_index is not None:
            for page, keys in lines:
                self.line_index.add_page(site, page, keys)


# The finish reason of a crawl that could not write its dataset, and the stat saying why.
WRITE_FAILED = "write-failed"
WRITE_ERROR = "zhnews/write_error"


class DatasetPipeline:
    """Write the crawl's documents and rejects into the dataset ``ZHNEWS_OUTPUT``.

    Batches of ``ZHNEWS_FLUSH_ITEMS`` items, or whatever came in ``ZHNEWS_FLUSH_SECONDS``,
    are written off the reactor thread, one batch at a time. With ``ZHNEWS_STATE_ENABLED``
    the articles of a batch are marked done once it is on disk.
    """

    def __init__(self, crawler: Crawler):
        settings = crawler.settings
        if not settings.getbool("ZHNEWS_DATASET_ENABLED"):
            raise NotConfigured("ZHNEWS_DATASET_ENABLED is off")
        self.crawler = crawler
        self.settings = settings
        self.stats = crawler.stats
        self.flush_items = settings.getint("ZHNEWS_FLUSH_ITEMS")
        self.flush_seconds = settings.getfloat("ZHNEWS_FLUSH_SECONDS")
        self.attempts = settings.getint("ZHNEWS_PROCESSING_ATTEMPTS")
        self.dataset: Dataset | None = None
        self.state: StateStore | None = None
        self._hold = ExitStack()
        # One batch at a time, so that no two decide at once that the same document is new.
        self._write_lock = threading.Lock()
        self._reset()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatasetPipeline:
        return cls(crawler)

    def _reset(self) -> None:
        self.docs: list[Document] = []
        self.rejects: list[Reject] = []
        self.finished: list[Finished] = []
        self.last_flush = time.monotonic()

    def open_spider(self) -> None:
        # The dataset is held already: by run_spider (zhnews crawl) from before Scrapy
        # starts, else by the news spider from its creation (ZHNEWS_DATASET_HELD).
        self.dataset = Dataset(self.settings["ZHNEWS_OUTPUT"], alone=not self.settings.get("ZHNEWS_FRONTIER"))
        # Now, before the first response: recovery empties .tmp, where the raw archive's
        # writer thread stages its parts once pages arrive.
        self.dataset.recover()
        if self.settings.getbool("ZHNEWS_STATE_ENABLED"):
            self.state = open_state(self.settings, self.dataset.path)
            self._hold.callback(self.state.close)

    async def close_spider(self) -> None:
        try:
            await self._flush()
        finally:
            self._hold.close()

    async def process_item(self, item: Any) -> Any:
        if isinstance(item, ArticleProcessed):
            self._add_outcome(item)
        elif isinstance(item, FetchFailed):
            self.rejects.append(item.reject)
            if item.article_url is not None:
                self.finished.append(Finished(item.article_url, FAILED, detail=item.reject.reason))
        elif isinstance(item, ArticleNotModified):
            if self.state is not None:
                self.state.confirm(item.url)
        pending = len(self.docs) + len(self.rejects)
        if pending >= self.flush_items or time.monotonic() - self.last_flush >= self.flush_seconds:
            await self._flush()
        return item

    def _add_outcome(self, item: ArticleProcessed) -> None:
        outcome = item.outcome
        if isinstance(outcome, Reject) and outcome.reason in RETRIED and self._retries_left(item.url):
            # No reject yet: the next run processes the archived pages again, unfetched.
            self.stats.inc_value(f"zhnews/processing/{outcome.reason}/retry")
            self.finished.append(Finished(item.url, RETRY, detail=outcome.reason))
            return
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

    def _retries_left(self, url: str) -> bool:
        """Whether a failed processing of the article at ``url`` is not its last attempt."""
        # Without a record (zhnews reprocess keeps none) nothing would bring it back.
        known = self.state.get(url) if self.state is not None else None
        return known is not None and known.attempts + 1 < self.attempts

    async def _flush(self) -> None:
        batch = (self.docs, self.rejects, self.finished)
        self._reset()
        if not any(batch) or self.crawler.stats.get_value(WRITE_ERROR):
            return
        try:
            await in_thread(functools.partial(self._write, *batch))
        except (OSError, *STATE_ERRORS) as error:  # a full disk, a read-only filesystem, Redis gone
            # Nothing more can be written: the crawl ends now, its unwritten articles
            # still queued, instead of fetching on and failing every few seconds.
            message = (f"cannot write to {self.dataset.path} ({getattr(error, 'strerror', None) or error}): "
                       "free space or fix "
                       "the filesystem, then run the same command again; nothing written is lost")
            self.crawler.stats.set_value(WRITE_ERROR, message)
            asyncio.ensure_future(self.crawler.engine.close_spider_async(reason=WRITE_FAILED))

    def _write(self, docs: list[Document], rejects: list[Reject], finished: list[Finished]) -> None:
        with self._write_lock:
            # Site by site, for each site's counts in the stats.
            for site in sorted({record.site or "" for record in (*docs, *rejects)}):
                summary = self.dataset.write([d for d in docs if (d.site or "") == site],
                                             [r for r in rejects if (r.site or "") == site])
                inc_site_value(self.stats, site or None, "docs/written", summary.written)
                inc_site_value(self.stats, site or None, "docs/already_present", summary.already_present)
                for reason, count in summary.reject_reasons.items():
                    inc_site_value(self.stats, site or None, f"rejects/{reason}", count)
            # Only now that the outcomes are on disk are these articles done.
            if self.state is not None:
                self.state.finish(finished)


class DocumentPipeline:
    """What feeds get: each processed article's Document, and nothing else.

    Rejects, failures and 304s are the dataset's and the state store's business; they
    are dropped here (quietly: they are no error). Off by ``ITEM_PIPELINES``, as any
    pipeline, which hands feeds the crawl's internal records instead.
    """

    def process_item(self, item: Any) -> Document:
        if isinstance(item, ArticleProcessed) and isinstance(item.outcome, Document):
            return item.outcome
        raise DropItem(f"{type(item).__name__} is no document", log_level="DEBUG")
