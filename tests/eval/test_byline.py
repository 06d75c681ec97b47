"""``find_author``: the Chinese byline forms, the bare byline, and the metadata fallback."""

from cleaners.byline import find_author


def test_reporter_byline():
    assert find_author("中国徐州网-徐州日报讯(记者 范海杰)日前，我市召开推进会", [], None) == "范海杰"
    assert find_author("本报记者罗科发自北京 今天上午", [], None) == "罗科"


def test_second_name_needs_a_common_surname():
    # ``最新动态`` after the name is a heading, not a second reporter.
    assert find_author("记者 刘涛 最新动态", [], None) == "刘涛"
    assert find_author("作者：张三、李四 2023年", [], None) == "张三 李四"


def test_words_after_reporter_are_no_name():
    assert find_author("记者的脖子上挂着相机，记者看东北", [], None) is None


def test_editor_is_the_author_of_last_resort():
    assert find_author("作者：胡平 责任编辑：王五", [], None) == "胡平"
    assert find_author("正文在此。 责任编辑：王五", [], None) == "王五"


def test_bare_byline_after_the_headline():
    assert find_author("", ["犬儒病(上)", "胡平", "正文第一段。"], None) == "胡平"
    # After a sentence, a name on its own line is no byline.
    assert find_author("", ["他说完就走了。", "胡平"], None) is None


def test_metadata_author_only_when_it_is_plain_names():
    assert find_author("", [], "John Smith") == "John Smith"
    assert find_author("", [], "■ 该作者文章") is None
