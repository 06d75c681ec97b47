"""A dataset on disk: Parquet tables that grow run after run, kept consistent under SIGKILL.

Layout::

    DATASET/docs/SITE/YYYY-MM/part-*.parquet   clean documents, one row per revision
    DATASET/rejects/part-*.parquet                      what was dropped, and why
    DATASET/raw/part-*.parquet                          fetched pages as the server sent them
    DATASET/index/dedup.sqlite                          keys, near-duplicate index, counts, journal
    DATASET/manifest.json, DATASET/README.md            counts and the dataset card

How a write stays consistent: new parts (and the rewritten parts of a partition that
loses a superseded copy) are staged under ``.tmp``; then one SQLite transaction commits
the index changes together with a journal of the renames and deletions that make the
files match; then the journal is applied and cleared. A run killed before the commit
leaves only staged files, which the next writer deletes; one killed after it leaves a
journal, which the next writer (or ``zhnews compact``) applies again: renames of staged
files that are still there, deletions of parts that are still there.

Storage is ``corpus.parts``, the policy on repeats ``corpus.dedup``, the columns
``corpus.schema``, the index ``corpus.index``, the one-writer lock ``corpus.lock``.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter, defaultdict
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Iterable, Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from corpus import lock
from corpus.card import write_card
from corpus import neardup
from corpus.dedup import Superseded, claimant, decide
from corpus.index import Index
from corpus.manifest import write_manifest
from corpus.parts import TARGET_BYTES, fsync_dir, part_paths, partition_dir, read_parts, stage_parts
from corpus.records import Document, RawPage, Reject, utc_now
from corpus.schema import (
    DOCS_SCHEMA, RAW_SCHEMA, REJECTS_SCHEMA, TABLE_SCHEMAS, doc_row, raw_page, raw_row, reject_row,
)

DatasetBusy = lock.DatasetBusy
Staged = list[tuple[Path, Path]]


@dataclass
class Change:
    """What one atomic change does to the files: staged parts to rename into place, parts to delete."""

    staged: Staged = field(default_factory=list)
    deleted: list[Path] = field(default_factory=list)


@dataclass
class WriteSummary:
    written: int = 0
    already_present: int = 0
    duplicates: int = 0
    near_duplicates: int = 0
    superseded: int = 0  # copies written earlier that an original arriving now replaced
    rejected: int = 0
    reject_reasons: dict[str, int] = field(default_factory=dict)


@dataclass
class CompactSummary:
    parts_before: int = 0
    parts_after: int = 0


class Dataset:
    def __init__(self, path: Path | str, *, alone: bool = True):
        """``alone``: this process holds the dataset by itself (``exclusive``), so whatever
        lies in ``.tmp`` and any journal left unapplied belong to writers that died. The
        crawlers of one shared frontier (``shared``) are not alone: another one's staged
        parts are in ``.tmp`` while it writes."""
        self.path = Path(path)
        self.alone = alone
        self._open_index: Index | None = None
        # The ``id`` column of each docs part read so far. A part never changes once in
        # place (a rewrite is a new part under a new name), so each is read once: a
        # supersession looks through every part of its partition, and a crawl adds parts
        # to the same partitions batch after batch.
        self._part_ids: dict[Path, pa.ChunkedArray] = {}

    def exclusive(self, purpose: str) -> AbstractContextManager[None]:
        """Hold the dataset for one writer; a second writer fails at once, naming the first."""
        return lock.exclusive(self.path, purpose)

    def shared(self, purpose: str) -> AbstractContextManager[None]:
        """Hold the dataset with the other crawlers of one shared frontier (``corpus.lock``)."""
        return lock.shared(self.path, purpose)

    # -- reading -----------------------------------------------------------------

    def read_table(self, table: str, columns: list[str] | None = None) -> pa.Table:
        return read_parts(part_paths(self.path / table), TABLE_SCHEMAS[table], columns)

    def read_latest(self, columns: list[str] | None = None) -> pa.Table:
        """One row per document: its newest revision (the ``latest`` view)."""
        wanted = None if columns is None else list(dict.fromkeys([*columns, "id", "revision"]))
        table = self.read_table("docs", wanted)
        newest: dict[str, int] = {}
        for doc_id, revision in zip(table["id"].to_pylist(), table["revision"].to_pylist()):
            newest[doc_id] = max(revision, newest.get(doc_id, 0))
        is_latest = [newest[d] == r for d, r in zip(table["id"].to_pylist(), table["revision"].to_pylist())]
        latest = table.filter(pa.array(is_latest, pa.bool_()))
        return latest.select(columns) if columns else latest

    def read_raw(self) -> Iterator[RawPage]:
        for part in part_paths(self.path / "raw"):
            for row in pq.read_table(part, schema=RAW_SCHEMA).to_pylist():
                yield raw_page(row)

    # -- writing -----------------------------------------------------------------

    def write(self, docs: Iterable[Document], rejects: Iterable[Reject]) -> WriteSummary:
        """Add documents and rejects by the policy of ``corpus.dedup``."""
        index = self._index()
        with self._change(index) as change:
            decision = decide(index, docs, rejects)
            change.deleted, superseded_rejects = self._stage_supersessions(index, decision.superseded, change.staged)
            now = utc_now()
            doc_rows = [doc_row(doc, revision, now + timedelta(microseconds=n))  # arrival order within a batch
                        for n, (doc, revision) in enumerate(decision.docs)]
            reject_rows = [reject_row(r) for r in [*decision.rejects, *superseded_rejects]]
            by_partition = defaultdict(list)
            for row in doc_rows:
                by_partition[partition_dir("docs", row)].append(row)
                index.count("docs", 1, row["site"], row["month"])
            for folder, rows in by_partition.items():
                change.staged += stage_parts(self.path, folder, pa.Table.from_pylist(rows, schema=DOCS_SCHEMA))
            if reject_rows or not (self.path / "rejects").is_dir():  # an empty table still reads, with its columns
                change.staged += stage_parts(self.path, "rejects", pa.Table.from_pylist(reject_rows, schema=REJECTS_SCHEMA))
            for row in reject_rows:
                index.count("rejects", 1, row["site"], reason=row["reason"])
        summary = WriteSummary(
            written=len(doc_rows), already_present=decision.already_present, duplicates=decision.duplicates,
            near_duplicates=decision.near_duplicates, superseded=len(superseded_rejects),
            rejected=len(reject_rows), reject_reasons=dict(Counter(r["reason"] for r in reject_rows)),
        )
        self.write_manifest()
        return summary

    def _stage_supersessions(self, index: Index, superseded: list[Superseded], staged: Staged) -> tuple[list[Path], list[Reject]]:
        """Stage each part that holds a superseded copy without it; the copy's newest row becomes a reject.

        Only the parts that hold one are rewritten (found by their ``id`` column), not the whole partition."""
        if not superseded:
            return [], []
        by = {s.id: s for s in superseded}
        gone_ids = pa.array(sorted(by))
        folders = {folder for s in superseded for folder, _ in index.partitions_of(s.id)}
        removed_parts: list[Path] = []
        newest: dict[str, dict] = {}
        for folder in sorted(folders):
            for part in part_paths(self.path / folder):
                if part not in self._part_ids:
                    self._part_ids[part] = pq.read_table(part, columns=["id"])["id"]
                if not pc.any(pc.is_in(self._part_ids[part], value_set=gone_ids)).as_py():
                    continue
                table = read_parts([part], DOCS_SCHEMA)
                gone = pc.is_in(table["id"], value_set=gone_ids)
                for row in table.filter(gone).to_pylist():
                    index.count("docs", -1, row["site"], row["month"])
                    if row["id"] not in newest or row["revision"] > newest[row["id"]]["revision"]:
                        newest[row["id"]] = row
                kept = table.filter(pc.invert(gone))
                if kept.num_rows:
                    staged += stage_parts(self.path, folder, kept)
                removed_parts.append(part)
                del self._part_ids[part]
        rejects = [
            Reject(row["id"], row["origin"], by[row["id"]].reason, f"a copy of {by[row['id']].by}, the original",
                   row["text"], row["url"], row["site"], duplicate_of=by[row["id"]].by)
            for row in newest.values()
        ]
        return removed_parts, rejects

    def write_raw(self, pages: Iterable[RawPage]) -> None:
        rows = [raw_row(p) for p in pages]
        if not rows:
            return
        index = self._index()
        with self._change(index) as change:
            change.staged += stage_parts(self.path, "raw", pa.Table.from_pylist(rows, schema=RAW_SCHEMA))
            for row in rows:
                index.count("raw", 1, row["site"])

    def compact(self) -> CompactSummary:
        """Merge each folder's small parts into parts of up to ``TARGET_BYTES``, atomically.

        Takes the dataset for itself: refused (``DatasetBusy``) while a crawl or ingest writes.
        """
        with self.exclusive("zhnews compact"):
            index = self._index()
            summary = CompactSummary(parts_before=sum(len(part_paths(self.path / t)) for t in TABLE_SCHEMAS))
            with self._change(index) as change:
                for table, schema in TABLE_SCHEMAS.items():
                    folders = defaultdict(list)
                    for part in part_paths(self.path / table):
                        if part.stat().st_size < TARGET_BYTES // 2:
                            folders[part.parent].append(part)
                    for folder, parts in sorted(folders.items()):
                        for group in _groups_of_target_size(parts):  # memory: one target-sized group at a time
                            if len(group) > 1:
                                change.staged += stage_parts(self.path, str(folder.relative_to(self.path)),
                                                             read_parts(group, schema))
                                change.deleted += group
            summary.parts_after = sum(len(part_paths(self.path / t)) for t in TABLE_SCHEMAS)
            return summary

    def write_manifest(self) -> dict:
        stats = self._index().stats()
        manifest = write_manifest(self.path, stats)
        write_card(self.path, stats, self._index().kinds())
        return manifest

    # -- the journal ---------------------------------------------------------------

    @contextmanager
    def _change(self, index: Index) -> Iterator[Change]:
        """One atomic change of the files and the index: the body stages files and counts rows
        in an open index transaction; on success the journal of renames and deletions commits
        with it and is applied, on any error (or a signal) the transaction rolls back and the
        staged files go."""
        change = Change()
        index.begin()
        try:
            yield change
            seq = index.journal(self._operations(change.staged, change.deleted))
            index.commit()
        except BaseException:
            index.rollback()
            for tmp, _ in change.staged:
                tmp.unlink(missing_ok=True)
            raise
        self._apply(index, seq)


    def _operations(self, staged: Staged, deleted: list[Path]) -> dict:
        return {
            "renames": [[str(tmp.relative_to(self.path)), str(final.relative_to(self.path))] for tmp, final in staged],
            "deletes": [str(path.relative_to(self.path)) for path in deleted],
        }

    def _apply(self, index: Index, seq: int) -> None:
        """Make the files match a committed journal entry; safe to run again after a kill."""
        operations = dict(index.pending())[seq]
        folders = set()
        for tmp, final in operations["renames"]:
            source, target = self.path / tmp, self.path / final
            if source.exists():
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
                folders.add(target.parent)
        for folder in folders:
            fsync_dir(folder)
        for deleted in operations["deletes"]:
            path = self.path / deleted
            path.unlink(missing_ok=True)
            folder = path.parent
            while folder.parent != self.path and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()  # a partition that lost its last document, and a site that lost its last month
                folder = folder.parent
        index.done(seq)

    def recover(self) -> None:
        """Finish what a killed writer committed and drop what it had only staged (every writer does this first)."""
        self._index()

    def _index(self) -> Index:
        """The index, with any journal a killed run left applied and its staged files gone."""
        if self._open_index is None:
            index = Index(self.path / "index" / "dedup.sqlite")
            if self.alone:
                for seq, _ in index.pending():
                    self._apply(index, seq)
                shutil.rmtree(self.path / ".tmp", ignore_errors=True)
            (self.path / ".tmp").mkdir(parents=True, exist_ok=True)
            if index.is_empty() and any(part_paths(self.path / t) for t in TABLE_SCHEMAS):
                self._rebuild(index)
            self._open_index = index
        return self._open_index

    def _rebuild(self, index: Index) -> None:
        """Derive the index from the files (it was deleted, or lost): the one time a dataset is read whole."""
        index.begin()
        docs = self.read_table("docs").to_pylist()
        newest: dict[str, dict] = {}
        for row in docs:
            index.add_revision(row["id"], row["content_hash"], row["revision"], partition_dir("docs", row))
            index.add_origin(row["id"], row["origin"])
            index.count("docs", 1, row["site"], row["month"])
            if row["id"] not in newest or row["revision"] > newest[row["id"]]["revision"]:
                newest[row["id"]] = row
        for row in newest.values():
            doc = Document(**{k: v for k, v in row.items() if k in Document.__dataclass_fields__ and k != "removed"})
            index.keep(claimant(doc), row["revision"], neardup.signature(row["text"]))
        for row in self.read_table("rejects", ["id", "reason", "site"]).to_pylist():
            index.add_reject(row["id"], row["reason"])
            index.count("rejects", 1, row["site"], reason=row["reason"])
        for site in self.read_table("raw", ["site"])["site"].to_pylist():
            index.count("raw", 1, site)
        index.commit()

    def close(self) -> None:
        if self._open_index is not None:
            self._open_index.close()
            self._open_index = None


def _groups_of_target_size(parts: list[Path]) -> list[list[Path]]:
    groups: list[list[Path]] = [[]]
    size = 0
    for part in parts:
        if groups[-1] and size + part.stat().st_size > TARGET_BYTES:
            groups.append([])
            size = 0
        groups[-1].append(part)
        size += part.stat().st_size
    return groups
