"""What a crawl's worker process does with one article, in one job: process it
(``corpus.documents.process_article``) and read its pages' lines for its site's line index
(``corpus.line_index.article_lines``).

A module of its own, importing nothing of Scrapy, so that workers load the processing path
and no more.
"""

from __future__ import annotations

from cleaners.base import Hints
from cleaners.pipeline import PipelineCounters
from corpus.documents import extract_page, process_article
from corpus.line_index import PageLines, article_lines
from corpus.records import Outcome, RawPage


def process_crawled(
    pages: tuple[RawPage, ...], hints: Hints, doc_id: str, url: str, threshold: float | None,
    site_charset: str | None = None, source_kind: str | None = None,
) -> tuple[Outcome, PipelineCounters, PageLines]:
    """``process_article``'s outcome and counters, and ``article_lines`` of the same pages,
    from one extraction of each page."""
    extracted = [extract_page(page, site_charset) for page in pages]
    outcome, counters = process_article(pages, hints, doc_id, url, threshold, site_charset, source_kind, extracted)
    return outcome, counters, article_lines(pages, extracted, url, hints)
