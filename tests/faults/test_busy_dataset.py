"""``scrapy crawl`` into a dataset another writer holds is refused before it writes anything."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from corpus.dataset import Dataset

REPO = Path(__file__).resolve().parents[2]


def test_scrapy_crawl_of_a_held_dataset_refuses_in_one_line_and_writes_nothing(tmp_path):
    dataset = tmp_path / "dataset"
    # Port 9 (discard) answers nothing: were the crawl not refused, its failed requests
    # would be written as rejects, beside its state store.
    command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=cnxz", "-a", "origin=http://127.0.0.1:9",
               "-a", f"output={dataset}", "-s", "RETRY_TIMES=0"]
    with Dataset(dataset).exclusive("zhnews ingest"):
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1 and "in use by" in errors[0] and "zhnews ingest" in errors[0], result.stderr[-3000:]
    assert [path.name for path in dataset.rglob("*")] == [".lock"]  # the holder's, and nothing else
