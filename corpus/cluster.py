"""Extraction and cleaning on a ``dask.distributed`` cluster, for a corpus that outgrows one machine.

The cluster is reached as a ``concurrent.futures.Executor``: ``corpus.ingest`` and
``zhnews reprocess`` map their chunks over it exactly as over their own process pool,
and results come back in input order, so the dataset is row for row what one process
writes. Only this process writes the dataset; workers only compute.

Every worker must import this project (the same version: ``pip install zhnews`` on each
machine), and for ``ingest`` see the input files at the same path (a shared folder);
``reprocess`` ships the raw pages themselves.
"""

from __future__ import annotations

from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Iterator

# Seconds to wait for the scheduler before calling the address wrong.
CONNECT_TIMEOUT = 10


class ClusterUnreachable(RuntimeError):
    """No Dask scheduler answered at the address given."""


@contextmanager
def dask_executor(address: str) -> Iterator[Executor]:
    """An executor over the workers of the Dask scheduler at ``address`` (``tcp://HOST:PORT``)."""
    from distributed import Client

    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, ValueError) as error:  # ValueError: an address Dask cannot parse
        raise ClusterUnreachable(f"no Dask scheduler at {address}: {error}") from None
    try:
        # pure=False: a task reads files that may have changed since the last run, so two
        # runs over the same paths must not share a cached result.
        yield client.get_executor(pure=False)
    finally:
        client.close()
