"""The columns of a dataset's tables, and how records become rows.

Typed, so that pandas, DuckDB and Hugging Face ``datasets`` read the same types. The
meaning of every column is in ``COLUMN_DOCS`` (the dataset card prints it).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pyarrow as pa

from cleaners import PIPELINE_VERSION
from corpus.records import Document, RawPage, Reject

SCHEMA_VERSION = 2

CHINA = ZoneInfo("Asia/Shanghai")
REMOVAL = pa.struct([("rule", pa.string()), ("text", pa.string())])
TIMESTAMP = pa.timestamp("us", tz="UTC")
PUBLISHED = pa.timestamp("us", tz="Asia/Shanghai")  # the sites' own clock: a day is a Chinese day
# The partition keys are columns of every part file too (``corpus.parts``): a single
# file still says which site and month it holds.
PARTITION_KEY = pa.string()
# Partition keys are never null: a folder named for null has no type to infer when every
# folder is one, and readers would then disagree (the folder's value wins in pandas and
# DuckDB, the file's in ``datasets``).
NO_SITE, NO_MONTH = "unknown", "undated"

DOCS_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("text", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("site", PARTITION_KEY),
        ("month", PARTITION_KEY),
        ("published", PUBLISHED),
        ("published_precision", pa.string()),
        ("site_name", pa.string()),
        ("source_kind", pa.string()),
        ("source_claim", pa.string()),
        ("canonical_url", pa.string()),
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
        ("written_at", TIMESTAMP),
        ("pipeline_version", pa.string()),
    ]
)

REJECTS_SCHEMA = pa.schema(
    [
        ("id", pa.string()),
        ("origin", pa.string()),
        ("reason", pa.string()),
        ("detail", pa.string()),
        ("duplicate_of", pa.string()),
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

COLUMN_DOCS = {
    "docs": {
        "id": "16 hex digits: kept from an `NNN_<id>.txt` name, else from the canonical URL, else from the text",
        "text": "the corpus format: title as first paragraph, paragraphs separated by one blank line, "
                "half-width ASCII, Simplified script",
        "title": "the headline",
        "url": "the article's canonical URL (crawls)",
        "site": "the profile the page was crawled by (`unknown` for files ingested without one); partition key",
        "month": "`YYYY-MM` of `published` in Asia/Shanghai time (`undated` without one); partition key",
        "published": "publication time, Asia/Shanghai; only as exact as `published_precision` says",
        "published_precision": "`month`, `day`, `minute` or `second`: how much of the time the page gave",
        "site_name": "the site's name for itself",
        "source_kind": "the site's kind from its profile: `official`, `newspaper`, `portal`, `mirror`",
        "source_claim": "the source the page names (its `来源:` line)",
        "canonical_url": "the page's `<link rel=canonical>`",
        "author": "byline",
        "lang": "language tag (langdetect)",
        "lang_prob": "langdetect's probability for `lang`",
        "script_converted": "OpenCC converted Traditional to Simplified",
        "charset": "the charset the bytes were read with",
        "content_hash": "SHA-256 of `text`",
        "removed": "each piece a cleaner took out: `rule` (the cleaner) and `text`",
        "similarity": "similarity to the seed corpus (crawls)",
        "revision": "1 for the first text of an id, then 2, 3… as the article changes",
        "fetched_at": "when the page was fetched, UTC",
        "origin": "the file or URL the document came from",
        "written_at": "when the row was added to the dataset, UTC: the order documents arrived in",
        "pipeline_version": "version of extraction and cleaning that made the row",
    },
    "rejects": {
        "id": "the id the input would have had",
        "origin": "the file or URL",
        "reason": "why it is not a document (see the reject reasons above)",
        "detail": "more on the reason, in words",
        "duplicate_of": "for `duplicate` and `near-duplicate`: the id of the document kept instead",
        "text": "the text, when there was one",
        "url": "the URL (crawls)",
        "site": "the profile (crawls)",
        "rejected_at": "when, UTC",
        "pipeline_version": "version of extraction and cleaning",
    },
}

_PRECISION_BY_LENGTH = {7: "month", 10: "day", 16: "minute", 19: "second"}


def published_time(value: str | datetime | date | None, precision: str | None) -> tuple[datetime | None, str | None]:
    """A publication time as an aware datetime, and its precision (inferred from an ISO string's length)."""
    if value is None or value == "":
        return None, precision
    if isinstance(value, str):
        text = value.strip().replace(" ", "T", 1)
        inferred = _PRECISION_BY_LENGTH.get(len(text[:19].rstrip("Z")), "second")
        value = datetime.fromisoformat(text + "-01" if len(text) == 7 else text)
        precision = precision or inferred
    elif not isinstance(value, datetime):
        value, precision = datetime(value.year, value.month, value.day), precision or "day"
    if value.tzinfo is None:
        value = value.replace(tzinfo=CHINA)
    return value.astimezone(CHINA), precision or "second"


def month_of(published: datetime | None) -> str:
    return NO_MONTH if published is None else published.astimezone(CHINA).strftime("%Y-%m")


def doc_row(doc: Document, revision: int, written_at: datetime) -> dict:
    row = asdict(doc)
    row["written_at"] = written_at
    row["published"], row["published_precision"] = published_time(doc.published, doc.published_precision)
    row["site"] = doc.site or NO_SITE
    row["month"] = month_of(row["published"])
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
