"""Labelled text pairs for the near-duplicate threshold: what must cluster and what must not.

Positives: the replica mirror (contentfarm's copy of a shanghai_gov article, seed 003)
against its original, and every article and seed as a mirror re-types it (a line
added, punctuation changed, a paragraph dropped, the farm's teasers appended).
Negatives: every pair of distinct articles, same-topic ones included (民营经济, 临港,
国资委, 进出口, 营商环境 each appear on several sites).
"""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

from corpus.documents import Source, process_text
from corpus.records import Document
from crawler.replicas.server import REPLICAS_DIR
from crawler.replicas.site import load_site

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "documents"
FARM_TEASERS = [
    "当地时间2025年9月12日,奥地利总统范德贝伦在维也纳会见中共中央政治局委员、外交部长王毅。",
    "你有没有听说过“天下收藏txt下载”?这可是个让收藏爱好者们兴奋不已的话题呢!",
]


def article_texts() -> dict[str, str]:
    """Name -> cleaned text, for every replica article and every seed."""
    texts = {}
    for folder in sorted(p for p in REPLICAS_DIR.iterdir() if (p / "site.toml").is_file()):
        for article in load_site(folder).articles:
            if article.offtopic:
                continue
            paragraphs = [p for page in article.pages for p in page]
            texts[f"{folder.name}{article.url}"] = "\n\n".join([article.title, *paragraphs])
    for path in sorted(SEEDS.glob("*.txt")):
        texts[f"seed/{path.stem}"] = path.read_text(encoding="utf-8")
    # Mirrors are compared as the dataset holds them: cleaned (and too-short pages are not there).
    outcomes = {name: process_text(text, Source(origin=name)) for name, text in texts.items()}
    return {name: outcome.text for name, outcome in outcomes.items() if isinstance(outcome, Document)}


def edits(text: str) -> dict[str, str]:
    """How mirrors re-type an article."""
    paragraphs = text.split("\n\n")
    middle = len(paragraphs) // 2
    return {
        "adds a line": text + "\n\n来源:上海发布 责任编辑:王敏",
        "changes punctuation": text.replace(",", ",").replace("。", ".").replace("“", "\"").replace("”", "\""),
        "drops a paragraph": "\n\n".join(paragraphs[:middle] + paragraphs[middle + 1:]),
        "appends teasers": "\n\n".join([text, "相关文章", *FARM_TEASERS]),
        "adds a line and drops a paragraph": "\n\n".join(
            ["当前位置:首页 > 新闻 > 正文", *paragraphs[:middle], *paragraphs[middle + 1:]]),
    }


# The same article under two names: a mirror and its original, a page and the seed it serves.
SAME_ARTICLE = {
    ("contentfarm/post/1688.html", "shanghai_gov/nw4411/20250918/d9a8c1183c2e76fcb441f7d9bbe5b831.html"),
    ("contentfarm/post/1688.html", "seed/003_3e4c9e161e2af1e0"),
    ("shanghai_gov/nw4411/20250918/d9a8c1183c2e76fcb441f7d9bbe5b831.html", "seed/003_3e4c9e161e2af1e0"),
    ("dbsqp/news/33681.html", "seed/000_336819406d011aa4"),
    ("sasac/n2588025/n2588124/c27860545/content.html", "seed/001_b6089d93f02b510f"),
    ("jfdaily/news/detail?id=409632", "seed/002_6293a3a1acd0a6f5"),
    ("cnxz/newscenter/2021/20210831/c1162843.html", "seed/004_38cb36e30ac65805"),
}


def labelled_pairs() -> list[tuple[str, str, str, str, bool]]:
    """(name a, name b, text a, text b, same article?)"""
    texts = article_texts()
    pairs = []
    for a, b in combinations(sorted(texts), 2):
        pairs.append((a, b, texts[a], texts[b], (a, b) in SAME_ARTICLE or (b, a) in SAME_ARTICLE))
    for name, text in texts.items():
        for edit, edited in edits(text).items():
            pairs.append((name, f"{name} ({edit})", text, edited, True))
    return pairs
