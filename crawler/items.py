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

# Processing that failed: an exception in it, or workers that died running it. The
# article is processed again from the raw archive on the next run, a few times
# (ZHNEWS_PROCESSING_ATTEMPTS) in all, before the reject stays.
PROCESSING_ERROR = "processing-error"
WORKER_DIED = "worker-died"
RETRIED = (PROCESSING_ERROR, WORKER_DIED)


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

    def processed(self, outcome: Document | Reject) -> ArticleProcessed:
        """The article's outcome, with what its first page says for revalidation."""
        first = self.pages[0]
        return ArticleProcessed(self.url, outcome, _header(first, "etag"), _header(first, "last-modified"))

    def failed(self, reason: str, detail: str) -> ArticleProcessed:
        """A processing that failed (``RETRIED``): a reject, unless a later run succeeds."""
        return self.processed(
            Reject(self.doc_id, self.pages[0].url, reason, detail, url=self.real_url, site=self.site)
        )


def _header(page: RawPage, name: str) -> str | None:
    return next((v for k, v in page.headers.items() if k.lower() == name), None)


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
