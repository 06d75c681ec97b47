"""Deploy to a real Scrapyd on loopback with the scrapy.cfg target, schedule the spider through
its API, and read the dataset the job wrote."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from crawler.replicas.server import REPLICAS_DIR, expected_articles, root_relative, serve_replicas
from corpus.dataset import Dataset
from zhnews.scrapyd_egg import write_egg

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SITE = "jfdaily"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def api(base: str, endpoint: str, data: list[tuple[str, str]] | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(f"{base}/{endpoint}", data=body, timeout=10) as response:
        answer = json.load(response)
    assert answer["status"] == "ok", answer
    return answer


@pytest.fixture
def scrapyd(tmp_path):
    """Scrapyd in its own folder on a free loopback port, in this virtualenv (zhnews installed in it)."""
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\npoll_interval = 0.2\nmax_proc = 1\n"
        "eggs_dir = eggs\nlogs_dir = logs\ndbs_dir = dbs\nitems_dir =\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}  # zhnews as installed: this checkout
    server = subprocess.Popen([str(BIN / "scrapyd")], cwd=home, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                api(base, "daemonstatus.json")
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "scrapyd did not start"
                time.sleep(0.2)
        yield base, home
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_deploy_to_scrapyd_and_schedule_a_crawl_through_its_api(tmp_path, scrapyd):
    base, home = scrapyd
    # The shipped deploy target, pointed at this Scrapyd.
    project = tmp_path / "project"
    project.mkdir()
    config = (REPO / "scrapy.cfg").read_text().replace("http://127.0.0.1:6800/", base + "/")
    assert base in config
    (project / "scrapy.cfg").write_text(config)
    egg = write_egg(tmp_path / "zhnews-scrapyd.egg")
    deployed = subprocess.run([str(BIN / "scrapyd-deploy"), "--egg", str(egg), "--version", "1"], cwd=project,
                              capture_output=True, text=True, timeout=60)
    assert deployed.returncode == 0, deployed.stderr
    assert api(base, "listprojects.json")["projects"] == ["zhnews"]
    assert "news" in api(base, "listspiders.json?project=zhnews")["spiders"]

    dataset = tmp_path / "corpus"
    with serve_replicas(REPLICAS_DIR, [SITE]) as origins:
        job = api(base, "schedule.json", [
            ("project", "zhnews"), ("spider", "news"),
            ("site", SITE), ("origin", origins[SITE]), ("output", str(dataset)),
            ("setting", "DOWNLOAD_DELAY=0"), ("setting", "AUTOTHROTTLE_ENABLED=False"),
            ("setting", "RETRY_TIMES=0"), ("setting", "ZHNEWS_WORKERS=1"),
        ])["jobid"]
        deadline = time.monotonic() + 120
        while not any(j["id"] == job for j in api(base, "listjobs.json?project=zhnews")["finished"]):
            assert time.monotonic() < deadline, "the job did not finish in time"
            time.sleep(0.5)

    log = next((home / "logs" / "zhnews" / "news").glob(f"{job}.log")).read_text()
    assert "'finish_reason': 'finished'" in log, log[-3000:]
    urls = Dataset(dataset).read_table("docs", ["url"])["url"].to_pylist()
    assert sorted(map(root_relative, urls)) == sorted(expected_articles(REPLICAS_DIR, SITE))
