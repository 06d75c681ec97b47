"""The scoring of ``zhnews eval`` and its recorded split."""

import json
from pathlib import Path

import pytest

from zhnews.evaluate import (
    DEFAULT_BENCHMARKS,
    SPLIT_FILE,
    _gold_date,
    author_matches,
    bigram_f1,
    date_matches,
    load_pages,
    load_split,
    make_split,
    title_matches,
)

needs_benchmarks = pytest.mark.skipif(not DEFAULT_BENCHMARKS.is_dir(), reason="no shared/benchmarks beside the repo")


def test_f1_of_identical_texts_is_one_whatever_the_layout():
    score = bigram_f1("上海 推动\n\n制造业发展", "上海推动制造业发展")
    assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)


def test_f1_counts_bigrams():
    # gold 中国经济 has 中国 国经 经济; ours 中国 has 中国: P = 1, R = 1/3, F1 = 0.5
    score = bigram_f1("中国", "中国经济")
    assert score.precision == 1.0
    assert score.recall == pytest.approx(1 / 3)
    assert score.f1 == pytest.approx(0.5)


def test_f1_penalises_extra_text():
    score = bigram_f1("中国经济首页导航", "中国经济")
    assert score.recall == 1.0
    assert score.precision == pytest.approx(3 / 7)


def test_f1_repeated_text_counts_once_per_gold_occurrence():
    score = bigram_f1("经济经济", "经济")
    assert score.precision == pytest.approx(1 / 3)


def test_f1_folds_script_and_width():
    assert bigram_f1("發展經濟，穩中求進", "发展经济,稳中求进").f1 == 1.0


def test_f1_of_empty_output_is_zero():
    assert bigram_f1("", "中国经济").f1 == 0.0
    assert bigram_f1("   \n", "中国经济").f1 == 0.0


def test_title_matches_the_headline_before_the_site_suffix():
    gold = "四年前中500万现穷困潦倒 一夜暴富后如何经营__商贸_产业资讯_新浪网"
    assert title_matches(gold, gold)
    assert title_matches("四年前中500万现穷困潦倒 一夜暴富后如何经营", gold)
    assert title_matches("四年前中500万现穷困潦倒 一夜暴富后如何经营__商贸", gold)
    assert not title_matches("四年前中500万现穷困潦倒", gold)
    assert not title_matches("新浪网", gold)
    assert not title_matches(None, gold)


def test_title_matches_the_headline_after_a_site_prefix_but_never_the_site_name():
    gold = "多维博客  » 播客热潮迅速蔓延 挑逗传统传媒业"
    assert title_matches("播客热潮迅速蔓延 挑逗传统传媒业", gold)
    assert not title_matches("多维博客", gold)
    assert not title_matches("新浪网", "稳就业_新浪网")  # a short headline still beats its site's name
    assert title_matches("稳就业", "稳就业_新浪网")


def test_date_matches_at_the_precision_of_the_gold():
    assert date_matches("2005-05-07 21:23", "2005-05-07")
    assert date_matches("1998-03-01", "1998-03")
    assert not date_matches("2005-05-08", "2005-05-07")
    assert not date_matches(None, "2005")


def test_gold_dates_are_read_as_far_as_they_go():
    assert _gold_date("2005-5-7 21:23:57") == "2005-05-07"
    assert _gold_date("1998-3") == "1998-03"
    assert _gold_date("2018") == "2018"
    assert _gold_date("UNKNWON") is None
    assert _gold_date("刘涛") is None


def test_author_needs_every_gold_name():
    assert author_matches("王建宏 张文攀", "王建宏 张文攀")
    assert author_matches("記者 王建宏、张文攀", "王建宏 张文攀")
    assert not author_matches("王建宏", "王建宏 张文攀")
    assert not author_matches(None, "王建宏")


def test_split_is_seeded_and_stratified():
    pages = [type("P", (), {"id": f"{s}{i}", "subset": s})() for s in "ab" for i in range(10)]
    split = make_split(pages)
    assert split == make_split(list(reversed(pages)))
    assert sum(i.startswith("a") for i in split["dev"]) == sum(i.startswith("b") for i in split["dev"]) == 6


@needs_benchmarks
def test_recorded_split_is_what_the_seed_gives_and_covers_every_page_once():
    recorded = load_split()
    pages = load_pages(DEFAULT_BENCHMARKS)
    assert recorded == make_split(pages, recorded["seed"], recorded["dev_share"], recorded.get("moved_to_dev"))
    dev, heldout = set(recorded["dev"]), set(recorded["heldout"])
    assert not dev & heldout
    assert dev | heldout == {p.id for p in pages}


def test_recorded_split_file_is_disjoint():
    recorded = json.loads(Path(SPLIT_FILE).read_text(encoding="utf-8"))
    assert recorded["dev"] and recorded["heldout"]
    assert not set(recorded["dev"]) & set(recorded["heldout"])


def _fake_benchmarks(root: Path) -> Path:
    dataset = root / "tiny"
    (dataset / "html").mkdir(parents=True)
    (dataset / "gold").mkdir()
    body = "国务院常务会议部署稳就业、保民生工作，要求各地抓好落实，确保政策直达市场主体。"
    pages = {
        "p1": (
            "<html><head><title>稳就业_政府网</title><link rel='canonical' href='http://www.gov.cn/zhengce/1.htm'>"
            "</head><body><h1>稳就业</h1>"
            f"<div class='content'><p>{body}</p><p>{body[::-1]}</p><p>{body[1:]}</p></div>"
            "<div>发布时间:2022-02-13 09:30</div></body></html>",
            f"{body}\n\n{body[::-1]}\n\n{body[1:]}",
        ),
        "p2": ("<html><body></body></html>", "这是一段没有被抽取出来的正文。"),
    }
    meta = []
    for page_id, (html, gold) in pages.items():
        (dataset / "html" / f"{page_id}.html").write_text(html, encoding="gb18030")
        (dataset / "gold" / f"{page_id}.txt").write_text(gold, encoding="utf-8")
        meta.append({"id": page_id, "subset": "tiny", "gold_date": "2022-02-13 09:30", "gold_author": "UNKNOWN",
                     "cleaneval_title": "稳就业_政府网" if page_id == "p1" else None})
    (dataset / "meta.jsonl").write_text("\n".join(json.dumps(m) for m in meta), encoding="utf-8")
    return root


def test_run_eval_writes_the_report(tmp_path):
    from zhnews.evaluate import EXTRACTORS, run_eval

    out = tmp_path / "eval.md"
    extract_only = [e for e in EXTRACTORS if e.name == "zhnews extract()"]
    markdown = run_eval(_fake_benchmarks(tmp_path / "bench"), "all", out, extractors=extract_only)
    assert out.read_text(encoding="utf-8") == markdown
    row = next(line for line in markdown.splitlines() if line.startswith("| zhnews extract() | 2 |"))
    cells = [cell.strip() for cell in row.split("|")]
    assert cells[3] == "**0.500**"  # p1 exact, p2 empty
    assert cells[6] == "0.50"  # share of empty outputs
    assert cells[7] == "1.00 (1/1)"  # title: 稳就业 is the head of 稳就业_政府网
    assert cells[8] == "0.50 (1/2)"  # date: p1's labelled date; p2 has none
    assert cells[10] == "0.50 (1/2)"  # site: p1's canonical link names gov.cn; p2 names nothing
    assert cells[11] == "0.50 (1/2)"  # site name: 政府网 after p1's headline in its <title>
    assert "## all pages, by source type" in markdown and "### all pages — other" in markdown
    assert "## worst 10 pages of zhnews extract()" in markdown
    assert "这是一段没有被抽取出来的正文。" in markdown  # p2's lost gold line


def test_source_type_by_page_id():
    from zhnews.evaluate import BenchPage

    def kind(page_id: str) -> str:
        return BenchPage(page_id, "d", "s", b"", "", None, None, None, None).source_type

    assert kind("500b350d-d38d-4fb0-9e81-75e0c95e95a8") == "government"
    assert kind("a6e8b739-0000") == "forum/blog"
    assert kind("d5bced5e-0000") == "other"  # zh.wikipedia
