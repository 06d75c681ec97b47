"""What a page says about itself in its <head>: <meta> tags, JSON-LD and the canonical link.

Read in one pass over the parsed tree; the date, title, author and site finders ask it
by name instead of calling trafilatura's metadata search, which copies and prunes the
whole tree for fields zhnews mostly takes from the page body.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import lxml.html

# Attributes that name a <meta> tag: Open Graph uses ``property``, schema.org microdata ``itemprop``.
_NAME_ATTRIBUTES = ("property", "name", "itemprop", "http-equiv")


@dataclass(frozen=True)
class PageMeta:
    """``meta`` maps a lowercased tag name to the first non-empty content it has."""

    meta: dict[str, str] = field(default_factory=dict)
    json_ld: tuple[dict, ...] = ()
    canonical: str | None = None

    def first(self, names: tuple[str, ...]) -> str | None:
        """The content of the first of ``names`` (lowercase) that the page has."""
        return next((self.meta[name] for name in names if name in self.meta), None)

    def json_ld_values(self, key: str) -> list:
        """Every value of ``key`` in the page's JSON-LD objects, in page order."""
        return [item[key] for item in self.json_ld if key in item]


def read_page_meta(root: lxml.html.HtmlElement) -> PageMeta:
    meta: dict[str, str] = {}
    for element in root.iter("meta"):
        content = (element.get("content") or "").strip()
        if not content:
            continue
        for attribute in _NAME_ATTRIBUTES:
            name = element.get(attribute)
            if name:
                meta.setdefault(name.strip().lower(), content)
                break
    canonical = next((link.get("href") for link in root.iter("link")
                      if (link.get("rel") or "").lower() == "canonical" and link.get("href")), None)
    return PageMeta(meta, tuple(_json_ld_objects(root)), canonical)


def _json_ld_objects(root: lxml.html.HtmlElement):
    for script in root.iter("script"):
        if (script.get("type") or "").lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except ValueError:  # hand-written JSON-LD with trailing commas or comments
            continue
        yield from _flatten(data)


def _flatten(data):
    """The objects of a JSON-LD document: a list, a ``@graph``, or one object."""
    if isinstance(data, list):
        for item in data:
            yield from _flatten(item)
    elif isinstance(data, dict):
        yield data
        yield from _flatten(data.get("@graph", []))
