"""Crawls against the replica sites on 127.0.0.1, as real ``scrapy crawl`` processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cleaners.base import NO_HINTS
from cleaners.script import to_simplified
from cleaners.width import fold_width
from crawler.replicas.server import PORTALS_DIR, REPLICAS_DIR, root_relative, serve_replicas, site_names
from corpus.dataset import Dataset

REPO = Path(__file__).resolve().parents[2]

# No delays, no retries, one worker: fast tests on two cores.
TEST_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "RETRY_TIMES": 0,
    "ZHNEWS_WORKERS": 1,
    "ZHNEWS_FLUSH_ITEMS": 5,
    "LOG_LEVEL": "WARNING",
}



class Crawls:
    """Run ``scrapy crawl news`` and read the dataset it wrote (the ``crawls`` fixture)."""

    @staticmethod
    def command(dataset: Path, *, site: str | None = None, origin: str | None = None, url: str | None = None,
                settings: dict | None = None) -> list[str]:
        command = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"output={dataset}"]
        for name, value in (("site", site), ("origin", origin), ("url", url)):
            if value:
                command += ["-a", f"{name}={value}"]
        for name, value in {**TEST_SETTINGS, **(settings or {})}.items():
            command += ["-s", f"{name}={value}"]
        return command

    def start(self, dataset: Path, **kwargs) -> subprocess.Popen:
        """A crawl in its own process group, so a test can kill it with its worker processes."""
        return subprocess.Popen(
            self.command(dataset, **kwargs), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True,
        )

    def run(self, dataset: Path, **kwargs) -> subprocess.CompletedProcess:
        """A crawl to its end; it must succeed."""
        process = self.start(dataset, **kwargs)
        stdout, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr[-3000:]
        return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)

    root_relative = staticmethod(root_relative)

    @staticmethod
    def folded(text: str) -> str:
        """``text`` as the cleaners write it: half-width forms, simplified script."""
        return to_simplified(fold_width(text, NO_HINTS).text, NO_HINTS).text

    replicas_dir = REPLICAS_DIR
    settings = TEST_SETTINGS

    @staticmethod
    def rows(dataset: Path, table: str) -> list[dict]:
        return Dataset(dataset).read_table(table).to_pylist()

    def doc_paths(self, dataset: Path) -> list[str]:
        """Root-relative URLs of the documents, one per row (revisions included)."""
        return [root_relative(row["url"]) for row in self.rows(dataset, "docs")]


@pytest.fixture(scope="session")
def crawls() -> Crawls:
    return Crawls()


@pytest.fixture(scope="session")
def crawled_sites(tmp_path_factory, crawls: Crawls) -> dict[str, Path]:
    """Every replica site crawled once, end to end, all crawls at the same time."""
    out = tmp_path_factory.mktemp("sites")
    names = site_names(REPLICAS_DIR)
    with serve_replicas(REPLICAS_DIR, names) as origins:
        processes = {}
        for name in names:
            if (REPO / "seeds" / "profiles" / f"{name}.toml").is_file():
                processes[name] = crawls.start(out / name, site=name, origin=origins[name])
            else:  # a site without a profile: the generic crawl from its home page
                processes[name] = crawls.start(out / name, url=origins[name] + "/")
        for name, process in processes.items():
            _, stderr = process.communicate(timeout=180)
            assert process.returncode == 0, f"{name}: {stderr[-3000:]}"
    return {name: out / name for name in names}


@pytest.fixture(scope="session")
def crawled_portals(tmp_path_factory, crawls: Crawls) -> dict[str, Path]:
    """Every portal replica crawled as ``zhnews crawl --url`` crawls it: from its home
    page, with no profile, all crawls at the same time."""
    out = tmp_path_factory.mktemp("portals")
    names = site_names(PORTALS_DIR)
    with serve_replicas(PORTALS_DIR, names) as origins:
        processes = {name: crawls.start(out / name, url=origins[name] + "/") for name in names}
        for name, process in processes.items():
            _, stderr = process.communicate(timeout=180)
            assert process.returncode == 0, f"{name}: {stderr[-3000:]}"
    return {name: out / name for name in names}
