"""Redo extraction and cleaning of a crawled dataset from its raw archive, fetching nothing.

The news spider crawls the archive instead of the web: Scrapy's HTTP cache middleware
answers every request with the newest archived response to its URL
(``crawler.archive.ReplayStorage``), and a URL the crawl never fetched fails quietly.
Each site starts from every page archived for it, so articles and multi-page articles
are found exactly as the crawl found them, by the same code. The state store is left
alone: nothing is skipped, nothing is marked. Outcomes go through the dataset pipeline:
an unchanged text is already present, a changed one becomes the next revision.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import signal
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pyarrow.parquet as pq

from corpus.lifetime import STOP_SIGNALS, follow, stop_signals_blocked
from corpus.parts import part_paths
from corpus.schema import RAW_SCHEMA
from crawler.archive import RealUrls
from crawler.profiles import SiteProfile, generic_profile, profile_for_site
from crawler.runner import crawl_settings, run_spider
from zhnews.exitcodes import INTERRUPTED

# The crawl's settings, less what only a crawl of the web needs.
REPLAY_SETTINGS: dict[str, Any] = {
    "DOWNLOADER_MIDDLEWARES": {
        "scrapy.downloadermiddlewares.httpcache.HttpCacheMiddleware": None,
        "crawler.archive.ReplayMiddleware": 580,
    },
    "HTTPCACHE_ENABLED": True,
    "HTTPCACHE_STORAGE": "crawler.archive.ReplayStorage",
    "ZHNEWS_JOB": "zhnews reprocess",
    "ZHNEWS_STATE_ENABLED": False,
    # Nothing goes to the network (and archived responses skip the download slots and
    # their delays): no address to check, no robots.txt to read (a page it forbade was
    # never archived), no retries of an archived 500.
    "ZHNEWS_ADDRESS_POLICY_ENABLED": False,
    "ROBOTSTXT_OBEY": False,
    "RETRY_ENABLED": False,
}


@dataclass
class ReprocessSummary:
    raw_pages: int = 0
    articles: int = 0
    written: int = 0  # new documents and new revisions
    already_present: int = 0
    rejected: dict[str, int] = field(default_factory=dict)
    steps: dict[str, tuple[int, int]] = field(default_factory=dict)  # crawler.runner.cleaning_steps


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def replay_profiles(dataset_path: Path | str) -> list[SiteProfile]:
    """Each archived site's profile, on the origin its newest page came from, starting
    from every page archived for it (a later page of an article comes with the article)."""
    real_url = RealUrls()
    newest: dict[str, tuple] = {}  # site -> (fetched_at, url) of its newest page
    real_urls: dict[str, set[str]] = {}
    for part in part_paths(Path(dataset_path) / "raw"):
        columns = pq.read_table(part, columns=["final_url", "site", "fetched_at"], schema=RAW_SCHEMA).to_pydict()
        for url, site, fetched_at in zip(*columns.values()):
            if site is None:  # robots.txt, read by Scrapy for any site
                continue
            real_urls.setdefault(site, set()).add(real_url(site, url))
            if site not in newest or newest[site][0] <= fetched_at:
                newest[site] = (fetched_at, url)
    profiles = []
    for site in sorted(real_urls):
        origin = _origin(newest[site][1])
        profile = profile_for_site(site)
        if profile.detect_articles_by_structure and urlsplit(origin).hostname == site:
            profile = generic_profile(f"{origin}/")  # its port too
        elif urlsplit(origin).hostname not in profile.domains:
            profile = profile.with_origin(origin)
        starts = sorted(profile.fetch_url(url) for url in real_urls[site] if not profile.is_continuation(url))
        profiles.append(dataclasses.replace(profile, start_urls=tuple(starts), sitemaps=(), feeds=()))
    return profiles


def reprocess(
    dataset_path: Path | str, workers: int | None = None, settings_overrides: dict[str, Any] | None = None
) -> ReprocessSummary:
    """Replay ``DATASET/raw`` through the spider and append what changed; holds the dataset meanwhile.

    Runs in a child process: Scrapy's reactor starts once per process.
    """
    settings = {**REPLAY_SETTINGS, "ZHNEWS_WORKERS": workers or 0, **(settings_overrides or {})}
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), initializer=_stop_quietly,
                             initargs=(os.getpid(),)) as child:
        # The child starts with the stop signals blocked (the mask survives exec), so a
        # Ctrl-C while Python starts up there waits for _stop_quietly.
        with stop_signals_blocked():
            replay = child.submit(_replay, str(dataset_path), settings)
        crawl = replay.result()
    summary = ReprocessSummary()
    for site in crawl.sites:
        summary.raw_pages += site.pages
        summary.articles += site.articles_fetched
        summary.written += site.written
        summary.already_present += site.already_present
    summary.rejected = crawl.rejects
    summary.steps = crawl.steps
    return summary


def _stop_quietly(parent_pid: int) -> None:
    """Ctrl-C or SIGTERM before the replay's crawl has started ends the child at once and
    without a traceback: nothing is written yet, and this process (signalled with it, as
    the process group is) reports the stop. Once started, Scrapy's own handlers stop the
    crawl gracefully instead. A child whose parent was killed (SIGKILL) ends too: nobody
    would read its result, and it would hold the dataset."""
    follow(parent_pid)

    def leave(signum: int, frame: object) -> None:
        os._exit(INTERRUPTED)

    for signum in STOP_SIGNALS:
        signal.signal(signum, leave)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def _replay(dataset_path: str, settings: dict[str, Any]):
    return run_spider(replay_profiles(dataset_path), dataset_path, crawl_settings(settings))
