"""The cleaning pipeline, in one visible place.

Formatters (text -> text plus what was removed and found) run in order; then the quality
gates (text -> keep, or the name of the gate that rejects it); then the language tagger.
Every step is built from its defaults and the site profile's overrides
(``Hints.step_overrides``), and counts what it did into ``PipelineCounters``.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from cleaners.base import (
    NO_HINTS, Cleaned, Formatter, Gate, Hints, Removal, Step, StepOverrides, in_corpus_layout, split_paragraphs,
)
from cleaners.boilerplate import BoilerplateRemover
from cleaners.breadcrumb import BreadcrumbRemover
from cleaners.counters import PipelineCounters
from cleaners.credits import CreditRemover
from cleaners.forum import ForumChromeRemover
from cleaners.gates import QUALITY_GATES, first_failure
from cleaners.lang import UNKNOWN, LanguageTagger
from cleaners.layout import LineLayout
from cleaners.metadata import MetadataLineRemover
from cleaners.mojibake import MojibakeRepairer
from cleaners.page_chrome import InlineJunkRemover, PageChromeRemover
from cleaners.paragraphs import BrokenParagraphJoiner
from cleaners.pinyin import PinyinAnnotationRemover
from cleaners.related import RelatedListRemover
from cleaners.repeated_title import RepeatedTitleRemover
from cleaners.script import SimplifiedConverter
from cleaners.site_template import SiteTemplateRemover
from cleaners.slogan import SloganRemover
from cleaners.spam_title import SpamTitleRemover
from cleaners.width import WidthFolder

__all__ = ["CleanResult", "PipelineCounters", "Steps", "clean_text", "normalised", "steps_for"]

AnyStep = TypeVar("AnyStep", bound=Step)


@dataclass(frozen=True)
class Steps:
    """Every step of the pipeline, in the order it runs, with its parameters."""

    # Character-level repairs and normalisation: each is done once it has run.
    normalisers: tuple[Formatter, ...] = (
        MojibakeRepairer(),  # first: every later rule matches correctly decoded text
        WidthFolder(),  # later rules match half-width punctuation only
        LineLayout(),
        PinyinAnnotationRemover(),  # before conversion: a reading follows the traditional character
        SimplifiedConverter(),  # later rules match simplified forms only
        InlineJunkRemover(),  # HTML and anti-copy strings break up the lines the rules read
    )
    # Line removers, then the joiner. One removal can expose another (a slogan repeated
    # twice reads as a list until the repeat goes), and a join can make a new fragment, so
    # they run again until a round changes nothing: cleaning a clean text changes nothing.
    removers: tuple[Formatter, ...] = (
        SpamTitleRemover(),
        ForumChromeRemover(),
        BreadcrumbRemover(),
        MetadataLineRemover(),
        BoilerplateRemover(),
        SloganRemover(),
        CreditRemover(),
        SiteTemplateRemover(),  # after the rules that read a date or a byline off their lines
        RelatedListRemover(),
        PageChromeRemover(),  # shapes: what the wording rules above did not know
        RepeatedTitleRemover(),  # once the lines above are gone, the headline leads
    )
    joiners: tuple[Formatter, ...] = (BrokenParagraphJoiner(),)  # last: joins only what survived
    gates: tuple[Gate, ...] = QUALITY_GATES
    language: LanguageTagger = LanguageTagger()
    max_rounds: int = 4

    @property
    def formatters(self) -> tuple[Formatter, ...]:
        return self.normalisers + self.removers + self.joiners

    def configured(self, overrides: StepOverrides) -> Steps:
        """These steps with the parameters ``overrides`` names changed."""
        by_step: dict[str, dict[str, object]] = defaultdict(dict)
        for step, parameter, value in overrides:
            by_step[step][parameter] = value
        known = {step.name for step in (*self.formatters, *self.gates, self.language)}
        unknown = sorted(set(by_step) - known)
        if unknown:
            raise ValueError(f"no cleaning step named {unknown[0]!r} (steps: {', '.join(sorted(known))})")

        def configured(step: AnyStep) -> AnyStep:
            return step.configured(by_step.get(step.name, {}))

        return Steps(
            tuple(map(configured, self.normalisers)), tuple(map(configured, self.removers)),
            tuple(map(configured, self.joiners)), tuple(map(configured, self.gates)), configured(self.language),
            self.max_rounds,
        )


DEFAULT_STEPS = Steps()
# (name, formatter) in the order they run, for timing each one (zhnews.bench).
FORMATTERS: tuple[tuple[str, Formatter], ...] = tuple((f.name, f) for f in DEFAULT_STEPS.formatters)


@lru_cache(maxsize=64)
def steps_for(overrides: StepOverrides) -> Steps:
    """The steps a site's overrides make: built once per distinct set, as many documents share one."""
    return DEFAULT_STEPS.configured(overrides)


def _is_left_alone(text: str, result: Cleaned) -> bool:
    return result.text == text and not result.removed and not result.found


def _kept_as_they_were(text: str, result: Cleaned) -> list[str]:
    """The paragraphs of ``text`` a step kept as they were: all of them if it left the text
    alone; if it took whole paragraphs out and changed none, what it kept (a paragraph it
    cut a piece off counts a removal more than it lost paragraphs); else none known."""
    kept = split_paragraphs(result.text)
    if _is_left_alone(text, result):
        return kept
    taken_out = Counter(removal.text for removal in result.removed)
    return kept if Counter(split_paragraphs(text)) == Counter(kept) + taken_out else []


@dataclass(frozen=True)
class CleanResult:
    text: str
    removed: tuple[Removal, ...]
    script_converted: bool
    published: str | None  # the date the metadata step read from a line it removed
    rejection: str | None  # the first quality gate the text failed, or None
    lang: str = "unknown"
    lang_prob: float = 0.0
    byline: str | None = None  # the credit line naming the writer that the credits step removed

    @property
    def title(self) -> str:
        paragraphs = split_paragraphs(self.text)
        return paragraphs[0] if paragraphs else ""


def normalised(text: str, hints: Hints = NO_HINTS) -> str:
    """``text`` after the normalisers only: the form whose lines a site's template is learnt from."""
    for formatter in steps_for(hints.step_overrides).normalisers:
        text = formatter(text, hints).text
    return text


def clean_text(text: str, hints: Hints = NO_HINTS, counters: PipelineCounters | None = None) -> CleanResult:
    steps = steps_for(hints.step_overrides)
    if hints.title:
        # The removers compare lines with the page's headline: in the form the normalisers
        # give the lines (simplified, half-width, single spaces), or a traditional character
        # or a double space in the page's title would hide its own headline from them.
        hints = dataclasses.replace(hints, title=normalised(hints.title, hints))
    removed: list[Removal] = []
    found: dict[str, str] = {}  # the first of each kind a step found
    changed_by: set[str] = set()
    # The text each formatter last left as it was, with nothing removed or found. A step
    # is a pure function of its text (the hints stay the same), so given that text again
    # in a later round it would do nothing again: the steps after the last change of a
    # round are not run once more in the next, where they would only confirm it.
    left_alone: dict[str, str] = {}
    # The paragraphs a step that judges each alone (Formatter.judges_paragraphs_alone) has
    # left alone or kept as they were: a later round's text is made of them, with some
    # taken out, but for the paragraphs a join made or a cut changed, which alone are
    # shown to the step.
    left_alone_paragraphs: dict[str, set[str]] = {}

    def leaves_alone(formatter: Formatter, text: str) -> bool:
        if left_alone.get(formatter.name) == text:
            return True
        seen = left_alone_paragraphs.get(formatter.name)
        if seen is None:
            return False
        unseen = [p for p in split_paragraphs(text) if p not in seen]
        if not all(_is_left_alone(p, formatter(p, hints)) for p in unseen):
            return False
        seen.update(unseen)
        return True

    def run(formatters: tuple[Formatter, ...], text: str, first_round: bool = True) -> str:
        for formatter in formatters:
            if leaves_alone(formatter, text):
                continue  # nothing to count either: a later round adds no documents
            result = formatter(text, hints)
            if counters is not None:
                counters.step(formatter.name).add(text, result, first_round)
            if result.text != text:
                changed_by.add(formatter.name)
            elif _is_left_alone(text, result):
                left_alone[formatter.name] = text
            if formatter.judges_paragraphs_alone(hints) and in_corpus_layout(text):
                left_alone_paragraphs.setdefault(formatter.name, set()).update(_kept_as_they_were(text, result))
            removed.extend(result.removed)
            if result.found:
                found.update((kind, value) for kind, value in result.found.items() if kind not in found)
            text = result.text
        return text

    text = run(steps.normalisers, text)
    for round_number in range(steps.max_rounds):
        before = text
        text = run(steps.removers + steps.joiners, text, first_round=round_number == 0)
        if text == before:
            break
    rejection = first_failure(text, steps.gates)
    if counters is not None and rejection is not None:
        counters.reject(rejection)
    lang, lang_prob = steps.language(text) if rejection is None else UNKNOWN
    return CleanResult(
        text=text,
        removed=tuple(removed),
        script_converted="script" in changed_by,
        published=found.get("published"),
        rejection=rejection,
        lang=lang,
        lang_prob=lang_prob,
        byline=found.get("byline"),
    )
