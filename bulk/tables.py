"""Flat tables of a bulk job: one row per cell, one row per check (CSV and Parquet)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

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


def write_csv(path: Path, rows: list[dict]) -> None:
    from bulk.job import atomic_write

    columns = CELL_COLUMNS if path.name.startswith("cells") else CHECK_COLUMNS
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    atomic_write(path, "\ufeff" + buf.getvalue())  # BOM so spreadsheet programs read the Chinese


def write_parquet(path: Path, rows: list[dict]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    from bulk.job import atomic_write

    schema = pa.schema([("doc_id", pa.string()), ("path", pa.string()), ("entity", pa.string()),
                        ("fiscal_year", pa.int32()), ("doc_type", pa.string()), ("table_id", pa.string()),
                        ("row_key", pa.string()), ("label", pa.string()), ("col", pa.string()),
                        ("value", pa.float64()), ("unit", pa.string()), ("page", pa.int32())])
    table = pa.Table.from_pylist([{k: r.get(k) for k in CELL_COLUMNS} for r in rows], schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink)
    atomic_write(path, sink.getvalue().to_pybytes())
