"""Fault trials: stop, kill and starve a crawl at random moments, resume once, count the damage.

    python -m zhnews.faults [--trials 20] [--seed N]      (``make faults``)

Each trial crawls ``listonly``, a replica site whose articles are found only through
paginated list pages, with ``zhnews crawl`` in its own process group, and at a random
moment (after a random number of articles was discovered) does one of ``FAULTS``:

- ``sigkill``: SIGKILL of the crawl process alone (its workers must follow it);
- ``sigkill-worker``: SIGKILL of one worker process (the OOM killer), the crawl runs on;
- ``sigint``: SIGINT to the process group (Ctrl-C);
- ``sigterm``: SIGTERM to the process group (``systemctl stop``).

Then one more crawl of the same dataset must end with exit 0. A trial counts articles
lost (on the site, not in docs), rows duplicated (a document id twice, a reject
(id, reason) twice), reject rows of articles (all of the site's are good ones), whether the crawl took over ``STOP_SECONDS`` to stop after a signal,
and processes of the trial left alive once its crawls have ended.
"""

from __future__ import annotations

import argparse
import os
import random
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
from crawler.replicas.server import expected_articles, serve_replicas
from crawler.state import state_path

REPO = Path(__file__).resolve().parents[1]
SITE = "listonly"
FAULTS = ("sigkill", "sigkill-worker", "sigint", "sigterm")
# A stop signal must end the crawl within this many seconds.
STOP_SECONDS = 10.0
# Bounds for a machine under load; a crawl of the site takes seconds when idle.
CRAWL_TIMEOUT = 300.0
# The random moment of a fault: up to this many seconds after the first article is found
# (a crawl of the site takes about as long on an idle machine).
MOMENT_SECONDS = 8.0
# Every process of a trial carries this variable, whatever its name or parent.
TRIAL_MARK = "ZHNEWS_FAULT_TRIAL"

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
    fault: str
    lost: int = 0
    duplicated: int = 0
    rejected: int = 0  # reject rows of the site's articles (a processing-error a stop caused)
    slow_stop: bool = False
    left_behind: int = 0
    inflicted: bool = False  # False: the crawl ended before the moment came
    first_exit: int | None = None  # of the disturbed crawl
    written_first: int = 0  # documents the disturbed crawl wrote
    resume_exit: int = 0


def _marked_processes(mark: str) -> dict[int, int]:
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


class Trials:
    """Crawls of one served ``listonly`` site, each trial in a dataset of its own."""

    def __init__(self, workdir: Path, origin: str, profiles: Path, articles: set[str], moment_seconds: float):
        self.moment_seconds = moment_seconds
        self.workdir = workdir
        self.origin = origin
        self.profiles = profiles
        self.articles = articles

    def _start(self, dataset: Path, mark: str) -> subprocess.Popen:
        """The crawl, its stderr into ``dataset``.log: a pipe would stay open as long as
        any process left behind, and waiting for its end would wait for them."""
        command = [sys.executable, "-m", "zhnews.cli", "crawl", SITE, "--profiles", str(self.profiles),
                   "--origin", self.origin, "-o", str(dataset)]
        for name, value in CRAWL_SETTINGS.items():
            command += ["-s", f"{name}={value}"]
        env = {**os.environ, TRIAL_MARK: mark, "PYTHONPATH": str(REPO)}
        with open(dataset.with_suffix(".log"), "a") as log:
            return subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=log,
                                    start_new_session=True)

    def run(self, fault: str, rng: random.Random) -> TrialResult:
        mark = uuid.uuid4().hex
        dataset = self.workdir / f"{fault}-{mark[:8]}"
        result = TrialResult(fault)
        crawl = self._start(dataset, mark)
        try:
            self._wait_for_moment(crawl, dataset, rng.uniform(0, self.moment_seconds))
            result.inflicted, result.slow_stop = self._inflict(fault, crawl, mark)
            crawl.wait(timeout=CRAWL_TIMEOUT)
            result.first_exit = crawl.returncode
            result.left_behind = reap(mark)
        finally:
            _kill_group(crawl)
        if (dataset / "docs").is_dir():
            result.written_first = Dataset(dataset).read_table("docs", ["id"]).num_rows
        resume = self._start(dataset, mark)
        try:
            resume.wait(timeout=CRAWL_TIMEOUT)
            result.left_behind += reap(mark)
        finally:
            _kill_group(resume)
        result.resume_exit = resume.returncode
        if resume.returncode:
            log = dataset.with_suffix(".log").read_text(errors="replace")
            print(f"{fault}: the resumed crawl exited {resume.returncode}: {log[-2000:]}", file=sys.stderr)
        result.lost, result.duplicated, result.rejected = self._damage(dataset)
        return result

    @staticmethod
    def _wait_for_moment(crawl: subprocess.Popen, dataset: Path, seconds: float) -> None:
        """Until ``seconds`` after the crawl found its first article (or it ended)."""
        deadline = time.monotonic() + CRAWL_TIMEOUT
        while crawl.poll() is None and not _discovered(dataset) and time.monotonic() < deadline:
            time.sleep(0.02)
        moment = time.monotonic() + seconds
        while crawl.poll() is None and time.monotonic() < moment:
            time.sleep(0.02)

    @staticmethod
    def _inflict(fault: str, crawl: subprocess.Popen, mark: str) -> tuple[bool, bool]:
        """Do ``fault`` to the crawl: (whether it was done, whether a stop signal took over STOP_SECONDS)."""
        if crawl.poll() is not None:
            return False, False  # the crawl ended first: the trial is one of an undisturbed crawl
        if fault == "sigkill":
            crawl.send_signal(signal.SIGKILL)
        elif fault == "sigkill-worker":
            worker = _a_worker(crawl, mark)
            if worker is None:
                return False, False  # the crawl ended first
            os.kill(worker, signal.SIGKILL)
        else:
            os.killpg(crawl.pid, signal.SIGINT if fault == "sigint" else signal.SIGTERM)
            try:
                crawl.wait(timeout=STOP_SECONDS)
            except subprocess.TimeoutExpired:
                return True, True
        return True, False

    def _damage(self, dataset: Path) -> tuple[int, int, int]:
        """Articles lost, rows duplicated, reject rows of articles (every article is a good one)."""
        data = Dataset(dataset)
        docs = data.read_table("docs", ["id", "url"]).to_pylist()
        rejects = data.read_table("rejects", ["id", "reason", "url"]).to_pylist()
        paths = {_root_relative(d["url"]) for d in docs}
        repeated = Counter(d["id"] for d in docs) + Counter((r["id"], r["reason"]) for r in rejects)
        rejected = sum(_root_relative(r["url"] or "") in self.articles for r in rejects)
        return len(self.articles - paths), sum(n - 1 for n in repeated.values() if n > 1), rejected


def _root_relative(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _a_worker(crawl: subprocess.Popen, mark: str) -> int | None:
    """A worker process of the crawl, once one has started; None if the crawl ends first."""
    while crawl.poll() is None:
        processes = _marked_processes(mark)
        # Workers are children of the forkserver, itself a child of the crawl.
        workers = [pid for pid, parent in processes.items() if parent in processes and parent != crawl.pid]
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
    while (alive := _marked_processes(mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    for pid in alive:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    return len(alive)


def run_trials(trials: int, seed: int, faults: tuple[str, ...] = FAULTS, articles: int = 60,
               moment_seconds: float = MOMENT_SECONDS) -> list[TrialResult]:
    """``trials`` trials of each fault on a ``listonly`` site of ``articles`` articles, each
    fault at a random moment up to ``moment_seconds`` after the first article is found."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory(prefix="zhnews-faults-") as tmp:
        sites, profiles = build_site(Path(tmp), articles)
        expected = expected_articles(sites, SITE)
        with serve_replicas(sites, [SITE]) as origins:
            runner = Trials(Path(tmp), origins[SITE], profiles, expected, moment_seconds)
            return [runner.run(fault, rng) for fault in faults for _ in range(trials)]


def table(results: list[TrialResult]) -> str:
    header = (f"{'fault':<16}{'trials':>7}{'lost':>6}{'duplicated':>11}{'wrongly rejected':>17}"
              f"{'not stopped in 10 s':>20}{'left behind':>12}")
    lines = [header]
    for fault in dict.fromkeys(r.fault for r in results):
        mine = [r for r in results if r.fault == fault]
        lines.append(
            f"{fault:<16}{len(mine):>7}{sum(r.lost for r in mine):>6}{sum(r.duplicated for r in mine):>11}"
            f"{sum(r.rejected for r in mine):>17}"
            f"{sum(r.slow_stop for r in mine):>20}{sum(r.left_behind for r in mine):>12}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zhnews.faults", description=__doc__.split("\n")[0])
    parser.add_argument("--trials", type=int, default=20, help="trials of each fault (default 20)")
    parser.add_argument("--seed", type=int, default=int(time.time()), help="for the random moments")
    parser.add_argument("--fault", action="append", choices=FAULTS, help="only these faults (repeatable)")
    args = parser.parse_args(argv)
    print(f"seed {args.seed}", flush=True)
    results = run_trials(args.trials, args.seed, tuple(args.fault or FAULTS))
    print(table(results))
    failed = [r for r in results if r.lost or r.duplicated or r.rejected or r.slow_stop or r.left_behind
              or r.resume_exit]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
