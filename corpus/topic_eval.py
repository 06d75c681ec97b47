"""Precision and recall of the off-topic gate on texts the lexicon was not written from.

    python -m corpus.topic_eval [--shared DIR]

Positives: the gold texts of the benchmark pages (``DIR/benchmarks/*/gold``) and the
raw page texts of ``DIR/cleaning-dev`` (real Chinese news, noise included). Negatives:
``topic_negatives.txt`` (gossip, ads, game ads, click-bait, fiction, spam). The gate's
task is to reject negatives, so a negative is the "positive class" of precision and
recall: precision = share of rejected texts that are negatives, recall = share of
negatives rejected. Prints a Markdown table for docs/topic.md.
"""

from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from cleaners.pipeline import clean_text
from corpus.topic import OFF_TOPIC_THRESHOLD, similarity

NEGATIVES_PATH = Path(__file__).with_name("topic_negatives.txt")
DEFAULT_SHARED = Path(__file__).resolve().parents[2] / "shared"
_BLOCK = re.compile(r"^## (\w+)\n(.*?)(?=^## |\Z)", re.S | re.M)


@dataclass(frozen=True)
class Sample:
    name: str
    kind: str  # "news" or the negative's kind
    text: str

    @property
    def is_news(self) -> bool:
        return self.kind == "news"


def negatives(path: Path = NEGATIVES_PATH) -> list[Sample]:
    blocks = _BLOCK.findall(path.read_text(encoding="utf-8"))
    return [Sample(f"negative-{i}", kind, text.strip()) for i, (kind, text) in enumerate(blocks)]


def positives(shared: Path) -> list[Sample]:
    files = sorted(shared.glob("benchmarks/*/gold/*.txt")) + sorted((shared / "cleaning-dev").glob("*.txt"))
    return [Sample(str(p.relative_to(shared)), "news", p.read_text(encoding="utf-8", errors="replace")) for p in files]


@dataclass(frozen=True)
class GateFigures:
    threshold: float
    rejected_negatives: int
    negatives: int
    rejected_news: int
    news: int

    @property
    def precision(self) -> float:
        rejected = self.rejected_negatives + self.rejected_news
        return self.rejected_negatives / rejected if rejected else 1.0

    @property
    def recall(self) -> float:
        return self.rejected_negatives / self.negatives if self.negatives else 1.0


def figures(scored: list[tuple[Sample, float]], threshold: float) -> GateFigures:
    return GateFigures(
        threshold,
        rejected_negatives=sum(score < threshold for s, score in scored if not s.is_news),
        negatives=sum(not s.is_news for s, _ in scored),
        rejected_news=sum(score < threshold for s, score in scored if s.is_news),
        news=sum(s.is_news for s, _ in scored),
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    args = parser.parse_args(argv)
    samples = positives(args.shared) + negatives()
    # Scored as a crawl scores them: after cleaning (mojibake repaired, Traditional script
    # made Simplified, boilerplate out).
    scored = [(s, similarity(clean_text(s.text).text)) for s in samples]
    # Weight and threshold were chosen on the dev half (even positions) only.
    halves = {"dev": scored[0::2], "held-out": scored[1::2], "all": scored}
    print("| texts | threshold | precision | recall | news rejected | negatives rejected |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, part in halves.items():
        for threshold in (0.10, OFF_TOPIC_THRESHOLD, 0.40):
            f = figures(part, threshold)
            print(f"| {name} | {threshold:.2f} | {f.precision:.3f} | {f.recall:.3f} | "
                  f"{f.rejected_news}/{f.news} | {f.rejected_negatives}/{f.negatives} |")
    print()
    ranked = sorted(scored, key=lambda pair: pair[1])
    lowest_news = [f"{s.name} {v:.3f}" for s, v in ranked if s.is_news][:5]
    highest_negatives = [f"{s.kind} {v:.3f}" for s, v in reversed(ranked) if not s.is_news][:5]
    print("Lowest-scoring news:", ", ".join(lowest_news))
    print("Highest-scoring negatives:", ", ".join(highest_negatives))

if __name__ == "__main__":
    main()
