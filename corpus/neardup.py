"""Near-duplicate detection: MinHash signatures of a text's character shingles, and the
LSH bands that find candidate pairs without comparing every pair.

A mirror re-types what it copies: it adds a line, changes punctuation, drops a
paragraph. Shingles are taken over the text's letters, digits and hanzi only, so
punctuation and layout changes do not count at all, and an added or dropped
paragraph lowers the Jaccard similarity of the shingle sets only in proportion.

The threshold and shingle size were chosen on real pairs (``docs/dedup.md``, measured
by ``tests/corpus/test_neardup.py``): seed copies against their originals, the replica
mirrors, edited mirrors, and every pair of distinct articles on the same topics.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
from datasketch import MinHash
from datasketch.lsh import _optimal_param

SHINGLE = 5  # characters; 5 hanzi are about two words, rarer than 3 across different articles
NUM_PERM = 128
THRESHOLD = 0.3  # estimated Jaccard similarity at or above which two texts are one article (docs/dedup.md)
SEED = 1  # the permutations: fixed, so signatures in a persisted index stay comparable

_NOT_WORD = re.compile(r"[^\w]|_", re.UNICODE)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_BASE = np.uint64(1_000_003)


def normalise(text: str) -> str:
    """Letters, digits and hanzi only: punctuation, spaces and paragraph breaks dropped."""
    return _NOT_WORD.sub("", text)


def shingle_hashes(text: str, k: int = SHINGLE) -> np.ndarray:
    """32-bit hashes of the text's k-character shingles, the same in every process.

    Repeats included: a MinHash is a minimum over the hashes, which a repeat does not
    change, and making them distinct (a sort) cost a quarter of a signature."""
    codes = np.frombuffer(normalise(text).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < k:
        codes = np.concatenate([codes, np.zeros(k - len(codes), dtype=np.uint64)])
    windows = np.lib.stride_tricks.sliding_window_view(codes, k)
    powers = _BASE ** np.arange(k - 1, -1, -1, dtype=np.uint64)  # wraps mod 2**64, by design
    hashes = (windows * powers).sum(axis=1, dtype=np.uint64) * _MIX
    return (hashes >> np.uint64(32)).astype(np.uint32)


def signature(text: str) -> np.ndarray:
    """The text's MinHash signature: NUM_PERM uint32 values."""
    return signatures([text])[0]


def signatures(texts: list[str]) -> list[np.ndarray]:
    """Signatures of many texts; datasketch draws the permutations once for all of them."""
    shingles = (shingle_hashes(text).tolist() for text in texts)
    return [m.hashvalues.astype(np.uint32) for m in MinHash.generator(shingles, num_perm=NUM_PERM, seed=SEED, hashfunc=int)]


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures."""
    return float(np.count_nonzero(a == b)) / len(a)


@lru_cache(maxsize=None)
def bands(threshold: float = THRESHOLD, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows per band) that datasketch's LSH would choose for the threshold."""
    return _optimal_param(threshold, num_perm, 0.5, 0.5)


def band_keys(sig: np.ndarray, threshold: float = THRESHOLD) -> list[int]:
    """One signed 64-bit key per band: texts that share a key are candidate pairs."""
    b, r = bands(threshold, len(sig))
    rows = sig[: b * r].astype(np.uint64).reshape(b, r)
    keys = np.zeros(b, dtype=np.uint64)
    for column in range(r):
        keys = (keys ^ rows[:, column]) * _MIX + np.uint64(column)
    keys = keys ^ np.arange(b, dtype=np.uint64)  # the band's number is part of its key
    return keys.view(np.int64).tolist()
