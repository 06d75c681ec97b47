"""A crawl whose disk fills up ends at once with one line and exit 2; once there is space
again, one more crawl finishes the work: nothing lost, nothing twice."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from corpus.dataset import Dataset
from crawler.replicas.server import expected_articles, serve_replicas
from zhnews.faults import CRAWL_SETTINGS, SITE, build_site

REPO = Path(__file__).resolve().parents[2]
ARTICLES = 20


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MiB filesystem of its own (tmpfs): needs the right to mount, as root in a container."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(disk)], capture_output=True)
    if mounted.returncode:
        pytest.skip(f"cannot mount a small filesystem here: {mounted.stderr.decode().strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=True)


def crawl(dataset: Path, profiles: Path, origin: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "zhnews.cli", "crawl", SITE, "--profiles", str(profiles), "--origin", origin,
               "-o", str(dataset)]
    for name, value in {**CRAWL_SETTINGS, "ZHNEWS_FLUSH_ITEMS": 2}.items():
        command += ["-s", f"{name}={value}"]
    return subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "500"}, start_new_session=True)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    # Unbuffered: a buffered file keeps what did not fit and tries to write it again on close,
    # which raises ENOSPC from the `with` line now and then.
    with open(filler, "wb", buffering=0) as out:
        try:
            while out.write(b"\0" * 65536):
                pass
        except OSError:  # ENOSPC: full
            pass
    return filler


def test_a_full_disk_ends_the_crawl_with_one_line_and_the_next_run_finishes(small_disk, tmp_path):
    sites, profiles = build_site(tmp_path / "site", ARTICLES)
    expected = expected_articles(sites, SITE)
    dataset = small_disk / "dataset"
    with serve_replicas(sites, [SITE]) as origins:
        process = crawl(dataset, profiles, origins[SITE])
        try:
            deadline = time.monotonic() + 120
            while not list((dataset / "docs").rglob("part-*")) and time.monotonic() < deadline:
                assert process.poll() is None, process.stderr.read()
                time.sleep(0.02)
            filler = fill(small_disk)
            _, stderr = process.communicate(timeout=60)
        finally:
            if process.poll() is None:
                os.killpg(process.pid, 9)
        assert process.returncode == 2, stderr
        last = stderr.strip().splitlines()[-1]
        assert last.startswith(f"error: cannot write to {dataset}") and "run the same command again" in last, stderr

        filler.unlink()
        process = crawl(dataset, profiles, origins[SITE])
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    docs = Dataset(dataset).read_table("docs", ["id", "url"]).to_pylist()
    assert len(docs) == len({d["id"] for d in docs}) == ARTICLES
    assert {d["url"].split("example", 1)[1] for d in docs} == expected
    rejects = Dataset(dataset).read_table("rejects", ["id", "reason"]).to_pylist()
    assert not [key for key, n in Counter((r["id"], r["reason"]) for r in rejects).items() if n > 1]
