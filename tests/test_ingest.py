"""End to end: `zhnews ingest` on the seed documents, checked against CORPUS.md."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from zhnews import exitcodes
from zhnews.cli import main

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds" / "documents"

TITLES = {
    "336819406d011aa4": "习总书记重要讲话让民企吃下定心丸!上海狠抓贯彻落实,李强再赴民企调研",
    "b6089d93f02b510f": "深化国资央企与上海市合作 推动制造业发展座谈会在沪举行",
    "6293a3a1acd0a6f5": "李强主持科技创新型企业座谈会,要求打通从科技强到企业强产业强经济强通道 把高水平科技创新摆在突出位置",
    "3e4c9e161e2af1e0": "更好发挥试验田和增长极作用!陈吉宁调研临港新片区并主持召开座谈会",
    "38cb36e30ac65805": "政企携手共育专精特新“小巨人”",
}

# Noise CORPUS.md names, per seed: none of it may survive.
NOISE = {
    "336819406d011aa4": ["-信息快讯网", "2018-11-02信息快讯网", "©2014-2024", "瞰中国", "坚持稳中求进 狠抓改革落实"],
    "b6089d93f02b510f": ["国产精品", "当前位置", "浏览次数", "(dāng)"],
    "6293a3a1acd0a6f5": [],
    "3e4c9e161e2af1e0": ["当前位置", "admin3个月前", "相关文章", "奥地利总统", "哔哩哔哩"],
    "38cb36e30ac65805": ["做文明徐州人", "当前位置", "新闻爆料", "版权声明", "编辑:\n"],
}

# Body text that must survive, per seed.
KEPT = {
    "336819406d011aa4": ["市领导周波、诸葛宇杰参加调研。", "成立于2013年的星环信息科技(上海)有限公司"],
    "b6089d93f02b510f": [
        "4月24日,深化国资央企与上海市合作",
        "他说,当前,上海正在深入学习贯彻",
        "全力推动高质量发展,加快推进",
        "更好推进产业基础高级化、产业链现代化,",
        "就企业研发制造、技术创新、人才支撑等工作进行了调研。",
    ],
    "6293a3a1acd0a6f5": [
        "上海艾力斯医药科技股份有限公司杜锦豪、联影医疗",
        "在座企业是上海科技创新重点领域的领先企业",
        "汲取强大精神力量,让红色血脉",
        "彰显支持「硬科技」示范效应",
        "身体力行精心组织部署",
    ],
    "3e4c9e161e2af1e0": ["今天(9月18日),上海市委书记陈吉宁", "市领导吴伟、陈金山、华源参加相关活动。"],
    "38cb36e30ac65805": ["中国徐州网-徐州日报讯(徐报融媒记者 范海杰) 8月30日", "为“十四五”期间产业强市建设作出新的更大的贡献。"],
}

FULL_WIDTH_ASCII = re.compile("[\uff01-\uff5e\u3000]")
# What is left of a pinyin reading or a bad repair: Latin letters with diacritics.
LATIN_DIACRITICS = re.compile("[\u00c0-\u024f\u1e00-\u1eff]")


@pytest.fixture(scope="module")
def seed_dataset(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("ingest") / "seeds"
    assert main(["ingest", str(SEEDS), "-o", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def docs(seed_dataset) -> pd.DataFrame:
    return pd.read_parquet(seed_dataset / "docs").set_index("id")


def test_all_five_seeds_are_kept_with_their_ids(docs):
    assert sorted(docs.index) == sorted(TITLES)


@pytest.mark.parametrize("doc_id", sorted(TITLES))
def test_seed_is_clean_as_corpus_md_describes(docs, doc_id):
    row = docs.loc[doc_id]
    text = row["text"]
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == TITLES[doc_id] == row["title"]
    assert paragraphs.count(TITLES[doc_id]) == 1
    assert all(p.strip() == p and p for p in paragraphs), "paragraphs are separated by exactly one blank line"
    assert not FULL_WIDTH_ASCII.search(text)
    assert not LATIN_DIACRITICS.search(text)
    for noise in NOISE[doc_id]:
        assert noise not in text
    for body in KEPT[doc_id]:
        assert body in text
    assert row["lang"] == "zh-cn"


def test_traditional_seeds_are_converted_and_flagged(docs):
    assert bool(docs.loc["b6089d93f02b510f", "script_converted"])
    assert "國資" not in docs.loc["b6089d93f02b510f", "text"]
    assert not bool(docs.loc["6293a3a1acd0a6f5", "script_converted"])


def test_removals_are_recorded_with_rule_names(docs):
    removed = docs.loc["3e4c9e161e2af1e0", "removed"]
    rules = {r["rule"].split(".")[0] for r in removed}
    assert {"breadcrumb", "metadata", "related"} <= rules
    assert any("当前位置" in r["text"] for r in removed)


def test_published_date_comes_from_the_metadata_line(docs):
    assert docs.loc["b6089d93f02b510f", "published"].isoformat().startswith("2023-04-24")  # a timestamp, Asia/Shanghai


def test_manifest_counts_what_was_written(seed_dataset):
    manifest = json.loads((seed_dataset / "manifest.json").read_text())
    assert manifest["counts"]["docs"] == 5
    assert manifest["schema_version"] == 2
    assert manifest["tool_versions"]["trafilatura"]


def test_second_run_adds_no_duplicates(tmp_path):
    out = tmp_path / "ds"
    assert main(["ingest", str(SEEDS), "-o", str(out)]) == 0
    assert main(["ingest", str(SEEDS), "-o", str(out)]) == 0
    docs = pd.read_parquet(out / "docs")
    assert len(docs) == 5
    assert docs["id"].is_unique


def test_export_round_trip_is_byte_for_byte(seed_dataset, tmp_path, docs):
    exported = tmp_path / "txt"
    assert main(["export", str(seed_dataset), "--format", "txt", "-o", str(exported)]) == 0
    files = sorted(exported.iterdir())
    seed_order = [p.stem.split("_")[1] for p in sorted(SEEDS.glob("*.txt"))]
    assert [re.fullmatch(r"\d{3}_([0-9a-f]{16})\.txt", f.name).group(1) for f in files] == seed_order
    for f in files:
        doc_id = f.stem.split("_")[1]
        assert f.read_bytes() == docs.loc[doc_id, "text"].encode("utf-8")
    # a clean document is a fixed point: ingesting the export changes nothing
    again = tmp_path / "again"
    assert main(["ingest", str(exported), "-o", str(again)]) == 0
    redone = pd.read_parquet(again / "docs").set_index("id")
    for doc_id in TITLES:
        assert redone.loc[doc_id, "text"] == docs.loc[doc_id, "text"]


def test_bad_files_land_in_rejects_and_the_run_goes_on(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEEDS / "002_6293a3a1acd0a6f5.txt", inputs)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (inputs / "short.txt").write_text("标题\n\n太短了。", encoding="utf-8")
    (inputs / "english.html").write_text(
        "<html><body><article><h1>Hello</h1>" + "<p>This page is in English only, about nothing at all.</p>" * 20
        + "</article></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "ds"
    assert main(["ingest", str(inputs), "-o", str(out)]) == 0
    docs = pd.read_parquet(out / "docs")
    rejects = pd.read_parquet(out / "rejects").set_index("origin")
    assert list(docs["id"]) == ["6293a3a1acd0a6f5"]
    reasons = {Path(origin).name: reason for origin, reason in rejects["reason"].items()}
    assert reasons == {
        "empty.txt": "empty-file",
        "binary.txt": "not-text",
        "short.txt": "too-short",
        "english.html": "not-chinese",
    }
    assert rejects.loc[str(inputs / "short.txt"), "text"] == "标题\n\n太短了。"


def test_gbk_html_file_is_decoded_and_recorded(tmp_path):
    body = "".join(f"<p>{line}</p>" for line in (SEEDS / "003_3e4c9e161e2af1e0.txt").read_text().split("\n\n")[3:8])
    html = f"<html><head><title>临港新片区调研</title></head><body><article><h1>临港新片区调研</h1>{body}</article></body></html>"
    page = tmp_path / "page.html"
    page.write_bytes(html.encode("gbk"))
    out = tmp_path / "ds"
    assert main(["ingest", str(page), "-o", str(out)]) == 0
    docs = pd.read_parquet(out / "docs")
    assert docs.loc[0, "charset"] == "gb18030"
    assert "陈吉宁" in docs.loc[0, "text"]
    assert re.fullmatch("[0-9a-f]{16}", docs.loc[0, "id"])


def test_two_writers_on_one_dataset_the_second_refuses(tmp_path, capsys):
    from corpus.dataset import Dataset

    out = tmp_path / "ds"
    with Dataset(out).exclusive("test holder"):
        assert main(["ingest", str(SEEDS), "-o", str(out)]) == exitcodes.BUSY
    assert "test holder" in capsys.readouterr().err


def test_analysts_tools_read_the_dataset(seed_dataset):
    import duckdb
    import pyarrow.dataset as ds

    counted = duckdb.sql(f"select count(*), count(distinct id) from '{seed_dataset}/docs/**/*.parquet'").fetchall()
    assert counted == [(5, 5)]
    table = ds.dataset(seed_dataset / "docs", format="parquet").to_table()
    assert [f.name for f in table.schema.field("removed").type.value_type] == ["rule", "text"]


def test_the_summary_says_what_each_step_did(tmp_path, capsys):
    assert main(["ingest", str(SEEDS / "003_3e4c9e161e2af1e0.txt"), "-o", str(tmp_path / "ds")]) == 0
    err = capsys.readouterr().err
    breadcrumb_row = next(line for line in err.splitlines() if "breadcrumb" in line)
    assert re.findall(r"\d+", breadcrumb_row) == ["1", "1"]  # one document changed, one piece removed
