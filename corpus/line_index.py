"""The per-site line index: how many of a site's pages carry each normalised line.

It lives beside the dataset (``DATASET/line_index.json``) and grows with every run: a page
is counted once, however often it comes again. From the counts, ``template`` names a
site's template lines: those on at least ``min_pages`` pages and on at least ``min_share``
of the site's pages. A line that two articles share because both quote it is on two
pages, below ``min_pages``; prose (a sentence of some length) must in addition be on
``min_prose_share`` of the pages, which no quotation reaches.

Sites are keys the caller chooses: a host (``www.example.com``; ``site_key``), or for files
without a URL the folder they came from (``folder:/data/pages``). Pages are keys too: an
ingested file is known by the hash of its text; a crawled page by its article's URL and its
place in the article (``article_lines``), so that a page fetched again after it changed (an
edit, a view counter) is not counted twice, however often it is crawled or replayed.

A run uses the index through ``IndexUpdate``: templates as the index stood when the run
began, and the run's own pages, added to the saved index when it ends.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator
from urllib.parse import urlsplit

from cleaners.base import Hints
from cleaners.pipeline import normalised
from cleaners.site_template import is_prose, page_line_keys
from corpus.documents import ExtractedPage
from corpus.ids import short_hash
from corpus.records import RawPage

FILE_NAME = "line_index.json"
# (page key, line keys) of each page of an article (``article_lines``).
PageLines = tuple[tuple[str, frozenset[str]], ...]
# Held while a run reads the saved index again and adds its pages (IndexUpdate.save).
LOCK_NAME = "line_index.lock"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class TemplateThresholds:
    min_pages: int = 3
    min_share: float = 0.3
    min_prose_share: float = 0.8


@dataclass
class SiteLines:
    pages: set[str] = field(default_factory=set)
    lines: Counter[str] = field(default_factory=Counter)


@dataclass
class LineIndex:
    sites: dict[str, SiteLines] = field(default_factory=dict)

    def add_page(self, site: str, page: str, line_keys: Iterable[str]) -> bool:
        """Count a page's distinct lines under ``site``; False if the page was counted before."""
        entry = self.sites.setdefault(site, SiteLines())
        if page in entry.pages:
            return False
        entry.pages.add(page)
        entry.lines.update(set(line_keys))
        return True

    def counted(self, site: str, page: str) -> bool:
        entry = self.sites.get(site)
        return entry is not None and page in entry.pages

    def merge(self, other: LineIndex) -> None:
        """Add ``other``'s pages, none of which this index has counted (``IndexUpdate`` sees to that)."""
        for site, entry in other.sites.items():
            mine = self.sites.setdefault(site, SiteLines())
            mine.pages |= entry.pages
            mine.lines.update(entry.lines)

    def template(self, site: str, thresholds: TemplateThresholds = TemplateThresholds()) -> frozenset[str]:
        """The keys of the lines that are ``site``'s template."""
        entry = self.sites.get(site)
        if entry is None:
            return frozenset()
        pages = len(entry.pages)
        floor = max(thresholds.min_pages, thresholds.min_share * pages)
        prose_floor = max(floor, thresholds.min_prose_share * pages)
        return frozenset(
            key for key, count in entry.lines.items()
            if count >= floor and (count >= prose_floor or not is_prose(key))
        )

    # -- on disk -------------------------------------------------------------------------

    @classmethod
    def load(cls, dataset: Path) -> LineIndex:
        path = dataset / FILE_NAME
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"{path}: line index version {data.get('version')!r}, expected {FORMAT_VERSION}")
        return cls({
            site: SiteLines(set(entry["pages"]), Counter(entry["lines"])) for site, entry in data["sites"].items()
        })

    def save(self, dataset: Path) -> None:
        """Write atomically: a run stopped or killed meanwhile leaves the previous index,
        never half of one (the new one is written and flushed to disk under another name,
        then renamed over it). One writer at a time: ``IndexUpdate.save`` holds the lock."""
        dataset.mkdir(parents=True, exist_ok=True)
        data = {
            "version": FORMAT_VERSION,
            "sites": {
                site: {"pages": sorted(entry.pages), "lines": dict(sorted(entry.lines.items()))}
                for site, entry in sorted(self.sites.items())
            },
        }
        path = dataset / FILE_NAME
        temporary = path.with_suffix(".json.tmp")
        with open(temporary, "w", encoding="utf-8") as file:
            json.dump(data, file, ensure_ascii=False, indent=0)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)


@contextmanager
def _locked(dataset: Path) -> Iterator[None]:
    # flock: the kernel lets go when the holder dies, so a killed run never leaves it held.
    dataset.mkdir(parents=True, exist_ok=True)
    with open(dataset / LOCK_NAME, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


class IndexUpdate:
    """One run's use of the line index of ``dataset``: templates as the index stood when
    the run began (``template``), and the pages the run reads (``add_page``), counted apart
    and added to the saved index by ``save``.

    Several runs may add to one index at once (the crawlers of one shared frontier, a
    crawl ending while an ingest starts): ``save`` reads the saved index again under a lock
    and adds this run's pages to it, so the runs' counts add up instead of the last one's
    winning. A page two such runs both counted would count twice; a shared frontier gives
    each article to one crawler, and every other writer holds the dataset alone.
    """

    def __init__(self, dataset: Path | str):
        self.dataset = Path(dataset)
        self.known = LineIndex.load(self.dataset)
        self.new = LineIndex()
        self._templates: dict[str, frozenset[str]] = {}

    def template(self, site: str) -> frozenset[str]:
        """``site``'s template lines as the index stood when the run began."""
        if site not in self._templates:
            self._templates[site] = self.known.template(site)
        return self._templates[site]

    def add_page(self, site: str, page: str, line_keys: Iterable[str]) -> bool:
        """Count a page for the saved index; False if it is counted already."""
        return not self.known.counted(site, page) and self.new.add_page(site, page, line_keys)

    @property
    def pages_added(self) -> int:
        return sum(len(entry.pages) for entry in self.new.sites.values())

    def save(self) -> LineIndex:
        """Add this run's pages to the saved index; the index as saved."""
        with _locked(self.dataset):
            index = LineIndex.load(self.dataset)
            index.merge(self.new)
            index.save(self.dataset)
        return index


def site_key(url: str) -> str:
    """The site of a crawled page: the host of its article's URL on the real site, as an
    ingested page's site is the host of the URL it names."""
    return urlsplit(url).netloc.lower()


def article_lines(
    pages: Iterable[RawPage], extracted: Iterable[ExtractedPage], url: str, hints: Hints
) -> PageLines:
    """(page key, line keys) of each page of the crawled article at ``url`` that has text:
    what its site's index learns from it. Error pages teach nothing of the site's template.
    ``extracted``: ``corpus.documents.extract_page`` of each page."""
    found = []
    for number, (page, extracted_page) in enumerate(zip(pages, extracted), 1):
        if page.status >= 400:
            continue
        text = extracted_page.text
        if text.strip():
            found.append((short_hash(f"{url}#{number}"), page_line_keys(normalised(text, hints))))
    return tuple(found)
