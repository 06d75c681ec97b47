"""Part files: Parquet files written whole under ``DATASET/.tmp`` and renamed into place.

``docs`` is partitioned by site and month, ``docs/S/YYYY-MM/part-*.parquet``: analysts
filter on them, and a job that wants one site reads one folder. The folders are not
named hive style (``site=S``): each part file holds ``site`` and ``month`` as columns,
and with ``key=value`` folder names pyarrow's default readers (pandas, ``pq.read_table``)
infer the keys as dictionaries while ``ds.dataset(partitioning="hive")`` infers strings,
so one of the two would fail on files that hold the columns too. Plain names give every
reader (pandas, pyarrow, DuckDB, Hugging Face ``datasets``) the same columns and types. A part rolls over at ``TARGET_BYTES``; the small parts that frequent
flushes leave are merged by ``corpus.compact``.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator
from urllib.parse import quote

import pyarrow as pa
import pyarrow.parquet as pq

TARGET_BYTES = 128 * 1024 * 1024
ROW_GROUP_ROWS = 4096
PARTITION_KEYS = {"docs": ("site", "month")}


def part_paths(table_dir: Path) -> list[Path]:
    return sorted(table_dir.rglob("part-*.parquet"))


def read_parts(parts: list[Path], schema: pa.Schema, columns: list[str] | None = None) -> pa.Table:
    if not parts:
        empty = schema if columns is None else pa.schema([schema.field(c) for c in columns])
        return empty.empty_table()
    return pa.concat_tables(pq.read_table(p, columns=columns, schema=schema) for p in parts)


def partition_dir(table: str, row: dict) -> str:
    """The folder, relative to the dataset, that a row of ``table`` belongs in."""
    keys = PARTITION_KEYS.get(table, ())
    return "/".join([table, *(quote(str(row[key]), safe="") for key in keys)])


def new_part_name() -> str:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    return f"part-{stamp}-{uuid.uuid4().hex[:8]}.parquet"


def stage_parts(dataset: Path, folder: str, table: pa.Table) -> list[tuple[Path, Path]]:
    """Write ``table`` as parts of ``folder`` under ``.tmp``, a new part every ``TARGET_BYTES``.

    Returns (staged, final) pairs: nothing is where readers look until they are renamed.
    """
    tmp_dir = dataset / ".tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    writer = None
    for batch in table.to_batches(max_chunksize=ROW_GROUP_ROWS):
        if writer is None:
            final = dataset / folder / new_part_name()
            tmp = tmp_dir / f"{final.name}.{uuid.uuid4().hex}"
            writer = pq.ParquetWriter(tmp, table.schema, compression="zstd")
            staged.append((tmp, final))
        writer.write_batch(batch)
        if tmp.stat().st_size >= TARGET_BYTES:
            writer.close()
            writer = None
    if writer is None:  # no rows: one empty part, so that the table and its columns exist
        final = dataset / folder / new_part_name()
        tmp = tmp_dir / f"{final.name}.{uuid.uuid4().hex}"
        pq.write_table(table, tmp, compression="zstd")
        staged.append((tmp, final))
    else:
        writer.close()
    for tmp, _ in staged:
        fsync_file(tmp)
    return staged


def fsync_file(path: Path) -> None:
    with open(path, "rb") as written:
        os.fsync(written.fileno())


def fsync_dir(path: Path) -> None:
    directory = os.open(path, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


@contextmanager
def atomic_path(dataset: Path, final: Path, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path on the same filesystem; rename it to ``final`` once complete.

    ``durable=False`` skips the fsyncs, for files derived from the index (the manifest,
    the card) that the next write rewrites anyway: a power cut can lose them, never tear them."""
    tmp_dir = dataset / ".tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    final.parent.mkdir(parents=True, exist_ok=True)
    tmp = tmp_dir / f"{final.name}.{uuid.uuid4().hex}"
    try:
        yield tmp
        if durable:
            fsync_file(tmp)
        os.replace(tmp, final)
        if durable:
            fsync_dir(final.parent)
    finally:
        tmp.unlink(missing_ok=True)
