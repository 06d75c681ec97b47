import pytest

from cleaners.base import join_paragraphs
from cleaners.spam_title import SpamTitleRemover

remove_spam_titles = SpamTitleRemover()

# seed 001's first line (after t2s)
HACKED_TITLE = (
    "国产精品无码av在线毛片互动交流_欧美日韩国产中文在线亚洲综合_思思99re66在线精品免费观看_"
    "欧美 日韩激情电影在线观看_成年双人啦啦操全套免费软件_中文字幕不卡欧美日韩免费_国产成人一级电影视频_"
    "911爆料网八卦有理回家的路_久久精品国产亚洲AV豆腐_销魂av无码玉足性色"
)
HEADLINE = "深化国资央企与上海市合作 推动制造业发展座谈会在沪举行"
BODY = "4月24日,深化国资央企与上海市合作、推动制造业发展座谈会在沪举行。"


def test_hacked_title_goes_and_the_article_stays():
    result = remove_spam_titles(join_paragraphs([HACKED_TITLE, HEADLINE, BODY]))
    assert result.text == join_paragraphs([HEADLINE, BODY])
    assert [(r.rule, r.text) for r in result.removed] == [("spam_title.keyword_segments", HACKED_TITLE)]


@pytest.mark.parametrize(
    "spam",
    [
        "澳门威尼斯人娱乐城_百家乐在线投注_六合彩开奖直播",
        "澳门新葡京_澳门新葡京官网_澳门新葡京娱乐",
        "bet365_bet365体育在线_bet365官网",
        "国产精品 欧美日韩 无码 人妻 偷拍 在线观看",
    ],
)
def test_gambling_and_porn_titles_go(spam):
    assert remove_spam_titles(join_paragraphs([spam, HEADLINE])).text == HEADLINE


def test_headline_with_one_underscore_survives():
    for title in [
        "上海电影节开幕_电影_新浪娱乐",
        "成人教育改革新举措_一级建造师_新浪教育",
        "国产大飞机C919完成首次商业飞行_新闻中心_新浪网",
        "欧美日韩三地央行同日加息",
        "警方破获跨境赌博案 涉案投注金额超亿元_社会_新浪网",
        "公安机关打掉一个利用六合彩、时时彩网站组织赌博的犯罪团伙,查获投注记录十万余条。",
    ]:
        text = join_paragraphs([title, BODY])
        assert remove_spam_titles(text).text == text, title


def test_a_spam_sites_name_after_a_real_headline_is_cut_and_the_headline_stays():
    # cleaning-dev 054: a company's news page whose title a gambling site took over.
    result = SpamTitleRemover()("上海实业(集团)有限公司-澳门皇冠游戏网址\n\n正文第一段。")
    assert result.text == "上海实业(集团)有限公司\n\n正文第一段。"
    assert [(r.rule, r.text) for r in result.removed] == [("spam_title.spam_suffix", "-澳门皇冠游戏网址")]


def test_a_headline_about_a_gambling_case_keeps_its_words():
    text = "警方破获一起网络赌博案 - 新闻中心\n\n正文第一段。"
    assert SpamTitleRemover()(text).text == text
