"""The report renders in a real browser (headless Chromium) and every chart draws."""

from __future__ import annotations

import dataclasses

import lxml.html
import pytest

from corpus.dataset import Dataset
from corpus.records import Reject
from tests.corpus.test_original import MIRROR, ORIGINAL, crawled, edited
from zhnews.browser import NoBrowser, chromium, rendered_dom, screenshot
from zhnews.cli import main
from zhnews.report import CHART_IDS

ARTICLES = [
    ORIGINAL, ("jfdaily", "/news/detail?id=409651"), ("jfdaily", "/news/detail?id=409655"),
    ("sasac", "/n2588025/n2588124/c27849902/content.html"), ("cnxz", "/newscenter/2021/20210823/c1162598.html"),
    ("dbsqp", "/news/33702.html"), ("contentfarm", "/post/1679.html"),
]


@pytest.fixture(scope="module")
def browser():
    try:
        return chromium()
    except NoBrowser as reason:
        pytest.skip(f"no headless Chromium: {reason}")


@pytest.fixture
def dataset(tmp_path):
    path = tmp_path / "ds"
    dataset = Dataset(path)
    mirror = crawled(*MIRROR)
    dataset.write([dataclasses.replace(crawled(*a), similarity=0.1 + 0.05 * n) for n, a in enumerate(ARTICLES)],
                  [Reject("f" * 16, "https://www.jfdaily.com/news/detail?id=1404", "http-404", site="jfdaily")])
    dataset.write([mirror, dataclasses.replace(edited(mirror), id="e" * 16)], [])
    return path


def test_every_chart_draws_in_chromium(browser, dataset, tmp_path):
    report = tmp_path / "report.html"
    assert main(["report", str(dataset), "-o", str(report)]) == 0
    page = lxml.html.fromstring(rendered_dom(report))
    for chart_id in CHART_IDS:
        (chart,) = page.xpath(f"//div[@id='{chart_id}']")
        assert chart.get("data-drawn") == "yes", chart_id
        assert chart.xpath(".//svg[contains(@class, 'main-svg')]//g[contains(@class, 'point')]/path"), chart_id
    example = page.xpath("//section[h2='Duplicate clusters']//table//td/code/text()")
    assert example == [crawled(*ORIGINAL).id, crawled(*MIRROR).id, "e" * 16]


def test_the_report_is_self_contained(dataset, tmp_path):
    report = tmp_path / "report.html"
    main(["report", str(dataset), "-o", str(report)])
    page = lxml.html.fromstring(report.read_bytes())
    assert page.xpath("//script") and not page.xpath("//script[@src] | //link[@href] | //img[@src]")


def test_a_screenshot_shows_the_report(browser, dataset, tmp_path):
    report = tmp_path / "report.html"
    main(["report", str(dataset), "-o", str(report)])
    png = screenshot(report, tmp_path / "report.png")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 50_000
