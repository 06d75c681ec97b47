"""The ``zhnews`` command line."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

console = Console(stderr=True)


def progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=console, transient=False,
    )


def cmd_ingest(args: argparse.Namespace) -> int:
    from zhnews.dataset import Dataset, DatasetBusy
    from zhnews.ingest import ingest

    missing = [p for p in args.paths if not p.exists()]
    if missing:
        console.print(f"[red]error:[/] no such file or folder: {', '.join(map(str, missing))}")
        return 2
    dataset = Dataset(args.output)
    try:
        with dataset.exclusive("zhnews ingest"), progress_bar() as progress:
            summary = ingest(args.paths, dataset, progress)
    except DatasetBusy as error:
        console.print(f"[red]error:[/] {error}")
        return 1
    table = Table(title=f"ingest → {args.output}")
    table.add_column("what")
    table.add_column("count", justify="right")
    table.add_row("read", str(summary.read))
    table.add_row("kept (new documents)", str(summary.kept))
    table.add_row("already in the dataset", str(summary.already_present))
    for reason, count in sorted(summary.rejected.items()):
        table.add_row(f"rejected: {reason}", str(count))
    console.print(table)
    print(f"dataset: {args.output}/docs (rejects: {args.output}/rejects)")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from zhnews.dataset import Dataset
    from zhnews.export import export_txt

    if not (args.dataset / "docs").is_dir():
        console.print(f"[red]error:[/] {args.dataset} is not a zhnews dataset (no docs/ folder)")
        return 2
    written = export_txt(Dataset(args.dataset), args.output)
    print(f"wrote {len(written)} documents to {args.output}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="zhnews",
        description="Crawl, extract and clean Chinese news into a Parquet corpus.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ingest = commands.add_parser(
        "ingest",
        help="clean text files and saved pages into a dataset",
        description="Clean corpus text files (.txt, seed format) and saved pages (.html/.htm) into a "
        "Parquet dataset. Folders are searched for such files; every file ends either in "
        "DATASET/docs or in DATASET/rejects with its reason. Re-running adds only what is new.",
    )
    ingest.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="a file or a folder")
    ingest.add_argument("-o", "--output", type=Path, required=True, metavar="DATASET", help="dataset folder")
    ingest.set_defaults(run=cmd_ingest)

    export = commands.add_parser(
        "export",
        help="write a dataset back in the seed corpus format",
        description="Write each document's newest revision as NNN_<id>.txt, byte for byte the corpus format.",
    )
    export.add_argument("dataset", type=Path, metavar="DATASET")
    export.add_argument("--format", choices=["txt"], default="txt", help="output format (default: txt)")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    export.set_defaults(run=cmd_export)

    from zhnews.evaluate import add_arguments as add_eval_arguments, main_from_args as run_eval

    evaluate = commands.add_parser(
        "eval",
        help="score extraction against the benchmark pages",
        description="Run the HTML path of `zhnews ingest` and other extractors over the benchmark pages "
        "with gold text; print and write a Markdown comparison table.",
    )
    add_eval_arguments(evaluate)
    evaluate.set_defaults(run=run_eval)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
