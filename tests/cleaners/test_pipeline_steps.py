"""Steps built from defaults and overrides, what they find, and counters that add up."""

import pickle
from pathlib import Path

import pytest

from cleaners.base import Hints, join_paragraphs
from cleaners.counters import PipelineCounters
from cleaners.gates import TooShort
from cleaners.pipeline import DEFAULT_STEPS, clean_text, steps_for

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds" / "documents").glob("*.txt"))
TITLE = "深化国资央企与上海市合作 推动制造业发展座谈会在沪举行"
SENTENCE = "上海市委书记陈吉宁,国务院国资委党委书记、主任张玉卓出席会议并讲话。"  # 30 hanzi
TWO_SENTENCES = join_paragraphs([TITLE, SENTENCE, SENTENCE])


def test_every_step_has_its_own_name():
    names = [step.name for step in (*DEFAULT_STEPS.formatters, *DEFAULT_STEPS.gates, DEFAULT_STEPS.language)]
    assert len(names) == len(set(names))


def test_an_override_changes_one_parameter_of_one_step():
    steps = steps_for((("too-short", "min_body_hanzi", 150),))
    assert [gate for gate in steps.gates if gate.name == "too-short"] == [TooShort(min_body_hanzi=150)]
    assert steps.formatters == DEFAULT_STEPS.formatters
    assert clean_text(TWO_SENTENCES).rejection is None
    assert clean_text(TWO_SENTENCES, Hints(step_overrides=(("too-short", "min_body_hanzi", 150),))).rejection == "too-short"


def test_the_language_tagger_takes_overrides_too():
    assert steps_for((("lang", "sample_chars", 20),)).language.sample_chars == 20


def test_a_float_parameter_takes_an_integer():
    steps = steps_for((("mostly-garbage", "max_garbage_share", 1),))
    assert {gate.name: gate for gate in steps.gates}["mostly-garbage"].max_garbage_share == 1


@pytest.mark.parametrize(
    "overrides, message",
    [
        ((("no-such-step", "x", 1),), "no cleaning step named 'no-such-step'"),
        ((("too-short", "min_hanzi", 1),), "cleaning step 'too-short' has no parameter 'min_hanzi'"),
        ((("too-short", "min_body_hanzi", "many"),), "cleaning step 'too-short': min_body_hanzi must be"),
        ((("too-short", "min_body_hanzi", True),), "cleaning step 'too-short': min_body_hanzi must be"),
        ((("width", "anything", 1),), "cleaning step 'width' has no parameter 'anything' (it has: none)"),
    ],
)
def test_an_unknown_step_parameter_or_wrong_type_is_named(overrides, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        steps_for(overrides)


def test_the_publication_date_and_byline_come_from_what_the_steps_found():
    text = join_paragraphs(
        [TITLE, "来源:上海发布 发布时间:2023-04-24 浏览次数:275", SENTENCE, SENTENCE, "本报记者 葛灵丹", "编辑:叶松亭"]
    )
    result = clean_text(text)
    assert result.text == TWO_SENTENCES
    assert result.published == "2023-04-24"
    assert result.byline == "本报记者 葛灵丹"


def test_a_date_in_the_body_is_no_publication_date():
    assert clean_text(join_paragraphs([TITLE, "2023年4月24日,座谈会在沪举行。" + SENTENCE, SENTENCE])).published is None


def _count(texts: list[str]) -> PipelineCounters:
    counters = PipelineCounters()
    for text in texts:
        clean_text(text, counters=counters)
    return counters


def test_counters_from_two_workers_merge_into_the_counts_of_one_run():
    seeds = [path.read_text(encoding="utf-8") for path in SEEDS]
    halves = [seeds[:2] + [TITLE], seeds[2:] + [TITLE]]  # TITLE alone is too short
    # Each half counted in its own worker and sent back pickled, then merged.
    merged, second = (pickle.loads(pickle.dumps(_count(half))) for half in halves)
    merged.merge(second)
    assert merged == _count(halves[0] + halves[1])
    assert merged.formatters["metadata"].documents == len(seeds) + 2
    assert sum(merged.formatters["metadata"].removals.values()) > 0
    assert merged.formatters["boilerplate"].removed_chars > 0
    assert merged.rejections == {"too-short": 2}


@pytest.mark.parametrize(
    ("named", "headline"),
    [
        ("美国大选 - 新华网", "美国大选"),  # the site suffix goes in one round, the headline stays in the next
        # the page's title in the form the normalisers give the text: simplified, single spaces
        ("美國大選", "美国大选"),
        ("大选  结果", "大选 结果"),
    ],
)
def test_the_short_headline_an_html_page_names_stays_through_every_round(named, headline):
    text = join_paragraphs([named, SENTENCE, SENTENCE])
    assert clean_text(text, Hints(title=named)).title == headline
    # near miss: the same short line at the top of a text file is the page's, not a headline
    assert clean_text(text).title == SENTENCE
