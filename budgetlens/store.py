"""The embedded fact store: one SQLite file in the workspace.

It holds, per document, the layout (``Document`` JSON), the extracted ``Filing`` JSON,
and flat tables for lookups: cells, key figures and check results. A document is keyed
by ``doc_id`` (first 16 hex digits of its sha256) and remembered under its path, so
that re-ingesting the same bytes changes nothing and a new version of a path replaces
the old one. Everything for one document is written in one transaction.

Callers ask typed questions (``cell``, ``cells``, ``key_figures``, ``checks``,
``documents``, ``failed_check_counts``) and get dataclasses back: no SQL is written
outside this module (``tests/test_store_api.py`` greps for it).
"""

from __future__ import annotations

import json
import sqlite3
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from budgetlens.errors import BudgetlensError
from budgetlens.schemas.document import Document
from budgetlens.schemas.filing import Filing

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    path TEXT NOT NULL,
    name TEXT NOT NULL,
    media TEXT NOT NULL,
    pages INTEGER NOT NULL,
    ocr_pages INTEGER NOT NULL,
    tables INTEGER NOT NULL,
    entity TEXT,
    fiscal_year INTEGER,
    doc_type TEXT,
    extractor_version TEXT NOT NULL,
    ingested_at REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE TABLE IF NOT EXISTS paths (   -- where each document was seen: many paths, one document
    path TEXT PRIMARY KEY,
    doc_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS paths_doc ON paths(doc_id);
CREATE TABLE IF NOT EXISTS blobs (
    doc_id TEXT NOT NULL,
    kind TEXT NOT NULL,            -- layout | filing
    data BLOB NOT NULL,
    PRIMARY KEY (doc_id, kind)
);
CREATE TABLE IF NOT EXISTS cells (
    doc_id TEXT NOT NULL, table_id TEXT NOT NULL, row_key TEXT NOT NULL, label TEXT,
    col TEXT NOT NULL, value REAL NOT NULL, unit TEXT, page INTEGER, quote TEXT, bbox TEXT
);
CREATE INDEX IF NOT EXISTS cells_doc ON cells(doc_id, table_id);
CREATE TABLE IF NOT EXISTS key_figures (
    doc_id TEXT NOT NULL, name TEXT NOT NULL, value REAL NOT NULL, unit TEXT,
    page INTEGER, quote TEXT, bbox TEXT
);
CREATE INDEX IF NOT EXISTS key_figures_doc ON key_figures(doc_id);
CREATE TABLE IF NOT EXISTS checks (
    doc_id TEXT NOT NULL, check_id TEXT NOT NULL, kind TEXT, status TEXT NOT NULL,
    severity TEXT, message TEXT, pages TEXT, operands TEXT
);
CREATE INDEX IF NOT EXISTS checks_doc ON checks(doc_id);
"""

_PER_DOC_TABLES = ("blobs", "cells", "key_figures", "checks", "documents")


_STATUS_ORDER = "CASE status WHEN 'fail' THEN 0 WHEN 'warn' THEN 1 WHEN 'pass' THEN 2 ELSE 3 END"


class StoreError(BudgetlensError):
    """The fact store cannot be opened (not a database, unreadable)."""


@dataclass(frozen=True)
class DocRecord:
    doc_id: str
    sha256: str
    path: str
    name: str
    media: str
    pages: int
    ocr_pages: int
    tables: int
    entity: str | None
    fiscal_year: int | None
    doc_type: str | None
    extractor_version: str
    ingested_at: float


@dataclass(frozen=True)
class CellRow:
    """One table cell: ``T09 / reception / actual = 3.5 万元`` with its citation."""

    doc_id: str
    table_id: str
    row_key: str
    label: str | None
    col: str
    value: float
    unit: str | None
    page: int | None
    quote: str | None
    bbox: list[float] | None


@dataclass(frozen=True)
class FigureRow:
    """One key figure stated in the narrative (``reception_actual = 3.5``)."""

    doc_id: str
    name: str
    value: float
    unit: str | None
    page: int | None
    quote: str | None
    bbox: list[float] | None


@dataclass(frozen=True)
class CheckRow:
    """One check result, its pages and its operands (each with table/key/col or figure)."""

    doc_id: str
    check_id: str
    kind: str | None
    status: str
    severity: str | None
    message: str | None
    pages: list[int]
    operands: list[dict]


@dataclass(frozen=True)
class Switch:
    """What storing a document at a path changed: the documents the path held before
    (``older``) and those of them no path holds any more, now deleted (``retired``:
    their chunks must leave the index too)."""

    older: tuple[str, ...] = ()
    retired: tuple[str, ...] = ()


def _bbox(bbox) -> str | None:
    return json.dumps([round(v, 2) for v in bbox]) if bbox else None


def _box(raw: str | None) -> list[float] | None:
    return json.loads(raw) if raw else None


@dataclass(frozen=True)
class Rows:
    """What ``Store.put`` writes for one document, made without the database, so that the
    process that read the file makes them and the one writer only inserts them: the
    document's columns (media, pages, OCR pages, tables, entity, year, type), its layout
    and filing JSON compressed, and its cells, key figures and checks as table rows."""

    doc_id: str
    sha256: str
    document: tuple
    layout: bytes
    filing: bytes
    cells: list[tuple]
    key_figures: list[tuple]
    checks: list[tuple]


def rows_of(document: Document, filing: Filing, blobs: tuple[str, str] | None = None) -> Rows:
    """The rows of one document (``blobs`` as in ``Store.put``)::

        rows_of(document, filing).cells[0]
        → ("899e8c545aa4a337", "B01", "income.fiscal_grant", "一、预算拨款", "amount", 324314.91,
           "万元", 7, "324,314.91", "[231.18, 192.8, 420.01, 209.15]")
    """
    layout, facts = blobs if blobs is not None else (document.model_dump_json(), filing.model_dump_json())
    doc_id = document.doc_id
    return Rows(
        doc_id, document.sha256,
        (document.media, document.n_pages, document.ocr_pages, len(document.tables),
         filing.entity, filing.fiscal_year, filing.doc_type),
        zlib.compress(layout.encode(), 3), zlib.compress(facts.encode(), 3),
        [(doc_id, t.table_id, r.key, r.label, col, c.value, t.unit, c.citation.page, c.citation.quote,
          _bbox(c.citation.bbox))
         for t in filing.tables for r in t.rows for col, c in r.cells.items()],
        [(doc_id, name_, kf.value, kf.unit, kf.citation.page, kf.citation.quote, _bbox(kf.citation.bbox))
         for name_, kf in filing.key_figures.items()],
        [(doc_id, c.check_id, c.kind, c.status, c.severity, c.message, json.dumps(c.pages),
          json.dumps([o.model_dump(exclude_none=True) for o in c.operands], ensure_ascii=False))
         for c in filing.checks])


class Store:
    """SQLite fact store. Cheap to open; one connection per instance.

    ``Store(path, readonly=True)`` is for readers: it creates nothing (a missing store
    reads as empty) and runs no schema statement.
    """

    def __init__(self, db_path: str | Path, *, readonly: bool = False):
        self.path = Path(db_path)
        self.readonly = readonly
        self.empty_stand_in = readonly and not self.path.exists()  # no store yet: an empty one in memory
        try:
            if self.empty_stand_in:
                self._conn = sqlite3.connect(":memory:", check_same_thread=False)
                self._conn.executescript(_SCHEMA)
            else:
                if not readonly:
                    self.path.parent.mkdir(parents=True, exist_ok=True)
                self._conn = sqlite3.connect(self.path, timeout=60, isolation_level=None,
                                             check_same_thread=False)
                if not readonly:
                    self._conn.execute("PRAGMA journal_mode=WAL")
                    self._conn.execute("PRAGMA synchronous=NORMAL")
                    self._conn.executescript(_SCHEMA)
                else:
                    self._conn.execute("SELECT 1 FROM documents LIMIT 1").fetchall()
        except (sqlite3.DatabaseError, OSError) as exc:
            from budgetlens.workspace import disk_full, out_of_space

            if out_of_space(exc, self.path.parent):
                raise disk_full(self.path.parent, "opening the fact store") from None
            raise StoreError(f"{self.path}: cannot open the fact store ({exc})") from None
        self._conn.row_factory = sqlite3.Row

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        self._conn.execute("BEGIN IMMEDIATE")
        try:
            yield self._conn
        except BaseException:
            self._conn.execute("ROLLBACK")
            raise
        self._conn.execute("COMMIT")

    # --- documents -----------------------------------------------------------------

    def get(self, doc_id: str) -> DocRecord | None:
        row = self._conn.execute("SELECT * FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        return DocRecord(**dict(row)) if row else None

    def by_path(self, path: str) -> list[DocRecord]:
        """The document a path holds now (the version last ingested from it)."""
        rows = self._conn.execute(
            "SELECT d.* FROM documents d JOIN paths p ON p.doc_id = d.doc_id WHERE p.path=?", (path,)).fetchall()
        return [DocRecord(**dict(r)) for r in rows]

    def paths_of(self, doc_id: str) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT path FROM paths WHERE doc_id=? ORDER BY path", (doc_id,))]

    def referenced(self, doc_id: str) -> bool:
        """Does any path still hold this document?"""
        return self._conn.execute("SELECT 1 FROM paths WHERE doc_id=? LIMIT 1", (doc_id,)).fetchone() is not None

    def documents(self) -> list[DocRecord]:
        rows = self._conn.execute("SELECT * FROM documents ORDER BY name, doc_id").fetchall()
        return [DocRecord(**dict(r)) for r in rows]

    def doc_ids(self) -> set[str]:
        return {r[0] for r in self._conn.execute("SELECT doc_id FROM documents")}

    def find(self, ref: str) -> DocRecord | None:
        """A document by doc_id, doc_id prefix (4+ hex digits), path or file name."""
        rec = self.get(ref)
        if rec:
            return rec
        prefix = ref.lower() if len(ref) >= 4 and all(c in "0123456789abcdef" for c in ref.lower()) else None
        rows = self._conn.execute(
            "SELECT * FROM documents WHERE (? IS NOT NULL AND substr(doc_id, 1, length(?)) = ?) "
            "OR path=? OR name=? ORDER BY ingested_at DESC",
            (prefix, prefix, prefix, ref, ref),
        ).fetchall()
        return DocRecord(**dict(rows[0])) if rows else None

    def stale(self, version: str) -> list[DocRecord]:
        """Documents stored by another version of the code, libraries or settings."""
        rows = self._conn.execute("SELECT * FROM documents WHERE extractor_version != ? ORDER BY name",
                                  (version,)).fetchall()
        return [DocRecord(**dict(r)) for r in rows]

    def unreferenced(self) -> list[str]:
        """Documents no path holds (left by a crash between storing a new version of a
        path and removing the old one, before that became one transaction)."""
        return [r[0] for r in self._conn.execute(
            "SELECT doc_id FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM paths) ORDER BY doc_id")]

    def dangling_paths(self) -> list[str]:
        """Paths that name a document the store does not hold."""
        return [r[0] for r in self._conn.execute(
            "SELECT path FROM paths WHERE doc_id NOT IN (SELECT doc_id FROM documents) ORDER BY path")]

    # --- blobs ---------------------------------------------------------------------

    def _blob(self, doc_id: str, kind: str) -> bytes | None:
        row = self._conn.execute(
            "SELECT data FROM blobs WHERE doc_id=? AND kind=?", (doc_id, kind)
        ).fetchone()
        return zlib.decompress(row["data"]) if row else None

    def layout_bytes(self, doc_id: str) -> bytes | None:
        """The stored layout as JSON bytes, for a reader that needs only part of it."""
        return self._blob(doc_id, "layout")

    def layout(self, doc_id: str) -> Document | None:
        data = self._blob(doc_id, "layout")
        return Document.model_validate_json(data) if data else None

    def filing(self, doc_id: str) -> Filing | None:
        data = self._blob(doc_id, "filing")
        return Filing.model_validate_json(data) if data else None

    def filings(self) -> Iterator[Filing]:
        for rec in self.documents():
            filing = self.filing(rec.doc_id)
            if filing is not None:
                yield filing

    # --- facts ---------------------------------------------------------------------

    def cell(self, doc_id: str, table_id: str, row_key: str, col: str) -> CellRow | None:
        """One cell of one document's table, or ``None``."""
        row = self._conn.execute("SELECT * FROM cells WHERE doc_id=? AND table_id=? AND row_key=? AND col=? "
                                 "LIMIT 1", (doc_id, table_id, row_key, col)).fetchone()
        return _cell(row) if row else None

    def cells(self, doc_id: str | None = None) -> list[CellRow]:
        """Every cell of one document (or of all), in stored order."""
        if doc_id is None:
            rows = self._conn.execute("SELECT * FROM cells ORDER BY rowid").fetchall()
        else:
            rows = self._conn.execute("SELECT * FROM cells WHERE doc_id=? ORDER BY rowid", (doc_id,)).fetchall()
        return [_cell(r) for r in rows]

    def key_figures(self, doc_id: str, name: str | None = None) -> list[FigureRow]:
        """The key figures of one document (only ``name`` when given)."""
        rows = self._conn.execute(
            "SELECT * FROM key_figures WHERE doc_id=? AND (? IS NULL OR name=?) ORDER BY rowid",
            (doc_id, name, name)).fetchall()
        return [FigureRow(r["doc_id"], r["name"], r["value"], r["unit"], r["page"], r["quote"], _box(r["bbox"]))
                for r in rows]

    def checks(self, doc_id: str) -> list[CheckRow]:
        """One document's check results: fails first, then warnings, passes, skipped."""
        rows = self._conn.execute(f"SELECT * FROM checks WHERE doc_id=? ORDER BY {_STATUS_ORDER}, rowid",
                                  (doc_id,)).fetchall()
        return [CheckRow(r["doc_id"], r["check_id"], r["kind"], r["status"], r["severity"], r["message"],
                         json.loads(r["pages"] or "[]"), json.loads(r["operands"] or "[]")) for r in rows]

    def failed_check_counts(self) -> dict[str, int]:
        """doc_id → how many of its checks fail (documents with none are absent)."""
        return {r[0]: r[1] for r in self._conn.execute(
            "SELECT doc_id, COUNT(*) FROM checks WHERE status='fail' GROUP BY doc_id")}

    # --- writes --------------------------------------------------------------------

    def _retire_older(self, conn: sqlite3.Connection, path: str, doc_id: str) -> Switch:
        older = [r[0] for r in conn.execute("SELECT doc_id FROM paths WHERE path=? AND doc_id != ?",
                                            (path, doc_id))]
        conn.execute("INSERT OR REPLACE INTO paths VALUES (?, ?)", (path, doc_id))
        retired = []
        for old in older:
            if conn.execute("SELECT 1 FROM paths WHERE doc_id=? LIMIT 1", (old,)).fetchone() is None:
                for table in _PER_DOC_TABLES:
                    conn.execute(f"DELETE FROM {table} WHERE doc_id=?", (old,))
                retired.append(old)
        return Switch(tuple(older), tuple(retired))

    def link(self, path: str, doc_id: str) -> Switch:
        """Remember that ``path`` now holds ``doc_id`` (the same bytes may sit at several
        paths); the document it held before goes, in the same transaction, unless another
        path still holds it."""
        with self._tx() as conn:
            return self._retire_older(conn, path, doc_id)

    def put(self, document: Document, filing: Filing, *, path: str, extractor_version: str,
            blobs: tuple[str, str] | None = None) -> Switch:
        """Store one processed document at ``path``, replacing any earlier record of the
        same doc_id and retiring the version the path held before: one transaction, so a
        crash leaves the old state or the new one, never both versions of a path.
        ``blobs`` are ``(document.model_dump_json(), filing.model_dump_json())`` when the
        caller has them already."""
        return self.put_rows(rows_of(document, filing, blobs), path=path, extractor_version=extractor_version)

    def put_rows(self, rows: "Rows", *, path: str, extractor_version: str) -> Switch:
        """``put`` of rows already made by ``rows_of`` (in the process that read the file)."""
        doc_id = rows.doc_id
        with self._tx() as conn:
            for table in _PER_DOC_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE doc_id=?", (doc_id,))
            switch = self._retire_older(conn, path, doc_id)
            conn.execute("INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                         (doc_id, rows.sha256, path, Path(path).name, *rows.document, extractor_version, time.time()))
            conn.executemany("INSERT INTO blobs VALUES (?,?,?)",
                             [(doc_id, "layout", rows.layout), (doc_id, "filing", rows.filing)])
            conn.executemany("INSERT INTO cells VALUES (?,?,?,?,?,?,?,?,?,?)", rows.cells)
            conn.executemany("INSERT INTO key_figures VALUES (?,?,?,?,?,?,?)", rows.key_figures)
            conn.executemany("INSERT INTO checks VALUES (?,?,?,?,?,?,?,?)", rows.checks)
        return switch

    def delete(self, doc_id: str) -> None:
        with self._tx() as conn:
            for table in (*_PER_DOC_TABLES, "paths"):
                conn.execute(f"DELETE FROM {table} WHERE doc_id=?", (doc_id,))

    def drop_paths(self, paths: list[str]) -> None:
        with self._tx() as conn:
            conn.executemany("DELETE FROM paths WHERE path=?", [(p,) for p in paths])


def _cell(r: sqlite3.Row) -> CellRow:
    return CellRow(r["doc_id"], r["table_id"], r["row_key"], r["label"], r["col"], r["value"], r["unit"],
                   r["page"], r["quote"], _box(r["bbox"]))
