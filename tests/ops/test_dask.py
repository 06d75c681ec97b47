"""`--dask ADDRESS`: extraction and cleaning on a real dask.distributed cluster, row for row the
single-process result."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from distributed import LocalCluster

from crawler.replicas.server import REPLICAS_DIR, serve_replicas
from corpus.dataset import Dataset
from seeds import DOCUMENTS_DIR
from zhnews import exitcodes
from zhnews.cli import main

REPO = Path(__file__).resolve().parents[2]
TIME_COLUMNS = {"fetched_at", "rejected_at", "written_at"}  # when a row was made, not what it says
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0", "-s", "ZHNEWS_WORKERS=1"]


def zhnews(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "zhnews.cli", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=180, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)})


@pytest.fixture(scope="module")
def cluster():
    # Worker processes, as on other machines: the tasks and their results cross process borders.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local:
        yield local


def rows(dataset: Path, table: str) -> list[dict]:
    read = Dataset(dataset).read_table(table)
    return read.drop_columns([c for c in read.column_names if c in TIME_COLUMNS]).to_pylist()


def in_one_order(table_rows: list[dict]) -> list[dict]:
    return sorted(table_rows, key=lambda row: json.dumps(row, sort_keys=True, default=str, ensure_ascii=False))


def test_ingest_on_dask_writes_the_rows_one_process_writes(tmp_path, cluster):
    inputs = tmp_path / "in"
    shutil.copytree(DOCUMENTS_DIR, inputs)
    seed = (DOCUMENTS_DIR / "004_38cb36e30ac65805.txt").read_text(encoding="utf-8")
    for n in range(40):  # several chunks, so that both workers get some
        (inputs / f"copy{n:02d}.txt").write_text(f"标题{n}\n\n" + seed, encoding="utf-8")
    (inputs / "page.html").write_text(f"<html><body><article><h1>标题</h1><p>{seed}</p></article></body></html>",
                                      encoding="utf-8")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "notes.doc").write_bytes(b"\xd0\xcf\x11\xe0")

    assert main(["ingest", str(inputs), "-o", str(tmp_path / "one"), "-w", "1"]) == exitcodes.OK
    assert main(["ingest", str(inputs), "-o", str(tmp_path / "dask"), "--dask", cluster.scheduler_address]) == (
        exitcodes.OK)

    assert "process_files" in cluster.scheduler.task_prefixes  # the work ran on the cluster
    for table in ("docs", "rejects"):
        assert rows(tmp_path / "dask", table) == rows(tmp_path / "one", table)
    # Every input is a row (the 40 copies are near-duplicates of the seed: rejects), and
    # the documents and the rejects both came through.
    one_docs, one_rejects = rows(tmp_path / "one", "docs"), rows(tmp_path / "one", "rejects")
    assert len(one_docs) + len(one_rejects) == len(list(inputs.iterdir())) and one_docs and one_rejects


def test_an_address_without_a_scheduler_is_one_line_exit_2(tmp_path, capsys):
    assert main(["ingest", str(DOCUMENTS_DIR), "-o", str(tmp_path / "ds"), "--dask", "tcp://127.0.0.1:9"]) == (
        exitcodes.USAGE)
    lines = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert len(lines) == 1 and "tcp://127.0.0.1:9" in lines[0]


def test_reprocess_on_dask_writes_the_rows_one_process_writes(tmp_path, cluster):
    crawled = tmp_path / "crawled"
    with serve_replicas(REPLICAS_DIR, ["generic"]) as origins:  # a small site: the point is where cleaning runs
        crawl = zhnews("crawl", "--url", origins["generic"] + "/", "-o", str(crawled), *FAST)
    assert crawl.returncode == exitcodes.OK, crawl.stderr[-3000:]
    for name in ("one", "dask"):  # the raw archive alone: reprocess makes every row again
        shutil.copytree(crawled / "raw", tmp_path / name / "raw")

    assert zhnews("reprocess", str(tmp_path / "one")).returncode == exitcodes.OK
    on_dask = zhnews("reprocess", str(tmp_path / "dask"), "--dask", cluster.scheduler_address, "--json")
    assert on_dask.returncode == exitcodes.OK, on_dask.stderr[-3000:]

    assert json.loads(on_dask.stdout)["counts"]["written"] == len(rows(tmp_path / "one", "docs")) > 0
    for table in ("docs", "rejects"):  # a crawl writes articles as they finish: compare in one order
        assert in_one_order(rows(tmp_path / "dask", table)) == in_one_order(rows(tmp_path / "one", table))
    assert "process_crawled" in cluster.scheduler.task_prefixes  # the articles were cleaned on the cluster
