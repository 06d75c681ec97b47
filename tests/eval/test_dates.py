"""Chinese date patterns, on forms copied from real news pages and URLs."""

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaners.dates import (
    date_in_url, date_part, dates_in_text, labelled_date, month_in_text, parse_date, precision, shanghai_datetime,
    timestamp_date,
)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("发布时间：2021年8月31日 10:20", "2021-08-31 10:20"),
        ("2022-02-13 07:00:00来源：央广网", "2022-02-13 07:00:00"),
        ("【看中国2005年07月03日报道】", "2005-07-03"),
        ("2005年09月11日18:04:42", "2005-09-11 18:04:42"),
        ("2021.08.31", "2021-08-31"),
        ("2004/7/16", "2004-07-16"),
        ("2021-08-31T10:20:00+08:00", "2021-08-31 10:20:00"),
    ],
)
def test_parse_date_reads_chinese_and_numeric_forms(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize("text", ["2021-02-30", "浏览次数:275", "电话 010-84488961", "20210831"])
def test_parse_date_rejects_what_is_no_calendar_date(text):
    assert parse_date(text) is None


def test_labelled_date_prefers_the_labelled_one():
    line = "更新 2006-01-01 | 来源: 本站 发布时间:2023-04-24 浏览次数:275"
    assert labelled_date(line) == "2023-04-24"


def test_labelled_date_reads_us_order_of_asp_pages():
    assert labelled_date("发布日期： \r\n 9/17/2004 5:54:13 AM") == "2004-09-17 05:54:13"
    assert labelled_date("发布日期： 7/5/2005 9:23:57 PM") == "2005-07-05 21:23:57"


def test_labelled_date_needs_a_label():
    assert labelled_date("2005-04-27 14:32 娱乐圈受黑社会控制") is None
    assert labelled_date("发表于 2004年12月27日 12:40 - (阅读:3727)") == "2004-12-27 12:40"


def test_dates_in_text_in_order():
    assert dates_in_text("2005-04-27 14:32 … 2005-04-18 … 2021-13-01") == ["2005-04-27 14:32", "2005-04-18"]


@pytest.mark.parametrize(
    ("url", "iso"),
    [
        ("http://chinaneast.xinhuanet.com/jizhe/2005-08/16/content_4894059.htm", "2005-08-16"),
        ("http://bj.house.sina.com.cn/p/2005-03-31/031868306.html", "2005-03-31"),
        ("http://business.sohu.com/20050311/n224643115.shtml", "2005-03-11"),
        ("http://www.gov.cn/zhengce/content/2021-08/31/content_5634567.htm", "2021-08-31"),
        ("http://www.nmg.gov.cn/zwyw/gzdt/bmdt/202202/t20220211_2003360.html", "2022-02-11"),
        ("http://blog.donews.com/wangluting/archive/2005/09/07/543698.aspx", "2005-09-07"),
        ("http://paper.people.com.cn/rmrb/html/2022-02/13/nw.D110000renmrb_20220213_1-01.htm", "2022-02-13"),
    ],
)
def test_date_in_url(url, iso):
    assert date_in_url(url) == iso


@pytest.mark.parametrize(
    "url",
    [None, "http://bbs.newssc.org/dispbbs.asp?boardID=43&ID=238016", "http://x.cn/a/20211399/1.html"],
)
def test_no_date_in_url(url):
    assert date_in_url(url) is None


def test_date_part():
    assert date_part("2021-08-31 10:20") == "2021-08-31"
    assert date_part(None) is None


ISO = re.compile(r"\d{4}-\d\d-\d\d(?: \d\d:\d\d(?::\d\d)?)?")


@given(st.text(alphabet="0123456789年月日时分-/.: 发布时间AMP", max_size=40))
def test_whatever_the_text_a_found_date_is_iso_and_real(text):
    for found in [parse_date(text), labelled_date(text), *dates_in_text(text)]:
        if found is not None:
            assert ISO.fullmatch(found)
            date.fromisoformat(found[:10])
            assert found[11:13] == "" or int(found[11:13]) < 24


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_every_calendar_day_round_trips_in_both_forms(day):
    assert parse_date(f"{day.year}年{day.month}月{day.day}日") == day.isoformat()
    assert parse_date(day.isoformat()) == day.isoformat()


@pytest.mark.parametrize(
    ("stamp", "iso"),
    [
        ("2022-02-11 09:52", "2022-02-11 09:52"),  # <meta name="PubDate">: local time already
        ("2022-02-06T10:00:00+01:00", "2022-02-06 17:00:00"),  # article:published_time, Paris
        ("2011-06-17T11:26:10Z", "2011-06-17 19:26:10"),  # JSON-LD datePublished in UTC
        ("2022-02-06T21:30:00.000Z", "2022-02-07 05:30:00"),  # the next day in Shanghai
        ("2022-01-28 00:00:00", "2022-01-28"),  # a CMS that knows only the day writes midnight
        ("2022-01-28T00:00:00+08:00", "2022-01-28"),
        ("2022年02月11日", "2022-02-11"),
        ("2022-02-11 09:52:07", "2022-02-11 09:52:07"),
    ],
)
def test_timestamp_date_is_shanghai_local_time_at_its_precision(stamp, iso):
    assert timestamp_date(stamp) == iso


@pytest.mark.parametrize("stamp", [None, "", "L_104485", "2022-13-01T10:00:00Z"])
def test_timestamp_date_rejects_what_is_no_date(stamp):
    assert timestamp_date(stamp) is None


def test_precision_and_timestamp():
    assert [precision(iso) for iso in ("1998-03", "2022-02-13", "2022-02-13 07:48", "2022-02-13 07:00:00")] == [
        "month", "day", "minute", "second"]
    moment = shanghai_datetime("2022-02-13 07:48")
    assert (moment.isoformat(), precision(None)) == ("2022-02-13T07:48:00+08:00", None)
    assert shanghai_datetime("1998-03").isoformat() == "1998-03-01T00:00:00+08:00"


def test_month_in_text_needs_a_month_without_a_day():
    assert month_in_text("——《北京之春》1998年3月号") == "1998-03"
    assert month_in_text("2003年5月") == "2003-05"
    assert month_in_text("2005年3月6日") is None
    assert month_in_text("2005年3月 6日") is None
    assert month_in_text("第12年3月") is None


def test_labelled_date_with_the_day_first():
    # rfi.fr/cn: 发布时间 06/02/2022 is 6 February
    assert labelled_date("发布时间 06/02/2022 10:00", day_first=True) == "2022-02-06 10:00"
    assert labelled_date("发布时间 06/02/2022", day_first=False) == "2022-06-02"  # the US-locale ASP page
    assert labelled_date("发布日期：13/02/2022") == "2022-02-13"  # only day first makes it a date
    assert labelled_date("发布日期：13/13/2022", day_first=True) is None
