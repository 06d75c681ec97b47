"""The off-topic score: the share of a text's 2-grams in the seeds' shared vocabulary."""

from __future__ import annotations

import pytest

from seeds import DOCUMENTS_DIR as SEEDS_DIR
from corpus.topic import SeedVocabulary, bigrams, similarity
from crawler.replicas.feeds import robots_allow
from crawler.replicas.server import REPLICAS_DIR, site_names
from crawler.replicas.site import load_site

THRESHOLD = 0.10


def test_bigrams_stay_inside_runs_of_ideographs():
    assert bigrams("经济发展,2023,企业") == ["经济", "济发", "发展", "企业"]
    assert bigrams("abc 123") == []


def test_score_is_the_share_of_shared_vocabulary():
    vocabulary = SeedVocabulary(["经济发展", "经济增长", "体育比赛"])  # 经济 is in two documents
    assert vocabulary.vocabulary == {"经济"}
    assert vocabulary.score("经济") == 1.0
    assert vocabulary.score("经济,比赛") == 0.5
    assert vocabulary.score("") == 0.0


def test_seed_documents_score_above_the_threshold_even_with_their_noise():
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        assert similarity(path.read_text(encoding="utf-8")) > THRESHOLD, path.name


def _replica_articles():
    """The articles a crawl scores: robots-hidden test pages are never fetched."""
    for site in site_names(REPLICAS_DIR):
        replica = load_site(REPLICAS_DIR / site)
        for article in replica.articles:
            if not robots_allow(replica, article.url):
                continue
            text = "\n\n".join(p for page in article.pages for p in page)
            if text.strip():  # articles taken from a seed document have their text there
                yield pytest.param(article, text, id=f"{site}{article.url}")


@pytest.mark.parametrize(("article", "text"), list(_replica_articles()))
def test_replica_articles_fall_on_the_right_side_of_the_threshold(article, text):
    score = similarity(f"{article.title}\n\n{text}")
    if article.offtopic:
        assert score < THRESHOLD / 2
    else:
        assert score > THRESHOLD


def test_gossip_scores_low():
    gossip = "顶流男星深夜同框神秘女子,粉丝在微博上热议恋情曝光,经纪公司回应只是朋友,网友纷纷吃瓜。"
    assert similarity(gossip) < THRESHOLD
