"""The embedded fact store: one SQLite file in the workspace.

It holds, per document, the layout (``Document`` JSON), the extracted ``Filing`` JSON,
and flat tables for lookups: cells, key figures and check results. A document is keyed
by ``doc_id`` (first 16 hex digits of its sha256) and remembered under its path, so
that re-ingesting the same bytes changes nothing and a new version of a path replaces
the old one. Everything for one document is written in one transaction.
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


def _bbox(bbox) -> str | None:
    return json.dumps([round(v, 2) for v in bbox]) if bbox else None


class Store:
    """SQLite fact store. Cheap to open; one connection per instance."""

    def __init__(self, db_path: str | Path):
        self.path = Path(db_path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, timeout=60, isolation_level=None, check_same_thread=False)
        self._conn.row_factory = sqlite3.Row
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute("PRAGMA synchronous=NORMAL")
        self._conn.executescript(_SCHEMA)

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

    # --- reads ---------------------------------------------------------------------

    def get(self, doc_id: str) -> DocRecord | None:
        row = self._conn.execute("SELECT * FROM documents WHERE doc_id=?", (doc_id,)).fetchone()
        return DocRecord(**dict(row)) if row else None

    def by_path(self, path: str) -> list[DocRecord]:
        """The document a path holds now (the version last ingested from it)."""
        rows = self._conn.execute(
            "SELECT d.* FROM documents d JOIN paths p ON p.doc_id = d.doc_id WHERE p.path=?", (path,)).fetchall()
        return [DocRecord(**dict(r)) for r in rows]

    def link(self, path: str, doc_id: str) -> None:
        """Remember that ``path`` holds ``doc_id`` (the same bytes may sit at several paths)."""
        with self._tx() as conn:
            conn.execute("INSERT OR REPLACE INTO paths VALUES (?, ?)", (path, doc_id))

    def referenced(self, doc_id: str) -> bool:
        """Does any path still hold this document?"""
        return self._conn.execute("SELECT 1 FROM paths WHERE doc_id=? LIMIT 1", (doc_id,)).fetchone() is not None

    def documents(self) -> list[DocRecord]:
        rows = self._conn.execute("SELECT * FROM documents ORDER BY name, doc_id").fetchall()
        return [DocRecord(**dict(r)) for r in rows]

    def find(self, ref: str) -> DocRecord | None:
        """A document by doc_id, doc_id prefix, path or file name."""
        rec = self.get(ref)
        if rec:
            return rec
        rows = self._conn.execute(
            "SELECT * FROM documents WHERE doc_id LIKE ? OR path=? OR name=? ORDER BY ingested_at DESC",
            (ref + "%", ref, ref),
        ).fetchall()
        return DocRecord(**dict(rows[0])) if rows else None

    def _blob(self, doc_id: str, kind: str) -> bytes | None:
        row = self._conn.execute(
            "SELECT data FROM blobs WHERE doc_id=? AND kind=?", (doc_id, kind)
        ).fetchone()
        return zlib.decompress(row["data"]) if row else None

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

    def query(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        """Read-only SQL over the flat tables (cells, key_figures, checks, documents)."""
        return self._conn.execute(sql, params).fetchall()

    # --- writes --------------------------------------------------------------------

    def put(self, document: Document, filing: Filing, *, path: str, extractor_version: str) -> None:
        """Store one processed document, replacing any earlier record of the same doc_id."""
        name = Path(path).name
        with self._tx() as conn:
            for table in _PER_DOC_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE doc_id=?", (document.doc_id,))
            conn.execute("INSERT OR REPLACE INTO paths VALUES (?, ?)", (path, document.doc_id))
            conn.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (document.doc_id, document.sha256, path, name, document.media,
                 document.n_pages, document.ocr_pages, len(document.tables),
                 filing.entity, filing.fiscal_year, filing.doc_type, extractor_version, time.time()),
            )
            conn.executemany(
                "INSERT INTO blobs VALUES (?,?,?)",
                [(document.doc_id, "layout", zlib.compress(document.model_dump_json().encode(), 3)),
                 (document.doc_id, "filing", zlib.compress(filing.model_dump_json().encode(), 3))],
            )
            conn.executemany(
                "INSERT INTO cells VALUES (?,?,?,?,?,?,?,?,?,?)",
                [(document.doc_id, t.table_id, r.key, r.label, col, c.value, t.unit,
                  c.citation.page, c.citation.quote, _bbox(c.citation.bbox))
                 for t in filing.tables for r in t.rows for col, c in r.cells.items()],
            )
            conn.executemany(
                "INSERT INTO key_figures VALUES (?,?,?,?,?,?,?)",
                [(document.doc_id, name_, kf.value, kf.unit, kf.citation.page, kf.citation.quote,
                  _bbox(kf.citation.bbox))
                 for name_, kf in filing.key_figures.items()],
            )
            conn.executemany(
                "INSERT INTO checks VALUES (?,?,?,?,?,?,?,?)",
                [(document.doc_id, c.check_id, c.kind, c.status, c.severity, c.message,
                  json.dumps(c.pages),
                  json.dumps([o.model_dump(exclude_none=True) for o in c.operands], ensure_ascii=False))
                 for c in filing.checks],
            )

    def delete(self, doc_id: str) -> None:
        with self._tx() as conn:
            for table in (*_PER_DOC_TABLES, "paths"):
                conn.execute(f"DELETE FROM {table} WHERE doc_id=?", (doc_id,))
