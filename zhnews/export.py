"""Write a dataset's documents out for analysts: the corpus format (one ``NNN_<id>.txt``
per document), JSON Lines, CSV (UTF-8 with a BOM, so Excel reads the Chinese right) or
XLSX. Each document once, at its newest revision, in the order documents arrived.
"""

from __future__ import annotations

import csv
import json
import os
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from corpus.dataset import Dataset
from corpus.parts import atomic_path

FORMATS = ("txt", "jsonl", "csv", "xlsx")
COLUMNS = ["id", "title", "site", "site_name", "published", "url", "author", "revision", "text"]
XLSX_CELL_LIMIT = 32767  # characters Excel keeps in one cell


def latest_documents(dataset: Dataset, site: list[str] | None = None, since: datetime | None = None) -> list[dict]:
    """Each document's newest revision, filtered, in the order documents first arrived."""
    table = dataset.read_latest([*COLUMNS, "written_at"])
    if site:
        table = table.filter(pc.is_in(table["site"].cast("string"), value_set=pa.array(site)))
    if since is not None:
        table = table.filter(pc.greater_equal(table["published"], since))
    first_seen = {}
    for row in dataset.read_table("docs", ["id", "written_at"]).to_pylist():
        if row["id"] not in first_seen or row["written_at"] < first_seen[row["id"]]:
            first_seen[row["id"]] = row["written_at"]
    rows = table.drop_columns(["written_at"]).to_pylist()
    return sorted(rows, key=lambda r: (first_seen[r["id"]], r["id"]))


def export(dataset: Dataset, fmt: str, out: Path, site: list[str] | None = None,
           since: datetime | None = None) -> list[Path]:
    rows = latest_documents(dataset, site, since)
    if fmt == "txt":
        return export_txt(rows, out)
    writer = {"jsonl": write_jsonl, "csv": write_csv, "xlsx": write_xlsx}[fmt]
    out.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(out.parent, out) as tmp:
        writer(rows, tmp)
    (out.parent / ".tmp").rmdir()  # atomic_path's staging folder, empty again
    return [out]


def export_txt(rows: list[dict], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for number, row in enumerate(rows):
        path = out_dir / f"{number:03d}_{row['id']}.txt"
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(row["text"].encode("utf-8"))  # the corpus format has no trailing newline
        os.replace(tmp, path)
        written.append(path)
    return written


def _cell(value) -> str:
    return "" if value is None else value.isoformat() if isinstance(value, datetime) else str(value)


def write_jsonl(rows: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps({k: _cell(v) if isinstance(v, datetime) else v for k, v in row.items()},
                                 ensure_ascii=False) + "\n")


def write_csv(rows: list[dict], path: Path) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as out:  # the BOM tells Excel it is UTF-8
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        writer.writerows([_cell(row[c]) for c in COLUMNS] for row in rows)


def write_xlsx(rows: list[dict], path: Path) -> None:
    """One row per document; a text longer than a cell holds is cut and flagged in `text_truncated`."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path), {"strings_to_urls": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("docs")
    header = [*COLUMNS, "text_truncated"]
    sheet.write_row(0, 0, header)
    for n, row in enumerate(rows, start=1):
        cells = [_cell(row[c]) for c in COLUMNS]
        truncated = len(cells[-1]) > XLSX_CELL_LIMIT
        cells[-1] = cells[-1][:XLSX_CELL_LIMIT]
        sheet.write_row(n, 0, [*cells, truncated])
    workbook.close()
