"""What the spider hands to the pipelines, and what the pipelines hand to feeds.

A feed (``scrapy crawl news -O docs.jsonl``) gets ``corpus.records.Document`` items and
nothing else: ``DatasetPipeline`` writes the records below into the dataset and the
state store, and ``DocumentPipeline`` passes on the documents and drops the rest.

The spider's ``ArticleFetched`` carries what processing needs (the site's cleaning hints
and topic threshold), so no component reads the spider's profiles.
"""

from __future__ import annotations

from dataclasses import dataclass

from cleaners.base import Hints
from corpus.records import Document, RawPage, Reject


@dataclass(frozen=True)
class ArticleFetched:
    """All pages of one article, in order, ready for extraction and cleaning."""

    url: str  # the URL the state store knows the article by
    doc_id: str
    real_url: str  # the URL on the real site, when the crawl ran against a replica
    site: str
    hints: Hints
    similarity_threshold: float | None  # None: no topic gate
    site_charset: str | None  # the profile's charset, for pages that declare none
    source_kind: str | None  # the profile's kind: which copy of a mirrored article is the original
    pages: tuple[RawPage, ...]


@dataclass(frozen=True)
class ArticleProcessed:
    url: str
    outcome: Document | Reject
    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class ArticleNotModified:
    """The server answered 304: the article in the dataset is still current."""

    url: str


@dataclass(frozen=True)
class FetchFailed:
    """A request that brought no usable page: HTTP error, timeout, refused, DNS."""

    reject: Reject
    article_url: str | None  # set when the failed request was for an article
