import codecs
import json
import re
from pathlib import Path

import pytest

from cleaners.decode import Decoded, NotText, decode_html, decode_text_file, normalise_charset

BENCHMARKS = Path(__file__).parents[3] / "shared" / "benchmarks"
needs_benchmarks = pytest.mark.skipif(not BENCHMARKS.is_dir(), reason="no shared/benchmarks beside the repo")

# 镕 and 珺 are GBK-only: a strict gb2312 decode fails on them.
ARTICLE = "<p>朱镕基、李珺出席会议，上海市人民政府发布通知。</p>"


def page(charset_meta: str = "") -> str:
    return f"<html><head>{charset_meta}<title>通知</title></head><body>{ARTICLE}</body></html>"


def benchmark_pages():
    for meta_file in sorted(BENCHMARKS.glob("*/meta.jsonl")):
        for line in meta_file.read_text(encoding="utf-8").splitlines():
            meta = json.loads(line)
            # readability-zh pages are all UTF-8 (its README), whatever they declare.
            codec = meta.get("bytes_decode_as", "utf-8")
            yield pytest.param(meta_file.parent / "html" / f"{meta['id']}.html", codec, id=meta["id"][:8])


@needs_benchmarks
@pytest.mark.parametrize(("path", "codec"), list(benchmark_pages()) if BENCHMARKS.is_dir() else [])
def test_benchmark_page_decodes_with_the_codec_its_bytes_are_in(path, codec):
    decoded = decode_html(path.read_bytes())
    assert decoded.charset == codec.split()[0]
    replacements = decoded.text.count("\ufffd")
    if "invalid bytes" in codec:
        assert 0 < replacements < 20
    else:
        assert replacements == 0 and "锟斤拷" not in decoded.text


@needs_benchmarks
def test_utf8_page_declaring_gb2312_is_read_as_utf8():
    body = (BENCHMARKS / "readability-zh" / "html" / "qq.html").read_bytes()
    assert re.search(rb"charset=.?gb2312", body[:4096], re.I)
    decoded = decode_html(body)
    assert decoded.charset == "utf-8"
    assert "DeepMind新电脑已可利用记忆自学" in decoded.text


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="gb2312">',
        '<meta http-equiv="Content-Type" content="text/html; charset=GBK">',
        "",  # no declaration at all
        '<meta charset="utf-8">',  # a declaration the bytes refute
        '<meta charset="iso-8859-1">',  # a server default that reads GBK as garbage
    ],
)
def test_gbk_bytes_decode_as_gb18030(meta):
    decoded = decode_html(page(meta).encode("gbk"))
    assert decoded == Decoded(page(meta), "gb18030")


def test_http_charset_comes_before_meta():
    html = '<html><head><meta charset="gb2312"></head><body>臺灣當局發佈新聞稿。</body></html>'
    assert decode_html(html.encode("big5"), http_charset="big5") == Decoded(html, "big5")


def test_gbk_bytes_under_a_wrong_http_charset_still_decode():
    assert decode_html(page().encode("gbk"), http_charset="utf-8").charset == "gb18030"


def test_byte_order_mark_wins_over_everything():
    body = codecs.BOM_UTF8 + page('<meta charset="gb2312">').encode("utf-8")
    assert decode_html(body, http_charset="gbk") == Decoded(page('<meta charset="gb2312">'), "utf-8")


def test_undeclared_utf8_page_decodes_as_utf8():
    assert decode_html(page().encode("utf-8")) == Decoded(page(), "utf-8")


def test_bytes_invalid_everywhere_decode_with_replacement_under_the_best_charset():
    body = page('<meta charset="gbk">').encode("gbk").replace("会议".encode("gbk"), b"\xff\xff\x80\x80")
    decoded = decode_html(body)
    assert decoded.charset == "gb18030"
    assert "朱镕基、李珺出席" in decoded.text and "\ufffd" in decoded.text


def test_text_file_in_utf8_with_and_without_bom():
    text = "标题\n\n上海市人民政府发布通知。\n"
    assert decode_text_file(text.encode("utf-8")) == Decoded(text, "utf-8")
    assert decode_text_file(codecs.BOM_UTF8 + text.encode("utf-8")) == Decoded(text, "utf-8")


def test_text_file_in_gbk_reads_as_gb18030():
    text = "标题\n\n朱镕基出席会议。\n"
    assert decode_text_file(text.encode("gbk")) == Decoded(text, "gb18030")


@pytest.mark.parametrize(
    "body",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",  # an image
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00",  # a zip / docx
        "上海".encode("utf-8") + b"\x01\x02\x03\x04\x05\x06" * 10,  # control characters
        bytes(range(0x80, 0x100)) * 4,  # neither UTF-8 nor GB18030
        # Latin-1 that GB18030 reads strictly, as rare hanzi
        "Genève, Zürich, Málaga, Señora, Köln, Düsseldorf, Gießen".encode("latin-1"),
    ],
)
def test_binary_content_is_not_text(body):
    with pytest.raises(NotText):
        decode_text_file(body)


@pytest.mark.parametrize(
    ("label", "charset"),
    [("GB2312", "gb18030"), ("x-gbk", "gb18030"), (" 'UTF8' ", "utf-8"), ("no-such-charset", None)],
)
def test_charset_labels_normalise_to_the_codec_used(label, charset):
    assert normalise_charset(label) == charset


def test_declared_charset_is_judged_where_the_text_is_not_ascii():
    # A long ASCII head (scripts, styles) before any Chinese: the sample starts at the
    # first non-ASCII character, so GBK bytes under a Latin-1 server default are still caught.
    head = "<script>var a = 1;</script>\n" * 2000
    html = f"<html><head>{head}<title>通知</title></head><body>{ARTICLE * 50}</body></html>"
    decoded = decode_html(html.encode("gbk"), http_charset="iso-8859-1")
    assert decoded == Decoded(html, "gb18030")
