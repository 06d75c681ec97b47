import difflib
from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import pytest

from cleaners.base import CJK
from cleaners.mojibake import MojibakeRepairer, garbage_share

repair_mojibake = MojibakeRepairer()

SEEDS = Path(__file__).parents[2] / "seeds" / "documents"
SEED_003 = (SEEDS / "003_3e4c9e161e2af1e0.txt").read_text(encoding="utf-8")
SENTENCE = "上海市委副书记、市长龚正出席座谈会并讲话。"


def as_latin1(text: str) -> str:
    """UTF-8 bytes read as Windows-1252 the way browsers do (ftfy's codec of that name)."""
    return text.encode("utf-8").decode("sloppy-windows-1252")


def as_gbk(text: str) -> str:
    """UTF-8 bytes read as GBK the way browsers do: GB18030, U+FFFD for a byte pair it rejects."""
    return text.encode("utf-8").decode("gb18030", errors="replace")


def lost_share(original: str, repaired: str) -> float:
    """Share of ``original`` lost to U+FFFD; fails if ``repaired`` differs in any other way."""
    matcher = difflib.SequenceMatcher(None, original, repaired, autojunk=False)
    for tag, _, _, start, end in matcher.get_opcodes():
        assert tag == "equal" or set(repaired[start:end]) <= {"\ufffd"}, (tag, repaired[start:end])
    return repaired.count("\ufffd") / len(original)


def test_utf8_read_as_latin1_is_repaired():
    broken = "ä¸Šæµ·"
    result = repair_mojibake(broken)
    assert result.text == "上海"
    assert [(r.rule, r.text) for r in result.removed] == [("mojibake.latin1", broken)]


def test_utf8_read_as_gbk_is_repaired():
    result = repair_mojibake("涓婃捣")
    assert result.text == "上海"
    assert [(r.rule, r.text) for r in result.removed] == [("mojibake.gbk", "涓婃捣")]


def test_a_whole_seed_read_as_latin1_comes_back_exactly():
    assert repair_mojibake(as_latin1(SEED_003)).text == SEED_003


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_a_whole_seed_read_as_gbk_comes_back_but_for_lost_bytes(seed):
    original = (SEEDS / seed).read_text(encoding="utf-8")
    repaired = repair_mojibake(as_gbk(original)).text
    pairs = list(zip(original.split("\n"), repaired.split("\n"), strict=True))
    # A line without hanzi (seed 000's "©2014-2024 dbsqp.com") gives no evidence of a
    # misreading and may stay as it is.
    chinese = [(before, after) for before, after in pairs if CJK.search(before)]
    # A byte pair GBK rejects before an ASCII character (the seeds' half-width commas)
    # loses a UTF-8 byte for good; that character stays U+FFFD.
    assert lost_share("\n".join(b for b, _ in chinese), "\n".join(a for _, a in chinese)) < 0.1


def test_a_mixed_document_repairs_only_its_broken_lines():
    good = "正确的中文段落,不应被改动:" + SENTENCE
    text = "\n".join([good, as_gbk(SENTENCE), "第三行 " + as_latin1(SENTENCE), good])
    result = repair_mojibake(text)
    lines = result.text.split("\n")
    assert lines[0] == lines[3] == good
    assert lost_share(SENTENCE, lines[1]) <= 1 / len(SENTENCE)
    assert lines[2] == "第三行 " + SENTENCE
    assert sorted(r.rule for r in result.removed) == ["mojibake.gbk", "mojibake.latin1"]


def test_broken_run_glued_to_correct_text_is_cut_at_its_punctuation():
    result = repair_mojibake("标题：" + as_gbk(SENTENCE))
    assert result.text.startswith("标题：上海市委副书记")
    assert lost_share("标题：" + SENTENCE, result.text) <= 1 / len(SENTENCE)


def test_correct_runs_whose_bytes_happen_to_be_utf8_stay_beside_a_misread_line():
    # 鏈現 is the GB18030 form of the UTF-8 bytes of 本F, 思 that of ˼: not Chinese, so no repair.
    correct = "產業 鏈現 代化,思 99"
    lines = repair_mojibake(as_gbk(SENTENCE) + "\n" + correct).text.split("\n")
    assert lines[0].startswith("上海市委副书记、市长")
    assert lines[1] == correct


@pytest.mark.parametrize(
    "text",
    [
        SEED_003,
        (SEEDS / "004_38cb36e30ac65805.txt").read_text(encoding="utf-8"),  # traditional, with pinyin
        "Café, naïve résumé — 10 × 20 µm, 50 °C",  # correct Latin text
        "，（０）“你好”…——上海「硬科技」",  # full-width forms are the width fold's business
    ],
)
def test_correct_text_is_untouched(text):
    result = repair_mojibake(text)
    assert result.text == text
    assert result.removed == ()


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("上海市人民政府", 0.0),
        ("锟斤拷锟斤拷上海", 0.75),
        ("\ufffd\ufffd上海", 0.5),
        ("??????", 1.0),
        ("真的吗?", 0.0),
    ],
)
def test_garbage_share_counts_what_no_repair_brings_back(text, share):
    assert garbage_share(text) == pytest.approx(share)


@pytest.mark.parametrize("misread", [as_latin1, as_gbk])
def test_mojibake_left_in_counts_as_garbage(misread):
    assert garbage_share(misread(SENTENCE * 3)) > 0.5
    assert garbage_share(SENTENCE * 3) == 0.0


def _latin1_where_utf8_fails(error: UnicodeDecodeError) -> tuple[str, int]:
    return error.object[error.start : error.end].decode("latin-1"), error.end


import codecs  # noqa: E402

codecs.register_error("test-latin1-fallback", _latin1_where_utf8_fails)


def as_mixed_reading(text: str, codec: str) -> str:
    """Legacy bytes read as UTF-8 where they happen to be, as Latin-1 elsewhere (cleaning-dev 009, 024)."""
    return text.encode(codec).decode("utf-8", errors="test-latin1-fallback")


@pytest.mark.parametrize(
    ("codec", "original"),
    [("gbk", "国务院国资委副主任翁杰明在新闻发布会上表示,国资委将继续推进战略性重组。"),
     ("big5", "國務院國資委副主任翁杰明在新聞發布會上表示,國資委將繼續推進戰略性重組。")],
)
def test_legacy_bytes_read_as_latin1_and_utf8_come_back(codec, original):
    broken = as_mixed_reading(original, codec)
    # The reading the dev set describes: no UTF-8 sequence in these bytes decodes below U+0100.
    assert all(ord(c) >= 0x100 or c.encode("latin-1") in original.encode(codec) for c in broken)
    result = repair_mojibake(broken)
    assert result.text == original
    assert [r.rule for r in result.removed] == ["mojibake.legacy"]


def test_a_line_quoting_latin_names_is_not_taken_for_legacy_bytes():
    line = "法国总统马克龙(Emmanuel Macron)与Société Générale高管会面,讨论中法经贸合作。"
    assert repair_mojibake(line).text == line


def test_characters_lost_between_hanzi_leave_a_hole_not_question_marks():
    # cleaning-dev 022: 三审:姜??山
    result = repair_mojibake("三审:姜??山")
    assert result.text == "三审:姜山"
    assert [(r.rule, r.text) for r in result.removed] == [("mojibake.lost", "??")]


def test_a_single_question_mark_between_hanzi_is_a_question():
    assert repair_mojibake("你是哪里人?我是徐州人。").text == "你是哪里人?我是徐州人。"


@pytest.mark.parametrize(
    ("broken", "clean"),
    [
        ("进行视察??h政府副县长王改参加。", "进行视察政府副县长王改参加。"),  # 037: 。县 lost
        ("都是通过媒体进行征集的?!遍L沙市政府", "都是通过媒体进行征集的遍L沙市政府"),  # 014: 。” lost
    ],
)
def test_lost_marks_leave_holes(broken, clean):
    assert repair_mojibake(broken).text == clean


def test_a_lost_byte_of_legacy_text_costs_one_character_not_the_rest_of_the_line():
    original = "国务院国资委副主任翁杰明在新闻发布会上表示,国资委将继续推进战略性重组。"
    raw = original.encode("gbk")
    damaged = raw[:9] + raw[10:]  # one byte of 副 lost, as in cleaning-dev 024's stored copy
    broken = "".join(chr(b) for b in damaged)  # every byte read as Latin-1
    repaired = repair_mojibake(broken).text
    assert repaired.endswith("在新闻发布会上表示,国资委将继续推进战略性重组。")


def test_a_space_before_a_misreading_does_not_hide_it():
    # Found by the idempotence property: layout strips the space, and a second cleaning
    # repaired what the first had not.
    assert repair_mojibake("\xa0Â¡").text == "\xa0¡"


def test_a_few_latin1_letters_are_not_taken_for_legacy_bytes():
    assert repair_mojibake("Â@").text == "Â@"
