"""The author of a news page, from the Chinese byline forms that trafilatura does not know.

``记者 刘涛``, ``作者：胡平``, ``(张三 北京报道)``, names alone under the headline; the
page's metadata author is the last resort.
"""

from __future__ import annotations

import re


# The commonest Chinese surnames (over 85% of people). A second or third name in a
# byline must start with one, so that ``记者 刘涛 最新动态`` does not take the heading
# after the name for another name.
_SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
_NAME = r"[\u4e00-\u9fff]{2,4}"
_SURNAMED = rf"[{_SURNAMES}][\u4e00-\u9fff]{{1,3}}"
_NAMES = rf"{_NAME}(?:[ \u3000、,，]+{_SURNAMED})*"
# What may follow a name in a byline: a separator, a closing bracket, 发自 / 报道 / 摄.
_NAME_END = r"(?=[\s\u3000)）\]】,，。;；|/]|发自|报道|摄|$)"
# Bare names need a common surname: a lone heading (``学习目的``) looks the same.
_BARE_NAMES = re.compile(rf"{_SURNAMED}(?:[ \u3000、]+{_SURNAMED}){{0,4}}")
# A line that ends so is a sentence, not the headline a bare byline follows.
_SENTENCE_STOP = "。！？!?；;…"
_PLAIN_NAMES = re.compile(r"[\w ·.;'-]+")
_NOT_AFTER_IDEOGRAPH = r"(?<![\u4e00-\u9fff])"
# Byline forms, the most explicit first; an editor is the author of last resort.
_BYLINES = tuple(
    re.compile(pattern)
    for pattern in (
        rf"{_NOT_AFTER_IDEOGRAPH}(?:作者|执笔人?|撰文|文)\s*[:：/]\s*"
        rf"(?P<names>{_NAMES}|[A-Za-z][\w .&]{{1,30}}?){_NAME_END}",
        # 记者 刘涛 / (记者 格桑边觉) / 本报记者罗科苏盈发自北京, not 记者的脖子 or 记者看东北 |
        rf"记者(?:[ \u3000]+(?P<names>{_NAMES}){_NAME_END}|(?P<name>{_NAME})(?=发自|报道|[)）]))",
        rf"[(（]\s*(?P<names>{_SURNAMED})\s+[\u4e00-\u9fff]{{2,3}}报道\s*[)）]",
        rf"(?:责任编辑|责编|编辑)\s*[:：]\s*(?P<names>{_NAMES}){_NAME_END}",
    )
)


def _split_names(names: str) -> str:
    return " ".join(re.split(r"[ \u3000、,，]+", names.strip()))


def _bare_byline(opening: list[str]) -> str | None:
    """Names alone on the line after the headline (``犬儒病(上)`` / ``胡平``)."""
    for heading, line in zip(opening, opening[1:]):
        if _BARE_NAMES.fullmatch(line) and heading[-1] not in _SENTENCE_STOP:
            return _split_names(line)
    return None


def find_author(body_text: str, opening_lines: list[str], metadata_author: str | None) -> str | None:
    """The byline's names, space-separated; else what the page's metadata says.

    ``body_text`` is the page's visible text on one line; ``opening_lines`` are the
    article block's first lines, where a bare byline stands.
    """
    for byline in _BYLINES:
        match = byline.search(body_text)
        if match:
            groups = match.groupdict()
            return _split_names(groups.get("names") or groups["name"])
    bare = _bare_byline(opening_lines)
    if bare:
        return bare
    # trafilatura's author on Chinese portals is often a widget's text (``■ 该作者文章``).
    if metadata_author and _PLAIN_NAMES.fullmatch(metadata_author):
        return metadata_author
    return None

