"""Run the news spider from Python: what ``zhnews crawl`` calls.

``run_crawl`` runs one crawl per profile, all at once, in this process (Scrapy's
CrawlerProcess: it starts the Twisted reactor, so call it once per process).
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings

from crawler.profiles import SiteProfile, load_profile
from crawler.spiders.news import NewsSpider


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
        prefix = "zhnews/rejects/"
        return cls(
            site=site,
            finish_reason=stats.get("finish_reason"),
            pages=stats.get("response_received_count", 0),
            articles_fetched=stats.get("zhnews/articles/fetched", 0),
            not_modified=stats.get("zhnews/articles/not_modified", 0),
            written=stats.get("zhnews/docs/written", 0),
            already_present=stats.get("zhnews/docs/already_present", 0),
            rejects={k[len(prefix):]: v for k, v in sorted(stats.items()) if k.startswith(prefix)},
        )


@dataclass
class CrawlSummary:
    dataset: str
    sites: list[SiteSummary] = field(default_factory=list)

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


def run_crawl(
    profiles: Iterable[SiteProfile | str],
    dataset_path: Path | str,
    *,
    origin: str | Mapping[str, str] | None = None,
    jobdir: Path | str | None = None,
    settings_overrides: dict[str, Any] | None = None,
) -> CrawlSummary:
    """Crawl each profile (a SiteProfile, or a profile name) into the dataset at ``dataset_path``.

    The sites are crawled at the same time, each at its own polite pace, sharing one
    pool of worker processes and one hold on the dataset. ``origin`` points the crawl of
    a single profile at another server (a replica); a mapping ``{site: origin}`` does
    so for several. ``jobdir`` keeps each crawl's request queue under ``jobdir/<site>``,
    so that a crawl stopped with Ctrl-C continues where it stopped (a killed crawl needs
    none: the state store under the dataset resumes it). Raises
    ``corpus.dataset.DatasetBusy`` when another process holds the dataset.
    """
    profiles = [load_profile(p) if isinstance(p, str) else p for p in profiles]
    if isinstance(origin, str):
        if len(profiles) != 1:
            raise ValueError("one origin applies to one site; give {site: origin} for several")
        origin = {profiles[0].name: origin}
    origins = dict(origin or {})
    summaries: dict[str, SiteSummary] = {}
    errors: list[BaseException] = []
    process = CrawlerProcess(crawl_settings(settings_overrides))

    def finished(_: None, crawler: Crawler, profile: SiteProfile, site_jobdir: Path | None) -> None:
        stats = crawler.stats.get_stats()
        summaries[profile.name] = SiteSummary.from_stats(profile.name, stats)
        if site_jobdir and stats.get("finish_reason") == "finished":
            # The queue of a finished crawl is empty, and its list of seen requests would
            # keep the next crawl from revalidating any article.
            shutil.rmtree(site_jobdir, ignore_errors=True)

    for profile in profiles:
        crawler = process.create_crawler(NewsSpider)
        site_jobdir = Path(jobdir) / profile.name if jobdir else None
        if site_jobdir:
            crawler.settings.set("JOBDIR", str(site_jobdir), priority="cmdline")
        crawl = process.crawl(crawler, profile=profile, origin=origins.get(profile.name), output=str(dataset_path))
        crawl.addCallback(finished, crawler, profile, site_jobdir)
        crawl.addErrback(lambda failure: errors.append(failure.value))
    process.start()  # returns when every crawl has ended
    if errors:
        raise errors[0]
    return CrawlSummary(str(dataset_path), [summaries[p.name] for p in profiles if p.name in summaries])
