"""What the spider reads of an article's page: its type, the articles it leads to, its next page.

A job for the crawl's worker processes (``crawler.pool``), like processing: typing a page
and reading its links cost more than the rest of the crawl process's work on it, and in
the reactor thread they capped the crawl at one core whatever the number of workers.
The job gets the page as it travels between processes (URL, body, Content-Type) and rebuilds
the response the link functions read; what it returns is plain data, and the spider
alone decides what to request from it (it keeps what the crawl has learnt of its sites).
"""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.http import TextResponse

from cleaners.page_type import PageType, page_type
from crawler.discovery import later_page, neighbour_links
from crawler.links import link_urls, next_page
from crawler.profiles import SiteProfile


@dataclass(frozen=True)
class PageReading:
    """What one page of an article candidate says."""

    kind: PageType | None  # the first page's type; None for a later page
    # The first page's on-site links that may be articles of their own: never the page
    # itself nor one of its later pages. Read only for an article whose links are followed.
    article_links: tuple[str, ...] = ()
    neighbours: frozenset[str] = frozenset()  # those of article_links linked as 上一篇/下一篇
    next_page: str | None = None  # the article's following page


@dataclass(frozen=True)
class PageToRead:
    """A text response as it travels to a worker. Its Content-Type header, not its
    encoding: for a page that declares none, working out the encoding decodes the page
    (with charset detection), which is the worker's job, not the crawl process's."""

    response_class: type[TextResponse]
    url: str
    body: bytes
    content_type: bytes | None

    @classmethod
    def of(cls, response: TextResponse) -> PageToRead:
        return cls(type(response), response.url, response.body, response.headers.get(b"Content-Type"))

    def response(self) -> TextResponse:
        headers = {b"Content-Type": self.content_type} if self.content_type else None
        return self.response_class(self.url, body=self.body, headers=headers)


def read_page(
    profile: SiteProfile, page: PageToRead, chain: list[str], *, first: bool, known_article_url: bool,
    follow_links: bool,
) -> PageReading:
    """Read a page of an article candidate; ``chain`` is the article's pages so far, this
    one last. ``known_article_url`` and ``follow_links`` are the spider's knowledge: the
    URL has the shape of proven articles; the article has hops left to follow links."""
    response = page.response()
    kind = None
    if first:
        kind = page_type(response.text, response.url, known_article_url=known_article_url)
        if kind.kind != "article":
            return PageReading(kind)
    links: tuple[str, ...] = ()
    neighbours: frozenset[str] = frozenset()
    if first and follow_links:
        links = tuple(
            url for url in link_urls(profile, response)
            if url != chain[0] and (profile.detect_articles_by_structure or profile.is_article(url))
            and later_page(chain[0], url) is None
        )
        if links:
            neighbours = frozenset(neighbour_links(response.selector.root, response.url)) & frozenset(links)
    return PageReading(kind, links, neighbours, next_page(profile, response, chain))
