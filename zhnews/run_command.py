"""Running one ``zhnews`` command as cron, systemd or Scrapyd need it.

Whatever the command, the run ends with one of the exit codes of ``zhnews.exitcodes``;
an operator error is one line naming the file or URL (exit 2), never a traceback; a busy
dataset is exit 3. A command that writes to a dataset fills in a ``RunReport``, and the
run is recorded in the dataset's ``runs`` table (``corpus.runs``), printed as one JSON
object on stdout with ``--json``, and logged with ``--log-file``.
"""

from __future__ import annotations

import argparse
import errno
import json
import logging
import os
import signal
import socket
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from rich.console import Console
from rich.markup import escape

from corpus.cluster import ClusterUnreachable
from corpus.damage import DatasetDamaged
from corpus.lifetime import STOP_SIGNALS
from corpus.lock import DatasetBusy
from corpus.runs import RunRecord, SiteCounts, append_run
from zhnews import exitcodes

console = Console(stderr=True)
log = logging.getLogger("zhnews")

# Errors of the machine the operator must fix, not bugs: one line, exit 2.
ENVIRONMENT_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT}


class OperatorError(Exception):
    """A mistake the operator can fix (a bad path, a bad URL): one line, exit 2."""


@dataclass
class RunReport:
    """What a command tells about its run. ``dataset`` is set once the command knows the
    dataset folder is usable: only then is the run recorded there."""

    dataset: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)
    sites: list[SiteCounts] = field(default_factory=list)
    rejects: dict[str, int] = field(default_factory=dict)


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """``--json`` and ``--log-file``, for a command that records its runs."""
    parser.add_argument("--json", action="store_true", dest="json_summary",
                        help="print the run's record (counts, rejects, exit code) as one JSON object on stdout")
    parser.add_argument("--log-file", type=Path, metavar="FILE",
                        help="append the run's start, progress, errors and summary to FILE")


def scrapy_log_settings(log_file: Path | None) -> dict:
    """With ``--log-file``, Scrapy's own log (at INFO: its stats and the progress line every
    minute) goes to the same file as the run's start and record."""
    return {"LOG_FILE": str(log_file), "LOG_LEVEL": "INFO"} if log_file is not None else {}


def print_error(message: str) -> None:
    """One line on stderr, however long and whatever brackets it holds ([cleaning], URLs)."""
    console.print(f"[red]error:[/] {escape(message)}", soft_wrap=True, highlight=False)


def writable_folder(path: Path, option: str) -> Path:
    """``path`` as a folder this run can write in, created if missing; OperatorError otherwise."""
    if path.exists() and not path.is_dir():
        raise OperatorError(f"{option} {path} is a file: name a dataset folder")
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".write-test-{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError as error:
        raise OperatorError(f"cannot write to {option} {path}: {error.strerror}") from None
    return path


@contextmanager
def stop_signals_deferred() -> Iterator[None]:
    """Ctrl-C or SIGTERM during the block takes effect when it ends; in the main thread.

    For a command's imports: a KeyboardInterrupt raised inside a C extension's
    initialisation breaks the import for the rest of the run (scipy's: "ImportError:
    initialization failed", a traceback instead of exit 130), or leaves CPython bound to
    kill itself with SIGINT at exit, after run_command has handled the interrupt. Blocking
    the signals would not do: a thread an earlier import started (numpy's) would take them.
    """
    received: list[int] = []
    handlers = {signum: signal.signal(signum, lambda signum, frame: received.append(signum)) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
    if received:
        signal.raise_signal(received[0])  # to the handler the block replaced


def run_command(args: argparse.Namespace, argv: list[str]) -> int:
    """Run ``args.run(args)`` and end it as an unattended run must end; a command that
    writes to a dataset fills in ``args.report``."""
    started = datetime.now(timezone.utc)
    report = args.report = RunReport()
    as_json = vars(args).get("json_summary", False)
    handler = None
    error: str | None = None
    try:
        handler = _log_to(vars(args).get("log_file"))
        log.info("started: zhnews %s", " ".join(argv))
        code = args.run(args)
    except KeyboardInterrupt:
        console.print("[yellow]interrupted:[/] what was written is kept; run the same command again to continue")
        code, error = exitcodes.INTERRUPTED, "interrupted"
    except (OperatorError, ClusterUnreachable) as failure:
        code, error = exitcodes.USAGE, str(failure)
    except (DatasetBusy, DatasetDamaged) as refused:
        # A refused writer touches nothing: the record goes to the log and --json only, not
        # into a dataset that another process holds or that needs repair first.
        code = exitcodes.BUSY if isinstance(refused, DatasetBusy) else exitcodes.USAGE
        error, report.dataset = str(refused), None
    except OSError as failure:
        if failure.errno not in ENVIRONMENT_ERRNOS:
            _end(report, argv, started, exitcodes.CRASHED, repr(failure), as_json, handler)
            raise
        where = f"{failure.filename}: " if failure.filename else ""
        code, error = exitcodes.USAGE, f"{where}{failure.strerror}"
    except BaseException as failure:
        _end(report, argv, started, exitcodes.CRASHED, repr(failure), as_json, handler)
        raise
    if error and code != exitcodes.INTERRUPTED:
        print_error(error)
    _end(report, argv, started, code, error, as_json, handler)
    return code


def _log_to(path: Path | None) -> logging.Handler | None:
    if path is None:
        return None
    try:
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError as error:
        raise OperatorError(f"cannot write the log file {path}: {error.strerror}") from None
    handler.setFormatter(logging.Formatter("%(asctime)s [%(name)s] %(levelname)s: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False  # a crawl's Scrapy log may go to the same file: each line once
    return handler


def _end(report: RunReport, argv: list[str], started: datetime, code: int, error: str | None,
         as_json: bool, handler: logging.Handler | None) -> None:
    record = RunRecord(
        command=argv[0] if argv else "", argv=["zhnews", *argv], host=socket.gethostname(), pid=os.getpid(),
        started_at=started, ended_at=datetime.now(timezone.utc), exit_code=code, error=error,
        counts=report.counts, sites=report.sites, rejects=report.rejects,
    )
    if report.dataset is not None:
        try:
            append_run(report.dataset, record)
        except OSError as failure:
            print_error(f"the run was not recorded in {report.dataset}/runs: {failure.strerror}")
    summary = {"dataset": str(report.dataset) if report.dataset else None, **record.to_json()}
    log.info("ended: exit %d%s; %s", code, f" ({error})" if error else "", json.dumps(summary, ensure_ascii=False))
    if as_json:
        print(json.dumps(summary, ensure_ascii=False), flush=True)
    if handler is not None:
        log.removeHandler(handler)
        log.propagate = True
        handler.close()
