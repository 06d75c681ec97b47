"""Run the news spider from Python: what ``zhnews crawl`` and ``zhnews reprocess`` call.

``run_crawl`` crawls several sites with one spider in this process (Scrapy's
CrawlerProcess: it starts the Twisted reactor, so call it once per process).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from scrapy.crawler import CrawlerProcess
from scrapy.settings import SETTINGS_PRIORITIES, Settings

from cleaners.pipeline import FORMATTERS
from corpus.check import require_intact
from corpus.damage import DatasetDamaged
from corpus.dataset import Dataset
from crawler.pipelines import WRITE_ERROR, WRITE_FAILED
from crawler.profiles import SiteProfile, load_profile
from crawler.spiders.news import NewsSpider
from crawler.state import open_state
from crawler.stats import site_key


@dataclass
class SiteSummary:
    site: str
    finish_reason: str | None = None
    pages: int = 0  # responses received, any status
    articles_fetched: int = 0  # articles downloaded in full (all their pages)
    not_modified: int = 0  # articles the server confirmed unchanged (304)
    written: int = 0  # new documents or new revisions
    already_present: int = 0
    rejects: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_stats(cls, site: str, stats: dict[str, Any]) -> SiteSummary:
        prefix = site_key(site, "rejects/")
        return cls(
            site=site,
            finish_reason=stats.get("finish_reason"),
            pages=stats.get(site_key(site, "pages"), 0),
            articles_fetched=stats.get(site_key(site, "articles/fetched"), 0),
            not_modified=stats.get(site_key(site, "articles/not_modified"), 0),
            written=stats.get(site_key(site, "docs/written"), 0),
            already_present=stats.get(site_key(site, "docs/already_present"), 0),
            rejects={k[len(prefix):]: v for k, v in sorted(stats.items()) if k.startswith(prefix)},
        )


def cleaning_steps(stats: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """What each cleaning step did in a crawl, in pipeline order: (documents changed, pieces removed)."""
    steps = {}
    for step, _ in FORMATTERS:
        prefix = f"zhnews/clean/{step}/removed/"
        removed = sum(v for k, v in stats.items() if k.startswith(prefix))
        steps[step] = (stats.get(f"zhnews/clean/{step}/changed", 0), removed)
    return steps


@dataclass
class CrawlSummary:
    dataset: str
    sites: list[SiteSummary] = field(default_factory=list)
    steps: dict[str, tuple[int, int]] = field(default_factory=dict)  # see cleaning_steps

    @property
    def written(self) -> int:
        return sum(s.written for s in self.sites)

    @property
    def rejects(self) -> dict[str, int]:
        total: dict[str, int] = {}
        for site in self.sites:
            for reason, count in site.rejects.items():
                total[reason] = total.get(reason, 0) + count
        return total


def crawl_settings(overrides: dict[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.update(overrides or {}, priority="cmdline")
    return settings


def run_spider(profiles: list[SiteProfile], dataset_path: Path | str, settings: Settings) -> CrawlSummary:
    """Run the news spider over ``profiles`` into ``dataset_path``; its summary, site by site.

    The dataset is held, cleaned of what killed runs left in ``.tmp`` and checked before
    Scrapy starts: a busy dataset (``DatasetBusy``) or a damaged one (``DatasetDamaged``)
    fails the run before anything is written.
    """
    job = settings["ZHNEWS_JOB"]
    if settings.getpriority("ZHNEWS_JOB") <= SETTINGS_PRIORITIES["project"]:
        job = f"zhnews crawl {' '.join(p.name for p in profiles)}"
    path = Path(dataset_path)
    # The crawlers of one shared frontier (zhnews crawl --redis) hold the dataset together.
    alone = not settings.get("ZHNEWS_FRONTIER")
    dataset = Dataset(path, alone=alone)
    with dataset.exclusive(job) if alone else dataset.shared(job):
        require_intact(path)
        if alone:
            dataset.recover()  # what killed writers left half done
        if settings.getbool("ZHNEWS_STATE_ENABLED"):
            open_state(settings, path).close()  # DatasetDamaged if it cannot be read
        settings.set("ZHNEWS_DATASET_HELD", True, priority="cmdline")
        return _run_held(profiles, path, settings)


def _run_held(profiles: list[SiteProfile], dataset_path: Path, settings: Settings) -> CrawlSummary:
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(NewsSpider)
    errors: list[BaseException] = []
    crawl = process.crawl(crawler, profiles=profiles, output=str(dataset_path))
    crawl.addErrback(lambda failure: errors.append(failure.value))
    process.start()  # returns when the crawl has ended
    if errors:
        raise errors[0]
    stats = crawler.stats.get_stats()
    if stats.get("finish_reason") == WRITE_FAILED:
        raise DatasetDamaged(stats[WRITE_ERROR])
    if stats.get("finish_reason") == "shutdown":
        # Scrapy's own SIGINT/SIGTERM handler stopped the crawl: what was written is
        # marked done, the rest stays queued. The caller learns of it as of any Ctrl-C.
        raise KeyboardInterrupt
    sites = [SiteSummary.from_stats(p.name, stats) for p in profiles]
    return CrawlSummary(str(dataset_path), sites, cleaning_steps(stats))


def run_crawl(
    profiles: Iterable[SiteProfile | str],
    dataset_path: Path | str,
    *,
    origin: str | Mapping[str, str] | None = None,
    settings_overrides: dict[str, Any] | None = None,
) -> CrawlSummary:
    """Crawl each profile (a SiteProfile, or a profile name) into the dataset at ``dataset_path``.

    One spider crawls the sites at the same time, each at its own polite pace, with one
    pool of worker processes and one hold on the dataset. ``origin`` points the crawl of
    a single profile at another server (a replica); a mapping ``{site: origin}`` does
    so for several. A crawl stopped or killed resumes on the next run from the state
    store under the dataset. Raises ``corpus.dataset.DatasetBusy`` when another process
    holds the dataset.
    """
    profiles = [load_profile(p) if isinstance(p, str) else p for p in profiles]
    if isinstance(origin, str):
        if len(profiles) != 1:
            raise ValueError("one origin applies to one site; give {site: origin} for several")
        origin = {profiles[0].name: origin}
    origins = dict(origin or {})
    profiles = [p.with_origin(origins[p.name]) if p.name in origins else p for p in profiles]
    return run_spider(profiles, dataset_path, crawl_settings(settings_overrides))
