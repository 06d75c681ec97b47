"""The columns of a dataset's tables, and how records become rows.

Typed, so that pandas, DuckDB and Hugging Face ``datasets`` read the same types.
"""

from __future__ import annotations

import json
from dataclasses import asdict

import pyarrow as pa

from cleaners import PIPELINE_VERSION
from corpus.records import Document, RawPage, Reject

SCHEMA_VERSION = 1

REMOVAL = pa.struct([("rule", pa.string()), ("text", pa.string())])
TIMESTAMP = pa.timestamp("us", tz="UTC")

DOCS_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("text", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("site", pa.string()),
        ("published", pa.string()),
        ("author", pa.string()),
        ("lang", pa.string()),
        ("lang_prob", pa.float64()),
        ("script_converted", pa.bool_()),
        ("charset", pa.string()),
        ("content_hash", pa.string()),
        ("removed", pa.list_(REMOVAL)),
        ("similarity", pa.float64()),
        ("revision", pa.int32()),
        ("fetched_at", TIMESTAMP),
        ("origin", pa.string()),
        ("pipeline_version", pa.string()),
    ]
)

REJECTS_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("origin", pa.string()),
        ("reason", pa.string()),
        ("detail", pa.string()),
        ("text", pa.string()),
        ("url", pa.string()),
        ("site", pa.string()),
        ("rejected_at", TIMESTAMP),
        ("pipeline_version", pa.string()),
    ]
)

RAW_SCHEMA = pa.schema(
    [
        ("url", pa.string()),
        ("final_url", pa.string()),
        ("status", pa.int32()),
        ("headers", pa.string()),  # JSON object: header names are not a fixed set
        ("body", pa.binary()),
        ("fetched_at", TIMESTAMP),
        ("site", pa.string()),
    ]
)

TABLE_SCHEMAS = {"docs": DOCS_SCHEMA, "rejects": REJECTS_SCHEMA, "raw": RAW_SCHEMA}


def doc_row(doc: Document, revision: int) -> dict:
    row = asdict(doc)
    row["removed"] = [{"rule": rule, "text": text} for rule, text in doc.removed]
    row["revision"] = revision
    row["pipeline_version"] = PIPELINE_VERSION
    return row


def reject_row(reject: Reject) -> dict:
    row = asdict(reject)
    row["pipeline_version"] = PIPELINE_VERSION
    return row


def raw_row(page: RawPage) -> dict:
    return {
        "url": page.url,
        "final_url": page.final_url,
        "status": page.status,
        "headers": json.dumps(page.headers, ensure_ascii=False, sort_keys=True),
        "body": page.body,
        "fetched_at": page.fetched_at,
        "site": page.site,
    }


def raw_page(row: dict) -> RawPage:
    return RawPage(
        url=row["url"],
        final_url=row["final_url"],
        status=row["status"],
        headers=json.loads(row["headers"]),
        body=row["body"],
        fetched_at=row["fetched_at"],
        site=row["site"],
    )
