from cleaners.width import fold_width


def test_full_width_ascii_forms_fold_to_half_width():
    result = fold_width("来源：新华社（记者　张三）２０２３年，增长５％！ＡＢＣ")
    assert result.text == "来源:新华社(记者 张三)2023年,增长5%!ABC"
    assert result.removed == ()


def test_chinese_punctuation_without_an_ascii_twin_stays():
    text = "上海。浦东、临港“新片区”……——《规划》「硬科技」"
    assert fold_width(text).text == text


def test_whole_full_width_block_maps_onto_printable_ascii():
    full = "".join(chr(code) for code in range(0xFF01, 0xFF5F))
    half = "".join(chr(code) for code in range(0x21, 0x7F))
    assert fold_width(full).text == half
