"""The fact store is asked typed questions: no SQL is written outside ``budgetlens/store.py``.

The lexical index and the LLM cache keep their own private SQLite files and may speak
SQL to them; nothing else may.
"""

from __future__ import annotations

import re
from pathlib import Path

from budgetlens.store import Store

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("budgetlens", "schemas", "ingest", "extract", "checks", "index", "qa", "bulk", "eval", "fixtures")
OWN_SQLITE = {"budgetlens/store.py", "index/lexical.py", "budgetlens/llm.py"}
SQL = re.compile(r"""["'](?:\s*)(SELECT\s.*\sFROM\s|INSERT\s+(?:OR\s+\w+\s+)?INTO\s|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(?:TABLE|INDEX)|PRAGMA\s)""",
                 re.IGNORECASE)


def _sources() -> list[Path]:
    files = [ROOT / "app.py"]
    for package in PACKAGES:
        files += sorted((ROOT / package).rglob("*.py"))
    return files


def test_no_sql_outside_the_store():
    found = []
    for f in _sources():
        rel = f.relative_to(ROOT).as_posix()
        if rel in OWN_SQLITE:
            continue
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if SQL.search(line):
                found.append(f"{rel}:{n}: {line.strip()}")
    assert found == []


def test_the_grep_sees_sql_when_it_is_there(tmp_path: Path):
    planted = 'rows = store._conn.execute("SELECT value FROM cells WHERE doc_id=?", (d,))'
    assert SQL.search(planted)
    assert not SQL.search('print("select a file")')


def test_the_store_offers_no_raw_query():
    assert not hasattr(Store, "query")
