"""From a text or fetched pages to a Document or a Reject: the one path every input takes.

Every function here is pure and takes picklable arguments, so the crawler can run it in
worker processes and ``zhnews ingest`` in a loop.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Sequence

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from cleaners.base import NO_HINTS, Hints, join_paragraphs
from cleaners.dates import precision
from cleaners.decode import decode_html
from cleaners.extract import Extracted, extract
from cleaners.pipeline import PipelineCounters, clean_text
from corpus.ids import content_hash, doc_id_for_text, doc_id_for_url
from corpus.records import Document, Outcome, RawPage, Reject

@dataclass(frozen=True)
class Source:
    """Where a text came from and what is known of it besides the text."""

    origin: str
    doc_id: str | None = None
    url: str | None = None
    site: str | None = None
    charset: str | None = None
    published: str | None = None
    published_precision: str | None = None
    author: str | None = None
    site_name: str | None = None
    source_kind: str | None = None
    canonical_url: str | None = None
    page: RawPage | None = None


def process_text(
    text: str, source: Source, hints: Hints = NO_HINTS, counters: PipelineCounters | None = None
) -> Outcome:
    """Clean a text in corpus layout (title first) into a Document, or say why not."""
    cleaned = clean_text(text, hints, counters)
    doc_id = source.doc_id or (doc_id_for_url(source.url) if source.url else doc_id_for_text(cleaned.text))
    if cleaned.rejection is not None:
        return Reject(doc_id, source.origin, cleaned.rejection, text=text, url=source.url, site=source.site)
    return Document(
        id=doc_id,
        text=cleaned.text,
        title=cleaned.title,
        url=source.url,
        site=source.site,
        # The page's metadata first; else the date a cleaner read from a metadata line.
        published=source.published or cleaned.published,
        published_precision=source.published_precision if source.published else precision(cleaned.published),
        site_name=source.site_name,
        source_kind=source.source_kind,
        canonical_url=source.canonical_url,
        author=source.author,
        lang=cleaned.lang,
        lang_prob=cleaned.lang_prob,
        script_converted=cleaned.script_converted,
        charset=source.charset,
        content_hash=content_hash(cleaned.text),
        removed=tuple((r.rule, r.text) for r in cleaned.removed),
        fetched_at=source.page.fetched_at if source.page else None,
        origin=source.origin,
    )


def process_page(
    page: RawPage, hints: Hints = NO_HINTS, doc_id: str | None = None, counters: PipelineCounters | None = None
) -> Outcome:
    return process_pages([page], hints, doc_id, counters)


@dataclass(frozen=True)
class ExtractedPage:
    """One fetched page, decoded, with its article extracted."""

    charset: str | None
    extracted: Extracted

    @property
    def text(self) -> str:
        """The text cleaning starts from for this page (title, then body): what a site's
        line index learns from, so that its lines are the lines cleaning will see."""
        title, body = self.extracted.title, self.extracted.text
        return join_paragraphs([title, body]) if title else body


def extract_page(page: RawPage, site_charset: str | None = None) -> ExtractedPage:
    decoded = decode_html(page.body, _charset_to_try(page, site_charset))
    return ExtractedPage(decoded.charset, extract(decoded.text, page.final_url))


def process_pages(
    pages: list[RawPage], hints: Hints = NO_HINTS, doc_id: str | None = None,
    counters: PipelineCounters | None = None, site_charset: str | None = None, source_kind: str | None = None,
    extracted: Sequence[ExtractedPage] | None = None,
) -> Outcome:
    """Extract and clean an article that spans ``pages`` (in order) into one Document.

    Title, date and author come from the first page; the bodies are joined in order.
    ``site_charset`` is the site profile's charset, the guess for a page that declares none;
    ``source_kind`` its kind (official, newspaper, portal, mirror), which decides which
    copy of a mirrored article is the original. ``extracted``: ``extract_page`` of each of
    ``pages``, where the caller needed it too (extraction is most of a page's cost).
    """
    first = pages[0]
    origin = first.url
    if first.status >= 400:
        reject_id = doc_id or doc_id_for_url(first.url)
        return Reject(reject_id, origin, f"http-{first.status}", url=first.url, site=first.site)
    bodies: list[str] = []
    metadata = None
    charset = None
    for page_number, page in enumerate(pages):
        extracted_page = extracted[page_number] if extracted else extract_page(page, site_charset)
        if metadata is None:
            metadata, charset = extracted_page.extracted, extracted_page.charset
        if extracted_page.extracted.text.strip():
            bodies.append(extracted_page.extracted.text)
    # A saved file's own path is no URL of the article: such a page gets its id from its text.
    url = metadata.canonical_url or (first.final_url if first.final_url.startswith("http") else None)
    if not bodies:
        decoded_first = decode_html(first.body, _charset_to_try(first, site_charset)).text
        reject_id = doc_id or (doc_id_for_url(url) if url else doc_id_for_text(decoded_first))
        return Reject(reject_id, origin, "no-main-text", text=decoded_first, url=url, site=first.site)
    hints = dataclasses.replace(hints, title=metadata.title or hints.title)
    text = join_paragraphs([metadata.title or "", *bodies]) if metadata.title else join_paragraphs(bodies)
    source = Source(
        origin=origin,
        doc_id=doc_id,
        url=url,
        site=first.site or metadata.site,
        charset=charset,
        published=metadata.published,
        published_precision=metadata.published_precision,
        author=metadata.author,
        site_name=metadata.site_name,
        source_kind=source_kind,
        canonical_url=metadata.canonical_url if metadata.canonical_url != first.final_url else None,
        page=first,
    )
    return process_text(text, source, hints, counters)


def page_text(page: RawPage, site_charset: str | None = None) -> str:
    return extract_page(page, site_charset).text


def _charset_to_try(page: RawPage, site_charset: str | None) -> str | None:
    """The charset decode_html tries first: the HTTP header's; else, when the page has no
    <meta> declaration either (decode_html reads that itself), the site profile's.

    Only ever a first guess: decode_html keeps it only if the bytes read cleanly in it.
    Without the profile's hint an undeclared page is read as UTF-8 or else GB18030, and
    GB18030 reads Big5 bytes too, as the wrong characters.
    """
    content_type = next((v for k, v in page.headers.items() if k.lower() == "content-type"), None)
    http_charset = http_content_type_encoding(content_type) if content_type else None
    if http_charset or site_charset is None or html_body_declared_encoding(page.body):
        return http_charset
    return site_charset


def process_article(
    pages: tuple[RawPage, ...], hints: Hints, doc_id: str, url: str, threshold: float | None,
    site_charset: str | None = None, source_kind: str | None = None,
    extracted: Sequence[ExtractedPage] | None = None,
) -> tuple[Outcome, PipelineCounters]:
    """A crawled article: extract, clean and score it.

    The topic score is the document's ``similarity``. With a ``threshold`` (a profile's
    ``similarity_threshold``) an article scoring below it is rejected as off-topic;
    without one every article is kept: a site the user chose is crawled whole.
    ``url`` is the article's URL on the real site; it becomes the document's URL.
    ``site_charset`` and ``source_kind``: the profile's ``charset`` and ``kind``. The
    counters say what each cleaning step did to this article (the crawl sums them up).
    ``extracted``: as for ``process_pages``.
    """
    # Imported here to keep the crawl process lean: it only hands this function to its
    # workers (which preload it) and never scores a text itself.
    from corpus.topic import similarity

    counters = PipelineCounters()
    outcome = process_pages(
        list(pages), hints, doc_id, counters, site_charset=site_charset, source_kind=source_kind, extracted=extracted
    )
    if isinstance(outcome, Reject):
        return dataclasses.replace(outcome, url=url), counters
    score = round(similarity(outcome.text), 4)
    if threshold is not None and score < threshold:
        reject = Reject(
            doc_id, outcome.origin, "off-topic", f"similarity {score:.4f} < {threshold}", outcome.text, url,
            outcome.site,
        )
        return reject, counters
    return dataclasses.replace(outcome, url=url, similarity=score), counters
