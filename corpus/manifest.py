"""``DATASET/manifest.json``: what a dataset holds and which tools made it.

Counts come from the index's running totals (``corpus.index``), which each write
updates from its own rows: writing the manifest never reads the dataset.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime, timezone
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from cleaners import PIPELINE_VERSION
from corpus.parts import atomic_path
from corpus.schema import SCHEMA_VERSION

TOOLS = ("zhnews", "trafilatura", "opencc", "langdetect", "ftfy", "pypinyin", "scrapy", "pyarrow", "datasketch")
Stats = list[tuple[str, str | None, str | None, str, int]]  # (table, site, month, reason, rows)


def summarise(stats: Stats) -> dict:
    counts = {"docs": 0, "rejects": 0, "raw": 0}
    docs_by_site: dict[str, int] = defaultdict(int)
    docs_by_month: dict[str, int] = defaultdict(int)
    rejects_by_site: dict[str, int] = defaultdict(int)
    reasons: dict[str, int] = defaultdict(int)
    for table, site, month, reason, n in stats:
        counts[table] += n
        if table == "docs":
            docs_by_site[site or "(none)"] += n
            docs_by_month[month or "(no date)"] += n
        elif table == "rejects":
            rejects_by_site[site or "(none)"] += n
            reasons[reason] += n
    return {
        "counts": counts,
        "docs_by_site": dict(sorted(docs_by_site.items())),
        "docs_by_month": dict(sorted(docs_by_month.items())),
        "rejects_by_site": dict(sorted(rejects_by_site.items())),
        "reject_reasons": dict(sorted(reasons.items())),
    }


def write_manifest(dataset: Path, stats: Stats) -> dict:
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": PIPELINE_VERSION,
        **summarise(stats),
        "tool_versions": dict(tool_versions()),
        "updated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    with atomic_path(dataset, dataset / "manifest.json", durable=False) as tmp:
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


@lru_cache(maxsize=None)  # reading package metadata costs more than the rest of a small write
def tool_versions() -> dict[str, str | None]:
    return {tool: _version(tool) for tool in TOOLS}


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None
