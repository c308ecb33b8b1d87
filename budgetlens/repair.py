"""Find and fix what a crash or an older version left between the fact store and the index.

The fact store is the source of truth: a document exists when its facts are stored.
The writes for one document go in this order (``budgetlens.pipeline``)::

    1. the index: Chroma, then the lexical store      a crash here: orphan chunks
    2. the fact store, in one transaction: the new     the switch from old to new
       document, the path pointed at it, the version
       the path held before deleted (if no other path
       holds it)
    3. the index: the retired version's chunks go      a crash here: orphan chunks

so a crash at any point leaves the old state or the new one in the fact store, and at
worst chunks of a document the store does not hold (invisible to answers, which search
only the stored documents). ``check`` finds, and ``repair`` fixes:

- ``unreferenced``: documents no path holds (two versions of one path, as a crash
  between storing the new one and deleting the old left them before step 2 was one
  transaction) → deleted, with their chunks;
- ``dangling``: paths that name a document the store does not hold → dropped;
- ``orphans``: chunks (in Chroma or the lexical store) of a document the store does not
  hold → deleted;
- ``unindexed``: stored documents with no chunks in Chroma or in the lexical store (a
  crash mid-index, another embedding, an older workspace) → chunked again from the stored
  layout and filing, no file read.

``quick_check`` compares document sets and chunk counts only (milliseconds): every
writer runs it when it opens a workspace, and runs ``repair`` when it finds anything.
``budgetlens doctor`` runs the full check and repair, and lists stale documents.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetlens.store import Store


@dataclass
class Findings:
    unreferenced: list[str] = field(default_factory=list)
    dangling: list[str] = field(default_factory=list)
    orphans: list[str] = field(default_factory=list)
    unindexed: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.unreferenced or self.dangling or self.orphans or self.unindexed)

    def summary(self) -> str:
        return (f"{len(self.unreferenced)} unreferenced document(s), {len(self.dangling)} dangling path(s), "
                f"{len(self.orphans)} document(s) with orphan chunks, "
                f"{len(self.unindexed)} document(s) without chunks")


def quick_check(store: Store, index) -> bool:
    """True when the store and the index look consistent (cheap: sets and counts)."""
    if store.unreferenced() or store.dangling_paths():
        return False
    if index is None:
        return True
    counts = index.lexical.doc_counts()
    return set(counts) == store.doc_ids() and sum(counts.values()) == index.count()


def check(store: Store, index) -> Findings:
    found = Findings(unreferenced=store.unreferenced(), dangling=store.dangling_paths())
    if index is None:
        return found
    lexical = set(index.lexical.doc_ids())
    dense = index.dense_doc_ids()
    found.orphans = sorted((lexical | dense) - store.doc_ids())  # an unreferenced one's go with it
    stored = store.doc_ids() - set(found.unreferenced)
    found.unindexed = sorted(d for d in stored if d not in lexical or d not in dense)
    return found


def repair(store: Store, index, found: Findings | None = None) -> Findings:
    """Fix what ``check`` finds (the caller holds the workspace's writer lock)."""
    from budgetlens.index.chunking import chunk_document

    found = found if found is not None else check(store, index)
    if found.dangling:
        store.drop_paths(found.dangling)
    for doc_id in found.unreferenced:
        store.delete(doc_id)
        if index is not None:
            index.delete(doc_id)
    if index is None:
        return found
    for doc_id in found.orphans:
        index.delete(doc_id)
    for doc_id in found.unindexed:
        document, filing = store.layout(doc_id), store.filing(doc_id)
        if document is None or filing is None:  # facts without their blobs: nothing to index from
            store.delete(doc_id)
            index.delete(doc_id)
            continue
        index.upsert(doc_id, chunk_document(document, filing))
    return found
