"""The dataset on disk: append-only growth, revisions, mirrors, atomic writes."""

from __future__ import annotations

import pandas as pd
import pytest

from corpus.dataset import Dataset
from corpus.records import Document, Reject


def doc(doc_id: str, text: str, content_hash: str) -> Document:
    return Document(id=doc_id, text=text, title=text.split("\n")[0], content_hash=content_hash, origin="test")


def test_changed_text_is_a_new_revision_and_the_old_one_stays(tmp_path):
    dataset = Dataset(tmp_path)
    dataset.write([doc("a" * 16, "标题\n\n旧的正文。", "h1")], [])
    summary = dataset.write([doc("a" * 16, "标题\n\n新的正文。", "h2")], [])
    assert summary.written == 1
    docs = pd.read_parquet(tmp_path / "docs").sort_values("revision")
    assert list(docs["revision"]) == [1, 2]
    assert list(docs["content_hash"]) == ["h1", "h2"]


def test_same_text_under_another_id_is_a_duplicate_reject(tmp_path):
    dataset = Dataset(tmp_path)
    dataset.write([doc("a" * 16, "标题\n\n正文。", "h1")], [])
    summary = dataset.write([doc("b" * 16, "标题\n\n正文。", "h1")], [])
    assert summary.duplicates == 1
    rejects = pd.read_parquet(tmp_path / "rejects")
    assert list(rejects["reason"]) == ["duplicate"]
    assert "a" * 16 in rejects.loc[0, "detail"]


def test_a_reject_already_on_record_is_not_written_again(tmp_path):
    dataset = Dataset(tmp_path)
    dataset.write([], [Reject("c" * 16, "http://x.cn/404", "http-404")])
    summary = dataset.write([], [Reject("c" * 16, "http://x.cn/404", "http-404")])
    assert summary.rejected == 0
    assert len(pd.read_parquet(tmp_path / "rejects")) == 1


def test_a_failed_write_leaves_no_file_where_readers_look(tmp_path):
    dataset = Dataset(tmp_path)
    dataset.write([doc("a" * 16, "标题\n\n正文。", "h1")], [])
    broken = Document(id="d" * 16, text=b"\xff not text", title="t", content_hash="h9", origin="test")
    with pytest.raises(Exception):
        dataset.write([broken], [])
    assert len(list((tmp_path / "docs").iterdir())) == 1
    assert not list((tmp_path / ".tmp").iterdir())
    assert len(pd.read_parquet(tmp_path / "docs")) == 1


def test_manifest_counts_rows_and_reasons(tmp_path):
    dataset = Dataset(tmp_path)
    dataset.write([doc("a" * 16, "标题\n\n正文。", "h1")], [Reject("e" * 16, "f.txt", "too-short")])
    manifest = dataset.write_manifest()
    assert manifest["counts"] == {"docs": 1, "rejects": 1, "raw": 0}
    assert manifest["reject_reasons"] == {"too-short": 1}
