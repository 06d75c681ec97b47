"""Which rows a write adds: the dataset's policy on repeats.

The same id with the same content is already present; the same content under another
id (a mirror) is a duplicate and goes to rejects; the same id with new content is the
next revision. A reject already on record (the same 404 met again) is not written twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from corpus.records import Document, Reject


@dataclass
class DatasetKeys:
    """The keys of what a dataset holds: documents by id and by text, and rejects."""

    revisions: dict[str, dict[str, int]] = field(default_factory=dict)  # id -> content_hash -> revision
    owners: dict[str, str] = field(default_factory=dict)  # content_hash -> the id it was first written under
    rejects: set[tuple[str, str]] = field(default_factory=set)  # (id, reason)

    def add_doc(self, doc_id: str, content_hash: str, revision: int) -> None:
        self.revisions.setdefault(doc_id, {})[content_hash] = revision
        self.owners.setdefault(content_hash, doc_id)

    def update(self, other: DatasetKeys) -> None:
        for doc_id, revisions in other.revisions.items():
            for content_hash, revision in revisions.items():
                self.add_doc(doc_id, content_hash, revision)
        self.rejects.update(other.rejects)


@dataclass
class Decision:
    """What one write adds: documents with their revision, and rejects."""

    docs: list[tuple[Document, int]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    already_present: int = 0
    duplicates: int = 0
    keys: DatasetKeys = field(default_factory=DatasetKeys)  # the keys these rows add


def decide(known: DatasetKeys, docs: Iterable[Document], rejects: Iterable[Reject]) -> Decision:
    decision = Decision()
    pending = decision.keys
    new_rejects = list(rejects)
    for doc in docs:
        revisions = {**known.revisions.get(doc.id, {}), **pending.revisions.get(doc.id, {})}
        if doc.content_hash in revisions:
            decision.already_present += 1
            continue
        owner = known.owners.get(doc.content_hash) or pending.owners.get(doc.content_hash)
        if owner is not None:
            decision.duplicates += 1
            new_rejects.append(Reject(doc.id, doc.origin, "duplicate", f"same text as {owner}", doc.text, doc.url,
                                      doc.site))
            continue
        revision = max(revisions.values(), default=0) + 1
        pending.add_doc(doc.id, doc.content_hash, revision)
        decision.docs.append((doc, revision))
    # A re-run meets the same 404s and off-topic pages again: they are on record already.
    decision.rejects = [r for r in new_rejects if (r.id, r.reason) not in known.rejects]
    pending.rejects.update((r.id, r.reason) for r in decision.rejects)
    return decision
