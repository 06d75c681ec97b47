"""Steps that say they judge each paragraph alone, and do.

The pipeline's later rounds show such a step (``Formatter.judges_paragraphs_alone``) only
the paragraphs it has not judged yet, neither left alone nor kept as they were: a step
that said so wrongly would let noise through that a run on the whole text removes.
"""

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.base import Hints, join_paragraphs, split_paragraphs
from cleaners.breadcrumb import BreadcrumbRemover
from cleaners.pipeline import DEFAULT_STEPS, clean_text, normalised
from cleaners.site_template import line_key

REPO = Path(__file__).resolve().parents[2]
# Lines of real pages: seeds and replica articles, with their titles, breadcrumbs,
# metadata, credits, footers and spam titles.
LINES = sorted(
    {
        line
        for path in [*(REPO / "seeds" / "documents").glob("*.txt"),
                     *(REPO / "crawler" / "replicas" / "sites").glob("*/articles/*.txt")]
        for line in split_paragraphs(normalised(path.read_text(encoding="utf-8")))
    }
)
DOCUMENT = st.lists(st.sampled_from(LINES), min_size=2, max_size=14)


def left_alone(step, text: str, hints: Hints) -> bool:
    result = step(text, hints)
    return result.text == text and not result.removed and not result.found


def judged_alone(step, paragraphs: list[str], hints: Hints) -> bool:
    """Whether ``step`` leaves the text of ``paragraphs`` alone exactly when it leaves each
    alone, and leaves alone by itself each paragraph it keeps as it was in the text."""
    text = join_paragraphs(paragraphs)
    alone = {p: left_alone(step, p, hints) for p in paragraphs}
    kept = set(split_paragraphs(step(text, hints).text))
    return left_alone(step, text, hints) == all(alone.values()) and all(alone[p] for p in paragraphs if p in kept)


def test_the_steps_that_judge_paragraphs_alone_say_so():
    assert {step.name for step in DEFAULT_STEPS.formatters if step.judges_paragraphs_alone(Hints())} == {
        "spam_title", "metadata", "boilerplate", "credits", "template",
    }
    # A footer runs from its marker to the end; the line a page names as its title is spared.
    named = {
        step.name for step in DEFAULT_STEPS.formatters
        if step.judges_paragraphs_alone(Hints(footer_markers=("版权所有",), title="标题", template_lines=frozenset({"x"})))
    }
    assert named == {"spam_title", "metadata", "credits"}


@settings(max_examples=300, deadline=None)
@given(paragraphs=DOCUMENT, data=st.data())
def test_a_step_that_judges_paragraphs_alone_leaves_a_text_alone_when_it_leaves_each_alone(paragraphs, data):
    named = data.draw(st.lists(st.sampled_from(paragraphs), max_size=3))
    hints = Hints(
        site_names=tuple(named[:1]),
        footer_markers=tuple(p[:4] for p in named[1:2]),
        title=paragraphs[0] if data.draw(st.booleans()) else None,
        template_lines=frozenset(line_key(p) for p in named),
    )
    for step in DEFAULT_STEPS.formatters:
        if step.judges_paragraphs_alone(hints):
            assert judged_alone(step, paragraphs, hints), step.name


def test_the_check_finds_a_step_that_judges_paragraphs_by_their_place():
    # A section label is cut off one of the first lines only: alone, a line is the first.
    paragraphs = ["标题", *(f"第{n}段正文,记者今天在现场看到了很多人。" for n in range(6)), "社论 | 上海推动制造业高质量发展再出新举措"]
    assert not judged_alone(BreadcrumbRemover(), paragraphs, Hints())


def test_a_paragraph_a_join_makes_is_read_again_by_the_steps_that_left_the_rest_alone():
    # The credits step leaves "编辑" and ":叶松亭" alone; the joiner makes a credit line of
    # them, which the next round's credits step, seeing a paragraph it never judged, removes.
    title = "深化国资央企与上海市合作 推动制造业发展座谈会在沪举行"
    body = "上海市委书记陈吉宁,国务院国资委党委书记、主任张玉卓出席会议并讲话。"
    result = clean_text(join_paragraphs([title, body, "编辑", ":叶松亭", body]))
    assert result.text == join_paragraphs([title, body, body])
    assert [(r.rule, r.text) for r in result.removed] == [
        ("paragraphs.join", "编辑\n\n:叶松亭"), ("credits.line", "编辑:叶松亭"),
    ]
