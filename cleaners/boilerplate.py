"""Boilerplate: copyright and disclaimer notices, licence numbers, contact and share lines.

Mastheads (``…部主管``, ``…报社主办``), comment boxes (``网友评论``, ``暂无评论``), tip and paywall
prompts (``就送梧桐子支持吧``, ``您已阅读32%``) are short lines that say what they are.

Each is recognised by its own fixed wording (``版权所有``, ``ICP备``, ``分享到``…), never by a
bare word such as 版权 or 相关 that a body sentence also uses. Notices that are full
sentences (``版权声明: …未经书面许可不得转载。``) are recognised by how they open or by the
reprint ban they state; contact and share lines must in addition be short and not a
sentence. An article's own contact line (``联系电话:…`` under a notice) stays; a site
footer's stack of them (``地址:… 电话:… 邮编:…``) goes. ``责任编辑:`` is left to ``credits``.

``hints.footer_markers`` names lines from which on a site's page is footer: that line and
everything after it go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import NO_HINTS, Cleaned, Formatter, Hints, Removal, drop_paragraphs, join_paragraphs, split_paragraphs
from cleaners.phrases import COMMENT_BOX_PHRASES, COMMENT_BOX_PROMPTS, LICENCE_PHRASES, PAYWALL_PHRASES, TIP_PHRASES, alternation, literal_finder

# Notices that open their paragraph, however long it runs.
_NOTICE_OPENING = re.compile(
    r"^(?:©|\([cC]\)\s*(?:19|20)\d\d|copyright|版权所有|本(?:站|网)声明|"
    # 版权声明, 版权及免责声明, 版权宣告 (Taiwan), 特别声明
    r"(?:版权|著作权|免责|法律|特别)\S{0,4}(?:声明|宣告)\s*:?)",
    re.IGNORECASE,
)
# Notices recognised anywhere in a short paragraph. A long one that states a reprint ban
# is more likely a news report about copyright.
_NOTICE = re.compile(
    r"©|copyright|all rights reserved|版权所有(?![人者])|"
    r"未经(?:书面|本站|本网)?(?:授权|许可|同意).{0,12}(?:不得|禁止|严禁|请勿|谢绝)(?:转载|复制|摘编|使用)|"
    r"(?:禁止|严禁|请勿|谢绝)(?:商业)?(?:转载|复制)|转载请注明|如有侵权|如涉及(?:版权|侵权|作品)|请?联系(?:我们)?删除|"
    r"版权归.{1,30}所有|"
    r"(?:版权|著作权|免责|法律|隐私(?:政策)?)声明|"
    r"本站(?:部分)?(?:资源|内容|文章|图片)均?来(?:自|源于)(?:网络|互联网)|"
    # the reprint disclaimer of portals: 凡本网注明“来源:XXX”的作品…并不代表本网赞同其观点
    r"不代表本(?:网|站|平台)|仅代表作者(?:本人|个人)?(?:观点)?|观点仅代表|转载目的在于传递更多信息|"
    r"(?:同|与)本(?:网|站)联系|"
    r"仅提供信息存储服务|"
    r"^(?:powered|produced|designed) by\b|技术支持\s*:",
    re.IGNORECASE,
)

# Licence and registration numbers every Chinese site carries in its footer
# (沪ICP备…号, 京ICP00000008号, 京公网安备…, 政府网站标识码…).
_LICENCE = re.compile(r"ICP\s*[备证\d]|" + alternation(LICENCE_PHRASES))

# A site's own contact lines: tips, advertising, submissions, complaints.
_SITE_CONTACT = re.compile(
    r"^(?:新闻)?爆料|新闻热线|商务合作|广告合作|广告热线|投稿邮箱|投稿信箱|投稿地址|客服电话|"
    r"举报电话|举报邮箱|^联系我们$"
)
# Generic contact fields. A notice gives its own phone number in its body, so a line of
# them is boilerplate only when it stacks several, as a site footer does
# (地址:… 电话:… 邮编:…).
_CONTACT_FIELD = re.compile(r"(?:地址|电话|联系电话|传真|邮箱|电子邮箱|e-?mail|邮编|邮政编码)\s*:", re.IGNORECASE)


# Page tools: share, print, close, "more" buttons and the like.
_PAGE_TOOL = re.compile(
    r"分享到|分享至|一键分享|分享让更多人看到|打印(?:本页|此页|本文|本稿|文章)|关闭(?:本?窗口|视窗|本页)|"
    r"^(?:[•·]\s*)?[\[【]?\s*(?:打\s?印|关\s?闭|收\s?藏)\s*[\]】]?$|[\[【]\s*(?:打\s?印|关\s?闭)|扫一扫|扫描二维码|扫码关注|"
    r"收藏成功|已收藏|取消收藏|字号\s*(?:变|调)?\s*[大小]|^更多\S{0,4}$|"
    r"收藏本(?:页|文)|加入收藏|设为首页|返回顶部|返回首页|我要纠错|我要投稿|推荐给(?:朋友|好友)|给编辑写信|"
    r"^[大中小]字号$|^[【\[]?纠错[】\]]?$|^分享(?:到|至)?\s*:|^(?:查看)?更多\s*[>»]+$|返回\S{1,6},查看更多"
)

# A site's masthead: who supervises and who publishes it (…部主管, …报社主办).
_MASTHEAD = re.compile(r"^\S.{1,30}(?:主管|主办|承办|协办)$|^(?:主管|主办|承办)\s*:")
_COMMENT_BOX = re.compile(alternation(COMMENT_BOX_PHRASES) + r"|(?:评论|留言)\s*\(\s*\d+\s*\)")
_COMMENT_BOX_PROMPT = re.compile(alternation(COMMENT_BOX_PROMPTS))
_TIP = re.compile(alternation(TIP_PHRASES))
_PAYWALL = re.compile(alternation(PAYWALL_PHRASES) + r"|您?已阅读\s*\d+%")
_CLAUSE = re.compile(r"[,、;]")

# A word every rule above needs a paragraph to hold (anchors and look-arounds left out,
# fields without their colon, in lower case), so a text without any has no boilerplate
# line. Wider than the rules, never narrower: it only decides whether the paragraphs are
# looked at.
_MAYBE_BOILERPLATE = literal_finder((
    # notices
    "©", "(c)", "copyright", "all rights reserved", "powered by", "produced by", "designed by", "版权", "未经",
    "转载", "复制", "如有侵权", "声明", "宣告", "如涉及", "删除", "谢绝", "本站", "不代表本", "仅代表作者", "观点仅代表",
    "本网联系", "本站联系", "仅提供信息存储服务", "技术支持",
    # licences
    "icp", *LICENCE_PHRASES, "许可证", "举报",
    # site contact lines and contact fields
    "爆料", "热线", "合作", "投稿", "客服电话", "联系我们", "地址", "电话", "传真", "邮箱", "mail", "邮编", "邮政编码",
    # page tools
    "分享", "打印", "打 印", "关闭", "关 闭", "收藏", "收 藏", "扫一扫", "二维码", "扫码关注", "设为首页", "返回", "纠错",
    "推荐给", "给编辑写信", "字号", "更多",
    # mastheads, comment boxes, tips and paywalls
    "主管", "主办", "承办", "协办", *COMMENT_BOX_PHRASES, *TIP_PHRASES, *PAYWALL_PHRASES, "评论", "留言", "已阅读",
))
# The page tools spaced out by another space than the one the finder holds (打\xa0印).
_SPACED_PAGE_TOOL = re.compile(r"[打关收]\s[印闭藏]")


def _cut_site_footer(text: str, markers: tuple[str, ...]) -> Cleaned:
    markers = tuple(filter(None, markers))
    if not markers:  # most sites name none
        return Cleaned(text)
    paragraphs = split_paragraphs(text)
    # From the second paragraph on: the first is the title, whatever it starts with.
    for index, paragraph in enumerate(paragraphs[1:], start=1):
        if paragraph.startswith(markers):
            footer = tuple(Removal("boilerplate.site_footer", p) for p in paragraphs[index:])
            return Cleaned(join_paragraphs(paragraphs[:index]), footer)
    return Cleaned(text)


@dataclass(frozen=True)
class BoilerplateRemover(Formatter):
    name = "boilerplate"
    # A short paragraph that names a notice is one; a longer one may report on copyright.
    max_notice_line: int = 100
    max_contact_line: int = 120
    max_page_tool_line: int = 40
    max_prompt_line: int = 80
    # Contact fields a line must stack to be a site footer's (地址:… 电话:…).
    min_contact_fields: int = 2

    def judges_paragraphs_alone(self, hints: Hints) -> bool:
        # A site's footer is cut from its marker on, and never from the first paragraph.
        return not any(hints.footer_markers)

    def _rule(self, _index: int, paragraph: str, _paragraphs: list[str]) -> str | None:
        # One quick look decides most paragraphs of a text that holds a rule's word somewhere.
        if not _MAYBE_BOILERPLATE.search(paragraph.lower()) and not (
            len(paragraph) <= self.max_page_tool_line and _SPACED_PAGE_TOOL.search(paragraph)
        ):
            return None
        if _NOTICE_OPENING.match(paragraph) or (
            len(paragraph) <= self.max_notice_line and _NOTICE.search(paragraph)
        ):
            return "boilerplate.copyright"
        # Length and 。 first: they are cheap, and the searches decide nothing without them.
        if len(paragraph) <= self.max_contact_line and _LICENCE.search(paragraph):
            return "boilerplate.licence"
        is_sentence = "。" in paragraph
        if len(paragraph) <= self.max_contact_line and not is_sentence and (
            _SITE_CONTACT.search(paragraph)
            or len(set(_CONTACT_FIELD.findall(paragraph))) >= self.min_contact_fields
        ):
            return "boilerplate.contact"
        if len(paragraph) <= self.max_page_tool_line and not is_sentence and _PAGE_TOOL.search(paragraph):
            return "boilerplate.page_tool"
        if len(paragraph) <= self.max_page_tool_line and not is_sentence and _MASTHEAD.search(paragraph):
            return "boilerplate.masthead"
        # Prompts of the page's own widgets: short, and no clause of a sentence about them
        # (网友评论称,… is a report on comments).
        if len(paragraph) > self.max_prompt_line:
            return None
        if not is_sentence and (
            _COMMENT_BOX_PROMPT.search(paragraph) or (not _CLAUSE.search(paragraph) and _COMMENT_BOX.search(paragraph))
        ):
            return "boilerplate.comment_box"
        # A paywall prompt is a sentence at times (您已阅读32%…,订阅以继续探索完整内容。).
        if (not is_sentence and _TIP.search(paragraph)) or _PAYWALL.search(paragraph):
            return "boilerplate.prompt"
        return None

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        footer = _cut_site_footer(text, hints.footer_markers)
        lines = drop_paragraphs(footer.text, self._rule)
        return Cleaned(lines.text, footer.removed + lines.removed)
