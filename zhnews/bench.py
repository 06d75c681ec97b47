"""`make bench`: speed of the text path, the HTML path and each cleaning step, on one core.

Results are printed and written to docs/bench.md as a table. Nothing here asserts a
speed: benchmarks measure, tests check behaviour.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

import trafilatura

from cleaners.base import NO_HINTS, split_paragraphs
from cleaners.decode import decode_html
from cleaners.extract import extract
from cleaners.pipeline import FORMATTERS, clean_text
from zhnews.ingest import Source, process_page, process_text
from zhnews.records import RawPage

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds" / "documents"
BENCHMARKS = REPO.parent / "shared" / "benchmarks"
DOC_BYTES = 3000


def three_kb_documents(count: int) -> list[str]:
    """Seed text cut into ~3 KB documents (title kept first), repeated up to ``count``."""
    pieces: list[str] = []
    for path in sorted(SEEDS.glob("*.txt")):
        paragraphs = split_paragraphs(path.read_text(encoding="utf-8"))
        title, current = paragraphs[0], []
        for paragraph in paragraphs[1:]:
            current.append(paragraph)
            if len("\n\n".join([title, *current]).encode()) >= DOC_BYTES:
                pieces.append("\n\n".join([title, *current]))
                current = []
        if current:
            pieces.append("\n\n".join([title, *current]))
    return [pieces[i % len(pieces)] for i in range(count)]


def benchmark_pages() -> list[RawPage]:
    pages = []
    for html in sorted(BENCHMARKS.glob("*/html/*.html")):
        body = html.read_bytes()
        pages.append(RawPage(url=f"http://bench.invalid/{html.stem}", final_url=f"http://bench.invalid/{html.stem}",
                             status=200, headers={}, body=body))
    return pages


def seconds(run: Callable[[], object], repeat: int = 3) -> float:
    """Best of ``repeat`` wall-clock runs: the least disturbed by the rest of the machine."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def text_path(docs: Sequence[str]) -> list[tuple[str, str]]:
    elapsed = seconds(lambda: [process_text(d, Source(origin="bench")) for d in docs])
    return [("text path: clean + gates + language (3 KB docs)", f"{len(docs) / elapsed:,.0f} docs/s")]


def step_costs(docs: Sequence[str]) -> list[tuple[str, str]]:
    """Each formatter timed on exactly the inputs it sees inside the pipeline."""
    inputs: list[list[str]] = [list(docs)]
    for _, formatter in FORMATTERS:
        inputs.append([formatter(text, NO_HINTS).text for text in inputs[-1]])
    rows = []
    for (name, formatter), texts in zip(FORMATTERS, inputs):
        elapsed = seconds(lambda: [formatter(t, NO_HINTS) for t in texts])
        rows.append((f"  step {name}", f"{elapsed / len(texts) * 1e6:,.0f} µs/doc"))
    return rows


def html_path(pages: Sequence[RawPage]) -> list[tuple[str, str]]:
    htmls = [decode_html(p.body).text for p in pages]
    alone = seconds(lambda: [trafilatura.extract(h) for h in htmls])
    ours = seconds(lambda: [extract(h, p.final_url) for h, p in zip(htmls, pages)])
    extracted = [extract(h, p.final_url) for h, p in zip(htmls, pages)]
    texts = ["\n\n".join(filter(None, [e.title, e.text])) for e in extracted]
    cleaning = seconds(lambda: [clean_text(t) for t in texts])
    whole = seconds(lambda: [process_page(p) for p in pages])
    per_page = len(pages)
    return [
        ("HTML path: trafilatura.extract alone (default settings)", f"{alone / per_page * 1e3:.1f} ms/page"),
        ("HTML path: zhnews extract", f"{ours / per_page * 1e3:.1f} ms/page ({ours / alone - 1:+.0%} vs trafilatura)"),
        ("HTML path: cleaning after extraction", f"{cleaning / per_page * 1e3:.1f} ms/page ({cleaning / alone:.0%} of trafilatura)"),
        ("HTML path: whole page (decode, extract, clean, gates)", f"{per_page / whole:,.1f} pages/s"),
    ]


def render(rows: list[tuple[str, str]]) -> str:
    machine = f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, one core"
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d} with `make bench` on {machine}.",
        "",
        "| what | result |",
        "|---|---:|",
        *(f"| {what} | {result} |" for what, result in rows),
        "",
        f"Peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zhnews-bench", description=__doc__)
    parser.add_argument("--docs", type=int, default=500, help="number of 3 KB documents for the text path")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "bench.md")
    args = parser.parse_args(argv)
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # the targets are per core
    docs = three_kb_documents(args.docs)
    rows = text_path(docs) + step_costs(docs)
    pages = benchmark_pages()
    if pages:
        rows += html_path(pages)
    report = render(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
