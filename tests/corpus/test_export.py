"""Exports analysts open: JSON Lines, CSV that Excel reads as UTF-8, XLSX with long texts flagged."""

from __future__ import annotations

import csv
import json

import openpyxl
import pytest

from corpus.dataset import Dataset
from corpus.records import Document
from zhnews.cli import main
from zhnews.export import XLSX_CELL_LIMIT


@pytest.fixture
def dataset(tmp_path):
    path = tmp_path / "ds"
    docs = [
        Document(id="a" * 16, text="上海发布措施\n\n民营经济“发展壮大”。", title="上海发布措施", site="shanghai_gov",
                 published="2025-09-15T17:00:00+08:00", content_hash="h1", origin="t"),
        Document(id="b" * 16, text="徐州新闻\n\n" + "徐" * (XLSX_CELL_LIMIT + 10), title="徐州新闻", site="cnxz",
                 published="2021-08-31", content_hash="h2", origin="t"),
        Document(id="c" * 16, text="国资委\n\n国有企业改革深化提升行动。", title="国资委", site="sasac",
                 published="2023-04-06", content_hash="h3", origin="t"),
    ]
    Dataset(path).write(docs, [])
    return path


def test_csv_has_a_bom_and_round_trips_chinese(dataset, tmp_path):
    out = tmp_path / "docs.csv"
    assert main(["export", str(dataset), "--format", "csv", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(out, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["id"] for r in rows] == ["a" * 16, "b" * 16, "c" * 16]
    assert rows[0]["text"] == "上海发布措施\n\n民营经济“发展壮大”。"
    assert rows[0]["published"] == "2025-09-15T17:00:00+08:00"


def test_jsonl_filtered_by_site_and_since(dataset, tmp_path):
    out = tmp_path / "docs.jsonl"
    assert main(["export", str(dataset), "--format", "jsonl", "--site", "sasac", "--site", "cnxz",
                 "--since", "2022-01-01", "-o", str(out)]) == 0
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["site"]) for r in rows] == [("c" * 16, "sasac")]


def test_xlsx_cuts_a_text_longer_than_a_cell_and_says_so(dataset, tmp_path):
    out = tmp_path / "docs.xlsx"
    assert main(["export", str(dataset), "--format", "xlsx", "-o", str(out)]) == 0
    sheet = openpyxl.load_workbook(out).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    by_id = {row[0]: dict(zip(header, row)) for row in rows[1:]}
    assert len(by_id["b" * 16]["text"]) == XLSX_CELL_LIMIT and by_id["b" * 16]["text_truncated"] is True
    assert by_id["a" * 16]["text"] == "上海发布措施\n\n民营经济“发展壮大”。" and by_id["a" * 16]["text_truncated"] is False
    assert not (tmp_path / ".tmp").exists()
