"""The article's lines: the densest block of prose on the page.

Found readability-style, with scores tuned to Chinese: punctuation, not word counts,
marks prose. On the table layouts of Chinese portals trafilatura keeps navigation
tables, reader comments and link lists, and it finds nothing when the body ended up
inside ``<head>``, which ``parse_html`` repairs.

Sections: parsing, the lines of a page, the densest block, the block's lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import lxml.html
from lxml.etree import ParserError


# --- parsing -------------------------------------------------------------------------

# Tags that belong in <head>; anything else found there is page body.
_HEAD_TAGS = frozenset({"title", "meta", "link", "base", "style", "script", "noscript"})


# End tags of the page itself. A browser keeps parsing after them and puts what follows
# into the body (HTML standard, "after body" insertion mode); libxml2 drops it, and with
# it the article of a gazette page that closes </html> in its header.
_PAGE_END_TAGS = re.compile(r"</(?:html|body)\s*>", re.I)


def parse_html(html: str) -> lxml.html.HtmlElement | None:
    """The page's tree as a browser builds it: nothing after a stray </html> is lost, and
    body content that the parser put into <head> is moved back; None when lxml cannot parse it."""
    # lxml rejects str input that carries an XML encoding declaration.
    html = _PAGE_END_TAGS.sub("", re.sub(r"^\s*<\?xml[^>]*>", "", html))
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


@dataclass(frozen=True)
class MainBlock:
    """The article's lines, and where they start in the page's lines (the headline and
    dateline come before ``start``)."""

    lines: list[str]
    start: int


def page_lines(root: lxml.html.HtmlElement) -> list[Line]:
    """The page as lines, as a browser lays it out, page furniture left out."""
    return _LineCollector().collect(root)


def main_block(lines: list[Line], headline: str | None = None, lead: str | None = None) -> MainBlock:
    """The densest block of prose among ``lines``, and the tail that belongs to it.

    ``headline`` is the page's title as found elsewhere; where a line shows it, prose
    above that line counts for less. ``lead`` is the summary the page states
    (``og:description``); the block whose line opens with it is likelier the article.
    """
    return _block_lines(_densest_block(lines, headline, lead), lines)


# --- the lines of a page ---------------------------------------------------------------

_SKIP_TAGS = frozenset(
    {"script", "style", "noscript", "iframe", "select", "textarea", "button", "input",
     "head", "object", "embed", "svg", "map", "option", "video", "audio", "canvas"}
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
# (tuijian 推荐, xgxw 相关新闻, guanggao 广告) and video players' controls and captions.
# Such blocks are left out before scoring.
_UNLIKELY = re.compile(
    r"combx|comment|community|disqus|extra|foot|header|menu|remark|rss|shoutbox|sidebar|sponsor"
    r"|ad-break|agegate|pagination|pager|popup|tweet|twitter|share|related|recommend|copyright"
    r"|breadcrumb|crumb|nav|login|(?<![a-z])search|tuijian|xgxw|guanggao|player",
    re.I,
)
_MAYBE = re.compile(r"and|article|body|column|main|shadow", re.I)


@dataclass
class Line:
    block: lxml.html.HtmlElement
    text: str = ""
    link_chars: int = 0

    @property
    def chars(self) -> int:
        return len(self.text.replace(" ", ""))

    def is_link(self) -> bool:
        """Mostly link text: a menu entry or another article's headline."""
        return self.link_chars * 2 > self.chars


class _LineCollector:
    """The page as lines, each tied to the block element it starts in.

    A line ends at every block boundary and <br>, as a browser lays the page out.
    """

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self._current: Line | None = None

    def collect(self, root: lxml.html.HtmlElement) -> list[Line]:
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
            self._current = Line(block)
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


def _line_score(line: Line) -> float:
    chars = line.chars
    if chars < 20 or line.is_link():
        return 0.0
    return 1 + len(_PROSE_PUNCTUATION.findall(line.text)) + min(chars / 50, 3)


# --- the densest block ----------------------------------------------------------------

# A line scores for its block in full, for the parent by half, the grandparent by a third.
_SCORED_LEVELS = 3


# A short line with a time of day heads an item of a thread: a reader's comment, a reply,
# a post (``【自由づd舞】08-21 12:59``, ``网友 张三 2022-02-11 10:20``, ``3小时前``).
_ITEM_STAMP = re.compile(
    r"(?<!\d)(?:(?:19|20)\d\d\s*[-/.年]\s*)?\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*\d{1,2}:\d\d|\d+\s*(?:分钟|小时)前"
)
_ITEM_HEAD_MAX_CHARS = 60
# A block with this many item heads is a thread, whose prose is readers', not the article's.
_THREAD_MIN_ITEMS = 3
_THREAD_FACTOR = 0.2
# Prose above the headline is a card or teaser of another story: it counts a quarter.
_BEFORE_HEADLINE_FACTOR = 0.25
# The page marks its article: schema.org's articleBody.
_ARTICLE_BODY_FACTOR = 2.0
# The block holding the line that opens with the page's own summary (``og:description``,
# whose first this many characters must match), and a page's only <article>.
_LEAD_CHARS = 16
_LEAD_FACTOR = 2.0
_ONLY_ARTICLE_FACTOR = 2.0


def _is_item_head(line: Line) -> bool:
    return line.chars <= _ITEM_HEAD_MAX_CHARS and _ITEM_STAMP.search(line.text) is not None


def _container(block: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    """The element a line's prose scores for in full: its block, or a paragraph's parent."""
    parent = block.getparent()
    return parent if block.tag in _PARAGRAPH_TAGS and parent is not None else block


def _lead_line(lines: list[Line], lead: str | None) -> Line | None:
    """The line that opens with the page's stated summary, when that is long enough to tell."""
    opening = _WHITESPACE.sub(" ", lead or "").strip()[:_LEAD_CHARS]
    if len(opening) < _LEAD_CHARS:
        return None
    return next((line for line in lines if line.text.startswith(opening)), None)


def _densest_block(lines: list[Line], headline_text: str | None, lead: str | None) -> lxml.html.HtmlElement | None:
    """The block with the most prose, readability-style: the article's container.

    Prose density alone lets a long comment thread or a card of another story outscore a
    short article; the score also weighs where the block stands against the headline,
    whether the page marks it as the article body, and whether it is a thread of items.
    """
    scores: dict[lxml.html.HtmlElement, float] = {}
    chars: dict[lxml.html.HtmlElement, int] = {}
    link_chars: dict[lxml.html.HtmlElement, int] = {}
    item_heads: dict[lxml.html.HtmlElement, int] = {}
    headline = next((index for index, line in enumerate(lines) if line.text == headline_text), 0)
    prose_since_item_head = True
    for index, line in enumerate(lines):
        score = _line_score(line) * (_BEFORE_HEADLINE_FACTOR if index < headline else 1)
        first = 1 if line.block.tag in _PARAGRAPH_TAGS else 0
        # Heads with no prose between them are a list of headlines, not a thread.
        looks_like_item_head = _is_item_head(line)
        is_item_head = looks_like_item_head and prose_since_item_head
        if looks_like_item_head:
            prose_since_item_head = False
        elif score:
            prose_since_item_head = True
        for level, ancestor in enumerate(_ancestors(line.block), start=-first):
            chars[ancestor] = chars.get(ancestor, 0) + line.chars
            link_chars[ancestor] = link_chars.get(ancestor, 0) + line.link_chars
            if is_item_head:
                item_heads[ancestor] = item_heads.get(ancestor, 0) + 1
            if score and 0 <= level < _SCORED_LEVELS:
                scores[ancestor] = scores.get(ancestor, 0.0) + score / (level + 1)
    if not scores:
        return None
    lead_line = _lead_line(lines, lead)
    lead_block = _container(lead_line.block) if lead_line is not None else None
    articles = [element for element in scores if element.tag == "article"]
    weighted = {}
    for element, score in scores.items():
        score *= 1 - link_chars[element] / max(chars[element], 1)
        if item_heads.get(element, 0) >= _THREAD_MIN_ITEMS:
            score *= _THREAD_FACTOR
        if (element.get("itemprop") or "").lower() == "articlebody":
            score *= _ARTICLE_BODY_FACTOR
        if element is lead_block:
            score *= _LEAD_FACTOR
        if articles == [element]:
            score *= _ONLY_ARTICLE_FACTOR
        weighted[element] = score
    return _first_post(max(weighted, key=weighted.get), weighted)


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


# --- the block's lines ------------------------------------------------------------------

# Text after the block that carries links beyond this share is the page's, not the article's.
_TAIL_MAX_LINK_SHARE = 0.02
# How many containers up the tail is followed: a table cell's row, table and outer cell.
_TAIL_LEVELS = 3
# A shorter tail is a footer line (``扫一扫在手机打开当前页``), not part of the article.
_TAIL_MIN_CHARS = 100


def _block_lines(block: lxml.html.HtmlElement | None, lines: list[Line]) -> MainBlock:
    """The block's lines, and what follows it in its containers while that has no links.

    The prose block can stop before the article does: a table of figures after the text
    (no punctuation, so no score) sits in the next cell or row. What precedes the block
    (headline, date line) is never added.
    """
    if block is None:
        return MainBlock([], len(lines))
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
    return MainBlock(_without_repeats([line.text for line in lines[start:end] if not line.is_link()]), start)


# A copied stretch of the block this long is the article printed twice (a print copy);
# shorter repeats are the text's own (two identical captions, a spec table per model).
_COPY_MIN_CHARS = 200


def _without_repeats(lines: list[str]) -> list[str]:
    """The lines without a second copy of the article: a copied stretch of at least
    ``_COPY_MIN_CHARS``, or of everything before it, is dropped; a line is not noise
    because it repeats."""
    first_seen: dict[str, int] = {}
    kept: list[str] = []
    index = 0
    while index < len(lines):
        source = first_seen.get(lines[index])
        if source is not None:
            length = 0
            while (index + length < len(lines) and source + length < index
                   and lines[index + length] == lines[source + length]):
                length += 1
            copied = lines[index : index + length]
            if source == 0 and length == index or sum(map(len, copied)) >= _COPY_MIN_CHARS:
                index += length
                continue
        first_seen.setdefault(lines[index], index)
        kept.append(lines[index])
        index += 1
    return kept
