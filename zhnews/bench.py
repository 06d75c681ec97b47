"""`make bench`: speed of the text path, the HTML path and each cleaning step, on one core.

Results are printed and written to docs/bench.md as a table. Nothing here asserts a
speed: benchmarks measure, tests check behaviour.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Sequence

import trafilatura

from cleaners.base import NO_HINTS, split_paragraphs
from cleaners.decode import decode_html
from cleaners.extract import extract
from cleaners.gates import first_failure
from cleaners.lang import detect_language
from cleaners.pipeline import FORMATTERS, clean_text
from corpus.documents import Source, process_page, process_text
from seeds import DOCUMENTS_DIR
from corpus.records import RawPage

REPO = Path(__file__).resolve().parents[1]
BENCHMARKS = REPO.parent / "shared" / "benchmarks"
DOC_BYTES = 3000


def three_kb_documents(count: int) -> list[str]:
    """Seed text cut into ~3 KB documents (title kept first), repeated up to ``count``."""
    pieces: list[str] = []
    for path in sorted(DOCUMENTS_DIR.glob("*.txt")):
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
    cleaned = inputs[-1]
    for label, measure in (("  quality gates", first_failure), ("  language tag (langdetect)", detect_language)):
        elapsed = seconds(lambda: [measure(t) for t in cleaned])
        rows.append((label, f"{elapsed / len(cleaned) * 1e6:,.0f} µs/doc"))
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


CRAWL_COPIES = 3  # each benchmark page served under this many URLs
CRAWL_PROFILE = """
name = "bench"
domains = ["bench.example.cn"]
start_urls = ["http://bench.example.cn/list.html"]
article_patterns = ['^/a/\\d+\\.html$']
list_patterns = ['^/list\\.html$']
similarity_threshold = 0.0
"""
# Runs in a child process: Scrapy's reactor starts once per process.
CRAWL_CHILD = """
import json, resource, sys, time
from pathlib import Path
from crawler.profiles import load_profile
from crawler.runner import run_crawl
if __name__ == "__main__":
    profiles, origin, dataset, settings = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
    start = time.perf_counter()
    summary = run_crawl([load_profile("bench", Path(profiles))], dataset, origin=origin, settings_overrides=settings)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)  # the reactor's process, workers not included
    busy = (usage.ru_utime + usage.ru_stime) / seconds
    print(json.dumps({"seconds": seconds, "pages": summary.sites[0].pages, "reactor_busy": busy}))
"""


def site_of_real_pages(root: Path) -> Path:
    """A static site: one list page linking to every benchmark page, each under several URLs."""
    pages = sorted(BENCHMARKS.glob("*/html/*.html")) * CRAWL_COPIES
    (root / "a").mkdir(parents=True)
    for number, page in enumerate(pages):
        shutil.copyfile(page, root / "a" / f"{number}.html")
    links = "".join(f'<li><a href="/a/{n}.html">{n}</a></li>' for n in range(len(pages)))
    (root / "list.html").write_text(f"<html><body><ul>{links}</ul></body></html>", encoding="utf-8")
    return root


def crawl_throughput() -> list[tuple[str, str]]:
    """Crawl speed with extraction in the reactor thread, and in one or two worker processes.

    The site is the benchmark's real pages (their extraction cost is a real page's),
    served by a static file server in its own process. Runs on all cores, unlike the
    rest: the point is what the worker pool gains.
    """
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        site = site_of_real_pages(Path(tmp) / "site")
        profiles = Path(tmp) / "profiles"
        profiles.mkdir()
        (profiles / "bench.toml").write_text(CRAWL_PROFILE, encoding="utf-8")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            time.sleep(1.0)  # the server binds its port
            baseline = None
            for label, settings in (
                ("in the reactor thread", {"ZHNEWS_INLINE_PROCESSING": True}),
                ("in 1 worker process", {"ZHNEWS_WORKERS": 1}),
                ("in 2 worker processes", {"ZHNEWS_WORKERS": 2}),
            ):
                settings |= {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": False,
                             "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "LOG_LEVEL": "WARNING"}
                dataset = Path(tmp) / label.replace(" ", "-")
                child = subprocess.run(
                    [sys.executable, "-c", CRAWL_CHILD, str(profiles), f"http://127.0.0.1:{port}", str(dataset),
                     json.dumps(settings)],
                    capture_output=True, text=True, check=True, cwd=REPO,
                )
                result = json.loads(child.stdout.strip().splitlines()[-1])
                rate = result["pages"] / result["seconds"]
                baseline = baseline or rate
                rows.append((f"crawl of {result['pages']} real pages, processing {label}",
                             f"{rate:.1f} pages/s ({rate / baseline:.2f}×), crawl process busy "
                             f"{result['reactor_busy']:.0%}"))
        finally:
            server.terminate()
            server.wait()
    return rows


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
    crawl_rows = crawl_throughput()  # before pinning this process to one core: crawls use all
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # the targets below are per core
    docs = three_kb_documents(args.docs)
    rows = text_path(docs) + step_costs(docs)
    pages = benchmark_pages()
    if pages:
        rows += html_path(pages)
    report = render(rows + crawl_rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
