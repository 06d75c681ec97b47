"""A reprocess stopped by SIGINT or SIGTERM, at any moment, exits 130 within seconds
without a traceback and leaves no process; the next reprocess duplicates nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from corpus.dataset import Dataset
from crawler.replicas.server import serve_replicas
from zhnews.faults import CRAWL_SETTINGS, SITE, STOP_SECONDS, TRIAL_MARK, build_site, reap

REPO = Path(__file__).resolve().parents[2]


def zhnews(*args: str, mark: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "zhnews.cli", *map(str, args)], cwd=REPO, text=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            env={**os.environ, "PYTHONPATH": str(REPO), TRIAL_MARK: mark, "COLUMNS": "500"})


def test_a_stopped_reprocess_exits_130_at_once_and_leaves_nothing_behind(tmp_path):
    sites, profiles = build_site(tmp_path, 20)
    dataset = tmp_path / "dataset"
    with serve_replicas(sites, [SITE]) as origins:
        settings = [arg for name, value in CRAWL_SETTINGS.items() for arg in ("-s", f"{name}={value}")]
        crawl = zhnews("crawl", SITE, "--profiles", profiles, "--origin", origins[SITE], "-o", dataset, *settings,
                       mark="crawl")
        assert crawl.wait(timeout=180) == 0, crawl.stderr.read()
    rng = random.Random(7)
    for signum in (signal.SIGINT, signal.SIGTERM):
        mark = f"reprocess-{signum}"
        reprocess = zhnews("reprocess", dataset, mark=mark)
        time.sleep(rng.uniform(0.5, 6.0))
        assert reprocess.poll() is None, "the reprocess ended before it could be stopped"
        os.killpg(reprocess.pid, signum)
        try:
            _, stderr = reprocess.communicate(timeout=STOP_SECONDS)
        finally:
            left_behind = reap(mark)  # waits for them, then kills them
        assert reprocess.returncode == 130, stderr
        assert "Traceback" not in stderr and stderr.strip().startswith("interrupted:"), stderr
        assert left_behind == 0
    finished = zhnews("reprocess", dataset, mark="last")
    assert finished.wait(timeout=180) == 0, finished.stderr.read()
    docs = Dataset(dataset).read_table("docs", ["id", "content_hash"]).to_pylist()
    assert not [key for key, n in Counter((d["id"], d["content_hash"]) for d in docs).items() if n > 1]
    assert len({d["id"] for d in docs}) == 20
