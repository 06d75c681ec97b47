"""``DATASET/manifest.json``: what a dataset holds and which tools made it."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

from cleaners import PIPELINE_VERSION
from corpus.parts import atomic_path

SCHEMA_VERSION = 1
TOOLS = ("zhnews", "trafilatura", "opencc", "langdetect", "ftfy", "pypinyin", "scrapy", "pyarrow")


def write_manifest(dataset: Path, counts: dict[str, int], reject_reasons: dict[str, int]) -> dict:
    manifest = {
        "schema_version": SCHEMA_VERSION,
        "pipeline_version": PIPELINE_VERSION,
        "counts": counts,
        "reject_reasons": dict(sorted(reject_reasons.items())),
        "tool_versions": {tool: _version(tool) for tool in TOOLS},
        "updated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    with atomic_path(dataset, dataset / "manifest.json") as tmp:
        tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return manifest


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None
