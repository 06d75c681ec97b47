"""`make demo`: the main job on the embedded default, start to finish, nothing by hand."""

from __future__ import annotations

import sys
from pathlib import Path

from zhnews.cli import main as zhnews

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "output" / "demo"


def run() -> int:
    return zhnews(["ingest", str(REPO / "seeds" / "documents"), "-o", str(OUTPUT)])


if __name__ == "__main__":
    sys.exit(run())
