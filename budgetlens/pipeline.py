"""One path for every door: a filing is read, extracted, checked, indexed and stored.

``ingest``, ``extract``, an upload in the app and a bulk job all call ``process``; none
of them stores a half-processed filing. A bad input becomes a failure record naming the
file and the reason, and the rest of the batch goes on; nothing is stored for it.

Re-ingesting the same bytes changes nothing (same ``doc_id``, same extractor version);
a new version of a path replaces the old one in the fact store and in the index.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from budgetlens.errors import InputError
from budgetlens.settings import Settings
from budgetlens.store import Store
from budgetlens.schemas.document import Document
from budgetlens.schemas.filing import Filing, Source

from budgetlens.extract import EXTRACTOR_VERSION as _RULES_VERSION

# Bumped (here or in ``extract``) whenever extraction or checks change what they
# produce: bulk jobs and re-ingests redo documents processed by an older version.
CHECKS_VERSION = "checks-1"
EXTRACTOR_VERSION = f"{_RULES_VERSION}+{CHECKS_VERSION}"

Status = Literal["added", "replaced", "unchanged", "failed"]


@dataclass(frozen=True)
class Outcome:
    path: str
    status: Status
    doc_id: str | None = None
    pages: int = 0
    ocr_pages: int = 0
    tables: int = 0
    seconds: float = 0.0
    error: str | None = None  # "path: reason" for failures
    reason_code: str | None = None


@dataclass
class BatchReport:
    outcomes: list[Outcome] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def summary(self) -> str:
        ok = [o for o in self.outcomes if o.status != "failed"]
        pages = sum(o.pages for o in ok)
        return (
            f"documents: {len(ok)} ({self.count('added')} added, {self.count('replaced')} replaced, "
            f"{self.count('unchanged')} unchanged); pages: {pages}; "
            f"OCR pages: {sum(o.ocr_pages for o in ok)}; tables found: {sum(o.tables for o in ok)}; "
            f"failures: {len(self.failures)}; {self.seconds:.1f} s"
        )


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def analyse(document: Document, settings: Settings, *, path: str | None = None, llm=None) -> Filing:
    """Extract and check one read document: the pure part of processing (no storage)."""
    from budgetlens.checks import run_checks
    from budgetlens.extract import extract

    filing = extract(document, settings=settings, llm=llm)
    filing.source = Source(path=path or document.path, sha256=document.sha256,
                           pages=document.n_pages, media=document.media)
    filing.extractor_version = EXTRACTOR_VERSION
    filing.checks = run_checks(filing, document)
    return filing


class Processor:
    """Holds the store, the index and the optional LLM for a batch of files."""

    def __init__(self, settings: Settings, *, index: bool = True, llm=None,
                 raise_errors: bool = False):
        self.settings = settings
        self.raise_errors = raise_errors
        self.settings.home.mkdir(parents=True, exist_ok=True)
        self.store = Store(settings.db_path)
        self._use_index = index
        self._index = None
        if llm is None and settings.llm:
            from budgetlens.llm import create_chat_model

            llm = create_chat_model(settings)
        self.llm = llm

    @property
    def index(self):
        if self._index is None and self._use_index:
            from budgetlens.index import Index

            self._index = Index(self.settings)
        return self._index

    def close(self) -> None:
        self.store.close()

    def _retire(self, older) -> None:
        """A new version of a path replaces the old one: the old document goes, unless
        another path still holds the same bytes."""
        for old in older:
            if self.store.referenced(old.doc_id):
                continue
            self.store.delete(old.doc_id)
            if self.index is not None:
                self.index.delete(old.doc_id)

    def process_file(self, path: Path) -> Outcome:
        started = time.perf_counter()
        shown = str(path)
        key = str(path.resolve()) if path.exists() else shown
        try:
            if not path.is_file():
                raise InputError(shown, "no such file" if not path.exists() else "not a regular file")
            sha = file_sha256(path)
            doc_id = sha[:16]
            existing = self.store.get(doc_id)
            if existing and existing.extractor_version == EXTRACTOR_VERSION:
                older = [r for r in self.store.by_path(key) if r.doc_id != doc_id]
                self.store.link(key, doc_id)  # the same bytes, perhaps at another path
                self._retire(older)
                return Outcome(shown, "replaced" if older else "unchanged", doc_id, existing.pages,
                               existing.ocr_pages, existing.tables, time.perf_counter() - started)
            from budgetlens.ingest import read

            document = read(path, self.settings)
            document.path = key
            filing = analyse(document, self.settings, path=shown, llm=self.llm)
        except InputError as exc:
            return Outcome(shown, "failed", error=f"{shown}: {exc.reason}",
                           reason_code=exc.reason_code, seconds=time.perf_counter() - started)
        except Exception as exc:  # a reader or extractor bug must not stop the batch
            if self.raise_errors:
                raise
            return Outcome(shown, "failed", error=f"{shown}: internal error: {type(exc).__name__}: {exc}",
                           reason_code="internal", seconds=time.perf_counter() - started)
        older = [r for r in self.store.by_path(key) if r.doc_id != document.doc_id]
        try:
            if self.index is not None:
                from budgetlens.index.chunking import chunk_document

                self.index.upsert(document.doc_id, chunk_document(document, filing))
            self.store.put(document, filing, path=key, extractor_version=EXTRACTOR_VERSION)
        except Exception as exc:  # the index or the store is unavailable: this file fails, the batch goes on
            if self.raise_errors:
                raise
            if self.index is not None and self.store.get(document.doc_id) is None:
                try:
                    self.index.delete(document.doc_id)  # no chunks without their facts
                except Exception:
                    pass
            return Outcome(shown, "failed", error=f"{shown}: could not store: {type(exc).__name__}: {exc}",
                           reason_code="store", seconds=time.perf_counter() - started)
        self._retire(older)
        status: Status = "replaced" if older else "added"
        return Outcome(shown, status, document.doc_id, document.n_pages, document.ocr_pages,
                       len(document.tables), time.perf_counter() - started)


def process(
    paths: Iterable[str | Path],
    settings: Settings,
    *,
    on_file: Callable[[Outcome], None] | None = None,
    index: bool = True,
    llm=None,
    raise_errors: bool = False,
) -> BatchReport:
    """Process files and folders (recursively); failures are recorded, not raised."""
    from budgetlens.ingest import iter_inputs

    started = time.perf_counter()
    report = BatchReport()
    processor = Processor(settings, index=index, llm=llm, raise_errors=raise_errors)
    try:
        for path in iter_inputs(list(paths)):
            outcome = processor.process_file(path)
            report.outcomes.append(outcome)
            if on_file:
                on_file(outcome)
    finally:
        processor.close()
    report.seconds = time.perf_counter() - started
    return report
