"""How a crawl ended, for its exit code and its run record.

A crawl that reached no site at all (DNS failure, connection refused, no network) is
exit 4, whatever it found before; one that reached some sites but not others is exit 5,
so that monitoring sees a dead site among live ones; one stopped before its end (SIGTERM,
Ctrl-C, a close condition) is exit 130: the next run resumes it. A 404 or a robots.txt
refusal is an outcome of a page, a reject with its reason, not an error of the run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from corpus.runs import SiteCounts
from zhnews import exitcodes

if TYPE_CHECKING:
    from crawler.runner import CrawlSummary, SiteSummary


def site_counts(site: SiteSummary) -> dict[str, int]:
    return {"pages": site.pages, "downloaded": site.articles_fetched, "unchanged": site.not_modified,
            "written": site.written, "already_present": site.already_present,
            "rejected": sum(site.rejects.values())}


def crawl_counts(summary: CrawlSummary) -> dict[str, int]:
    totals: dict[str, int] = {}
    for site in summary.sites:
        for name, count in site_counts(site).items():
            totals[name] = totals.get(name, 0) + count
    return totals


def per_site(summary: CrawlSummary) -> list[SiteCounts]:
    return [SiteCounts(site.site, site_counts(site)) for site in summary.sites]


def unreached(summary: CrawlSummary) -> list[str]:
    """The sites from which not one response came back."""
    return [site.site for site in summary.sites if site.pages == 0]


def unfinished(summary: CrawlSummary) -> list[str]:
    return [site.site for site in summary.sites if site.finish_reason != "finished"]


def crawl_exit_code(summary: CrawlSummary) -> int:
    if unfinished(summary):
        return exitcodes.INTERRUPTED
    dead = unreached(summary)
    if dead and len(dead) == len(summary.sites):
        return exitcodes.NOTHING_FETCHED
    return exitcodes.FINISHED_WITH_ERRORS if dead else exitcodes.OK
