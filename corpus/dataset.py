"""A dataset on disk: Parquet tables that grow run after run, written atomically.

Layout::

    DATASET/docs/part-*.parquet      clean documents (pandas.read_parquet("DATASET/docs"))
    DATASET/rejects/part-*.parquet   what was dropped, and why
    DATASET/raw/part-*.parquet       fetched pages as the server sent them (crawls only)
    DATASET/manifest.json            schema version, counts, tool versions, time

Storage is ``corpus.parts``, the policy on repeats ``corpus.dedup``, the columns
``corpus.schema``, the one-writer lock ``corpus.lock``; this class puts them together.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from corpus import lock
from corpus.dedup import DatasetKeys, decide
from corpus.manifest import write_manifest
from corpus.parts import append_part, count_rows, part_paths, read_parts
from corpus.records import Document, RawPage, Reject
from corpus.schema import (
    DOCS_SCHEMA, RAW_SCHEMA, REJECTS_SCHEMA, TABLE_SCHEMAS, doc_row, raw_page, raw_row, reject_row,
)

DatasetBusy = lock.DatasetBusy


@dataclass
class WriteSummary:
    written: int = 0
    already_present: int = 0
    duplicates: int = 0
    rejected: int = 0
    reject_reasons: dict[str, int] = field(default_factory=dict)


class Dataset:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        self._cached_keys: DatasetKeys | None = None

    def exclusive(self, purpose: str) -> AbstractContextManager[None]:
        """Hold the dataset for one writer; a second writer fails at once, naming the first."""
        return lock.exclusive(self.path, purpose)

    def shared(self, purpose: str) -> AbstractContextManager[None]:
        """Hold the dataset with the other crawlers of one shared frontier (``corpus.lock``)."""
        return lock.shared(self.path, purpose)

    # -- reading -----------------------------------------------------------------

    def read_table(self, table: str, columns: list[str] | None = None) -> pa.Table:
        return read_parts(self.path / table, TABLE_SCHEMAS[table], columns)

    def _keys(self) -> DatasetKeys:
        """What is on disk, read once: a writer holds the dataset (``exclusive``), so
        nothing but this instance's own writes changes it, and a crawl that flushes every
        few seconds need not read the whole dataset back each time."""
        if self._cached_keys is None:
            docs = self.read_table("docs", ["id", "content_hash", "revision"])
            rejects = self.read_table("rejects", ["id", "reason"])
            keys = DatasetKeys()
            for doc_id, content_hash, revision in zip(*(docs[c].to_pylist() for c in docs.column_names)):
                keys.add_doc(doc_id, content_hash, revision)
            keys.rejects.update(zip(rejects["id"].to_pylist(), rejects["reason"].to_pylist()))
            self._cached_keys = keys
        return self._cached_keys

    def read_raw(self) -> Iterator[RawPage]:
        for part in part_paths(self.path / "raw"):
            for row in pq.read_table(part, schema=RAW_SCHEMA).to_pylist():
                yield raw_page(row)

    # -- writing -----------------------------------------------------------------

    def write(self, docs: Iterable[Document], rejects: Iterable[Reject]) -> WriteSummary:
        """Append documents and rejects by the policy of ``corpus.dedup``."""
        known = self._keys()
        decision = decide(known, docs, rejects)
        summary = WriteSummary(
            written=len(decision.docs), already_present=decision.already_present,
            duplicates=decision.duplicates, rejected=len(decision.rejects),
        )
        for reject in decision.rejects:
            summary.reject_reasons[reject.reason] = summary.reject_reasons.get(reject.reason, 0) + 1
        append_part(self.path, "docs", [doc_row(doc, revision) for doc, revision in decision.docs], DOCS_SCHEMA)
        append_part(self.path, "rejects", [reject_row(r) for r in decision.rejects], REJECTS_SCHEMA)
        known.update(decision.keys)  # only now that the rows are on disk
        self.write_manifest()
        return summary

    def write_raw(self, pages: Iterable[RawPage]) -> None:
        append_part(self.path, "raw", [raw_row(p) for p in pages], RAW_SCHEMA)

    def write_manifest(self) -> dict:
        counts = {table: count_rows(self.path / table) for table in TABLE_SCHEMAS}
        reasons: dict[str, int] = {}
        for reason in self.read_table("rejects", ["reason"])["reason"].to_pylist():
            reasons[reason] = reasons.get(reason, 0) + 1
        return write_manifest(self.path, counts, reasons)
