"""Unattended runs: exit codes, one-line operator errors, run records, --json, --log-file, status."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pyarrow.parquet as pq

from corpus.dataset import Dataset
from corpus.runs import RunRecord, SiteCounts, append_run, last_runs
from zhnews import exitcodes
from zhnews.cli import main

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "documents"
ONE_SEED = str(SEEDS / "003_3e4c9e161e2af1e0.txt")


def error_lines(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.strip()]


def test_runs_are_appended_and_read_back_newest_first(tmp_path):
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    for minute, code in enumerate([0, 4, 5]):
        append_run(tmp_path, RunRecord(
            command="crawl", argv=["zhnews", "crawl", "jfdaily"], host="h", pid=1, started_at=start,
            ended_at=start + timedelta(minutes=minute), exit_code=code, counts={"pages": minute},
            sites=[SiteCounts("jfdaily", {"pages": minute})], rejects={"http-404": 1},
        ))
    runs = last_runs(tmp_path, 2)
    assert [run.exit_code for run in runs] == [5, 4]
    assert runs[0].sites == [SiteCounts("jfdaily", {"pages": 2})]
    assert runs[0].rejects == {"http-404": 1}
    assert len(list((tmp_path / "runs").glob("part-*.parquet"))) == 3
    assert not list((tmp_path / ".tmp").iterdir())


def test_an_ingest_is_recorded_and_status_shows_it(tmp_path, capsys):
    dataset = tmp_path / "ds"
    assert main(["ingest", ONE_SEED, "-o", str(dataset), "-w", "1", "--json"]) == exitcodes.OK
    summary = json.loads(capsys.readouterr().out)  # stdout holds the JSON summary and nothing else
    assert summary["exit_code"] == 0
    assert summary["counts"] == {"read": 1, "kept": 1, "already_present": 0, "rejected": 0}
    assert summary["dataset"] == str(dataset)

    assert main(["status", str(dataset)]) == exitcodes.OK
    shown = capsys.readouterr().out
    assert "exit 0 ok" in shown and f"zhnews ingest {ONE_SEED}" in shown and "kept 1" in shown
    rows = pq.read_table(dataset / "runs").to_pylist()
    assert rows[0]["command"] == "ingest" and rows[0]["host"] and rows[0]["ended_at"] >= rows[0]["started_at"]


def test_a_busy_dataset_is_exit_3_and_the_refused_run_touches_nothing(tmp_path, capsys):
    dataset = tmp_path / "ds"
    with Dataset(dataset).exclusive("zhnews crawl"):
        assert main(["ingest", ONE_SEED, "-o", str(dataset), "--json"]) == exitcodes.BUSY
    captured = capsys.readouterr()
    assert json.loads(captured.out)["exit_code"] == exitcodes.BUSY
    assert error_lines(captured.err) == [f"error: dataset {dataset} is in use by pid {error_pid(captured.err)} "
                                         "(zhnews crawl); wait for it to finish"]
    # Its record is the --json summary above (and the log); the dataset it was refused is untouched.
    assert not (dataset / "runs").exists()


def error_pid(err: str) -> str:
    return err.split("by pid ")[1].split()[0]


def test_operator_errors_are_one_line_naming_the_path_exit_2(tmp_path, capsys):
    a_file = tmp_path / "a-file"
    a_file.write_text("not a dataset")
    for argv, named in [
        (["ingest", ONE_SEED, "-o", str(a_file)], str(a_file)),
        (["ingest", ONE_SEED, "-o", str(a_file / "ds")], str(a_file / "ds")),
        (["ingest", str(tmp_path / "missing"), "-o", str(tmp_path / "ds")], str(tmp_path / "missing")),
        (["ingest", ONE_SEED, "-o", str(tmp_path / "ds"), "--log-file", str(a_file / "log")], str(a_file / "log")),
        (["status", str(tmp_path / "missing")], str(tmp_path / "missing")),
    ]:
        assert main(argv) == exitcodes.USAGE, argv
        lines = error_lines(capsys.readouterr().err)
        assert len(lines) == 1 and lines[0].startswith("error: ") and named in lines[0], (argv, lines)


def test_the_log_file_gets_the_start_and_the_summary(tmp_path, capsys):
    log = tmp_path / "zhnews.log"
    dataset = tmp_path / "ds"
    for _ in range(2):
        assert main(["ingest", ONE_SEED, "-o", str(dataset), "-w", "1", "--log-file", str(log)]) == exitcodes.OK
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 4  # appended, run after run
    assert "started: zhnews ingest" in lines[2]
    ended = json.loads(lines[3].split("; ", 1)[1])
    assert ended["exit_code"] == 0 and ended["counts"]["already_present"] == 1


def test_a_file_that_cannot_be_read_is_exit_5(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "001_0123456789abcdef.txt").symlink_to(tmp_path / "nowhere")  # listed, then not there
    assert main(["ingest", str(tmp_path / "in"), ONE_SEED, "-o", str(tmp_path / "ds"), "-w", "1"]) == (
        exitcodes.FINISHED_WITH_ERRORS)
    assert last_runs(tmp_path / "ds", 1)[0].rejects == {"unreadable": 1}
