"""Extraction and cleaning on a ``dask.distributed`` cluster, for a corpus that outgrows one machine.

The cluster is reached as a ``concurrent.futures.Executor``: ``corpus.ingest`` maps its
chunks over it and the crawler's ``ProcessPipeline`` (crawls, ``zhnews reprocess``)
submits its articles to it exactly as to their own process pools. ``ingest`` takes
results in input order, so the dataset is row for row what one process writes. Only the
process that was started writes the dataset; workers only compute.

Every worker must import this project (the same version: ``pip install zhnews`` on each
machine), and for ``ingest`` see the input files at the same path (a shared folder); a
crawl or a reprocess ships the pages themselves.
"""

from __future__ import annotations

from concurrent.futures import Executor, Future
from typing import Any, Callable, Iterable, Iterator

# Seconds to wait for the scheduler before calling the address wrong.
CONNECT_TIMEOUT = 10


class ClusterUnreachable(RuntimeError):
    """No Dask scheduler answered at the address given."""


class DaskExecutor(Executor):
    """The workers of the Dask scheduler at ``address`` (``tcp://HOST:PORT``); shutting it
    down closes the connection."""

    def __init__(self, address: str):
        from distributed import Client

        try:
            self.client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, ValueError) as error:  # ValueError: an address Dask cannot parse
            raise ClusterUnreachable(f"no Dask scheduler at {address}: {error}") from None
        # pure=False: a task reads files that may have changed since the last run, so two
        # runs over the same paths must not share a cached result.
        self._executor = self.client.get_executor(pure=False)

    def submit(self, fn: Callable, /, *args: Any, **kwargs: Any) -> Future:
        return self._executor.submit(fn, *args, **kwargs)

    def map(self, fn: Callable, *iterables: Iterable, timeout: float | None = None, chunksize: int = 1) -> Iterator:
        return self._executor.map(fn, *iterables, timeout=timeout)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        self._executor.shutdown(wait=wait and not cancel_futures)
        self.client.close()
