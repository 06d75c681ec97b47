"""``main_block`` on a real benchmark page and on small pages that isolate one rule."""

from pathlib import Path

import pytest

from cleaners.decode import decode_html
from cleaners.density import main_block, page_lines, parse_html

BENCHMARKS = Path(__file__).parents[3] / "shared" / "benchmarks"
PAGES = BENCHMARKS / "chinese-web-content-extraction" / "html"
needs_benchmarks = pytest.mark.skipif(not PAGES.is_dir(), reason="no shared/benchmarks beside the repo")


def block_text(html: str, headline: str | None = None) -> str:
    return "\n".join(main_block(page_lines(parse_html(html)), headline).lines)


@needs_benchmarks
def test_blog_archive_keeps_the_first_post_only():
    (path,) = PAGES.glob("8f1cdd94*.html")  # blog.wenxuecity.com, an archive of a month's posts
    text = block_text(decode_html(path.read_bytes()).text)
    assert text.startswith("距墨爾本西北約110公里處")
    assert "头发留的很长很长了" not in text  # the next post of the archive


def test_body_that_lxml_puts_into_head_is_moved_back():
    # A <script> before <html> opens an implicit head, and an unclosed unknown tag there
    # keeps the rest of the page inside it (auto.sohu.com 2005).
    paragraph = "<p>刚刚结束的号称世界第三，亚洲第一的上海车展，各大汽车厂商纷纷推出新车，竞争正在悄悄的进行。</p>"
    html = (
        "<script></script><html><head><title>上海车展</title><sohu_cms_include:style></head>"
        f"<body>{paragraph * 2}</body></html>"
    )
    root = parse_html(html)
    assert root.find("body") is not None
    assert main_block(page_lines(root)).lines[0].startswith("刚刚结束的号称世界第三")


def test_reader_comments_are_not_the_article():
    paragraph = "<p>国务院常务会议今天召开，会议部署进一步优化营商环境、激发市场主体活力的措施，要求各地抓好落实。</p>"
    comments = "".join(
        f"<p>网友{n}留言：说得好，支持政府的决定，希望早日落实到位，让老百姓得到实惠，也希望各地认真执行！</p>"
        for n in range(20)
    )
    html = (
        f"<html><body><div class='post'>{paragraph * 2}</div>"
        f"<div id='comments'>{comments}</div></body></html>"
    )
    text = block_text(html)
    assert "国务院常务会议" in text
    assert "留言" not in text


def test_article_printed_twice_comes_out_once():
    paragraph = "<p>自治区财政厅传出最新消息：2022年伊始，内蒙古自治区党委、政府积极贯彻落实党中央决策部署，出台一系列惠企政策。</p>"
    html = f"<html><body><div class='content'>{paragraph}{paragraph}</div></body></html>"
    assert block_text(html).count("自治区财政厅") == 1


def test_link_lists_inside_the_article_block_are_dropped():
    paragraph = "<p>市领导周波、诸葛宇杰参加调研，强调要坚持稳中求进工作总基调，推动经济高质量发展取得新成效。</p>"
    related = "<p><a href='/a'>徐州召开全市经济工作会议部署明年重点任务</a></p>"
    html = f"<html><body><div>{paragraph * 3}{related * 3}</div></body></html>"
    text = block_text(html)
    assert "市领导周波" in text
    assert "徐州召开全市经济工作会议" not in text


def test_table_of_figures_after_the_text_is_kept_and_link_lists_are_not():
    prose = "".join(
        f"<p>附件{n}列出了今年各专业的招生人数与考试科目，请考生认真核对，并按要求准备报名材料。</p>" for n in range(3)
    )
    subjects = ("艺术学", "音乐学", "美术学", "戏剧戏曲学", "电影学", "舞蹈学", "设计艺术学", "广播电视艺术学")
    rows = "".join(f"<tr><td>05040{n} {name}</td><td>导师待定</td><td>{n + 3}</td></tr>" for n, name in enumerate(subjects))
    figures = f"<table>{rows}</table>"
    links = "<a href='/1'>返回首页</a> <a href='/2'>上一篇：招生简章</a>"
    html = (
        "<html><body><table><tr><td><table><tr><td>"
        f"{prose}</td></tr></table><table><tr><td>{figures}</td></tr></table>"
        f"</td></tr><tr><td>{links}</td></tr></table></body></html>"
    )
    text = block_text(html)
    assert "050407 广播电视艺术学" in text
    assert "返回首页" not in text


def test_page_without_prose_has_no_block():
    assert block_text("<html><body><a href='/'>首页</a></body></html>") == ""


def test_identical_captions_in_the_body_are_both_kept():
    # A photo story (人民网 style): the same caption under two photos is the text's own.
    caption = "<p style='text-align:center'>图为春节期间游客在南京夫子庙景区游览。新华社记者 李博 摄</p>"
    paragraph = "<p>春节假期，全省各地文旅活动丰富多彩，城乡消费市场持续回暖，旅游人数和收入均较去年同期明显增长。</p>"
    html = f"<html><body><div class='content'>{paragraph}{caption}<p><img src='1.jpg'></p>{caption}{paragraph[::-1]}</div></body></html>"
    assert block_text(html).count("图为春节期间游客") == 2


def test_article_printed_twice_at_length_comes_out_once():
    paragraphs = "".join(
        f"<p>第{n}条：各地要落实减税降费政策，帮助中小微企业渡过难关，确保市场主体稳定经营、稳岗扩岗。</p>" for n in range(5)
    )
    html = f"<html><body><div class='content'>{paragraphs}<p>打印本页</p>{paragraphs}</div></body></html>"
    assert block_text(html).count("第3条") == 1


def test_article_after_a_stray_closing_html_tag_is_kept():
    # A gazette page whose header include ends with </body></html>; browsers show what follows.
    paragraph = "<p>各盟行政公署、市人民政府，自治区各委、办、厅、局：现将《实施方案》印发给你们，请结合实际认真贯彻落实。</p>"
    html = (
        "<html><head><title>政府公报</title></head><body><div class='top'>首页 | 政府公报</div></body></html>"
        f"<div class='gb_content'>{paragraph * 3}</div><div class='foot'>主办单位：自治区人民政府办公厅</div>"
    )
    text = block_text(html)
    assert text.startswith("各盟行政公署")
    assert "主办单位" not in text


def test_a_page_that_ends_properly_parses_as_before():
    paragraph = "<p>自治区财政厅传出最新消息：2022年伊始，内蒙古自治区党委、政府积极贯彻落实党中央决策部署，出台一系列惠企政策。</p>"
    root = parse_html(f"<html><body><div class='content'>{paragraph}</div></body></html>")
    assert [child.tag for child in root] == ["body"] and root.find("body/div") is not None


ARTICLE = "".join(
    f"<p>第{n}段：记者调查发现，部分地区的违规收费问题仍然存在，群众反映强烈，有关部门表示将立即整改并公开处理结果。</p>"
    for n in range(3)
)


def test_a_long_reader_thread_does_not_outscore_the_article():
    # Comments in a plain <div class='list'>: no 'comment' in the markup, but every item
    # is headed by a user name and a time, with the reader's prose under it.
    comments = "".join(
        f"<div class='item'><div class='user'>网友{n} 2022-02-1{n % 10} 10:2{n % 10}</div>"
        f"<p>这篇报道说得太对了，我们那里也是这样，乱收费的现象一直没有人管，希望记者继续跟踪调查，给老百姓一个说法！第{n}楼</p></div>"
        for n in range(12)
    )
    html = (
        "<html><body><h1>违规收费调查</h1>"
        f"<div class='text'>{ARTICLE}</div><div class='list'>{comments}</div></body></html>"
    )
    text = block_text(html)
    assert text.startswith("第0段：记者调查发现")
    assert "第3楼" not in text


def test_a_list_of_timed_headlines_in_the_article_is_no_thread():
    # The article's own 相关报道 list: stamped lines one after another, no prose between.
    related = "".join(f"<p>·相关报道第{n}篇：收费问题整改进展（2022-02-0{n} 17:19）</p>" for n in range(1, 6))
    long_article = ARTICLE * 2
    html = f"<html><body><h1>违规收费调查</h1><div class='text'>{long_article}{related}</div></body></html>"
    assert block_text(html).startswith("第0段：记者调查发现")


def test_a_card_of_another_story_above_the_headline_does_not_win():
    card = "<div class='card'>" + "<p>大家都在看：另一篇报道的摘要很长很长，讲的是某地的旅游市场在春节期间持续火爆，游客人数创下新高，酒店一房难求。</p>" * 2 + "</div>"
    brief = "<p>新华社北京2月13日电 国务院新闻办公室13日发布消息，全国春运客流平稳有序，各地交通运输部门加强运力保障。</p>"
    html = f"<html><body>{card}<h1>全国春运客流平稳有序</h1><div class='text'>{brief}</div></body></html>"
    assert block_text(html, "全国春运客流平稳有序").startswith("新华社北京2月13日电")
    # without the headline shown on the page, the card is as good as the article
    assert block_text(html, "春运").startswith("大家都在看")


def _two_stories(first_tag: str = "div") -> str:
    # a wire brief beside a slightly denser card of another story
    article = (
        "<p>新华社北京2月13日电 国务院新闻办公室13日发布消息，全国春运客流平稳有序，各地交通运输部门加强运力保障。</p>"
        "<p>据介绍，春运前半程全国铁路、公路、水路、民航累计发送旅客较去年同期有所增长。</p>"
    )
    other = (
        "<p>大家都在看：某地旅游市场在春节期间持续火爆，游客人数创下新高，酒店一房难求，景区门票提前售罄。</p>"
        "<p>业内人士表示，冰雪旅游、乡村旅游、红色旅游成为热门选择，夜间消费、文创产品、非遗体验受到追捧。</p>"
    )
    return f"<html><body><{first_tag} class='a'>{article}</{first_tag}><div class='b'>{other}</div></body></html>"


def test_the_block_that_opens_with_the_pages_stated_summary_wins():
    html = _two_stories()
    lead = "新华社北京2月13日电 国务院新闻办公室13日发布消息，全国春运客流平稳有序"
    lines = main_block(page_lines(parse_html(html)), None, lead).lines
    assert lines[0].startswith("新华社北京") and not any("大家都在看" in line for line in lines)
    # a summary that opens no line (a site's slogan) gives no hint
    assert main_block(page_lines(parse_html(html)), None, "扬子扬眼是中国发行量最大的晚报都市报").lines[0].startswith("大家都在看")


def test_a_pages_only_article_element_is_likelier_the_article():
    assert block_text(_two_stories("article")).startswith("新华社北京")
    # teaser cards each in an <article> of their own are no hint
    teasers = _two_stories("article").replace("<div class='b'>", "<article class='b'>").replace("</div></body>", "</article></body>")
    assert block_text(teasers).startswith("大家都在看")


def test_video_player_text_ahead_of_a_one_paragraph_body_is_no_article():
    player = (
        "<div class='video-player'><video src='a.mp4'>您的浏览器不支持video标签，请升级浏览器后观看，或者下载视频文件后使用播放器观看。</video>"
        "<div class='vjs-control-bar'>00:00 / 03:25 播放 暂停 全屏 倍速 1.0x 1.25x 1.5x 2.0x 清晰度 高清 标清</div>"
        "<p>视频说明：本视频由央视新闻客户端提供，未经授权，不得转载、摘编或利用其它方式使用上述作品。</p></div>"
    )
    body = "<p>央视网消息：2月13日，北京冬奥会短道速滑男子500米决赛举行，中国选手发挥出色，为中国代表团再添一枚奖牌。</p>"
    html = f"<html><body><h1>短道速滑男子500米决赛</h1><div class='content_area'>{player}{body}</div></body></html>"
    assert block_text(html).startswith("央视网消息")
    # a <div class='player-info'> is furniture, a <div class='content'> that mentions players is not
    assert "球员" in block_text("<html><body><div class='content'><p>" + "中国队球员在比赛中表现出色，赢得了观众的阵阵掌声，教练赛后表示满意。" * 2 + "</p></div></body></html>")
