from cleaners.layout import LineLayout

one_paragraph_per_line = LineLayout()


def test_every_line_becomes_a_paragraph_and_blank_lines_go():
    text = "\n\n  标题  \r\n第一段。\r第二段。\u2028第三段。\n\n\n   \n第四段。\n"
    assert one_paragraph_per_line(text).text == "标题\n\n第一段。\n\n第二段。\n\n第三段。\n\n第四段。"


def test_runs_of_spaces_and_tabs_inside_a_line_shrink_to_one():
    text = "2021-08-31  来源:中国徐州网-徐州日报 \t 编辑:"
    assert one_paragraph_per_line(text).text == "2021-08-31 来源:中国徐州网-徐州日报 编辑:"


def test_seed_layout_is_kept_and_nothing_is_removed():
    text = "标题\n\n第一段。\n\n第二段。"
    result = one_paragraph_per_line(text)
    assert result.text == text
    assert result.removed == ()


def test_text_of_only_blank_lines_becomes_empty():
    assert one_paragraph_per_line(" \n\t\r\n").text == ""
