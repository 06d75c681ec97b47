"""Redo extraction and cleaning of a crawled dataset from its raw archive, fetching nothing.

For each site in ``DATASET/raw`` the site's profile (or the generic one of its host)
picks the article pages exactly as the crawl did: by URL pattern, by page structure for
sites without a profile, and multi-page articles by following their next-page links
through the archive. Each URL's newest fetch is used. Outcomes go through
``Dataset.write``: an unchanged text is already present, a changed one becomes the
next revision.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from scrapy.http import HtmlResponse

from crawler.links import article_url, clean_url, looks_like_article, next_page
from corpus.documents import process_article
from crawler.profiles import SiteProfile, profile_for_site
from corpus.dataset import Dataset
from corpus.ids import doc_id_for_url
from corpus.records import Document, RawPage

BATCH_SIZE = 200


@dataclass
class ReprocessSummary:
    raw_pages: int = 0
    articles: int = 0
    written: int = 0  # new documents and new revisions
    already_present: int = 0
    rejected: dict[str, int] = field(default_factory=dict)


def _response(page: RawPage) -> HtmlResponse:
    return HtmlResponse(url=page.final_url, status=page.status, headers=page.headers, body=page.body)


def _newest_pages(dataset: Dataset) -> dict[str, dict[str, RawPage]]:
    """site -> cleaned final URL -> the newest successful fetch of it."""
    pages: dict[str, dict[str, RawPage]] = {}
    for page in dataset.read_raw():
        if page.status != 200:
            continue
        by_url = pages.setdefault(page.site or "", {})
        key = clean_url(page.final_url)
        if key not in by_url or by_url[key].fetched_at <= page.fetched_at:
            by_url[key] = page
    return pages


def _articles(profile: SiteProfile, pages: dict[str, RawPage]) -> Iterator[tuple[tuple[RawPage, ...], str]]:
    """Each article of a site as (its pages in order, its URL on the real site)."""
    for url, page in sorted(pages.items()):
        if profile.is_continuation(url):
            continue
        if not profile.allows(url):  # fetched from an override origin (a replica)
            profile = profile.with_origin(url)
        if not profile.is_article(url) and not (
            profile.detect_articles_by_structure and looks_like_article(_response(page))
        ):
            continue
        chain, article_pages = [url], [page]
        while (following := next_page(profile, _response(article_pages[-1]), chain)) in pages:
            chain.append(following)
            article_pages.append(pages[following])
        yield tuple(article_pages), article_url(profile, url)


def reprocess(dataset_path: Path | str, workers: int | None = None) -> ReprocessSummary:
    """Re-run processing on ``DATASET/raw`` and append what changed; holds the dataset meanwhile."""
    dataset = Dataset(dataset_path)
    summary = ReprocessSummary()
    with dataset.exclusive("zhnews reprocess"), ProcessPoolExecutor(max_workers=workers or os.cpu_count()) as pool:
        jobs = []
        for site, pages in sorted(_newest_pages(dataset).items()):
            profile = profile_for_site(site)
            summary.raw_pages += len(pages)
            for article_pages, url in _articles(profile, pages):
                jobs.append((article_pages, profile.hints, doc_id_for_url(url), url, profile.similarity_threshold))
        summary.articles = len(jobs)
        for start in range(0, len(jobs), BATCH_SIZE):
            outcomes = list(pool.map(process_article, *zip(*jobs[start : start + BATCH_SIZE])))
            written = dataset.write(
                [o for o in outcomes if isinstance(o, Document)], [o for o in outcomes if not isinstance(o, Document)]
            )
            summary.written += written.written
            summary.already_present += written.already_present
            for reason, count in written.reject_reasons.items():
                summary.rejected[reason] = summary.rejected.get(reason, 0) + count
    return summary
