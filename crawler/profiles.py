"""Site profiles: what a site looks like to the crawler, read from ``NAME.toml`` files.

The profiles zhnews ships are package data (``seeds/profiles``); a user's own folders,
named by ``--profiles DIR`` or ``$ZHNEWS_PROFILES``, add profiles and override shipped
ones of the same name. A profile names the hosts the spider may fetch, where it starts
(list pages, sitemaps, feeds) and what an article URL, a list URL and the later page of
a multi-page article look like. ``generic_profile`` builds one for a site that has no file, from URL shapes
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
import difflib
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable
from urllib.parse import urlsplit, urlunsplit

from cleaners.base import Hints, StepOverrides
from cleaners.decode import normalise_charset
from seeds import PROFILES_DIR

# Folders of the user's own profiles, separated by os.pathsep as in PATH. Read by every
# entry point (zhnews crawl, zhnews reprocess, scrapy crawl), so one setting serves all.
PROFILES_ENV = "ZHNEWS_PROFILES"

# What a profile file may say, by table ("" is the top level). A key outside these is a
# mistake (article_pattern for article_patterns) that would otherwise be ignored and
# make a crawl that quietly finds nothing.
PROFILE_KEYS = {
    "": frozenset({
        "name", "title", "domains", "start_urls", "sitemaps", "feeds", "article_patterns", "list_patterns",
        "continuation_patterns", "charset", "similarity_threshold", "cleaning", "politeness",
    }),
    "cleaning": frozenset({"site_names", "footer_markers"}),
    "politeness": frozenset({"download_delay", "concurrent_requests_per_domain"}),
}


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
    # Below this topic score an article is rejected as off-topic; None keeps every
    # article (the score is recorded either way). Only a profile that asks gets the gate.
    similarity_threshold: float | None = None
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
        if not self.domains:
            raise ProfileError(f"profile {self.name!r}: no domains (the hosts the crawl may fetch)")
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
    def discovery(self) -> tuple[str, ...]:
        """How the crawl finds articles: from list pages, sitemaps, feeds."""
        sources = (("list pages", self.start_urls), ("sitemaps", self.sitemaps), ("feeds", self.feeds))
        return tuple(kind for kind, urls in sources if urls)

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


def _step_overrides(cleaning: dict) -> StepOverrides:
    """The ``[cleaning.STEP]`` tables as overrides, checked against the steps they name."""
    overrides = tuple(
        (step, parameter, setting)
        for step, table in cleaning.items() if isinstance(table, dict)
        for parameter, setting in table.items()
    )
    if not overrides:
        return ()
    # Imported here: the cleaning steps load OpenCC, pypinyin and langdetect, which a
    # profile without overrides never needs.
    from cleaners.pipeline import steps_for

    try:
        steps_for(overrides)
    except ValueError as error:
        raise ProfileError(str(error)) from None
    return overrides


def _number(data: dict, key: str, kind: type[int] | type[float], default: float) -> float:
    value = data.get(key, default)
    # TOML already gives numbers; a bool is an int to Python but no delay or threshold.
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (kind is int and not isinstance(value, int)):
        raise ProfileError(f"{key!r} must be a{'n integer' if kind is int else ' number'}, not {value!r}")
    return kind(value)


def _optional_number(data: dict, key: str) -> float | None:
    return _number(data, key, float, 0.0) if key in data else None


def _string(data: dict, key: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ProfileError(f"{key!r} must be a string, not {value!r}")
    return value


def _check_keys(data: dict) -> None:
    """Refuse a key the profile format does not have, naming it and the key it was likely meant to be.

    In ``[cleaning]`` a table is a step's parameters, which ``_step_overrides`` checks.
    """
    for table, known in PROFILE_KEYS.items():
        values = data.get(table, {}) if table else data
        if not isinstance(values, dict):
            raise ProfileError(f"{table!r} must be a table ([{table}])")
        for key, value in values.items():
            if key in known or (table == "cleaning" and isinstance(value, dict)):
                continue
            close = difflib.get_close_matches(key, known, n=1)
            if close:
                advice = f" (did you mean {close[0]!r}?)"
            elif table == "cleaning":
                advice = f"; a step's parameters go in [cleaning.{key}]"
            else:
                advice = f" (known: {', '.join(sorted(known))})"
            where = f"[{table}]" if table else "a profile"
            raise ProfileError(f"{where} has no setting {key!r}{advice}")


def profile_from_dict(data: dict, name: str) -> SiteProfile:
    """The profile a parsed ``NAME.toml`` describes; a ProfileError, naming the profile, for
    anything the crawler cannot use."""
    try:
        return _profile(data, name)
    except ProfileError as error:
        raise ProfileError(f"profile {name!r}: {error}") from None


def read_profile(path: Path) -> SiteProfile:
    """The profile in the file ``path`` (named by its stem); every error names the file."""
    try:
        with open(path, "rb") as file:
            return _profile(tomllib.load(file), Path(path).stem)
    except (OSError, tomllib.TOMLDecodeError, ProfileError) as error:
        raise ProfileError(f"{path}: {error}") from None


def _profile(data: dict, name: str) -> SiteProfile:
    _check_keys(data)
    if data.get("name", name) != name:
        raise ProfileError(f"profile file {name}.toml names itself {data['name']!r}")
    charset = _string(data, "charset")
    if charset is not None and normalise_charset(charset) is None:
        raise ProfileError(f"charset {charset!r} is no charset Python knows")
    cleaning = data.get("cleaning", {})
    politeness = data.get("politeness", {})
    return SiteProfile(
        name=name,
        title=_string(data, "title") or "",
        domains=_tuple(data, "domains"),
        start_urls=_tuple(data, "start_urls"),
        sitemaps=_tuple(data, "sitemaps"),
        feeds=_tuple(data, "feeds"),
        article_patterns=_tuple(data, "article_patterns"),
        list_patterns=_tuple(data, "list_patterns"),
        continuation_patterns=_tuple(data, "continuation_patterns"),
        charset=charset,
        similarity_threshold=_optional_number(data, "similarity_threshold"),
        site_names=_tuple(cleaning, "site_names"),
        footer_markers=_tuple(cleaning, "footer_markers"),
        step_overrides=_step_overrides(cleaning),
        download_delay=_number(politeness, "download_delay", float, 1.0),
        concurrent_requests_per_domain=_number(politeness, "concurrent_requests_per_domain", int, 2),
    )


ProfileDirs = Path | str | Iterable[Path | str] | None


def profile_dirs(extra: Iterable[Path | str] = ()) -> tuple[Path, ...]:
    """Where profiles are read from, each folder overriding those before it.

    The profiles zhnews ships, then the folders in ``$ZHNEWS_PROFILES``, then ``extra``
    (``--profiles DIR``). A user's folder that does not exist is an error, not an empty set.
    """
    from_env = [Path(p) for p in os.environ.get(PROFILES_ENV, "").split(os.pathsep) if p]
    for folder in from_env:
        if not folder.is_dir():
            raise ProfileError(f"{PROFILES_ENV} names {folder}, which is not a folder")
    extra = [Path(p) for p in extra]
    for folder in extra:
        if not folder.is_dir():
            raise ProfileError(f"profile folder {folder} is not a folder")
    return (PROFILES_DIR, *from_env, *extra)


def _dirs(dirs: ProfileDirs) -> tuple[Path, ...]:
    if dirs is None:
        return profile_dirs()
    if isinstance(dirs, (str, Path)):
        return (Path(dirs),)
    return tuple(Path(d) for d in dirs)


def profile_files(dirs: ProfileDirs = None) -> dict[str, Path]:
    """Each profile's file, by name, sorted by name: a later folder's file wins.

    ``dirs``: a folder, folders, or None for ``profile_dirs()`` (shipped and the user's).
    """
    files: dict[str, Path] = {}
    for folder in _dirs(dirs):
        for path in sorted(folder.glob("*.toml")):
            files[path.stem] = path
    return dict(sorted(files.items()))


def load_profile(name: str, dirs: ProfileDirs = None) -> SiteProfile:
    path = profile_files(dirs).get(name)
    if path is None:
        known = ", ".join(profile_names(dirs)) or "none"
        folders = ", ".join(map(str, _dirs(dirs)))
        raise ProfileError(f"no profile named {name!r} in {folders} (known: {known})")
    return read_profile(path)


def profile_names(dirs: ProfileDirs = None) -> list[str]:
    return list(profile_files(dirs))


def load_profiles(dirs: ProfileDirs = None) -> list[SiteProfile]:
    return [read_profile(path) for path in profile_files(dirs).values()]


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


def profile_for_site(site: str, dirs: ProfileDirs = None) -> SiteProfile:
    """The profile a raw page's ``site`` names: a profile file, else the generic one of that host."""
    path = profile_files(dirs).get(site)
    return read_profile(path) if path is not None else generic_profile(f"http://{site}/")
