"""Main text and metadata of a news page.

The text is the densest block of prose, found readability-style with scores tuned to
Chinese (punctuation, not word counts, marks prose): on the table layouts of Chinese
portals trafilatura keeps navigation tables, reader comments and link lists, and it
finds nothing when the body ended up inside ``<head>``. trafilatura remains the fallback
when that block is weak (short, or not Chinese), and it supplies the metadata, to which
the Chinese date and byline forms that it does not know are added here.

Sections: parsing, the lines of a page, the densest block, text, date, title, author.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
import trafilatura
from trafilatura.settings import set_date_params
from lxml.etree import ParserError

from cleaners.base import cjk_share
from cleaners.dates import date_in_url, dates_in_text, labelled_date, parse_date


@dataclass(frozen=True)
class Extracted:
    """What a page holds: ``text`` is the body, one paragraph per line, without the headline."""

    text: str
    title: str | None = None
    published: str | None = None
    author: str | None = None
    sitename: str | None = None
    canonical_url: str | None = None


# --- parsing -------------------------------------------------------------------------

# Tags that belong in <head>; anything else found there is page body.
_HEAD_TAGS = frozenset({"title", "meta", "link", "base", "style", "script", "noscript"})


def _parse(html: str) -> lxml.html.HtmlElement | None:
    # lxml rejects str input that carries an XML encoding declaration.
    html = re.sub(r"^\s*<\?xml[^>]*>", "", html)
    try:
        root = lxml.html.document_fromstring(html)
    except (ParserError, ValueError):
        return None
    _repair_body(root)
    return root


def _repair_body(root: lxml.html.HtmlElement) -> None:
    """Move body content that the parser put into <head> back into a <body>.

    A ``<script>`` before ``<html>`` opens an implicit head, and libxml2 then keeps
    unknown tags (``<sohu_cms_include:…>``) and everything after them inside it; the
    page ends up with no body at all and trafilatura finds nothing.
    """
    if root.find("body") is not None:
        return
    head = root.find("head")
    body = lxml.html.Element("body")
    if head is not None:
        for child in list(head):
            if isinstance(child.tag, str) and child.tag not in _HEAD_TAGS:
                body.append(child)
    root.append(body)


# --- the text-density block ---------------------------------------------------------------

_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "iframe", "select", "textarea", "button", "input",
     "head", "object", "embed", "svg", "map", "option"}
)
_BLOCK_TAGS = frozenset(
    {"p", "div", "td", "th", "tr", "table", "tbody", "thead", "tfoot", "li", "ul", "ol", "dl",
     "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "main", "header",
     "footer", "nav", "aside", "blockquote", "pre", "center", "form", "body", "address",
     "figure", "figcaption", "caption", "fieldset"}
)
_LINE_BREAK_TAGS = frozenset({"br", "hr"})
# Blocks that hold one paragraph: their text scores for the container around them.
_PARAGRAPH_TAGS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "dt", "pre", "blockquote"})
# Punctuation that marks running prose rather than menus, lists of headlines or credits.
_PROSE_PUNCTUATION = re.compile(r"[，。！？；：、“”,]")
_WHITESPACE = re.compile(r"\s+")
# Readability's class/id test for page furniture, with the names Chinese sites use
# (tuijian 推荐, xgxw 相关新闻, guanggao 广告). Such blocks are left out before scoring.
_UNLIKELY = re.compile(
    r"combx|comment|community|disqus|extra|foot|header|menu|remark|rss|shoutbox|sidebar|sponsor"
    r"|ad-break|agegate|pagination|pager|popup|tweet|twitter|share|related|recommend|copyright"
    r"|breadcrumb|crumb|nav|login|(?<![a-z])search|tuijian|xgxw|guanggao",
    re.I,
)
_MAYBE = re.compile(r"and|article|body|column|main|shadow", re.I)


@dataclass
class _Line:
    block: lxml.html.HtmlElement
    text: str = ""
    link_chars: int = 0

    @property
    def chars(self) -> int:
        return len(self.text.replace(" ", ""))


class _LineCollector:
    """The page as lines, each tied to the block element it starts in.

    A line ends at every block boundary and <br>, as a browser lays the page out.
    """

    def __init__(self) -> None:
        self.lines: list[_Line] = []
        self._current: _Line | None = None

    def collect(self, root: lxml.html.HtmlElement) -> list[_Line]:
        self._walk(root, root, in_link=False)
        self._break()
        return self.lines

    def _break(self) -> None:
        if self._current is not None and self._current.text.strip():
            self._current.text = _WHITESPACE.sub(" ", self._current.text).strip()
            self.lines.append(self._current)
        self._current = None

    def _add(self, text: str | None, block: lxml.html.HtmlElement, in_link: bool) -> None:
        if not text:
            return
        if self._current is None:
            self._current = _Line(block)
        self._current.text += text
        if in_link:
            self._current.link_chars += len(text.strip())

    def _walk(self, element: lxml.html.HtmlElement, block: lxml.html.HtmlElement, in_link: bool) -> None:
        tag = element.tag if isinstance(element.tag, str) else None
        if tag in _LINE_BREAK_TAGS:
            self._break()
        elif tag is not None and tag not in _SKIP_TAGS and not _is_furniture(element):
            is_block = tag in _BLOCK_TAGS
            if is_block:
                self._break()
            inner_block = element if is_block else block
            inner_link = in_link or tag == "a"
            self._add(element.text, inner_block, inner_link)
            for child in element:
                self._walk(child, inner_block, inner_link)
            if is_block:
                self._break()
        self._add(element.tail, block, in_link)


def _is_furniture(element: lxml.html.HtmlElement) -> bool:
    names = f"{element.get('class', '')} {element.get('id', '')}"
    return bool(names.strip()) and bool(_UNLIKELY.search(names)) and not _MAYBE.search(names)


def _line_score(line: _Line) -> float:
    chars = line.chars
    if chars < 20 or line.link_chars * 2 > chars:
        return 0.0
    return 1 + len(_PROSE_PUNCTUATION.findall(line.text)) + min(chars / 50, 3)


# A line scores for its block in full, for the parent by half, the grandparent by a third.
_SCORED_LEVELS = 3


def _densest_block(lines: list[_Line]) -> lxml.html.HtmlElement | None:
    """The block with the most prose, readability-style: the article's container."""
    scores: dict[lxml.html.HtmlElement, float] = {}
    chars: dict[lxml.html.HtmlElement, int] = {}
    link_chars: dict[lxml.html.HtmlElement, int] = {}
    for line in lines:
        score = _line_score(line)
        first = 1 if line.block.tag in _PARAGRAPH_TAGS else 0
        for level, ancestor in enumerate(_ancestors(line.block), start=-first):
            chars[ancestor] = chars.get(ancestor, 0) + line.chars
            link_chars[ancestor] = link_chars.get(ancestor, 0) + line.link_chars
            if score and 0 <= level < _SCORED_LEVELS:
                scores[ancestor] = scores.get(ancestor, 0.0) + score / (level + 1)
    if not scores:
        return None
    weighted = {el: score * (1 - link_chars[el] / max(chars[el], 1)) for el, score in scores.items()}
    return _first_post(max(weighted, key=weighted.get), weighted)


# Text after the block that carries links beyond this share is the page's, not the article's.
_TAIL_MAX_LINK_SHARE = 0.02
# How many containers up the tail is followed: a table cell's row, table and outer cell.
_TAIL_LEVELS = 3
# A shorter tail is a footer line (``扫一扫在手机打开当前页``), not part of the article.
_TAIL_MIN_CHARS = 100


def _block_lines(block: lxml.html.HtmlElement | None, lines: list[_Line]) -> list[str]:
    """The block's lines, and what follows it in its containers while that has no links.

    The prose block can stop before the article does: a table of figures after the text
    (no punctuation, so no score) sits in the next cell or row. What precedes the block
    (headline, date line) is never added.
    """
    if block is None:
        return []
    inside = set(block.iter())
    start = next(i for i, line in enumerate(lines) if line.block in inside)
    end = max(i for i, line in enumerate(lines) if line.block in inside) + 1
    for container in list(_ancestors(block.getparent()))[:_TAIL_LEVELS]:
        if container.tag in ("body", "html"):
            break
        within = set(container.iter())
        stop = end
        while stop < len(lines) and lines[stop].block in within:
            stop += 1
        tail = lines[end:stop]
        tail_chars = sum(line.chars for line in tail)
        if sum(line.link_chars for line in tail) > _TAIL_MAX_LINK_SHARE * tail_chars:
            break
        if tail_chars >= _TAIL_MIN_CHARS:
            end = stop
    return _without_repeats(
        line.text for line in lines[start:end] if line.link_chars * 2 <= line.chars
    )


# Lines shorter than this may repeat legitimately (``同上`` in a table).
_REPEAT_MIN_CHARS = 20


def _without_repeats(lines) -> list[str]:
    """Lines without second copies: some pages hold the article twice (a print copy)."""
    seen: set[str] = set()
    kept = []
    for line in lines:
        if len(line) >= _REPEAT_MIN_CHARS:
            if line in seen:
                continue
            seen.add(line)
        kept.append(line)
    return kept


# A twin of the best block scoring this much holds a few sentences: another post.
_TWIN_MIN_SCORE = 10


def _first_post(best: lxml.html.HtmlElement, weighted: dict) -> lxml.html.HtmlElement:
    """The best block, or on a thread or blog archive the opening post.

    Posts repeat one markup (``<td class="post-body">``): when the best block, or a block
    around it, has twins that hold prose too, the first of them is the thread's article
    and the rest are replies or older entries, which a news corpus does not want.
    """
    for block in _ancestors(best):
        if not block.get("class"):
            continue
        signature = (block.tag, block.get("class"))
        around = set(_ancestors(block))
        twins = [
            el for el, score in weighted.items()
            if (el.tag, el.get("class")) == signature and score >= _TWIN_MIN_SCORE
            and el not in around and block not in set(_ancestors(el))
        ]
        if twins:
            order = {el: index for index, el in enumerate(best.getroottree().iter())}
            first = min(twins, key=order.__getitem__)
            return first if order[first] < order[block] else best
    return best


def _ancestors(element: lxml.html.HtmlElement | None):
    while element is not None:
        yield element
        element = element.getparent()


# --- text, date, title, author ---------------------------------------------------------


# htmldate's extensive search settles for a copyright year (``2006-01-01``); the Chinese
# patterns in cleaners.dates search the text instead.
_DATE_PARAMS = set_date_params(extensive=False)

# Below this many characters, or this share of ideographs, the block is no article
# (an error page, an English page) and trafilatura's extraction is asked instead.
_MIN_BLOCK_CHARS = 100
_MIN_BLOCK_CJK = 0.3


def _is_weak(text: str) -> bool:
    return len(text) < _MIN_BLOCK_CHARS or cjk_share(text) < _MIN_BLOCK_CJK


def _trafilatura_text(root: lxml.html.HtmlElement, url: str | None) -> str:
    document = trafilatura.bare_extraction(root, url=url, include_comments=False, favor_precision=True)
    return (document.text or "") if document is not None else ""


def _main_text(root: lxml.html.HtmlElement, block_text: str, url: str | None) -> str:
    """The densest block's text; trafilatura's when the block is weak and it finds more."""
    if _is_weak(block_text):
        fallback = _trafilatura_text(root, url)
        if len(fallback) > len(block_text):
            return fallback
    return block_text


def _body_text(root: lxml.html.HtmlElement) -> str:
    """The page's visible text on one line: metadata lines lie outside the article block."""
    texts = root.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")
    return _WHITESPACE.sub(" ", " ".join(texts))


def _published(body_text: str, url: str | None, metadata_date: str | None) -> str | None:
    """The publication date, from the most to the least telling source.

    A labelled date (``发布时间:``) and a date in the URL name the article itself; a
    date with a time of day is a metadata line; htmldate comes after them because on
    old portals it settles for the copyright year (``2006-01-01``).
    """
    in_text = dates_in_text(body_text)
    with_time = next((iso for iso in in_text if len(iso) > 10), None)
    candidates = (labelled_date(body_text), date_in_url(url), with_time, parse_date(metadata_date or ""), *in_text[:1])
    return next((iso for iso in candidates if iso), None)


# Separators between a headline and the site or channel names in a page <title>.
_TITLE_SEPARATOR = re.compile(r"\s*(?:__?|-{1,2}|\||｜|—|–|::|>>|»)\s*")
_HEADINGS = "//h1 | //h2 | //h3 | //*[contains(@class, 'title')] | //*[contains(@id, 'title')]"


def _title(root: lxml.html.HtmlElement, metadata_title: str | None) -> str | None:
    """The headline: the page <title> cut before its site suffix where a heading confirms it.

    ``四年前中500万现穷困潦倒…__商贸_产业资讯_新浪网`` becomes the headline when the page
    shows it in a heading.
    """
    page_title = _WHITESPACE.sub(" ", root.findtext(".//title") or "").strip()
    headings = {_WHITESPACE.sub(" ", h.text_content()).strip() for h in root.xpath(_HEADINGS)}
    cuts = [len(page_title)] + [sep.start() for sep in reversed(list(_TITLE_SEPARATOR.finditer(page_title)))]
    for cut in cuts:
        if page_title[:cut] in headings:
            return page_title[:cut]
    # trafilatura prefers <h1>, which on blogs and forums is the site's name (``李建忠``);
    # a metadata title that the page <title> does not contain is such a name.
    if metadata_title and (not page_title or metadata_title in page_title):
        return metadata_title
    return page_title or metadata_title or None


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


# How far into the article block a headline or a bare byline is looked for.
_OPENING_LINES = 4
# A shorter line that starts the title is a word, not the headline.
_MIN_HEADLINE_CHARS = 6


def _split_names(names: str) -> str:
    return " ".join(re.split(r"[ \u3000、,，]+", names.strip()))


def _bare_byline(opening: list[str]) -> str | None:
    """Names alone on the line after the headline (``犬儒病(上)`` / ``胡平``)."""
    for heading, line in zip(opening, opening[1:]):
        if _BARE_NAMES.fullmatch(line) and heading[-1] not in _SENTENCE_STOP:
            return _split_names(line)
    return None


def _author(body_text: str, opening: list[str], metadata_author: str | None) -> str | None:
    """The byline's names, space-separated; else what the page's metadata says.

    ``opening`` is the article block's first lines, where a bare byline stands.
    """
    for byline in _BYLINES:
        match = byline.search(body_text)
        if match:
            groups = match.groupdict()
            return _split_names(groups.get("names") or groups["name"])
    bare = _bare_byline(opening)
    if bare:
        return bare
    # trafilatura's author on Chinese portals is often a widget's text (``■ 该作者文章``).
    if metadata_author and _PLAIN_NAMES.fullmatch(metadata_author):
        return metadata_author
    return None


def _without_headline(lines: list[str], title: str | None) -> list[str]:
    """The block's lines from the first one after the headline, when the block shows it.

    ``text`` holds the body only; a headline inside the block is the title's head
    (``娱乐圈受黑社会控制？…`` of ``娱乐圈受黑社会控制？…-雅虎新闻``).
    """
    if not title:
        return lines
    for index, line in enumerate(lines[:_OPENING_LINES]):
        if len(line) >= _MIN_HEADLINE_CHARS and title.startswith(line):
            return lines[index + 1 :]
    return lines


def extract(html: str, url: str | None = None) -> Extracted:
    """The main text and metadata of an HTML page (already decoded to ``str``)."""
    root = _parse(html)
    if root is None:
        return Extracted(text="")
    lines = _LineCollector().collect(root)
    block = _densest_block(lines)
    metadata = trafilatura.extract_metadata(root, default_url=url, date_config=_DATE_PARAMS)
    title = _title(root, metadata.title)
    block_lines = _block_lines(block, lines)
    text = _main_text(root, "\n".join(_without_headline(block_lines, title)), url)
    body_text = _body_text(root)
    return Extracted(
        text=text,
        title=title,
        published=_published(body_text, url, metadata.date),
        author=_author(body_text, block_lines[:_OPENING_LINES], metadata.author),
        sitename=metadata.sitename,
        canonical_url=metadata.url or url,
    )
