"""Storage that stays fast as it grows: partitions, running counts, compaction, the card,
and the types analysts' tools read."""

from __future__ import annotations

import json
import random

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from corpus.dataset import Dataset, DatasetBusy
from corpus.records import Document, Reject


def doc(n: int, site: str, published: str | None) -> Document:
    rng = random.Random(n)  # distinct articles: no two near-duplicates
    text = f"第{n}号文件\n\n" + "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(300))
    return Document(id=f"{n:016x}", text=text, title=f"第{n}号文件", site=site, published=published,
                    content_hash=f"h{n}", origin="test", removed=(("metadata", "来源:上海发布"),))


@pytest.fixture
def grown(tmp_path):
    """Twelve small writes to two sites over three months."""
    dataset = Dataset(tmp_path)
    for n in range(12):
        dataset.write([doc(n, ["jfdaily", "sasac"][n % 2], f"2025-0{7 + n % 3}-0{1 + n % 9}T10:00:00+08:00")],
                      [Reject(f"r{n:015x}", f"http://x.cn/{n}", "http-404", site="jfdaily")])
    return tmp_path


def test_documents_are_partitioned_by_site_and_month(grown):
    folders = sorted(str(p.parent.relative_to(grown)) for p in (grown / "docs").rglob("*.parquet"))
    assert set(folders) == {f"docs/{s}/2025-0{m}" for s in ("jfdaily", "sasac") for m in (7, 8, 9)}
    only = pd.read_parquet(grown / "docs", filters=[("site", "==", "sasac"), ("month", "==", "2025-08")])
    assert list(only["id"]) == [f"{n:016x}" for n in range(12) if n % 2 and n % 3 == 1]


def test_the_manifest_counts_per_site_and_month_without_reading_the_dataset(grown):
    manifest = json.loads((grown / "manifest.json").read_text())
    assert manifest["counts"] == {"docs": 12, "rejects": 12, "raw": 0}
    assert manifest["docs_by_site"] == {"jfdaily": 6, "sasac": 6}
    assert manifest["docs_by_month"] == {"2025-07": 4, "2025-08": 4, "2025-09": 4}
    assert manifest["reject_reasons"] == {"http-404": 12}


def test_compaction_merges_small_parts_and_keeps_every_row(grown):
    before = pd.read_parquet(grown / "docs").sort_values("id").reset_index(drop=True)
    summary = Dataset(grown).compact()
    assert (summary.parts_before, summary.parts_after) == (24, 7)  # 6 partitions + 1 rejects part
    after = pd.read_parquet(grown / "docs").sort_values("id").reset_index(drop=True)
    pd.testing.assert_frame_equal(after, before)
    assert len(pd.read_parquet(grown / "rejects")) == 12


def test_compaction_waits_for_no_writer(grown):
    with Dataset(grown).exclusive("zhnews crawl jfdaily"), pytest.raises(DatasetBusy, match="crawl jfdaily"):
        Dataset(grown).compact()


def test_the_latest_view_has_one_row_per_document(tmp_path):
    dataset = Dataset(tmp_path)
    dataset.write([doc(1, "jfdaily", "2025-07-01")], [])
    dataset.write([doc(2, "jfdaily", "2025-07-01")], [])
    changed = doc(1, "jfdaily", "2025-07-01")
    dataset.write([Document(**{**changed.__dict__, "text": changed.text + "\n\n补充一段。", "content_hash": "h1b"})], [])
    assert len(dataset.read_table("docs")) == 3
    latest = dataset.read_latest(["id", "revision"]).sort_by("id").to_pylist()
    assert latest == [{"id": f"{1:016x}", "revision": 2}, {"id": f"{2:016x}", "revision": 1}]


def test_documents_without_site_or_date_still_partition(tmp_path):
    Dataset(tmp_path).write([doc(1, None, None)], [])
    assert [p.parent.relative_to(tmp_path).as_posix() for p in (tmp_path / "docs").rglob("*.parquet")] == [
        "docs/unknown/undated"]
    assert pd.read_parquet(tmp_path / "docs")[["site", "month"]].astype(str).values.tolist() == [["unknown", "undated"]]


def test_pandas_duckdb_and_datasets_read_the_documented_types(grown):
    from datasets import load_dataset

    docs = pd.read_parquet(grown / "docs")
    assert str(docs["published"].dtype) == "datetime64[us, Asia/Shanghai]"
    assert docs["revision"].dtype == "int32" and docs["lang_prob"].dtype == "float64"
    assert docs.loc[0, "removed"][0] == {"rule": "metadata", "text": "来源:上海发布"}

    types = dict(duckdb.sql(f"select column_name, column_type from (describe select * from "
                            f"read_parquet('{grown}/docs/**/*.parquet'))").fetchall())
    assert types["published"] == "TIMESTAMP WITH TIME ZONE"
    assert types["removed"] == "STRUCT(\"rule\" VARCHAR, \"text\" VARCHAR)[]"
    assert types["revision"] == "INTEGER" and types["site"] == "VARCHAR"

    loaded = load_dataset(str(grown))["train"]
    assert loaded.num_rows == 12
    assert str(loaded.features["published"]) == "Value('timestamp[us, tz=Asia/Shanghai]')"
    assert loaded.features["removed"].feature["rule"].dtype == "string"
    rejects = load_dataset(str(grown), "rejects")["train"]
    assert rejects.num_rows == 12 and "duplicate_of" in rejects.features


def test_the_card_describes_every_column_and_the_counts(grown):
    card = (grown / "README.md").read_text(encoding="utf-8")
    assert card.startswith("---\n") and "path: docs/**/*.parquet" in card
    for field in pq.read_schema(next((grown / "docs").rglob("*.parquet"))):
        assert f"| `{field.name}` |" in card
    assert "| jfdaily |  | 6 | 12 |" in card and "| 2025-08 | 4 |" in card and "| http-404 | 12 |" in card


def test_rejects_exists_with_its_columns_when_nothing_was_rejected(tmp_path):
    Dataset(tmp_path).write([doc(1, "jfdaily", "2025-07-01")], [])
    rejects = pd.read_parquet(tmp_path / "rejects")
    assert len(rejects) == 0 and "duplicate_of" in rejects.columns


def test_zhnews_compact_says_how_many_parts_it_left(grown, capsys):
    from zhnews.cli import main

    assert main(["compact", str(grown)]) == 0
    assert "24 part files before, 7 after" in capsys.readouterr().out
    with Dataset(grown).exclusive("zhnews ingest"):
        assert main(["compact", str(grown)]) == 3  # busy (zhnews/exitcodes.py)
