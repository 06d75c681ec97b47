"""Progress of a crawl without ``-v``: a status line on a terminal, a line a minute in the log.

A Scrapy extension (``EXTENSIONS`` in ``crawler.settings``): pages, articles, documents
written, rejects and the rate since the last line, every ``ZHNEWS_PROGRESS_INTERVAL``
seconds in the log (``zhnews crawl --log-file``).
"""

from __future__ import annotations

import logging
import sys
import time

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet.task import LoopingCall

log = logging.getLogger("zhnews.progress")

TERMINAL_INTERVAL = 1.0  # seconds between updates of the status line


class CrawlProgress:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        self.log_interval = crawler.settings.getfloat("ZHNEWS_PROGRESS_INTERVAL", 60.0)
        self.terminal = sys.stderr.isatty()
        self.loops: list[LoopingCall] = []
        self.last = (time.monotonic(), 0)  # (when, pages) at the last log line
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProgress:
        return cls(crawler)

    def counts(self) -> dict[str, int]:
        stats = self.stats.get_stats()
        return {
            "pages": stats.get("response_received_count", 0),
            "articles": stats.get("zhnews/articles/fetched", 0),
            "written": stats.get("zhnews/docs/written", 0),
            "rejected": sum(v for k, v in stats.items() if k.startswith("zhnews/rejects/")),
        }

    def line(self, since: float, pages_then: int) -> str:
        counts = self.counts()
        rate = (counts["pages"] - pages_then) / max(time.monotonic() - since, 1e-9) * 60
        return ", ".join(f"{count} {name}" for name, count in counts.items()) + f"; {rate:.0f} pages/min"

    def opened(self, spider: object) -> None:
        self.started = time.monotonic()
        self.last = (self.started, 0)
        self._every(self.log_interval, self.log_line)
        if self.terminal:
            self._every(TERMINAL_INTERVAL, self.status_line)

    def _every(self, seconds: float, call) -> None:
        loop = LoopingCall(call)
        loop.start(seconds, now=False)
        self.loops.append(loop)

    def log_line(self) -> None:
        log.info("progress: %s", self.line(*self.last))
        self.last = (time.monotonic(), self.counts()["pages"])

    def status_line(self) -> None:
        sys.stderr.write(f"\r\033[Kcrawling: {self.line(self.started, 0)}")
        sys.stderr.flush()

    def closed(self, spider: object) -> None:
        for loop in self.loops:
            loop.stop()
        if self.terminal:
            sys.stderr.write("\n")
