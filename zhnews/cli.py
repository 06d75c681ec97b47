"""The ``zhnews`` command line."""

from __future__ import annotations

import argparse
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from crawler.profiles import PROFILES_ENV
from zhnews import exitcodes
from zhnews.crawl_outcome import crawl_counts, crawl_exit_code, per_site, unreached
from zhnews.distributed import add_dask_option, cluster, dask_settings, redis_settings
from zhnews.run_command import (
    OperatorError, RunReport, add_run_options, print_error, run_command, scrapy_log_settings, stop_signals_deferred,
    writable_folder,
)
from zhnews.status import add_status_command

if TYPE_CHECKING:
    from corpus.dataset import Dataset
    from crawler.runner import CrawlSummary

console = Console(stderr=True)


def progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=console, transient=False,
    )


DEFAULT_CRAWL_OUTPUT = Path("output") / "crawl"


def print_summary(title: str, rows: list[tuple[str, object]], rejected: dict[str, int]) -> None:
    table = Table(title=title)
    table.add_column("what")
    table.add_column("count", justify="right")
    for what, count in rows:
        table.add_row(what, str(count))
    for reason, count in sorted(rejected.items()):
        table.add_row(f"rejected: {reason}", str(count))
    console.print(table)


def cmd_ingest(args: argparse.Namespace) -> int:
    with stop_signals_deferred():
        from corpus.check import require_intact
        from corpus.dataset import Dataset
        from corpus.ingest import ingest

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        raise OperatorError(f"no such file or folder: {', '.join(map(str, missing))}")
    args.report.dataset = writable_folder(args.output, "-o")
    dataset = Dataset(args.output)
    with dataset.exclusive("zhnews ingest"), cluster(args.dask) as executor, progress_bar() as progress:
        require_intact(dataset.path)  # DatasetDamaged: one line, exit 2, nothing written
        summary = ingest(args.paths, dataset, progress, workers=args.workers, executor=executor)
    args.report.counts = {"read": summary.read, "kept": summary.kept, "already_present": summary.already_present,
                          "rejected": sum(summary.rejected.values())}
    args.report.rejects = summary.rejected
    print_summary(
        f"ingest → {args.output}",
        [("read", summary.read), ("kept (new documents)", summary.kept),
         ("already in the dataset", summary.already_present)],
        summary.rejected,
    )
    steps = Table(title="what each cleaning step did")
    for column in ("step", "documents changed", "pieces removed"):
        steps.add_column(column, justify="left" if column == "step" else "right")
    for name, counters in summary.counters.formatters.items():
        steps.add_row(name, str(counters.changed), str(sum(counters.removals.values())))
    console.print(steps)
    console.print(f"dataset: {args.output}/docs (rejects: {args.output}/rejects)")
    # a file that could not be read is a failure of the run; a file that is no article is not
    return exitcodes.FINISHED_WITH_ERRORS if summary.rejected.get("unreadable") else exitcodes.OK


def is_dataset(path: Path) -> bool:
    if (path / "docs").is_dir():
        return True
    print_error(f"{path} is not a zhnews dataset (no docs/ folder)")
    return False


def cmd_export(args: argparse.Namespace) -> int:
    with stop_signals_deferred():
        from corpus.check import require_intact
        from corpus.dataset import Dataset
        from zhnews.export import export

    if not is_dataset(args.dataset):
        return 2
    since = datetime.fromisoformat(args.since).replace(tzinfo=ZoneInfo("Asia/Shanghai")) if args.since else None
    require_intact(args.dataset)  # DatasetDamaged
    written = export(Dataset(args.dataset), args.format, args.output, args.site, since)
    print(f"wrote {len(written) if args.format == 'txt' else 'the'} documents to {args.output}")
    return 0


def cmd_compact(args: argparse.Namespace) -> int:
    with stop_signals_deferred():
        from corpus.dataset import Dataset

    if not is_dataset(args.dataset):
        return 2
    summary = Dataset(args.dataset).compact()  # DatasetBusy: exit 3
    print(f"{summary.parts_before} part files before, {summary.parts_after} after")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    with stop_signals_deferred():
        from corpus.dataset import Dataset
        from zhnews.report import write_report

    if not is_dataset(args.dataset):
        return 2
    output = args.output or args.dataset / "report.html"
    write_report(Dataset(args.dataset), output)
    print(f"report: {output}")
    return 0


def crawl_log_settings(verbose: bool) -> dict:
    """Scrapy's INFO log (every request and its periodic progress) only when asked for."""
    return {"LOG_LEVEL": "INFO" if verbose else "WARNING", "STATS_DUMP": verbose}


def scrapy_setting(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def cmd_crawl(args: argparse.Namespace) -> int:
    with stop_signals_deferred():
        from crawler.profiles import ProfileError, generic_profile, load_profile, load_profiles, profile_dirs
        from crawler.runner import run_crawl

    try:
        dirs = profile_dirs(args.profiles)
        if args.url:
            profiles = [generic_profile(args.url)]
        elif args.all:
            profiles = load_profiles(dirs)
        else:
            profiles = [load_profile(name, dirs) for name in args.sites]
    except ProfileError as error:
        print_error(str(error))
        return 2
    if not profiles:
        print_error("name a site, --all or --url URL (see zhnews crawl --help)")
        return 2
    if args.origin and len(profiles) != 1:
        print_error("--origin points one site at another server: name exactly one site")
        return 2
    args.report.dataset = writable_folder(args.output, "-o")
    try:
        summary = run_crawl(profiles, args.output, origin=args.origin,
                            settings_overrides=crawl_log_settings(args.verbose) | scrapy_log_settings(args.log_file)
                            | dask_settings(args.dask) | redis_settings(args.redis) | dict(args.set))
    except ProfileError as error:  # --origin that is no http(s) URL
        raise OperatorError(str(error)) from None
    return report_crawl(summary, args.output, args.report)


def cmd_sites(args: argparse.Namespace) -> int:
    with stop_signals_deferred():
        from crawler.profiles import PROFILES_DIR, ProfileError, profile_dirs, profile_files, read_profile

    try:
        files = profile_files(profile_dirs(args.profiles))
        profiles = [(read_profile(path), path) for path in files.values()]
    except ProfileError as error:
        print_error(str(error))
        return exitcodes.USAGE
    table = Table(title="site profiles")
    for column in ("site", "title", "domains", "finds articles in", "profile"):
        table.add_column(column, overflow="fold")  # wrapped when narrow, never cut off
    for profile, path in profiles:
        source = "shipped" if path.parent == PROFILES_DIR else str(path)
        table.add_row(profile.name, profile.title, "\n".join(profile.domains), ", ".join(profile.discovery), source)
    Console().print(table)  # the list is what was asked for: stdout
    return 0


def print_steps(steps: dict[str, tuple[int, int]]) -> None:
    """What each cleaning step did in a crawl or a reprocess (documents changed, pieces removed)."""
    table = Table(title="what each cleaning step did")
    for column in ("step", "documents changed", "pieces removed"):
        table.add_column(column, justify="left" if column == "step" else "right")
    for step, (changed, removed) in steps.items():
        table.add_row(step, str(changed), str(removed))
    console.print(table)


def report_crawl(summary: "CrawlSummary", output: Path, report: RunReport) -> int:
    table = Table(title=f"crawl → {output}")
    for column in ("site", "pages", "downloaded", "unchanged", "written", "present", "rejected"):
        table.add_column(column, justify="left" if column == "site" else "right")
    for site in summary.sites:
        table.add_row(site.site, str(site.pages), str(site.articles_fetched), str(site.not_modified),
                      str(site.written), str(site.already_present), str(sum(site.rejects.values())))
    console.print(table)
    if summary.rejects:
        print_summary("rejected, by reason", [], summary.rejects)
    if any(changed or removed for changed, removed in summary.steps.values()):
        print_steps(summary.steps)
    for site in summary.sites:
        if site.finish_reason != "finished":
            console.print(f"[yellow]{site.site} did not finish ({site.finish_reason}): run again to resume[/]")
    for site in unreached(summary):
        console.print(f"[red]{site}: no page could be fetched[/] (the rejects say why: DNS, refused, timeout)")
    console.print(f"dataset: {output}/docs (rejects: {output}/rejects)")
    report.counts, report.sites, report.rejects = crawl_counts(summary), per_site(summary), summary.rejects
    return crawl_exit_code(summary)


def cmd_check(args: argparse.Namespace) -> int:
    with stop_signals_deferred():
        from corpus.dataset import Dataset

    if not args.dataset.is_dir():
        print_error(f"no such dataset: {args.dataset}")
        return exitcodes.USAGE
    dataset = Dataset(args.dataset)
    with dataset.exclusive("zhnews check"):  # DatasetBusy (exit 3): a writer's parts are still coming
        return _check(dataset, args.repair)


def _check(dataset: "Dataset", repair: bool) -> int:
    from corpus.check import move_aside, problems

    found = problems(dataset.path, thorough=True)
    for problem in found:
        print(f"{problem.path}: {problem.what}")
    if not found:
        print(f"{dataset.path}: every part is readable and matches its schema and the manifest")
        return exitcodes.OK
    if not repair:
        print(f"run `zhnews check {dataset.path} --repair` to move bad parts aside and recount the manifest")
        return exitcodes.USAGE
    for moved in move_aside(dataset.path, found):
        print(f"moved aside: {moved}")
    dataset.write_manifest()
    print(f"{dataset.path}: repaired; the rows of the parts moved aside are no longer in it")
    return exitcodes.OK


def cmd_reprocess(args: argparse.Namespace) -> int:
    with stop_signals_deferred():
        from corpus.dataset import Dataset
        from zhnews.reprocess import reprocess

    if not args.dataset.is_dir():
        raise OperatorError(f"no dataset at {args.dataset}")
    if not (args.dataset / "raw").is_dir():
        with Dataset(args.dataset).exclusive("zhnews reprocess"):  # DatasetBusy: a first crawl is still running
            raise OperatorError(f"{args.dataset} has no raw/ archive: only crawled datasets can be reprocessed")
    args.report.dataset = args.dataset
    summary = reprocess(args.dataset, settings_overrides=crawl_log_settings(verbose=False)
                        | scrapy_log_settings(args.log_file) | dask_settings(args.dask))
    print_summary(
        f"reprocess {args.dataset}",
        [("raw pages", summary.raw_pages), ("articles", summary.articles),
         ("written (new or revised)", summary.written), ("unchanged", summary.already_present)],
        summary.rejected,
    )
    print_steps(summary.steps)
    args.report.counts = {"raw_pages": summary.raw_pages, "articles": summary.articles, "written": summary.written,
                          "already_present": summary.already_present, "rejected": sum(summary.rejected.values())}
    args.report.rejects = summary.rejected
    return 0


def add_profiles_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--profiles", type=Path, action="append", default=[], metavar="DIR",
        help="a folder of your own NAME.toml profiles, added to the shipped ones; a profile there "
        f"replaces a shipped one of the same name. Repeatable. ${PROFILES_ENV} (folders separated "
        "by ':') does the same for every command, zhnews reprocess and scrapy crawl included",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhnews",
        description="Crawl, extract and clean Chinese news into a Parquet corpus.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser(
        "ingest",
        help="clean text files and saved pages into a dataset",
        description="Clean corpus text files (.txt, seed format) and saved pages (.html, .htm, .shtml, "
        ".xhtml) into a Parquet dataset. Every file named or found under a folder ends either in "
        "DATASET/docs or in DATASET/rejects with its reason (other types, FIFOs and devices, files "
        "over the size cap and undecodable names too). Re-running adds only what is new.",
    )
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a file or a folder")
    ingest.add_argument("-o", "--output", type=Path, required=True, metavar="DATASET", help="dataset folder")
    ingest.add_argument("-w", "--workers", type=int, default=0, metavar="N",
                        help="worker processes (default: one per core; 1: no pool); the output is the same")
    add_dask_option(ingest)
    add_run_options(ingest)
    ingest.set_defaults(run=cmd_ingest)

    export = commands.add_parser(
        "export",
        help="write a dataset's documents as .txt files, JSON Lines, CSV or XLSX",
        description="Write each document's newest revision: txt = NNN_<id>.txt files in DIR, byte for byte the "
        "corpus format; jsonl, csv (UTF-8 with BOM, for Excel), xlsx = one file.",
    )
    export.add_argument("dataset", type=Path, metavar="DATASET")
    export.add_argument("--format", choices=["txt", "jsonl", "csv", "xlsx"], default="txt",
                        help="output format (default: txt)")
    export.add_argument("--site", action="append", metavar="SITE", help="only this site (repeatable)")
    export.add_argument("--since", metavar="YYYY-MM-DD", help="only documents published on or after this day")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="DIR|FILE")
    export.set_defaults(run=cmd_export)

    compact = commands.add_parser(
        "compact", help="merge a dataset's small part files",
        description="Merge the small part files of each partition into files of up to about 128 MB, atomically. "
        "Refused while a crawl or an ingest writes to the dataset.",
    )
    compact.add_argument("dataset", type=Path, metavar="DATASET")
    compact.set_defaults(run=cmd_compact)

    report = commands.add_parser(
        "report", help="write an HTML report of what a dataset holds",
        description="One self-contained HTML file with charts: documents per site and day, text lengths, "
        "reject reasons, cleaning rules, duplicate clusters, topic scores.",
    )
    report.add_argument("dataset", type=Path, metavar="DATASET")
    report.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: DATASET/report.html")
    report.set_defaults(run=cmd_report)

    crawl = commands.add_parser(
        "crawl",
        help="crawl news sites into a dataset",
        description="Crawl sites by their profile (zhnews sites lists them), all of them, or any news "
        "site from a start URL (the generic profile: stays on that host, finds articles by URL shape "
        "and page structure). Polite by default: robots.txt, AutoThrottle, 1-2 requests at a time per "
        "site. Incremental: a re-run fetches only new or changed articles; a killed crawl resumes.",
    )
    crawl.add_argument("sites", nargs="*", metavar="SITE", help="profile names (zhnews sites lists them)")
    crawl.add_argument("--all", action="store_true", help="crawl every profile")
    crawl.add_argument("--url", metavar="URL", help="crawl a site without a profile from this start URL")
    add_profiles_argument(crawl)
    crawl.add_argument("-o", "--output", type=Path, default=DEFAULT_CRAWL_OUTPUT, metavar="DATASET",
                       help=f"dataset folder (default: {DEFAULT_CRAWL_OUTPUT})")
    crawl.add_argument("--origin", metavar="URL",
                       help="fetch the site from this server instead (a replica, e.g. http://127.0.0.1:8000)")
    crawl.add_argument("-s", "--set", type=scrapy_setting, action="append", default=[], metavar="NAME=VALUE",
                       help="a Scrapy or zhnews setting for this crawl, as scrapy crawl -s (e.g. DOWNLOAD_DELAY=0)")
    crawl.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's log: requests, progress, stats")
    add_dask_option(crawl)
    crawl.add_argument("--redis", metavar="URL",
                       help="share one crawl frontier in this Redis (redis://HOST:6379/N) with every crawler "
                       "process given the same URL, on any machine: each page fetched once, each site's delay "
                       "held across all of them (docs/operations.md)")
    add_run_options(crawl)
    crawl.set_defaults(run=cmd_crawl)

    sites = commands.add_parser(
        "sites",
        help="list the site profiles",
        description="List the site profiles zhnews crawl knows: name, title, domains, where the crawl finds "
        "articles (list pages, sitemaps, feeds) and the file it comes from (shipped with zhnews, or "
        f"your own from --profiles or ${PROFILES_ENV}). A profile with a mistake is an error naming the "
        "file and the key.",
    )
    add_profiles_argument(sites)
    sites.set_defaults(run=cmd_sites)

    reprocess = commands.add_parser(
        "reprocess",
        help="redo extraction and cleaning from a crawl's raw archive",
        description="Run extraction and cleaning again over DATASET/raw, fetching nothing: changed "
        "texts become new revisions, unchanged ones are left as they are.",
    )
    reprocess.add_argument("dataset", type=Path, metavar="DATASET")
    add_dask_option(reprocess)
    add_run_options(reprocess)
    reprocess.set_defaults(run=cmd_reprocess)

    add_status_command(commands)

    check = commands.add_parser(
        "check",
        help="verify a dataset's parts; --repair moves bad ones aside",
        description="Read every part of DATASET (docs, rejects, raw) in full and check it against its "
        "schema and the manifest's counts; exit 2 when something is wrong. --repair moves unreadable "
        "or foreign parts to DATASET/damaged/ and recounts the manifest.",
    )
    check.add_argument("dataset", type=Path, metavar="DATASET")
    check.add_argument("--repair", action="store_true", help="move bad parts aside to DATASET/damaged/")
    check.set_defaults(run=cmd_check)

    from zhnews.evaluate import add_arguments as add_eval_arguments, main_from_args as run_eval

    evaluate = commands.add_parser(
        "eval",
        help="score extraction against the benchmark pages",
        description="Run the HTML path of `zhnews ingest` and other extractors over the benchmark pages "
        "with gold text; print and write a Markdown comparison table. The other extractors come with "
        "pip install 'zhnews[eval]'.",
    )
    add_eval_arguments(evaluate)
    evaluate.set_defaults(run=run_eval)
    return parser


def _stop_on_sigterm() -> None:
    """SIGTERM (``systemctl stop``, ``kill``) stops a run as Ctrl-C does."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser().parse_args(argv)
    _stop_on_sigterm()
    return run_command(args, argv)


if __name__ == "__main__":
    sys.exit(main())
