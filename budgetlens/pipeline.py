"""One path for every door: a filing is read, extracted, checked, indexed and stored.

``analyse_file`` is the one processing entry: read → extract → check one file, in a
child process under the per-document limits (``settings.doc_seconds``,
``settings.doc_memory_mb``; ``budgetlens.limits``), returning a typed result::

    analyse_file(Path("a.pdf"), settings)
    → Analysed(path="a.pdf", document=Document(…), filing=Filing(…), seconds=1.2)
    → Failed(path="b.pdf", reason="empty file (0 bytes)", reason_code="empty")
    → Failed(path="c.docx", reason="took longer than 300 s (the limit per document)",
             reason_code="timeout")

The command line (``ingest``, ``extract``, ``check FILE``), the app's upload, bulk jobs
and eval all call it; ``Processor`` adds the workspace (index, then fact store) for the
doors that store. A bad input or a document over its limits becomes a failure naming
the file and the reason, and the rest of the batch goes on; nothing is stored for it.
An internal error (a bug) is a failure too, except with ``settings.raise_errors`` (on
in the tests), where it raises ``ProcessingError`` with the child's traceback.

Every stored result carries ``fingerprint``: the hash of the code, libraries and settings
that made it (``budgetlens.fingerprint``). Re-ingesting the same bytes with the same
fingerprint changes nothing; a different fingerprint recomputes the document (status
``recomputed``, printed as "N stale, recomputed"). A new version of a path replaces the
old one in one fact-store transaction (see ``budgetlens.repair`` for the write order).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from budgetlens import limits as limits_mod
from budgetlens import progress
from budgetlens.errors import BudgetlensError, InputError, ResourceError
from budgetlens.extract import EXTRACTOR_VERSION as _RULES_VERSION
from budgetlens.fingerprint import fingerprint as _fingerprint
from budgetlens.schemas.document import Document
from budgetlens.schemas.filing import Filing, Source
from budgetlens.settings import Settings
from budgetlens.store import Rows, Store, rows_of
from budgetlens.workspace import crash_point, disk_full, out_of_space, require_space, writer_lock

# Renamed (here or in ``extract``) when a change of rules deserves a name; any change to
# the code stales stored results anyway, through the fingerprint's source hash.
CHECKS_VERSION = "checks-1"
VERSION_PREFIX = f"{_RULES_VERSION}+{CHECKS_VERSION}"
# modules a child process finds already imported (forked from a warm fork server).
# Multiprocessing runs the parent's main script again in every child it starts; for the
# ``budgetlens`` command that script imports ``budgetlens.cli``: preloaded once here (23
# ms), not once per document. (The preload entry "__main__" would run the script itself
# in the fork server, but Python 3.11's fork server never receives its path.)
PRELOAD = ("budgetlens.cli", "budgetlens.pipeline", "budgetlens.ingest", "budgetlens.ingest.pdf", "budgetlens.ingest.docx",
           "budgetlens.ingest.text", "budgetlens.extract.tables", "budgetlens.extract.narrative",
           "budgetlens.extract.performance", "budgetlens.schemas.classification", "budgetlens.checks",
           "budgetlens.store", "budgetlens.index.chunking", "budgetlens.index.hashing")

Status = Literal["added", "replaced", "recomputed", "unchanged", "failed"]


class ProcessingError(BudgetlensError):
    """An internal error while processing a file, raised with ``settings.raise_errors``."""


def fingerprint(settings: Settings) -> str:
    """The version stored with every result: ``rules-1+checks-1+<hash>``."""
    return _fingerprint(settings, VERSION_PREFIX)


def limits_of(settings: Settings) -> limits_mod.Limits:
    return limits_mod.Limits(seconds=settings.doc_seconds, memory=settings.doc_memory_mb << 20)


@dataclass(frozen=True)
class Analysed:
    path: str
    document: Document
    filing: Filing
    seconds: float = 0.0


@dataclass(frozen=True)
class Failed:
    path: str
    reason: str
    reason_code: str
    seconds: float = 0.0

    @property
    def error(self) -> str:
        return f"{self.path}: {self.reason}"


Result = Analysed | Failed


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
    repaired: str | None = None  # what the repair on open fixed, when it fixed anything

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def summary(self) -> str:
        ok = [o for o in self.outcomes if o.status != "failed"]
        pages = sum(o.pages for o in ok)
        stale = self.count("recomputed")
        return (
            f"documents: {len(ok)} ({self.count('added')} added, {self.count('replaced')} replaced, "
            f"{self.count('unchanged')} unchanged{f', {stale} stale, recomputed' if stale else ''}); "
            f"pages: {pages}; "
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

    progress.report("tables")
    filing = extract(document, settings=settings, llm=llm)
    filing.source = Source(path=path or document.path, sha256=document.sha256,
                           pages=document.n_pages, media=document.media)
    filing.extractor_version = fingerprint(settings)
    crash_point("analysed", filing.source.path)
    progress.report("checks")
    filing.checks = run_checks(filing, document)
    return filing


def read_and_analyse(path: str, settings: Settings, *, key: str | None = None, llm=None) -> tuple[Document, Filing]:
    """Read and analyse one file in this process; raises ``InputError`` for bad input.
    ``key`` is where the document says it lives (a resolved path), ``path`` as shown."""
    from budgetlens.ingest import read, text_path

    document = read(Path(path), settings)
    document.path = key if key is not None else text_path(path)
    return document, analyse(document, settings, path=text_path(path), llm=llm)


def _in_child(path: str, settings: Settings, key: str | None, llm, allow_requests: bool):
    """In the child process: the model switch as the parent has it, then the work."""
    if llm is not None:  # langchain is slow to import: only when a model is in play
        from budgetlens import llm as llm_mod

        llm_mod.ALLOW_MODEL_REQUESTS = allow_requests
        if llm == "settings":
            llm = llm_mod.create_chat_model(settings)
    return _Wire(*read_and_analyse(path, settings, key=key, llm=llm))


def _in_child_ready(path: str, settings: Settings, key: str | None, llm, allow_requests: bool, version: str,
                    index: bool):
    """``_in_child`` and then, still in the child, what the one writer would do before
    writing: the trip through JSON it would make (``_from_wire``), this version stamped,
    the chunks, their vectors when the embedding is the hashing one, and the store's
    rows. The writer then only inserts (``Processor.process_files``)."""
    wire = _in_child(path, settings, key, llm, allow_requests)
    pair = _from_wire(wire.document.model_dump_json(), wire.filing.model_dump_json())
    if isinstance(pair, _Unreadable):
        return pair
    document, filing = pair
    filing.extractor_version = version
    return _ready(document, filing, index=index, settings=settings if index else None)


@dataclass(frozen=True)
class _Ready:
    """One analysed document as the writer needs it (``_ready``)."""

    doc_id: str
    pages: int
    ocr_pages: int
    tables: int
    rows: Rows
    chunks: list
    needed: int  # bytes_needed
    vectors: list | None = None
    embedding: str | None = None  # the name of the embedding that made ``vectors``


def _ready(document: Document, filing: Filing, *, index: bool, settings: Settings | None = None) -> _Ready:
    """The chunks (when indexing), the blobs, their size and the store's rows of one
    document; with ``settings`` naming the hashing embedding, the chunks' vectors too."""
    chunks = []
    if index:
        from budgetlens.index.chunking import chunk_document

        chunks = chunk_document(document, filing)
    blobs = (document.model_dump_json(), filing.model_dump_json())  # measured, then stored
    vectors = name = None
    if settings is not None and chunks:
        from budgetlens.index.hashing import hashing_for

        hashing = hashing_for(settings)
        if hashing is not None:
            vectors, name = hashing.vectors([c.text for c in chunks]), hashing.name
    return _Ready(document.doc_id, document.n_pages, document.ocr_pages, len(document.tables),
                  rows_of(document, filing, blobs), chunks, bytes_needed(document, filing, chunks, blobs),
                  vectors, name)


class _Wire:
    """A child's ``(document, filing)`` on its way to the parent, as their JSON: pydantic
    validates JSON back into models about twice as fast as pickle rebuilds them object by
    object (a document holds a model per word), and the two are equal after the trip, as
    they are when the store reads them back. The parent receives the pair itself::

        pickle.loads(pickle.dumps(_Wire(document, filing)))  →  (document, filing)
    """

    __slots__ = ("document", "filing")

    def __init__(self, document: Document, filing: Filing):
        self.document, self.filing = document, filing

    def __reduce__(self):
        return _from_wire, (self.document.model_dump_json(), self.filing.model_dump_json())


def _from_wire(document_json: str, filing_json: str):
    """The pair back from ``_Wire``. JSON carries what the store keeps, no more: an
    infinite float (none is read from a filing) arrives as the store would read it back,
    null, and a pair that does not validate comes back as ``_Unreadable``: the file fails
    as an internal error, the batch goes on."""
    try:
        return Document.model_validate_json(document_json), Filing.model_validate_json(filing_json)
    except Exception as exc:  # noqa: BLE001 - reported as the file's internal error
        return _Unreadable(f"the result could not be read back ({type(exc).__name__}: {str(exc)[:200]})")


@dataclass(frozen=True)
class _Unreadable:
    reason: str


def _model_requests_allowed() -> bool:
    """The model switch as this process has it, without importing the model stack (slow)
    when nothing has loaded it: then nothing has switched it off either."""
    import sys

    llm_mod = sys.modules.get("budgetlens.llm")
    return True if llm_mod is None else bool(llm_mod.ALLOW_MODEL_REQUESTS)


def _llm_for_child(llm):
    """What to send a child for the model: ``"settings"`` (the child builds its own from the
    settings), the model itself when it pickles, else nothing (the work runs here)."""
    if llm is None or llm == "settings":
        return llm, True
    try:
        pickle.dumps(llm)
        return llm, True
    except Exception:
        return None, False


def _result(path: str, outcome: limits_mod.Outcome, settings: Settings) -> Result:
    if isinstance(outcome, limits_mod.Done) and isinstance(outcome.value, _Unreadable):
        outcome = limits_mod.Raised("internal", outcome.value.reason, "internal", seconds=outcome.seconds)
    if isinstance(outcome, limits_mod.Done):
        document, filing = outcome.value
        filing.extractor_version = fingerprint(settings)  # this process's word: the one stored
        return Analysed(path, document, filing, outcome.seconds)
    if isinstance(outcome, limits_mod.Raised) and outcome.kind == "internal":
        if settings.raise_errors:
            raise ProcessingError(f"{path}: internal error: {outcome.reason}\n{outcome.traceback}")
        return Failed(path, f"internal error: {outcome.reason}", "internal", outcome.seconds)
    return Failed(path, outcome.reason, outcome.reason_code, outcome.seconds)


def analyse_here(path: str, settings: Settings, key: str | None, llm) -> limits_mod.Outcome:
    """The work in this process (no limits): for ``isolate=False`` and Dask workers."""
    started = time.perf_counter()
    try:
        return limits_mod.Done(read_and_analyse(path, settings, key=key, llm=llm), time.perf_counter() - started)
    except InputError as exc:
        return limits_mod.Raised("input", exc.reason, exc.reason_code, seconds=time.perf_counter() - started)
    except Exception as exc:
        return limits_mod.Raised("internal", f"{type(exc).__name__}: {exc}", "internal", traceback.format_exc(),
                                 time.perf_counter() - started)


def analyse_file(path: str | Path, settings: Settings, *, key: str | None = None, llm=None,
                 on_progress: progress.Sink | None = None) -> Result:
    """The one processing entry: read → extract → check ``path`` under the limits.

    ``llm`` is a chat model, or ``"settings"`` for the one ``settings.llm`` names.
    ``on_progress`` hears each ``progress.Step`` (read, OCR page k of n, tables, checks)."""
    shown = str(path)
    sent, isolable = _llm_for_child(llm)
    if not settings.isolate or not isolable:
        if llm == "settings":
            from budgetlens import llm as llm_mod

            llm = llm_mod.create_chat_model(settings)
        with progress.listen(on_progress):
            return _result(shown, analyse_here(shown, settings, key, llm), settings)
    outcome = limits_mod.run(_in_child, shown, settings, key, sent, _model_requests_allowed(),
                             limits=limits_of(settings), preload=PRELOAD, on_progress=on_progress)
    return _result(shown, outcome, settings)


def analyse_files(paths: Iterable[str], settings: Settings, *, workers: int = 1) -> Iterator[Result]:
    """``analyse_file`` over many files, ``workers`` children at a time, as they finish."""
    if not settings.isolate:
        for p in paths:
            yield _result(p, analyse_here(p, settings, None, None), settings)
        return
    calls = ((p, _in_child, (p, settings, None, None, _model_requests_allowed())) for p in paths)
    for p, outcome in limits_mod.run_many(calls, limits_of(settings), workers, preload=PRELOAD):
        yield _result(p, outcome, settings)


def bytes_needed(document: Document, filing: Filing, chunks: list, blobs: tuple[str, str] | None = None) -> int:
    """A rough upper bound of the bytes storing one document adds to the workspace: its
    layout and filing (compressed in the store, counted whole), and per chunk its text
    three times (vector store, lexical store and its index) plus 8 KiB for the vector
    and the rows around it. ``blobs`` are the two as JSON when already at hand."""
    layout, facts = blobs if blobs is not None else (document.model_dump_json(), filing.model_dump_json())
    return len(layout) + len(facts) + sum(3 * len(c.text.encode("utf-8")) + 8192 for c in chunks)


class Processor:
    """Holds the workspace for a batch of files: the writer lock, the store, the index
    and the optional LLM. Opening it waits for the lock and repairs what a crash left."""

    def __init__(self, settings: Settings, *, index: bool = True, llm=None,
                 raise_errors: bool | None = None):
        if raise_errors is not None:
            settings = settings.scoped(raise_errors=raise_errors)
        self.settings = settings
        self.version = fingerprint(settings)
        self._stack = ExitStack()
        self._stack.enter_context(writer_lock(settings.home, settings.lock_timeout))
        if settings.isolate:
            limits_mod.warm(PRELOAD)  # the children's imports run while the store and index open
        try:
            self.store = Store(settings.db_path)
            self._stack.callback(self.store.close)
            self._use_index = index
            self._index = None
            if llm is None and settings.llm:
                from budgetlens.llm import create_chat_model

                create_chat_model(settings)  # a configuration error shows now, not per file
                llm = "settings"  # each child builds the model the settings name
            self.llm = llm
            self.repaired = self._repair_on_open()
        except BaseException:
            self._stack.close()
            raise

    @property
    def index(self):
        if self._index is None and self._use_index:
            from budgetlens.index import Index

            self._index = Index(self.settings)
        return self._index

    def _repair_on_open(self) -> str | None:
        from budgetlens import repair

        if repair.quick_check(self.store, self.index):
            return None
        found = repair.repair(self.store, self.index)
        return None if found.clean else found.summary()

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> "Processor":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _drop_chunks(self, doc_ids: Iterable[str]) -> None:
        if self.index is not None:
            for doc_id in doc_ids:
                self.index.delete(doc_id)

    def process_file(self, path: Path, on_progress: progress.Sink | None = None) -> Outcome:
        """Read, analyse, index and store one file (or find it already stored);
        ``on_progress`` hears each stage (``budgetlens.progress``: read, OCR page k of n,
        tables, checks, index)."""
        step = self._prepare(path)
        if isinstance(step, Outcome):
            return step
        result = analyse_file(path, self.settings, key=step.key, llm=self.llm, on_progress=on_progress)
        return self._finish(step, result, on_progress)

    def process_files(self, paths: Iterable[Path], workers: int | None = None) -> Iterator[Outcome]:
        """``process_file`` over many files, as they finish: up to ``workers`` documents are
        analysed at once, each in its own child under the limits, while this process
        indexes and stores the finished ones one at a time (the write order of one file
        is unchanged). A child also makes what the writer needs (``_ready``: chunks,
        vectors of the hashing embedding, the store's rows), so this process only writes.
        The largest files start first, so that no long one is left running alone at the
        end. Two paths with the same bytes are analysed once: the second waits for the
        first and is then found stored."""
        workers = workers or _default_workers(self.settings)
        if workers <= 1 or not self.settings.isolate or self.llm not in (None, "settings"):
            for path in paths:
                yield self.process_file(path)
            return
        pending: dict[str, _Pending] = {}  # by doc_id
        waiting: list[Path] = []  # the same bytes as a document already pending
        for path in paths:  # hashing and the store's lookup first: quick, and in order
            step = self._prepare(path)
            if isinstance(step, Outcome):
                yield step
            elif step.doc_id in pending:
                waiting.append(path)
            else:
                pending[step.doc_id] = step
        calls = ((doc_id, _in_child_ready, (step.shown, self.settings, step.key, self.llm, _model_requests_allowed(),
                                            self.version, self._use_index))
                 for doc_id, step in sorted(pending.items(), key=lambda item: -_size(item[1].shown)))
        for doc_id, outcome in limits_mod.run_many(calls, limits_of(self.settings), workers, preload=PRELOAD):
            step = pending[doc_id]
            if isinstance(outcome, limits_mod.Done) and isinstance(outcome.value, _Ready):
                yield self._write(step, outcome.value.doc_id, outcome.value)
            else:
                yield self._finish(step, _result(step.shown, outcome, self.settings))
        for path in waiting:
            yield self.process_file(path)

    def _prepare(self, path: Path) -> "Outcome | _Pending":
        """An outcome now (a bad path, or the same bytes already stored by this version),
        or what the file needs analysed."""
        from budgetlens.ingest import cannot_open, text_path

        started = time.perf_counter()
        shown = str(path)
        if (why := cannot_open(path)) is not None:
            return _failed(shown, why, "bad_input", started)
        key = text_path(os.path.realpath(path))
        try:
            doc_id = file_sha256(path)[:16]
        except OSError as exc:
            return _failed(shown, f"cannot read: {exc.strerror or exc}", "unreadable", started)
        existing = self.store.get(doc_id)
        if existing and existing.extractor_version == self.version:
            try:
                switch = self.store.link(key, doc_id)  # the same bytes, perhaps at another path
            except Exception as exc:
                if out_of_space(exc, self.settings.home):
                    raise disk_full(self.settings.home, f"storing {shown}") from None
                raise
            self._drop_chunks(switch.retired)
            return Outcome(shown, "replaced" if switch.older else "unchanged", doc_id, existing.pages,
                           existing.ocr_pages, existing.tables, time.perf_counter() - started)
        return _Pending(shown, key, doc_id, existing is not None, started)

    def _finish(self, step: "_Pending", result: Result, on_progress: progress.Sink | None = None) -> Outcome:
        """Index, then store, an analysed file (the write order ``budgetlens.repair`` expects)."""
        if isinstance(result, Failed):
            return _failed(step.shown, result.reason, result.reason_code, step.started)
        if on_progress is not None:
            on_progress(progress.Step("index"))
        return self._write(step, result.document.doc_id,
                           lambda: _ready(result.document, result.filing, index=self.index is not None))

    def _write(self, step: "_Pending", doc_id: str, ready: "_Ready | Callable[[], _Ready]") -> Outcome:
        """Write ``ready`` (or what it returns, made here): chunks to the index first, then
        the store."""
        shown, started = step.shown, step.started
        try:
            if not isinstance(ready, _Ready):
                ready = ready()
            require_space(self.settings.home, ready.needed, f"storing {shown}")
            if self.index is not None:
                from budgetlens.index.embedding import embedding_name

                same = ready.embedding is not None and ready.embedding == embedding_name(self.index.embeddings)
                self.index.upsert(doc_id, ready.chunks, vectors=ready.vectors if same else None)
            crash_point("indexed", shown)
            switch = self.store.put_rows(ready.rows, path=step.key, extractor_version=self.version)
        except Exception as exc:  # the index or the store is unavailable: this file fails, the batch goes on
            if not isinstance(exc, ResourceError) and out_of_space(exc, self.settings.home):
                exc = disk_full(self.settings.home, f"storing {shown}")
            if self.store.get(doc_id) is None:
                try:  # no chunks without their facts (we hold the lock: they are ours)
                    self._drop_chunks([doc_id])
                except Exception:
                    pass  # the repair on the next open removes them
            if isinstance(exc, ResourceError):  # every later file would meet it too: stop here
                raise exc from None
            if self.settings.raise_errors and not isinstance(exc, (OSError, ConnectionError)):
                raise
            return _failed(shown, f"could not store: {type(exc).__name__}: {exc}", "store", started)
        crash_point("stored", shown)
        self._drop_chunks(switch.retired)
        status: Status = "recomputed" if step.existed else "replaced" if switch.older else "added"
        return Outcome(shown, status, doc_id, ready.pages, ready.ocr_pages, ready.tables,
                       time.perf_counter() - started)


@dataclass(frozen=True)
class _Pending:
    shown: str  # the path as given
    key: str  # the resolved path the store keeps
    doc_id: str
    existed: bool  # stored before, by another version
    started: float


def _failed(shown: str, reason: str, code: str, started: float) -> Outcome:
    return Outcome(shown, "failed", error=f"{shown}: {reason}", reason_code=code,
                   seconds=time.perf_counter() - started)


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _default_workers(settings: Settings) -> int:
    import os

    return settings.doc_workers or max(1, min(2, os.cpu_count() or 1))

def process(
    paths: Iterable[str | Path],
    settings: Settings,
    *,
    on_file: Callable[[Outcome], None] | None = None,
    index: bool = True,
    llm=None,
    raise_errors: bool | None = None,
) -> BatchReport:
    """Process files and folders (recursively); failures are recorded, not raised."""
    from budgetlens.ingest import iter_inputs

    started = time.perf_counter()
    report = BatchReport()
    with Processor(settings, index=index, llm=llm, raise_errors=raise_errors) as processor:
        report.repaired = processor.repaired
        for path in iter_inputs(list(paths)):
            outcome = processor.process_file(path)
            report.outcomes.append(outcome)
            if on_file:
                on_file(outcome)
    report.seconds = time.perf_counter() - started
    return report
