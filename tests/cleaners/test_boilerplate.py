import pytest

from cleaners.base import Hints, join_paragraphs
from cleaners.boilerplate import BoilerplateRemover

remove_boilerplate = BoilerplateRemover()

TITLE = "政企携手共育专精特新“小巨人”"
BODY = "王剑锋强调,企业要充分练好内功,争做行业领跑者,加快实现更好效益更高质量发展。"
# seed 004's closing notice (after t2s)
SEED_NOTICE = (
    "版权声明: 徐州报业传媒集团旗下媒体徐州日报、彭城晚报、都市晨报、中国徐州网所发表之文章与图片,"
    "受《中华人民共和国著作权法》的保护,未经书面许可不得转载。 部分网站的侵权行为,如擅自转载、更改消息来源"
    "以及抄袭等,徐州报业传媒集团及其旗下媒体已经委托有关部门收集相关证据。 本站部分资源来自网络,"
    "如有侵犯您的版权及其他权益,请及时与我们联系,我们将核实情况后进行相关删除!"
)


@pytest.mark.parametrize(
    "line, rule",
    [
        ("©2014-2024 dbsqp.com", "boilerplate.copyright"),  # seed 000
        (SEED_NOTICE, "boilerplate.copyright"),  # seed 004
        ("Copyright © 2005-2024 xzdw.gov.cn All rights reserved", "boilerplate.copyright"),
        ("(c) 2023 上海发布 版权所有", "boilerplate.copyright"),
        ("中国徐州网 版权所有", "boilerplate.copyright"),
        ("未经授权禁止转载", "boilerplate.copyright"),
        ("本文为原创稿件,转载请注明出处", "boilerplate.copyright"),
        ("免责声明:本文仅代表作者个人观点,与本站无关。", "boilerplate.copyright"),
        ("沪ICP备12345678号-1", "boilerplate.licence"),
        ("京公网安备 11010502030001号", "boilerplate.licence"),
        ("互联网新闻信息服务许可证:32120170003", "boilerplate.licence"),
        ("新闻爆料:0516-82345678  商务合作:0516-85792397 13775881757", "boilerplate.contact"),  # seed 004
        ("投稿邮箱:news@example.com", "boilerplate.contact"),
        ("地址:徐州市建国西路1号 电话:0516-83746000 邮编:221000", "boilerplate.contact"),
        ("联系我们", "boilerplate.contact"),
        ("分享到:微信 微博 QQ空间", "boilerplate.page_tool"),
        ("打印本页 关闭窗口", "boilerplate.page_tool"),
        ("【打印】【关闭】", "boilerplate.page_tool"),
        ("扫一扫在手机打开当前页", "boilerplate.page_tool"),
        ("【打印本稿】", "boilerplate.page_tool"),
        ("[打印]", "boilerplate.page_tool"),
        ("[ 回复本贴 ] [ 跟从标题 ] [ 关闭本窗口 ] [ 刷新 ]", "boilerplate.page_tool"),
        ("小字号", "boilerplate.page_tool"),
        ("*经营许可证编号:京ICP00000008号", "boilerplate.licence"),
        ("联系电话:0478-8655532 政府网站标识码:1508000002 公安机关备案号:15081599004-00001", "boilerplate.licence"),
        ("雅虎中国著作权声明", "boilerplate.copyright"),
        ("原创版权禁止商业转载 授权>>", "boilerplate.copyright"),
        (
            "② 凡本网注明“来源:XXX(非振兴东北网)”的作品,均转载自其它媒体,转载目的在于传递更多信息,"
            "并不代表本网赞同其观点和对其真实性负责。",
            "boilerplate.copyright",
        ),
        ("Produced By 大汉网络 大汉版通发布系统", "boilerplate.copyright"),
        (
            "声明:本文由入驻搜狐号的作者撰写,除搜狐官方账号外,观点仅代表作者本人,不代表搜狐立场。",
            "boilerplate.copyright",
        ),
        ("特别声明:以上内容为自媒体平台“网易号”用户上传并发布,本平台仅提供信息存储服务。", "boilerplate.copyright"),
        ("【纠错】", "boilerplate.page_tool"),
        ("分享:", "boilerplate.page_tool"),
        ("更多>>", "boilerplate.page_tool"),
        ("返回搜狐,查看更多", "boilerplate.page_tool"),
    ],
)
def test_boilerplate_line_goes(line, rule):
    result = remove_boilerplate(join_paragraphs([TITLE, BODY, line]))
    assert result.text == join_paragraphs([TITLE, BODY])
    assert [(r.rule, r.text) for r in result.removed] == [(rule, line)]


@pytest.mark.parametrize(
    "line",
    [
        "加强知识产权保护,完善版权相关制度。",
        "相关部门要认真研究吸纳大家的意见建议,精准对接企业的个性化需求。",
        "市民只需用手机扫一扫二维码,即可在线办理公积金提取业务,全程无需跑腿。",
        "据介绍,该平台开通了服务热线和网上咨询渠道,企业诉求24小时内响应,办结率达98%以上,"
        "联系电话等信息已在市政府网站公布,欢迎广大市民和企业监督。",
        "法院审理认为,被告在其运营的网站上大量转载原告享有著作权的新闻作品,虽然原告网站页面标注了"
        "“未经书面许可不得转载”的声明,被告仍未取得许可,其行为构成侵权,判决被告赔偿经济损失及合理开支共计"
        "十二万元,并在其网站首页显著位置连续七日刊登声明、消除影响。",
        "版权产业增加值占GDP比重稳步提高",
        # a notice's own contact lines
        "联系电话:021-12345678",
        "会务组负责人联系方式:",
        "传真:022-23500216",
        "打印机产能提升三成",
        "关闭落后产能是这次改革的重点。",
        "外交部发言人表示,有关言论不代表中国政府立场。",
        "更多精彩内容请见明日专版",
        "该超市未取得食品经营许可证擅自开业",
        "市民可通过网络举报平台反映问题",
    ],
)
def test_body_that_mentions_the_words_survives(line):
    text = join_paragraphs([TITLE, line, BODY])
    assert remove_boilerplate(text).text == text


def test_site_footer_marker_cuts_the_rest():
    hints = Hints(footer_markers=("关于我们",))
    text = join_paragraphs([TITLE, BODY, "关于我们 | 网站地图 | 联系我们", "主办单位:徐州日报社"])
    result = remove_boilerplate(text, hints)
    assert result.text == join_paragraphs([TITLE, BODY])
    assert [r.rule for r in result.removed] == ["boilerplate.site_footer"] * 2


def test_footer_marker_never_takes_the_title():
    text = join_paragraphs(["关于我们的城市", BODY])
    assert remove_boilerplate(text, Hints(footer_markers=("关于我们",))).text == text


# Issue #8: footers, comment boxes, tips and paywalls worded as the dev set's sites word them.
@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("中华人民共和国住房和城乡建设部主管", "boilerplate.masthead"),  # 047
        ("中国建设报社主办", "boilerplate.masthead"),
        ("留言与评论(共有 0 条评论)", "boilerplate.comment_box"),  # 017
        ("网友评论", "boilerplate.comment_box"),
        ("如果您喜欢这篇文章,就送梧桐子支持吧!", "boilerplate.prompt"),  # 057
        ("您已阅读32%(351字),剩余68%(760字)包含更多重要信息,订阅以继续探索完整内容。", "boilerplate.prompt"),  # 040
        ("如涉及版权问题请联系删除", "boilerplate.copyright"),  # 039
        ("本原创内容版权归掌中九江(16691.cn)所有,未经书面授权谢绝转载。", "boilerplate.copyright"),  # 032
        ("版权宣告:本文源自 网路, 于,由 楠木轩 整理释出,共 546 字。", "boilerplate.copyright"),  # 042
        ("• 打印", "boilerplate.page_tool"),  # 003
    ],
)
def test_issue_8_footer_and_prompt_lines_go(line, rule):
    result = BoilerplateRemover()(join_paragraphs([TITLE, line, BODY]))
    assert [(r.rule, r.text) for r in result.removed] == [(rule, line)]


@pytest.mark.parametrize(
    "line",
    [
        "本次活动由市政府主办,市商务局承办。",
        "网友评论称,这一政策切实减轻了企业负担",
        "他表示,喜欢这篇文章的读者可以关注后续报道。",
        "该报告全文阅读量超过十万次。",
    ],
)
def test_body_sentences_about_hosts_comments_and_reading_stay(line):
    text = join_paragraphs([TITLE, line, BODY])
    assert BoilerplateRemover()(text).text == text
