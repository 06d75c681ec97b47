"""The shipped systemd service, run as systemd runs it: its ExecStart under its KillSignal.

The unit's command line is taken from deploy/systemd/zhnews-crawl.service with its
Environment= expanded the systemd way; only the values an operator puts in
/etc/zhnews/crawl.env change (a replica site, a temporary dataset), and the installed
`zhnews` program is this checkout's.
"""

from __future__ import annotations

import os
import re
import shutil
import shlex
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from crawler.replicas.server import REPLICAS_DIR, expected_articles, serve_replicas
from corpus.dataset import Dataset
from corpus.runs import last_runs
from zhnews import exitcodes

REPO = Path(__file__).resolve().parents[2]
UNITS = REPO / "deploy" / "systemd"
SITE = "jfdaily"
# Slow enough to be stopped half-way: one request at a time, every item written as it comes.
SLOW = ("-s DOWNLOAD_DELAY=0.5 -s CONCURRENT_REQUESTS_PER_DOMAIN=1 -s ZHNEWS_FLUSH_ITEMS=1 "
        "-s AUTOTHROTTLE_ENABLED=False -s RETRY_TIMES=0 -s ZHNEWS_WORKERS=1")


def unit_section(path: Path, section: str) -> list[tuple[str, str]]:
    """(key, value) pairs of one section, in order: a key such as Environment= may repeat."""
    pairs, current = [], None
    for line in path.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = line.strip("[]")
        elif current == section:
            key, _, value = line.partition("=")
            pairs.append((key, value))
    return pairs


def exec_start(service: dict[str, list[str]], environment: dict[str, str]) -> list[str]:
    """ExecStart as systemd expands it: ${VAR} is one word, a lone $VAR splits into words."""
    words = []
    for word in shlex.split(service["ExecStart"][0]):
        alone = re.fullmatch(r"\$(\w+)", word)
        if alone:
            words += environment.get(alone.group(1), "").split()
        else:
            words.append(re.sub(r"\$\{(\w+)\}", lambda m: environment.get(m.group(1), ""), word))
    return words


def seconds(value: str) -> float:
    match = re.fullmatch(r"(\d+)(s|min)?", value)
    assert match, f"a time span this test reads: {value}"
    return int(match.group(1)) * (60 if match.group(2) == "min" else 1)


def test_the_timer_starts_the_service_every_six_hours():
    timer = dict(unit_section(UNITS / "zhnews-crawl.timer", "Timer"))
    assert timer["OnCalendar"] == "*-*-* 00/6:00:00" and timer["Persistent"] == "true"
    assert (UNITS / "zhnews-crawl.service").is_file()  # zhnews-crawl.timer starts the unit of its own name


def test_the_service_stops_on_its_kill_signal_in_time_and_the_next_run_completes(tmp_path):
    pairs = unit_section(UNITS / "zhnews-crawl.service", "Service")
    service: dict[str, list[str]] = {}
    for key, value in pairs:
        service.setdefault(key, []).append(value)
    assert service["Type"] == ["oneshot"] and service["KillMode"] == ["mixed"]
    kill_signal = getattr(signal, service["KillSignal"][0])
    stop_timeout = seconds(service["TimeoutStopSec"][0])
    assert str(exitcodes.INTERRUPTED) in service["SuccessExitStatus"][0].split()

    environment = dict(value.split("=", 1) for value in service["Environment"])
    dataset = tmp_path / "corpus"
    with serve_replicas(REPLICAS_DIR, [SITE]) as origins:
        environment |= {  # what /etc/zhnews/crawl.env would say
            "ZHNEWS_SITES": SITE, "ZHNEWS_DATASET": str(dataset), "ZHNEWS_LOG": str(tmp_path / "crawl.log"),
            "ZHNEWS_OPTIONS": f"--origin {origins[SITE]} {SLOW}",
        }
        command = exec_start(service, environment)
        assert command[0].endswith("/bin/zhnews")
        command = [sys.executable, "-m", "zhnews.cli", *command[1:]]
        env = {"PATH": os.environ["PATH"], "PYTHONPATH": str(REPO)}

        service_process = subprocess.Popen(command, cwd=tmp_path, env=env, start_new_session=True,
                                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        try:
            wait_for_first_document(dataset, service_process)
            os.kill(service_process.pid, kill_signal)  # KillMode=mixed: the main process only
            stopped_at = time.monotonic()
            _, stderr = service_process.communicate(timeout=stop_timeout)
            took = time.monotonic() - stopped_at
        finally:
            if service_process.poll() is None:
                os.killpg(service_process.pid, signal.SIGKILL)
        # stopped half-way: exit 130, "run again"
        assert service_process.returncode == exitcodes.INTERRUPTED, stderr[-3000:]
        assert took < stop_timeout
        assert_no_process_left(service_process.pid)  # the worker processes ended with it

        rerun = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180)
        assert rerun.returncode == exitcodes.OK, rerun.stderr[-3000:]

    docs = Dataset(dataset).read_table("docs", ["id", "url", "content_hash"]).to_pylist()
    paths = sorted(re.sub(r"^https?://[^/]+", "", doc["url"]) for doc in docs)
    assert paths == sorted(expected_articles(REPLICAS_DIR, SITE))
    assert not [key for key, n in Counter((d["id"], d["content_hash"]) for d in docs).items() if n > 1]
    assert [run.exit_code for run in last_runs(dataset, 5)] == [exitcodes.OK, exitcodes.INTERRUPTED]


def wait_for_first_document(dataset: Path, process: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the crawl ended before it could be stopped"
        if (dataset / "docs").is_dir() and Dataset(dataset).read_table("docs", ["id"]).num_rows:
            return
        time.sleep(0.05)
    raise AssertionError("no document written in time")


def assert_no_process_left(group: int, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.1)
    os.killpg(group, signal.SIGKILL)
    raise AssertionError("processes of the stopped service were still running")


def test_systemd_accepts_the_units(tmp_path):
    """systemd-analyze verify: every key known, every value well-formed (the program path
    is the only thing that differs from an installed machine)."""
    assert shutil.which("systemd-analyze"), "systemd-analyze (package systemd) is needed to check the units"
    for unit in UNITS.iterdir():
        text = unit.read_text().replace("/opt/zhnews/.venv/bin/zhnews", shutil.which("true"))
        (tmp_path / unit.name).write_text(text)
    result = subprocess.run(["systemd-analyze", "verify", "--man=no", *sorted(tmp_path.iterdir())],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
