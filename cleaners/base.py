"""The shapes every cleaning step shares.

A step is a small frozen dataclass with a ``name``; its parameters are its fields, with
their defaults, and a site profile overrides them by name (``Step.configured``). A
formatter is called ``(text, hints) -> Cleaned``; ``text`` is a document in corpus layout:
paragraphs separated by one blank line, the first paragraph the title. A formatter never
drops anything silently: each piece it takes out is a ``Removal`` naming the rule that
took it. A gate's ``rejects(text)`` says whether to reject the text, for the reason that
is the gate's name.
"""

from __future__ import annotations

import dataclasses
import re
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable, ClassVar, Iterable, Mapping, Self

from cleaners.vocabulary import CJK

PARAGRAPH_BREAK = "\n\n"
_BLANK_LINES = re.compile(r"\n[ \t\u3000]*\n\s*")


@dataclass(frozen=True)
class Removal:
    """One piece of text a cleaner took out, and the rule that took it (``cleaner.rule``)."""

    rule: str
    text: str


@dataclass(frozen=True)
class Cleaned:
    """A step's output text, what it took out, and what it read on the way.

    ``found`` holds facts about the document that a step recognised while removing them
    (``published``: the date of a metadata line; ``byline``: a credit line), so that
    nobody has to read them back out of the removals.
    """

    text: str
    removed: tuple[Removal, ...] = ()
    found: Mapping[str, str] = field(default_factory=dict)


# A site profile's changes to step parameters, as (step name, parameter, value):
# ``("too-short", "min_body_hanzi", 150)``. Tuples, so that hints hash (steps are built
# once per distinct set) and pickle (they travel to worker processes).
StepOverrides = tuple[tuple[str, str, object], ...]


@dataclass(frozen=True)
class Hints:
    """What a site profile or the page itself tells the cleaners beyond the text.

    ``site_names``: names a site appends to titles (``-信息快讯网``), for the repeated-title
    and metadata rules. ``footer_markers``: lines from which on a site's page is footer.
    ``title``: the title taken from the page's metadata, when the text came from HTML.
    ``step_overrides``: the profile's values for step parameters.
    ``template_lines``: the keys (``cleaners.site_template.line_key``) of the lines that
    recur across the site's pages, as ``corpus.line_index`` learnt them.
    """

    site_names: tuple[str, ...] = ()
    footer_markers: tuple[str, ...] = ()
    title: str | None = None
    step_overrides: StepOverrides = ()
    template_lines: frozenset[str] = frozenset()


NO_HINTS = Hints()


@dataclass(frozen=True)
class Step(ABC):
    """A named step; its parameters are its dataclass fields, defaults stated there."""

    name: ClassVar[str]

    def configured(self, parameters: Mapping[str, object]) -> Self:
        """This step with ``parameters`` changed; unknown names and wrong types are errors."""
        defaults = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        for parameter, value in parameters.items():
            if parameter not in defaults:
                known = ", ".join(defaults) or "none"
                raise ValueError(f"cleaning step {self.name!r} has no parameter {parameter!r} (it has: {known})")
            if not _fits(value, defaults[parameter]):
                raise ValueError(
                    f"cleaning step {self.name!r}: {parameter} must be like {defaults[parameter]!r}, not {value!r}"
                )
        return dataclasses.replace(self, **parameters)


def _fits(value: object, default: object) -> bool:
    # bool is an int to Python, never a count or a share to a step.
    if isinstance(value, bool):
        return isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, (int, float))
    return isinstance(value, type(default))


class Formatter(Step):
    """A step that rewrites the text: ``(text, hints) -> Cleaned``."""

    def judges_paragraphs_alone(self, hints: Hints) -> bool:
        """Whether, with ``hints``, this step judges each paragraph of a text in corpus layout
        by itself, not by its neighbours or its place: it leaves the text alone (same text,
        nothing removed or found) exactly when it leaves each paragraph alone, as a text of
        its own, and it leaves alone by itself each paragraph it keeps as it was. A later
        round of the pipeline then shows such a step only the paragraphs it has not judged
        yet (a join's), one by one."""
        return False

    @abstractmethod
    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned: ...


class Gate(Step):
    """A quality gate: whether to reject a cleaned text, for the reason that is its name."""

    @abstractmethod
    def rejects(self, text: str) -> bool: ...


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs of a corpus-layout text, without empty ones."""
    return list(_paragraphs(text))


# Every step splits the text it is given, and most steps hand the next one the text they
# were given: the split of the last few texts is kept, so one text is split once.
@lru_cache(maxsize=16)
def _paragraphs(text: str) -> tuple[str, ...]:
    return tuple(p for p in _BLANK_LINES.split(text.strip("\n")) if p.strip())


def join_paragraphs(paragraphs: Iterable[str]) -> str:
    return PARAGRAPH_BREAK.join(paragraphs)


@lru_cache(maxsize=16)  # asked of one text by each step that judges paragraphs alone
def in_corpus_layout(text: str) -> bool:
    """Whether ``text`` is its paragraphs joined by one blank line, and nothing else."""
    return join_paragraphs(_paragraphs(text)) == text


def drop_paragraphs(text: str, rule_for: Callable[[int, str, list[str]], str | None]) -> Cleaned:
    """Keep the paragraphs for which ``rule_for(index, paragraph, all_paragraphs)`` is None.

    The rule returns the name of the rule that condemns a paragraph, which goes into
    the ``Removal``. Decisions are taken on the original list, so a rule may look at
    neighbours without seeing earlier removals.
    """
    paragraphs = split_paragraphs(text)
    kept: list[str] = []
    removed: list[Removal] = []
    for index, paragraph in enumerate(paragraphs):
        rule = rule_for(index, paragraph, paragraphs)
        if rule is None:
            kept.append(paragraph)
        else:
            removed.append(Removal(rule, paragraph))
    if not removed:
        return Cleaned(text)
    return Cleaned(join_paragraphs(kept), tuple(removed))


def cjk_share(text: str) -> float:
    """Share of CJK ideographs among the non-space characters of ``text``."""
    visible = [c for c in text if not c.isspace()]
    if not visible:
        return 0.0
    return sum(1 for c in visible if CJK.match(c)) / len(visible)
