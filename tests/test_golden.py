"""Cleaning output of the seed documents and a few replica pages, pinned per PIPELINE_VERSION.

Rows of different pipeline versions are told apart by the version alone, so output that
changes while the version stays would mix two cleanings under one label. When a change
to the cleaners is meant, bump ``PIPELINE_VERSION`` and rewrite the golden file:

    PYTHONPATH=. python tests/test_golden.py --write
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from cleaners import PIPELINE_VERSION
from cleaners.pipeline import clean_text

REPO = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).resolve().parent / "golden" / "cleaning.json"
SEEDS = sorted((REPO / "seeds" / "documents").glob("*.txt"))
# One article of each replica site: pages with the noise of real sites (site suffixes,
# footers, related lists), read as plain text files.
REPLICAS = sorted(
    min(site.glob("articles/*.txt")) for site in (REPO / "crawler" / "replicas" / "sites").iterdir()
    if any(site.glob("articles/*.txt"))
)


def fingerprint(text: str) -> str:
    """sha256 of everything cleaning puts into a row: text, date, rejection, language."""
    result = clean_text(text)
    row = [result.text, result.published, result.rejection, result.lang, result.lang_prob]
    return hashlib.sha256(json.dumps(row, ensure_ascii=False).encode("utf-8")).hexdigest()


def fingerprints() -> dict[str, str]:
    return {
        str(path.relative_to(REPO)): fingerprint(path.read_text(encoding="utf-8")) for path in SEEDS + REPLICAS
    }


def test_output_changes_only_with_the_pipeline_version():
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert golden["pipeline_version"] == PIPELINE_VERSION, (
        f"PIPELINE_VERSION is {PIPELINE_VERSION}, the golden file was written for {golden['pipeline_version']}: "
        "rewrite it with `PYTHONPATH=. python tests/test_golden.py --write`"
    )
    changed = {
        name: digest for name, digest in fingerprints().items() if golden["documents"].get(name) != digest
    }
    assert not changed, (
        f"cleaning output changed for {sorted(changed)} while PIPELINE_VERSION stayed {PIPELINE_VERSION}: "
        "bump it and rewrite the golden file, or undo the change"
    )


def test_golden_file_covers_the_seeds_and_replicas():
    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert len(SEEDS) >= 5 and len(REPLICAS) >= 5
    assert set(golden["documents"]) == {str(p.relative_to(REPO)) for p in SEEDS + REPLICAS}


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(f"usage: {sys.argv[0]} --write   (rewrites {GOLDEN.relative_to(REPO)})")
    document = {"pipeline_version": PIPELINE_VERSION, "documents": fingerprints()}
    GOLDEN.write_text(json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {len(document['documents'])} fingerprints for PIPELINE_VERSION {PIPELINE_VERSION} to {GOLDEN}")
