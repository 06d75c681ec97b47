"""How a worker process lives: through its parent's stop signals, and no longer than its parent.

Ctrl-C and ``systemctl stop`` signal the whole process group; the parent decides what a
stop means (finish what is running, write it, leave), and a worker that died of the
signal would only turn its work into an error. A parent killed with SIGKILL cannot shut
its workers down: each follows it by itself.
"""

from __future__ import annotations

import os
import select
import signal
import threading
from contextlib import contextmanager
from typing import Iterator

# What stops a run: Ctrl-C (to the whole process group) and SIGTERM (systemctl stop, kill).
STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def stop_signals_blocked() -> Iterator[None]:
    """Ctrl-C and SIGTERM wait until the block ends, in this thread and in the threads and
    processes it starts (they inherit its signal mask, across exec too); one that came
    meanwhile takes effect as the block ends."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _exit_with(parent_pid: int) -> None:
    """End this process when ``parent_pid`` ends (its pidfd becomes readable then)."""
    try:
        pidfd = os.pidfd_open(parent_pid)
    except ProcessLookupError:
        os._exit(1)
    select.select([pidfd], [], [])
    os._exit(1)


def follow(parent_pid: int) -> None:
    """Exit (from a thread of its own) when the process ``parent_pid`` does."""
    threading.Thread(target=_exit_with, args=(parent_pid,), name="exit-with-parent", daemon=True).start()


def init_worker(parent_pid: int) -> None:
    """A pool's ``initializer`` (``initargs=(os.getpid(),)``): ignore the stop signals and
    exit when the process ``parent_pid`` does."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, signal.SIG_IGN)
    follow(parent_pid)
