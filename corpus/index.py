"""``DATASET/index/dedup.sqlite``: what the dataset holds, kept beside it so a write never
reads the dataset back.

- ``kept``: each document's latest revision: content hash, MinHash signature, and what
  ``corpus.original`` needs to choose the original of a cluster;
- ``bands``: the LSH band keys of the kept documents (candidate near-duplicates);
- ``revisions``: every (id, content hash) ever written, and the partition it is in;
- ``origins``: the inputs (file or URL) each document was written from;
- ``rejects``: every (id, reason) on record;
- ``stats``: row counts per table, site, month and reason, for the manifest and the card;
- ``journal``: file operations committed but maybe not yet applied (``corpus.dataset``).

Every change of a write is made in one SQLite transaction, committed together with the
journal of the file operations that make the dataset match: a run killed before the
commit changed nothing; one killed after is finished by the next writer.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

from corpus import neardup

SCHEMA = """
create table if not exists kept (
    id text primary key, content_hash text not null, revision integer not null, signature blob not null,
    site text, site_name text, url text, source_kind text, source_claim text, canonical_url text,
    published text, length integer not null
);
create index if not exists kept_hash on kept (content_hash);
create table if not exists bands (key integer not null, id text not null);
create index if not exists bands_key on bands (key);
create index if not exists bands_id on bands (id);
create table if not exists revisions (
    id text not null, content_hash text not null, revision integer not null, partition text not null,
    primary key (id, content_hash)
);
create table if not exists origins (id text not null, origin text not null, primary key (id, origin));
create table if not exists rejects (id text not null, reason text not null, primary key (id, reason));
create table if not exists stats (
    tbl text not null, site text not null, month text not null, reason text not null, n integer not null,
    primary key (tbl, site, month, reason)
);
create table if not exists journal (seq integer primary key, operations text not null);
"""


@dataclass(frozen=True)
class Claimant:
    """A document as ``corpus.original`` weighs it."""

    id: str
    content_hash: str
    site: str | None
    site_name: str | None
    url: str | None
    source_kind: str | None
    source_claim: str | None
    canonical_url: str | None
    published: datetime | None
    length: int


class Index:
    def __init__(self, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        # Transactions are explicit. A crawl writes from a thread pool, one batch at a time
        # (one writer per dataset, and its pipeline's write lock): any thread may use the index.
        self.db = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.db.execute("pragma journal_mode = wal")  # one fsync per commit, and readers never wait
        self.db.execute("pragma synchronous = full")  # a commit is on disk before its journal is applied
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def begin(self) -> None:
        self.db.execute("begin immediate")

    def commit(self) -> None:
        self.db.execute("commit")

    def rollback(self) -> None:
        if self.db.in_transaction:
            self.db.execute("rollback")

    def is_empty(self) -> bool:
        return self.db.execute("select not exists (select 1 from revisions union all select 1 from rejects)").fetchone()[0]

    # -- documents -----------------------------------------------------------------

    def revisions_of(self, doc_id: str) -> dict[str, int]:
        return dict(self.db.execute("select content_hash, revision from revisions where id = ?", (doc_id,)))

    def partitions_of(self, doc_id: str) -> list[tuple[str, int]]:
        return list(self.db.execute("select partition, revision from revisions where id = ?", (doc_id,)))

    def add_revision(self, doc_id: str, content_hash: str, revision: int, partition: str) -> None:
        self.db.execute("insert or replace into revisions values (?, ?, ?, ?)", (doc_id, content_hash, revision, partition))

    def add_origin(self, doc_id: str, origin: str) -> None:
        self.db.execute("insert or ignore into origins values (?, ?)", (doc_id, origin))

    def has_origin(self, doc_id: str, origin: str) -> bool:
        return self.db.execute("select 1 from origins where id = ? and origin = ?", (doc_id, origin)).fetchone() is not None

    def keep(self, claimant: Claimant, revision: int, signature: np.ndarray) -> None:
        self.drop(claimant.id)
        c = claimant
        self.db.execute(
            "insert into kept values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (c.id, c.content_hash, revision, signature.astype(np.uint32).tobytes(), c.site, c.site_name, c.url,
             c.source_kind, c.source_claim, c.canonical_url, c.published.isoformat() if c.published else None,
             c.length),
        )
        self.db.executemany("insert into bands values (?, ?)", ((key, c.id) for key in neardup.band_keys(signature)))

    def drop(self, doc_id: str) -> None:
        """No longer a kept document (superseded by its original, or about to be re-kept)."""
        self.db.execute("delete from kept where id = ?", (doc_id,))
        self.db.execute("delete from bands where id = ?", (doc_id,))

    def is_kept(self, doc_id: str) -> bool:
        return self.db.execute("select 1 from kept where id = ?", (doc_id,)).fetchone() is not None

    def matches(self, doc_id: str, content_hash: str, signature: np.ndarray) -> list[tuple[float, Claimant]]:
        """Kept documents (other than ``doc_id``) with the same text or a similar one, most similar first."""
        keys = neardup.band_keys(signature)
        rows = self.db.execute(
            f"select distinct kept.* from kept join bands on bands.id = kept.id "
            f"where bands.key in ({','.join('?' * len(keys))}) and kept.id != ? "
            f"union select * from kept where content_hash = ? and id != ?",
            (*keys, doc_id, content_hash, doc_id),
        ).fetchall()
        found = []
        for row in rows:
            score = 1.0 if row[1] == content_hash else neardup.similarity(signature, np.frombuffer(row[3], np.uint32))
            if score >= neardup.THRESHOLD:
                found.append((score, _claimant(row)))
        return sorted(found, key=lambda pair: (-pair[0], pair[1].id))

    # -- rejects and counts ----------------------------------------------------------

    def has_reject(self, doc_id: str, reason: str) -> bool:
        return self.db.execute("select 1 from rejects where id = ? and reason = ?", (doc_id, reason)).fetchone() is not None

    def add_reject(self, doc_id: str, reason: str) -> None:
        self.db.execute("insert or ignore into rejects values (?, ?)", (doc_id, reason))

    def count(self, table: str, n: int, site: str | None = None, month: str | None = None, reason: str = "") -> None:
        self.db.execute(
            "insert into stats values (?, ?, ?, ?, ?) on conflict do update set n = n + excluded.n",
            (table, site or "", month or "", reason, n),
        )

    def stats(self) -> list[tuple[str, str | None, str | None, str, int]]:
        return [(t, s or None, m or None, r, n) for t, s, m, r, n in
                self.db.execute("select * from stats where n != 0 order by 1, 2, 3, 4")]

    def kinds(self) -> dict[str, str | None]:
        return dict(self.db.execute("select site, max(source_kind) from kept where site is not null group by site"))

    # -- journal ---------------------------------------------------------------------

    def journal(self, operations: dict) -> int:
        return self.db.execute("insert into journal (operations) values (?)", (json.dumps(operations),)).lastrowid

    def pending(self) -> list[tuple[int, dict]]:
        return [(seq, json.loads(ops)) for seq, ops in self.db.execute("select * from journal order by seq")]

    def done(self, seq: int) -> None:
        self.db.execute("delete from journal where seq = ?", (seq,))


def _claimant(row: tuple) -> Claimant:
    return Claimant(
        id=row[0], content_hash=row[1], site=row[4], site_name=row[5], url=row[6], source_kind=row[7],
        source_claim=row[8], canonical_url=row[9], published=datetime.fromisoformat(row[10]) if row[10] else None,
        length=row[11],
    )
