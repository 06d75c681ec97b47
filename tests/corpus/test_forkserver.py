"""Worker processes start without the parent's main module."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# A main module that leaves a mark when a worker imports it (multiprocessing runs it as
# ``__mp_main__``), then runs one function on a pool of the context named by argv[1].
MAIN = """
import multiprocessing
import sys
from concurrent.futures import ProcessPoolExecutor

from corpus.forkserver import worker_context

if __name__ == "__mp_main__":
    open(sys.argv[2], "w").close()
if __name__ == "__main__":
    context = worker_context([]) if sys.argv[1] == "ours" else multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        pool.submit(int).result()
"""


@pytest.mark.parametrize("context, imported", [("ours", False), ("stdlib", True)])
def test_workers_do_not_import_the_parent_main_module(tmp_path, context, imported):
    main, mark = tmp_path / "main.py", tmp_path / "imported"
    main.write_text(MAIN, encoding="utf-8")
    subprocess.run([sys.executable, str(main), context, str(mark)], cwd=REPO, check=True, timeout=60,
                   env={**os.environ, "PYTHONPATH": str(REPO)})
    # The standard forkserver context imports it: the mark is what the test can see.
    assert mark.exists() is imported

