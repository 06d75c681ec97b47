"""The installed package runs: a wheel built from this tree, installed without the source,
run from a folder that is not the repository, finds its profiles and seed documents.

Runs the wheel as deployments do (pip install, not editable): installed with
``--target`` into a folder of its own, the dependencies coming from this environment.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from crawler.profiles import PROFILES_DIR, profile_names
from crawler.replicas.server import REPLICAS_DIR, expected_articles, root_relative, serve_replicas
from seeds import DOCUMENTS_DIR

REPO = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.package

# What a source tree holds that a build must not see: environments, outputs, caches and
# an earlier in-tree build (setuptools reuses build/lib, stale files included).
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".venv", "output", "out", "build", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis",
    ".ruff_cache",
)


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"{command}: {result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict:
    """Build the wheel from a copy of the tree, install it into its own folder, return how to run it."""
    if importlib.util.find_spec("setuptools.command.bdist_wheel") is None:
        pytest.fail("this environment's setuptools cannot build wheels: install the dev extras (make test does)")
    root = tmp_path_factory.mktemp("package")
    source, wheels, site = root / "source", root / "wheels", root / "site"
    shutil.copytree(REPO, source, ignore=NOT_SOURCE)
    # No build isolation: it would fetch setuptools from the registry, and tests run offline;
    # the dev extras pin a setuptools that builds wheels by itself.
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "--no-input"]
    run([*pip, "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(wheels), str(source)], root)
    (wheel,) = wheels.glob("zhnews-*.whl")
    run([*pip, "install", "--no-deps", "--no-index", "--target", str(site), str(wheel)], root)
    workdir = root / "elsewhere"
    workdir.mkdir()
    env = {"PATH": "/usr/bin:/bin", "COLUMNS": "200", "PYTHONPATH": str(site)}
    return {"site": site, "cwd": workdir, "env": env}


def zhnews(installed: dict, *args: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-m", "zhnews.cli", *args], installed["cwd"], installed["env"])


def test_the_code_and_data_come_from_the_installed_wheel(installed):
    where = run(
        [sys.executable, "-c", "import json, seeds, zhnews.cli, crawler.replicas.server as r; "
         "print(json.dumps([zhnews.cli.__file__, seeds.PROFILES_DIR.as_posix(), r.REPLICAS_DIR.as_posix()]))"],
        installed["cwd"], installed["env"],
    )
    cli, profiles, replicas = map(Path, json.loads(where.stdout))
    site = installed["site"]
    assert cli.is_relative_to(site) and profiles.is_relative_to(site) and replicas.is_relative_to(site)
    assert sorted(p.name for p in profiles.glob("*.toml")) == sorted(p.name for p in PROFILES_DIR.glob("*.toml"))
    assert (site / "zhnews" / "eval_split.json").is_file()
    assert (replicas / "sasac" / "site.toml").is_file() and list((replicas / "sasac" / "articles").glob("*.txt"))
    assert not (site / "tests").exists()


def test_installed_zhnews_sites_lists_the_shipped_profiles(installed):
    result = zhnews(installed, "sites")
    for name in profile_names(PROFILES_DIR):
        assert any(line.split("│")[1].strip() == name for line in result.stdout.splitlines() if "│" in line), name


def test_installed_zhnews_ingests_the_shipped_seed_documents(installed):
    seeds = installed["site"] / "seeds" / "documents"
    dataset = installed["cwd"] / "dataset"
    zhnews(installed, "ingest", str(seeds), "-o", str(dataset))
    ids = sorted(pq.read_table(dataset / "docs", columns=["id"]).column("id").to_pylist())
    assert ids == sorted(path.stem.split("_", 1)[1] for path in DOCUMENTS_DIR.glob("*.txt"))


def test_installed_zhnews_crawls_a_site_into_documents(installed):
    # The whole crawl path as shipped: its worker processes, their preloaded data (the
    # topic lexicon, langdetect's profiles) and the site's profile, all from the wheel.
    dataset = installed["cwd"] / "crawled"
    with serve_replicas(REPLICAS_DIR, ["jfdaily"]) as origins:
        zhnews(installed, "crawl", "jfdaily", "--origin", origins["jfdaily"], "-o", str(dataset))
    urls = pq.read_table(dataset / "docs", columns=["url"]).column("url").to_pylist()
    assert sorted(map(root_relative, urls)) == sorted(expected_articles(REPLICAS_DIR, "jfdaily"))
