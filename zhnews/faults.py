"""Fault trials: stop and kill a crawl, an ingest, a reprocess at random moments, resume once, count the damage.

    python -m zhnews.faults [--trials 20] [--seed N] [--command C] [--fault F]   (``make faults``)

Each trial runs one of ``COMMANDS`` in its own process group, into a dataset of its own:

- ``crawl``: ``zhnews crawl`` of ``listonly``, a replica site whose articles are found
  only through paginated list pages;
- ``ingest``: ``zhnews ingest`` of a folder of the article pages of such a site saved
  as HTML (``INGEST_PAGES`` of them, and two files that are no article: an empty one, a PDF);
- ``reprocess``: ``zhnews reprocess`` of a crawl of that site of which only the raw
  archive (and the site's line index) is left, so that every article is written again;

and at a random moment (a crawl: after the first article was discovered; the others: a
random share of the time an undisturbed run took, from when it holds the dataset) does
one of ``FAULTS``:

- ``sigkill``: SIGKILL of the command's process alone (its workers must follow it);
- ``sigkill-worker``: SIGKILL of one worker process (the OOM killer), the run goes on;
- ``sigint``: SIGINT to the process group (Ctrl-C);
- ``sigterm``: SIGTERM to the process group (``systemctl stop``).

Then one more run of the same command on the same dataset must end with exit 0. A trial
counts articles or inputs lost (not in docs, nor an input in rejects), rows duplicated
(a document id twice, a reject (id, reason) twice, an input twice), reject rows of good
articles, whether the run took over ``STOP_SECONDS`` to stop after a signal, and
processes of the trial left alive once its runs have ended.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from corpus.dataset import Dataset
from corpus.line_index import FILE_NAME
from crawler.replicas.render import render_article
from crawler.replicas.server import expected_articles, root_relative, serve_replicas
from crawler.replicas.site import load_site
from crawler.state import state_path

REPO = Path(__file__).resolve().parents[1]
SITE = "listonly"
COMMANDS = ("crawl", "ingest", "reprocess")
FAULTS = ("sigkill", "sigkill-worker", "sigint", "sigterm")
# A stop signal must end the crawl within this many seconds.
STOP_SECONDS = 10.0
# Bounds for a machine under load; a crawl of the site takes seconds when idle.
CRAWL_TIMEOUT = 300.0
# Tries of a trial whose run ends its work before the fault (Trials.run).
LATE_TRIES = 3
# Every process of a trial carries this variable, whatever its name or parent.
TRIAL_MARK = "ZHNEWS_FAULT_TRIAL"

# The workers of an ingest: two, so that one is killed while the other works on.
INGEST_WORKERS = 2
# Pages in the folder an ingest reads: a run of seconds.
INGEST_PAGES = 150
# The crawl of a trial: paced so that a random moment falls inside it, one worker.
CRAWL_SETTINGS = {
    "DOWNLOAD_DELAY": 0.05,
    "AUTOTHROTTLE_ENABLED": False,
    "RETRY_TIMES": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
    "ZHNEWS_WORKERS": 1,
    "ZHNEWS_FLUSH_ITEMS": 5,
}

# Words the articles are made of. Each article strings them in an order of its own, so that
# no two share more than a few phrases: articles made of the same few sentences would be
# near-duplicates of each other (corpus.neardup), and rejected as such.
_WORDS = (
    "国资", "企业", "改革", "发展", "会议", "部署", "推进", "创新", "项目", "投资", "经济", "产业", "市场",
    "管理", "服务", "建设", "规划", "政策", "资本", "布局", "结构", "优化", "技术", "研发", "人才", "制度",
    "机制", "效益", "质量", "安全", "绿色", "数字", "开放", "合作", "区域", "城市", "乡村", "民生", "就业",
    "消费", "金融", "能源", "交通", "制造", "科技", "平台", "标准", "监管", "考核", "指标",
)


def _paragraph(rng: random.Random) -> str:
    return "".join("".join(rng.choice(_WORDS) for _ in range(rng.randint(10, 16))) + "。" for _ in range(3))


def build_site(root: Path, articles: int = 60, per_page: int = 5) -> tuple[Path, Path]:
    """Write the ``listonly`` replica (sites folder) and its profile (profiles folder)."""
    site = root / "sites" / SITE
    (site / "articles").mkdir(parents=True, exist_ok=True)
    (site / "site.toml").write_text(
        f'site_name = "国资动态"\ndefault_section = "国资动态"\narticle_url = "/news/c{{id}}.html"\n\n'
        f'[[list]]\nurl = "/news/index.html"\npage_url = "/news/index_{{n}}.html"\ntitle = "国资动态"\n'
        f"per_page = {per_page}\n\n[layout]\nskin = \"portal\"\nencoding = \"utf-8\"\n",
        encoding="utf-8",
    )
    for n in range(1, articles + 1):
        rng = random.Random(n)
        paragraphs = [f"{2023 - n % 3}年{n % 12 + 1}月{n % 28 + 1}日,第{n}期国资工作简报发布,涉及{n * 7}家企业。"]
        paragraphs += [_paragraph(rng) for _ in range(4)]
        (site / "articles" / f"{100000 + n}.txt").write_text(
            f'+++\ntitle = "国资委部署第{n}批国有企业改革重点任务"\n'
            f"date = 2023-{n % 12 + 1:02d}-{n % 28 + 1:02d}T10:00:00+08:00\n"
            f'source = "国资委"\n+++\n' + "\n\n".join(paragraphs) + "\n",
            encoding="utf-8",
        )
    profiles = root / "profiles"
    profiles.mkdir(exist_ok=True)
    (profiles / f"{SITE}.toml").write_text(
        f'name = "{SITE}"\ntitle = "国资动态 (list pages only)"\ndomains = ["www.listonly.example"]\n'
        'start_urls = ["http://www.listonly.example/news/index.html"]\n'
        "article_patterns = ['^/news/c\\d+\\.html$']\nlist_patterns = ['^/news/index(_\\d+)?\\.html$']\n"
        'charset = "utf-8"\nsimilarity_threshold = 0.0\n',
        encoding="utf-8",
    )
    return root / "sites", profiles


@dataclass
class TrialResult:
    command: str
    fault: str
    lost: int = 0
    duplicated: int = 0
    rejected: int = 0  # reject rows of good articles (a processing-error a stop caused)
    slow_stop: bool = False
    left_behind: int = 0
    inflicted: bool = False  # False: the run's work ended before the moment came
    first_exit: int | None = None  # of the disturbed run
    written_first: int = 0  # documents the disturbed run wrote
    resume_exit: int = 0


def marked_processes(mark: str) -> dict[int, int]:
    """pid -> parent pid of every live process carrying ``mark``."""
    found = {}
    needle = f"{TRIAL_MARK}={mark}".encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if needle not in (entry / "environ").read_bytes().split(b"\0"):
                continue
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z":
            found[int(entry.name)] = int(fields[1])
    return found


def _discovered(dataset: Path) -> int:
    """Article URLs the crawl has discovered so far (0 before its state store exists)."""
    path = state_path(dataset)
    if not path.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:  # created, not yet given its table
        return 0


def _held(dataset: Path) -> bool:
    """Whether a run holds the dataset: it has started up and begun its work."""
    try:
        return bool((dataset / ".lock").read_text().strip())
    except OSError:  # not yet there
        return False


def _article_damage(dataset: Path, articles: set[str]) -> tuple[int, int, int]:
    """Articles lost, rows duplicated, reject rows of articles (every article is a good one)."""
    data = Dataset(dataset)
    docs = data.read_table("docs", ["id", "url"]).to_pylist()
    rejects = data.read_table("rejects", ["id", "reason", "url"]).to_pylist()
    paths = {root_relative(d["url"]) for d in docs}
    repeated = Counter(d["id"] for d in docs) + Counter((r["id"], r["reason"]) for r in rejects)
    rejected = sum(root_relative(r["url"] or "") in articles for r in rejects)
    return len(articles - paths), sum(n - 1 for n in repeated.values() if n > 1), rejected



class CrawlRuns:
    """``zhnews crawl`` of the served ``listonly`` site; the moment counts from its first article."""

    name = "crawl"

    def __init__(self, origin: str, profiles: Path, articles: set[str], moment_seconds: float):
        self.origin = origin
        self.profiles = profiles
        self.articles = articles
        self.window = moment_seconds

    def prepare(self, dataset: Path) -> None:
        pass

    def command(self, dataset: Path) -> list[str]:
        command = ["crawl", SITE, "--profiles", str(self.profiles), "--origin", self.origin, "-o", str(dataset)]
        for name, value in CRAWL_SETTINGS.items():
            command += ["-s", f"{name}={value}"]
        return command

    @staticmethod
    def started(dataset: Path) -> bool:
        return _discovered(dataset) > 0

    def damage(self, dataset: Path) -> tuple[int, int, int]:
        return _article_damage(dataset, self.articles)


class ReprocessRuns:
    """``zhnews reprocess`` of a crawl of the site of which only the raw archive and the
    line index are left: every article is processed and written again."""

    name = "reprocess"

    def __init__(self, raw_only: Path, articles: set[str]):
        self.raw_only = raw_only
        self.articles = articles
        self.window = 0.0  # measured: the time an undisturbed run takes

    def prepare(self, dataset: Path) -> None:
        shutil.copytree(self.raw_only, dataset)

    @staticmethod
    def command(dataset: Path) -> list[str]:
        return ["reprocess", str(dataset)]

    @staticmethod
    def started(dataset: Path) -> bool:
        return _held(dataset)

    def damage(self, dataset: Path) -> tuple[int, int, int]:
        return _article_damage(dataset, self.articles)


class IngestRuns:
    """``zhnews ingest`` of a folder of the site's article pages saved as HTML, and of two
    files that are no article."""

    name = "ingest"

    def __init__(self, inputs: Path):
        self.inputs = inputs
        self.good = {path.name for path in inputs.glob("*.html")}
        self.window = 0.0  # measured: the time an undisturbed run takes

    @staticmethod
    def write_inputs(sites: Path, inputs: Path) -> Path:
        site = load_site(sites / SITE)
        inputs.mkdir()
        for n, article in enumerate(site.articles):
            (inputs / f"{n:04d}.html").write_text(render_article(site, article, 1), encoding="utf-8")
        (inputs / "empty.txt").write_bytes(b"")
        (inputs / "scan.pdf").write_bytes(b"%PDF-1.4")
        return inputs

    def prepare(self, dataset: Path) -> None:
        pass

    def command(self, dataset: Path) -> list[str]:
        return ["ingest", str(self.inputs), "-o", str(dataset), "-w", str(INGEST_WORKERS)]

    @staticmethod
    def started(dataset: Path) -> bool:
        return _held(dataset)

    def damage(self, dataset: Path) -> tuple[int, int, int]:
        """Inputs in neither docs nor rejects, inputs in them more than once, articles rejected."""
        data = Dataset(dataset)
        names = [Path(urlsplit(d["origin"]).path).name for d in data.read_table("docs", ["origin"]).to_pylist()]
        rejected = [Path(r["origin"]).name for r in data.read_table("rejects", ["origin"]).to_pylist()]
        counts = Counter(names + rejected)
        inputs = {path.name for path in self.inputs.iterdir()}
        return (len(inputs - set(counts)), sum(n - 1 for n in counts.values() if n > 1),
                len(self.good.intersection(rejected)))


Runs = CrawlRuns | ReprocessRuns | IngestRuns


class Trials:
    """Runs of the commands on the ``listonly`` site's data, each trial in a dataset of its own."""

    def __init__(self, workdir: Path):
        self.workdir = workdir

    @staticmethod
    def _start(runs: Runs, dataset: Path, mark: str) -> subprocess.Popen:
        """The run, its stderr into ``dataset``.log: a pipe would stay open as long as
        any process left behind, and waiting for its end would wait for them."""
        env = {**os.environ, TRIAL_MARK: mark, "PYTHONPATH": str(REPO)}
        with open(dataset.with_suffix(".log"), "a") as log:
            return subprocess.Popen([sys.executable, "-m", "zhnews.cli", *runs.command(dataset)], cwd=REPO, env=env,
                                    stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)

    def undisturbed(self, runs: Runs) -> tuple[Path, float]:
        """One run left alone: its dataset, and the seconds its work took once started
        (until it let go of the dataset)."""
        dataset = self.workdir / f"{runs.name}-undisturbed"
        runs.prepare(dataset)
        run = self._start(runs, dataset, uuid.uuid4().hex)
        try:
            while run.poll() is None and not runs.started(dataset):
                time.sleep(0.02)
            began = time.monotonic()
            while run.poll() is None and _held(dataset):
                time.sleep(0.02)
            took = time.monotonic() - began
            if run.wait(timeout=CRAWL_TIMEOUT):
                log = dataset.with_suffix(".log").read_text(errors="replace")
                raise RuntimeError(f"{runs.name} exited {run.returncode}: {log[-2000:]}")
        finally:
            _kill_group(run)
        return dataset, took

    def each(self, runs: Runs, faults: tuple[str, ...], trials: int, rng: random.Random) -> list[TrialResult]:
        return [self.run(runs, fault, rng) for fault in faults for _ in range(trials)]

    def run(self, runs: Runs, fault: str, rng: random.Random) -> TrialResult:
        """A trial at a random moment of the run's work; again at half the moment, up to
        LATE_TRIES times, while the run's work ends first (it went faster than the
        undisturbed run's): a fault after the work is no fault of the work."""
        moment = rng.uniform(0, runs.window)
        for _ in range(LATE_TRIES):
            result = self._trial(runs, fault, moment)
            if result.inflicted:
                break
            moment /= 2
        return result

    def _trial(self, runs: Runs, fault: str, moment: float) -> TrialResult:
        mark = uuid.uuid4().hex
        dataset = self.workdir / f"{runs.name}-{fault}-{mark[:8]}"
        result = TrialResult(runs.name, fault)
        runs.prepare(dataset)
        first = self._start(runs, dataset, mark)
        try:
            self._wait_for_moment(first, runs, dataset, moment)
            result.inflicted, result.slow_stop = self._inflict(fault, first, dataset, mark)
            first.wait(timeout=CRAWL_TIMEOUT)
            result.first_exit = first.returncode
            result.left_behind = reap(mark)
        finally:
            _kill_group(first)
        if (dataset / "docs").is_dir():
            result.written_first = Dataset(dataset).read_table("docs", ["id"]).num_rows
        resume = self._start(runs, dataset, mark)
        try:
            resume.wait(timeout=CRAWL_TIMEOUT)
            result.left_behind += reap(mark)
        finally:
            _kill_group(resume)
        result.resume_exit = resume.returncode
        if resume.returncode:
            log = dataset.with_suffix(".log").read_text(errors="replace")
            print(f"{runs.name} {fault}: the resumed run exited {resume.returncode}: {log[-2000:]}", file=sys.stderr)
        result.lost, result.duplicated, result.rejected = runs.damage(dataset)
        return result

    @staticmethod
    def _wait_for_moment(run: subprocess.Popen, runs: Runs, dataset: Path, seconds: float) -> None:
        """Until ``seconds`` after the run has started its work (or it ended)."""
        deadline = time.monotonic() + CRAWL_TIMEOUT
        while run.poll() is None and not runs.started(dataset) and time.monotonic() < deadline:
            time.sleep(0.02)
        moment = time.monotonic() + seconds
        while run.poll() is None and time.monotonic() < moment:
            time.sleep(0.02)

    @staticmethod
    def _inflict(fault: str, run: subprocess.Popen, dataset: Path, mark: str) -> tuple[bool, bool]:
        """Do ``fault`` to the run: (whether it was done, whether a stop signal took over STOP_SECONDS)."""
        if run.poll() is not None or not _held(dataset):
            return False, False  # the run's work ended first: the trial is one of an undisturbed run
        if fault == "sigkill":
            run.send_signal(signal.SIGKILL)
        elif fault == "sigkill-worker":
            worker = _a_worker(run, mark)
            if worker is None:
                return False, False  # the run ended first
            os.kill(worker, signal.SIGKILL)
        else:
            os.killpg(run.pid, signal.SIGINT if fault == "sigint" else signal.SIGTERM)
            try:
                run.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                return True, True
        return True, False


def _is_forkserver(pid: int) -> bool:
    try:
        return b"multiprocessing.forkserver" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:  # gone meanwhile
        return False


def _a_worker(run: subprocess.Popen, mark: str) -> int | None:
    """A worker process of the run, once one has started; None if the run ends first."""
    while run.poll() is None:
        # Workers are forked by a forkserver, itself a child of the crawl (of reprocess's child).
        workers = [pid for pid, parent in marked_processes(mark).items()
                   if _is_forkserver(parent) and _is_forkserver(pid)]
        if workers:
            return workers[0]
        time.sleep(0.02)
    return None


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


def reap(mark: str, grace: float = STOP_SECONDS) -> int:
    """How many processes of the trial outlive ``grace`` seconds; they are killed then."""
    deadline = time.monotonic() + grace
    while (alive := marked_processes(mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in alive:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return len(alive)


def run_trials(trials: int, seed: int, faults: tuple[str, ...] = FAULTS, articles: int = 60,
               moment_seconds: float | None = None, commands: tuple[str, ...] = ("crawl",),
               pages: int = INGEST_PAGES) -> list[TrialResult]:
    """``trials`` trials of each fault to each command on a ``listonly`` site of ``articles``
    articles (an ingest: of ``pages`` pages of such a site): a crawl's fault at a random
    moment up to ``moment_seconds`` after its first article is found (by default, the time
    an undisturbed crawl takes from then: a fixed bound let a fast crawl end before many
    faults), an ingest's or a reprocess's within the time an undisturbed one took."""
    rng = random.Random(seed)
    results: list[TrialResult] = []
    with tempfile.TemporaryDirectory(prefix="zhnews-faults-") as tmp:
        workdir = Path(tmp)
        sites, profiles = build_site(workdir, articles)
        expected = expected_articles(sites, SITE)
        trial = Trials(workdir)
        with serve_replicas(sites, [SITE]) as origins:
            crawl = CrawlRuns(origins[SITE], profiles, expected, moment_seconds or 0.0)
            if moment_seconds is None or "reprocess" in commands:
                crawled, took = trial.undisturbed(crawl)
                crawl.window = moment_seconds or took
            if "crawl" in commands:
                results += trial.each(crawl, faults, trials, rng)
        timed: list[Runs] = []
        if "ingest" in commands:
            pages_site, _ = build_site(workdir / "pages", pages)
            timed.append(IngestRuns(IngestRuns.write_inputs(pages_site, workdir / "inputs")))
        if "reprocess" in commands:
            raw_only = workdir / "raw-only"
            shutil.copytree(crawled / "raw", raw_only / "raw")
            # With the line index the crawl left. Without it the first reprocess learns the
            # site's template and the next one writes every article again, as a revision
            # cleaned with it: what a first run on a site does, no fault's doing.
            shutil.copy2(crawled / FILE_NAME, raw_only / FILE_NAME)
            timed.append(ReprocessRuns(raw_only, expected))
        for runs in timed:
            _, runs.window = trial.undisturbed(runs)
            results += trial.each(runs, faults, trials, rng)
    return results


def table(results: list[TrialResult]) -> str:
    header = (f"{'run':<26}{'trials':>7}{'lost':>6}{'duplicated':>11}{'wrongly rejected':>17}"
              f"{'not stopped in 10 s':>20}{'left behind':>12}{'not inflicted':>14}")
    lines = [header]
    for run in dict.fromkeys((r.command, r.fault) for r in results):
        mine = [r for r in results if (r.command, r.fault) == run]
        lines.append(
            f"{' '.join(run):<26}{len(mine):>7}{sum(r.lost for r in mine):>6}{sum(r.duplicated for r in mine):>11}"
            f"{sum(r.rejected for r in mine):>17}"
            f"{sum(r.slow_stop for r in mine):>20}{sum(r.left_behind for r in mine):>12}"
            f"{sum(not r.inflicted for r in mine):>14}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zhnews.faults", description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=20, help="trials of each fault (default 20)")
    parser.add_argument("--seed", type=int, default=int(time.time()), help="for the random moments")
    parser.add_argument("--command", action="append", choices=COMMANDS, help="only these commands (repeatable)")
    parser.add_argument("--fault", action="append", choices=FAULTS, help="only these faults (repeatable)")
    args = parser.parse_args(argv)
    print(f"seed {args.seed}", flush=True)
    results = run_trials(args.trials, args.seed, tuple(args.fault or FAULTS), commands=tuple(args.command or COMMANDS))
    print(table(results))
    failed = [r for r in results if r.lost or r.duplicated or r.rejected or r.slow_stop or r.left_behind
              or r.resume_exit]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
