"""From input (a text file, a saved page, a fetched page) to a Document or a Reject.

Every function here is pure and takes picklable arguments, so the crawler can run it in
worker processes.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from w3lib.encoding import http_content_type_encoding

from cleaners.base import NO_HINTS, Hints, join_paragraphs
from cleaners.decode import NotText, decode_html, decode_text_file
from cleaners.extract import extract
from cleaners.pipeline import PipelineCounters, clean_text
from zhnews.records import Document, Outcome, RawPage, Reject

if TYPE_CHECKING:
    from rich.progress import Progress

    from zhnews.dataset import Dataset

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

# A corpus file keeps the id in its name: NNN_<16 hex>.<ext>
_CORPUS_NAME = re.compile(r"^\d+_([0-9a-f]{16})$")


def _short_hash(value: str) -> str:
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:16]


def doc_id_for_url(canonical_url: str) -> str:
    return _short_hash(canonical_url)


def doc_id_for_text(text: str) -> str:
    return _short_hash(text)


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def doc_id_from_name(path: Path) -> str | None:
    match = _CORPUS_NAME.match(path.stem)
    return match.group(1) if match else None


@dataclass(frozen=True)
class Source:
    """Where a text came from and what is known of it besides the text."""

    origin: str
    doc_id: str | None = None
    url: str | None = None
    site: str | None = None
    charset: str | None = None
    published: str | None = None
    author: str | None = None
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
        published=source.published or cleaned.published,
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


def process_pages(
    pages: list[RawPage], hints: Hints = NO_HINTS, doc_id: str | None = None,
    counters: PipelineCounters | None = None,
) -> Outcome:
    """Extract and clean an article that spans ``pages`` (in order) into one Document.

    Title, date and author come from the first page; the bodies are joined in order.
    """
    first = pages[0]
    origin = first.url
    if first.status >= 400:
        reject_id = doc_id or doc_id_for_url(first.url)
        return Reject(reject_id, origin, f"http-{first.status}", url=first.url, site=first.site)
    bodies: list[str] = []
    metadata = None
    charset = None
    for page in pages:
        decoded = decode_html(page.body, _http_charset(page.headers))
        extracted = extract(decoded.text, page.final_url)
        if metadata is None:
            metadata, charset = extracted, decoded.charset
        if extracted.text.strip():
            bodies.append(extracted.text)
    # A saved file's own path is no URL of the article: such a page gets its id from its text.
    url = metadata.canonical_url or (first.final_url if first.final_url.startswith("http") else None)
    if not bodies:
        decoded_first = decode_html(first.body, _http_charset(first.headers)).text
        reject_id = doc_id or (doc_id_for_url(url) if url else doc_id_for_text(decoded_first))
        return Reject(reject_id, origin, "no-main-text", text=decoded_first, url=url, site=first.site)
    hints = Hints(hints.site_names, hints.footer_markers, metadata.title or hints.title)
    text = join_paragraphs([metadata.title or "", *bodies]) if metadata.title else join_paragraphs(bodies)
    source = Source(
        origin=origin,
        doc_id=doc_id,
        url=url,
        site=first.site or metadata.sitename,
        charset=charset,
        published=metadata.published,
        author=metadata.author,
        page=first,
    )
    return process_text(text, source, hints, counters)


def _http_charset(headers: dict[str, str]) -> str | None:
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    return http_content_type_encoding(content_type) if content_type else None


# -- files -----------------------------------------------------------------------


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Files named on the command line as they are; folders searched for corpus files."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            yield path


def process_file(path: Path, counters: PipelineCounters | None = None) -> Outcome:
    origin = str(path)
    doc_id = doc_id_from_name(path)
    fallback_id = doc_id or _short_hash(origin)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return Reject(fallback_id, origin, "unsupported-type", f"{suffix or 'no suffix'}: expected .txt, .html or .htm")
    try:
        body = path.read_bytes()
    except OSError as error:
        return Reject(fallback_id, origin, "unreadable", str(error))
    if not body.strip():
        return Reject(fallback_id, origin, "empty-file")
    if suffix in HTML_SUFFIXES:
        page = RawPage(url=path.resolve().as_uri(), final_url=path.resolve().as_uri(), status=200, headers={}, body=body)
        return process_page(page, doc_id=doc_id, counters=counters)
    try:
        decoded = decode_text_file(body)
    except NotText as error:
        return Reject(fallback_id, origin, "not-text", str(error))
    return process_text(decoded.text, Source(origin=origin, doc_id=doc_id, charset=decoded.charset), counters=counters)


@dataclass
class IngestSummary:
    read: int = 0
    kept: int = 0
    already_present: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    counters: PipelineCounters = field(default_factory=PipelineCounters)


def ingest(paths: Iterable[Path], dataset: "Dataset", progress: "Progress | None" = None, batch_size: int = 500) -> IngestSummary:
    """Process every input file and append the outcomes to ``dataset``, batch by batch."""
    summary = IngestSummary()
    files = list(iter_input_files(paths))
    task = progress.add_task("ingest", total=len(files)) if progress else None
    for start in range(0, len(files), batch_size):
        outcomes = []
        for path in files[start : start + batch_size]:
            outcomes.append(process_file(path, summary.counters))
            if progress:
                progress.advance(task)
        docs = [o for o in outcomes if isinstance(o, Document)]
        written = dataset.write(docs, [o for o in outcomes if isinstance(o, Reject)])
        summary.read += len(outcomes)
        summary.kept += written.written
        summary.already_present += written.already_present
        for reason, count in written.reject_reasons.items():
            summary.rejected[reason] = summary.rejected.get(reason, 0) + count
    return summary
