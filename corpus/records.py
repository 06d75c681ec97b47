"""The records every path produces: fetched pages, documents and rejects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class RawPage:
    """A fetched page as the server sent it: what the raw archive keeps."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    body: bytes
    fetched_at: datetime = field(default_factory=utc_now)
    site: str | None = None


@dataclass(frozen=True)
class Document:
    """One clean corpus document: a row of ``DATASET/docs``."""

    id: str
    text: str
    title: str
    url: str | None = None
    site: str | None = None
    published: str | datetime | None = None  # ISO 8601 or a datetime; naive means Asia/Shanghai
    published_precision: str | None = None  # day, minute, second or month: how much of `published` the page gave
    site_name: str | None = None  # the site's own name for itself (网站名称)
    source_kind: str | None = None  # the site's kind from its profile: official, newspaper, portal, mirror
    source_claim: str | None = None  # the source the page names (its 来源: line), if any
    canonical_url: str | None = None  # the page's <link rel=canonical>, if it names another URL
    author: str | None = None
    lang: str | None = None
    lang_prob: float | None = None
    script_converted: bool = False
    charset: str | None = None
    content_hash: str = ""
    removed: tuple[tuple[str, str], ...] = ()  # (rule, text) pairs
    similarity: float | None = None
    revision: int = 1
    fetched_at: datetime | None = None
    origin: str = ""  # the file or URL the document came from


@dataclass(frozen=True)
class Reject:
    """An input that did not become a document, and why: a row of ``DATASET/rejects``."""

    id: str
    origin: str
    reason: str
    detail: str = ""
    text: str = ""
    url: str | None = None
    site: str | None = None
    rejected_at: datetime = field(default_factory=utc_now)
    duplicate_of: str | None = None  # the id of the document kept instead (duplicate, near-duplicate)


Outcome = Document | Reject
