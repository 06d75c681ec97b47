"""``DATASET/runs``: one row per command run against a dataset, for operators and monitoring.

A run record says when a run started and ended, on which host, with which command line,
what it counted (in all and per site), why inputs were rejected, and how it ended (its
exit code). Each record is a part file of its own, written under ``DATASET/.tmp`` and
renamed into place like every other part: appending needs no lock, so a run that found
the dataset busy, and any number of crawler processes on other machines, record
themselves side by side without a lost or a half-written record.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from corpus.parts import atomic_path, part_paths

COUNTS = pa.map_(pa.string(), pa.int64())
TIMESTAMP = pa.timestamp("us", tz="UTC")

RUNS_SCHEMA = pa.schema(
    [
        ("run_id", pa.string()),
        ("command", pa.string()),  # ingest, crawl, reprocess
        ("argv", pa.list_(pa.string())),
        ("host", pa.string()),
        ("pid", pa.int64()),
        ("started_at", TIMESTAMP),
        ("ended_at", TIMESTAMP),
        ("exit_code", pa.int32()),
        ("error", pa.string()),  # the one line an operator error or a crash printed
        ("counts", COUNTS),  # the run's totals: read, written, rejected, ...
        ("sites", pa.list_(pa.struct([("site", pa.string()), ("counts", COUNTS)]))),
        ("rejects", COUNTS),  # rejects of this run, by reason
    ]
)


@dataclass
class SiteCounts:
    site: str
    counts: dict[str, int]


@dataclass
class RunRecord:
    command: str
    argv: list[str]
    host: str
    pid: int
    started_at: datetime
    ended_at: datetime
    exit_code: int
    error: str | None = None
    counts: dict[str, int] = field(default_factory=dict)
    sites: list[SiteCounts] = field(default_factory=list)
    rejects: dict[str, int] = field(default_factory=dict)
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def to_json(self) -> dict:
        """The record as JSON types: times in ISO 8601."""
        record = asdict(self)
        record["started_at"] = self.started_at.isoformat()
        record["ended_at"] = self.ended_at.isoformat()
        return record


def append_run(dataset: Path, record: RunRecord) -> Path:
    """Write ``record`` as a part of its own in ``DATASET/runs``; the part's path."""
    row = asdict(record)
    final = dataset / "runs" / f"part-{record.ended_at:%Y%m%dT%H%M%S%fZ}-{record.run_id[:8]}.parquet"
    with atomic_path(dataset, final) as tmp:
        pq.write_table(pa.Table.from_pylist([row], schema=RUNS_SCHEMA), tmp, compression="zstd")
    return final


def last_runs(dataset: Path, limit: int) -> list[RunRecord]:
    """The ``limit`` runs that ended last, the newest first."""
    parts = part_paths(dataset / "runs")
    if not parts:
        return []
    table = pa.concat_tables(pq.read_table(p, schema=RUNS_SCHEMA) for p in parts)
    rows = sorted(table.to_pylist(), key=lambda row: row["ended_at"], reverse=True)[:limit]
    return [_record(row) for row in rows]


def _record(row: dict) -> RunRecord:
    # pyarrow reads a map as a list of (key, value) pairs
    row["counts"] = dict(row["counts"])
    row["rejects"] = dict(row["rejects"])
    row["sites"] = [SiteCounts(site["site"], dict(site["counts"])) for site in row["sites"]]
    return RunRecord(**row)
