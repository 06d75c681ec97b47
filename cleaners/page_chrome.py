"""Page chrome judged by its shape, not its wording: what carries to sites never seen.

Every site words its navigation, buttons and banners differently, but they share shapes
that article text does not have:

- ``chrome.no_hanzi``: a short line without a single hanzi (``ZKX's LAB``, ``qrcode``,
  ``A- A+``, ``![]()``) in a Chinese article;
- ``chrome.symbols``: a line of nothing but symbols (``•``, ``×``, ``“”``);
- ``chrome.link_row``: a row of short items joined by separators (``指南 | 动态 | 查分 |``,
  ``察哈| 清丰县| 曲周县|…``, ``[ 列印文章 ] [ 推荐朋友 ]``), or a short line hanging off a
  separator (``| 站内搜索:``);
- ``chrome.nav_words``: a row of many one- to four-character words (``首页 新闻 国内 聚焦``)
  outside the body (between body paragraphs, such a row is a table's header);
- ``chrome.emoji``: a short line that opens with a pictograph (``📢 读好文还能抽奖``);
- ``chrome.ui_counter``: a short line around an emptied icon (``已获得0个“”``);
- ``chrome.aside``: a short line wholly in brackets (``(相关资料图)``), not a date;
- ``chrome.image``: an image's file name (``县长调研.jpg``);
- ``chrome.links``: a line that is mostly URLs;
- ``chrome.edge``: a short line that is no sentence, above the headline or below the last
  paragraph of body (``收藏成功``, ``随机阅读``, ``访问手机版``, a site's name): the article is
  framed by body paragraphs, and what hangs outside them is the page's.

``InlineJunkRemover`` takes, wherever they sit, HTML tags left in the text
(``<tr id="yyy80"></tr>``, ``?/P>``), image placeholders (``![]()``), paywall counters
(``(剩余414字)``), spam sites' links injected into a hacked page (``球盟会登入口网页版``)
and the random anti-copy strings Discuz inserts into posts
(``& K0 x& ^! M9 P2``): they break up the lines the wording rules read, so it runs
before them; ``PageChromeRemover`` runs after them, so that what they recognise (a
byline, a date) is found before a shape rule takes its line.

A body subheading (``一、总体要求``) sits between body paragraphs, so the edge rule never
sees it; a body sentence ends with a sentence mark or runs long, so no rule here takes it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from cleaners.base import NO_HINTS, Cleaned, Formatter, Hints, Removal, join_paragraphs, split_paragraphs
from cleaners.patterns import has_hanzi, looks_like_site_name
from cleaners.vocabulary import CJK, DATE, HANZI, SENTENCE_MARKS, TITLE_SEPARATOR

# Image placeholders of pages turned into text (``![]()``, ``![alt](https://…)``) and the
# "(剩余414字)" counters of paywalled pages.
_IMAGE_PLACEHOLDER = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_REMAINING = re.compile(r"[(（]\s*剩余\s*\d+\s*字\s*[)）]")
# A spam site's link injected into a hacked page's text (球盟会登入口网页版).
_SPAM_LINK = re.compile(f"[{HANZI}]{{2,6}}(?:入口|官网)(?:网页版|手机版|app|APP|下载)")
# Tags and their broken remains (``?/P>`` where ``</P>`` lost its ``<`` to a misread byte).
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>\n]*)?/?>|\?*/[a-zA-Z]{1,6}>")
# Discuz anti-copy strings: four or more tokens of one to three printable ASCII
# characters, space separated; a third of the tokens or more hold a symbol, which runs of
# words, codes and numbers do not.
_ANTI_COPY = re.compile(r"(?<![\x21-\x7e])[\x21-\x7e]{1,3}(?: [\x21-\x7e]{1,3}){3,}(?![\x21-\x7e])")
# Four tokens hold two spaced between ASCII: a search that starts with a character class
# runs far faster than _ANTI_COPY's, which tries its look-behind at every character.
_MAYBE_ANTI_COPY = re.compile(r"[\x21-\x7e] [\x21-\x7e]{1,3} [\x21-\x7e]")
_SYMBOL = re.compile(r"[^\w\s]")
_ROW_SEPARATOR = re.compile(r"\s*[|>»]\s*|\s*[\]】]\s*[\[【]\s*")
_ROW_CHARACTER = re.compile(r"[|>»\]】]")
_HANGING_SEPARATOR = re.compile(r"^[|>»]|[|>»]$")
_WORD_ROW_TOKEN = re.compile(rf"[{HANZI}\w+]{{1,4}}")
# Pictographs and dingbats: emoji, ✅, ☎, ★.
_PICTOGRAPH = re.compile("^[\u2600-\u27bf\U0001f000-\U0001faff]")
_EMPTIED_ICON = re.compile(r"“”|\"\"|\(\)|\[\]")
_SENTENCE_MARK = re.compile(f"[{SENTENCE_MARKS}]")
# Prose: a sentence mark, or a clause mark between words (the cut-off end of a page's
# last paragraph has no sentence mark yet).
_PROSE_MARK = re.compile(f"[{SENTENCE_MARKS}]|[{HANZI}][,、]|[,、][{HANZI}]")
# A short line wholly in brackets: a caption stub or a note (相关资料图), not a sentence.
_URL = re.compile(r"https?://[\w./%?&=#~+-]+")
_OPENING_BRACKETS = "(（[【"
_ASIDE = re.compile(r"[(（\[【][^()（）\[\]【】]+[)）\]】]")
_IMAGE_FILE = re.compile(r"\S{1,60}\.(?:jpe?g|png|gif|webp|bmp)", re.IGNORECASE)
_BARE_NAME = re.compile(f"[{HANZI}]{{2,3}}")
_LATIN_LETTER = re.compile("[A-Za-z]")
_LETTER_OR_DIGIT = re.compile(r"[^\W_]")


def _row_separators(line: str) -> int:
    # Each separator holds a row character; the regex, which opens with a space, is tried
    # at every character of a line that has none.
    return len(_ROW_SEPARATOR.findall(line)) if _ROW_CHARACTER.search(line) else 0


def _is_signature(paragraphs: list[str], index: int) -> bool:
    """A date line, or the line just above one (吉林省人民政府 / 2022年1月27日)."""
    following = paragraphs[index + 1 : index + 2]
    return any(DATE.fullmatch(p.strip()) for p in [paragraphs[index], *following])


def _is_anti_copy(run: str) -> bool:
    tokens = run.split(" ")
    with_symbol = sum(1 for token in tokens if _SYMBOL.search(token))
    return with_symbol >= 2 and with_symbol * 3 >= len(tokens) and any(c.isalpha() for c in run)


@dataclass(frozen=True)
class InlineJunkRemover(Formatter):
    name = "inline_junk"

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        removed: list[Removal] = []

        def drop(rule: str) -> Callable[[re.Match[str]], str]:
            def replace(match: re.Match[str]) -> str:
                removed.append(Removal(rule, match.group()))
                return ""

            return replace

        def anti_copy(match: re.Match[str]) -> str:
            if not _is_anti_copy(match.group()):
                return match.group()
            removed.append(Removal("chrome.anti_copy", match.group()))
            return " "

        # Every tag, whole or broken, ends with ">" after a "<" or a "/": a breadcrumb's ">" alone
        # spares the text the regex, whose second branch is tried at every character.
        has_tag = ">" in text and ("<" in text or "/" in text)
        stripped = _HTML_TAG.sub(drop("chrome.html"), text) if has_tag else text
        if "](" in stripped:
            stripped = _IMAGE_PLACEHOLDER.sub(drop("chrome.image"), stripped)
        if "剩余" in stripped:
            stripped = _REMAINING.sub(drop("chrome.paywall"), stripped)
        if "入口" in stripped or "官网" in stripped:
            stripped = _SPAM_LINK.sub(drop("chrome.spam_link"), stripped)
        if _MAYBE_ANTI_COPY.search(stripped):
            stripped = _ANTI_COPY.sub(anti_copy, stripped)
        if not removed:
            return Cleaned(text)
        # What is left of a line may be blank or carry doubled spaces.
        return Cleaned("\n\n".join(" ".join(p.split()) for p in split_paragraphs(stripped)), tuple(removed))


@dataclass(frozen=True)
class PageChromeRemover(Formatter):
    name = "chrome"
    max_no_hanzi_words: int = 3
    # A separator row has at least this many items, each this short on average.
    min_row_items: int = 3
    max_row_item: float = 8.0
    max_hanging_line: int = 30
    min_nav_words: int = 6
    min_short_word_share: float = 0.8
    max_emoji_line: int = 40
    max_counter_line: int = 30
    max_aside_line: int = 10
    # A body paragraph: this many hanzi with a sentence mark, or this many without one
    # (the last paragraph of a page cut off in mid-sentence).
    min_body_hanzi: int = 15
    min_unended_body_hanzi: int = 40
    # A headline has at least this many hanzi; an edge line at most this many characters.
    min_headline_hanzi: int = 6
    max_edge_line: int = 30
    max_tail_lines: int = 8

    def _line_rule(self, line: str, inside_body: bool, extracted: bool) -> str | None:
        if len(line) <= self.max_emoji_line and _PICTOGRAPH.match(line):
            return "chrome.emoji"
        if _SENTENCE_MARK.search(line):
            return None
        if not CJK.search(line):
            # Between the body paragraphs of the block an extractor chose, a line without
            # hanzi is the article's: a figure drawn in box characters, a list of English
            # song titles. A text file holds the whole page, buttons between paragraphs too.
            if inside_body and extracted:
                return None
            if not _LETTER_OR_DIGIT.search(line):
                return "chrome.symbols"
            # A label or a button (qrcode, A- A+, SCMP Editorial); a longer English line may
            # be a quoted title, and a line of figures a row of a table.
            if _LATIN_LETTER.search(line) and len(line.split()) <= self.max_no_hanzi_words:
                return "chrome.no_hanzi"
            return None
        if _ROW_CHARACTER.search(line):
            items = [item for item in _ROW_SEPARATOR.split(line) if item.strip("[]【】 ")]
            if len(items) >= self.min_row_items and sum(map(len, items)) / len(items) <= self.max_row_item:
                return "chrome.link_row"
            if len(line) <= self.max_hanging_line and _HANGING_SEPARATOR.search(line):
                return "chrome.link_row"
        # Each test below is guarded by a check on a character it needs: most lines that get
        # this far are short lines of body (list items, table cells) and fail them all.
        if line[0] in _OPENING_BRACKETS and len(line) <= self.max_aside_line and _ASIDE.fullmatch(line):
            if not DATE.search(line):
                return "chrome.aside"
        if "." in line and _IMAGE_FILE.fullmatch(line):
            return "chrome.image"
        if "://" in line and sum(map(len, _URL.findall(line))) * 2 >= len(line):
            return "chrome.links"
        # Between body paragraphs a row of short words is a table's header, not a menu.
        if not inside_body and line.count(" ") + 1 >= self.min_nav_words:
            words = line.split()
            short_words = sum(1 for w in words if _WORD_ROW_TOKEN.fullmatch(w))
            if len(words) >= self.min_nav_words and short_words >= self.min_short_word_share * len(words):
                return "chrome.nav_words"
        if len(line) <= self.max_counter_line and _EMPTIED_ICON.search(line):
            return "chrome.ui_counter"
        return None

    def _is_body(self, paragraph: str) -> bool:
        if len(paragraph) < self.min_body_hanzi:  # cheap, and most short lines end here
            return False
        ended = bool(_SENTENCE_MARK.search(paragraph))
        # A long row of links (察哈| 清丰县| 曲周县|…) is no sentence however many hanzi it holds.
        if not ended and _row_separators(paragraph) >= self.min_row_items:
            return False
        return has_hanzi(paragraph, min(self.min_unended_body_hanzi, self.min_body_hanzi) if ended else self.min_unended_body_hanzi)

    @staticmethod
    def _named_headline(paragraphs: list[str], body: list[int], hints: Hints) -> int | None:
        """Where the headline the page names (``hints.title``) stands above the body, if it does:
        as named, or cut before a separator (``美国大选 - 新华网`` once the repeated-title step
        took its site suffix off, which the next round of the removers sees)."""
        if not hints.title:
            return None
        title = hints.title.strip()

        def is_named(paragraph: str) -> bool:
            paragraph = paragraph.strip()
            return bool(paragraph) and title.startswith(paragraph) and (
                len(paragraph) == len(title) or bool(TITLE_SEPARATOR.match(title, len(paragraph)))
            )

        return next((i for i in range(body[0]) if is_named(paragraphs[i])), None)

    def _edges(self, paragraphs: list[str], body: list[int], named: int | None, extracted: bool) -> dict[int, str]:
        """Short non-sentences above the headline and below the last body paragraph, and
        site or channel names (嵊州市人民政府, 新闻中心) anywhere above the body.

        A text extracted from HTML is the page's main block already: its headline is the
        one the page names (``named``), however short, and its closing lines are the
        article's, not the page's furniture."""
        above = range(body[0])
        candidates = [i for i in above if has_hanzi(paragraphs[i], self.min_headline_hanzi)]
        # A site's name as a logo is no headline: the headline follows it, or is the first
        # paragraph that reads as body (a headline with a 。 or a ! in it).
        headlines = [named] if named is not None else [
            i for i in candidates if not looks_like_site_name(paragraphs[i])
        ]
        headline = headlines[0] if headlines else body[0]
        names = {i for i in above if i != headline and looks_like_site_name(paragraphs[i])}
        below = [] if extracted else list(range(body[-1] + 1, len(paragraphs)))
        # A long tail of short lines is a table or a list that closes the article, not a
        # page's furniture (a share bar, a "more" link, a logo).
        if len(below) > self.max_tail_lines:
            below = []
        # A bare byline (曹飞) closes many articles; CORPUS.md lets it stay, and it does. So
        # does a notice's signature: the issuer and the date under it.
        below = [i for i in below if not _BARE_NAME.fullmatch(paragraphs[i]) and not _is_signature(paragraphs, i)]
        return {
            i: "chrome.edge" for i in sorted({*range(headline), *below, *names})
            if not _PROSE_MARK.search(paragraphs[i]) and (
                len(paragraphs[i]) <= self.max_edge_line
                # buttons and labels in English run longer (Skip to Content Facebook …)
                or (len(paragraphs[i]) <= 2 * self.max_edge_line and not CJK.search(paragraphs[i]))
            )
        }

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        # Shapes tell chrome from an article only around one: a text without a paragraph of
        # Chinese body (an English page, a stub) is left to the gates whole.
        paragraphs = split_paragraphs(text)
        is_body = [self._is_body(p) for p in paragraphs]
        body = [i for i, yes in enumerate(is_body) if yes]
        if not body:
            return Cleaned(text)
        # A text extracted from HTML comes with the headline the page named (``hints.title``).
        extracted = bool(hints.title)
        named = self._named_headline(paragraphs, body, hints)
        edges = self._edges(paragraphs, body, named, extracted)

        kept: list[str] = []
        removed: list[Removal] = []
        for index, paragraph in enumerate(paragraphs):
            # A body paragraph is long or a sentence, and the named headline is the page's
            # word on what the article is called: no shape below fits them.
            inside_body = body[0] < index < body[-1]
            if is_body[index] or index == named:
                rule = None
            else:
                rule = edges.get(index) or self._line_rule(paragraph.strip(), inside_body, extracted)
            if rule is None:
                kept.append(paragraph)
            else:
                removed.append(Removal(rule, paragraph))
        return Cleaned(join_paragraphs(kept), tuple(removed)) if removed else Cleaned(text)
