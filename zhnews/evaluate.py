"""``zhnews eval``: score the HTML path of ingest against the benchmark pages' gold text.

Every page goes through what ``zhnews ingest`` does to a saved page (decode, extract,
clean); trafilatura (default settings), readability-lxml and resiliparse run on the same
decoded HTML beside it. Text is scored by F1 over character bigrams with whitespace
ignored, after folding both sides to the corpus form (Simplified script, half-width
ASCII), since the gold keeps the page's script and full-width forms.

Tuning happens on the ``dev`` split only; ``heldout`` is the figure that counts.
"""

from __future__ import annotations

import argparse
import html as html_lib
import json
import os
import random
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from cleaners.base import split_paragraphs
from cleaners.dates import date_part
from cleaners.decode import decode_html
from cleaners.script import to_simplified
from cleaners.width import fold_width

# Relative to the current folder (the repository, under `make eval`), so that an installed
# copy never reads or writes beside its own modules.
DEFAULT_BENCHMARKS = Path("..") / "shared" / "benchmarks"
SPLIT_FILE = Path(__file__).with_name("eval_split.json")
DEFAULT_OUT = Path("docs") / "eval.md"
SPLITS = ("all", "dev", "heldout")

SPLIT_SEED = 20261123
DEV_SHARE = 0.6

# Pages whose gold holds only the first post of a thread or archive (benchmarks README):
# every extractor loses precision there, so a second table leaves them out.
FIRST_POST_ONLY = ("a6e8b739", "8f1cdd94", "59562291", "386d70f8")

# What kind of source each page is, by its site (benchmarks README, the page's URL or
# masthead), for the per-type tables: the corpus wants government and newspaper pages most.
SOURCE_TYPES = {
    "government": ("500b350d", "d232c5df", "e8847578"),
    "newspaper": (
        "0ef8393b", "274a65d9", "36efbc69", "3e1af229", "91bdf33e", "9890f458", "a0cb0242", "aefcf136",
        "b26fbb82", "c4d032a1", "f51248cc", "f70d9c97", "gmw", "youth",
    ),
    "portal": (
        "0d931936", "2bac7fb2", "33a95b71", "3832838a", "47f387e6", "5acac71b", "6820ebe7", "7c6d2080",
        "8baa71e3", "8cb7b39d", "93498c29", "b4c2eccd", "bbdf5079", "c25d25c2", "c268c1b4", "c3a80850",
        "c3f7d079", "d8d4c4ec", "e3f3b532", "ebe9df29", "ecbe8d49", "qq",
    ),
    "forum/blog": (
        "064b591b", "35687fb1", "386d70f8", "54e89e4e", "59562291", "658d9f03", "6dc2d508", "77fa9435",
        "8f1cdd94", "9b1e5dcb", "a6e8b739", "ab65832c", "b828b656", "c2d9f85c", "c38e2b2d", "d519ec93",
        "e4232eb3", "pixnet",
    ),
}
OTHER_SOURCE = "other"  # NGO, university, magazine-archive, reference and academic pages

# Separators between a headline and the site name in a page <title>.
_TITLE_SEPARATOR = re.compile(r"\s*(?:_|-|\||—|–|::|>>|»)+\s*")
_WHITESPACE = re.compile(r"\s+")


# --- the benchmark pages -----------------------------------------------------------------


@dataclass(frozen=True)
class BenchPage:
    id: str
    dataset: str
    subset: str
    html: bytes
    gold: str
    url: str | None
    gold_title: str | None
    gold_date: str | None  # the date part as precise as the gold gives it: YYYY, YYYY-MM or YYYY-MM-DD
    gold_author: str | None

    @property
    def first_post_only(self) -> bool:
        return self.id.startswith(FIRST_POST_ONLY)

    @property
    def source_type(self) -> str:
        return next((kind for kind, ids in SOURCE_TYPES.items() if self.id.startswith(ids)), OTHER_SOURCE)


def _gold_date(raw: str | None) -> str | None:
    """The gold date's date part; the gold sometimes has only a year or a month."""
    match = re.match(r"((?:19|20)\d\d)(?:-(\d{1,2}))?(?:-(\d{1,2}))?", raw or "")
    if not match:
        return None
    year, month, day = match.groups()
    return "-".join([year] + [f"{int(part):02d}" for part in (month, day) if part])


def _gold_author(raw: str | None) -> str | None:
    return None if not raw or raw == "UNKNOWN" else raw


def load_pages(benchmarks_dir: Path) -> list[BenchPage]:
    """Every page of every dataset under ``benchmarks_dir`` (folders with a meta.jsonl)."""
    pages = []
    for meta_file in sorted(benchmarks_dir.glob("*/meta.jsonl")):
        dataset_dir = meta_file.parent
        for line in meta_file.read_text(encoding="utf-8").splitlines():
            meta = json.loads(line)
            readability = meta.get("readability_metadata") or {}
            title = readability.get("title") or meta.get("cleaneval_title")
            pages.append(
                BenchPage(
                    id=meta["id"],
                    dataset=dataset_dir.name,
                    subset=meta.get("subset", dataset_dir.name),
                    html=(dataset_dir / "html" / f"{meta['id']}.html").read_bytes(),
                    gold=(dataset_dir / "gold" / f"{meta['id']}.txt").read_text(encoding="utf-8"),
                    url=meta.get("url"),
                    gold_title=html_lib.unescape(title) if title else None,
                    gold_date=_gold_date(meta.get("gold_date")),
                    gold_author=_gold_author(meta.get("gold_author") or readability.get("byline")),
                )
            )
    return pages


# --- the split -------------------------------------------------------------------------


def make_split(
    pages: Iterable[BenchPage], seed: int = SPLIT_SEED, dev_share: float = DEV_SHARE, moved_to_dev: dict | None = None
) -> dict:
    """A seeded dev/held-out split of page ids, stratified by subset.

    ``moved_to_dev`` maps held-out ids to why they were moved: a held-out page that was
    looked at closely (debugged, tested) no longer measures anything honestly.
    """
    by_subset: dict[str, list[str]] = {}
    for page in pages:
        by_subset.setdefault(page.subset, []).append(page.id)
    rng = random.Random(seed)
    dev: list[str] = []
    heldout: list[str] = []
    for subset in sorted(by_subset):
        ids = sorted(by_subset[subset])
        rng.shuffle(ids)
        cut = round(len(ids) * dev_share)
        dev += ids[:cut]
        heldout += ids[cut:]
    moved = moved_to_dev or {}
    heldout = [page_id for page_id in heldout if page_id not in moved]
    dev += [page_id for page_id in moved if page_id not in dev]
    split = {"seed": seed, "dev_share": dev_share, "dev": sorted(dev), "heldout": sorted(heldout)}
    if moved:
        split["moved_to_dev"] = dict(moved)
    return split


def load_split(path: Path = SPLIT_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def select(pages: list[BenchPage], split: str, split_ids: dict | None = None) -> list[BenchPage]:
    if split == "all":
        return pages
    wanted = set((split_ids or load_split())[split])
    return [page for page in pages if page.id in wanted]


# --- scoring ---------------------------------------------------------------------------


def normalise(text: str) -> str:
    """The form both sides are compared in: Simplified, half-width, no whitespace."""
    return _WHITESPACE.sub("", fold_width(to_simplified(text).text).text)


def _bigrams(text: str) -> Counter[str]:
    return Counter(text[i : i + 2] for i in range(len(text) - 1))


@dataclass(frozen=True)
class TextScore:
    precision: float
    recall: float
    f1: float


def bigram_f1(predicted: str, gold: str) -> TextScore:
    """Precision, recall and F1 of the character bigrams of ``predicted`` against ``gold``."""
    got, want = _bigrams(normalise(predicted)), _bigrams(normalise(gold))
    if not got or not want:
        return TextScore(0.0, 0.0, 0.0)
    overlap = sum((got & want).values())
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return TextScore(precision, recall, f1)


def title_matches(predicted: str | None, gold: str) -> bool:
    """Our headline equals the gold title, or the part of it left when a site's name is cut off.

    Both gold titles are a page ``<title>`` (readability-zh metadata, CleanEval header),
    which usually ends in ``_频道_网站`` and on some sites begins with ``网站 »``; a headline
    without the site's name is right. A name labels its headline and is shorter than it, so
    a cut at a separator counts only where the part kept is the longer side: the site's
    name alone never matches.
    """
    if not predicted:
        return False
    ours, theirs = normalise(predicted), normalise(gold)
    if ours == theirs:
        return True
    return any(normalise(part) == ours for part in _title_parts(gold))


def _title_parts(title: str) -> list[str]:
    """``a_b_c`` → ``a``, ``a_b``, ``b_c``, ``c``: the longer side of each cut at a separator."""
    parts = []
    for separator in _TITLE_SEPARATOR.finditer(title):
        head, tail = title[: separator.start()], title[separator.end():]
        parts.append(head if len(normalise(head)) >= len(normalise(tail)) else tail)
    return parts


def date_matches(predicted: str | None, gold: str) -> bool:
    """The date part agrees to the precision the gold gives (year, month or day)."""
    ours = date_part(predicted)
    return bool(ours) and ours.startswith(gold)


def author_matches(predicted: str | None, gold: str) -> bool:
    """Every gold name (separated by spaces or 、) appears in our author field."""
    if not predicted:
        return False
    ours = normalise(predicted)
    return all(normalise(name) in ours for name in re.split(r"[\s、]+", gold.strip()))


# --- the extractors --------------------------------------------------------------------
# Imported when they run: readability-lxml and resiliparse are dev dependencies, and the
# CLI should not load every extractor to print its help.


@dataclass(frozen=True)
class Output:
    text: str = ""
    title: str | None = None
    published: str | None = None
    author: str | None = None
    site: str | None = None
    site_name: str | None = None


@dataclass(frozen=True)
class Extractor:
    name: str
    run: Callable[[str, BenchPage], Output]  # (decoded html, page) -> Output
    has_metadata: bool = True
    has_site: bool = False  # gives a registered domain
    has_site_name: bool = False


def _page_url(page: BenchPage) -> str:
    return page.url or f"benchmarks/{page.dataset}/html/{page.id}.html"


def _zhnews_pipeline(html: str, page: BenchPage) -> Output:
    from corpus.documents import process_page
    from corpus.records import Document, RawPage

    url = _page_url(page)
    outcome = process_page(RawPage(url=url, final_url=url, status=200, headers={}, body=page.html))
    if not isinstance(outcome, Document):
        return Output()
    body = split_paragraphs(outcome.text)[1:]  # the first paragraph is the title
    # a Document has no site name yet (see cleaners.extract.Extracted.site_name)
    return Output("\n".join(body), outcome.title, outcome.published, outcome.author, outcome.site)


def _zhnews_extract(html: str, page: BenchPage) -> Output:
    from cleaners.extract import extract

    extracted = extract(html, _page_url(page))
    return Output(
        extracted.text, extracted.title, extracted.published, extracted.author, extracted.site, extracted.site_name
    )


def _trafilatura(html: str, page: BenchPage) -> Output:
    import trafilatura

    document = trafilatura.bare_extraction(html, url=_page_url(page), with_metadata=True)
    if document is None:
        return Output()
    return Output(document.text or "", document.title, document.date, document.author, site_name=document.sitename)


def _readability(html: str, page: BenchPage) -> Output:
    import lxml.html
    from readability import Document as ReadabilityDocument

    document = ReadabilityDocument(html)
    summary = lxml.html.fromstring(document.summary())
    lines = (line.strip() for line in summary.itertext())
    return Output("\n".join(line for line in lines if line), document.short_title())


def _resiliparse(html: str, page: BenchPage) -> Output:
    from resiliparse.extract.html2text import extract_plain_text

    return Output(extract_plain_text(html, main_content=True))


EXTRACTORS = (
    Extractor("zhnews (ingest)", _zhnews_pipeline, has_site=True),
    Extractor("zhnews extract()", _zhnews_extract, has_site=True, has_site_name=True),
    Extractor("trafilatura", _trafilatura, has_site_name=True),
    Extractor("readability-lxml", _readability),
    Extractor("resiliparse", _resiliparse, has_metadata=False),
)


# --- running and reporting ----------------------------------------------------------------


@dataclass
class PageResult:
    page: BenchPage
    output: Output
    score: TextScore
    seconds: float


@dataclass
class Summary:
    pages: int = 0
    precision: float = 0.0
    recall: float = 0.0
    f1: float = 0.0
    empty: float = 0.0
    title: tuple[int, int] = (0, 0)  # (matched, pages with a gold title)
    date: tuple[int, int] = (0, 0)
    author: tuple[int, int] = (0, 0)
    site: tuple[int, int] = (0, 0)  # (pages with a site, pages)
    site_name: tuple[int, int] = (0, 0)
    ms_per_page: float = 0.0


def _share(checks: list[bool]) -> tuple[int, int]:
    return sum(checks), len(checks)


def summarise(results: list[PageResult]) -> Summary:
    if not results:
        return Summary()
    n = len(results)
    return Summary(
        pages=n,
        precision=sum(r.score.precision for r in results) / n,
        recall=sum(r.score.recall for r in results) / n,
        f1=sum(r.score.f1 for r in results) / n,
        empty=sum(not r.output.text.strip() for r in results) / n,
        title=_share([title_matches(r.output.title, r.page.gold_title) for r in results if r.page.gold_title]),
        date=_share([date_matches(r.output.published, r.page.gold_date) for r in results if r.page.gold_date]),
        author=_share(
            [author_matches(r.output.author, r.page.gold_author) for r in results if r.page.gold_author]
        ),
        site=_share([bool(r.output.site) for r in results]),
        site_name=_share([bool(r.output.site_name) for r in results]),
        ms_per_page=1000 * sum(r.seconds for r in results) / n,
    )


def run_extractor(extractor: Extractor, pages: list[BenchPage], decoded: dict[str, str], advance=None) -> list[PageResult]:
    if pages:  # a first, untimed run pays for imports and caches
        extractor.run(decoded[pages[0].id], pages[0])
    results = []
    for page in pages:
        started = time.perf_counter()
        output = extractor.run(decoded[page.id], page)
        seconds = time.perf_counter() - started
        results.append(PageResult(page, output, bigram_f1(output.text, page.gold), seconds))
        if advance:
            advance()
    return results


def _ratio(pair: tuple[int, int], applies: bool) -> str:
    matched, total = pair
    if not applies:
        return "–"
    return f"{matched / total:.2f} ({matched}/{total})" if total else "–"


_HEADER = (
    "| extractor | pages | F1 | precision | recall | empty | title | date | author | site | site name | ms/page |\n"
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)


def _row(extractor: Extractor, summary: Summary) -> str:
    return (
        f"| {extractor.name} | {summary.pages} | **{summary.f1:.3f}** | {summary.precision:.3f} "
        f"| {summary.recall:.3f} | {summary.empty:.2f} | {_ratio(summary.title, extractor.has_metadata)} "
        f"| {_ratio(summary.date, extractor.has_metadata)} | {_ratio(summary.author, extractor.has_metadata)} "
        f"| {_ratio(summary.site, extractor.has_site)} | {_ratio(summary.site_name, extractor.has_site_name)} "
        f"| {summary.ms_per_page:.1f} |"
    )


def _table(results: dict[str, list[PageResult]], keep: Callable[[BenchPage], bool]) -> str:
    lines = [_HEADER]
    for extractor in EXTRACTORS:
        if extractor.name in results:
            chosen = [r for r in results[extractor.name] if keep(r.page)]
            lines.append(_row(extractor, summarise(chosen)))
    return "\n".join(lines)


def _unmatched_lines(text: str, reference: str, limit: int = 3) -> list[str]:
    """The longest lines of ``text`` whose bigrams are mostly missing from ``reference``."""
    reference_bigrams = _bigrams(normalise(reference))
    found = []
    for line in text.splitlines():
        bigrams = _bigrams(normalise(line))
        if len(bigrams) >= 4 and sum(1 for b in bigrams if b in reference_bigrams) < len(bigrams) / 2:
            found.append(line.strip())
    found.sort(key=len, reverse=True)
    return [line if len(line) <= 60 else line[:60] + "…" for line in found[:limit]]


def _worst(results: list[PageResult], count: int = 10) -> str:
    lines = ["| page | subset | F1 | P | R | leaked (extra lines) | lost (gold lines) |", "|---|---|---:|---:|---:|---|---|"]
    for result in sorted(results, key=lambda r: r.score.f1)[:count]:
        leaked = " / ".join(_unmatched_lines(result.output.text, result.page.gold)).replace("|", "\\|")
        lost = " / ".join(_unmatched_lines(result.page.gold, result.output.text)).replace("|", "\\|")
        marker = " †" if result.page.first_post_only else ""
        lines.append(
            f"| `{result.page.id[:8]}`{marker} | {result.page.subset} | {result.score.f1:.2f} "
            f"| {result.score.precision:.2f} | {result.score.recall:.2f} | {leaked or '–'} | {lost or '–'} |"
        )
    return "\n".join(lines)


def _moved_note(split_ids: dict) -> list[str]:
    moved = split_ids.get("moved_to_dev") or {}
    if not moved:
        return []
    reasons = "; ".join(f"`{page_id[:8]}`: {why}" for page_id, why in moved.items())
    return [f"- Moved from held-out to dev after being looked at closely ({len(moved)}): {reasons}."]


def render(results: dict[str, list[PageResult]], split: str, split_ids: dict) -> str:
    main = EXTRACTORS[0].name if EXTRACTORS[0].name in results else next(iter(results))
    pages = [r.page for r in results[main]]
    subsets = sorted({p.subset for p in pages})
    dev, heldout = set(split_ids["dev"]), set(split_ids["heldout"])
    sections = [
        "# Extraction quality on the benchmark pages",
        "",
        "Generated by `zhnews eval` (`zhnews/evaluate.py`); do not edit by hand.",
        "",
        "- **F1**: mean over pages of F1 on character bigrams, whitespace ignored, both sides "
        "folded to Simplified script and half-width ASCII. **empty**: share of pages with no output "
        "(a reject counts as empty).",
        "- **zhnews (ingest)** is the HTML path of `zhnews ingest` (decode → extract → cleaners); "
        "its first paragraph (the title) is dropped before scoring, as the gold has no headline. "
        "**zhnews extract()** is `cleaners.extract.extract` alone. The others run with default "
        "settings on the same decoded HTML; trafilatura as `bare_extraction(with_metadata=True)`, "
        "so its ms/page includes metadata, as ours does. Timings are one run on a shared machine.",
        "- **title**: our headline equals the gold title or the part of it left when the site's "
        "name is cut off at a separator (`_`, `-`, `|`, `»`…), before or after the headline; a cut "
        "counts only where the part kept is the longer side, so a site's name alone never matches "
        "(until 2026-11-28 only suffixes were cut, and `多维博客` counted as the headline of "
        "`多维博客 » 播客热潮迅速蔓延…`). The gold titles are page `<title>`s: readability-zh's metadata title and "
        "CleanEval's `title` attribute, some of which are no headline at all (`显示`, `1`).",
        "- **date**: the date part agrees to the precision the gold gives (some gold dates are a "
        "year or a month). **author**: every gold name appears in our author field. "
        "Pages with an `UNKNOWN` gold are not counted. resiliparse gives no metadata (–).",
        "- **site**: share of pages given a site (registered domain); **site name**: share given a "
        "name the site calls itself (trafilatura's `sitename` counts as given even where it is a "
        "copyright line). Pages saved without their URL must find it in the page.",
        "- **source types** (government, newspaper, portal, forum/blog, other) are set per page in "
        "`SOURCE_TYPES` of `zhnews/evaluate.py`.",
        f"- Split: seeded ({split_ids['seed']}), {len(dev)} dev / {len(heldout)} held-out pages, "
        "stratified by subset (`zhnews/eval_split.json`). Tuning used dev only; **held-out is the "
        "figure that counts**.",
        *_moved_note(split_ids),
        "- The `<meta>` and JSON-LD tag names of every modern page, held-out ones included, were "
        "listed once (not their text) to choose the date, site and title tags that "
        "`cleaners/published.py`, `cleaners/site.py` and `cleaners/extract.py` read.",
        "",
    ]
    groups = {
        "all": [("all pages", lambda p: True), ("dev", lambda p: p.id in dev), ("held-out", lambda p: p.id in heldout)],
        "dev": [("dev", lambda p: True)],
        "heldout": [("held-out", lambda p: True)],
    }[split]
    for label, keep in groups:
        sections += [f"## {label}", "", _table(results, keep), ""]
        for subset in subsets:
            sections += [
                f"### {label} — {subset}",
                "",
                _table(results, lambda p, keep=keep, subset=subset: keep(p) and p.subset == subset),
                "",
            ]
    label, keep = groups[0]
    sections += [f"## {label}, by source type", ""]
    for kind in (*SOURCE_TYPES, OTHER_SOURCE):
        of_kind = lambda p, keep=keep, kind=kind: keep(p) and p.source_type == kind
        if any(of_kind(r.page) for r in results[main]):
            sections += [f"### {label} — {kind}", "", _table(results, of_kind), ""]
    sections += [
        "## without the first-post-only pages",
        "",
        "The gold of " + ", ".join(f"`{p}`" for p in FIRST_POST_ONLY) + " holds only the first post "
        "of a forum thread or blog archive while the page holds many (benchmarks README).",
        "",
    ]
    for label, keep in groups:
        sections += [
            f"### {label} without the first-post-only pages",
            "",
            _table(results, lambda p, keep=keep: keep(p) and not p.first_post_only),
            "",
        ]
    sections += [
        f"## worst 10 pages of {main}",
        "",
        "† first-post-only gold.",
        "",
        _worst(results[main]),
        "",
    ]
    return "\n".join(sections)


def benchmarks_dir_default() -> Path:
    return Path(os.environ.get("ZHNEWS_BENCHMARKS") or DEFAULT_BENCHMARKS)


def run_eval(
    benchmarks_dir: Path | None = None,
    split: str = "all",
    out: Path | None = DEFAULT_OUT,
    extractors: Iterable[Extractor] = EXTRACTORS,
    progress=None,
) -> str:
    """Score every extractor on the ``split`` pages; write and return the Markdown report."""
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, not {split!r}")
    split_ids = load_split()
    pages = select(load_pages(benchmarks_dir or benchmarks_dir_default()), split, split_ids)
    decoded = {page.id: decode_html(page.html).text for page in pages}
    extractors = list(extractors)
    task = progress.add_task("eval", total=len(pages) * len(extractors)) if progress else None
    results = {}
    for extractor in extractors:
        if progress:
            progress.update(task, description=f"eval: {extractor.name}")
        advance = (lambda: progress.advance(task)) if progress else None
        results[extractor.name] = run_extractor(extractor, pages, decoded, advance)
    markdown = render(results, split, split_ids)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(markdown, encoding="utf-8")
    return markdown


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``zhnews eval``; the CLI calls ``main_from_args`` with the result."""
    parser.add_argument(
        "--benchmarks", type=Path, default=None, metavar="DIR",
        help="benchmarks folder (default: $ZHNEWS_BENCHMARKS or ../shared/benchmarks)",
    )
    parser.add_argument("--split", choices=SPLITS, default="all", help="pages to score (default: all)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="FILE", help="Markdown report (default: docs/eval.md)")


def _overall_section(markdown: str) -> str:
    """The report's first table (all pages of the split), for the terminal."""
    start = markdown.index("\n## ")
    end = markdown.find("\n### ", start)
    return markdown[start:end if end >= 0 else None]


def main_from_args(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.markdown import Markdown
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    benchmarks = args.benchmarks or benchmarks_dir_default()
    console = Console(stderr=True)
    if not benchmarks.is_dir():
        console.print(f"[red]error:[/] no benchmarks folder at {benchmarks} (set --benchmarks or ZHNEWS_BENCHMARKS)")
        return 2
    # A slow refresh: the bar's thread would otherwise show in the ms/page column.
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=console, refresh_per_second=2
    ) as progress:
        markdown = run_eval(benchmarks, args.split, args.out, progress=progress)
    console.print(Markdown(_overall_section(markdown)))
    if args.out:
        console.print(f"written to {args.out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zhnews eval", description="Score extraction against the benchmark gold.")
    add_arguments(parser)
    return main_from_args(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
