"""Scrapy settings of the zhnews crawler: polite by default, for live sites.

A site profile's [politeness] table sets the delay and concurrency of its site's download
slot (DOWNLOAD_SLOTS, at "spider" priority); DOWNLOAD_DELAY or
CONCURRENT_REQUESTS_PER_DOMAIN from the command line or ``run_crawl`` apply to every site.
"""

import os

from crawler import frontier

BOT_NAME = "zhnews"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# How a site's operator reaches us: the spider puts it in the USER_AGENT,
# "zhnews/VERSION (news corpus crawler; +CONTACT)", unless USER_AGENT is given with -s or
# in run_crawl(settings_overrides=...).
ZHNEWS_CONTACT = os.environ.get("ZHNEWS_CONTACT", "https://github.com/zhnews/zhnews")

ROBOTSTXT_OBEY = True

# Some portals serve an English or traditional-script edition by Accept-Language.
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "zh-CN,zh;q=0.9",
}

# Politeness: one or two connections per site, a delay that grows with the server's
# response time (AutoThrottle never goes below DOWNLOAD_DELAY).
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Bounds on what one page may cost. DOWNLOAD_MAXSIZE also bounds the decompressed body
# (HttpCompressionMiddleware): a gzip bomb is cancelled, not inflated.
DOWNLOAD_TIMEOUT = 20
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DNS_TIMEOUT = 10
# Refuses non-public answers for every host the user did not name, at the connection
# too (DNS rebinding); AddressPolicyMiddleware gives the reason before the request.
TWISTED_DNS_RESOLVER = "crawler.resolver.PublicAddressResolver"
RETRY_TIMES = 2
# Scrapy handles a callback's output with this many asyncio tasks per response (default
# 100): a page yields one item and a few requests, and making a hundred tasks a page was
# about 7% of the crawl process's time (profiled on the bench crawl).
CONCURRENT_ITEMS = 8
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    # Before OffsiteMiddleware (50) and RobotsTxtMiddleware (100): a refused host is not
    # even asked for its robots.txt.
    "crawler.middlewares.AddressPolicyMiddleware": 40,
    # Each site's delay across every process of a shared frontier (zhnews crawl --redis).
    **frontier.MIDDLEWARES,
    # Scrapy's, refusing with a reason the reject row can name.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.OffsiteRefusalMiddleware": 50,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.RobotsTxtRefusalMiddleware": 100,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "crawler.middlewares.DecompressionRefusalMiddleware": 590,
    # Answers the requests of articles whose processing failed from the raw archive;
    # before revalidation, which has nothing to ask of an article not fetched.
    "crawler.archive.ArchivedRetries": 555,
    # Revalidates known articles (a redirected request passes through again).
    "crawler.middlewares.ConditionalRequestMiddleware": 560,
    # The raw archive (below): after decompression, so that a decompression bomb is not
    # archived and bodies are archived as pages; before redirects and refused redirects.
    "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": 580,
    # Between the download and RedirectMiddleware (600): judges a redirect's target.
    "crawler.middlewares.RedirectPolicyMiddleware": 650,
}

ITEM_PIPELINES = {
    "crawler.pipelines.ProcessPipeline": 300,
    "crawler.pipelines.DatasetPipeline": 800,
    "crawler.pipelines.DocumentPipeline": 900,  # feeds get documents only
}

# The dataset the crawl writes (``-a output=DATASET`` sets it): documents, rejects, the
# raw archive and the state store.
ZHNEWS_OUTPUT = None
# What holds the dataset, as the lock names it to a second writer (the spider sets it).
ZHNEWS_JOB = "zhnews crawl"
# True when the caller (crawler.runner.run_spider) already holds the dataset for this crawl.
ZHNEWS_DATASET_HELD = False
# Hosts and ports the user named (``-a origin=``, ``-a url=``; the spider sets them):
# fetched even where they are private or loopback addresses.
ZHNEWS_USER_ORIGINS: list[str] = []

# Each component, on or off.
ZHNEWS_PROCESS_ENABLED = True  # ProcessPipeline: extraction, cleaning, topic score
ZHNEWS_DATASET_ENABLED = True  # DatasetPipeline: documents and rejects into ZHNEWS_OUTPUT
ZHNEWS_STATE_ENABLED = True  # the state store: resume, revalidation, done articles
ZHNEWS_REVALIDATE_ENABLED = True  # ConditionalRequestMiddleware
ZHNEWS_ADDRESS_POLICY_ENABLED = True  # AddressPolicyMiddleware
ZHNEWS_REDIRECT_POLICY_ENABLED = True  # RedirectPolicyMiddleware

# The raw archive is Scrapy's HTTP cache middleware with a storage that appends every
# response the spider gets (error pages too; not a 304, which holds no page, nor a
# redirect) to DATASET/raw and never serves one: a crawl fetches everything.
# `zhnews reprocess` swaps in the storage that serves the archive.
# HTTPCACHE_ENABLED=False: no archive.
HTTPCACHE_ENABLED = True
HTTPCACHE_STORAGE = "crawler.archive.ArchiveStorage"
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.DummyPolicy"
HTTPCACHE_IGNORE_HTTP_CODES = [304]

# Processing attempts of an article (an exception, its workers killed) before it is given
# up as a reject; after a failed one, the next run processes it again from the raw archive.
ZHNEWS_PROCESSING_ATTEMPTS = 3

# Worker processes for extraction and cleaning (0: one per CPU).
ZHNEWS_WORKERS = 0
# Or the workers of this Dask scheduler, tcp://HOST:PORT (zhnews crawl|reprocess --dask).
ZHNEWS_DASK = None
# Read pages, extract and clean in the reactor thread instead: only to measure what the pool buys
# (`make bench`); a real crawl slows to the speed of one core's extraction.
ZHNEWS_INLINE_PROCESSING = False
# The dataset (and the raw archive) is written every this many items, or this many seconds.
ZHNEWS_FLUSH_ITEMS = 50
ZHNEWS_FLUSH_SECONDS = 10.0

# Progress without -v: a status line on a terminal, a log line every this many seconds.
ZHNEWS_PROGRESS_INTERVAL = 60.0
EXTENSIONS = {
    # The worker processes that read article pages (the spider) and process articles
    # (ProcessPipeline); off: both run in the reactor thread.
    "crawler.pool.CrawlWorkers": 100,
    "crawler.progress.CrawlProgress": 500,
    # Only with a shared frontier (zhnews crawl --redis); off otherwise.
    **frontier.EXTENSIONS,
}

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
