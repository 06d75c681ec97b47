"""Part files: Parquet tables that only grow, each file written whole or not at all.

Every part is written under ``DATASET/.tmp`` and renamed into place, so a reader (or a
killed run) never sees half a file. Parts are never rewritten.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

import pyarrow as pa
import pyarrow.parquet as pq


def part_paths(table_dir: Path) -> list[Path]:
    return sorted(table_dir.glob("part-*.parquet"))


def read_parts(table_dir: Path, schema: pa.Schema, columns: list[str] | None = None) -> pa.Table:
    parts = part_paths(table_dir)
    if not parts:
        empty = schema if columns is None else pa.schema([schema.field(c) for c in columns])
        return empty.empty_table()
    return pa.concat_tables(pq.read_table(p, columns=columns, schema=schema) for p in parts)


def count_rows(table_dir: Path) -> int:
    return sum(pq.ParquetFile(p).metadata.num_rows for p in part_paths(table_dir))


def append_part(dataset: Path, table: str, rows: list[dict], schema: pa.Schema) -> None:
    """Write ``rows`` as a new part of ``table``; nothing when there are none."""
    if not rows:
        return
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    final = dataset / table / f"part-{stamp}-{uuid.uuid4().hex[:8]}.parquet"
    with atomic_path(dataset, final) as tmp:
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), tmp, compression="zstd")


@contextmanager
def atomic_path(dataset: Path, final: Path) -> Iterator[Path]:
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
