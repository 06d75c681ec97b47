"""A profile's [cleaning] section: site hints, and step parameters that reach the cleaners."""

import pickle
import tomllib

import pytest

from cleaners.pipeline import clean_text
from crawler.profiles import ProfileError, profile_from_dict

PROFILE = """
name = "example"
start_urls = ["https://www.example.cn/"]
domains = ["www.example.cn"]

[cleaning]
site_names = ["示例网"]
{extra}
"""
TEXT = "深化国资央企与上海市合作\n\n" + "上海市委书记陈吉宁,国务院国资委党委书记、主任张玉卓出席会议并讲话。" * 2


def _profile(extra: str):
    return profile_from_dict(tomllib.loads(PROFILE.format(extra=extra)), "example")


def test_a_step_table_overrides_its_parameters_in_the_hints():
    profile = _profile('[cleaning.too-short]\nmin_body_hanzi = 150\n\n[cleaning.boilerplate]\nmax_page_tool_line = 30')
    assert profile.hints.step_overrides == (
        ("too-short", "min_body_hanzi", 150),
        ("boilerplate", "max_page_tool_line", 30),
    )
    assert profile.hints.site_names == ("示例网",)
    # The hints go to worker processes.
    hints = pickle.loads(pickle.dumps(profile.hints))
    assert clean_text(TEXT, hints).rejection == "too-short"
    assert clean_text(TEXT, _profile("").hints).rejection is None


@pytest.mark.parametrize(
    "extra, error",
    [
        ("[cleaning.no-such-step]\nx = 1", "no cleaning step named 'no-such-step'"),
        ("[cleaning.too-short]\nmin_hanzi = 1", "cleaning step 'too-short' has no parameter 'min_hanzi'"),
        ('[cleaning.too-short]\nmin_body_hanzi = "many"', "cleaning step 'too-short': min_body_hanzi must be like 50"),
        ("min_body_hanzi = 150", r"\[cleaning\] has no setting 'min_body_hanzi'"),
    ],
)
def test_a_wrong_step_or_parameter_is_a_profile_error_that_names_it(extra, error):
    with pytest.raises(ProfileError, match=f"profile 'example': {error}"):
        _profile(extra)

