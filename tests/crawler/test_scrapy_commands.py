"""The spider as Scrapy's own commands run it: a feed of documents, ``scrapy parse`` on an article."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.replicas.server import expected_articles, serve_replicas

REPO = Path(__file__).resolve().parents[2]
SITE = "jfdaily"
ARTICLE = "/news/detail?id=409632"


@pytest.fixture(scope="module")
def feed_crawl(tmp_path_factory, crawls):
    folder = tmp_path_factory.mktemp("feed")
    feed = folder / "docs.jsonl"
    with serve_replicas(crawls.replicas_dir, [SITE]) as origins:
        command = crawls.command(folder / "dataset", site=SITE, origin=origins[SITE], settings={"LOG_LEVEL": "INFO"})
        result = subprocess.run([*command, "-O", str(feed)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return feed.read_text(encoding="utf-8"), result.stderr


def test_a_feed_holds_one_json_line_per_document_and_nothing_else(feed_crawl, crawls):
    text, _ = feed_crawl
    lines = [json.loads(line) for line in text.splitlines()]
    assert all(line["text"] and line["title"] and line["url"] for line in lines)
    assert sorted(crawls.root_relative(line["url"]) for line in lines) == sorted(expected_articles(crawls.replicas_dir, SITE))


def test_a_feed_is_readable_chinese(feed_crawl):
    text, _ = feed_crawl
    assert "\\u" not in text and "上海" in text


def test_the_crawl_stats_count_what_each_cleaning_step_did(feed_crawl):
    _, log = feed_crawl
    assert "'zhnews/clean/layout/changed'" in log
    assert "'zhnews/sites/jfdaily/docs/written'" in log


def test_scrapy_parse_runs_the_article_callback_on_an_article_url(tmp_path, crawls):
    with serve_replicas(crawls.replicas_dir, [SITE]) as origins:
        result = subprocess.run(
            [sys.executable, "-m", "scrapy", "parse", "--spider", "news", "-a", f"site={SITE}",
             "-a", f"origin={origins[SITE]}", "-a", f"output={tmp_path / 'dataset'}", "-c", "parse_article",
             origins[SITE] + ARTICLE],
            cwd=REPO, capture_output=True, text=True, timeout=120,
        )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert f"'url': 'https://www.jfdaily.com{ARTICLE}'" in result.stdout


def test_with_dataset_state_and_archive_switched_off_the_feed_is_the_only_output(tmp_path, crawls):
    dataset, feed = tmp_path / "dataset", tmp_path / "docs.jsonl"
    off = {"ZHNEWS_DATASET_ENABLED": False, "ZHNEWS_STATE_ENABLED": False, "HTTPCACHE_ENABLED": False}
    with serve_replicas(crawls.replicas_dir, [SITE]) as origins:
        command = crawls.command(dataset, site=SITE, origin=origins[SITE], settings=off)
        result = subprocess.run([*command, "-O", str(feed)], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    lines = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines()]
    assert sorted(crawls.root_relative(line["url"]) for line in lines) == sorted(expected_articles(crawls.replicas_dir, SITE))
    assert not dataset.exists()
