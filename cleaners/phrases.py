"""The words and phrases the cleaners recognise noise by, kept as data in one place.

Each list is what one rule matches as whole words; the rule's module says how (anchored,
with a colon, as a prefix…). Order matters where one phrase starts another (责任编辑
before 编辑): the regex takes the first that fits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(phrases: Iterable[str]) -> str:
    """A regex group that matches any of ``phrases`` literally, tried in order."""
    return "(?:" + "|".join(map(re.escape, phrases)) + ")"


def literal_finder(phrases: Iterable[str]) -> re.Pattern[str]:
    """A regex that finds any of ``phrases`` as written: an alternation of plain literals,
    which the regex engine scans for far faster than one with flags or look-arounds, so it
    serves as a quick look before the exact rules.

    The phrases are grouped by their first character (``版(?:权|…)|转(?:载|…)``): where one
    may start, the engine tries that group only, not every phrase. Two phrases that start
    differently never both match at one place, and a group keeps its phrases' order, so
    the phrase found is the one the plain alternation finds.
    """
    groups: dict[str, list[str]] = {}
    for phrase in phrases:
        groups.setdefault(phrase[:1], []).append(phrase[1:])
    return re.compile("|".join(re.escape(first) + alternation(rests) for first, rests in groups.items()))


# Words a site or channel name ends with (patterns.looks_like_site_name).
SITE_NAME_ENDINGS = (
    "网", "论坛", "社区", "报", "新闻", "快讯", "频道", "在线", "政府", "门户", "中心", "发布", "网站", "官网", "电视台",
    "广播电台", "资讯", "头条", "客户端", "平台", "传媒", "之声", "栏目", "要闻", "时讯", "财经", "视点", "观察",
)

# Breadcrumbs: the last link of a trail that ends at the article itself.
BREADCRUMB_ARTICLE_LABELS = ("正文", "正文内容", "内容", "详情", "详细内容", "阅读文章")

# Boilerplate: licence and registration notices of a Chinese site's footer (the ICP
# number has a pattern of its own).
LICENCE_PHRASES = (
    "公网安备", "公安机关备案", "政府网站标识码", "增值电信业务经营许可证", "互联网新闻信息服务许可证",
    "信息网络传播视听节目许可证", "广播电视节目制作经营许可证", "违法和不良信息举报", "互联网举报中心",
)

# Credits: who the line credits, optionally after 本文, 本报….
CREDIT_LABEL_PREFIXES = ("本文", "文中", "本报", "本版")
CREDIT_LABELS = (
    "责任编辑", "值班编辑", "网络编辑", "编辑", "责编", "主编", "美编", "编审", "审核", "审校", "审签", "校对",
    "终审", "初审", "复审", "二审", "三审", "监制", "统筹", "策划", "制图", "图片", "图", "摄影", "摄像", "视频",
    "剪辑", "记者", "通讯员", "作者", "撰稿", "供稿", "文字", "文",
)

# Related lists: a marker is a head and a tail (相关+文章, 推荐+阅读), or a fixed phrase.
RELATED_MARKER_HEADS = (
    "相关", "推荐", "延伸", "热点", "热门", "精彩", "更多", "往期", "最新", "热读", "为你", "猜你", "今日", "编辑",
    "点击", "阅读", "特别", "精品",
)
RELATED_MARKER_TAILS = (
    "文章", "阅读", "新闻", "推荐", "链接", "报道", "内容", "资讯", "专题", "回顾", "排行", "喜欢", "精选", "推送",
    "评论", "信息",
)
RELATED_MARKER_PHRASES = ("猜你喜欢", "看了本文的人还看了", "你可能感兴趣", "你可能还感兴趣", "大家都在看", "新闻推荐", "新闻排行")

# Spam titles: terms that, unlike 电影 or 视频, hardly occur in a news title. Single
# characters such as 色 or 性 are left out because ordinary words contain them.
SPAM_TERMS = (
    "无码", "有码", "毛片", "黄片", "黄色", "欧美", "日韩", "国产精品", "精品国产", "一级", "三级", "成人", "成年",
    "久久", "玉足", "销魂", "色色", "啪啪", "偷拍", "自拍", "伦理", "人妻", "熟女", "少妇", "丝袜",
    "彩票", "博彩", "赌场", "赌博", "娱乐城", "百家乐", "老虎机", "六合彩", "时时彩", "投注", "下注", "赔率",
    "真人视讯", "电子游艺", "捕鱼", "威尼斯人", "葡京", "金沙", "永利", "bet365", "皇冠体育", "开云", "亚博",
    "皇冠游戏", "游戏网址", "娱乐网址", "线上娱乐", "棋牌", "体育投注", "内射", "日批", "h片", "色情", "三级片",
)
# Latin abbreviations among them count only as words of their own: not the av of "java".
SPAM_ABBREVIATIONS = ("av",)

# Paragraph joins: one- and two-character clauses that open a sentence (近日, 他说). After
# a heading they start the body; the fragments a layout cut leaves (果, 锦豪, 团委) are not
# words that open sentences.
SENTENCE_OPENERS = frozenset(
    """近日 近来 近年 最近 目前 今年 去年 明年 今天 昨天 明天 昨日 今日 当日 同日 次日 翌日 日前
    此前 此后 随后 之后 然后 接着 于是 后来 起初 最初 最终 最后 首先 其次 当前 如今 现在 当时
    此时 这时 那时 届时 平时 有时 从前 一次 那天 当天 早上 上午 中午 下午 傍晚 晚上 凌晨 深夜
    同时 此外 另外 其中 对此 为此 因此 所以 但是 可是 只是 然而 不过 而且 并且 其实 当然 确实
    显然 可见 毕竟 尤其 同样 例如 比如 总之 综上 否则 虽然 如果 即使 因为 据悉 据说 原来 本来
    他说 她说 他们 我们 你们 会上 会前 会后 期间 记者 笔者 但 而 并 且 故 因 然 可 又 再""".split()
)

# Metadata: the fields of a government notice's information table (索引号, 主题分类,
# 发文机关…), which some sites print with spaces between the characters (索 引 号).
NOTICE_TABLE_FIELDS = (
    "索引号", "主题分类", "主题词", "发文机关", "发文字号", "发文单位", "成文日期", "发布机构", "公开方式", "公开范围",
    "公开时限", "信息分类", "体裁分类", "组配分类", "服务对象", "有效性", "文号", "所属机构", "生成日期",
)

# Comment boxes: what a line of one says, however the site words the rest.
# Prompts that are never a sentence of news, even with a clause after them
# (暂无评论,快来发表你的评论吧).
COMMENT_BOX_PROMPTS = ("暂无评论", "暂无留言", "我来说两句", "请输入验证码", "发表评论", "我要评论", "我要留言", "快来评论")
COMMENT_BOX_PHRASES = (
    "发表评论", "网友评论", "暂无评论", "查看评论", "全部评论", "最新评论", "热门评论", "我要评论", "评论区", "条评论",
    "发表留言", "我要留言", "网友留言", "留言与评论", "我来说两句", "请输入验证码", "登录后评论", "登录后发表",
    "参与评论", "跟帖",
)

# Tips and paywalls: asking the reader for a tip, or to pay for the rest.
TIP_PHRASES = ("打赏", "赞赏", "喜欢这篇文章", "支持一下作者", "请作者喝")
PAYWALL_PHRASES = (
    "订阅以继续", "订阅后阅读", "登录后阅读", "登录后继续阅读", "付费阅读", "开通会员", "阅读全文", "查看全文",
    "展开全文", "剩余全文",
)

# Forum chrome: what Discuz and its kin print around a post, the same on every forum that
# runs them: member ranks, the user card's counters, the post's buttons and prompts.
FORUM_RANKS = (
    "荣誉会员", "高级会员", "中级会员", "初级会员", "注册会员", "正式会员", "新手上路", "论坛元老", "金牌会员", "银牌会员",
    "超级版主", "版主", "管理员", "禁止发言", "VIP会员",
)
FORUM_CARD_FIELDS = (
    "帖子", "主题", "积分", "精华", "威望", "金钱", "贡献", "注册时间", "最后登录", "在线时间", "UID", "听众", "收听",
    "好友", "回帖", "阅读权限", "铜币", "银币", "金币", "人气",
)
FORUM_BUTTONS = (
    "只看该作者", "只看楼主", "电梯直达", "使用道具", "返回列表", "上一主题", "下一主题", "复制链接", "发消息", "加好友",
    "TA的每日心情", "签到天数", "马上注册", "立即注册", "没有帐号", "没有账号", "才可以下载或查看", "倒序浏览", "阅读模式",
    "回复 引用", "支持 反对", "楼主", "沙发", "板凳", "地板", "发表于", "评分", "论坛网址",
)
