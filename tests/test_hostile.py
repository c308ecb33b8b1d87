"""Every kind of hostile file (``tests/hostile.py``) through the doors a user has: one
``ingest`` of all of them and one ``bulk`` job over a manifest naming all of them.

Each refused file is one ``error:`` line naming the file (its name shown escaped) and a
reason, with no traceback and nothing stored; each benign one is stored; the good files
in the same batch go through.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from budgetlens.cli import app, printable
from budgetlens.ingest import text_path
from budgetlens.store import Store
from hostile import ENV, KINDS, build

KIND_NAMES = [k.name for k in KINDS]


def test_the_corpus_has_sixty_kinds_or_more():
    assert len(KINDS) >= 60 and len(set(KIND_NAMES)) == len(KINDS)
    assert sum(k.expect == "ok" for k in KINDS) >= 10 and sum(k.expect != "ok" for k in KINDS) >= 45


def _lines(stderr: str, path: Path) -> list[str]:
    shown = printable(str(path))
    return [line for line in stderr.splitlines() if line.startswith(f"error: {shown}: ")]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """One ingest and one bulk job over the whole corpus (module-wide: they are the slow part)."""
    root = tmp_path_factory.mktemp("hostile")
    built = build(root / "in")
    saved = {k: os.environ.get(k) for k in [*ENV, "BUDGETLENS_EMBEDDING", "BUDGETLENS_HOME"]}
    os.environ.update(ENV, BUDGETLENS_EMBEDDING="hash", BUDGETLENS_HOME=str(root / "home"))
    try:
        runner = CliRunner()
        ingest = runner.invoke(app, ["ingest", *[str(p) for _, p in built]], catch_exceptions=False)
        manifest = root / "manifest.jsonl"
        manifest.write_text("".join(json.dumps({"path": str(p)}) + "\n" for _, p in built), encoding="utf-8")
        bulk = runner.invoke(app, ["bulk", str(manifest), "--out", str(root / "out"), "--workers", "2",
                                   "--no-coverage"], catch_exceptions=False)
    finally:
        for k, v in saved.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
    with Store(root / "home" / "facts.sqlite", readonly=True) as store:
        stored = {r.path for r in store.documents()} | {p for r in store.documents() for p in store.paths_of(r.doc_id)}
    docs = [json.loads(p.read_text(encoding="utf-8")) for p in (root / "out" / "docs").glob("*.json")]
    failures = [json.loads(line) for line in (root / "out" / "failures.jsonl").read_text(encoding="utf-8").splitlines()]
    return {"home": root / "home", "built": dict((k.name, p) for k, p in built), "ingest": ingest, "bulk": bulk, "stored": stored,
            "bulk_docs": {d["source"]["path"] for d in docs}, "bulk_failures": {f["path"]: f for f in failures}}


def test_neither_door_shows_a_traceback_and_both_say_some_failed(runs):
    for door in ("ingest", "bulk"):
        result = runs[door]
        assert result.exit_code == 1, (door, result.output[-2000:])
        assert "Traceback" not in result.output and "\x1b" not in result.stderr, door
        errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
        assert len(errors) == sum(k.expect != "ok" for k in KINDS), (door, errors)


@pytest.mark.parametrize("kind", KINDS, ids=KIND_NAMES)
def test_each_kind_is_one_error_line_or_a_clear_success(kind, runs):
    import re

    path = runs["built"][kind.name]
    key = text_path(os.path.realpath(path))
    for door in ("ingest", "bulk"):
        lines = _lines(runs[door].stderr, path)
        if kind.expect == "ok":
            assert lines == [], (door, lines)
        else:
            assert len(lines) == 1, (door, runs[door].stderr[-3000:])
            assert re.search(kind.expect, lines[0], re.IGNORECASE), (door, lines[0])
    if kind.expect == "ok":
        assert key in runs["stored"]
        assert text_path(path) in runs["bulk_docs"]
    else:
        assert key not in runs["stored"] and text_path(path) not in runs["stored"]
        assert text_path(path) not in runs["bulk_docs"]
        assert str(path) in runs["bulk_failures"]


def test_an_external_entity_is_never_resolved(runs):
    """The .docx that names file:///etc/passwd as an entity is stored without it."""
    with Store(runs["home"] / "facts.sqlite", readonly=True) as store:
        (rec,) = [r for r in store.documents() if r.name == "xxe.docx"]
        layout = store.layout(rec.doc_id).model_dump_json()
    assert "财政局" in layout and "root:" not in layout
