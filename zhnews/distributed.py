"""``--dask ADDRESS``: a command's extraction and cleaning on a Dask cluster instead of local processes."""

from __future__ import annotations

import argparse
from concurrent.futures import Executor
from contextlib import AbstractContextManager, nullcontext

from corpus.cluster import dask_executor


def add_dask_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dask", metavar="ADDRESS",
        help="run extraction and cleaning on the workers of this Dask scheduler (tcp://HOST:8786); "
        "the rows written are the same as on one machine",
    )


def cluster(address: str | None) -> AbstractContextManager[Executor | None]:
    """The Dask cluster's executor, or None (local worker processes) without an address."""
    return dask_executor(address) if address else nullcontext()
