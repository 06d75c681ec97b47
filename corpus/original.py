"""Which copy of an article is the original: the one a cluster of copies keeps.

In order: the site's kind (an official site before a newspaper before a portal before
an unknown site before a known mirror); then evidence on the page itself (a copy whose
``来源:`` line or canonical link names another member of the cluster is that member's
copy); then the earliest publication; then the most complete text; then the id, so the
choice never depends on the order the copies arrived in.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # the index imports MinHash and scipy: site profiles (workers) need none of it
    from corpus.index import Claimant

KIND_ORDER = {"official": 0, "newspaper": 1, "portal": 2, None: 3, "mirror": 4}
SOURCE_KINDS = tuple(kind for kind in KIND_ORDER if kind is not None)  # what a profile's `kind` may say
_NEVER = datetime.max.replace(tzinfo=timezone.utc)


def original(members: list[Claimant]) -> Claimant:
    return min(members, key=lambda c: (
        KIND_ORDER.get(c.source_kind, KIND_ORDER[None]),
        any(names(c, other) for other in members if other.id != c.id),
        c.published or _NEVER,
        -c.length,
        c.id,
    ))


def names(copy: Claimant, source: Claimant) -> bool:
    """Does ``copy`` say it came from ``source``?"""
    if copy.canonical_url and source.url and _same_page(copy.canonical_url, source.url):
        return True
    claim = (copy.source_claim or "").strip()
    if not claim:
        return False
    own_names = {n for n in (copy.site_name, copy.site) if n}
    if any(n in claim or claim in n for n in own_names):
        return False  # a site naming itself is no evidence
    return any(n and (n in claim or claim in n) for n in (source.site_name, source.site))


def _same_page(a: str, b: str) -> bool:
    a_parts, b_parts = urlsplit(a), urlsplit(b)
    return (a_parts.netloc.lower(), a_parts.path, a_parts.query) == (b_parts.netloc.lower(), b_parts.path, b_parts.query)
