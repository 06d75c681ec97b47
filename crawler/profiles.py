"""Site profiles: what a site looks like to the crawler, read from seeds/profiles/*.toml.

A profile names the hosts the spider may fetch, where it starts (list pages, sitemaps,
feeds) and what an article URL, a list URL and the later page of a multi-page article
look like. ``generic_profile`` builds one for a site that has no file, from URL shapes
that Chinese news sites share.

The ``[cleaning]`` section gives the cleaners the site's names and footer markers, and
may change a cleaning step's parameters, one table per step, named as the step is
(``cleaners.pipeline``)::

    [cleaning]
    site_names = ["信息快讯网"]
    footer_markers = ["©2014-2024 dbsqp.com"]

    [cleaning.too-short]
    min_body_hanzi = 150
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from cleaners.base import Hints, StepOverrides
from seeds import PROFILES_DIR


DEFAULT_SIMILARITY_THRESHOLD = 0.10

# URL shapes of article pages on Chinese news and government sites, for sites without a
# profile: a date in the path (/2023/0424/, /2023-04/24/, /20230424/), the gov.cn
# t20230424_123 form, CMS names (art_123_456.html, content_123.htm, detail?id=), or a
# long numeric id as the file name.
GENERIC_ARTICLE_PATTERNS = (
    r"/20\d\d[-_/]?[01]\d[-_/]?[0-3]\d/",
    r"/20\d\d[-_]?[01]\d/\d\d?/",
    r"t20\d{6}_\d+",
    r"art_\d+_\d+\.s?html?$",
    r"content(_\d+)?\.s?html?$",
    r"(detail|show|view|article)\w*\?(.*&)?(id|aid|articleid|newsid)=\d+",
    r"/\d{5,}\.s?html?$",
)
# Without a profile every page of the host may be a list; the depth limit bounds the crawl.
GENERIC_LIST_PATTERNS = (r"^/",)
# Page numbers of multi-page articles are small (123_2.html, index_1.htm); a long number
# after "_" is an id (art_1229_4012345.html, t20230424_123.html).
GENERIC_CONTINUATION_PATTERNS = (r"_\d{1,2}\.s?html?$", r"[?&]page=\d+")


class ProfileError(ValueError):
    """A profile file is missing, or says something the crawler cannot use."""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def path_and_query(url: str) -> str:
    """What the profile's patterns match: the path, and ``?query`` when there is one."""
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


@dataclass(frozen=True)
class SiteProfile:
    name: str
    domains: tuple[str, ...]
    start_urls: tuple[str, ...]
    title: str = ""
    sitemaps: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    article_patterns: tuple[str, ...] = ()
    list_patterns: tuple[str, ...] = ()
    continuation_patterns: tuple[str, ...] = ()
    charset: str | None = None
    similarity_threshold: float = DEFAULT_SIMILARITY_THRESHOLD
    site_names: tuple[str, ...] = ()
    footer_markers: tuple[str, ...] = ()
    step_overrides: StepOverrides = ()
    download_delay: float = 1.0
    concurrent_requests_per_domain: int = 2
    # The real site's scheme+host when ``origin`` points the crawl at another server.
    home: str = ""
    origin: str | None = None
    # Generic profiles also take pages whose structure, not URL, says "article".
    detect_articles_by_structure: bool = False
    _compiled: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.start_urls and not self.sitemaps and not self.feeds:
            raise ProfileError(f"profile {self.name!r}: no start_urls, sitemaps or feeds")
        for pattern in (*self.article_patterns, *self.list_patterns, *self.continuation_patterns):
            try:
                re.compile(pattern)
            except re.error as error:
                raise ProfileError(f"profile {self.name!r}: bad pattern {pattern!r}: {error}") from None
        if not self.home:
            first = (self.start_urls or self.sitemaps or self.feeds)[0]
            object.__setattr__(self, "home", _origin(first))

    # -- URL classes ---------------------------------------------------------------

    def _patterns(self, kind: str) -> tuple[re.Pattern[str], ...]:
        if kind not in self._compiled:
            self._compiled[kind] = tuple(re.compile(p) for p in getattr(self, f"{kind}_patterns"))
        return self._compiled[kind]

    def _matches(self, kind: str, url: str) -> bool:
        target = path_and_query(url)
        return any(p.search(target) for p in self._patterns(kind))

    def is_article(self, url: str) -> bool:
        """An article's first page: matches an article pattern and no continuation pattern."""
        return self._matches("article", url) and not self._matches("continuation", url)

    def is_list(self, url: str) -> bool:
        return self._matches("list", url) and not self.is_article(url)

    def is_continuation(self, url: str) -> bool:
        return self._matches("continuation", url)

    @property
    def fetch_domains(self) -> tuple[str, ...]:
        """Hosts the crawl may fetch: the site's own, and the override origin's."""
        origin_host = urlsplit(self.origin).hostname if self.origin else None
        if origin_host and origin_host not in self.domains:
            return (*self.domains, origin_host)
        return self.domains

    @property
    def hints(self) -> Hints:
        return Hints(site_names=self.site_names, footer_markers=self.footer_markers, step_overrides=self.step_overrides)

    # -- origin override -----------------------------------------------------------

    def with_origin(self, origin: str) -> SiteProfile:
        """The same site served from ``origin`` (a replica): every profile URL moves there.

        The origin's host joins the fetchable hosts; it is the one private or loopback
        address the crawl may reach, because the user named it.
        """
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ProfileError(f"origin must be an http(s) URL with a host, not {origin!r}")
        origin = f"{parts.scheme}://{parts.netloc}"

        def moved(urls: tuple[str, ...]) -> tuple[str, ...]:
            return tuple(_move(u, origin) for u in urls)

        return dataclasses.replace(
            self, start_urls=moved(self.start_urls), sitemaps=moved(self.sitemaps), feeds=moved(self.feeds),
            origin=origin,
        )

    def real_url(self, url: str) -> str:
        """``url`` as it is on the real site: a URL off the site's own hosts moves home.

        Works on raw-archive URLs too, whose override origin is no longer known.
        """
        host = urlsplit(url).hostname or ""
        if host in self.domains or (self.origin and host != urlsplit(self.origin).hostname):
            return url
        return _move(url, self.home)

    def allows(self, url: str) -> bool:
        """Whether the crawl may fetch ``url``: on one of the fetchable hosts."""
        return (urlsplit(url).hostname or "") in self.fetch_domains

    def fetch_url(self, real_url: str) -> str:
        """Where to fetch a real-site URL in this crawl: on the override origin, if any."""
        return _move(real_url, self.origin) if self.origin else real_url


def _move(url: str, origin: str) -> str:
    parts = urlsplit(url)
    target = urlsplit(origin)
    return urlunsplit((target.scheme, target.netloc, parts.path, parts.query, parts.fragment))


def _tuple(data: dict, key: str) -> tuple[str, ...]:
    value = data.get(key, ())
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple)) or not all(isinstance(v, str) for v in value):
        raise ProfileError(f"{key!r} must be a list of strings")
    return tuple(value)


_CLEANING_HINTS = ("site_names", "footer_markers")


def _step_overrides(cleaning: dict) -> StepOverrides:
    """The ``[cleaning.STEP]`` tables as overrides, checked against the steps they name."""
    overrides: list[tuple[str, str, object]] = []
    for key, value in cleaning.items():
        if key in _CLEANING_HINTS:
            continue
        if not isinstance(value, dict):
            raise ProfileError(f"[cleaning] has no setting {key!r}; a step's parameters go in [cleaning.{key}]")
        for parameter, setting in value.items():
            overrides.append((key, parameter, setting))
    if not overrides:
        return ()
    # Imported here: the cleaning steps load OpenCC, pypinyin and langdetect, which a
    # profile without overrides never needs.
    from cleaners.pipeline import steps_for

    try:
        steps_for(tuple(overrides))
    except ValueError as error:
        raise ProfileError(str(error)) from None
    return tuple(overrides)


def profile_from_dict(data: dict, name: str) -> SiteProfile:
    if data.get("name", name) != name:
        raise ProfileError(f"profile file {name}.toml names itself {data['name']!r}")
    cleaning = data.get("cleaning", {})
    politeness = data.get("politeness", {})
    try:
        return SiteProfile(
            name=name,
            title=data.get("title", ""),
            domains=_tuple(data, "domains"),
            start_urls=_tuple(data, "start_urls"),
            sitemaps=_tuple(data, "sitemaps"),
            feeds=_tuple(data, "feeds"),
            article_patterns=_tuple(data, "article_patterns"),
            list_patterns=_tuple(data, "list_patterns"),
            continuation_patterns=_tuple(data, "continuation_patterns"),
            charset=data.get("charset"),
            similarity_threshold=float(data.get("similarity_threshold", DEFAULT_SIMILARITY_THRESHOLD)),
            site_names=_tuple(cleaning, "site_names"),
            footer_markers=_tuple(cleaning, "footer_markers"),
            step_overrides=_step_overrides(cleaning),
            download_delay=float(politeness.get("download_delay", 1.0)),
            concurrent_requests_per_domain=int(politeness.get("concurrent_requests_per_domain", 2)),
        )
    except ProfileError as error:
        raise ProfileError(f"profile {name!r}: {error}") from None


def load_profile(name: str, profiles_dir: Path = PROFILES_DIR) -> SiteProfile:
    path = Path(profiles_dir) / f"{name}.toml"
    if not path.is_file():
        known = ", ".join(profile_names(profiles_dir)) or "none"
        raise ProfileError(f"no profile named {name!r} in {profiles_dir} (known: {known})")
    with open(path, "rb") as file:
        try:
            data = tomllib.load(file)
        except tomllib.TOMLDecodeError as error:
            raise ProfileError(f"{path}: {error}") from None
    return profile_from_dict(data, name)


def profile_names(profiles_dir: Path = PROFILES_DIR) -> list[str]:
    return sorted(p.stem for p in Path(profiles_dir).glob("*.toml"))


def load_profiles(profiles_dir: Path = PROFILES_DIR) -> list[SiteProfile]:
    return [load_profile(name, profiles_dir) for name in profile_names(profiles_dir)]


def generic_profile(start_url: str) -> SiteProfile:
    """A profile for a site without a file: stay on the start URL's host, guess by URL shape."""
    parts = urlsplit(start_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProfileError(f"start URL must be an http(s) URL with a host, not {start_url!r}")
    home = _origin(start_url)
    return SiteProfile(
        name=parts.hostname,
        domains=(parts.hostname,),
        start_urls=(start_url,),
        sitemaps=(f"{home}/robots.txt",),
        article_patterns=GENERIC_ARTICLE_PATTERNS,
        list_patterns=GENERIC_LIST_PATTERNS,
        continuation_patterns=GENERIC_CONTINUATION_PATTERNS,
        detect_articles_by_structure=True,
        home=home,
        # The user named this host: if it is a private address, it may be fetched.
        origin=home,
    )


def profile_for_site(site: str, profiles_dir: Path = PROFILES_DIR) -> SiteProfile:
    """The profile a raw page's ``site`` names: a profile file, else the generic one of that host."""
    if (Path(profiles_dir) / f"{site}.toml").is_file():
        return load_profile(site, profiles_dir)
    return generic_profile(f"http://{site}/")
