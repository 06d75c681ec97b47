"""Stats of a crawl of several sites: each count for the crawl and for its site."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapy.statscollectors import StatsCollector


def site_key(site: str, key: str) -> str:
    return f"zhnews/sites/{site}/{key}"


def inc_site_value(stats: StatsCollector, site: str | None, key: str, count: int = 1) -> None:
    """Add ``count`` to ``zhnews/KEY`` and, for a request of a site, ``zhnews/sites/SITE/KEY``."""
    stats.inc_value(f"zhnews/{key}", count)
    if site is not None:
        stats.inc_value(site_key(site, key), count)
