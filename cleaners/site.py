"""Which site a page belongs to: ``site``, its registered domain, and ``site_name``, what
the site calls itself.

A copyright line (``Copyright © 2017 Sohu.com Inc. All Rights Reserved.``,
``人民网版权所有``) is no site name, though trafilatura offers it as one.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import urlsplit

import lxml.html
from tld import get_fld

from cleaners.page_meta import PageMeta

# Where a page states its own address, the most explicit first (``SiteDomain`` and ``Url``
# are what Chinese government CMSes write).
_ADDRESS_META = ("og:url", "url", "sitedomain")
# Where a page states its name: Open Graph, government CMSes, pinned-site names.
_NAME_META = ("og:site_name", "sitename", "application-name", "msapplication-tooltip")
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights|版权|inc\.", re.I)
# The separators between a headline and the site's name in a <title>.
_TITLE_SEPARATOR = re.compile(r"\s*(?:__?|-{1,2}|\||｜|—|–|::|>>|»)\s*")
_WHITESPACE = re.compile(r"\s+")
# A longer last part of a <title>, or one with a sentence's punctuation, is the second
# half of a headline (``书记市长这一周 | 奋马扬鞭争春色，“虎”力全开``), not a name.
_MAX_NAME_CHARS = 20
_SENTENCE_PUNCTUATION = re.compile(r"[，。！？；：、“”,!?;]")
# How the names of Chinese sites and channels end (大河网, 搜狐财经, 商业频道, 央视论坛, 巴彦淖尔市
#人民政府, 北京大学中国经济研究中心): a <title>'s last part ending otherwise is no name.
_NAME_ENDING = re.compile(
    r"(?:网|站|报|台|社|刊|频道|论坛|社区|博客|中心|政府|新闻|资讯|财经|汽车|娱乐|体育|科技|房产|"
    r"在线|门户|平台|传媒|集团|研究院|\.com|\.cn|\.net|\.org)$",
    re.I,
)


def registered_domain(url: str | None) -> str | None:
    """``netease.com`` of ``http://bbs6.netease.com/…``, ``bynr.gov.cn`` of ``https://www.bynr.gov.cn/``."""
    if not url:
        return None
    if url.startswith("//"):
        url = "http:" + url
    elif "://" not in url:
        url = "http://" + url
    host = urlsplit(url).hostname
    if not host or "." not in host:
        return None
    return get_fld(host, fix_protocol=True, fail_silently=True) or host


def find_site(url: str | None, meta: PageMeta, root: lxml.html.HtmlElement) -> str | None:
    """The page's registered domain: from its URL, else from the address the page states,
    else the domain most of its absolute links and resources are on (a saved page with no
    URL: a share button or the ICP licence link is one link, the site's own images many)."""
    if url and url.startswith(("http://", "https://")):
        return registered_domain(url)
    for address in (meta.canonical, meta.first(_ADDRESS_META)):
        # a path alone (``/a/1.html``) names no host
        if address and (address.startswith("//") or not address.startswith("/")):
            domain = registered_domain(address)
            if domain:
                return domain
    domains = Counter(
        registered_domain(address) for address in root.xpath("//a/@href | //img/@src | //script/@src | //link/@href")
        if address.startswith(("http://", "https://", "//"))
    )
    domains.pop(None, None)
    return domains.most_common(1)[0][0] if domains else None


def find_site_name(meta: PageMeta, page_title: str, headline: str | None) -> str | None:
    """What the site calls itself: ``og:site_name`` and the like, else the short last part
    of a <title> after a separator (``…_产业资讯_新浪网`` → ``新浪网``) that is not the headline's."""
    for key in _NAME_META:
        name = _WHITESPACE.sub(" ", meta.meta.get(key, "")).strip()
        if name and not _COPYRIGHT.search(name):
            return name
    parts = [part.strip() for part in _TITLE_SEPARATOR.split(page_title) if part.strip()]
    if len(parts) > 1 and parts[-1] != headline and len(parts[-1]) <= _MAX_NAME_CHARS:
        if _NAME_ENDING.search(parts[-1]) and not _SENTENCE_PUNCTUATION.search(parts[-1]):
            return parts[-1]
    return None
