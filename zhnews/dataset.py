"""A dataset on disk: Parquet tables that grow run after run, written atomically.

Layout::

    DATASET/docs/part-*.parquet      clean documents (pandas.read_parquet("DATASET/docs"))
    DATASET/rejects/part-*.parquet   what was dropped, and why
    DATASET/raw/part-*.parquet       fetched pages as the server sent them (crawls only)
    DATASET/manifest.json            schema version, counts, tool versions, time

Every part file is written under ``DATASET/.tmp`` and renamed into place, so a reader
(or a killed run) never sees half a file. Part files are never rewritten: growth is
append-only, and a changed document is a new revision row.
"""

from __future__ import annotations

import fcntl
import json
import os
import uuid
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from cleaners import PIPELINE_VERSION
from zhnews.records import Document, RawPage, Reject

SCHEMA_VERSION = 1

REMOVAL = pa.struct([("rule", pa.string()), ("text", pa.string())])
TIMESTAMP = pa.timestamp("us", tz="UTC")

DOCS_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("text", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("site", pa.string()),
        ("published", pa.string()),
        ("author", pa.string()),
        ("lang", pa.string()),
        ("lang_prob", pa.float64()),
        ("script_converted", pa.bool_()),
        ("charset", pa.string()),
        ("content_hash", pa.string()),
        ("removed", pa.list_(REMOVAL)),
        ("similarity", pa.float64()),
        ("revision", pa.int32()),
        ("fetched_at", TIMESTAMP),
        ("origin", pa.string()),
        ("pipeline_version", pa.string()),
    ]
)

REJECTS_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("origin", pa.string()),
        ("reason", pa.string()),
        ("detail", pa.string()),
        ("text", pa.string()),
        ("url", pa.string()),
        ("site", pa.string()),
        ("rejected_at", TIMESTAMP),
        ("pipeline_version", pa.string()),
    ]
)

RAW_SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("final_url", pa.string()),
        ("status", pa.int32()),
        ("headers", pa.string()),  # JSON object: header names are not a fixed set
        ("body", pa.binary()),
        ("fetched_at", TIMESTAMP),
        ("site", pa.string()),
    ]
)

TOOLS = ("zhnews", "trafilatura", "opencc", "langdetect", "ftfy", "pypinyin", "scrapy", "pyarrow")


class DatasetBusy(RuntimeError):
    """Another process holds the dataset (a crawl or an ingest is writing to it)."""


@dataclass
class WriteSummary:
    written: int = 0
    already_present: int = 0
    duplicates: int = 0
    rejected: int = 0
    reject_reasons: dict[str, int] = field(default_factory=dict)


@dataclass
class _Index:
    """The keys of what a dataset holds: documents by id and by text, and rejects."""

    revisions: dict[str, dict[str, int]] = field(default_factory=dict)  # id -> content_hash -> revision
    owners: dict[str, str] = field(default_factory=dict)  # content_hash -> the id it was first written under
    rejects: set[tuple[str, str]] = field(default_factory=set)  # (id, reason)

    def add_doc(self, doc_id: str, content_hash: str, revision: int) -> None:
        self.revisions.setdefault(doc_id, {})[content_hash] = revision
        self.owners.setdefault(content_hash, doc_id)


class Dataset:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._cached_index: _Index | None = None

    # -- locking -----------------------------------------------------------------

    @contextmanager
    def exclusive(self, purpose: str) -> Iterator[None]:
        """Hold the dataset for one writer; a second writer fails at once, naming the first."""
        self.path.mkdir(parents=True, exist_ok=True)
        lock_path = self.path / ".lock"
        with open(lock_path, "a+") as lock:
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.seek(0)
                holder = lock.read().strip() or "another process"
                raise DatasetBusy(f"dataset {self.path} is in use by {holder}; wait for it to finish") from None
            lock.seek(0)
            lock.truncate()
            lock.write(f"pid {os.getpid()} ({purpose})")
            lock.flush()
            try:
                yield
            finally:
                lock.truncate(0)
                fcntl.flock(lock, fcntl.LOCK_UN)

    # -- reading -----------------------------------------------------------------

    def _parts(self, table: str) -> list[Path]:
        return sorted((self.path / table).glob("part-*.parquet"))

    def read_table(self, table: str, columns: list[str] | None = None) -> pa.Table:
        schema = {"docs": DOCS_SCHEMA, "rejects": REJECTS_SCHEMA, "raw": RAW_SCHEMA}[table]
        parts = self._parts(table)
        if not parts:
            empty = schema if columns is None else pa.schema([schema.field(c) for c in columns])
            return empty.empty_table()
        return pa.concat_tables(pq.read_table(p, columns=columns, schema=schema) for p in parts)

    def _index(self) -> _Index:
        """What is on disk, read once: a writer holds the dataset (``exclusive``), so
        nothing but this instance's own writes changes it, and a crawl that flushes every
        few seconds need not read the whole dataset back each time."""
        if self._cached_index is None:
            docs = self.read_table("docs", ["id", "content_hash", "revision"])
            rejects = self.read_table("rejects", ["id", "reason"])
            index = _Index()
            for doc_id, content_hash, revision in zip(*(docs[c].to_pylist() for c in docs.column_names)):
                index.add_doc(doc_id, content_hash, revision)
            index.rejects.update(zip(rejects["id"].to_pylist(), rejects["reason"].to_pylist()))
            self._cached_index = index
        return self._cached_index

    def read_raw(self) -> Iterator[RawPage]:
        for part in self._parts("raw"):
            for row in pq.read_table(part, schema=RAW_SCHEMA).to_pylist():
                yield RawPage(
                    url=row["url"],
                    final_url=row["final_url"],
                    status=row["status"],
                    headers=json.loads(row["headers"]),
                    body=row["body"],
                    fetched_at=row["fetched_at"],
                    site=row["site"],
                )

    # -- writing -----------------------------------------------------------------

    def write(self, docs: Iterable[Document], rejects: Iterable[Reject]) -> WriteSummary:
        """Append documents and rejects; a document already present is not written again.

        The same id with the same content is already present; the same content under
        another id (a mirror) is a duplicate and goes to rejects; the same id with new
        content is the next revision.
        """
        summary = WriteSummary()
        index = self._index()
        pending = _Index()  # this call's rows: into the index once they are on disk
        doc_rows: list[dict] = []
        reject_rows: list[dict] = [_reject_row(r) for r in rejects]
        for doc in docs:
            revisions = {**index.revisions.get(doc.id, {}), **pending.revisions.get(doc.id, {})}
            if doc.content_hash in revisions:
                summary.already_present += 1
                continue
            owner = index.owners.get(doc.content_hash) or pending.owners.get(doc.content_hash)
            if owner is not None:
                summary.duplicates += 1
                reject_rows.append(
                    _reject_row(
                        Reject(doc.id, doc.origin, "duplicate", f"same text as {owner}", doc.text, doc.url, doc.site)
                    )
                )
                continue
            revision = max(revisions.values(), default=0) + 1
            pending.add_doc(doc.id, doc.content_hash, revision)
            doc_rows.append(_doc_row(doc, revision))
        # A re-run meets the same 404s and off-topic pages again: they are on record already.
        reject_rows = [row for row in reject_rows if (row["id"], row["reason"]) not in index.rejects]
        for row in reject_rows:
            summary.reject_reasons[row["reason"]] = summary.reject_reasons.get(row["reason"], 0) + 1
        summary.written = len(doc_rows)
        summary.rejected = len(reject_rows)
        self._append("docs", doc_rows, DOCS_SCHEMA)
        self._append("rejects", reject_rows, REJECTS_SCHEMA)
        for doc_id, revisions in pending.revisions.items():
            for content_hash, revision in revisions.items():
                index.add_doc(doc_id, content_hash, revision)
        index.rejects.update((row["id"], row["reason"]) for row in reject_rows)
        self.write_manifest()
        return summary

    def write_raw(self, pages: Iterable[RawPage]) -> None:
        rows = [
            {
                "url": p.url,
                "final_url": p.final_url,
                "status": p.status,
                "headers": json.dumps(p.headers, ensure_ascii=False, sort_keys=True),
                "body": p.body,
                "fetched_at": p.fetched_at,
                "site": p.site,
            }
            for p in pages
        ]
        self._append("raw", rows, RAW_SCHEMA)

    def _append(self, table: str, rows: list[dict], schema: pa.Schema) -> None:
        if not rows:
            return
        stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
        final = self.path / table / f"part-{stamp}-{uuid.uuid4().hex[:8]}.parquet"
        with _atomic_path(self.path, final) as tmp:
            pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp, compression="zstd")

    def write_manifest(self) -> dict:
        counts = {table: sum(pq.ParquetFile(p).metadata.num_rows for p in self._parts(table)) for table in
                  ("docs", "rejects", "raw")}
        reasons: dict[str, int] = {}
        for reason in self.read_table("rejects", ["reason"])["reason"].to_pylist():
            reasons[reason] = reasons.get(reason, 0) + 1
        manifest = {
            "schema_version": SCHEMA_VERSION,
            "pipeline_version": PIPELINE_VERSION,
            "counts": counts,
            "reject_reasons": dict(sorted(reasons.items())),
            "tool_versions": {tool: _version(tool) for tool in TOOLS},
            "updated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        with _atomic_path(self.path, self.path / "manifest.json") as tmp:
            tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return manifest


@contextmanager
def _atomic_path(dataset: Path, final: Path) -> Iterator[Path]:
    """Yield a temporary path on the same filesystem; rename it to ``final`` once complete."""
    tmp_dir = dataset / ".tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_dir / f"{final.name}.{uuid.uuid4().hex}"
    try:
        yield tmp
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        os.replace(tmp, final)
        directory = os.open(final.parent, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)
    finally:
        tmp.unlink(missing_ok=True)


def _doc_row(doc: Document, revision: int) -> dict:
    row = asdict(doc)
    row["removed"] = [{"rule": rule, "text": text} for rule, text in doc.removed]
    row["revision"] = revision
    row["pipeline_version"] = PIPELINE_VERSION
    return row


def _reject_row(reject: Reject) -> dict:
    row = asdict(reject)
    row["pipeline_version"] = PIPELINE_VERSION
    return row


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None
