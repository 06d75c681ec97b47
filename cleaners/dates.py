"""Publication dates as Chinese pages and URLs write them, normalised to ISO.

htmldate (inside trafilatura) knows HTML metadata and Western patterns, but not the
``发布时间:2021年8月31日 10:20`` lines Chinese portals print above the text, nor the
``t20210831_`` file names of government CMSes, and it drops the time of day. Those
patterns live here.

Output forms: ``YYYY-MM-DD``, ``YYYY-MM-DD HH:MM`` or ``YYYY-MM-DD HH:MM:SS``, the local
time of the page (Asia/Shanghai for the sites we crawl); ``YYYY-MM`` where only a month is
known. The form is the precision: a day-only date is not midnight.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")

# Years a news page can carry; outside this range a digit run is an id, not a date.
_MIN_YEAR, _MAX_YEAR = 1990, 2099

_YEAR = r"(?P<y>(?:19|20)\d\d)"
_MONTH = r"(?P<m>1[0-2]|0?[1-9])"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9])"
_CN_MONTH, _CN_DAY = _MONTH.replace("<m>", "<cm>"), _DAY.replace("<d>", "<cd>")
_TIME = r"(?:[T\s\u3000]*(?P<H>[01]?\d|2[0-3])[:：时](?P<M>[0-5]\d)(?:[:：分](?P<S>[0-5]\d))?)?"

# 2021年8月31日, 2021-08-31, 2021/8/31, 2021.08.31, each optionally followed by a time.
_TEXT_DATE = re.compile(
    rf"(?<!\d){_YEAR}\s*(?:年\s*{_CN_MONTH}\s*月\s*{_CN_DAY}\s*日"
    rf"|(?P<sep>[-/.]){_MONTH}(?P=sep){_DAY}(?!\d)){_TIME}"
)

# 9/17/2004 5:54:13 AM: ASP pages on servers left in the US locale.
_US_DATE = re.compile(
    rf"(?<!\d)(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12]\d|0?[1-9])/{_YEAR}"
    r"(?:\s+(?P<H>1[0-2]|0?\d):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?\s*(?P<half>[AP]M))?"
)
# 06/02/2022 on the Chinese editions of European and Hong Kong media: day first.
_DAY_FIRST_DATE = re.compile(
    rf"(?<!\d)(?P<d>3[01]|[12]\d|0?[1-9])/(?P<m>1[0-2]|0?[1-9])/{_YEAR}"
    r"(?:\s+(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d))?)?"
)

# Labels that introduce the publication date in a metadata line.
_LABEL = re.compile(
    r"(?:发布|发表|更新|上传|出版|刊发|稿件|编辑)?(?:时间|日期)\s*[:：]?\s*|发表于\s*|发布于\s*"
)

_URL_DATE = (
    # /2021-08/31/ (xinhua), /2021-08-31/ (sina)
    re.compile(rf"/{_YEAR}-{_MONTH}[-/]{_DAY}(?=/)"),
    # /2021/08/31/ (blogs)
    re.compile(rf"/{_YEAR}/(?P<m>1[0-2]|0[1-9])/(?P<d>3[01]|[12]\d|0[1-9])(?=/)"),
    # t20210831_123.html (government CMSes), /20210831/ and /202108/31/ (papers)
    re.compile(rf"[/t_]{_YEAR}(?P<m>1[0-2]|0[1-9])/?(?P<d>3[01]|[12]\d|0[1-9])(?=[/_.])"),
)


def _iso(match: re.Match[str]) -> str | None:
    """The match as ISO text, or None when it is no calendar date (2021-02-30)."""
    groups = match.groupdict()
    month, day_of_month = groups.get("m") or groups["cm"], groups.get("d") or groups["cd"]
    try:
        day = date(int(groups["y"]), int(month), int(day_of_month))
    except ValueError:
        return None
    if not _MIN_YEAR <= day.year <= _MAX_YEAR:
        return None
    iso = day.isoformat()
    if groups.get("H") is not None:
        hour = int(groups["H"]) % 12 + (12 if groups.get("half") == "PM" else 0) if groups.get("half") else int(groups["H"])
        iso += f" {hour:02d}:{groups['M']}"
        if groups.get("S") is not None:
            iso += f":{groups['S']}"
    return iso


def parse_date(text: str) -> str | None:
    """The first date written in ``text``, in ISO form."""
    for match in _TEXT_DATE.finditer(text):
        iso = _iso(match)
        if iso:
            return iso
    return None


def labelled_date(text: str, day_first: bool = False) -> str | None:
    """The first date that a label such as ``发布时间:`` or ``发表于`` introduces.

    A date with the year last is read month first (ASP servers in the US locale) unless
    ``day_first``, or unless only day first makes it a date (``13/02/2022``).
    """
    slashed = (_DAY_FIRST_DATE, _US_DATE) if day_first else (_US_DATE, _DAY_FIRST_DATE)
    for label in _LABEL.finditer(text):
        for pattern in (_TEXT_DATE, *slashed):
            match = pattern.match(text, label.end())
            iso = _iso(match) if match else None
            if iso:
                return iso
    return None


def dates_in_text(text: str) -> list[str]:
    """Every date written in ``text``, in order, in ISO form."""
    found = []
    for match in _TEXT_DATE.finditer(text):
        iso = _iso(match)
        if iso:
            found.append(iso)
    return found


def date_in_url(url: str | None) -> str | None:
    """The date a URL path carries (``/2021-08/31/``, ``t20210831_``, ``/20210831/``)."""
    if not url:
        return None
    for pattern in _URL_DATE:
        for match in pattern.finditer(url):
            iso = _iso(match)
            if iso:
                return iso
    return None


def date_part(iso: str | None) -> str | None:
    """``YYYY-MM-DD`` of an ISO date or date-time."""
    return iso[:10] if iso else None


# A machine-written timestamp (``article:published_time``, JSON-LD ``datePublished``,
# ``PubDate``): ISO 8601, possibly with seconds' fractions and a UTC offset.
_STAMP = re.compile(
    rf"\s*{_YEAR}-(?P<m>1[0-2]|0?[1-9])-(?P<d>3[01]|[12]\d|0?[1-9])"
    r"(?:[T\s]+(?P<H>[01]?\d|2[0-3]):(?P<M>[0-5]\d)(?::(?P<S>[0-5]\d)(?:\.\d+)?)?"
    r"\s*(?P<zone>Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?"
)


def timestamp_date(value: str | None) -> str | None:
    """A metadata timestamp as Shanghai local time, in ISO form at the precision it gives.

    ``2022-02-06T10:00:00+01:00`` is ``2022-02-06 17:00:00``; a value without an offset
    is local time already. Other forms (``2022年02月11日``) are read as text dates.
    """
    if not value:
        return None
    match = _STAMP.match(value)
    if match is not None and match.group("H") and _MIDNIGHT.fullmatch(match.group(0)[match.start("H"):match.end("S") if match.group("S") else match.end("M")]):
        return _iso(match)[:10]  # a CMS that knows only the day writes midnight
    if match is None or match.group("zone") is None:
        return parse_date(value)
    iso = _iso(match)
    if iso is None:
        return None
    zone = match.group("zone")
    offset = timedelta(0) if zone == "Z" else timedelta(hours=int(zone[1:3]), minutes=int(zone[-2:])) * (-1 if zone[0] == "-" else 1)
    moment = datetime.fromisoformat(iso).replace(tzinfo=timezone(offset)).astimezone(SHANGHAI)
    return moment.strftime("%Y-%m-%d %H:%M:%S" if match.group("S") else "%Y-%m-%d %H:%M")


_MIDNIGHT = re.compile(r"00:00(?::00)?")

# ``1998年3月号`` (a magazine issue), ``2003年5月`` under a report's title: a month and no day.
_MONTH_DATE = re.compile(rf"(?<!\d){_YEAR}\s*年\s*(?P<m>1[0-2]|0?[1-9])\s*月(?!\s*\d)")


def month_in_text(text: str) -> str | None:
    """The first month written without a day in ``text``, as ``YYYY-MM``."""
    match = _MONTH_DATE.search(text)
    return f"{match.group('y')}-{int(match.group('m')):02d}" if match else None


# ISO length → precision: ``2022-02``, ``2022-02-11``, ``2022-02-11 09:52``, ``… 09:52:25``.
_PRECISION_BY_LENGTH = {7: "month", 10: "day", 16: "minute", 19: "second"}


def precision(iso: str | None) -> str | None:
    """How much of the date the page gave: ``month``, ``day``, ``minute`` or ``second``."""
    return _PRECISION_BY_LENGTH.get(len(iso)) if iso else None


def shanghai_datetime(iso: str | None) -> datetime | None:
    """The date as an aware Asia/Shanghai timestamp; read it with ``precision``."""
    if not iso:
        return None
    return datetime.fromisoformat(iso if len(iso) > 7 else f"{iso}-01").replace(tzinfo=SHANGHAI)
