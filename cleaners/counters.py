"""What each step did over many documents, datatrove-style, in a form that adds up.

Worker processes each fill their own ``PipelineCounters`` and send them back (they are
plain dataclasses, so they pickle); ``merge`` adds one into another, so a crawl reports
per-step and per-rule counts as ingest does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from cleaners.base import Cleaned


def _add_counts(into: dict[str, int], counts: Mapping[str, int]) -> None:
    for key, count in counts.items():
        into[key] = into.get(key, 0) + count


@dataclass
class Counters:
    """One formatter's counts: documents seen and changed, characters and pieces taken out."""

    documents: int = 0
    changed: int = 0
    removed_chars: int = 0
    removals: dict[str, int] = field(default_factory=dict)  # rule -> pieces

    def add(self, before: str, result: Cleaned, new_document: bool = True) -> None:
        """Count a step's run; a step that runs again on the same document counts it once."""
        if new_document:
            self.documents += 1
        if result.text != before and new_document:
            self.changed += 1
        # What the text lost, not the length of the removals: a join records the context
        # around the break it took out, a repair the broken original of what it put back.
        self.removed_chars += max(len(before) - len(result.text), 0)
        _add_counts(self.removals, Counter(removal.rule for removal in result.removed))

    def merge(self, other: Counters) -> None:
        self.documents += other.documents
        self.changed += other.changed
        self.removed_chars += other.removed_chars
        _add_counts(self.removals, other.removals)


@dataclass
class PipelineCounters:
    """Counters of every formatter by step name, and rejections by gate."""

    formatters: dict[str, Counters] = field(default_factory=dict)
    rejections: dict[str, int] = field(default_factory=dict)

    def step(self, name: str) -> Counters:
        return self.formatters.setdefault(name, Counters())

    def reject(self, gate: str) -> None:
        self.rejections[gate] = self.rejections.get(gate, 0) + 1

    def merge(self, other: PipelineCounters) -> None:
        for name, counters in other.formatters.items():
            self.step(name).merge(counters)
        _add_counts(self.rejections, other.rejections)
