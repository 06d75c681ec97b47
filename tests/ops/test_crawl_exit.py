"""`zhnews crawl` under cron: a dead site is a non-zero exit, errors are one line, runs are recorded."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

from crawler.replicas.server import REPLICAS_DIR, serve_replicas
from crawler.runner import CrawlSummary, SiteSummary
from corpus.runs import last_runs
from zhnews import exitcodes
from zhnews.crawl_outcome import crawl_exit_code

REPO = Path(__file__).resolve().parents[2]
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0", "-s", "ZHNEWS_WORKERS=1"]


def zhnews(*args: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "200", "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "zhnews.cli", *args], cwd=REPO, capture_output=True, text=True,
                          timeout=180, env=env)


def closed_port() -> int:
    """A loopback port nothing listens on: every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_crawl_that_reaches_nothing_exits_4_and_status_says_so(tmp_path):
    dataset = tmp_path / "ds"
    result = zhnews("crawl", "jfdaily", "--origin", f"http://127.0.0.1:{closed_port()}", "-o", str(dataset),
                    "--json", *FAST)
    assert result.returncode == exitcodes.NOTHING_FETCHED, result.stderr[-3000:]
    summary = json.loads(result.stdout)
    assert summary["exit_code"] == exitcodes.NOTHING_FETCHED
    assert summary["sites"][0]["site"] == "jfdaily" and summary["sites"][0]["counts"]["pages"] == 0
    assert summary["rejects"].get("connection-refused", 0) > 0
    assert "jfdaily: no page could be fetched" in result.stderr

    status = zhnews("status", str(dataset))
    assert status.returncode == 0
    assert "exit 4 nothing fetched" in status.stdout and "connection-refused" in status.stdout


def test_a_crawl_is_recorded_with_counts_per_site_and_logs_its_progress(tmp_path):
    dataset, log = tmp_path / "ds", tmp_path / "crawl.log"
    with serve_replicas(REPLICAS_DIR, ["jfdaily"]) as origins:
        result = zhnews("crawl", "jfdaily", "--origin", origins["jfdaily"], "-o", str(dataset), "--log-file", str(log),
                        *FAST, "-s", "DOWNLOAD_DELAY=0.2", "-s", "ZHNEWS_PROGRESS_INTERVAL=0.5")
    assert result.returncode == exitcodes.OK, result.stderr[-3000:]
    [run] = last_runs(dataset, 5)
    assert run.command == "crawl" and run.exit_code == 0
    [site] = run.sites
    assert site.site == "jfdaily" and site.counts["written"] > 0 and site.counts["pages"] > site.counts["written"]
    assert run.rejects.get("http-404") == 1
    logged = log.read_text(encoding="utf-8")
    assert "started: zhnews crawl jfdaily" in logged
    assert "[zhnews.progress] INFO: progress:" in logged and "pages/min" in logged
    assert '"exit_code": 0' in logged.splitlines()[-1]  # the summary is the log's last line


def test_crawl_operator_errors_are_one_line_exit_2(tmp_path):
    a_file = tmp_path / "a-file"
    a_file.write_text("")
    for args, named in [
        (["crawl", "jfdaily", "--origin", "127.0.0.1:8000", "-o", str(tmp_path / "ds")], "127.0.0.1:8000"),
        (["crawl", "--url", "www.example.cn/news", "-o", str(tmp_path / "ds")], "www.example.cn/news"),
        (["crawl", "jfdaily", "-o", str(a_file)], str(a_file)),
        (["crawl", "jfdaily", "-o", str(tmp_path / "ds"), "--redis", f"redis://127.0.0.1:{closed_port()}/0"],
         "redis://127.0.0.1:"),
    ]:
        result = zhnews(*args)
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert result.returncode == exitcodes.USAGE and len(lines) == 1 and named in lines[0], (args, result.stderr)


def test_a_dead_site_among_live_ones_is_exit_5_and_a_stopped_crawl_130():
    live = SiteSummary("jfdaily", "finished", pages=12, written=5)
    dead = SiteSummary("cnxz", "finished", pages=0, rejects={"dns-lookup-failed": 3})
    assert crawl_exit_code(CrawlSummary("ds", [live])) == exitcodes.OK
    assert crawl_exit_code(CrawlSummary("ds", [live, dead])) == exitcodes.FINISHED_WITH_ERRORS
    assert crawl_exit_code(CrawlSummary("ds", [dead])) == exitcodes.NOTHING_FETCHED
    stopped = SiteSummary("jfdaily", "shutdown", pages=3)
    assert crawl_exit_code(CrawlSummary("ds", [stopped, dead])) == exitcodes.INTERRUPTED
