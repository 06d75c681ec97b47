"""Page chrome by shape: real lines from cleaning-dev (tuned part), with near misses that must stay."""

import pytest

from cleaners.base import Hints, join_paragraphs, split_paragraphs
from cleaners.page_chrome import InlineJunkRemover, PageChromeRemover

chrome = PageChromeRemover()
inline = InlineJunkRemover()

TITLE = "高铁新区签约落地重点项目26个"
BODY = (
    "水母网11月12日讯(记者 王鑫 实习生 段虹飞)11月12日,2020年“重点片区”开发建设有关情况系列新闻发布会"
    "第三场在广电大厦13楼新闻发布厅举办。"
)
LAST = "下一步,高铁新区将进入全面推进期,高起点规划、高水平建设、高效能推进,确保一年起好步。"


def rules(text: str) -> dict[str, str]:
    return {r.text: r.rule for r in chrome(text).removed}


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("ZKX's LAB", "chrome.no_hanzi"),  # 020: a site logo as text
        ("A- A+", "chrome.no_hanzi"),  # 026: font buttons
        ("×", "chrome.symbols"),  # 056: a close button
        ("初级会计职称 | 指南 | 动态 | 查分 | 试题 | 复习 |", "chrome.link_row"),  # 001
        ("察哈| 清丰县| 曲周县| 洪雅县| 德昌县| 东至县", "chrome.link_row"),  # 027: place-name stuffing
        ("[ 列印文章 ] [ ] [ 推荐朋友 ] [ 进入论坛 ]", "chrome.link_row"),  # 000
        ("| 站内搜索:", "chrome.link_row"),  # 049
        ("(相关资料图)", "chrome.aside"),  # 011
        ("📢 读好文还能抽奖?!", "chrome.emoji"),  # 055
        ("已获得0个“”", "chrome.ui_counter"),  # 057
    ],
)
def test_chrome_lines_go_wherever_they_are(line, rule):
    assert rules(join_paragraphs([TITLE, BODY, line, LAST])) == {line: rule}


@pytest.mark.parametrize(
    "line",
    [
        "一、总体要求",  # a subheading between body paragraphs
        "Figure 1. C2C industry chain structure",  # an English caption of more than three words
        "9:20—9:50",  # a row of a schedule
        "切实履职尽责 学习先进理念 不断开阔视野 奋力冲刺四季度坚决完成全年目标任务",  # a spaced headline
        "习近平会见美国总统唐纳德·特朗普",  # names joined by ·
    ],
)
def test_body_lines_that_look_like_chrome_stay(line):
    assert rules(join_paragraphs([TITLE, BODY, line, LAST])) == {}


def test_short_lines_outside_the_article_go_at_the_edges():
    # 020: a logo above the headline, a related-list heading and app links below the body.
    text = join_paragraphs(["华球", TITLE, "2020-11-12新闻13", BODY, LAST, "随机阅读", "访问手机版"])
    assert rules(text) == {"华球": "chrome.edge", "随机阅读": "chrome.edge", "访问手机版": "chrome.edge"}


def test_the_edges_keep_a_cut_off_last_paragraph_a_bare_byline_and_a_signature():
    # 043: the page text stops in mid-sentence; the last line is body all the same.
    text = join_paragraphs([TITLE, BODY, LAST, "受到房地产市场拖累等因素影响,中国2025年全国", "曹飞"])
    assert rules(text) == {}
    notice = join_paragraphs([TITLE, BODY, LAST, "吉林省人民政府", "2022年1月27日"])
    assert rules(notice) == {}


def test_a_long_tail_of_short_lines_is_a_table_and_stays():
    rows = [f"发动机总排量:{n}ml" for n in range(1000, 1010)]
    assert rules(join_paragraphs([TITLE, BODY, LAST, *rows])) == {}


def test_a_page_without_chinese_body_is_left_to_the_gates():
    english = join_paragraphs(["Hello", "This page is in English only."])
    assert chrome(english).text == english


def test_html_junk_and_anti_copy_strings_go_inline_and_the_sentence_stays():
    # 025 and 035 (Discuz): the junk sits inside lines of body.
    text = join_paragraphs(
        [TITLE, "• <tr id=\"yyy80\"></tr>", "会议指出,全省经济运行总体平稳。 j$ M1 o( f- s5 Z0 i9 I 各地要强化责任。"]
    )
    result = inline(text)
    assert split_paragraphs(result.text) == [TITLE, "•", "会议指出,全省经济运行总体平稳。 各地要强化责任。"]
    assert {r.rule for r in result.removed} == {"chrome.html", "chrome.anti_copy"}


@pytest.mark.parametrize("sentence", ["GDP 增长 5.2% ,CPI 上涨 0.2% 。", "型号为 A1 B2 C3 D4 的设备"])
def test_codes_and_figures_are_not_anti_copy_strings(sentence):
    assert inline(sentence).text == sentence


def test_a_site_name_above_the_body_is_a_logo_not_the_headline():
    # 029: the site's name above a notice's title; 054: a channel name under the site's.
    notice = join_paragraphs(["嵊州市人民政府", "关于认真做好村和社区组织换届选举工作的实施意见", BODY, LAST])
    assert rules(notice) == {"嵊州市人民政府": "chrome.edge"}
    channel = join_paragraphs(["上海实业(集团)有限公司", "新闻中心", "王伟周杰赴青岛调研", BODY, LAST])
    assert rules(channel) == {"新闻中心": "chrome.edge"}


def test_a_headline_that_names_an_office_stays_when_nothing_else_leads():
    text = join_paragraphs(["省人民政府办公厅", BODY, LAST])
    assert rules(text) == {}


def test_a_table_header_between_body_paragraphs_is_no_menu():
    header = "年份 日期 电视台 节目名称 获奖歌曲 排名"
    assert rules(join_paragraphs([TITLE, BODY, header, LAST])) == {}
    assert rules(join_paragraphs([TITLE, header, BODY, LAST])) == {header: "chrome.nav_words"}


def test_a_menu_row_above_the_headline_goes():
    menu = "首页 新闻 国内 聚焦 教育 关注 热点 要闻 民生1+1 国内"  # 011
    assert rules(join_paragraphs([menu, TITLE, BODY, LAST])) == {menu: "chrome.nav_words"}


def test_a_spam_sites_link_injected_into_a_sentence_goes_and_the_sentence_stays():
    # cleaning-dev 024: a hacked page with a gambling site's link inside its body
    sentence = "只认真思考这三句话背后的意义,球盟会登入口网页版会发现实际上三大定律最重要的目的只有两个字:安全。"
    result = inline(sentence)
    assert result.text == "只认真思考这三句话背后的意义,会发现实际上三大定律最重要的目的只有两个字:安全。"
    assert inline("请通过国家政务服务平台入口办理。").text == "请通过国家政务服务平台入口办理。"


def test_english_buttons_above_the_headline_and_a_line_of_urls_go():
    # 012 and 038
    text = join_paragraphs(["Skip to Content Facebook Feature Image", TITLE, BODY, "论坛网址:https://db2.mom、https://0668.es", LAST])
    assert rules(text) == {
        "Skip to Content Facebook Feature Image": "chrome.edge",
        "论坛网址:https://db2.mom、https://0668.es": "chrome.links",
    }


# Texts extracted from HTML: the extractor chose the block and the page named its headline
# (``Hints.title``).
DIAGRAM = ["┌───┬──────┼──────┐", "│", "↓ ↓"]  # benchmark d7605742: a chart drawn in box characters
SONGS = ["Love Story", "Thriller", "Night"]  # benchmark d5bced5e: an album's track list


def test_lines_without_hanzi_between_the_body_paragraphs_of_an_extracted_text_stay():
    text = join_paragraphs([TITLE, BODY, *DIAGRAM, BODY, *SONGS, LAST])
    assert chrome(text, Hints(title=TITLE)).text == text
    # near misses: in a text file (the whole page) they go, and in an extracted text a
    # button above the headline still does
    assert set(rules(text)) == {*DIAGRAM, *SONGS}
    extracted = chrome(join_paragraphs(["qrcode", TITLE, BODY, LAST]), Hints(title=TITLE))
    assert [(r.rule, r.text) for r in extracted.removed] == [("chrome.edge", "qrcode")]


def test_the_headline_the_page_names_stays_however_short():
    # benchmark 59562291: the blog post's headline, a name and the site's domain
    headline = "海姑娘 | blog.wenxuecity.com"
    text = join_paragraphs([headline, BODY, LAST])
    assert chrome(text, Hints(title=headline)).text == text
    # near miss: a text file's short line above the body is the page's, not a headline
    assert rules(text) == {headline: "chrome.edge"}
