"""Every input ends in docs or rejects exactly once, whatever its name, size or kind."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow.parquet as pq

from corpus.dataset import Dataset
from corpus.ingest import MAX_BYTES, ingest
from seeds import DOCUMENTS_DIR

SEED = DOCUMENTS_DIR / "004_38cb36e30ac65805.txt"


def _reasons(dataset: Path) -> dict[str, str]:
    rejects = pq.read_table(dataset / "rejects").to_pylist()
    return {Path(row["origin"]).name: row["reason"] for row in rejects}


def test_hostile_inputs_are_rejected_with_their_reason(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs)
    os.mkfifo(inputs / "pipe.txt")  # reading it would block forever
    (inputs / "zero.txt").symlink_to("/dev/zero")  # reading it would never end
    (inputs / "huge.txt").write_bytes(b"a" * (MAX_BYTES[".txt"] + 1))
    (inputs / "notes.json").write_text("{}", encoding="utf-8")
    os.close(os.open(os.path.join(os.fsencode(inputs), b"bad-\xff-name.txt"), os.O_CREAT | os.O_WRONLY))
    dataset = tmp_path / "ds"

    summary = ingest([inputs], Dataset(dataset), workers=1)

    assert summary.read == 6
    assert pq.read_table(dataset / "docs")["id"].to_pylist() == ["38cb36e30ac65805"]
    assert _reasons(dataset) == {
        "pipe.txt": "not-a-file",
        "zero.txt": "not-a-file",
        "huge.txt": "too-large",
        "notes.json": "unsupported-type",
        "bad-\\xff-name.txt": "undecodable-name",
    }


def test_a_fifo_named_on_the_command_line_does_not_block(tmp_path):
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    ingest([fifo], Dataset(tmp_path / "ds"), workers=1)
    assert _reasons(tmp_path / "ds") == {"x.txt": "not-a-file"}


def test_shtml_pages_are_read_as_html(tmp_path):
    body = "".join(f"<p>{p}</p>" for p in SEED.read_text(encoding="utf-8").split("\n\n")[2:8])
    page = tmp_path / "article.shtml"
    page.write_text(f"<html><body><article><h1>政企携手共育专精特新</h1>{body}</article></body></html>",
                    encoding="utf-8")
    summary = ingest([page], Dataset(tmp_path / "ds"), workers=1)
    assert summary.kept == 1


def test_a_pool_writes_the_same_rows_in_the_same_order_as_one_process(tmp_path):
    inputs = tmp_path / "in"
    shutil.copytree(DOCUMENTS_DIR, inputs)
    (inputs / "empty.txt").write_bytes(b"")
    for n in range(40):  # enough files for several chunks
        (inputs / f"copy{n:02d}.txt").write_text(f"标题{n}\n\n" + SEED.read_text(encoding="utf-8"), encoding="utf-8")

    one = ingest([inputs], Dataset(tmp_path / "one"), workers=1, batch_size=7)
    many = ingest([inputs], Dataset(tmp_path / "many"), workers=2, batch_size=7)

    for table, columns in (("docs", ["id", "text", "removed", "revision"]), ("rejects", ["id", "origin", "reason"])):
        rows_one = Dataset(tmp_path / "one").read_table(table, columns).to_pylist()
        rows_many = Dataset(tmp_path / "many").read_table(table, columns).to_pylist()
        assert rows_many == rows_one
    assert one.counters == many.counters
    assert (one.read, one.kept, one.rejected) == (many.read, many.kept, many.rejected)


def test_plain_named_copies_are_duplicates_in_one_run_and_across_runs(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        folder.mkdir()
    (first / "one.txt").write_text(text, encoding="utf-8")
    (first / "two.txt").write_text(text, encoding="utf-8")  # the same batch
    (second / "three.txt").write_text(text, encoding="utf-8")  # a later run
    dataset = tmp_path / "ds"

    ingest([first], Dataset(dataset), workers=1)
    ingest([second], Dataset(dataset), workers=1)
    again = ingest([first], Dataset(dataset), workers=1)  # the same files again: nothing new

    docs = pq.read_table(dataset / "docs").to_pylist()
    rejects = pq.read_table(dataset / "rejects").to_pylist()
    assert [Path(d["origin"]).name for d in docs] == ["one.txt"]
    assert {Path(r["origin"]).name: (r["reason"], r["duplicate_of"]) for r in rejects} == {
        "two.txt": ("duplicate", docs[0]["id"]),
        "three.txt": ("duplicate", docs[0]["id"]),
    }
    assert again.already_present == 1 and again.rejected == {}
