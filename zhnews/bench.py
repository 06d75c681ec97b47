"""`make bench`: speed of the text path, the HTML path and each cleaning step, and scaling with cores.

Results are printed and written to docs/bench.md as a table. Nothing here asserts a
speed: benchmarks measure, tests check behaviour.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable, Iterator, Sequence

import lxml.html
import trafilatura

from cleaners.base import NO_HINTS, split_paragraphs
from cleaners.decode import decode_html
from cleaners.extract import extract
from cleaners.gates import first_failure
from cleaners.lang import detect_language
from cleaners.pipeline import FORMATTERS, clean_text
from cleaners.script import to_simplified
from corpus.dataset import Dataset
from corpus.documents import Source, process_page, process_text
from corpus.ingest import ingest
from corpus.records import RawPage
from seeds import DOCUMENTS_DIR

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


def cpu_seconds(run: Callable[[], object]) -> float:
    """CPU time of one run of ``run`` in this process: what other processes do barely moves it."""
    start = time.process_time()
    run()
    return time.process_time() - start


@dataclass
class Comparison:
    """Per-item CPU times of several candidates, measured in interleaved rounds.

    Each round runs every candidate once, in an order that rotates from round to round,
    so that a slow spell of the machine falls on all of them alike; ratios are taken
    within a round, then summarised by their median and spread over the rounds.
    """

    items: int
    times: dict[str, list[float]] = field(default_factory=dict)  # name -> seconds per round

    @classmethod
    def measure(cls, candidates: dict[str, Callable[[], object]], items: int, rounds: int) -> Comparison:
        comparison = cls(items, {name: [] for name in candidates})
        names = list(candidates)
        for _ in range(ROUNDS_WARMUP):
            for run in candidates.values():
                run()
        for round_number in range(rounds):
            for name in rotated(names, round_number):
                comparison.times[name].append(cpu_seconds(candidates[name]))
        return comparison

    def per_item_ms(self, name: str) -> str:
        values = [t / self.items * 1e3 for t in self.times[name]]
        return f"{statistics.median(values):.2f} ms ({_spread(values)})"

    def ratio(self, name: str, base: str) -> str:
        values = [a / b for a, b in zip(self.times[name], self.times[base])]
        return f"{statistics.median(values):.2f}× ({_spread(values)})"


def rotated(names: list[str], round_number: int) -> list[str]:
    """The order of a round: each round starts one name further on."""
    shift = round_number % len(names)
    return names[shift:] + names[:shift]


def _spread(values: list[float]) -> str:
    """The interquartile range: where the middle half of the rounds fell."""
    if len(values) < 4:
        return f"{min(values):.2f}–{max(values):.2f}"
    low, _, high = statistics.quantiles(values, n=4)
    return f"IQR {low:.2f}–{high:.2f}"


ROUNDS_WARMUP = 1


def text_path(docs: Sequence[str], rounds: int) -> list[tuple[str, str]]:
    """The text path against the floor of its unavoidable library calls.

    The floor is what no implementation of the path can skip: OpenCC's conversion of the
    whole text and langdetect on the tagger's sample.
    """
    tagger = detect_language

    def floor() -> None:
        for doc in docs:
            to_simplified(doc)
            tagger(doc)

    comparison = Comparison.measure(
        {"text path": lambda: [process_text(d, Source(origin="bench")) for d in docs], "floor": floor},
        len(docs), rounds,
    )
    return [
        ("text path: clean + gates + language tag, per 3 KB document", comparison.per_item_ms("text path")),
        ("  its floor: OpenCC t2s + langdetect on the sample", comparison.per_item_ms("floor")),
        ("  text path / floor", comparison.ratio("text path", "floor")),
    ]


def step_costs(docs: Sequence[str]) -> list[tuple[str, str]]:
    """Each formatter timed on exactly the inputs it sees inside the pipeline."""
    inputs: list[list[str]] = [list(docs)]
    for _, formatter in FORMATTERS:
        inputs.append([formatter(text, NO_HINTS).text for text in inputs[-1]])
    rows = []
    for (name, formatter), texts in zip(FORMATTERS, inputs):
        elapsed = min(cpu_seconds(lambda: [formatter(t, NO_HINTS) for t in texts]) for _ in range(3))
        rows.append((f"  step {name}", f"{elapsed / len(texts) * 1e6:,.0f} µs/doc"))
    cleaned = inputs[-1]
    for label, measure in (("  quality gates", first_failure), ("  language tag (langdetect)", detect_language)):
        elapsed = min(cpu_seconds(lambda: [measure(t) for t in cleaned]) for _ in range(3))
        rows.append((label, f"{elapsed / len(cleaned) * 1e6:,.0f} µs/doc"))
    return rows


def html_path(pages: Sequence[RawPage], rounds: int) -> list[tuple[str, str]]:
    """zhnews's whole HTML path against trafilatura alone and the lxml parse floor."""
    htmls = [decode_html(p.body).text for p in pages]
    candidates = {
        "zhnews": lambda: [process_page(p) for p in pages],
        "trafilatura": lambda: [trafilatura.extract(h) for h in htmls],
        "lxml": lambda: [lxml.html.document_fromstring(p.body) for p in pages],
    }
    comparison = Comparison.measure(candidates, len(pages), rounds)
    rows = [
        ("HTML path per page: zhnews process_page (decode, extract, clean, gates, language)",
         comparison.per_item_ms("zhnews")),
        ("  trafilatura.extract alone (default settings)", comparison.per_item_ms("trafilatura")),
        ("  lxml parse alone (the floor of any tree-based extractor)", comparison.per_item_ms("lxml")),
        ("  zhnews / trafilatura", comparison.ratio("zhnews", "trafilatura")),
        ("  zhnews / lxml", comparison.ratio("zhnews", "lxml")),
    ]
    return rows + stage_shares(pages)


def stage_shares(pages: Sequence[RawPage]) -> list[tuple[str, str]]:
    """Where a page's time goes: each stage timed alone on the inputs it sees."""
    decoded = [decode_html(p.body) for p in pages]
    extracted = [extract(d.text, p.final_url) for d, p in zip(decoded, pages)]
    texts = ["\n\n".join(filter(None, [e.title, e.text])) for e in extracted]
    stages = {
        "decode": lambda: [decode_html(p.body) for p in pages],
        "extract": lambda: [extract(d.text, p.final_url) for d, p in zip(decoded, pages)],
        "clean, gates, language": lambda: [clean_text(t) for t in texts],
    }
    costs = {name: min(cpu_seconds(run) for _ in range(3)) for name, run in stages.items()}
    total = sum(costs.values())
    return [(f"  stage {name}", f"{cost / len(pages) * 1e3:.2f} ms ({cost / total:.0%})")
            for name, cost in costs.items()]


def ingest_scaling(pages_dir: Path, copies: int) -> list[tuple[str, str]]:
    """Wall time of ``zhnews ingest`` over the benchmark pages with 1, 2 and N local worker
    processes, then on a Dask cluster (``--dask``) of 1, 2 and N worker processes."""
    from distributed import LocalCluster

    from corpus.cluster import DaskExecutor

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        for copy in range(copies):
            for page in sorted(pages_dir.glob("*/html/*.html")):
                shutil.copyfile(page, inputs / f"{copy}-{page.name}")
        files = len(list(inputs.iterdir()))
        baseline = None
        for workers in sorted({1, 2, os.cpu_count() or 1}):
            dataset = Path(tmp) / f"ds-{workers}"
            start = time.perf_counter()
            ingest([inputs], Dataset(dataset), workers=workers)
            elapsed = time.perf_counter() - start
            baseline = baseline or elapsed
            rows.append((f"ingest of {files} pages, {workers} worker{'s' if workers > 1 else ''}",
                         f"{files / elapsed:.1f} pages/s ({baseline / elapsed:.2f}×)"))
        for workers in sorted({1, 2, os.cpu_count() or 1}):
            with LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None) as cluster, \
                    DaskExecutor(cluster.scheduler_address) as executor:
                executor.submit(ingest_worker_ready).result()  # worker start-up is not ingest time
                start = time.perf_counter()
                ingest([inputs], Dataset(Path(tmp) / f"dask-{workers}"), executor=executor)
                elapsed = time.perf_counter() - start
            rows.append((f"ingest of {files} pages on Dask, {workers} worker{'s' if workers > 1 else ''}",
                         f"{files / elapsed:.1f} pages/s ({baseline / elapsed:.2f}× one local worker)"))
    return rows


def ingest_worker_ready() -> bool:
    import corpus.ingest  # noqa: F401  the pipeline's imports, once per worker

    return True


# Each benchmark page served under this many URLs: about 1,500 pages for the crawl's
# scaling, so that start-up (Scrapy's, the workers': a few seconds) is not most of a
# crawl, as it is not in a real one; about 600 for the slower crawls through Redis.
CRAWL_COPIES = 20
FRONTIER_CRAWL_COPIES = 8
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
    if "REDIS_URL" in settings:  # a crawler process of a shared frontier (zhnews crawl --redis)
        from crawler.frontier import frontier_settings
        settings |= frontier_settings(settings["REDIS_URL"])
    def cpu(who):  # user and system seconds so far, of this thread or this process
        usage = resource.getrusage(who)
        return usage.ru_utime + usage.ru_stime
    reactor_before, process_before = cpu(resource.RUSAGE_THREAD), cpu(resource.RUSAGE_SELF)
    start = time.perf_counter()
    summary = run_crawl([load_profile("bench", Path(profiles))], dataset, origin=origin, settings_overrides=settings)
    seconds = time.perf_counter() - start
    # run_crawl runs the reactor in this thread; the process's figure leaves its workers out
    print(json.dumps({"seconds": seconds, "pages": summary.sites[0].pages,
                      "reactor_cpu": cpu(resource.RUSAGE_THREAD) - reactor_before,
                      "process_cpu": cpu(resource.RUSAGE_SELF) - process_before}))
"""


def site_of_real_pages(root: Path, copies: int) -> Path:
    """A static site: one list page linking to every benchmark page, each under several URLs."""
    pages = sorted(BENCHMARKS.glob("*/html/*.html")) * copies
    (root / "a").mkdir(parents=True)
    for number, page in enumerate(pages):
        shutil.copyfile(page, root / "a" / f"{number}.html")
    links = "".join(f'<li><a href="/a/{n}.html">{n}</a></li>' for n in range(len(pages)))
    (root / "list.html").write_text(f"<html><body><ul>{links}</ul></body></html>", encoding="utf-8")
    return root


@dataclass(frozen=True)
class BenchSite:
    profiles: Path  # the folder of its profile
    origin: str
    server: int  # the static file server's pid: its CPU comes out of the crawl's cores


@contextlib.contextmanager
def served_bench_site(tmp: Path, copies: int) -> Iterator[BenchSite]:
    """The benchmark's site on a static file server in its own process."""
    site = site_of_real_pages(tmp / "site", copies)
    profiles = tmp / "profiles"
    profiles.mkdir()
    (profiles / "bench.toml").write_text(CRAWL_PROFILE, encoding="utf-8")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(1.0)  # the server binds its port
        yield BenchSite(profiles, f"http://127.0.0.1:{port}", server.pid)
    finally:
        server.terminate()
        server.wait()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_crawl(profiles: Path, origin: str, dataset: Path, settings: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CRAWL_CHILD, str(profiles), origin, str(dataset),
                             json.dumps(settings)], stdout=subprocess.PIPE, text=True, cwd=REPO)


def crawl_result(child: subprocess.Popen) -> dict:
    stdout, _ = child.communicate()
    assert child.returncode == 0, "a benchmark crawl failed"
    return json.loads(stdout.strip().splitlines()[-1])


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for task in Path(f"/proc/{pid}/task").iterdir()
                for child in (task / "children").read_text().split()]
    except OSError:  # the process has ended
        return []


def _pss_mib(pid: int) -> float:
    """The proportional set size: a page shared by n processes counts 1/n in each, so the
    sum over processes is the memory they take together."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0.0
    return next(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:")) / 1024


def _cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of a live process, from /proc; None once it has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class TreeSampler:
    """Samples a crawl process and what runs under it (its forkserver, and the workers two
    levels down) every INTERVAL seconds while it runs."""

    INTERVAL = 0.1

    def __init__(self, pid: int):
        self.pid = pid
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._done.wait(self.INTERVAL):
            children = _children(self.pid)
            self.sample(children, [worker for child in children for worker in _children(child)])

    def sample(self, children: list[int], workers: list[int]) -> None:
        raise NotImplementedError


class PeakMemory(TreeSampler):
    """Peak PSS: the whole tree at its largest, and its largest worker."""

    def __init__(self, pid: int):
        super().__init__(pid)
        self.total = self.worker = 0.0

    def sample(self, children: list[int], workers: list[int]) -> None:
        sizes = {pid: _pss_mib(pid) for pid in [self.pid, *children, *workers]}
        self.total = max(self.total, sum(sizes.values()))
        self.worker = max([self.worker, *(sizes[pid] for pid in workers)])


class DescendantCpu(TreeSampler):
    """CPU time of the processes under a crawl (workers, forkserver): read while they live,
    as they end with the crawl and nobody waits for them where getrusage would count them."""

    INTERVAL = 0.25

    def __init__(self, pid: int):
        super().__init__(pid)
        self.seconds: dict[int, float] = {}

    def sample(self, children: list[int], workers: list[int]) -> None:
        for pid in [*children, *workers]:
            if (seconds := _cpu_seconds(pid)) is not None:
                self.seconds[pid] = seconds

    @property
    def total(self) -> float:
        return sum(self.seconds.values())


CRAWL_ROUNDS = 3  # each crawl's speed swings by a tenth from one run to the next


@dataclass(frozen=True)
class CrawlRun:
    pages: int
    seconds: float
    rate: float  # pages per second over the whole crawl
    steady: float  # pages per second at its steady pace (steady_rate)
    # CPU seconds: the crawl process's reactor thread, its other threads (the dataset's and
    # the archive's writers, the pool's feeders), the processes under it, the page server
    reactor_cpu: float
    threads_cpu: float
    workers_cpu: float
    server_cpu: float

    @property
    def cpu(self) -> float:
        return self.reactor_cpu + self.threads_cpu + self.workers_cpu + self.server_cpu


def crawl_throughput() -> list[tuple[str, str]]:
    """Crawl speed with page reading and processing in the reactor thread (one process
    doing everything: the baseline), and in one or two worker processes.

    The site is the benchmark's real pages (their extraction cost is a real page's),
    served by a static file server in its own process. Runs on all cores, unlike the
    rest: the point is what the worker pool gains. Each crawl is timed whole, start-up
    included, and at its steady pace: the pages fetched between the 10th and the 90th
    percentile of their fetch times (the archive's), past start-up and the last stragglers.
    The three crawls run in CRAWL_ROUNDS interleaved rounds, their order rotating; each
    figure is the median over the rounds, each ratio taken within a round.
    Peak memory is taken in a crawl of its own: reading a process's PSS costs the kernel
    milliseconds, and sampling every process of a crawl took half a core from the crawl.

    Where the CPU goes says how far the workers can take a crawl on this machine: the
    one-process crawl's reactor thread is its critical path (its writer threads take the
    other core), while the 2-worker crawl spreads all of its CPU, the page server's
    included, over the cores. Its speed-up cannot pass cores × the one-process crawl's
    wall time / the 2-worker crawl's CPU.
    """
    configurations = {
        "in the reactor thread": {"ZHNEWS_INLINE_PROCESSING": True},
        "in 1 worker process": {"ZHNEWS_WORKERS": 1},
        "in 2 worker processes": {"ZHNEWS_WORKERS": 2},
    }
    labels = list(configurations)
    runs: dict[str, list[CrawlRun]] = {label: [] for label in labels}
    peaks = []
    with tempfile.TemporaryDirectory() as tmp, served_bench_site(Path(tmp), CRAWL_COPIES) as site:
        for round_number in range(CRAWL_ROUNDS):
            for label in rotated(labels, round_number):
                dataset = Path(tmp) / f"{label.replace(' ', '-')}-{round_number}"
                runs[label].append(timed_crawl(site, dataset, configurations[label] | BENCH_CRAWL_SETTINGS))
        for label in labels:
            child = start_crawl(site.profiles, site.origin, Path(tmp) / f"{label.replace(' ', '-')}-memory",
                                configurations[label] | BENCH_CRAWL_SETTINGS)
            with PeakMemory(child.pid) as memory:
                crawl_result(child)
            peaks.append((f"  peak memory (PSS), processing {label}",
                          f"{memory.total:,.0f} MiB in all" + (f", {memory.worker:,.0f} MiB per worker"
                                                             if memory.worker else "")))
    baseline = runs[labels[0]]
    rows = []
    for label in labels:
        whole = [run.rate / base.rate for run, base in zip(runs[label], baseline)]
        steady = [run.steady / base.steady for run, base in zip(runs[label], baseline)]
        rows.append((
            f"crawl of {runs[label][0].pages} real pages, processing {label}",
            f"{statistics.median(run.rate for run in runs[label]):.1f} pages/s ({statistics.median(whole):.2f}×, "
            f"{_spread(whole)}), steady {statistics.median(run.steady for run in runs[label]):.1f} pages/s "
            f"({statistics.median(steady):.2f}×, {_spread(steady)})",
        ))
    cores = os.cpu_count() or 1
    for label in labels:
        median = {name: statistics.median(getattr(run, name) for run in runs[label])
                  for name in ("reactor_cpu", "threads_cpu", "workers_cpu", "server_cpu", "cpu", "seconds")}
        rows.append((
            f"  CPU, processing {label}",
            f"reactor thread {median['reactor_cpu']:.1f} s, other threads {median['threads_cpu']:.1f} s, "
            f"workers {median['workers_cpu']:.1f} s, page server {median['server_cpu']:.1f} s: "
            f"{median['cpu']:.1f} s in {median['seconds']:.1f} s ({median['cpu'] / median['seconds']:.2f} of {cores} cores)",
        ))
    ceilings = [cores * base.seconds / run.cpu for run, base in zip(runs[labels[2]], baseline)]
    rows.append((f"  ceiling of the 2-worker speed-up on {cores} cores (cores × one-process wall / 2-worker CPU)",
                 f"{statistics.median(ceilings):.2f}× ({_spread(ceilings)})"))
    return rows + peaks


def timed_crawl(site: BenchSite, dataset: Path, settings: dict) -> CrawlRun:
    server_before = _cpu_seconds(site.server) or 0.0
    child = start_crawl(site.profiles, site.origin, dataset, settings)
    with DescendantCpu(child.pid) as descendants:
        result = crawl_result(child)
    return CrawlRun(
        pages=result["pages"], seconds=result["seconds"], rate=result["pages"] / result["seconds"],
        steady=steady_rate(dataset), reactor_cpu=result["reactor_cpu"],
        threads_cpu=result["process_cpu"] - result["reactor_cpu"], workers_cpu=descendants.total,
        server_cpu=(_cpu_seconds(site.server) or 0.0) - server_before,
    )


def steady_rate(dataset: Path) -> float:
    """Pages per second between the 10th and the 90th percentile of the crawl's fetch times."""
    fetched = sorted(Dataset(dataset).read_table("raw").column("fetched_at").to_pylist())
    first, last = fetched[len(fetched) // 10], fetched[len(fetched) * 9 // 10]
    return (len(fetched) * 9 // 10 - len(fetched) // 10) / (last - first).total_seconds()


BENCH_CRAWL_SETTINGS = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False, "ROBOTSTXT_OBEY": False,
                        "CONCURRENT_REQUESTS_PER_DOMAIN": 8, "LOG_LEVEL": "WARNING"}


def frontier_crawl_throughput() -> list[tuple[str, str]]:
    """Crawl speed of 1, 2 and N crawler processes sharing one frontier in Redis
    (``zhnews crawl --redis``), each with one worker process, writing one dataset."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp, served_bench_site(Path(tmp), FRONTIER_CRAWL_COPIES) as site:
        baseline = None
        for processes in sorted({1, 2, os.cpu_count() or 1}):
            with redis_server(Path(tmp)) as url:
                settings = BENCH_CRAWL_SETTINGS | {"ZHNEWS_WORKERS": 1, "REDIS_URL": url}
                start = time.perf_counter()
                children = [start_crawl(site.profiles, site.origin, Path(tmp) / f"redis-{processes}", settings)
                            for _ in range(processes)]
                pages = sum(crawl_result(child)["pages"] for child in children)
                rate = pages / (time.perf_counter() - start)
            baseline = baseline or rate
            rows.append((f"crawl of {pages} real pages through Redis, {processes} crawler process"
                         f"{'es' if processes > 1 else ''}", f"{rate:.1f} pages/s ({rate / baseline:.2f}×)"))
    return rows


@contextlib.contextmanager
def redis_server(tmp: Path) -> Iterator[str]:
    import redis

    port = free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                               "--dir", str(tmp)], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        for _ in range(100):
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield url
    finally:
        server.terminate()
        server.wait()


def machine() -> str:
    """Cores and CPU model: a figure means little without the machine it was taken on."""
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}"


def render(rows: list[tuple[str, str]], rounds: int) -> str:
    lines = [
        "# Benchmarks",
        "",
        f"Measured {datetime.now(timezone.utc):%Y-%m-%d} with `make bench` on {machine()}.",
        "",
        f"Per-page and per-document figures are CPU time on one core, the median of {rounds} interleaved "
        "rounds with the interquartile range; ratios are taken within each round. Scaling figures are "
        "wall time on all cores.",
        "",
        "| what | result |",
        "|---|---:|",
        *(f"| {what} | {result} |" for what, result in rows),
        "",
        f"Peak memory (max RSS): this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB, "
        f"its largest child {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:,.0f} MiB.",
        "",
    ]
    return "\n".join(lines)


def other_sections(path: Path) -> str:
    """The ``## `` sections other benchmarks keep in the file (zhnews.bench_dataset's): left as they are."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    start = text.find("\n## ")
    return "\n" + text[start + 1 :] if start >= 0 else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zhnews-bench", description=__doc__)
    parser.add_argument("--docs", type=int, default=500, help="number of 3 KB documents for the text path")
    parser.add_argument("--rounds", type=int, default=9, help="interleaved rounds per comparison")
    parser.add_argument("--copies", type=int, default=8, help="copies of the benchmark pages for the ingest scaling runs (enough that pool start-up is a small share)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "bench.md")
    args = parser.parse_args(argv)
    # Before pinning this process to one core: these use all cores.
    scaling_rows = ingest_scaling(BENCHMARKS, args.copies) + crawl_throughput() + frontier_crawl_throughput()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # the targets below are per core
    docs = three_kb_documents(args.docs)
    rows = text_path(docs, args.rounds) + step_costs(docs)
    pages = benchmark_pages()
    if pages:
        rows += html_path(pages, args.rounds)
    report = render(rows + scaling_rows, args.rounds)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report + other_sections(args.out), encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
