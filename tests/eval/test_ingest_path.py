"""The ingest path (decode, extract, clean) on real benchmark pages of the dev split: what
``extract`` chose and the page named its headline is not the cleaners' to take again."""

from pathlib import Path

import pytest

from corpus.documents import process_page
from corpus.records import Document, RawPage

PAGES = Path(__file__).parents[3] / "shared" / "benchmarks" / "chinese-web-content-extraction" / "html"
needs_benchmarks = pytest.mark.skipif(not PAGES.is_dir(), reason="no shared/benchmarks beside the repo")


def ingest(prefix: str, url: str) -> Document:
    (path,) = PAGES.glob(f"{prefix}*.html")
    outcome = process_page(RawPage(url=url, final_url=url, status=200, headers={}, body=path.read_bytes()))
    assert isinstance(outcome, Document), outcome
    return outcome


@needs_benchmarks
@pytest.mark.parametrize(
    ("prefix", "opening"),
    [("59562291", "湘菜粤菜兵分两路"), ("8f1cdd94", "距墨尔本西北约110公里处")],
)
def test_a_blog_post_keeps_the_headline_its_page_names_and_its_body(prefix, opening):
    # The <title> is the blog's name and domain: no section label before a headline, no
    # edge line above one. Cut, the post itself became the title and the body was empty.
    document = ingest(prefix, "http://blog.wenxuecity.com/archives.php?blogID=1854")
    title, body = document.text.split("\n\n", 1)
    assert title == document.title == "海姑娘 | blog.wenxuecity.com"
    assert body.startswith(opening)


@needs_benchmarks
def test_a_chart_drawn_in_box_characters_between_paragraphs_stays():
    document = ingest("d7605742", "http://cclw.net/other/xinshenhuo/htm/xsh_10.htm")
    assert "┌───┬" in document.text and "\n\n│\n\n" in document.text
    assert document.removed == ()


@needs_benchmarks
def test_a_forum_threads_title_loses_its_label_and_the_forum_its_menu_rows():
    thread = ingest("6dc2d508", "http://bbs.zol.com.cn/index20050828/index_221_4487.shtml")
    assert thread.title == "【2005年中国革命历史巨作】【太行山上】 【DVDSCR-RMVB】"
    # near miss: a forum's rows of board links above the post still go
    forum = ingest("386d70f8", "http://bbs.newssc.org/dispbbs.asp?boardID=43&ID=238016&page=1")
    assert "chrome.link_row" in {rule for rule, _ in forum.removed}
    assert "警民交流" not in forum.text
