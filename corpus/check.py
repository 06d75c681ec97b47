"""Damage in a dataset, found before it is written to: bad parts, stale temporary files.

A part file a run cannot read (truncated by a full disk or a copy, or a Parquet file of
another schema dropped into ``docs/``) would stop every later run with a pyarrow
traceback, or be counted as if it were ours. ``problems`` finds such parts;
``require_intact`` turns the first into ``DatasetDamaged``, one line naming the file and
what to do; ``move_aside`` (``zhnews check --repair``) moves them to ``DATASET/damaged/``,
where nothing reads them. (What a killed writer left in ``DATASET/.tmp`` is removed by
the next writer, ``corpus.dataset.Dataset.recover``.)
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from corpus.damage import DatasetDamaged
from corpus.parts import part_paths
from corpus.schema import TABLE_SCHEMAS

DAMAGED_DIR = "damaged"


@dataclass(frozen=True)
class Problem:
    path: Path
    what: str
    part: bool  # a part file, which --repair moves aside


def _schema_problem(schema: pa.Schema, expected: pa.Schema) -> str | None:
    for wanted in expected:
        if wanted.name not in schema.names:
            return f"not a zhnews part: no column {wanted.name!r}"
        if not schema.field(wanted.name).type.equals(wanted.type):
            return f"column {wanted.name!r} is {schema.field(wanted.name).type}, not {wanted.type}"
    return None


def part_problem(part: Path, expected: pa.Schema, thorough: bool) -> str | None:
    """What is wrong with one part file, or None. ``thorough`` reads every row, not only the footer."""
    try:
        schema = pq.read_schema(part)
        problem = _schema_problem(schema, expected)
        if problem is None and thorough:
            pq.read_table(part, schema=expected)
    except (OSError, pa.ArrowException) as error:  # pyarrow's own errors subclass both
        return f"unreadable ({str(error).splitlines()[0] if str(error) else type(error).__name__})"
    return problem


def problems(dataset: Path, thorough: bool = False) -> list[Problem]:
    """Every bad part of every table, and counts that disagree with the manifest."""
    found = []
    rows: dict[str, int] = {}
    for table, schema in TABLE_SCHEMAS.items():
        rows[table] = 0
        for part in part_paths(dataset / table):
            what = part_problem(part, schema, thorough)
            if what is not None:
                found.append(Problem(part, what, part=True))
            else:
                rows[table] += pq.ParquetFile(part).metadata.num_rows
    manifest = dataset / "manifest.json"
    if manifest.exists():
        try:
            counts = json.loads(manifest.read_text(encoding="utf-8"))["counts"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            found.append(Problem(manifest, f"unreadable ({error})", part=False))
        else:
            for table, count in rows.items():
                if counts.get(table, 0) != count:
                    found.append(Problem(manifest, f"counts {counts.get(table, 0)} {table} rows; "
                                         f"the readable parts hold {count}", part=False))
    return found


def require_intact(dataset: Path) -> None:
    """Raise ``DatasetDamaged`` for the first part a run could not read (footers only: fast)."""
    bad = [p for p in problems(dataset) if p.part]
    if bad:
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        raise DatasetDamaged(f"{bad[0].path}: {bad[0].what}{more}; run `zhnews check {dataset} --repair` "
                             "to move bad parts aside")


def move_aside(dataset: Path, bad: list[Problem]) -> list[Path]:
    """Move bad parts to ``DATASET/damaged/TABLE/``; where each went."""
    moved = []
    for problem in bad:
        if not problem.part:
            continue
        target = dataset / DAMAGED_DIR / problem.path.relative_to(dataset)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(problem.path, target)
        moved.append(target)
    return moved

