"""The cleaning pipeline, in one visible place.

Formatters (text -> text plus what was removed) run in order; then the quality gates
(text -> keep, or a reason to reject); then the language tag. Each formatter and gate
keeps its own counters, so a run can say what every step did.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaners.base import NO_HINTS, Cleaner, Counters, Hints, Removal, split_paragraphs
from cleaners.boilerplate import remove_boilerplate
from cleaners.breadcrumb import remove_breadcrumbs
from cleaners.credits import remove_credits
from cleaners.gates import first_failure
from cleaners.lang import detect_language
from cleaners.layout import one_paragraph_per_line
from cleaners.metadata import find_published, remove_metadata_lines
from cleaners.mojibake import repair_mojibake
from cleaners.paragraphs import join_broken_paragraphs
from cleaners.pinyin import remove_pinyin_annotations
from cleaners.related import remove_related_lists
from cleaners.repeated_title import remove_repeated_titles
from cleaners.script import to_simplified
from cleaners.slogan import remove_slogans
from cleaners.spam_title import remove_spam_titles
from cleaners.width import fold_width

Steps = tuple[tuple[str, Cleaner], ...]

# Character-level repairs and normalisation: each is done once it has run.
NORMALISERS: Steps = (
    ("mojibake", repair_mojibake),  # first: every later rule matches correctly decoded text
    ("width", fold_width),  # later rules match half-width punctuation only
    ("layout", one_paragraph_per_line),
    ("pinyin", remove_pinyin_annotations),  # before conversion: a reading follows the traditional character
    ("script", to_simplified),  # later rules match simplified forms only
)
# Line removers, then the joiner. One removal can expose another (a slogan repeated twice
# reads as a list until the repeat goes), and a join can make a new fragment, so they run
# again until a round changes nothing: cleaning a clean text changes nothing.
REMOVERS: Steps = (
    ("spam_title", remove_spam_titles),
    ("breadcrumb", remove_breadcrumbs),
    ("metadata", remove_metadata_lines),
    ("boilerplate", remove_boilerplate),
    ("slogan", remove_slogans),
    ("credits", remove_credits),
    ("related", remove_related_lists),
    ("repeated_title", remove_repeated_titles),  # once the lines above are gone, the headline leads
)
JOINERS: Steps = (("paragraphs", join_broken_paragraphs),)  # last: joins only what survived
MAX_ROUNDS = 4
FORMATTERS: Steps = NORMALISERS + REMOVERS + JOINERS


@dataclass(frozen=True)
class CleanResult:
    text: str
    removed: tuple[Removal, ...]
    script_converted: bool
    published: str | None  # read from the metadata lines the cleaners removed
    rejection: str | None  # the first quality gate the text failed, or None
    lang: str = "unknown"
    lang_prob: float = 0.0

    @property
    def title(self) -> str:
        paragraphs = split_paragraphs(self.text)
        return paragraphs[0] if paragraphs else ""


@dataclass
class PipelineCounters:
    formatters: dict[str, Counters] = field(default_factory=lambda: {name: Counters() for name, _ in FORMATTERS})
    rejections: dict[str, int] = field(default_factory=dict)


def clean_text(text: str, hints: Hints = NO_HINTS, counters: PipelineCounters | None = None) -> CleanResult:
    removed: list[Removal] = []
    changed_by: set[str] = set()

    def run(steps: Steps, text: str, first_round: bool = True) -> str:
        for name, formatter in steps:
            result = formatter(text, hints)
            if counters is not None:
                counters.formatters[name].add(text, result, first_round)
            if result.text != text:
                changed_by.add(name)
            removed.extend(result.removed)
            text = result.text
        return text

    text = run(NORMALISERS, text)
    for round_number in range(MAX_ROUNDS):
        before = text
        text = run(REMOVERS + JOINERS, text, first_round=round_number == 0)
        if text == before:
            break
    metadata_lines = "\n".join(r.text for r in removed if r.rule.startswith("metadata."))
    rejection = first_failure(text)
    if counters is not None and rejection is not None:
        counters.rejections[rejection] = counters.rejections.get(rejection, 0) + 1
    lang, lang_prob = detect_language(text) if rejection is None else ("unknown", 0.0)
    return CleanResult(
        text=text,
        removed=tuple(removed),
        script_converted="script" in changed_by,
        published=find_published(metadata_lines) if metadata_lines else None,
        rejection=rejection,
        lang=lang,
        lang_prob=lang_prob,
    )
