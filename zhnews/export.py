"""Write a dataset back out in the seed corpus format: one ``NNN_<id>.txt`` per document."""

from __future__ import annotations

import os
from pathlib import Path

from corpus.dataset import Dataset


def latest_revisions(dataset: Dataset) -> list[tuple[str, str]]:
    """(id, text) of each document's newest revision, in the order documents first arrived."""
    table = dataset.read_table("docs", ["id", "text", "revision"])
    order: dict[str, int] = {}
    newest: dict[str, tuple[int, str]] = {}
    for doc_id, text, revision in zip(*(table[c].to_pylist() for c in ("id", "text", "revision"))):
        order.setdefault(doc_id, len(order))
        if doc_id not in newest or revision > newest[doc_id][0]:
            newest[doc_id] = (revision, text)
    return [(doc_id, newest[doc_id][1]) for doc_id in sorted(order, key=order.get)]


def export_txt(dataset: Dataset, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for number, (doc_id, text) in enumerate(latest_revisions(dataset)):
        path = out_dir / f"{number:03d}_{doc_id}.txt"
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(text.encode("utf-8"))  # the corpus format has no trailing newline
        os.replace(tmp, path)
        written.append(path)
    return written
