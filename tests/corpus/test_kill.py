"""SIGKILL at any moment of a deduplicating write or a compaction leaves a consistent
dataset: after recovery every article is either a document or a reject, never both or
neither, and the index agrees with the files."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from corpus.dataset import Dataset
from corpus.records import Document

ROOT = Path(__file__).resolve().parents[2]
HANZI = "上海市政府发布民营经济企业发展措施推动高质量科技创新产业集群建设服务投资项目改革开放合作"
ARTICLES = 120


def article(n: int, site: str, kind: str) -> Document:
    rng = random.Random(n)
    text = "\n\n".join("".join(rng.choice(HANZI) for _ in range(200)) + "。" for _ in range(5))
    doc_id = f"{site[:4]}{n:012x}"
    return Document(id=doc_id, text=text, title=text[:20], site=site, source_kind=kind,
                    published=f"2025-{1 + n % 6:02d}-10", content_hash=f"h{n}", origin=doc_id)


WRITER = f"""
import sys
sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(Path(__file__).parent)!r})
from test_kill import article, ARTICLES
from corpus.dataset import Dataset
dataset = Dataset(sys.argv[1])
if len(sys.argv) > 3:  # SIGKILL itself as it calls os.replace for the Nth time: between the journal's renames
    import os, signal
    renames = int(sys.argv[3])
    def watch(frame, event, function):
        global renames
        if event == "c_call" and function is os.replace:
            renames -= 1
            if renames == 0:
                os.kill(os.getpid(), signal.SIGKILL)
    sys.setprofile(watch)
print("ready", flush=True)
if sys.argv[2] == "write":
    dataset.write([article(n, "shanghai_gov", "official") for n in range(ARTICLES)], [])
else:
    dataset.compact()
"""


def killed(path: Path, action: str, after: float, at_rename: int | None = None) -> None:
    command = [sys.executable, "-c", WRITER, str(path), action, *([str(at_rename)] if at_rename else [])]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "ready\n"  # imports done: the delay is into the work itself
    try:
        process.wait(timeout=after)
    except subprocess.TimeoutExpired:
        os.kill(process.pid, signal.SIGKILL)
        process.wait()


def assert_consistent(path: Path) -> None:
    Dataset(path).recover()
    docs = pd.read_parquet(path / "docs")
    rejects = pd.read_parquet(path / "rejects") if (path / "rejects").is_dir() else pd.DataFrame(columns=["id"])
    assert not docs.duplicated(["id", "revision"]).any()
    for n in range(ARTICLES):
        mirror, original = article(n, "contentfarm", "mirror").id, article(n, "shanghai_gov", "official").id
        in_docs = {mirror, original} & set(docs["id"])
        assert len(in_docs) == 1, (n, in_docs)
        if original in in_docs:  # the run got that far: the mirror moved to rejects
            assert list(rejects.loc[rejects["id"] == mirror, "duplicate_of"]) == [original]
        else:
            assert mirror not in set(rejects["id"])
    with sqlite3.connect(path / "index" / "dedup.sqlite") as index:
        kept = {row[0] for row in index.execute("select id from kept")}
        counted = index.execute("select coalesce(sum(n), 0) from stats where tbl = 'docs'").fetchone()[0]
        assert not index.execute("select 1 from journal").fetchall()
    assert kept == set(docs["id"]) and counted == len(docs)
    assert not any((path / ".tmp").iterdir())


@pytest.fixture(scope="module")
def mirrored(tmp_path_factory) -> Path:
    """The mirrors came first, a few at a time: many small parts, every one to be superseded."""
    path = tmp_path_factory.mktemp("mirrored")
    dataset = Dataset(path)
    for start in range(0, ARTICLES, 10):
        dataset.write([article(n, "contentfarm", "mirror") for n in range(start, start + 10)], [])
    dataset.close()
    return path


@pytest.mark.parametrize("after", [0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.5, 1.8])
def test_a_killed_original_wins_write_leaves_a_consistent_dataset(mirrored, tmp_path, after):
    path = tmp_path / "ds"
    shutil.copytree(mirrored, path)
    killed(path, "write", after)
    assert_consistent(path)
    Dataset(path).write([article(n, "shanghai_gov", "official") for n in range(ARTICLES)], [])  # the run again
    assert_consistent(path)
    assert sorted(pd.read_parquet(path / "docs")["id"]) == sorted(
        article(n, "shanghai_gov", "official").id for n in range(ARTICLES))


@pytest.mark.parametrize("after", [0.0, 0.1, 0.2, 0.3, 0.4, 0.6, 0.8])
def test_a_killed_compaction_loses_and_doubles_nothing(mirrored, tmp_path, after):
    path = tmp_path / "ds"
    shutil.copytree(mirrored, path)
    before = pd.read_parquet(path / "docs").sort_values(["id", "revision"]).reset_index(drop=True)
    killed(path, "compact", after)
    assert_consistent(path)
    after_kill = pd.read_parquet(path / "docs").sort_values(["id", "revision"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(after_kill, before)


def pending_journal(path: Path) -> int:
    with sqlite3.connect(path / "index" / "dedup.sqlite") as index:
        return index.execute("select count(*) from journal").fetchone()[0]


@pytest.mark.parametrize("action", ["write", "compact"])
@pytest.mark.parametrize("at_rename", [1, 4])
def test_a_kill_between_the_journals_renames_is_rolled_forward(mirrored, tmp_path, action, at_rename):
    path = tmp_path / "ds"
    shutil.copytree(mirrored, path)
    rows = len(pd.read_parquet(path / "docs"))
    killed(path, action, 60, at_rename)
    assert pending_journal(path) == 1  # committed, partly applied
    assert_consistent(path)
    assert len(pd.read_parquet(path / "docs")) == rows  # each mirror replaced by its original, or merged as it was
