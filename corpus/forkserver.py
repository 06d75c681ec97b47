"""How our worker pools start their processes: forked from a forkserver, without the parent's main module.

forkserver: workers start from a clean process that has imported the pool's preload
modules once (``corpus.preload`` last), not from a fork of a threaded parent (which
could inherit a lock held by another thread); what the forkserver loaded, its workers
share copy-on-write. A process has one forkserver: the preload of its first pool is
every later pool's.

Workers run functions of our packages, never of the parent's main module, yet
multiprocessing has each new one import that module first (as ``__mp_main__``): for
the ``zhnews`` command that is the whole command line with Dask, pyarrow and scipy,
some 100 MiB in every worker. The module is out of sight while a worker starts.
"""

from __future__ import annotations

import sys
import threading
import types
from contextlib import contextmanager
from multiprocessing import forkserver
from multiprocessing.context import ForkServerContext, ForkServerProcess
from typing import Iterator

# One start at a time: two interleaved would put back each other's stand-in.
_starting = threading.Lock()


@contextmanager
def _main_module_unseen() -> Iterator[None]:
    with _starting:
        main = sys.modules["__main__"]
        # No __file__, no __spec__: multiprocessing tells the worker nothing to import.
        sys.modules["__main__"] = types.ModuleType("__main__")
        try:
            yield
        finally:
            sys.modules["__main__"] = main


class _WorkerProcess(ForkServerProcess):
    """A pool's worker. It ignores SIGTERM (a stop of its process group), so ending it, as
    a pool does to the others when one died, takes SIGKILL: else the pool would wait for
    it forever (at this process's exit at the latest). Its work is submitted again."""

    def terminate(self) -> None:
        self.kill()

    def start(self) -> None:
        # The forkserver's own start (seconds of imports) first: the main module is out
        # of sight for the moment a worker takes to start, no longer.
        forkserver.ensure_running()
        with _main_module_unseen():
            super().start()


class _WorkerContext(ForkServerContext):
    Process = _WorkerProcess


def worker_context(preload: list[str]) -> ForkServerContext:
    """The multiprocessing context of a worker pool (``mp_context=``) whose forkserver imports ``preload``."""
    context = _WorkerContext()
    context.set_forkserver_preload(preload)
    return context
