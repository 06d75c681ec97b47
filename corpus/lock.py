"""One writer at a time: an advisory lock on ``DATASET/.lock`` naming its holder.

The crawler processes of one shared crawl frontier (``zhnews crawl --redis``) hold it
together (``shared``): the frontier gives each article to one of them, and each writes
part files of its own, under unique names, renamed into place whole. Every other writer
(an ingest, a reprocess, a crawl of its own) holds it alone.
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator


class DatasetBusy(RuntimeError):
    """Another process holds the dataset (a crawl or an ingest is writing to it)."""


def _take(lock: IO[str], path: Path, mode: int, note: str = "") -> None:
    """flock ``mode`` on the open lock file, or DatasetBusy naming the holder it records."""
    try:
        fcntl.flock(lock, mode | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip() or "another process"
        raise DatasetBusy(f"dataset {path} is in use by {holder}; wait for it to finish{note}") from None


@contextmanager
def exclusive(path: Path, purpose: str) -> Iterator[None]:
    """Hold the dataset at ``path`` for one writer; a second writer fails at once, naming the first.

    flock: the kernel lets go when the holder dies, so a killed run never leaves a stale lock.
    """
    path.mkdir(parents=True, exist_ok=True)
    with open(path / ".lock", "a+") as lock:
        _take(lock, path, fcntl.LOCK_EX)
        lock.seek(0)
        lock.truncate()
        lock.write(f"pid {os.getpid()} ({purpose})")
        lock.flush()
        try:
            yield
        finally:
            lock.truncate(0)
            fcntl.flock(lock, fcntl.LOCK_UN)


@contextmanager
def shared(path: Path, purpose: str) -> Iterator[None]:
    """Hold the dataset at ``path`` with the other crawlers of one frontier; refused while a
    writer holds it alone, and refusing such a writer meanwhile."""
    path.mkdir(parents=True, exist_ok=True)
    with open(path / ".lock", "a+") as lock:
        _take(lock, path, fcntl.LOCK_SH, f" ({purpose})")
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
