"""Of the copies of one article the original is kept, whatever order they arrive in."""

from __future__ import annotations

import dataclasses
import json
import tomllib
from pathlib import Path

import pandas as pd
import pytest

from corpus.dataset import Dataset
from corpus.documents import Source, process_text
from corpus.records import Document
from crawler.replicas.server import REPLICAS_DIR
from crawler.replicas.site import load_site

PROFILES = Path(__file__).resolve().parents[2] / "seeds" / "profiles"
ORIGINAL = ("shanghai_gov", "/nw4411/20250918/d9a8c1183c2e76fcb441f7d9bbe5b831.html")
MIRROR = ("contentfarm", "/post/1688.html")


def crawled(site: str, path: str, **changes) -> Document:
    """The replica article as the crawler hands it over: cleaned, with its profile's kind."""
    article = next(a for a in load_site(REPLICAS_DIR / site).articles if a.url == path)
    text = "\n\n".join([article.title, *(p for page in article.pages for p in page)])
    url = f"https://{site}.example.cn{path}"
    doc = process_text(text, Source(origin=url, url=url, site=site, published=article.published.isoformat()))
    kind = tomllib.loads((PROFILES / f"{site}.toml").read_text(encoding="utf-8"))["kind"]
    return dataclasses.replace(doc, source_kind=kind, source_claim=article.fields.get("source"), **changes)


def edited(doc: Document) -> Document:
    """The mirror re-typed: a paragraph dropped, its own line added."""
    paragraphs = doc.text.split("\n\n")
    text = "\n\n".join([*paragraphs[:3], *paragraphs[4:], "本站内容来源于网络,如有侵权请联系删除"])
    return dataclasses.replace(doc, text=text, content_hash=f"edited-{doc.content_hash}")


def contents(path: Path) -> tuple[list[str], list[tuple[str, str, str]]]:
    docs = pd.read_parquet(path / "docs")
    rejects = pd.read_parquet(path / "rejects")
    return sorted(docs["id"]), sorted(zip(rejects["id"], rejects["reason"], rejects["duplicate_of"]))


@pytest.mark.parametrize("mirror_edit", [lambda d: d, edited], ids=["exact copy", "edited copy"])
@pytest.mark.parametrize("batches", ["one run each", "one batch"])
def test_the_official_original_wins_in_both_orders(tmp_path, mirror_edit, batches):
    original, mirror = crawled(*ORIGINAL), mirror_edit(crawled(*MIRROR))
    reason = "duplicate" if original.content_hash == mirror.content_hash else "near-duplicate"
    outcomes = []
    for order in ([original, mirror], [mirror, original]):
        path = tmp_path / f"{order[0].site}-first"
        dataset = Dataset(path)
        if batches == "one batch":
            dataset.write(order, [])
        else:
            for doc in order:
                dataset.write([doc], [])
        outcomes.append(contents(path))
        manifest = dataset.write_manifest()
        assert manifest["docs_by_site"] == {"shanghai_gov": 1}
        assert manifest["reject_reasons"] == {reason: 1}
    assert outcomes[0] == outcomes[1] == ([original.id], [(mirror.id, reason, original.id)])


def test_a_mirror_naming_its_source_loses_when_no_profile_gives_kinds(tmp_path):
    original = dataclasses.replace(crawled(*ORIGINAL), source_kind=None, source_claim=None, site_name="上海发布")
    mirror = dataclasses.replace(crawled(*MIRROR), source_kind=None, source_claim="上海发布", site_name="绿巨人快讯",
                                 published="2025-09-01")  # even dated earlier
    dataset = Dataset(tmp_path)
    dataset.write([mirror], [])
    summary = dataset.write([original], [])
    assert summary.superseded == 1
    assert contents(tmp_path) == ([original.id], [(mirror.id, "duplicate", original.id)])


def test_without_kinds_or_evidence_the_earliest_publication_wins(tmp_path):
    later = dataclasses.replace(crawled(*ORIGINAL), source_kind=None, source_claim=None, published="2025-09-19")
    earlier = dataclasses.replace(edited(crawled(*MIRROR)), source_kind=None, source_claim=None,
                                  published="2025-09-18T08:00")
    dataset = Dataset(tmp_path)
    dataset.write([later], [])
    dataset.write([earlier], [])
    assert contents(tmp_path) == ([earlier.id], [(later.id, "near-duplicate", earlier.id)])


def test_same_topic_articles_from_other_sites_both_stay(tmp_path):
    dataset = Dataset(tmp_path)
    summary = dataset.write([crawled("shanghai_gov", "/nw4411/20250915/e6bc6f1ab230d6ee15220e1c624c76f9.html"),
                             crawled("dbsqp", "/news/33702.html"),  # both: measures for private firms
                             crawled("contentfarm", "/post/1679.html"),
                             crawled("jfdaily", "/news/detail?id=409660")], [])  # both: 临港新片区
    assert (summary.written, summary.near_duplicates, summary.duplicates) == (4, 0, 0)


def test_a_lost_index_is_rebuilt_from_the_files(tmp_path):
    import shutil

    original, mirror = crawled(*ORIGINAL), edited(crawled(*MIRROR))
    Dataset(tmp_path).write([mirror], [])
    shutil.rmtree(tmp_path / "index")
    summary = Dataset(tmp_path).write([original], [])
    assert summary.superseded == 1
    assert contents(tmp_path) == ([original.id], [(mirror.id, "near-duplicate", original.id)])
    assert json.loads((tmp_path / "manifest.json").read_text())["counts"] == {"docs": 1, "rejects": 1, "raw": 0}
