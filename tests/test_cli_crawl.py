"""`zhnews crawl` and `zhnews reprocess` as a user runs them, against the replica sites."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from crawler.replicas.server import REPLICAS_DIR, expected_articles, root_relative, serve_replicas

REPO = Path(__file__).resolve().parents[1]


# No politeness delays against our own loopback server; one worker on two cores.
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_TIMES=0", "-s", "ZHNEWS_WORKERS=1"]


def zhnews(*args: str) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "200"}  # rich wraps its messages at the terminal width
    return subprocess.run(
        [sys.executable, "-m", "zhnews.cli", *args], cwd=REPO, capture_output=True, text=True, timeout=180, env=env
    )



@pytest.fixture(scope="module")
def generic_crawl(tmp_path_factory):
    dataset = tmp_path_factory.mktemp("cli") / "generic"
    with serve_replicas(REPLICAS_DIR, ["generic"]) as origins:
        result = zhnews("crawl", "--url", origins["generic"] + "/", "-o", str(dataset), *FAST)
    return dataset, result


def test_crawl_url_finds_the_articles_of_a_site_without_profile(generic_crawl):
    dataset, result = generic_crawl
    assert result.returncode == 0, result.stderr[-3000:]
    docs = pd.read_parquet(dataset / "docs")
    assert {root_relative(u) for u in docs["url"]} == expected_articles(REPLICAS_DIR, "generic")
    assert "crawl →" in result.stderr  # the summary table


def test_crawl_reports_what_each_cleaning_step_did(generic_crawl):
    _, result = generic_crawl
    steps = result.stderr[result.stderr.index("what each cleaning step did"):]
    assert "layout" in steps and "boilerplate" in steps


def test_reprocess_from_the_command_line_adds_nothing_new(generic_crawl):
    dataset, _ = generic_crawl
    before = pd.read_parquet(dataset / "docs")
    result = zhnews("reprocess", str(dataset))
    assert result.returncode == 0, result.stderr[-3000:]
    after = pd.read_parquet(dataset / "docs")
    assert len(after) == len(before)
    assert "unchanged" in result.stderr


def test_unknown_site_is_a_clear_error():
    result = zhnews("crawl", "no-such-site", "-o", "/tmp/unused")
    assert result.returncode == 2
    assert "no profile named 'no-such-site'" in result.stderr


def test_reprocess_needs_a_raw_archive(tmp_path):
    result = zhnews("reprocess", str(tmp_path))
    assert result.returncode == 2
    assert "no raw/ archive" in result.stderr
