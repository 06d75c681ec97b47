"""``zhnews status DATASET``: the last runs recorded in a dataset, for an operator or a monitor."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from corpus.runs import RunRecord, last_runs
from zhnews import exitcodes
from zhnews.run_command import OperatorError

OUTCOMES = {
    exitcodes.OK: "ok",
    exitcodes.CRASHED: "crashed",
    exitcodes.USAGE: "operator error",
    exitcodes.BUSY: "busy",
    exitcodes.NOTHING_FETCHED: "nothing fetched",
    exitcodes.FINISHED_WITH_ERRORS: "finished with errors",
    exitcodes.INTERRUPTED: "interrupted",
}


def add_status_command(commands: argparse._SubParsersAction) -> None:
    status = commands.add_parser(
        "status",
        help="show the last runs recorded in a dataset",
        description="Show the last runs, newest first, of ingest, crawl and reprocess on DATASET: when, where, the command "
        "line, how each ended (its exit code) and what it counted, per site and per reject reason. "
        "Every run is also a row of DATASET/runs/*.parquet.",
    )
    status.add_argument("dataset", type=Path, metavar="DATASET")
    status.add_argument("-n", "--last", type=int, default=10, metavar="N", help="how many runs (default: 10)")
    status.add_argument("--json", action="store_true", help="print the runs as JSON Lines on stdout, newest first")
    status.set_defaults(run=cmd_status)


def cmd_status(args: argparse.Namespace) -> int:
    if not args.dataset.is_dir():
        raise OperatorError(f"no dataset at {args.dataset}")
    runs = last_runs(args.dataset, args.last)
    if args.json:
        for run in runs:
            print(json.dumps(run.to_json(), ensure_ascii=False))
        return exitcodes.OK
    if not runs:
        print(f"no runs recorded in {args.dataset}")
    for run in runs:
        print(describe(run))
    return exitcodes.OK


def describe(run: RunRecord) -> str:
    """A run in a few lines: when, where, how it ended; the command line; what it counted."""
    seconds = (run.ended_at - run.started_at).total_seconds()
    outcome = f"exit {run.exit_code} {OUTCOMES.get(run.exit_code, '')}".strip()
    lines = [f"{run.ended_at:%Y-%m-%d %H:%M:%S} UTC  {run.host}  {seconds:.0f}s  {outcome}"
             + (f": {run.error}" if run.error else ""),
             "  " + " ".join(run.argv)]
    if run.counts:
        lines.append("  " + _counts(run.counts))
    lines += [f"  {site.site}: {_counts(site.counts)}" for site in run.sites]
    if run.rejects:
        lines.append("  rejected: " + _counts(run.rejects))
    return "\n".join(lines)


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} {count}" for name, count in counts.items())
