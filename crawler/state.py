"""The crawl state store: which article URLs a dataset's crawls have seen, and how they stood.

One SQLite file per dataset, ``DATASET/state/crawl.sqlite``, next to the data it
describes, so that moving or deleting a dataset takes its state along. It is the source
of truth for resuming: an article URL is ``queued`` as soon as it is discovered and
becomes ``done`` only after its document (or reject) is in the dataset, so a crawl
killed at any point re-fetches what it had not written, and the dataset's
(id, content_hash) check keeps the re-fetch from becoming a duplicate row.

For a ``done`` article the store keeps the validators the server sent (ETag,
Last-Modified) for conditional requests, and the content hash of the text written.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable

from corpus.damage import DatasetDamaged

QUEUED = "queued"
DONE = "done"
FAILED = "failed"

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
    updated TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_site_status ON articles (site, status);
"""


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


@dataclass(frozen=True)
class Finished:
    """How one article ended in the dataset: what ``mark_done`` records."""

    url: str
    status: str  # DONE or FAILED
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None
    doc_id: str | None = None
    detail: str | None = None


class StateStore:
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
            self._db.execute("SELECT count(*) FROM articles").fetchone()
        except sqlite3.DatabaseError as error:
            self._db.close()
            raise DatasetDamaged(
                f"{self.path}: not a readable crawl state database ({error}); move it aside to crawl "
                "every article again (their documents are kept), or restore it from a backup"
            ) from None

    @classmethod
    def for_dataset(cls, dataset_path: Path | str) -> StateStore:
        return cls(state_path(dataset_path))

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def get(self, url: str) -> ArticleState | None:
        with self._lock:
            row = self._db.execute(
                "SELECT url, site, status, etag, last_modified, content_hash, doc_id, detail"
                " FROM articles WHERE url = ?",
                (url,),
            ).fetchone()
        return ArticleState(*row) if row else None

    def discover(self, url: str, site: str) -> bool:
        """Remember a newly found article URL as queued; False if it was already known."""
        now = _now()
        with self._lock:
            cursor = self._db.execute(
                "INSERT OR IGNORE INTO articles (url, site, status, first_seen, updated) VALUES (?, ?, ?, ?, ?)",
                (url, site, QUEUED, now, now),
            )
        return cursor.rowcount == 1

    def pending(self, site: str) -> list[str]:
        """Article URLs of ``site`` discovered by an earlier crawl and never finished."""
        with self._lock:
            rows = self._db.execute(
                "SELECT url FROM articles WHERE site = ? AND status = ? ORDER BY first_seen, url", (site, QUEUED)
            ).fetchall()
        return [url for (url,) in rows]

    def finish(self, finished: Iterable[Finished]) -> None:
        """Record articles whose outcome is now in the dataset, in one transaction."""
        now = _now()
        finished = list(finished)
        with self._lock, self._db:
            self._db.execute("BEGIN")
            self._db.executemany(
                "UPDATE articles SET status = ?, etag = ?, last_modified = ?, content_hash = ?,"
                " doc_id = ?, detail = ?, updated = ? WHERE url = ?",
                [
                    (f.status, f.etag, f.last_modified, f.content_hash, f.doc_id, f.detail, now, f.url)
                    for f in finished
                    if f.status == DONE
                ],
            )
            # A failure keeps the validators of the last good fetch: the text in the
            # dataset is still that one.
            self._db.executemany(
                "UPDATE articles SET status = ?, detail = ?, updated = ? WHERE url = ?",
                [(f.status, f.detail, now, f.url) for f in finished if f.status != DONE],
            )

    def confirm(self, url: str) -> None:
        """The server says the article is unchanged (304): it is done, as it was."""
        with self._lock:
            self._db.execute(
                "UPDATE articles SET status = ?, detail = NULL, updated = ? WHERE url = ?", (DONE, _now(), url)
            )

    def counts(self, site: str | None = None) -> dict[str, int]:
        query = "SELECT status, count(*) FROM articles"
        with self._lock:
            if site:
                rows = self._db.execute(query + " WHERE site = ? GROUP BY status", (site,)).fetchall()
            else:
                rows = self._db.execute(query + " GROUP BY status").fetchall()
        return dict(rows)
