"""A spider that follows every link of one host, on the shared frontier (crawler.frontier):
what two crawler processes do to a site is read from the lines it appends to its log."""

from __future__ import annotations

import json
import os
import time
from urllib.parse import urlsplit

import scrapy

from crawler.frontier import EXTENSIONS, MIDDLEWARES, frontier_settings


class FrontierSpider(scrapy.Spider):
    name = "frontier"

    @classmethod
    def update_settings(cls, settings):
        super().update_settings(settings)
        settings.setdict(frontier_settings(os.environ["ZHNEWS_TEST_REDIS"]), priority="spider")
        settings.set("DOWNLOADER_MIDDLEWARES", {**MIDDLEWARES, "frontier_spider.Fetches": 46}, priority="spider")
        settings.set("EXTENSIONS", EXTENSIONS, priority="spider")

    def __init__(self, start: str, log: str, **kwargs):
        super().__init__(**kwargs)
        self.start_url = start
        self.host = urlsplit(start).netloc
        self.log_path = log

    async def start(self):
        # Filtered like any request: on a shared frontier the first process to ask fetches it.
        yield scrapy.Request(self.start_url)

    def parse(self, response):
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if urlsplit(url).netloc == self.host:
                yield scrapy.Request(url)


class Fetches:
    """Logs each request as it passes the shared politeness gate: url, pid, time."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        with open(self.crawler.spider.log_path, "a", encoding="utf-8") as log:
            log.write(json.dumps({"url": request.url, "pid": os.getpid(), "t": time.time()}) + "\n")
