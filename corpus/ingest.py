"""``zhnews ingest``: corpus text files and saved HTML pages into a dataset.

Every input file ends in the dataset or in its rejects, with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

from cleaners.decode import NotText, decode_text_file
from cleaners.pipeline import PipelineCounters
from corpus.dataset import Dataset
from corpus.documents import Source, process_page, process_text
from corpus.ids import doc_id_from_name, short_hash
from corpus.records import Document, Outcome, RawPage, Reject

if TYPE_CHECKING:
    from rich.progress import Progress

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES


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
    fallback_id = doc_id or short_hash(origin)
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


def ingest(paths: Iterable[Path], dataset: Dataset, progress: "Progress | None" = None, batch_size: int = 500) -> IngestSummary:
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
