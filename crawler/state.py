"""The crawl state store: which article URLs a dataset's crawls have seen, and how they stood.

It is the source of truth for resuming: an article URL is ``queued`` as soon as it is
discovered and becomes ``done`` only after its document (or reject) is in the dataset,
so a crawl killed at any point re-fetches what it had not written, and the dataset's
(id, content_hash) check keeps the re-fetch from becoming a duplicate row.

For a ``done`` article the store keeps the validators the server sent (ETag,
Last-Modified) for conditional requests, and the content hash of the text written. An
article whose processing failed (an exception, workers killed under it) is ``retry``
with the number of attempts made: the next run processes it again from the raw archive
(``crawler.archive.ArchivedRetries``), and the dataset pipeline gives it up as a reject
after ``ZHNEWS_PROCESSING_ATTEMPTS``.

Two stores keep the same records with the same meaning (``StateStore``):

* ``SqliteStateStore``: one SQLite file per dataset, ``DATASET/state/crawl.sqlite``, next
  to the data it describes, so that moving or deleting a dataset takes its state along.
  The store of a crawl on one machine.
* ``RedisStateStore``: the store of a shared frontier (``zhnews crawl --redis``), in the
  frontier's Redis under ``zhnews:state:``, so crawlers on any machine share it without
  a shared filesystem. It outlives the frontier's generations, as the SQLite file
  outlives crawls. Each change of a record is one Lua script: atomic among processes.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Mapping

import redis
from scrapy.settings import BaseSettings

from corpus.damage import DatasetDamaged
from crawler.frontier import PREFIX

QUEUED = "queued"
DONE = "done"
FAILED = "failed"
RETRY = "retry"
STATUSES = (QUEUED, DONE, FAILED, RETRY)

# What a store may raise when it cannot be written: the crawl ends (WRITE_FAILED).
STATE_ERRORS = (sqlite3.OperationalError, redis.RedisError)

# In a change, the value of ``attempts`` that counts one more.
ONE_MORE = object()


def state_path(dataset_path: Path | str) -> Path:
    return Path(dataset_path) / "state" / "crawl.sqlite"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ArticleState:
    url: str
    site: str
    status: str
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    doc_id: str | None = None
    detail: str | None = None
    attempts: int = 0  # processing attempts that failed since the article was last done


@dataclass(frozen=True)
class Finished:
    """How one article ended in the dataset: what ``finish`` records."""

    url: str
    status: str  # DONE, FAILED or RETRY
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    doc_id: str | None = None
    detail: str | None = None


def _changes(finished: Finished) -> dict[str, Any]:
    """The fields an outcome sets (None clears one), the same in every store."""
    if finished.status == DONE:
        return {"status": DONE, "etag": finished.etag, "last_modified": finished.last_modified,
                "content_hash": finished.content_hash, "doc_id": finished.doc_id, "detail": finished.detail,
                "attempts": 0}
    if finished.status == RETRY:
        return {"status": RETRY, "detail": finished.detail, "attempts": ONE_MORE}
    # A failed fetch keeps the validators of the last good fetch: the text in the dataset
    # is still that one.
    return {"status": finished.status, "detail": finished.detail}


# The server says the article is unchanged (304): it is done, as it was.
_CONFIRMED = {"status": DONE, "detail": None, "attempts": 0}


class StateStore(ABC):
    """The article records of one dataset's crawls; safe to use from several threads."""

    @staticmethod
    def for_dataset(dataset_path: Path | str) -> SqliteStateStore:
        """The SQLite store under the dataset (a crawl without ``--redis``)."""
        return SqliteStateStore(state_path(dataset_path))

    @abstractmethod
    def get(self, url: str) -> ArticleState | None: ...

    @abstractmethod
    def discover(self, url: str, site: str) -> bool:
        """Remember a newly found article URL as queued; False if it was already known."""

    @abstractmethod
    def urls(self, site: str, status: str) -> list[str]:
        """Article URLs of ``site`` in ``status``, in the order they were discovered."""

    @abstractmethod
    def counts(self, site: str | None = None) -> dict[str, int]: ...

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _update(self, changes: list[tuple[str, Mapping[str, Any]]]) -> None:
        """Apply (url, fields) changes of known articles at once; unknown URLs are left alone."""

    def pending(self, site: str) -> list[str]:
        """Article URLs of ``site`` discovered by an earlier crawl and never finished."""
        return self.urls(site, QUEUED)

    def retrying(self, site: str) -> list[str]:
        """Article URLs of ``site`` whose processing failed, to be processed again."""
        return self.urls(site, RETRY)

    def finish(self, finished: Iterable[Finished]) -> None:
        """Record articles whose outcome is now in the dataset, all or none."""
        self._update([(f.url, _changes(f)) for f in finished])

    def confirm(self, url: str) -> None:
        """The server says the article is unchanged (304): it is done, as it was."""
        self._update([(url, _CONFIRMED)])


def open_state(settings: BaseSettings, dataset_path: Path | str) -> StateStore:
    """The crawl's store: in the shared frontier's Redis with ``--redis``, else under the dataset."""
    if settings.get("ZHNEWS_FRONTIER"):
        return RedisStateStore(redis.Redis.from_url(settings["REDIS_URL"]))
    return StateStore.for_dataset(dataset_path)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    url TEXT PRIMARY KEY,
    site TEXT NOT NULL,
    status TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    doc_id TEXT,
    detail TEXT,
    first_seen TEXT NOT NULL,
    updated TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS articles_site_status ON articles (site, status);
"""

_FIELDS = ("url", "site", "status", "etag", "last_modified", "content_hash", "doc_id", "detail", "attempts")


class SqliteStateStore(StateStore):
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # The reactor thread and the thread that writes batches both use the store; the
        # lock keeps one's statements out of the other's transaction.
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        try:
            # WAL: a killed crawl leaves a consistent file; NORMAL sync is durable enough
            # for a store whose every loss is repaired by re-fetching.
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
            columns = {row[1] for row in self._db.execute("PRAGMA table_info(articles)")}
            if "attempts" not in columns:  # a store of a version that did not retry
                self._db.execute("ALTER TABLE articles ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0")
            self._db.execute("SELECT count(*) FROM articles").fetchone()
        except sqlite3.DatabaseError as error:
            self._db.close()
            raise DatasetDamaged(
                f"{self.path}: not a readable crawl state database ({error}); move it aside to crawl "
                "every article again (their documents are kept), or restore it from a backup"
            ) from None

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def get(self, url: str) -> ArticleState | None:
        with self._lock:
            row = self._db.execute(f"SELECT {', '.join(_FIELDS)} FROM articles WHERE url = ?", (url,)).fetchone()
        return ArticleState(*row) if row else None

    def discover(self, url: str, site: str) -> bool:
        now = _now()
        with self._lock:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO articles (url, site, status, first_seen, updated) VALUES (?, ?, ?, ?, ?)",
                (url, site, QUEUED, now, now),
            )
        return cursor.rowcount == 1

    def urls(self, site: str, status: str) -> list[str]:
        with self._lock:
            rows = self._db.execute(
                "SELECT url FROM articles WHERE site = ? AND status = ? ORDER BY first_seen, url", (site, status)
            ).fetchall()
        return [url for (url,) in rows]

    def _update(self, changes: list[tuple[str, Mapping[str, Any]]]) -> None:
        now = _now()
        with self._lock, self._db:
            self._db.execute("BEGIN")
            for url, fields in changes:
                assignments = [f"{name} = attempts + 1" if value is ONE_MORE else f"{name} = ?"
                               for name, value in fields.items()]
                values = [value for value in fields.values() if value is not ONE_MORE]
                self._db.execute(f"UPDATE articles SET {', '.join(assignments)}, updated = ? WHERE url = ?",
                                 (*values, now, url))

    def counts(self, site: str | None = None) -> dict[str, int]:
        query = "SELECT status, count(*) FROM articles"
        with self._lock:
            if site:
                rows = self._db.execute(query + " WHERE site = ? GROUP BY status", (site,)).fetchall()
            else:
                rows = self._db.execute(query + " GROUP BY status").fetchall()
        return dict(rows)


# The keys of RedisStateStore, under PREFIX:state: — a:URL, a hash of the article's
# fields; s:SITE:STATUS, a sorted set of the site's URLs in that status, scored by when
# they were discovered (for ``urls`` and ``counts``); sites, the set of site names. The
# scripts name the sets themselves (they depend on the record): one Redis, not a cluster.

# KEYS[1] the article; ARGV: state prefix, url, site, now (text), now (unix s)
_DISCOVER = """
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'site', ARGV[3], 'status', 'queued', 'first_seen', ARGV[5],
           'updated', ARGV[4], 'attempts', 0)
redis.call('ZADD', ARGV[1] .. ':s:' .. ARGV[3] .. ':queued', ARGV[5], ARGV[2])
redis.call('SADD', ARGV[1] .. ':sites', ARGV[3])
return 1
"""

# KEYS: the articles; ARGV[1] state prefix, ARGV[2] now (text), then per article: its
# url, n, then n (field, value) pairs: '' clears a field, attempts '+1' counts one more.
_UPDATE = """
local i = 3
for k = 1, #KEYS do
    local url, n = ARGV[i], tonumber(ARGV[i + 1])
    local fields = {}
    for j = 0, n - 1 do fields[ARGV[i + 2 + 2 * j]] = ARGV[i + 3 + 2 * j] end
    i = i + 2 + 2 * n
    local site = redis.call('HGET', KEYS[k], 'site')
    if site then
        local status = fields['status']
        if status then
            local old = redis.call('HGET', KEYS[k], 'status')
            local base = ARGV[1] .. ':s:' .. site .. ':'
            redis.call('ZREM', base .. old, url)
            redis.call('ZADD', base .. status, redis.call('HGET', KEYS[k], 'first_seen'), url)
        end
        for name, value in pairs(fields) do
            if value == '' then redis.call('HDEL', KEYS[k], name)
            elseif name == 'attempts' and value == '+1' then redis.call('HINCRBY', KEYS[k], name, 1)
            else redis.call('HSET', KEYS[k], name, value) end
        end
        redis.call('HSET', KEYS[k], 'updated', ARGV[2])
    end
end
return 1
"""


class RedisStateStore(StateStore):
    def __init__(self, client: redis.Redis, prefix: str = f"{PREFIX}:state"):
        self.client, self.prefix = client, prefix
        self._discover = client.register_script(_DISCOVER)
        self._update_script = client.register_script(_UPDATE)

    def _article(self, url: str) -> str:
        return f"{self.prefix}:a:{url}"

    def close(self) -> None:
        self.client.close()

    def get(self, url: str) -> ArticleState | None:
        found = {k.decode(): v.decode() for k, v in self.client.hgetall(self._article(url)).items()}
        if not found:
            return None
        known = {name: found.get(name) for name in _FIELDS[1:-1]}
        return ArticleState(url, **known, attempts=int(found.get("attempts", 0)))

    def discover(self, url: str, site: str) -> bool:
        return bool(self._discover(keys=[self._article(url)], args=[self.prefix, url, site, _now(), int(time.time())]))

    def urls(self, site: str, status: str) -> list[str]:
        return [url.decode() for url in self.client.zrange(f"{self.prefix}:s:{site}:{status}", 0, -1)]

    def _update(self, changes: list[tuple[str, Mapping[str, Any]]]) -> None:
        if not changes:
            return
        args: list[Any] = [self.prefix, _now()]
        for url, fields in changes:
            args += [url, len(fields)]
            for name, value in fields.items():
                args += [name, "+1" if value is ONE_MORE else ("" if value is None else value)]
        self._update_script(keys=[self._article(url) for url, _ in changes], args=args)

    def counts(self, site: str | None = None) -> dict[str, int]:
        sites = [site] if site else sorted(s.decode() for s in self.client.smembers(f"{self.prefix}:sites"))
        with self.client.pipeline(transaction=True) as pipe:
            for name in sites:
                for status in STATUSES:
                    pipe.zcard(f"{self.prefix}:s:{name}:{status}")
            cards = pipe.execute()
        counts: dict[str, int] = {}
        for status, card in zip(STATUSES * len(sites), cards):
            if card:
                counts[status] = counts.get(status, 0) + card
        return counts
