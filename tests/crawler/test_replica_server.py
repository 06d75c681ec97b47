"""The replica server, driven over real HTTP with urllib."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.robotparser import RobotFileParser

import pytest

from crawler.replicas.server import REPLICAS_DIR, expected_articles, serve_replicas, site_names
from crawler.replicas.site import load_site

PROFILES_DIR = Path(__file__).resolve().parents[2] / "seeds" / "profiles"
SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def _profile(site: str) -> dict | None:
    path = PROFILES_DIR / f"{site}.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    try:
        with _OPENER.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def links(html: bytes, encoding: str = "utf-8") -> list[str]:
    return [href.replace("&amp;", "&") for href in re.findall(r'href="([^"]+)"', html.decode(encoding))]


@pytest.fixture(scope="module")
def origins():
    with serve_replicas() as served:
        yield served


@pytest.fixture
def jfdaily_copy(tmp_path):
    """jfdaily in a tmp folder a test may change, and its origin."""
    shutil.copytree(REPLICAS_DIR / "jfdaily", tmp_path / "jfdaily")
    with serve_replicas(tmp_path, ["jfdaily"]) as served:
        yield tmp_path / "jfdaily", served["jfdaily"]


def test_list_pages_paginate_and_reach_every_article(origins):
    origin = origins["jfdaily"]
    seen: set[str] = set()
    page_counts = []
    for list_url in ["/news/list?section=1", "/news/list?section=2"]:
        status, _, body = fetch(origin + list_url)
        assert status == 200
        pages = {list_url} | {u for u in links(body) if "pageNo=" in u}
        page_counts.append(len(pages))
        for page in pages:
            seen.update(links(fetch(origin + page)[2]))
    assert max(page_counts) >= 2
    assert expected_articles(REPLICAS_DIR, "jfdaily") <= seen


def test_sitemap_and_feed_list_every_article_at_the_replica_origin(origins):
    origin = origins["jfdaily"]
    sitemap = ET.fromstring(fetch(origin + "/sitemap.xml")[2])
    in_sitemap = {loc.text for loc in sitemap.findall("sm:url/sm:loc", SITEMAP_NS)}
    feed = ET.fromstring(fetch(origin + "/rss.xml")[2])
    in_feed = {link.text for link in feed.findall("channel/item/link")}
    wanted = {origin + url for url in expected_articles(REPLICAS_DIR, "jfdaily")}
    assert wanted <= in_sitemap
    assert wanted <= in_feed


def test_sitemap_index_names_the_sitemap_of_articles(origins):
    origin = origins["shanghai_gov"]
    index = ET.fromstring(fetch(origin + "/sitemap.xml")[2])
    [sitemap_url] = [loc.text for loc in index.findall("sm:sitemap/sm:loc", SITEMAP_NS)]
    sitemap = ET.fromstring(fetch(sitemap_url)[2])
    in_sitemap = {loc.text.removeprefix(origin) for loc in sitemap.findall("sm:url/sm:loc", SITEMAP_NS)}
    assert expected_articles(REPLICAS_DIR, "shanghai_gov") <= in_sitemap
    assert f"Sitemap: {origin}/sitemap.xml" in fetch(origin + "/robots.txt")[2].decode()


def test_robots_txt_hides_an_article_shaped_page_that_lists_link(origins):
    origin = origins["jfdaily"]
    status, _, body = fetch(origin + "/robots.txt")
    robots = RobotFileParser()
    robots.parse(body.decode().splitlines())
    assert status == 200 and f"Sitemap: {origin}/sitemap.xml" in body.decode()
    assert not robots.can_fetch("*", "/news/detail?id=900017")
    assert "/news/detail?id=900017" in links(fetch(origin + "/news/list?section=1")[2])
    assert "/news/detail?id=900017" not in expected_articles(REPLICAS_DIR, "jfdaily")


def test_expected_articles_leave_out_off_topic_pages_and_later_pages(origins):
    expected = expected_articles(REPLICAS_DIR, "jfdaily")
    sitemap = fetch(origins["jfdaily"] + "/sitemap.xml")[2].decode()
    assert "/news/detail?id=409670" in sitemap  # the gossip page is on the site...
    assert "/news/detail?id=409670" not in expected  # ...but not in a correct dataset
    assert "/news/detail?id=409655" in expected and "/news/detail?id=409655&page=2" not in expected


def test_conditional_requests_get_304(origins):
    url = origins["jfdaily"] + "/news/detail?id=409651"
    status, headers, _ = fetch(url)
    assert status == 200
    assert fetch(url, {"If-None-Match": headers["ETag"]})[0] == 304
    assert fetch(url, {"If-Modified-Since": headers["Last-Modified"]})[0] == 304
    assert fetch(url, {"If-None-Match": '"stale"'})[0] == 200
    assert fetch(url, {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})[0] == 200


def test_validators_change_when_the_article_file_changes(jfdaily_copy):
    folder, origin = jfdaily_copy
    url = origin + "/news/detail?id=409651"
    _, before, _ = fetch(url)
    article = folder / "articles" / "409651.txt"
    article.write_text(article.read_text(encoding="utf-8") + "\n补充报道:方案全文已在市政府网站公布。\n", encoding="utf-8")
    later = article.stat().st_mtime + 60
    os.utime(article, (later, later))
    status, after, body = fetch(url, {"If-None-Match": before["ETag"], "If-Modified-Since": before["Last-Modified"]})
    assert status == 200 and "补充报道" in body.decode()
    assert after["ETag"] != before["ETag"] and after["Last-Modified"] != before["Last-Modified"]


def test_adding_an_article_file_puts_it_in_list_sitemap_and_feed(jfdaily_copy):
    folder, origin = jfdaily_copy
    (folder / "articles" / "409999.txt").write_text(
        '+++\ntitle = "上海新增一批市级专精特新企业"\ndate = 2021-08-02\nsection = "要闻"\n+++\n'
        "本报讯 市经济信息化委公布新一批专精特新企业名单。\n\n入选企业主要集中在智能制造领域。\n",
        encoding="utf-8",
    )
    new = "/news/detail?id=409999"
    assert new in links(fetch(origin + "/news/list?section=1")[2])
    assert (origin + new).encode() in fetch(origin + "/sitemap.xml")[2]
    assert (origin + new).encode() in fetch(origin + "/rss.xml")[2]
    status, _, body = fetch(origin + new)
    assert status == 200 and "专精特新" in body.decode()
    assert new in expected_articles(folder.parent, "jfdaily")


def test_redirects_and_error_pages(origins):
    origin = origins["jfdaily"]
    status, headers, _ = fetch(origin + "/news/detail?id=301")
    assert (status, headers["Location"]) == (301, "/news/detail?id=409651")
    status, headers, _ = fetch(origin + "/news/detail?id=1302")
    assert (status, headers["Location"]) == (302, "http://192.168.1.1/login")
    assert fetch(origin + "/news/detail?id=1404")[0] == 404
    assert fetch(origin + "/news/detail?id=1500")[0] == 500


def test_tracking_parameters_serve_the_same_article(origins):
    origin = origins["jfdaily"]
    plain = fetch(origin + "/news/detail?id=409651")
    tracked = fetch(origin + "/news/detail?id=409651&utm_source=wechat&utm_medium=share")
    assert tracked[0] == 200
    assert tracked[1]["ETag"] == plain[1]["ETag"]


def test_multi_page_article_links_its_next_page(origins):
    origin = origins["jfdaily"]
    first = fetch(origin + "/news/detail?id=409655")[2].decode()
    assert '<a href="/news/detail?id=409655&amp;page=2">下一页</a>' in first
    status, _, second = fetch(origin + "/news/detail?id=409655&page=2")
    assert status == 200 and "外贸进出口" in second.decode() and "外贸进出口" not in first


def _matches(patterns: list[str], url: str) -> bool:
    return any(re.search(p, url) for p in patterns)


@pytest.mark.parametrize("site", site_names(REPLICAS_DIR))
def test_expected_articles_are_served_and_match_the_profile(origins, site):
    expected = expected_articles(REPLICAS_DIR, site)
    assert expected
    profile = _profile(site)
    for url in expected:
        assert fetch(origins[site] + url)[0] == 200, url
        if profile is not None:
            assert _matches(profile["article_patterns"], url), url


@pytest.mark.parametrize("site", [s for s in site_names(REPLICAS_DIR) if _profile(s)])
def test_list_and_continuation_pages_match_the_profile(origins, site):
    profile = _profile(site)
    replica = load_site(REPLICAS_DIR / site)
    for pages in replica.lists:
        for n in range(1, pages.page_count + 1):
            assert _matches(profile["list_patterns"], pages.url_of(n)), pages.url_of(n)
    for article in replica.articles:
        for url in article.page_urls[1:]:
            assert fetch(origins[site] + url)[0] == 200, url
            assert _matches(profile["continuation_patterns"], url), url
            assert not _matches(profile["article_patterns"], url), url


def test_gbk_pages_with_and_without_a_charset_declaration(origins):
    origin = origins["cnxz"]
    status, headers, declared = fetch(origin + "/newscenter/2021/20210830/c1162790.html")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=gb2312"
    assert b'charset=gb2312' in declared
    assert "徐州工程机械产业集群" in declared.decode("gbk")
    with pytest.raises(UnicodeDecodeError):
        declared.decode("utf-8")
    _, headers, undeclared = fetch(origin + "/newscenter/2021/20210827/c1162701.html")
    assert headers["Content-Type"] == "text/html" and b"charset" not in undeclared
    assert "外贸进出口总额" in undeclared.decode("gbk")


def test_hacked_mirror_pages_carry_spam_titles_and_annotated_traditional_text(origins):
    sasac = fetch(origins["sasac"] + "/n2588025/n2588124/c27860545/content.html")[2].decode()
    assert "<title>国产精品无码av在线" in sasac
    assert "當(dāng)前位置" in sasac
    cnxz = fetch(origins["cnxz"] + "/newscenter/2021/20210831/c1162843.html")[2].decode("gbk")
    assert "&#8226; 做文明徐州人 讓(ràng)城市更美好" in cnxz  # U+2022 is not in GBK


def test_content_farm_repeats_the_title_between_paragraphs(origins):
    page = fetch(origins["dbsqp"] + "/news/33681.html")[2].decode()
    assert page.count("李强再赴民企调研-信息快讯网</p>") == 4
    assert "©2014-2024 dbsqp.com" in page


def test_mojibake_paragraphs_are_utf8_read_with_the_wrong_codec(origins):
    page = fetch(origins["dbsqp"] + "/news/33690.html")[2].decode()
    assert "涓婃捣鐕冩皵" in page  # 上海燃气 as GBK
    assert "æ\ufffd®äº†è§£" in page  # 据了解 as Windows-1252, its undefined bytes replaced


def test_serving_an_unknown_site_fails_loudly():
    with pytest.raises(FileNotFoundError):
        with serve_replicas(REPLICAS_DIR, ["no_such_site"]):
            pass


def test_command_line_serves_and_prints_the_origin_map():
    command = [sys.executable, "-m", "crawler.replicas.server", "--site", "generic"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, cwd=PROFILES_DIR.parents[1])
    try:
        printed = ""
        while not printed.rstrip().endswith("}"):
            printed += process.stdout.readline()
        origins = json.loads(printed)
        assert list(origins) == ["generic"]
        assert fetch(origins["generic"] + "/col/col1229/index.html")[0] == 200
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
