"""Ctrl-C or SIGTERM while a command imports what it needs takes effect once the imports
are done: never inside an extension's initialisation (zhnews.run_command.stop_signals_deferred)."""

from __future__ import annotations

import os
import signal

import pytest

from zhnews.run_command import stop_signals_deferred


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_stop_signal_in_the_block_is_raised_by_the_replaced_handler_as_the_block_ends(signum):
    raised = []

    def replaced(received: int, frame: object) -> None:
        raised.append(received)
        raise KeyboardInterrupt

    before = signal.signal(signum, replaced)
    try:
        reached_the_end = False
        with pytest.raises(KeyboardInterrupt):
            with stop_signals_deferred():
                os.kill(os.getpid(), signum)
                for _ in range(1000):  # the handler runs between bytecodes: give it many
                    pass
                reached_the_end = True
        assert reached_the_end and raised == [signum]
        assert signal.getsignal(signum) is replaced
    finally:
        signal.signal(signum, before)


def test_without_a_signal_the_block_changes_nothing():
    before = signal.getsignal(signal.SIGINT)
    with stop_signals_deferred():
        pass
    assert signal.getsignal(signal.SIGINT) is before
