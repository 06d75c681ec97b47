"""Which rows a write adds: the dataset's policy on repeats.

- the same id with the same text is already present: nothing is written; unless the id
  was made from the text and another input brought it (two files with one text): a copy;
- the same id with a new text is the next revision;
- the same text, or a near-duplicate one (``corpus.neardup``), under another id is one
  article twice: ``corpus.original`` chooses which copy is kept, whatever the order they
  arrived in. The other goes to rejects as ``duplicate`` (same text) or
  ``near-duplicate``, with ``duplicate_of`` naming the kept one. When the original
  arrives after its copy, the copy already written is *superseded*: ``corpus.dataset``
  moves it from docs to rejects;
- a reject already on record (the same 404 met again) is not written twice.

``decide`` changes the index as it goes, inside the caller's transaction, so that the
documents of one batch are deduplicated against each other too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from corpus import neardup
from corpus.ids import doc_id_for_text, short_hash
from corpus.index import Claimant, Index
from corpus.original import original
from corpus.parts import partition_dir
from corpus.records import Document, Reject
from corpus.schema import NO_SITE, month_of, published_time

_SOURCE_LINE = re.compile(r"来\s*源\s*[::]\s*([^\s::|/]+)")


@dataclass(frozen=True)
class Superseded:
    """A document on disk that a better copy of the same article replaces."""

    id: str
    by: str
    reason: str


@dataclass
class Decision:
    docs: list[tuple[Document, int]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    superseded: list[Superseded] = field(default_factory=list)
    already_present: int = 0
    duplicates: int = 0
    near_duplicates: int = 0


def claimant(doc: Document) -> Claimant:
    published, _ = published_time(doc.published, doc.published_precision)
    return Claimant(
        id=doc.id, content_hash=doc.content_hash, site=doc.site, site_name=doc.site_name, url=doc.url,
        source_kind=doc.source_kind, source_claim=doc.source_claim or claimed_source(doc),
        canonical_url=doc.canonical_url, published=published, length=len(neardup.normalise(doc.text)),
    )


def claimed_source(doc: Document) -> str | None:
    """The ``来源:`` a cleaner took out of the page, when the crawler did not say."""
    for _rule, text in doc.removed:
        if found := _SOURCE_LINE.search(text):
            return found.group(1)
    return None


def doc_partition(doc: Document) -> str:
    published, _ = published_time(doc.published, doc.published_precision)
    return partition_dir("docs", {"site": doc.site or NO_SITE, "month": month_of(published)})


def decide(index: Index, docs: Iterable[Document], rejects: Iterable[Reject]) -> Decision:
    decision = Decision()
    new_rejects = list(rejects)
    docs = list(docs)
    # Signatures in one go for the documents not on record (a re-crawl's are mostly on record).
    unseen = [doc for doc in docs if doc.content_hash not in index.revisions_of(doc.id)]
    signatures = dict(zip(map(id, unseen), neardup.signatures([doc.text for doc in unseen])))
    for doc in docs:
        revisions = index.revisions_of(doc.id)
        if doc.content_hash in revisions:
            if doc.id != doc_id_for_text(doc.text) or index.has_origin(doc.id, doc.origin):
                decision.already_present += 1
            else:  # another input with the same text, and so the same text-made id: a copy
                decision.duplicates += 1
                new_rejects.append(Reject(short_hash(doc.origin), doc.origin, "duplicate", f"same text as {doc.id}",
                                          doc.text, doc.url, doc.site, duplicate_of=doc.id))
            continue
        signature = signatures[id(doc)]
        incoming = claimant(doc)
        found = index.matches(doc.id, doc.content_hash, signature)
        if found:
            similarity, best = found[0]
            reason = "duplicate" if best.content_hash == doc.content_hash else "near-duplicate"
            if reason == "duplicate":
                decision.duplicates += 1
            else:
                decision.near_duplicates += 1
            if original([incoming, best]).id == best.id:
                detail = f"same text as {best.id}" if reason == "duplicate" else \
                    f"near-duplicate of {best.id} (similarity {similarity:.2f})"
                new_rejects.append(Reject(doc.id, doc.origin, reason, detail, doc.text, doc.url, doc.site,
                                          duplicate_of=best.id))
                continue
            index.drop(best.id)
            pending = next((d for d, _ in decision.docs if d.id == best.id), None)
            if pending is not None:  # the copy came earlier in this same batch: it never reaches disk
                decision.docs = [(d, r) for d, r in decision.docs if d.id != best.id]
                new_rejects.append(_superseded_reject(pending, doc.id, reason))
            else:
                decision.superseded.append(Superseded(best.id, doc.id, reason))
        revision = max(revisions.values(), default=0) + 1
        index.add_revision(doc.id, doc.content_hash, revision, doc_partition(doc))
        index.add_origin(doc.id, doc.origin)
        index.keep(incoming, revision, signature)
        decision.docs.append((doc, revision))
    # A re-run meets the same 404s and off-topic pages again: they are on record already.
    for reject in new_rejects:
        if not index.has_reject(reject.id, reject.reason):
            index.add_reject(reject.id, reject.reason)
            decision.rejects.append(reject)
    return decision


def _superseded_reject(copy: Document, original_id: str, reason: str) -> Reject:
    return Reject(copy.id, copy.origin, reason, f"a copy of {original_id}, the original", copy.text, copy.url,
                  copy.site, duplicate_of=original_id)
