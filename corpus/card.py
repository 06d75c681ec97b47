"""``DATASET/README.md``, the dataset card: what the data is, column by column, and how
to load it. Rewritten after every write from the index's counts (no dataset reads).

The YAML header is what Hugging Face ``datasets`` reads: ``load_dataset(DATASET)``
finds the ``docs`` and ``rejects`` configs there.
"""

from __future__ import annotations

from pathlib import Path

from cleaners import PIPELINE_VERSION
from cleaners.pipeline import FORMATTERS
from corpus import neardup
from corpus.manifest import Stats, summarise, tool_versions
from corpus.parts import atomic_path
from corpus.schema import COLUMN_DOCS, DOCS_SCHEMA, REJECTS_SCHEMA, SCHEMA_VERSION

HEADER = """---
language:
- zh
pretty_name: zhnews corpus
configs:
- config_name: docs
  default: true
  data_files:
  - split: train
    path: docs/**/*.parquet
- config_name: rejects
  data_files:
  - split: train
    path: rejects/*.parquet
---
"""

LOADING = """## Loading

`docs` holds one row per document **revision**; the newest revision of each id is the
document as it stands (the `latest` view below). Partitioned in folders
`docs/SITE/YYYY-MM/`; `site` and `month` are also columns of every file.

```python
import pandas as pd
docs = pd.read_parquet("DATASET/docs")
latest = docs[docs.revision == docs.groupby("id").revision.transform("max")]

import duckdb
duckdb.sql(\"\"\"create view latest as
    select * from read_parquet('DATASET/docs/**/*.parquet')
    qualify revision = max(revision) over (partition by id)\"\"\")
duckdb.sql("select site, count(*) from latest group by site")

from datasets import load_dataset
docs = load_dataset("DATASET")                # the docs config
rejects = load_dataset("DATASET", "rejects")
```

In Python with zhnews: `corpus.dataset.Dataset("DATASET").read_latest()`.
"""


def write_card(dataset: Path, stats: Stats, kinds: dict[str, str | None]) -> None:
    with atomic_path(dataset, dataset / "README.md", durable=False) as tmp:
        tmp.write_text(render_card(stats, kinds), encoding="utf-8")


def render_card(stats: Stats, kinds: dict[str, str | None]) -> str:
    summary = summarise(stats)
    counts = summary["counts"]
    versions = tool_versions()
    lines = [
        HEADER,
        "# zhnews corpus",
        "",
        "Chinese government, enterprise and economic news, crawled and cleaned by zhnews: "
        f"{counts['docs']} document rows, {counts['rejects']} rejects, {counts['raw']} archived pages.",
        "",
        f"Pipeline version {PIPELINE_VERSION}, schema version {SCHEMA_VERSION}, zhnews {versions['zhnews']}.",
        "",
        LOADING,
        "## Contents",
        "",
        _table(["site", "kind", "document rows", "rejects"],
               [[site, kinds.get(site) or "", str(summary["docs_by_site"].get(site, 0)),
                 str(summary["rejects_by_site"].get(site, 0))]
                for site in sorted(set(summary["docs_by_site"]) | set(summary["rejects_by_site"]))]),
        "",
        "Document rows per month of publication:",
        "",
        _table(["month", "document rows"], [[m, str(n)] for m, n in summary["docs_by_month"].items()]),
        "",
        "Reject reasons:",
        "",
        _table(["reason", "rows"], [[r, str(n)] for r, n in summary["reject_reasons"].items()]),
        "",
        "Source kinds (from the site profiles): `official` a government or agency site, `newspaper` a "
        "newspaper's site, `portal` a news portal, `mirror` a site that republishes others' articles.",
        "",
        "## Columns",
        "",
    ]
    for title, schema, table in (("docs", DOCS_SCHEMA, "docs"), ("rejects", REJECTS_SCHEMA, "rejects")):
        lines += [f"`{title}`:", "",
                  _table(["column", "type", "meaning"],
                         [[f"`{f.name}`", f"`{f.type}`", COLUMN_DOCS[table][f.name]] for f in schema]), ""]
    lines += [
        "## How the text was cleaned",
        "",
        "Extraction (trafilatura and zhnews' block scorer), then these steps in order, each recording "
        "what it removed in `removed`: " + ", ".join(f"`{name}`" for name, _ in FORMATTERS) + ". "
        "Then quality gates (`empty`, `mostly-garbage`, `not-chinese`, `too-short`) and the language tag.",
        "",
        f"Duplicates: the same text under another id is a `duplicate`; a text whose {neardup.SHINGLE}-character "
        f"shingles (letters, digits and hanzi only) have an estimated Jaccard similarity of at least "
        f"{neardup.THRESHOLD} to a kept document's (MinHash, {neardup.NUM_PERM} permutations, LSH) is a "
        "`near-duplicate`. Of a cluster the original is kept: official site first, then newspaper, portal, "
        "unknown, mirror; then a page whose `来源:` or canonical link names another copy loses; then the earliest "
        "publication; then the longest text. `duplicate_of` names the kept id.",
        "",
        "Tool versions: " + ", ".join(f"{tool} {v}" for tool, v in versions.items() if v) + ".",
        "",
    ]
    return "\n".join(lines)


def _table(header: list[str], rows: list[list[str]]) -> str:
    if not rows:
        return "(none yet)"
    escape = lambda cell: cell.replace("|", "\\|")  # noqa: E731 - a cell may hold a type like list<item: struct<…>>
    return "\n".join(["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
                      *("| " + " | ".join(escape(c) for c in row) + " |" for row in rows)])
