"""One article's pages to a Document or a Reject: the work done in worker processes.

Module-level function with picklable arguments, so a ProcessPoolExecutor can run it;
``zhnews reprocess`` calls the same function on pages from the raw archive.
"""

from __future__ import annotations

import dataclasses

from cleaners.base import Hints
from zhnews.ingest import process_pages
from zhnews.records import Outcome, RawPage, Reject


def process_article(pages: tuple[RawPage, ...], hints: Hints, doc_id: str, url: str, threshold: float) -> Outcome:
    """Extract, clean and score an article; below ``threshold`` it is rejected as off-topic.

    ``url`` is the article's URL on the real site; it becomes the document's URL.
    """
    # Imported here: scikit-learn takes a second to import, and the crawl process, which
    # imports this module only to hand the function to its workers, never scores a text.
    # The workers have it already (``set_forkserver_preload`` in crawler.pipelines).
    from cleaners.similarity import similarity

    outcome = process_pages(list(pages), hints, doc_id)
    if isinstance(outcome, Reject):
        return dataclasses.replace(outcome, url=url)
    score = round(similarity(outcome.text), 4)
    if score < threshold:
        return Reject(
            doc_id, outcome.origin, "off-topic", f"similarity {score:.4f} < {threshold}", outcome.text, url,
            outcome.site,
        )
    return dataclasses.replace(outcome, url=url, similarity=score)
