"""A few fault trials (``make faults`` runs twenty of each): a signal or a kill at a random
moment of a crawl of a site found only through list pages, then one resumed crawl."""

from __future__ import annotations

import pytest

from zhnews.faults import FAULTS, run_trials

# Small and early, to stay within seconds on two busy cores; the seed makes the moments
# the same on every run.
ARTICLES = 20
MOMENT_SECONDS = 1.0


@pytest.mark.parametrize("fault", FAULTS)
def test_a_fault_loses_nothing_duplicates_nothing_and_leaves_no_process(fault):
    [result] = run_trials(1, seed=12, faults=(fault,), articles=ARTICLES, moment_seconds=MOMENT_SECONDS)
    assert result.inflicted, "the crawl ended before the fault: nothing was tried"
    assert (result.lost, result.duplicated, result.rejected, result.left_behind) == (0, 0, 0, 0), result
    assert not result.slow_stop and result.resume_exit == 0, result
    if fault in ("sigint", "sigterm"):
        assert result.first_exit == 130, result
    if fault == "sigkill-worker":  # the pool is replaced: the crawl itself finishes the work
        assert (result.first_exit, result.written_first) == (0, ARTICLES), result
