"""``run_crawl`` (what ``zhnews crawl`` calls) and ``reprocess`` from the raw archive."""

from __future__ import annotations

import multiprocessing
import shutil
from concurrent.futures import ProcessPoolExecutor

import pytest

from crawler.profiles import generic_profile
from crawler.replicas.server import expected_articles, serve_replicas
from crawler.runner import run_crawl
from corpus.dataset import DatasetBusy, Dataset
from zhnews.reprocess import reprocess

# Two sites crawled at once into one dataset. cnxz has GBK pages and a multi-page
# article: the raw archive must keep both right for reprocessing.
SITES = ["cnxz", "dbsqp"]


def _crawl_in_a_fresh_process(*args, **kwargs):
    # CrawlerProcess starts the Twisted reactor, which runs once per process.
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(run_crawl, *args, **kwargs).result()


@pytest.fixture(scope="module")
def crawled(tmp_path_factory, crawls):
    folder = tmp_path_factory.mktemp("runner")
    dataset = folder / "dataset"
    with serve_replicas(crawls.replicas_dir, SITES) as origins:
        summary = _crawl_in_a_fresh_process(SITES, dataset, origin=origins, settings_overrides=dict(crawls.settings))
    return dataset, summary


def test_run_crawl_returns_what_it_did_site_by_site(crawled, crawls):
    dataset, summary = crawled
    assert [site.site for site in summary.sites] == SITES
    docs = crawls.rows(dataset, "docs")
    for site in summary.sites:
        expected = expected_articles(crawls.replicas_dir, site.site)
        assert site.finish_reason == "finished"
        assert site.written == len(expected) and site.articles_fetched >= len(expected)
        assert sorted(crawls.root_relative(d["url"]) for d in docs if d["site"] == site.site) == sorted(expected)
    assert summary.rejects == {"http-404": 2, "http-500": 1, "off-topic": 1, "robots-disallowed": 1}


def test_run_crawl_refuses_a_busy_dataset(crawled):
    dataset, _ = crawled
    with Dataset(dataset).exclusive("a test"), pytest.raises(DatasetBusy, match="a test"):
        _crawl_in_a_fresh_process(SITES[:1], dataset, origin="http://127.0.0.1:9")


def test_reprocess_rebuilds_the_documents_from_the_raw_archive_alone(crawled, crawls, tmp_path):
    dataset, _ = crawled
    only_raw = tmp_path / "only-raw"
    shutil.copytree(dataset / "raw", only_raw / "raw")  # no server runs: nothing can be fetched
    summary = reprocess(only_raw, workers=1)
    docs = {(d["id"], d["content_hash"], d["url"]) for d in crawls.rows(dataset, "docs")}
    assert {(d["id"], d["content_hash"], d["url"]) for d in crawls.rows(only_raw, "docs")} == docs
    assert summary.written == len(docs)


def test_reprocessing_an_unchanged_dataset_adds_nothing(crawled, crawls):
    dataset, _ = crawled
    before = len(crawls.rows(dataset, "docs"))
    summary = reprocess(dataset, workers=1)
    assert summary.written == 0 and summary.already_present == before
    assert len(crawls.rows(dataset, "docs")) == before


def test_reprocess_replays_a_site_crawled_from_replicas_on_different_ports(crawls, tmp_path):
    # As `make demo` does: a site without a profile, standing for a real host, served by
    # a replica on a new port each run. The second run's articles answer 304, so their
    # pages are in the archive only under the first run's port.
    dataset = tmp_path / "dataset"
    profile = generic_profile("http://www.county.example.gov.cn/")
    for _ in range(2):
        with serve_replicas(crawls.replicas_dir, ["generic"]) as origins:
            _crawl_in_a_fresh_process([profile], dataset, origin={profile.name: origins["generic"]},
                                      settings_overrides=dict(crawls.settings))
    only_raw = tmp_path / "only-raw"
    shutil.copytree(dataset / "raw", only_raw / "raw")
    reprocess(only_raw, workers=1)
    docs = {(d["id"], d["content_hash"], d["url"]) for d in crawls.rows(dataset, "docs")}
    assert len(docs) == len(expected_articles(crawls.replicas_dir, "generic"))
    assert {(d["id"], d["content_hash"], d["url"]) for d in crawls.rows(only_raw, "docs")} == docs
