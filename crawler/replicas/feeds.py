"""The machine-readable files of a replica site: robots.txt, sitemap.xml, an RSS feed.

Sitemaps and feeds need absolute URLs; they name the replica's own origin (taken from
the request), never the real domain."""

from __future__ import annotations

from email.utils import format_datetime
from urllib.robotparser import RobotFileParser
from xml.sax.saxutils import escape

from crawler.replicas.site import Site


def robots_txt(site: Site, origin: str) -> str:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in site.config.get("robots_disallow", []))]
    announced = site.config.get("sitemap_index", site.config.get("sitemap"))
    if announced:
        lines += ["", f"Sitemap: {origin}{announced}"]
    return "\n".join(lines) + "\n"


def robots_allow(site: Site, url: str) -> bool:
    """Whether the site's robots.txt lets a crawler fetch the root-relative ``url``."""
    parser = RobotFileParser()
    parser.parse(robots_txt(site, "http://replica").splitlines())
    return parser.can_fetch("*", url)


def sitemap_xml(site: Site, origin: str) -> str:
    """Every listed article; a stale sitemap (``sitemap_until = DATE``) only those up to
    that date, plus the pages it still names that are gone (``sitemap_gone``)."""
    until = site.config.get("sitemap_until")
    entries = [
        f"  <url><loc>{escape(origin + a.url)}</loc><lastmod>{a.fields['date']}</lastmod></url>"
        for a in site.listed
        if until is None or a.published.date() <= until
    ]
    entries += [f"  <url><loc>{escape(origin + url)}</loc></url>" for url in site.config.get("sitemap_gone", [])]
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
            *entries,
            "</urlset>",
            "",
        ]
    )


def sitemap_index_xml(site: Site, origin: str) -> str:
    """A sitemap index naming the site's one sitemap, as large sites serve at /sitemap.xml."""
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
            f"  <sitemap><loc>{escape(origin + site.config['sitemap'])}</loc></sitemap>",
            "</sitemapindex>",
            "",
        ]
    )


def rss_xml(site: Site, origin: str) -> str:
    items = [
        "\n".join(
            [
                "  <item>",
                f"    <title>{escape(a.title)}</title>",
                f"    <link>{escape(origin + a.url)}</link>",
                f"    <guid>{escape(origin + a.url)}</guid>",
                f"    <pubDate>{format_datetime(a.published)}</pubDate>",
                f"    <description>{escape(a.teaser)}</description>",
                "  </item>",
            ]
        )
        for a in site.listed[: site.config.get("feed_items", 20)]
    ]
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<rss version="2.0"><channel>',
            f"  <title>{escape(site.site_name)}</title>",
            f"  <link>{escape(origin)}/</link>",
            f"  <description>{escape(site.site_name)}</description>",
            *items,
            "</channel></rss>",
            "",
        ]
    )


def atom_xml(site: Site, origin: str) -> str:
    """The feed as Atom (``feed_format = "atom"``): ``<entry><link href>``, not ``<item><link>``."""
    entries = [
        "\n".join(
            [
                "  <entry>",
                f"    <title>{escape(a.title)}</title>",
                f'    <link rel="alternate" href="{escape(origin + a.url)}"/>',
                f"    <id>{escape(origin + a.url)}</id>",
                f"    <updated>{a.published.isoformat()}</updated>",
                f"    <summary>{escape(a.teaser)}</summary>",
                "  </entry>",
            ]
        )
        for a in site.listed[: site.config.get("feed_items", 20)]
    ]
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<feed xmlns="http://www.w3.org/2005/Atom">',
            f"  <title>{escape(site.site_name)}</title>",
            f'  <link href="{escape(origin)}/"/>',
            f"  <id>{escape(origin)}/</id>",
            *entries,
            "</feed>",
            "",
        ]
    )
