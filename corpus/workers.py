"""Worker processes of a crawl or an ingest: a pool that outlives its dead workers, never its parent.

A worker killed from outside (the OOM killer, ``kill -9``) breaks a
``ProcessPoolExecutor`` for good, failing every article queued on it. ``WorkerPool``
starts a new pool and submits those articles again, so a dead worker costs time, not
articles; an article whose processing kills ``MAX_DEATHS`` workers in a row is given up
with ``WorkerDied``. The crawl (``crawler.pipelines``) awaits it in Scrapy's reactor;
``zhnews ingest`` (``corpus.ingest``) in an event loop of its own, a chunk of files
for an article.

Stopping is the crawl's business: workers ignore SIGINT and SIGTERM (Ctrl-C and
``systemctl stop`` signal the whole process group), so an article in a worker finishes
while the crawl stops, and the crawl shuts the pool down. A worker whose crawl is gone
(SIGKILL) exits at once: nothing else would end it (``corpus.lifetime``).
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import resource_tracker
from typing import Any, Callable

from corpus.forkserver import worker_context
from corpus.lifetime import init_worker, stop_signals_blocked

# Deaths of the worker running one article before the article is given up.
MAX_DEATHS = 3


class WorkerDied(RuntimeError):
    """The workers running an article died MAX_DEATHS times."""


class Stopped(RuntimeError):
    """The crawl is stopping: the function was cancelled before a worker took it."""


def start_executor(workers: int, preload: list[str]) -> ProcessPoolExecutor:
    """A pool with its workers running; blocks for seconds (run it in a thread).

    Workers start from a forkserver that has imported ``preload`` (``corpus.forkserver``).
    """
    context = worker_context(preload)
    # Started first: starting the resource tracker (with the pool's first lock) unblocks
    # SIGINT and SIGTERM in the thread that starts it.
    resource_tracker.ensure_running()
    # The forkserver inherits this thread's signal mask: a Ctrl-C to the process group
    # while it imports ``preload`` would kill it, and every article with it.
    with stop_signals_blocked():
        executor = ProcessPoolExecutor(workers, mp_context=context, initializer=init_worker,
                                       initargs=(os.getpid(),))
        executor.submit(os.getpid).result()
    return executor


def _kill_workers(broken: Executor) -> None:
    """Kill every worker of a broken pool, the ones it started after it broke too.

    The pool ends (``corpus.forkserver._WorkerProcess.terminate``) the workers it has when it learns that one
    died, but a submit racing with it may have started one more, which it would wait
    for forever. ``_processes``: Python has no public way to end a pool's workers before 3.14.
    """
    for process in list((getattr(broken, "_processes", None) or {}).values()):
        process.kill()


class WorkerPool:
    """Workers running functions for the reactor: the executors ``new_executor`` makes
    (``start_executor``'s processes, or a Dask cluster's), started by ``start`` in a thread.

    The first ``run`` starts them: a crawl whose articles all answer 304 has nothing to
    process, and starts no process (their start-up costs seconds and hundreds of MiB).
    """

    def __init__(self, new_executor: Callable[[], Executor], start: Callable[[Callable[[], Executor]], Any]):
        self._new_executor = new_executor
        self._start = start  # runs a blocking call off the reactor thread: an awaitable of its result
        self._executor: asyncio.Future[Executor] | None = None
        self.started = 0  # pools started: the first, and one after each death of a worker
        self._waiting: set[Future] = set()

    @property
    def running(self) -> bool:
        """Whether the workers have started (and not died since)."""
        executor = self._executor
        return executor is not None and executor.done() and executor.exception() is None

    @property
    def replaced(self) -> int:
        """Pools started again after a worker died."""
        return max(self.started - 1, 0)

    def _start_executor(self) -> asyncio.Future[Executor]:
        self.started += 1
        self._executor = asyncio.ensure_future(self._start(self._new_executor))
        return self._executor

    async def run(self, function: Callable[..., Any], *arguments: Any) -> Any:
        for _ in range(MAX_DEATHS):
            current = self._executor or self._start_executor()
            try:
                # A worker may die while its pool starts (the forkserver too: EOFError,
                # OSError), or before this article is submitted. Shielded: a run cancelled
                # while the pool starts must not cancel the start every run awaits.
                future = (await asyncio.shield(current)).submit(function, *arguments)
            except (BrokenProcessPool, EOFError, OSError):
                self._replace(current)
                continue
            self._waiting.add(future)
            try:
                return await asyncio.wrap_future(future)
            except BrokenProcessPool:
                self._replace(current)
            except asyncio.CancelledError:
                if future.cancelled():
                    raise Stopped("the crawl is stopping") from None
                raise
            finally:
                self._waiting.discard(future)
        raise WorkerDied(f"{MAX_DEATHS} worker processes died running it")

    def _replace(self, broken: asyncio.Future[Executor]) -> None:
        """A new pool for everyone, once however many articles the broken one failed."""
        if self._executor is not broken:
            return
        if broken.exception() is None:
            _kill_workers(broken.result())
            broken.result().shutdown(wait=False, cancel_futures=True)
        self._start_executor()

    def cancel_waiting(self) -> None:
        """Cancel what no worker has taken yet (what a worker runs, it finishes)."""
        for future in list(self._waiting):
            future.cancel()

    async def shutdown(self) -> None:
        """Stop the workers; articles not yet started are cancelled."""
        if self._executor is None:
            return  # nothing was processed: no worker was ever started
        try:
            executor = await self._executor  # a crawl may end before its workers have started
        except (BrokenProcessPool, EOFError, OSError):
            return  # never started: nothing to stop
        executor.shutdown(wait=True, cancel_futures=True)
