"""What the spider hands to the pipelines.

Plain dataclasses: the pipelines tell them apart by type, and none of them is exported
as a feed (the dataset is the output).
"""

from __future__ import annotations

from dataclasses import dataclass

from corpus.records import Document, RawPage, Reject


@dataclass(frozen=True)
class PageFetched:
    """A page as the server sent it, for the raw archive (lists and sitemaps too)."""

    page: RawPage


@dataclass(frozen=True)
class ArticleFetched:
    """All pages of one article, in order, ready for extraction and cleaning."""

    url: str  # the URL the state store knows the article by
    doc_id: str
    real_url: str  # the URL on the real site, when the crawl ran against a replica
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
