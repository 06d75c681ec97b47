"""The per-site line index and the template step it feeds, on seed bodies dressed as one site's pages."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pandas as pd

from cleaners.base import Hints, join_paragraphs, split_paragraphs
from cleaners.pipeline import clean_text
from cleaners.site_template import line_key, page_line_keys
from corpus.line_index import FILE_NAME, IndexUpdate, LineIndex
from zhnews.cli import main

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds" / "documents"
# Furniture worded as no rule knows it: a banner, a section label, a share line.
SLOGAN = "江南新闻在线 让好新闻走得更远"
SECTION = "本网原创 江南视窗"
SHARE = "觉得有用就转给朋友们看看吧"
QUOTE = "习近平总书记强调,民营经济是推进中国式现代化的生力军,是高质量发展的重要基础。"


def bodies() -> list[list[str]]:
    return [split_paragraphs(p.read_text(encoding="utf-8"))[:6] for p in sorted(SEEDS.glob("*.txt"))]


def site_page(paragraphs: list[str], quote: bool = False) -> str:
    title, *body = paragraphs
    return join_paragraphs([SLOGAN, title, SECTION, *body, *([QUOTE] if quote else []), SHARE])


def test_lines_on_many_pages_of_a_site_are_its_template_and_a_quotation_is_not():
    index = LineIndex()
    for number, paragraphs in enumerate(bodies()):
        page = site_page(paragraphs, quote=number < 2)
        assert index.add_page("jiangnan.example", f"page{number}", page_line_keys(page))
    template = index.template("jiangnan.example")
    assert {line_key(SLOGAN), line_key(SECTION), line_key(SHARE)} <= template
    assert line_key(QUOTE) not in template
    assert index.template("other.example") == frozenset()


def test_prose_needs_most_of_a_sites_pages_to_be_template():
    index = LineIndex()
    for number in range(5):
        index.add_page("site", f"p{number}", {line_key(QUOTE)} if number < 3 else set())
    assert index.template("site") == frozenset()  # three quotations in five pages


def test_a_page_is_counted_once_however_often_it_comes():
    index = LineIndex()
    assert index.add_page("site", "p", {"a"})
    assert not index.add_page("site", "p", {"a"})
    assert index.sites["site"].lines["a"] == 1


def test_figures_do_not_tell_template_lines_apart():
    assert line_key("浏览次数:275") == line_key("浏览次数: 1031")


def test_figures_tell_the_sentences_of_formulaic_reports_apart():
    # Each report's one body line: a site of such reports must not lose them as its template.
    assert line_key("2021年3月3日,第2期国资工作简报发布,涉及14家企业。") != line_key(
        "2021年3月15日,第14期国资工作简报发布,涉及98家企业。"
    )


def test_the_index_survives_a_round_trip(tmp_path):
    index = LineIndex()
    index.add_page("site", "p", {"a", "b"})
    index.save(tmp_path)
    again = LineIndex.load(tmp_path)
    assert again.sites["site"].pages == {"p"} and dict(again.sites["site"].lines) == {"a": 1, "b": 1}


def test_runs_that_save_at_once_add_up_and_a_run_cleans_with_the_index_it_began_with(tmp_path):
    first = IndexUpdate(tmp_path)
    first.add_page("site", "p0", {"nav", "a"})
    first.save()
    second, third = IndexUpdate(tmp_path), IndexUpdate(tmp_path)
    assert not second.add_page("site", "p0", {"nav", "a"})  # counted by an earlier run
    for number in (1, 2, 3):
        assert second.add_page("site", f"p{number}", {"nav"})
    assert second.template("site") == frozenset()  # this run's pages apply from the next run
    third.add_page("site", "q", {"nav", "b"})
    second.save()
    third.save()  # read again before it adds: the second run's pages stay
    saved = LineIndex.load(tmp_path)
    assert saved.sites["site"].pages == {"p0", "p1", "p2", "p3", "q"}
    assert dict(saved.sites["site"].lines) == {"nav": 5, "a": 1, "b": 1}
    assert IndexUpdate(tmp_path).template("site") == {"nav"}


# Saves a large index again and again; says when the first is on disk. Few long lines,
# so that a save spends its time writing.
SAVING = """
import sys
from pathlib import Path
from corpus.line_index import LineIndex
index = LineIndex()
for number in range(2000):
    index.add_page("site", f"p{number}", {f"第{number}行" * 2000, "nav"})
index.save(Path(sys.argv[1]))
print("saved", flush=True)
while True:
    index.add_page("site", f"p{len(index.sites['site'].pages)}", {"nav"})
    index.save(Path(sys.argv[1]))
"""


def test_a_run_killed_while_it_saves_leaves_a_whole_index(tmp_path):
    for _ in range(3):
        process = subprocess.Popen([sys.executable, "-c", SAVING, str(tmp_path)], cwd=REPO, stdout=subprocess.PIPE,
                                   text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert process.stdout.readline() == "saved\n"
        process.send_signal(signal.SIGKILL)  # most likely in the middle of another save
        process.wait()
        process.stdout.close()
        index = LineIndex.load(tmp_path)
        assert len(index.sites["site"].pages) == index.sites["site"].lines["nav"] >= 2000
    assert (tmp_path / FILE_NAME).exists()
    IndexUpdate(tmp_path).save()  # a temporary file a killed run left is no obstacle


def test_the_template_step_removes_what_the_index_names_and_says_so():
    paragraphs = bodies()[1]
    text = site_page(paragraphs)
    hints = Hints(template_lines=frozenset({line_key(SLOGAN), line_key(SECTION), line_key(SHARE)}))
    result = clean_text(text, hints)
    assert SLOGAN not in result.text and SECTION not in result.text and SHARE not in result.text
    assert {r.text for r in result.removed if r.rule == "template.site_line"} >= {SECTION}
    assert clean_text(text).text != result.text  # without the index, the shape rules miss some


def test_the_headline_a_page_named_stays_though_every_page_of_its_site_has_it():
    app_name, body = "云溪发布", bodies()[3][1:]
    text = join_paragraphs([app_name, SECTION, *body])
    template = frozenset({line_key(app_name), line_key(SECTION)})
    named = clean_text(text, Hints(title=app_name, template_lines=template))
    assert named.title == app_name and SECTION not in named.text
    unnamed = clean_text(text, Hints(template_lines=template))  # a text file: its first line is no named title
    assert app_name not in unnamed.text


def test_ingest_learns_a_folders_template_and_keeps_its_index(tmp_path):
    inputs = tmp_path / "jiangnan"
    inputs.mkdir()
    for number, paragraphs in enumerate(bodies()):
        (inputs / f"{number:03d}_{number:016x}.txt").write_text(site_page(paragraphs, quote=number < 2), "utf-8")
    out = tmp_path / "ds"
    assert main(["ingest", str(inputs), "-o", str(out), "-w", "1"]) == 0
    docs = pd.read_parquet(out / "docs")
    assert len(docs) == 5
    for text in docs["text"]:
        assert SECTION not in text and SHARE not in text
    assert sum(QUOTE in text for text in docs["text"]) == 2
    assert (out / "line_index.json").exists()
    index = LineIndex.load(out)
    assert len(index.sites[f"folder:{inputs.resolve()}"].pages) == 5
