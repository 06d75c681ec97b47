"""HTML of replica pages: a skin's frame (templates/<skin>.html) filled with the
chrome a site's layout asks for (breadcrumb, metadata lines, related lists, footer)
around the article, list or plain page."""

from __future__ import annotations

from datetime import date, timedelta
from html import escape
from pathlib import Path
from string import Template
from typing import Any, Callable, Iterable

from crawler.replicas.annotate import traditional, traditional_with_readings
from crawler.replicas.site import Article, ListPages, Site

TEMPLATES_DIR = Path(__file__).parent / "templates"
LONG_PARAGRAPH = 100  # a repeated title is injected only between two paragraphs this long


def render_article(site: Site, article: Article, page: int) -> str:
    layout, fields = article.layout, article.fields
    script = _script(layout)
    body_script = _script(layout, "body_script")
    paragraphs = _with_repeated_titles(
        _with_mojibake(article.pages[page - 1], layout.get("mojibake", {})), layout.get("repeat_title"), fields
    )
    indent = layout.get("paragraph_prefix", "")
    title = traditional(article.title) if layout.get("script") == "annotated" else article.title
    parts = [
        '<div class="article">',
        f'<h1 class="title">{escape(title)}</h1>',
        *(f'<div class="info">{escape(script(line.format(**fields)))}</div>' for line in _lines(layout.get("meta_line"))),
        '<div class="content" id="content">',
        *(f"<p>{escape(indent + body_script(p))}</p>" for p in paragraphs),
        "</div>",
        _pager(article, page),
        _attachments(article),
        _print_link(article),
        "</div>",
        _neighbours(site, article),
        _related(site, article),
    ]
    return _frame(
        site,
        layout,
        html_title=article.html_title,
        head_meta=_article_meta(article),
        breadcrumb=layout.get("breadcrumb", "").format(**fields),
        main="\n".join(part for part in parts if part),
    )


def render_list(site: Site, pages: ListPages, n: int, extra_links: Iterable[dict[str, str]]) -> str:
    """One page of a list. ``list_style = "summary"``: a summary paragraph under every
    title (``summary_chars`` long). ``load_more = true``: the pager is a script button
    (加载更多) and the page links only inside ``<noscript>``, as app-style portals do."""
    layout = site.layout
    summary = layout.get("list_style") == "summary"
    items = []
    for a in pages.articles_on(n):
        link = f'<a href="{escape(a.url)}" target="_blank">{escape(a.title)}</a>'
        if summary:
            text = escape(a.summary(layout.get("summary_chars", 90)))
            items.append(f'<li><h3>{link}</h3><p class="summary">{text}</p><span class="date">{a.fields["date"]}</span></li>')
        else:
            items.append(f'<li>{link}<span class="date">{a.fields["date"]}</span></li>')
    items += [f'<li><a href="{escape(link["href"])}">{escape(link["text"])}</a></li>' for link in extra_links]
    pager = _list_pager(pages, n)
    if layout.get("load_more"):
        pager = f'<div class="more"><a href="javascript:void(0)" onclick="loadMore()">加载更多</a></div>\n<noscript>{pager}</noscript>'
    main = "\n".join([f'<h2 class="list-title">{escape(pages.title)}</h2>', '<ul class="news-list">', *items, "</ul>", pager])
    title = f"{pages.title}_{site.site_name}" + (f"_第{n}页" if n > 1 else "")
    return _frame(site, layout, html_title=title, breadcrumb=f"首页 > {pages.title}", main=main)


def render_day(site: Site, calendar: str, day: date) -> str:
    """A calendar archive page: the day's articles and links to the days around it, for
    every date there is (a crawler trap: an endless chain of pages)."""
    articles = [a for a in site.listed if a.published.date() == day]
    items = [f'<li><a href="{escape(a.url)}">{escape(a.title)}</a></li>' for a in articles]
    around = [
        f'<a href="{escape(calendar)}?date={d.isoformat()}">{label}</a>'
        for label, d in (("前一天", day - timedelta(days=1)), ("后一天", day + timedelta(days=1)))
    ]
    main = "\n".join([f"<h2>{day.isoformat()} 信息</h2>", "<ul>", *items, "</ul>", f'<div class="days">{" ".join(around)}</div>'])
    return _frame(site, site.layout, html_title=f"{day.isoformat()}_{site.site_name}", breadcrumb="首页 > 日历", main=main)


def render_plain(site: Site, title: str, text: str) -> str:
    """A page that is not an article: about, contact, a video index, an error page."""
    main = "\n".join([f"<h2>{escape(title)}</h2>", *(f"<p>{escape(line)}</p>" for line in text.strip().splitlines() if line.strip())])
    return _frame(site, site.layout, html_title=f"{title}-{site.site_name}", breadcrumb=f"首页 > {title}", main=main)


def _frame(site: Site, layout: dict[str, Any], *, html_title: str, breadcrumb: str, main: str, head_meta: str = "") -> str:
    skin = Template((TEMPLATES_DIR / f"{layout.get('skin', 'portal')}.html").read_text(encoding="utf-8"))
    nav = [f'<li><a href="{escape(lst.url)}">{escape(lst.title)}</a></li>' for lst in site.lists]
    nav += [
        f'<li><a href="{escape(p["url"])}">{escape(p["title"])}</a></li>'
        for p in site.config.get("page", [])
        if p.get("nav", True)
    ]
    fields = {"site_name": site.site_name}
    script = _script(layout)
    return skin.substitute(
        charset_meta=_charset_meta(layout),
        html_title=escape(html_title),
        head_meta=head_meta,
        feed_link=_feed_link(site),
        site_name=escape(site.site_name),
        slogan=escape(script(layout.get("slogan", ""))),
        nav="".join(nav),
        breadcrumb=escape(script(breadcrumb)),
        main=main,
        sidebar=_sidebar(site),
        footer="\n".join(f"<p>{escape(script(line.format(**fields)))}</p>" for line in _lines(layout.get("footer"))),
    )


def _feed_link(site: Site) -> str:
    """The <link rel="alternate"> by which a site's pages name its feed, as CMSes write it."""
    feed = site.config.get("feed")
    if feed is None:
        return ""
    kind = "atom" if site.config.get("feed_format") == "atom" else "rss"
    return f'<link rel="alternate" type="application/{kind}+xml" title="{escape(site.site_name)}" href="{escape(feed)}">\n'


def _script(layout: dict[str, Any], key: str = "script") -> Callable[[str], str]:
    """``script = "annotated"``: the page chrome of a hacked mirror, in traditional script
    with readings (seeds 001, 004). The body is annotated only with ``body_script``,
    since a seed's body already is."""
    return traditional_with_readings if layout.get(key) == "annotated" else str


def _charset_meta(layout: dict[str, Any]) -> str:
    if not layout.get("declare_charset", True):
        return ""
    label = layout.get("charset_label", layout.get("encoding", "utf-8"))
    return f'<meta http-equiv="Content-Type" content="text/html; charset={label}">\n'


def _article_meta(article: Article) -> str:
    return "".join(
        [
            f'<meta name="description" content="{escape(article.teaser)}">\n',
            f'<meta name="publishdate" content="{article.fields["date"]} {article.fields["time"]}">\n',
            f'<meta name="source" content="{escape(article.fields["source"])}">\n',
        ]
    )


def _with_repeated_titles(paragraphs: tuple[str, ...], repeat: str | None, fields: dict[str, Any]) -> list[str]:
    """Content farms inject ``title-site`` between body paragraphs (seed 000)."""
    if not repeat:
        return list(paragraphs)
    out: list[str] = []
    for before, after in zip(paragraphs, paragraphs[1:] + ("",)):
        out.append(before)
        if len(before) >= LONG_PARAGRAPH and len(after) >= LONG_PARAGRAPH:
            out.append(repeat.format(**fields))
    return out


def _with_mojibake(paragraphs: tuple[str, ...], garbled: dict[str, list[int]]) -> tuple[str, ...]:
    """Paragraphs a scraper decoded with the wrong codec: ``{"gbk": [1]}`` turns paragraph
    1 into UTF-8 bytes read as GBK (``涓婃捣``), ``{"cp1252": [2]}`` as Windows-1252 (``ä¸Šæµ·``)."""
    wrong_codec = {index: codec for codec, indexes in garbled.items() for index in indexes}
    return tuple(
        p.encode("utf-8").decode(wrong_codec[i], errors="replace") if i in wrong_codec else p
        for i, p in enumerate(paragraphs)
    )


def _pager(article: Article, page: int) -> str:
    if len(article.page_urls) == 1:
        return ""
    links = []
    if page > 1:
        links.append(f'<a href="{escape(article.page_urls[page - 2])}">上一页</a>')
    for n, url in enumerate(article.page_urls, start=1):
        links.append(f"<span>{n}</span>" if n == page else f'<a href="{escape(url)}">{n}</a>')
    if page < len(article.page_urls):
        links.append(f'<a href="{escape(article.page_urls[page])}">下一页</a>')
    return f'<div class="pages">{" ".join(links)}</div>'


def _neighbours(site: Site, article: Article) -> str:
    """上一篇/下一篇 (``neighbours = true``): the articles published just before and
    after, listed or not; the only way to some articles (``listed = false``)."""
    if not article.layout.get("neighbours"):
        return ""
    order = list(site.articles)
    i = order.index(article)
    links = []
    if i + 1 < len(order):
        links.append(f'<p>上一篇:<a href="{escape(order[i + 1].url)}">{escape(order[i + 1].title)}</a></p>')
    if i > 0:
        links.append(f'<p>下一篇:<a href="{escape(order[i - 1].url)}">{escape(order[i - 1].title)}</a></p>')
    return f'<div class="neighbours">{"".join(links)}</div>' if links else ""


def _attachments(article: Article) -> str:
    if not article.attachments:
        return ""
    items = [f'<li>附件:<a href="{escape(f["href"])}">{escape(f["title"])}</a></li>' for f in article.attachments]
    return f'<ul class="attachments">{"".join(items)}</ul>'


def _print_link(article: Article) -> str:
    url_format = article.layout.get("print_url")
    if not url_format:
        return ""
    return f'<div class="tools"><a href="{escape(url_format.format(url=article.url))}">【打印本页】</a></div>'


def _list_pager(pages: ListPages, n: int) -> str:
    links = [f'<a href="{escape(pages.url_of(1))}">首页</a>']
    if n > 1:
        links.append(f'<a href="{escape(pages.url_of(n - 1))}">上一页</a>')
    links += [f"<span>{k}</span>" if k == n else f'<a href="{escape(pages.url_of(k))}">{k}</a>' for k in range(1, pages.page_count + 1)]
    if n < pages.page_count:
        links.append(f'<a href="{escape(pages.url_of(n + 1))}">下一页</a>')
    links.append(f'<a href="{escape(pages.url_of(pages.page_count))}">尾页</a>')
    return f'<div class="pager">共{len(pages.articles)}条 {" ".join(links)}</div>'


def _related(site: Site, article: Article) -> str:
    """Related headlines: other articles of the site, then the layout's filler items."""
    layout = article.layout
    heading = layout.get("related_heading")
    if heading is None:
        return ""
    others = [a for a in site.articles if a.url != article.url][: layout.get("related_count", 4)]
    items = [{"title": a.title, "teaser": a.teaser, "href": a.url} for a in others]
    items += [item if isinstance(item, dict) else {"title": item} for item in layout.get("related_filler", [])]
    rendered = []
    for item in items:
        title = escape(item["title"])
        link = f'<a href="{escape(item["href"])}">{title}</a>' if "href" in item else title
        if layout.get("related_style") == "teaser":
            rendered.append(f'<div class="item"><h3>{link}</h3><h4>{title}</h4><p>{escape(item.get("teaser", ""))}</p></div>')
        else:
            rendered.append(f"<li>{link}</li>")
    wrapper = ("<div>", "</div>") if layout.get("related_style") == "teaser" else ("<ul>", "</ul>")
    # An empty heading gives the bare run of headlines of seed 000.
    opening = f'<div class="related"><h2>{escape(heading)}</h2>' if heading else '<div class="related">'
    return "\n".join([opening, wrapper[0], *rendered, wrapper[1], "</div>"])


def _sidebar(site: Site) -> str:
    heading = site.layout.get("sidebar_heading")
    if not heading:
        return ""
    items = [f'<li><a href="{escape(a.url)}">{escape(a.title)}</a></li>' for a in site.articles[:5]]
    return "\n".join([f'<div class="hot"><h3>{escape(heading)}</h3><ul>', *items, "</ul></div>"])


def _lines(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)
