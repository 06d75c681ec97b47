"""How much a text reads like government, enterprise or economic news: the topic score.

The corpus is news of that kind in a wide sense (notices, policy documents, statistics
releases, work reports, enterprise and market news, the public-service stories such
sites run). What is clearly not (celebrity gossip, product and game ads, click-bait,
fiction, spam) speaks a vocabulary of its own. Both vocabularies are written down from
the genre in ``topic_lexicon.toml``: no person or place names, nothing taken from the
seed documents, so the score carries to sites and subjects no seed covers.

``similarity(text)`` counts the lexicon's words per 100 ideographs: ``news`` for news
words, ``off`` for off-topic words, and returns ``news / (news + 3 * off + 1)``, in
[0, 1). An off-topic word weighs more (3) because it is rarer and more telling in news
than a news word is in gossip (粉丝 vs 表示); the ``+ 1`` keeps a text with almost no
vocabulary of either kind low: a page must say something in news vocabulary to score.
Weight and threshold were chosen on one half of the evaluation texts and measured on
the other (docs/topic.md; ``python -m corpus.topic_eval``).

The score is recorded on every crawled document (the ``similarity`` column). Rejecting
a page as ``off-topic`` is the profile's choice, at ``OFF_TOPIC_THRESHOLD`` unless the
profile sets its own: on a site the user chose, every article is kept by default.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from cleaners.base import CJK

LEXICON_PATH = Path(__file__).with_name("topic_lexicon.toml")

# Below this, a page is clearly not news of our kind (docs/topic.md: precision and recall).
OFF_TOPIC_THRESHOLD = 0.25

# Ideographs per unit of density: hits are counted per 100 ideographs.
DENSITY_UNIT = 100
# How much more an off-topic word counts than a news word.
OFF_TOPIC_WEIGHT = 3


@dataclass(frozen=True)
class TopicScore:
    """The evidence behind a score: ideographs read and lexicon words found of each kind."""

    ideographs: int
    news: int
    off_topic: int

    @property
    def value(self) -> float:
        if not self.ideographs:
            return 0.0
        news = self.news * DENSITY_UNIT / self.ideographs
        off = self.off_topic * DENSITY_UNIT / self.ideographs
        return news / (news + OFF_TOPIC_WEIGHT * off + 1)


class Lexicon:
    """Two word lists, matched longest word first in one pass over the text."""

    def __init__(self, news: set[str], off_topic: set[str]):
        overlap = news & off_topic
        if overlap:
            raise ValueError(f"words in both lists: {sorted(overlap)}")
        self.news = frozenset(news)
        self.off_topic = frozenset(off_topic)
        words = sorted(self.news | self.off_topic, key=len, reverse=True)
        self._words = re.compile("|".join(map(re.escape, words)))

    @classmethod
    def from_toml(cls, path: Path) -> "Lexicon":
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        return cls(_words(data["news"]), _words(data["off_topic"]))

    def score(self, text: str) -> TopicScore:
        found = self._words.findall(text)
        return TopicScore(
            ideographs=len(CJK.findall(text)),
            news=sum(word in self.news for word in found),
            off_topic=sum(word in self.off_topic for word in found),
        )


def _words(groups: dict[str, list[str]]) -> set[str]:
    return {word for words in groups.values() for word in words}


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    return Lexicon.from_toml(LEXICON_PATH)


def similarity(text: str) -> float:
    """The topic score of ``text``, in [0, 1): high for news of our kind (the name is the
    dataset column's)."""
    return lexicon().score(text).value


def is_off_topic(text: str, threshold: float = OFF_TOPIC_THRESHOLD) -> bool:
    return similarity(text) < threshold
