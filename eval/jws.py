"""One workspace for the journalists' question sets: every filing they name, ingested once.

``python -m budgetlens.eval.jws --home /tmp/jws [--workers 2] [ROOT...]`` reads, extracts,
checks and stores every filing under the roots (default ``../shared/corpus``,
``../shared/real``, ``../shared/seeds``) with one ``Processor``: up to ``--workers``
documents are read at once, each in its own child, while this process, the workspace's one
writer, stores them one at a time (SQLite, one transaction a document) — then it
indexes every stored document that the search index does not hold yet. Re-running skips what is stored and indexed already.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from budgetlens.settings import Settings, load

DEFAULT_ROOTS = ("corpus", "real", "seeds")


def shared_root() -> Path:
    """``../shared`` beside the repository (the question files' paths are relative to it)."""
    return Path(__file__).resolve().parents[1].parent / "shared"


def build(home: Path, roots: list[Path], workers: int = 2, log=print) -> None:
    from budgetlens.ingest import iter_inputs
    from budgetlens.pipeline import Processor

    files = list(iter_inputs(roots))
    started = time.perf_counter()
    with Processor(load(home, ocr_workers=1), index=False) as proc:
        for out in proc.process_files(files, workers=workers):
            log(f"{out.status}\t{out.pages}\t{out.seconds:.1f}\t{out.path}" + (f"\t{out.error}" if out.error else ""))
    log(f"stored in {time.perf_counter() - started:.0f} s")
    index_missing(load(home), log=log)


def index_missing(settings: Settings, log=print) -> int:
    """Index every stored document the search index does not hold yet."""
    from budgetlens.index import Index
    from budgetlens.index.chunking import chunk_document

    from budgetlens.store import Store

    store = Store(settings.db_path)
    index = Index(settings)
    have = set(index.doc_ids())
    done = 0
    for rec in store.documents():
        if rec.doc_id in have:
            continue
        layout, filing = store.layout(rec.doc_id), store.filing(rec.doc_id)
        if layout is None or filing is None:
            continue
        index.upsert(rec.doc_id, chunk_document(layout, filing))
        done += 1
    log(f"indexed {done} documents")
    store.close()
    return done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("roots", nargs="*", type=Path)
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args(argv)
    roots = a.roots or [shared_root() / r for r in DEFAULT_ROOTS]
    build(a.home, roots, a.workers, log=lambda s: print(s, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
