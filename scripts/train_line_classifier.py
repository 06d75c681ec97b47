"""Train and judge the line classifier (cleaners/line_classifier.py) against the rules.

Usage, from the repository root with ../shared beside it:

    PYTHONPATH=. .venv/bin/python scripts/train_line_classifier.py

Labelled lines are derived here, every run, from ../shared (no copy of any gold text is
kept in the repository):

- ``../shared/benchmarks``: each page goes through extraction as ``zhnews eval`` does it;
  the text cleaning starts from (headline, body), in the form the line rules see
  (``cleaners.pipeline.normalised``), is split into lines; a line is body when it is in
  the page's gold text (a short line: equal to a gold line; a long one: 80% of its
  character bigrams in the gold), noise when it is not in the gold at all (a short line:
  nowhere in it; a long one: 20% of its bigrams or less); lines in between are left out.
- ``../shared/cleaning-dev``: a line holding a ``must_not_contain`` string of a line-noise
  kind is noise, one holding a ``must_contain`` string is body (both: left out).

The headline (first line) is never labelled: the benchmarks' gold leaves it out by design,
and the headline rules judge it. Splits: the benchmarks' dev/held-out split
(zhnews/eval_split.json) and the cleaning set's tuned/held-out split
(tests/cleaning/dev_split.json). The model is fitted on dev pages only; its threshold is
chosen on out-of-fold predictions over the dev pages (folds by page); held-out pages are
used once, for the figures.

Compared on held-out lines: what ``clean_text`` removes (rules), what the classifier alone
removes from the normalised text, and rules + classifier (the classifier judging the lines
the rules kept, as a last remover would see them). Deterministic: fixed seeds, sorted
inputs. Prints the figures docs/line-classifier.md reports.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from cleaners.base import Hints, split_paragraphs
from cleaners.line_classifier import FEATURES, line_features
from cleaners.pipeline import clean_text, normalised
from corpus.documents import extract_page
from corpus.records import RawPage
from zhnews.evaluate import load_pages, load_split, normalise

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CLEANING_SPLIT = REPO / "tests" / "cleaning" / "dev_split.json"
SEED = 20261128
FOLDS = 5
SHORT_LINE = 10  # up to this many characters a line is matched whole, not by its bigrams
# cleaning-dev kinds whose strings are whole lines of noise (the others are characters
# inside body lines: readings, garbage, traditional forms, full-width marks).
LINE_KINDS = {
    "spam_seo", "breadcrumb", "metadata", "repeated_title", "related_list", "footer", "slogan", "share_print",
    "comment_box", "forum_chrome", "credits",
}
BODY, NOISE = "body", "noise"


@dataclass(frozen=True)
class Page:
    set: str
    id: str
    heldout: bool
    text: str  # what cleaning starts from
    hints: Hints
    label: Callable[[str], str | None]  # a normalised line -> body, noise or None


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _coverage(compact: str, reference: str, reference_bigrams: set[str]) -> float:
    if compact in reference:
        return 1.0
    bigrams = _bigrams(compact)
    return len(bigrams & reference_bigrams) / len(bigrams) if bigrams else 0.0


def _gold_labeller(gold: str) -> Callable[[str], str | None]:
    reference = normalise(gold)
    reference_bigrams = _bigrams(reference)
    gold_lines = {normalise(line) for line in gold.splitlines()}

    def label(line: str) -> str | None:
        compact = normalise(line)
        if len(compact) < 2:
            return None
        if len(compact) <= SHORT_LINE:
            return BODY if compact in gold_lines else NOISE if compact not in reference else None
        coverage = _coverage(compact, reference, reference_bigrams)
        return BODY if coverage >= 0.8 else NOISE if coverage <= 0.2 else None

    return label


def _checks_labeller(check: dict) -> Callable[[str], str | None]:
    noise = [normalise(s) for s, kind in zip(check["must_not_contain"], check["must_not_contain_kinds"])
             if kind in LINE_KINDS]
    body = [normalise(s) for s in check["must_contain"]]

    def label(line: str) -> str | None:
        compact = normalise(line)
        is_noise = any(s and s in compact for s in noise)
        is_body = any(s and s in compact for s in body)
        return None if is_noise == is_body else NOISE if is_noise else BODY

    return label


def load_benchmark_pages() -> list[Page]:
    split = load_split()
    pages = []
    for page in sorted(load_pages(SHARED / "benchmarks"), key=lambda p: p.id):
        url = page.url or f"benchmarks/{page.dataset}/html/{page.id}.html"
        extracted = extract_page(RawPage(url=url, final_url=url, status=200, headers={}, body=page.html)).extracted
        if not extracted.text.strip():
            continue
        text = extracted.title + "\n\n" + extracted.text if extracted.title else extracted.text
        hints = Hints(title=extracted.title)
        pages.append(Page("benchmarks", page.id, page.id in split["heldout"], text, hints, _gold_labeller(page.gold)))
    return pages


def load_cleaning_pages() -> list[Page]:
    folder = SHARED / "cleaning-dev"
    held_out = set(json.loads(CLEANING_SPLIT.read_text(encoding="utf-8"))["held_out"])
    checks = json.loads((folder / "checks.json").read_text(encoding="utf-8"))
    return [
        Page("cleaning-dev", c["file"], c["file"] in held_out, (folder / c["file"]).read_text(encoding="utf-8"),
             Hints(), _checks_labeller(c))
        for c in sorted(checks, key=lambda c: c["file"])
    ]


@dataclass
class Lines:
    """A page's labelled lines, what the rules did with them, and the features the model reads."""

    page: Page
    labels: list[str]  # of the labelled input lines
    lines: list[str]
    rules_kept: list[bool]
    input_features: np.ndarray  # of the labelled input lines
    output: list[str]  # the paragraphs the rules kept
    output_features: np.ndarray  # of every kept paragraph


def _present(line: str, text: str, text_bigrams: set[str]) -> bool:
    compact = normalise(line)
    if len(compact) <= SHORT_LINE:
        return compact in text
    return _coverage(compact, text, text_bigrams) >= 0.5


def prepare(page: Page) -> Lines:
    hints = dataclasses.replace(page.hints, title=normalised(page.hints.title, page.hints)) if page.hints.title else page.hints
    paragraphs = split_paragraphs(normalised(page.text, hints))
    # A line repeated on a page (a photo credit under every picture) is counted once: whether
    # it is still there is one question, and twenty copies would weigh like twenty lines.
    first = {normalise(p): i for i, p in reversed(list(enumerate(paragraphs)))}
    labelled = [(i, page.label(p)) for i, p in enumerate(paragraphs) if i and first[normalise(p)] == i]
    labelled = [(i, label) for i, label in labelled if label]
    output = split_paragraphs(clean_text(page.text, page.hints).text)
    kept_text = normalise("".join(output))
    kept_bigrams = _bigrams(kept_text)
    features = np.array(line_features(paragraphs)) if paragraphs else np.zeros((0, len(FEATURES)))
    return Lines(
        page,
        [label for _, label in labelled],
        [paragraphs[i] for i, _ in labelled],
        [_present(paragraphs[i], kept_text, kept_bigrams) for i, _ in labelled],
        features[[i for i, _ in labelled]] if labelled else np.zeros((0, len(FEATURES))),
        output,
        np.array(line_features(output)) if output else np.zeros((0, len(FEATURES))),
    )


def after_classifier(lines: Lines, noise_probability: np.ndarray, threshold: float) -> list[bool]:
    """Whether each labelled line survives the rules and then the classifier on what they kept."""
    kept = [p for i, p in enumerate(lines.output) if i == 0 or noise_probability[i] < threshold]
    text = normalise("".join(kept))
    bigrams = _bigrams(text)
    return [rule and _present(line, text, bigrams) for line, rule in zip(lines.lines, lines.rules_kept)]


@dataclass
class Score:
    noise_removed: int = 0
    noise: int = 0
    body_removed: int = 0
    body: int = 0

    def add(self, labels: list[str], kept: list[bool]) -> None:
        for label, is_kept in zip(labels, kept):
            if label == NOISE:
                self.noise += 1
                self.noise_removed += not is_kept
            else:
                self.body += 1
                self.body_removed += not is_kept

    def __str__(self) -> str:
        removed = self.noise_removed + self.body_removed
        precision = self.noise_removed / removed if removed else 1.0
        recall = self.noise_removed / self.noise if self.noise else 0.0
        return (f"noise removed {self.noise_removed}/{self.noise} (recall {recall:.3f}), precision {precision:.3f}, "
                f"body lines lost {self.body_removed}/{self.body}")


MODELS = {
    "logistic": lambda: make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=2000, random_state=SEED)),
    "boosting": lambda: GradientBoostingClassifier(n_estimators=150, max_depth=3, learning_rate=0.1, random_state=SEED),
}


def _training(pages: list[Lines]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels (noise: True) and weights: every page weighs the same, so that
    one long page (a wiki article's hundred list lines) does not teach the model alone."""
    pages = [p for p in pages if p.labels]
    x = np.vstack([p.input_features for p in pages])
    y = np.array([label == NOISE for p in pages for label in p.labels])
    weights = np.array([1 / len(p.labels) for p in pages for _ in p.labels])
    return x, y, weights


def fit(name: str, pages: list[Lines]):
    x, y, weights = _training(pages)
    model = MODELS[name]()
    # A pipeline passes a weight to its last step by that step's name.
    weight = {f"{model.steps[-1][0]}__sample_weight" if hasattr(model, "steps") else "sample_weight": weights}
    return model.fit(x, y, **weight)


def out_of_fold(name: str, dev: list[Lines]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Each dev page's noise probabilities (input lines, kept paragraphs) from a model that never saw it."""
    groups = GroupKFold(n_splits=FOLDS)
    inputs: list[np.ndarray] = [np.zeros(0)] * len(dev)
    outputs: list[np.ndarray] = [np.zeros(0)] * len(dev)
    for train, test in groups.split(np.zeros(len(dev)), groups=np.arange(len(dev))):
        model = fit(name, [dev[i] for i in train])
        for i in test:
            inputs[i] = _probabilities(model, dev[i].input_features)
            outputs[i] = _probabilities(model, dev[i].output_features)
    return inputs, outputs


def _probabilities(model, features: np.ndarray) -> np.ndarray:
    return model.predict_proba(features)[:, 1] if len(features) else np.zeros(0)


def scores(pages: list[Lines], inputs: list[np.ndarray], outputs: list[np.ndarray], threshold: float) -> dict[str, Score]:
    result = {"rules": Score(), "classifier": Score(), "rules + classifier": Score()}
    for lines, p_input, p_output in zip(pages, inputs, outputs):
        result["rules"].add(lines.labels, lines.rules_kept)
        result["classifier"].add(lines.labels, list(p_input < threshold))
        result["rules + classifier"].add(lines.labels, after_classifier(lines, p_output, threshold))
    return result


THRESHOLDS = tuple(float(t) for t in np.round(np.arange(0.99, 0.49, -0.01), 2))
CURVE = (0.99, 0.95, 0.9, 0.8, 0.7)


def choose_threshold(dev: list[Lines], inputs, outputs, method: str) -> float:
    """The lowest threshold at which ``method`` loses no more dev body lines than the rules
    do (out-of-fold predictions); 1.0, removing nothing, where even 0.99 loses more."""
    rules_lost = scores(dev, inputs, outputs, 1.0)["rules"]  # the rules' figure needs no threshold
    chosen = 1.0
    for threshold in THRESHOLDS:
        lost = scores(dev, inputs, outputs, threshold)[method].body_removed
        if lost > rules_lost.body_removed:
            break
        chosen = threshold
    return chosen


def report(name: str, pages: list[Lines], inputs, outputs, thresholds: dict[str, float]) -> None:
    for part in ("benchmarks", "cleaning-dev", "both"):
        chosen = [i for i, p in enumerate(pages) if part in ("both", p.page.set)]
        subset = ([pages[i] for i in chosen], [inputs[i] for i in chosen], [outputs[i] for i in chosen])
        print(f"  {name} {part}: rules: {scores(*subset, 1.0)['rules']}")
        for method, threshold in thresholds.items():
            print(f"  {name} {part}: {method} at {threshold}: {scores(*subset, threshold)[method]}")


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args(argv)
    pages = [prepare(p) for p in load_benchmark_pages() + load_cleaning_pages()]
    dev = [p for p in pages if not p.page.heldout]
    heldout = [p for p in pages if p.page.heldout]
    for name, part in (("dev", dev), ("held-out", heldout)):
        labels = [label for p in part for label in p.labels]
        print(f"{name}: {len(part)} pages, {labels.count(BODY)} body lines, {labels.count(NOISE)} noise lines")
    for name in MODELS:
        inputs, outputs = out_of_fold(name, dev)
        thresholds = {method: choose_threshold(dev, inputs, outputs, method) for method in ("classifier", "rules + classifier")}
        print(f"{name}: thresholds chosen on dev (out of fold): {thresholds}")
        report("dev, out of fold", dev, inputs, outputs, thresholds)
        model = fit(name, dev)
        held_inputs = [_probabilities(model, p.input_features) for p in heldout]
        held_outputs = [_probabilities(model, p.output_features) for p in heldout]
        report("held-out", heldout, held_inputs, held_outputs, thresholds)
        print("  held-out, both sets, at other thresholds (the trade-off; not chosen):")
        for threshold in CURVE:
            result = scores(heldout, held_inputs, held_outputs, threshold)
            for method in ("classifier", "rules + classifier"):
                print(f"    {threshold} {method}: {result[method]}")
    started = time.perf_counter()
    for p in pages:
        line_features(p.output)
    per_page = (time.perf_counter() - started) / len(pages) * 1000
    paragraphs = sum(len(p.output) for p in pages) / len(pages)
    print(f"features of the paragraphs the rules kept: {per_page:.2f} ms per page ({paragraphs:.0f} paragraphs a page)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
