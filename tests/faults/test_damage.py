"""Damage met with one line naming the file and what to do, a non-zero exit, nothing written."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from corpus.dataset import Dataset
from corpus.parts import part_paths
from crawler.state import state_path

REPO = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO / "seeds" / "documents").glob("*.txt"))[:3]


def zhnews(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhnews.cli", *map(str, args)], cwd=REPO, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "500"})


def files(dataset: Path) -> dict[str, int]:
    return {str(p.relative_to(dataset)): p.stat().st_size for p in dataset.rglob("*") if p.is_file()}


def one_line_error(result: subprocess.CompletedProcess, *names: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    for name in names:
        assert name in lines[0]


@pytest.fixture
def dataset(tmp_path) -> Path:
    path = tmp_path / "dataset"
    assert zhnews("ingest", *SEEDS, "-o", path, "-w", "1").returncode == 0
    return path


def test_a_foreign_part_is_an_error_and_check_repair_moves_it_aside(dataset, tmp_path):
    foreign = dataset / "docs" / "part-foreign.parquet"
    pq.write_table(pa.table({"name": ["x"], "value": [1]}), foreign)
    before = files(dataset)
    one_line_error(zhnews("export", dataset, "-o", tmp_path / "txt"), str(foreign), "--repair")
    one_line_error(zhnews("ingest", *SEEDS, "-o", dataset, "-w", "1"), str(foreign))
    assert files(dataset) == before

    found = zhnews("check", dataset)
    assert found.returncode == 2 and str(foreign) in found.stdout
    assert zhnews("check", dataset, "--repair").returncode == 0
    assert (dataset / "damaged" / "docs" / foreign.name).is_file()
    assert zhnews("check", dataset).returncode == 0
    assert zhnews("export", dataset, "-o", tmp_path / "txt").returncode == 0


def test_a_truncated_part_is_an_error_naming_it(dataset):
    part = part_paths(dataset / "docs")[0]
    part.write_bytes(part.read_bytes()[:100])
    before = files(dataset)
    one_line_error(zhnews("ingest", *SEEDS, "-o", dataset, "-w", "1"), str(part))
    one_line_error(zhnews("crawl", "--url", "http://127.0.0.1:9/", "-o", dataset), str(part))
    assert files(dataset) == before
    assert "unreadable" in zhnews("check", dataset).stdout


def test_a_corrupt_state_database_is_an_error_naming_it(dataset):
    state = state_path(dataset)
    state.parent.mkdir()
    state.write_bytes(b"this is no SQLite database, whatever its name says" * 100)
    before = files(dataset)
    one_line_error(zhnews("crawl", "--url", "http://127.0.0.1:9/", "-o", dataset), str(state), "move it aside")
    assert files(dataset) == before


def test_stale_temporary_files_are_removed_at_the_next_start(dataset):
    (dataset / ".tmp").mkdir(exist_ok=True)
    (dataset / ".tmp" / "part-x.parquet.0123").write_bytes(b"half a part")
    assert zhnews("ingest", *SEEDS, "-o", dataset, "-w", "1").returncode == 0
    assert list((dataset / ".tmp").iterdir()) == []


def test_a_refused_second_crawl_touches_nothing(dataset):
    before = files(dataset)
    with Dataset(dataset).exclusive("a test holding it"):
        refused = zhnews("crawl", "--url", "http://127.0.0.1:9/", "-o", dataset)
    assert refused.returncode == 3  # busy (zhnews/exitcodes.py)
    assert refused.stderr.strip().splitlines() == [f"error: dataset {dataset} is in use by pid {os.getpid()} "
                                                   "(a test holding it); wait for it to finish"]
    assert files(dataset) == before
