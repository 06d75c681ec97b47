"""The near-duplicate threshold on labelled pairs: mirrors cluster, same-topic articles do not."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash

from corpus import neardup
from tests.corpus.pairs import labelled_pairs


@pytest.fixture(scope="module")
def scored():
    """(same article?, estimated similarity, shares an LSH band, names) for every labelled pair."""
    rows = []
    for name_a, name_b, a, b, same in labelled_pairs():
        sig_a, sig_b = neardup.signature(a), neardup.signature(b)
        banded = bool(set(neardup.band_keys(sig_a)) & set(neardup.band_keys(sig_b)))
        rows.append((same, neardup.similarity(sig_a, sig_b), banded, name_a, name_b))
    return rows


def test_every_mirror_clusters_and_no_two_articles_do(scored):
    found = [(same, banded and score >= neardup.THRESHOLD) for same, score, banded, *_ in scored]
    true_positives = sum(same and hit for same, hit in found)
    precision = true_positives / max(1, sum(hit for _, hit in found))
    recall = true_positives / sum(same for same, _ in found)
    missed = [(a, b, round(s, 2)) for same, s, banded, a, b in scored if same and not (banded and s >= neardup.THRESHOLD)]
    wrong = [(a, b, round(s, 2)) for same, s, banded, a, b in scored if not same and banded and s >= neardup.THRESHOLD]
    assert (precision, recall) == (1.0, 1.0), (missed, wrong)
    assert sum(same for same, *_ in scored) >= 150 and sum(not same for same, *_ in scored) >= 600


def test_the_threshold_sits_in_the_gap_with_room_for_the_estimate(scored):
    """MinHash estimates Jaccard with a standard error of about 0.04 at 128 permutations:
    the threshold keeps two of them from the nearest pair on either side."""
    closest_positive = min(s for same, s, *_ in scored if same)
    closest_negative = max(s for same, s, *_ in scored if not same)
    assert closest_negative + 0.08 <= neardup.THRESHOLD <= closest_positive - 0.08


def test_punctuation_and_layout_do_not_count():
    text = "上海发布措施。\n\n支持民营企业“发展壮大”,推动高质量发展!"
    retyped = "上海发布措施.支持民营企业\"发展壮大\" ,推动高质量发展! "
    assert np.array_equal(neardup.signature(text), neardup.signature(retyped))


def test_a_repeated_paragraph_leaves_the_signature_of_the_distinct_shingles():
    # shingle_hashes keeps repeats (making them distinct cost a sort per text): a MinHash
    # is a minimum, which a repeat cannot change. Signatures persist in dataset indexes.
    text = "市统计局昨天发布数据,一季度全市地区生产总值同比增长百分之五点六。" * 3 + "主要指标增速好于预期。"
    hashes = neardup.shingle_hashes(text)
    assert len(np.unique(hashes)) < len(hashes)
    distinct = MinHash(num_perm=neardup.NUM_PERM, seed=neardup.SEED, hashfunc=int)
    distinct.update_batch(np.unique(hashes).tolist())
    assert (neardup.signature(text) == distinct.hashvalues.astype(np.uint32)).all()
