"""Dataset benchmarks for ``make bench``: deduplication throughput and peak memory at
100k documents, and the time of a one-document write at 10 and at 1,000 existing parts.

Documents are about 3 KB of Chinese: sentences drawn from the seed and replica articles
(so documents share phrases the way news on one topic does) joined with random text in
the corpus's own character frequencies; one in twenty is a re-typed copy of an earlier
one, so the near-duplicate and original-wins paths run too. Writes go through
``Dataset.write`` in batches of 1,000, as a crawl's flushes do. Each measurement runs in
a child process of its own, so that peak memory is the dedup's alone.

Results go to docs/bench.md under their own heading (the rest of the file is
``zhnews.bench``'s).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HEADING = "## Dataset: deduplication and writes"
BATCH = 1000


def corpus_sentences() -> list[str]:
    from crawler.replicas.server import REPLICAS_DIR
    from crawler.replicas.site import load_site

    texts = [p.read_text(encoding="utf-8") for p in sorted((REPO / "seeds" / "documents").glob("*.txt"))]
    for folder in sorted(p for p in REPLICAS_DIR.iterdir() if (p / "site.toml").is_file()):
        texts += ["".join(p for page in a.pages for p in page) for a in load_site(folder).articles]
    return [s for t in texts for s in re.split(r"(?<=[。!?])", t) if len(s) > 10]


def documents(count: int, seed: int = 7, copy_every: int | None = 20):
    """Documents of about 3 KB each; every ``copy_every``-th re-types an earlier one."""
    from corpus.ids import content_hash
    from corpus.records import Document

    sentences = corpus_sentences()
    characters = Counter("".join(sentences))
    alphabet, weights = list(characters), list(characters.values())
    rng = random.Random(seed)
    recent: list[str] = []
    for n in range(count):
        if copy_every and n % copy_every == copy_every - 1 and recent:
            paragraphs = rng.choice(recent).split("\n\n")
            del paragraphs[rng.randrange(1, len(paragraphs))]
            text = "\n\n".join([*paragraphs, "本站内容来源于网络,如有侵权请联系删除"])
            kind = rng.choice(["mirror", "official"])  # an official copy supersedes its portal original
        else:
            paragraphs = []
            for _ in range(5):
                paragraphs.append("".join(rng.choice(sentences) for _ in range(2)) +
                                  "".join(rng.choices(alphabet, weights, k=130)) + "。")
            text = f"第{n}号\n\n" + "\n\n".join(paragraphs)
            kind = rng.choice(["official", "newspaper", "portal"])
            recent = (recent + [text])[-200:]
        site = f"site{n % 8}"
        yield Document(id=f"{n:016x}", text=text, title=text.split("\n\n")[0], site=site, source_kind=kind,
                       published=f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}", content_hash=content_hash(text),
                       origin=f"bench/{n}")


def batched(items, size: int):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_dedup(count: int) -> dict:
    from corpus.dataset import Dataset

    with tempfile.TemporaryDirectory() as tmp:
        dataset = Dataset(tmp)
        totals: Counter = Counter()
        size, seconds, cpu = 0, 0.0, 0.0
        for batch in batched(documents(count), BATCH):
            size += sum(len(doc.text.encode("utf-8")) for doc in batch)
            started, started_cpu = time.perf_counter(), time.process_time()  # the write alone
            summary = dataset.write(batch, [])
            seconds += time.perf_counter() - started
            cpu += time.process_time() - started_cpu  # what the dedup costs, whoever else shares the cores
            totals.update(written=summary.written, near_duplicates=summary.near_duplicates,
                          duplicates=summary.duplicates, superseded=summary.superseded)
    return {"docs": count, "seconds": seconds, "cpu_seconds": cpu, "mean_bytes": size / count, **totals,
            "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_one_doc_writes(parts: int, repeats: int = 20) -> dict:
    """Grow a dataset to ``parts`` part files, then time single-document writes."""
    from corpus.dataset import Dataset
    from corpus.parts import part_paths

    docs = documents(parts + 2 * repeats, seed=11, copy_every=None)  # one new part per write
    with tempfile.TemporaryDirectory() as tmp:
        dataset = Dataset(tmp)
        while len(part_paths(Path(tmp) / "docs")) < parts:
            dataset.write([next(docs)], [])
        dataset.close()
        cold, warm = [], []
        for _ in range(repeats):
            started = time.perf_counter()
            fresh = Dataset(tmp)  # a new run: opens the index, recovers, writes
            fresh.write([next(docs)], [])
            cold.append(time.perf_counter() - started)
            started = time.perf_counter()
            fresh.write([next(docs)], [])  # the same run's next flush
            warm.append(time.perf_counter() - started)
            fresh.close()
        return {"parts": parts, "cold_ms": statistics.median(cold) * 1000, "warm_ms": statistics.median(warm) * 1000}


def child(function: str, argument: int) -> dict:
    done = subprocess.run([sys.executable, "-m", "zhnews.bench_dataset", "--child", function, str(argument)],
                          cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{function} {argument} failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def render(dedup: dict, writes: list[dict]) -> str:
    lines = [
        HEADING,
        "",
        f"Measured {time.strftime('%Y-%m-%d')} with `python -m zhnews.bench_dataset`, one process, on a 2-core "
        f"machine shared with other work (load average {os.getloadavg()[0]:.1f} at the end): CPU time is the "
        "figure that does not depend on the neighbours.",
        "",
        "| what | result |",
        "|---|---:|",
        f"| dedup + write, {dedup['docs']:,} documents of {dedup['mean_bytes'] / 1024:.1f} KB, batches of {BATCH:,} "
        f"| {dedup['seconds']:.0f} s wall ({dedup['docs'] / dedup['seconds']:,.0f} docs/s), "
        f"{dedup['cpu_seconds']:.0f} s CPU ({dedup['docs'] / dedup['cpu_seconds']:,.0f} docs/s) |",
        f"|   written / near-duplicates / duplicates / originals that superseded a copy | {dedup['written']:,} / "
        f"{dedup['near_duplicates']:,} / {dedup['duplicates']:,} / {dedup['superseded']:,} |",
        f"|   peak memory (max RSS of the process) | {dedup['max_rss_mib']:,.0f} MiB |",
    ]
    for w in writes:
        lines.append(f"| one-document write at {w['parts']:,} existing parts, new run / next flush "
                     f"| {w['cold_ms']:.1f} ms / {w['warm_ms']:.1f} ms |")
    lines.append("")
    return "\n".join(lines)


def replace_section(path: Path, section: str) -> None:
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    start = text.find(HEADING)
    if start >= 0:
        end = text.find("\n## ", start + len(HEADING))
        text = text[:start] + text[end + 1 if end >= 0 else len(text):]
    path.write_text(text.rstrip("\n") + "\n\n" + section, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="zhnews-bench-dataset", description=__doc__)
    parser.add_argument("--docs", type=int, default=100_000, help="documents for the dedup benchmark")
    parser.add_argument("--parts", type=int, nargs="+", default=[10, 1000], help="existing parts for one-doc writes")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "bench.md")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        function, argument = args.child
        print(json.dumps({"dedup": run_dedup, "writes": run_one_doc_writes}[function](int(argument))))
        return 0
    writes = [child("writes", parts) for parts in args.parts]
    dedup = child("dedup", args.docs)
    section = render(dedup, writes)
    replace_section(args.out, section)
    print(section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
