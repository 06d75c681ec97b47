"""A few fault trials (``make faults`` runs twenty of each): a signal or a kill at a random
moment of a crawl of a site found only through list pages, of an ingest of its pages
saved as files, of a reprocess of its raw archive; then one resumed run."""

from __future__ import annotations

import pytest

from zhnews.faults import FAULTS, run_trials

# Small and early, to stay within seconds on two busy cores; the seed makes the moments
# the same on every run.
ARTICLES = 20
MOMENT_SECONDS = 1.0
# An ingest's or a reprocess's moment is a share of an undisturbed run's time: with this
# seed, every share lies between a tenth and a half, so that each fault falls inside the
# run (a killed worker within the time the workers run).
TIMED_SEED = 3145


def assert_nothing_lost(result, articles):
    assert result.inflicted, "the run ended before the fault: nothing was tried"
    assert (result.lost, result.duplicated, result.rejected, result.left_behind) == (0, 0, 0, 0), result
    assert not result.slow_stop and result.resume_exit == 0, result
    if result.fault in ("sigint", "sigterm"):
        assert result.first_exit == 130, result
    if result.fault == "sigkill-worker":  # the pool is replaced: the run itself finishes the work
        assert (result.first_exit, result.written_first) == (0, articles), result


@pytest.mark.parametrize("fault", FAULTS)
def test_a_fault_loses_nothing_duplicates_nothing_and_leaves_no_process(fault):
    [result] = run_trials(1, seed=12, faults=(fault,), articles=ARTICLES, moment_seconds=MOMENT_SECONDS)
    assert_nothing_lost(result, ARTICLES)


@pytest.fixture(scope="module")
def ingest_and_reprocess_trials():
    """One trial of each fault to an ingest and to a reprocess (one crawl and one
    undisturbed run of each serve them all)."""
    results = run_trials(1, seed=TIMED_SEED, articles=ARTICLES, commands=("ingest", "reprocess"), pages=ARTICLES)
    return {(r.command, r.fault): r for r in results}


@pytest.mark.parametrize("command", ["ingest", "reprocess"])
@pytest.mark.parametrize("fault", FAULTS)
def test_a_fault_to_an_ingest_or_a_reprocess_loses_nothing(ingest_and_reprocess_trials, command, fault):
    assert_nothing_lost(ingest_and_reprocess_trials[command, fault], ARTICLES)
