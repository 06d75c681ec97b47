"""One crawl frontier for any number of crawler processes on any machines, in Redis (``--redis``).

scrapy-redis keeps the request queue and the request dupefilter in Redis, so each
request is scheduled once, whichever process found it, and any process may fetch it.
Two things scrapy-redis leaves open are settled here:

* **Which crawl.** A frontier belongs to one *generation*: the processes started while
  one is running join it; when the last member leaves with the queue empty, the
  generation ends and its queue and dupefilter go, so the next scheduled crawl (six hours
  later) fetches list pages and revalidates articles again. A generation whose last
  member was stopped with work queued stays: the next crawl resumes it. Members renew a
  lease (``LEASE_SECONDS``); one killed with SIGKILL stops counting when its lease ends.
* **Politeness across processes.** Scrapy's download delay holds per process; with N
  processes a site would get N times the rate. ``SharedPoliteness`` makes every request
  to a site take the site's key in Redis for the site's delay first (``SET NX PX``), so
  all processes together keep one site's pace.

A process killed with SIGKILL loses the requests it had taken from the queue (at most
``CONCURRENT_REQUESTS``); the article state puts their articles back on the next run.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from typing import Any

import redis
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Request
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.task import LoopingCall, deferLater

PREFIX = "zhnews"
LEASE_SECONDS = 60

# The components of a crawl with a shared frontier, in crawler.settings; each is off
# (NotConfigured) without one. After the address policy (40): a request it refuses need
# not wait for its turn first.
MIDDLEWARES = {"crawler.frontier.SharedPoliteness": 45}
EXTENSIONS = {"crawler.frontier.FrontierMembership": 100}

# KEYS[1] the generation key; ARGV: new generation, prefix, member, lease end (unix s)
_JOIN = """
local generation = redis.call('GET', KEYS[1])
if not generation then
    generation = ARGV[1]
    redis.call('SET', KEYS[1], generation)
end
redis.call('HSET', ARGV[2] .. ':' .. generation .. ':members', ARGV[3], ARGV[4])
return generation
"""

# KEYS[1] the generation key; ARGV: prefix, member, now (unix s). Returns 1 when the
# generation ended (no member left, nothing queued), else 0.
_LEAVE = """
local generation = redis.call('GET', KEYS[1])
if not generation then return 0 end
local base = ARGV[1] .. ':' .. generation
redis.call('HDEL', base .. ':members', ARGV[2])
redis.call('HDEL', base .. ':idle', ARGV[2])
local leases = redis.call('HVALS', base .. ':members')
for _, lease in ipairs(leases) do
    if tonumber(lease) > tonumber(ARGV[3]) then return 0 end
end
if redis.call('EXISTS', base .. ':requests') == 1 then return 0 end
redis.call('DEL', base .. ':members', base .. ':idle', base .. ':dupefilter', KEYS[1])
return 1
"""


def member_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class Frontier:
    """This process's membership in the crawl generation whose keys start with ``base``."""

    def __init__(self, client: redis.Redis, base: str, member: str, lease: float = LEASE_SECONDS):
        self.client, self.base, self.member, self.lease = client, base, member, lease
        self.prefix = base.rsplit(":", 1)[0]

    @classmethod
    def join(cls, client: redis.Redis, member: str, prefix: str = PREFIX,
             lease: float = LEASE_SECONDS) -> Frontier:
        """Join the running generation, or start one."""
        generation = client.eval(_JOIN, 1, f"{prefix}:generation", uuid.uuid4().hex[:12], prefix, member,
                                 time.time() + lease)
        return cls(client, f"{prefix}:{generation.decode()}", member, lease)

    def renew(self) -> None:
        self.client.hset(f"{self.base}:members", self.member, time.time() + self.lease)

    def busy(self) -> None:
        self.client.hdel(f"{self.base}:idle", self.member)

    def done_everywhere(self) -> bool:
        """Mark this member idle; True when nothing is queued and every live member is idle:
        no process holds a page whose links could still add work."""
        self.client.hset(f"{self.base}:idle", self.member, 1)
        if self.client.exists(f"{self.base}:requests"):
            return False
        now = time.time()
        alive = {m for m, lease in self.client.hgetall(f"{self.base}:members").items() if float(lease) > now}
        return alive <= set(self.client.hkeys(f"{self.base}:idle"))

    def leave(self) -> bool:
        """Leave the generation; True when it ended with this member (the crawl is complete)."""
        return bool(self.client.eval(_LEAVE, 1, f"{self.prefix}:generation", self.prefix, self.member, time.time()))


def frontier_settings(url: str) -> dict[str, Any]:
    """Join the crawl at ``url`` (redis://HOST:PORT/N) and the Scrapy settings that crawl in it.

    The caller adds ``MIDDLEWARES`` and ``EXTENSIONS`` to the project's components.
    """
    member = member_name()
    frontier = Frontier.join(redis.Redis.from_url(url), member)
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # the queue outlives any one process; the generation decides when it goes
        "SCHEDULER_QUEUE_KEY": f"{frontier.base}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{frontier.base}:dupefilter",
        "DUPEFILTER_KEY": f"{frontier.base}:dupefilter",
        "REDIS_URL": url,
        "ZHNEWS_FRONTIER": frontier.base,
        "ZHNEWS_FRONTIER_MEMBER": member,
    }


def _frontier(crawler: Crawler) -> Frontier:
    settings = crawler.settings
    if not settings.get("REDIS_URL") or not settings.get("ZHNEWS_FRONTIER"):
        # Without a message: Scrapy logs a NotConfigured's message as a warning, and a
        # crawl without --redis (the usual one) has nothing to warn about.
        raise NotConfigured
    return Frontier(redis.Redis.from_url(settings["REDIS_URL"]), settings["ZHNEWS_FRONTIER"],
                    settings["ZHNEWS_FRONTIER_MEMBER"], settings.getfloat("ZHNEWS_FRONTIER_LEASE", LEASE_SECONDS))


class SharedPoliteness:
    """Each site's download delay held across every process of the crawl."""

    def __init__(self, crawler: Crawler):
        frontier = _frontier(crawler)
        self.client, self.base = frontier.client, frontier.base
        self.default_delay = crawler.settings.getfloat("DOWNLOAD_DELAY")
        self.slots = crawler.settings.getdict("DOWNLOAD_SLOTS")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedPoliteness:
        return cls(crawler)

    async def process_request(self, request: Request, spider: object = None) -> None:
        site = request.meta.get("download_slot") or urlparse_cached(request).hostname
        delay = float(self.slots.get(site, {}).get("delay", self.default_delay))
        if delay <= 0:
            return
        key = f"{self.base}:polite:{site}"
        while not self.client.set(key, 1, nx=True, px=max(int(delay * 1000), 1)):
            from twisted.internet import reactor  # the one Scrapy installed: not at import

            wait = max(self.client.pttl(key), 1) / 1000
            await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))


class FrontierMembership:
    """Keeps this process in the crawl while others may still add work, renews its lease,
    and leaves at the end.

    Scrapy closes a spider whose queue is empty; on a shared frontier another process may
    be about to add requests, so a process stays (DontCloseSpider) until nothing is queued
    and every live member is idle.
    """

    def __init__(self, crawler: Crawler):
        self.frontier = _frontier(crawler)
        self.lease = LoopingCall(self.frontier.renew)
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.frontier_busy, signal=signals.response_received)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierMembership:
        return cls(crawler)

    def opened(self, spider: object) -> None:
        self.lease.start(self.frontier.lease / 3)

    def frontier_busy(self, **kwargs: object) -> None:
        self.frontier.busy()

    def idle(self, spider: object) -> None:
        if not self.frontier.done_everywhere():
            raise DontCloseSpider

    def closed(self, spider: object) -> None:
        self.lease.stop()
        self.frontier.leave()
