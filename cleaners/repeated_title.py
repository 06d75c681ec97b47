"""Repeated titles: the headline injected again between paragraphs, often with a site suffix.

The first paragraph is the headline. A site suffix on it (``…李强再赴民企调研-信息快讯网``,
``标题_新闻中心_新浪网``, ``标题 | 上观新闻``) is stripped; any later paragraph that is
the same headline, with or without a suffix, goes. ``hints.title`` (the title from the
page's metadata) is a second headline to look for.

A suffix is the last segment after ``-``, ``_``, ``|`` or ``——`` when it reads as a site
or channel name (see ``patterns.looks_like_site_name``) or is one of
``hints.site_names``. Content farms append other sites' names, so no name is special.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cleaners.base import NO_HINTS, Cleaned, Formatter, Hints, Removal, join_paragraphs, split_paragraphs
from cleaners.patterns import bare_site_names, looks_like_site_name
from cleaners.vocabulary import TITLE_SEPARATOR

_NOT_A_WORD = re.compile(r"[\W_]+")
_WORD_CHARACTER = re.compile(r"[^\W_]")


@dataclass(frozen=True)
class RepeatedTitleRemover(Formatter):
    name = "repeated_title"
    # What is left of a title once a suffix is cut must still be a headline.
    min_headline_chars: int = 4

    def _strip_site_suffix(self, title: str, site_names: tuple[str, ...] = ()) -> tuple[str, str]:
        """``title`` without its trailing site and channel names, and what was stripped."""
        names = bare_site_names(site_names)
        core = title
        while True:
            separators = list(TITLE_SEPARATOR.finditer(core))
            if not separators:
                break
            last = separators[-1]
            head, suffix = core[: last.start()], core[last.end() :]
            if len(head) < self.min_headline_chars or not looks_like_site_name(suffix, names):
                break
            core = head
        return core, title[len(core) :]

    def _headline_key(self, paragraph: str, site_names: tuple[str, ...]) -> str:
        """What two copies of a headline share: its words, without suffix, spaces or marks."""
        return _NOT_A_WORD.sub("", self._strip_site_suffix(paragraph, site_names)[0])

    def __call__(self, text: str, hints: Hints = NO_HINTS) -> Cleaned:
        paragraphs = split_paragraphs(text)
        if not paragraphs:
            return Cleaned(text)
        removed: list[Removal] = []
        headline, suffix = self._strip_site_suffix(paragraphs[0], hints.site_names)
        if suffix:
            removed.append(Removal("repeated_title.site_suffix", suffix.strip()))
        headlines = {self._headline_key(headline, hints.site_names)}
        if hints.title:
            headlines.add(self._headline_key(hints.title, hints.site_names))
        headlines.discard("")
        # A key is the words of a prefix of its paragraph (only a suffix is stripped): a
        # paragraph whose first word character starts no headline's key repeats none.
        key_starts = {key[0] for key in headlines}
        kept = [headline]
        for paragraph in paragraphs[1:]:
            first = _WORD_CHARACTER.search(paragraph)
            if first and first.group() in key_starts and self._headline_key(paragraph, hints.site_names) in headlines:
                removed.append(Removal("repeated_title.repeat", paragraph))
            else:
                kept.append(paragraph)
        if not removed:
            return Cleaned(text)
        return Cleaned(join_paragraphs(kept), tuple(removed))
