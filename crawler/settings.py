"""Scrapy settings of the zhnews crawler: polite by default, for live sites.

A site profile's [politeness] table sets DOWNLOAD_DELAY and CONCURRENT_REQUESTS_PER_DOMAIN
for its crawl (at "spider" priority: the command line and ``run_crawl`` override it).
"""

import os

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
RETRY_TIMES = 2
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    # Before OffsiteMiddleware (50) and RobotsTxtMiddleware (100): a refused host is not
    # even asked for its robots.txt.
    "crawler.middlewares.AddressPolicyMiddleware": 40,
    # Between the download and RedirectMiddleware (600): judges a redirect's target.
    "crawler.middlewares.RedirectPolicyMiddleware": 650,
    # Revalidates known articles (a redirected request passes through again).
    "crawler.middlewares.ConditionalRequestMiddleware": 560,
}

ITEM_PIPELINES = {
    "crawler.pipelines.ProcessPipeline": 300,
    "crawler.pipelines.DatasetPipeline": 800,
}

# Worker processes for extraction and cleaning, shared by the crawls of one process
# (0: one per CPU).
ZHNEWS_WORKERS = 0
# Extract and clean in the reactor thread instead: only to measure what the pool buys
# (`make bench`); a real crawl slows to the speed of one core's extraction.
ZHNEWS_INLINE_PROCESSING = False
# The dataset is written every this many items, or this many seconds.
ZHNEWS_FLUSH_ITEMS = 50
ZHNEWS_FLUSH_SECONDS = 10.0

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
