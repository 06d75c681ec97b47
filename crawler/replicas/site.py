"""A replica site as its data folder describes it, read fresh from disk each time.

A site folder holds ``site.toml`` (URL shapes, lists, special pages, layout) and
``articles/*.txt``: each a TOML front matter between ``+++`` lines, then the body,
paragraphs separated by blank lines, pages of a multi-page article separated by a
``<!--nextpage-->`` line. An article may take its title and body from a seed document
(``[seed]`` table) so the seeds are served without being copied.
"""

from __future__ import annotations

import hashlib
import math
import posixpath
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

SEEDS_DIR = Path(__file__).resolve().parents[2] / "seeds" / "documents"
CHINA_TIME = timezone(timedelta(hours=8))
PAGE_BREAK = "<!--nextpage-->"
_FRONT_MATTER = re.compile(r"\A\+\+\+\n(.*?)\n\+\+\+\n", re.S)
_BLANK_LINES = re.compile(r"\n[ \t\u3000]*\n\s*")


@dataclass(frozen=True)
class Article:
    url: str  # root-relative path+query of the first page
    title: str
    published: datetime
    pages: tuple[tuple[str, ...], ...]  # paragraphs, page by page
    page_urls: tuple[str, ...]  # page_urls[0] == url
    fields: dict[str, Any]  # everything a layout format string may name
    layout: dict[str, Any]  # the site layout with the article's overrides applied
    html_title: str
    offtopic: bool
    listed: bool  # in lists, sitemap and feed; else reachable only from other articles
    attachments: tuple[dict[str, str], ...]  # {title, href} of files linked under the text
    delay: float
    validator: str  # changes whenever the article's source changes
    modified: float  # latest mtime of its source files, seconds since the epoch

    @property
    def teaser(self) -> str:
        return self.summary(60)

    def summary(self, length: int) -> str:
        first = self.pages[0][0] if self.pages[0] else ""
        return first[:length] + ("..." if len(first) > length else "")


@dataclass(frozen=True)
class ListPages:
    """One paginated list: ``url`` is page 1, ``page_url`` formats page ``n`` >= 2
    (``{n}``, or ``{n0}`` = n - 1 for sites that number their second page 1)."""

    url: str
    page_url: str
    title: str
    articles: tuple[Article, ...]
    per_page: int

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(len(self.articles) / self.per_page))

    def url_of(self, n: int) -> str:
        return self.url if n == 1 else self.page_url.format(n=n, n0=n - 1)

    def articles_on(self, n: int) -> tuple[Article, ...]:
        return self.articles[(n - 1) * self.per_page : n * self.per_page]


@dataclass(frozen=True)
class Site:
    name: str  # folder name = profile name
    config: dict[str, Any]  # site.toml as read
    articles: tuple[Article, ...]  # newest first
    lists: tuple[ListPages, ...]

    @property
    def layout(self) -> dict[str, Any]:
        return self.config.get("layout", {})

    @property
    def site_name(self) -> str:
        return self.config["site_name"]

    @property
    def listed(self) -> tuple[Article, ...]:
        """The articles lists, sitemap and feed show (newest first)."""
        return tuple(a for a in self.articles if a.listed)


def load_site(folder: Path) -> Site:
    config_text = (folder / "site.toml").read_text(encoding="utf-8")
    config = tomllib.loads(config_text)
    articles = sorted(
        (
            _cached_article(path, path.stat().st_mtime_ns, path.stat().st_size, config_text)
            for path in sorted((folder / "articles").glob("*.txt"))
        ),
        key=lambda a: (a.published, a.url),
        reverse=True,
    )
    lists = tuple(
        ListPages(
            url=spec["url"],
            page_url=spec["page_url"],
            title=spec["title"],
            articles=tuple(a for a in articles if a.listed and spec.get("section") in (None, a.fields["section"])),
            per_page=spec.get("per_page", 5),
        )
        for spec in config.get("list", [])
    )
    return Site(folder.name, config, tuple(articles), lists)


@lru_cache(maxsize=4096)
def _cached_article(path: Path, _mtime_ns: int, _size: int, config_text: str) -> Article:
    """An article file parsed once per version: the site is loaded on every request, and a
    grown site (`make bench` serves hundreds of articles) would spend each request parsing."""
    return _load_article(path, tomllib.loads(config_text))


def _load_article(path: Path, config: dict[str, Any]) -> Article:
    source = path.read_text(encoding="utf-8")
    match = _FRONT_MATTER.match(source)
    if not match:
        raise ValueError(f"{path}: no +++ front matter")
    meta = tomllib.loads(match.group(1))
    body = source[match.end() :]
    seed_bytes = b""
    modified = path.stat().st_mtime
    if "seed" in meta:
        seed_path = SEEDS_DIR / meta["seed"]["file"]
        seed_title, body, seed_bytes = _from_seed(seed_path, meta["seed"])
        meta.setdefault("title", seed_title)
        modified = max(modified, seed_path.stat().st_mtime)
    published = _as_datetime(meta["date"])
    fields = {
        "id": str(meta.get("id", path.stem)),
        "title": meta["title"],
        "site_name": config["site_name"],
        "section": meta.get("section", config.get("default_section", "")),
        "source": meta.get("source", config["site_name"]),
        "author": meta.get("author", ""),
        "date": published.strftime("%Y-%m-%d"),
        "time": published.strftime("%H:%M"),
        "yyyy": f"{published.year:04d}",
        "mm": f"{published.month:02d}",
        "dd": f"{published.day:02d}",
        "m": str(published.month),
        "d": str(published.day),
        "ymd": published.strftime("%Y%m%d"),
    }
    validator = hashlib.sha1(source.encode("utf-8") + seed_bytes).hexdigest()
    fields["views"] = str(30 + int(validator[:6], 16) % 900)
    url = meta.get("url") or config["article_url"].format(**fields)
    pages = tuple(_paragraphs(page) for page in body.split(PAGE_BREAK))
    layout = {**config.get("layout", {}), **meta.get("layout", {})}
    return Article(
        url=url,
        title=meta["title"],
        published=published,
        pages=pages,
        page_urls=(url,) + tuple(_continuation_url(config, url, fields, n) for n in range(2, len(pages) + 1)),
        fields=fields,
        layout=layout,
        html_title=meta.get("html_title") or layout.get("title_format", "{title}").format(**fields),
        offtopic=bool(meta.get("offtopic", False)),
        listed=bool(meta.get("listed", True)),
        attachments=tuple(meta.get("attachments", [])),
        delay=float(meta.get("delay", 0.0)),
        validator=validator,
        modified=modified,
    )


def _continuation_url(config: dict[str, Any], url: str, fields: dict[str, Any], n: int) -> str:
    stem, _ = posixpath.splitext(url)
    return config["continuation_url"].format(url=url, stem=stem, dir=posixpath.dirname(url), n=n, n0=n - 1, **fields)


def _from_seed(path: Path, spec: dict[str, Any]) -> tuple[str, str, bytes]:
    """Title and body taken from a seed document by paragraph numbers (``"3,5,10-13"``)."""
    raw = path.read_bytes()
    paragraphs = _paragraphs(raw.decode("utf-8"))
    chosen = [paragraphs[i] for i in _numbers(spec["body"])]
    return paragraphs[spec.get("title", 0)], "\n\n".join(chosen), raw


def _numbers(spec: str) -> list[int]:
    numbers: list[int] = []
    for part in spec.split(","):
        first, _, last = part.strip().partition("-")
        numbers.extend(range(int(first), int(last or first) + 1))
    return numbers


def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in _BLANK_LINES.split(text.strip()) if p.strip())


def _as_datetime(value: date | datetime | str) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if not isinstance(value, datetime):
        value = datetime.combine(value, time(8, 0))
    return value if value.tzinfo else value.replace(tzinfo=CHINA_TIME)
