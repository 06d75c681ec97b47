"""Document ids and content hashes: one definition for every path into the dataset."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

# A corpus file keeps the id in its name: NNN_<16 hex>.<ext>
_CORPUS_NAME = re.compile(r"^\d+_([0-9a-f]{16})$")


def short_hash(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:16]


def doc_id_for_url(canonical_url: str) -> str:
    return short_hash(canonical_url)


def doc_id_for_text(text: str) -> str:
    return short_hash(text)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def doc_id_from_name(path: Path) -> str | None:
    match = _CORPUS_NAME.match(path.stem)
    return match.group(1) if match else None
