"""The per-site line index: how many of a site's pages carry each normalised line.

It lives beside the dataset (``DATASET/line_index.json``) and grows with every run: a page
is counted once, by the hash of its text, however often it is ingested again. From the
counts, ``template`` names a site's template lines: those on at least ``min_pages`` pages
and on at least ``min_share`` of the site's pages. A line that two articles share because
both quote it is on two pages, below ``min_pages``; prose (a sentence of some length) must
in addition be on ``min_prose_share`` of the pages, which no quotation reaches.

Sites are keys the caller chooses: a host (``www.example.com``), or for files without a
URL the folder they came from (``folder:/data/pages``).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from cleaners.site_template import is_prose

FILE_NAME = "line_index.json"
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
        """Write atomically: a stopped run leaves the previous index, never half of one."""
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
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=0), encoding="utf-8")
        os.replace(temporary, path)
