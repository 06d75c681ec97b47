"""``zhnews ingest``: corpus text files and saved HTML pages into a dataset.

Every input ends in the dataset or in its rejects, with the reason: a file of a type we
do not read, one that is not a regular file (a FIFO, a device), one too large, one whose
name is not valid UTF-8. Files are processed on a pool of worker processes and written in
input order, so the dataset comes out row for row as one process would write it. A worker
killed from outside (the OOM killer) is replaced and its files run again
(``corpus.workers``); a file that kills every worker that reads it is rejected.

Before cleaning, a first pass counts the lines of every readable input into the dataset's
per-site line index (``corpus.line_index``); each file is then cleaned with its site's
template lines. A file's site is the host of the URL the page names for itself (canonical
link or ``og:url``), else the folder it lies in.
"""

from __future__ import annotations

import asyncio
import os
import re
import stat
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, TypeVar

from cleaners.base import Hints
from cleaners.decode import NotText, decode_text_file
from cleaners.pipeline import PipelineCounters, normalised
from cleaners.site_template import page_line_keys
from corpus.documents import Source, page_text, process_page, process_text
from corpus.ids import doc_id_from_name, short_hash
from corpus.line_index import IndexUpdate
from corpus.records import Document, Outcome, RawPage, Reject
from corpus.workers import WorkerDied, WorkerPool, start_executor

if TYPE_CHECKING:
    from rich.progress import Progress

    # Only the parent writes: the workers, which import this module, never load pyarrow.
    from corpus.dataset import Dataset

TEXT_SUFFIXES = {".txt"}
HTML_SUFFIXES = {".html", ".htm", ".shtml", ".xhtml"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES

# A saved page may be as large as a crawl lets a download be (DOWNLOAD_MAXSIZE); a news
# text of 4 MiB is already a hundred articles, and cleaning time grows faster than size.
MAX_BYTES = {".txt": 4 * 1024 * 1024, **{suffix: 16 * 1024 * 1024 for suffix in HTML_SUFFIXES}}

# Files handed to a worker at once: enough to amortise the hand-over, few enough that
# the progress bar moves and a stop loses little work in flight.
CHUNK_SIZE = 16


def iter_input_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Paths named on the command line as they are; everything under a folder, in order.

    Nothing under a folder is skipped, so that each entry can be accounted for; symbolic
    links to folders are not followed (a link loop would never end).
    """
    for path in paths:
        if path.is_dir():
            for folder, subfolders, names in os.walk(path):
                subfolders.sort()
                for name in sorted(names):
                    yield Path(folder) / name
        else:
            yield path


def printable_name(path: Path) -> str | None:
    """The path as text, or None when its bytes are not UTF-8 (a Parquet string must be)."""
    try:
        os.fsencode(path).decode("utf-8")
    except UnicodeDecodeError:
        return None
    return str(path)


def read_input(path: Path, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; OSError with the reason otherwise.

    Opened non-blocking and checked after opening, so a FIFO or a device never blocks or
    streams forever, even if it replaced a regular file after the folder was listed.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as file:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _NotRegular(f"not a regular file ({_kind(mode)})")
        body = file.read(limit + 1)
    if len(body) > limit:
        raise _TooLarge(f"larger than {limit // (1024 * 1024)} MiB")
    return body


class _NotRegular(OSError):
    pass


class _TooLarge(OSError):
    pass


def _kind(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
             (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))
    return next((name for test, name in kinds if test(mode)), "not a file")


# The URL a saved page names for itself, in its head.
_OWN_URL = re.compile(
    rb"""<(?:link[^>]+rel=["']?canonical|meta[^>]+property=["']?og:url)[^>]+(?:href|content)=["']?https?://([^/"'\s>]+)""",
    re.IGNORECASE,
)


def site_of(path: Path, body: bytes) -> str:
    """The site a file belongs to, for its line index."""
    if path.suffix.lower() in HTML_SUFFIXES:
        found = _OWN_URL.search(body[:65536])
        if found:
            return found.group(1).decode("ascii", "replace").lower()
    return f"folder:{path.parent.resolve()}"


def _input_text(path: Path, body: bytes) -> str:
    if path.suffix.lower() in HTML_SUFFIXES:
        url = path.resolve().as_uri()
        return page_text(RawPage(url=url, final_url=url, status=200, headers={}, body=body))
    return decode_text_file(body).text


def page_lines(path: Path) -> tuple[str, str, frozenset[str]] | None:
    """(site, page key, line keys) of a file, or None when it is no input we clean."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES or printable_name(path) is None:
        return None
    try:
        body = read_input(path, MAX_BYTES[suffix])
        text = _input_text(path, body)
    except (OSError, NotText):
        return None
    return site_of(path, body), short_hash(text), page_line_keys(normalised(text))


def index_files(paths: list[Path]) -> list[tuple[str, str, frozenset[str]] | None]:
    """A chunk of files' lines for the line index: a worker's job."""
    return [page_lines(path) for path in paths]


def _identity(path: Path) -> tuple[str, str]:
    """(id, origin) of a file's reject: its name's id, else a hash of its name."""
    name = printable_name(path)
    if name is None:
        origin = os.fsencode(path).decode("utf-8", "backslashreplace")
        return short_hash(origin), origin
    return doc_id_from_name(path) or short_hash(name), name


def process_file(
    path: Path, counters: PipelineCounters | None = None, template_lines: frozenset[str] = frozenset()
) -> Outcome:
    fallback_id, origin = _identity(path)
    if printable_name(path) is None:
        return Reject(fallback_id, origin, "undecodable-name", "the file name is not valid UTF-8")
    doc_id = doc_id_from_name(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        expected = ", ".join(sorted(SUPPORTED_SUFFIXES))
        return Reject(fallback_id, origin, "unsupported-type", f"{suffix or 'no suffix'}: expected {expected}")
    try:
        body = read_input(path, MAX_BYTES[suffix])
    except _NotRegular as error:
        return Reject(fallback_id, origin, "not-a-file", str(error))
    except _TooLarge as error:
        return Reject(fallback_id, origin, "too-large", str(error))
    except OSError as error:
        return Reject(fallback_id, origin, "unreadable", error.strerror or str(error))
    if not body.strip():
        return Reject(fallback_id, origin, "empty-file")
    hints = Hints(template_lines=template_lines)
    if suffix in HTML_SUFFIXES:
        page = RawPage(url=path.resolve().as_uri(), final_url=path.resolve().as_uri(), status=200, headers={}, body=body)
        return process_page(page, hints, doc_id=doc_id, counters=counters)
    try:
        decoded = decode_text_file(body)
    except NotText as error:
        return Reject(fallback_id, origin, "not-text", str(error))
    source = Source(origin=origin, doc_id=doc_id, charset=decoded.charset)
    return process_text(decoded.text, source, hints, counters=counters)


def process_files(files: list[tuple[Path, frozenset[str]]]) -> list[tuple[Outcome, PipelineCounters]]:
    """A chunk of (file, its site's template lines): each one's outcome and what the
    cleaning steps did to it. A worker's job."""
    results = []
    for path, template in files:
        counters = PipelineCounters()
        results.append((process_file(path, counters, template), counters))
    return results


def _killed_every_worker(file: tuple[Path, frozenset[str]]) -> tuple[Outcome, PipelineCounters]:
    """What stands for a file whose processing killed every worker that took it."""
    doc_id, origin = _identity(file[0])
    return Reject(doc_id, origin, "worker-died", "the worker processes reading it died"), PipelineCounters()


Item = TypeVar("Item")


class _Workers:
    """The run's ``WorkerPool``, driven from this (synchronous) ingest: results in input
    order, each chunk submitted at once so that the workers are never idle.

    forkserver workers (``start_executor``): the parent runs a progress-bar thread, and a
    fork of a threaded process can inherit a held lock. Workers ignore Ctrl-C and SIGTERM
    (the parent stops after the batch on disk) and exit with the parent, however it ends.
    """

    def __init__(self, new_executor: Callable[[], Executor], own: bool):
        self._loop = asyncio.new_event_loop()
        self._pool = self._loop.run_until_complete(self._started(new_executor))
        self._own = own  # a Dask cluster's executor is the caller's to close
        self._tasks: list[asyncio.Task] = []

    @staticmethod
    async def _started(new_executor: Callable[[], Executor]) -> WorkerPool:
        return WorkerPool(new_executor, asyncio.to_thread)

    def map(self, function: Callable[[list[Item]], list[Any]], chunks: list[list[Item]],
            stand_in: Callable[[Item], Any]) -> Iterator[list[Any]]:
        """``function`` of each chunk; ``stand_in`` of a file that kills every worker."""
        tasks = [self._loop.create_task(self._run(function, chunk, stand_in)) for chunk in chunks]
        self._tasks += tasks
        for task in tasks:
            yield self._loop.run_until_complete(task)

    async def _run(self, function: Callable[[list[Item]], list[Any]], chunk: list[Item],
                   stand_in: Callable[[Item], Any]) -> list[Any]:
        try:
            return await self._pool.run(function, chunk)
        except WorkerDied:
            if len(chunk) == 1:
                return [stand_in(chunk[0])]
        # One file of the chunk kills its workers: the others must not share its fate.
        return [result for item in chunk for result in await self._run(function, [item], stand_in)]

    def close(self) -> None:
        """Drop what no worker has taken (a stop), wait for what they run, stop them."""
        for task in self._tasks:
            task.cancel()  # and with it its chunk, unless a worker has taken it
        self._loop.run_until_complete(asyncio.gather(*self._tasks, return_exceptions=True))
        if self._own:
            self._loop.run_until_complete(self._pool.shutdown())
        self._loop.run_until_complete(self._loop.shutdown_default_executor())
        self._loop.close()


@dataclass
class IngestSummary:
    read: int = 0
    kept: int = 0
    already_present: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    counters: PipelineCounters = field(default_factory=PipelineCounters)


def ingest(
    paths: Iterable[Path], dataset: Dataset, progress: Progress | None = None, batch_size: int = 500,
    workers: int | None = None, executor: Executor | None = None,
) -> IngestSummary:
    """Process every input file and append the outcomes to ``dataset``, batch by batch.

    On ``executor`` (a Dask cluster's, ``corpus.cluster``) when given, else on ``workers``
    processes (default: one per core; 1: in this process). Results come back in input
    order either way, so the rows are the same. Each batch is on disk before the next is
    written, so a stopped run keeps what it wrote and a re-run finds it already present.
    """
    summary = IngestSummary()
    files = list(iter_input_files(paths))
    task = progress.add_task("ingest", total=len(files)) if progress else None
    workers = workers or os.cpu_count() or 1
    chunks = [files[start : start + CHUNK_SIZE] for start in range(0, len(files), CHUNK_SIZE)]
    pool = None
    if executor is not None:
        pool = _Workers(lambda: executor, own=False)
    elif workers > 1 and len(chunks) > 1:
        pool = _Workers(partial(start_executor, workers, ["corpus.ingest", "corpus.preload"]), own=True)
    try:
        templates = _learn_templates(chunks, dataset, pool)
        work = [[(path, templates.get(path, frozenset())) for path in chunk] for chunk in chunks]
        results = pool.map(process_files, work, _killed_every_worker) if pool else map(process_files, work)
        outcomes: list[Outcome] = []
        for chunk_results in results:
            for outcome, counters in chunk_results:
                summary.counters.merge(counters)
                outcomes.append(outcome)
            if progress:
                progress.advance(task, len(chunk_results))
            if len(outcomes) >= batch_size:
                _write(dataset, outcomes, summary)
                outcomes = []
        _write(dataset, outcomes, summary)
    finally:
        if pool is not None:
            pool.close()
    return summary


def _learn_templates(chunks: list[list[Path]], dataset: Dataset, pool: _Workers | None) -> dict[Path, frozenset[str]]:
    """Count the inputs' lines into the dataset's line index; each file's site template.
    A file that kills every worker counts no lines (it is rejected when processed)."""
    update = IndexUpdate(dataset.path)
    site_by_path: dict[Path, str] = {}
    indexed = pool.map(index_files, chunks, lambda path: None) if pool else map(index_files, chunks)
    for chunk, lines in zip(chunks, indexed):
        for path, found in zip(chunk, lines):
            if found is not None:
                site, page, keys = found
                update.add_page(site, page, keys)
                site_by_path[path] = site
    index = update.save()
    templates = {site: index.template(site) for site in set(site_by_path.values())}
    return {path: templates[site] for path, site in site_by_path.items() if templates[site]}


def _write(dataset: Dataset, outcomes: list[Outcome], summary: IngestSummary) -> None:
    if not outcomes:
        return
    written = dataset.write([o for o in outcomes if isinstance(o, Document)],
                            [o for o in outcomes if isinstance(o, Reject)])
    summary.read += len(outcomes)
    summary.kept += written.written
    summary.already_present += written.already_present
    for reason, count in written.reject_reasons.items():
        summary.rejected[reason] = summary.rejected.get(reason, 0) + count
