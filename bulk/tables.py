"""Flat tables of a bulk job: one row per cell, one row per check (CSV and Parquet)."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pyarrow as pa

_PARQUET_SCHEMA = pa.schema([("doc_id", pa.string()), ("path", pa.string()), ("entity", pa.string()),
                             ("fiscal_year", pa.int32()), ("doc_type", pa.string()), ("table_id", pa.string()),
                             ("row_key", pa.string()), ("label", pa.string()), ("col", pa.string()),
                             ("value", pa.float64()), ("unit", pa.string()), ("page", pa.int32())])

CELL_COLUMNS = ["doc_id", "path", "entity", "fiscal_year", "doc_type", "table_id", "row_key", "label",
                "col", "value", "unit", "page"]
CHECK_COLUMNS = ["doc_id", "path", "entity", "fiscal_year", "check_id", "kind", "status", "severity",
                 "expected", "actual", "difference", "tolerance", "pages", "message"]


def cell_rows(filings: list[dict]) -> list[dict]:
    rows = []
    for f in filings:
        base = {"doc_id": f["doc_id"], "path": f["source"]["path"], "entity": f.get("entity"),
                "fiscal_year": f.get("fiscal_year"), "doc_type": f.get("doc_type")}
        for t in f.get("tables", []):
            for r in t.get("rows", []):
                for col, cell in r.get("cells", {}).items():
                    rows.append({**base, "table_id": t["table_id"], "row_key": r["key"],
                                 "label": r.get("label", ""), "col": col, "value": cell["value"],
                                 "unit": t.get("unit"), "page": cell["citation"]["page"]})
    return rows


def check_rows(filings: list[dict]) -> list[dict]:
    rows = []
    for f in filings:
        for c in f.get("checks", []):
            rows.append({"doc_id": f["doc_id"], "path": f["source"]["path"], "entity": f.get("entity"),
                         "fiscal_year": f.get("fiscal_year"), "check_id": c["check_id"],
                         "kind": c.get("kind", ""), "status": c["status"], "severity": c.get("severity"),
                         "expected": c.get("expected"), "actual": c.get("actual"),
                         "difference": c.get("difference"), "tolerance": c.get("tolerance"),
                         "pages": " ".join(map(str, c.get("pages", []))), "message": c.get("message", "")})
    return rows


class Aggregates:
    """Streaming writers of filings.jsonl, cells.csv, cells.parquet and checks.csv: one
    filing in memory at a time, every file written beside its name and renamed into
    place only when all are complete (a killed job leaves the old ones whole)."""

    BATCH = 20_000

    def __init__(self, out: Path):
        self.out = out
        self._tmp: dict[str, Path] = {}
        self._pending: list[dict] = []
        self._parquet = None

    def __enter__(self) -> "Aggregates":
        import pyarrow.parquet as pq

        def tmp(name: str) -> Path:
            self._tmp[name] = self.out / f".{name}.{os.getpid()}.tmp"
            return self._tmp[name]

        self._jsonl = tmp("filings.jsonl").open("w", encoding="utf-8")
        self._cells_fh = tmp("cells.csv").open("w", encoding="utf-8", newline="")
        self._checks_fh = tmp("checks.csv").open("w", encoding="utf-8", newline="")
        self._cells_fh.write("\ufeff")  # BOM so spreadsheet programs read the Chinese
        self._checks_fh.write("\ufeff")
        self._cells = csv.DictWriter(self._cells_fh, CELL_COLUMNS, extrasaction="ignore", lineterminator="\n")
        self._checks = csv.DictWriter(self._checks_fh, CHECK_COLUMNS, extrasaction="ignore", lineterminator="\n")
        self._cells.writeheader()
        self._checks.writeheader()
        self._parquet = pq.ParquetWriter(tmp("cells.parquet"), _PARQUET_SCHEMA)
        return self

    def add(self, filing: dict) -> None:
        self._jsonl.write(json.dumps(filing, ensure_ascii=False, sort_keys=True) + "\n")
        cells = cell_rows([filing])
        self._cells.writerows(cells)
        self._checks.writerows(check_rows([filing]))
        self._pending.extend(cells)
        if len(self._pending) >= self.BATCH:
            self._flush_parquet()

    def _flush_parquet(self) -> None:
        import pyarrow as pa

        if self._pending:
            self._parquet.write_table(pa.Table.from_pylist(
                [{k: r.get(k) for k in CELL_COLUMNS} for r in self._pending], schema=_PARQUET_SCHEMA))
            self._pending = []

    def __exit__(self, exc_type, exc, tb) -> None:
        self._flush_parquet()
        self._parquet.close()
        for fh in (self._jsonl, self._cells_fh, self._checks_fh):
            fh.flush()
            os.fsync(fh.fileno())
            fh.close()
        if exc_type is not None:
            for path in self._tmp.values():
                path.unlink(missing_ok=True)
            return
        for name, path in self._tmp.items():
            os.replace(path, self.out / name)
