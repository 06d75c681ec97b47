"""A site profile's ``charset`` reaches the decoder, for pages that declare no charset."""

from __future__ import annotations

import urllib.request

import opencc
import pytest

from corpus.documents import process_article, process_pages
from corpus.records import Document, RawPage
from crawler.profiles import load_profile
from crawler.replicas.server import REPLICAS_DIR, serve_replicas

# The replica of cnxz serves this article as GBK with neither a Content-Type charset nor
# a <meta> declaration, as the real site does on some pages.
UNDECLARED_GBK = "/newscenter/2021/20210827/c1162701.html"
PHRASE = "外贸进出口总额"


@pytest.fixture(scope="module")
def undeclared_gbk_page() -> RawPage:
    with serve_replicas(REPLICAS_DIR, ["cnxz"]) as origins:
        url = origins["cnxz"] + UNDECLARED_GBK
        with urllib.request.urlopen(url) as response:
            headers, body = dict(response.headers), response.read()
    assert headers["Content-Type"] == "text/html" and b"charset" not in body
    return RawPage(url=url, final_url=url, status=200, headers=headers, body=body, site="cnxz")


def big5_copy(page: RawPage) -> RawPage:
    """The same page as a Hong Kong or Taiwan site would serve it: traditional script, Big5, undeclared."""
    traditional = opencc.OpenCC("s2t").convert(page.body.decode("gbk"))
    return RawPage(page.url, page.final_url, 200, page.headers, traditional.encode("big5", "xmlcharrefreplace"))


def test_an_undeclared_gbk_page_is_read_as_gbk_with_the_profiles_hint(undeclared_gbk_page):
    profile = load_profile("cnxz")
    assert profile.charset == "gbk"
    document = process_pages([undeclared_gbk_page], profile.hints, site_charset=profile.charset)
    assert isinstance(document, Document)
    assert document.charset == "gb18030"  # GBK's superset, which decode_html reads the GB family as
    assert PHRASE in document.text


def test_a_wrong_hint_loses_to_the_bytes(undeclared_gbk_page):
    document = process_pages([undeclared_gbk_page], site_charset="big5")
    assert isinstance(document, Document)
    assert document.charset == "gb18030" and PHRASE in document.text


def test_the_hint_decides_where_the_bytes_read_two_ways(undeclared_gbk_page):
    # GB18030 reads Big5 bytes without an error, as other characters: only the hint can tell.
    page = big5_copy(undeclared_gbk_page)
    unhinted = process_pages([page])
    assert unhinted.charset == "gb18030" and PHRASE not in unhinted.text
    hinted, _ = process_article((page,), load_profile("cnxz").hints, "0" * 16, page.url, 0.0, site_charset="big5")
    assert isinstance(hinted, Document)
    assert hinted.charset == "big5"
    assert PHRASE in hinted.text  # read as Big5, then converted to simplified script by the cleaners


def test_a_declaration_in_the_page_beats_the_hint(undeclared_gbk_page):
    page = big5_copy(undeclared_gbk_page)
    declared = page.body.replace(b"<head>", b'<head><meta charset="big5">', 1)
    assert declared != page.body
    document = process_pages([RawPage(page.url, page.final_url, 200, page.headers, declared)], site_charset="gbk")
    assert document.charset == "big5" and PHRASE in document.text
