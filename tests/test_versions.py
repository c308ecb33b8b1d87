"""Results carry the version of what made them, and a change makes them stale; a bug
raises under test instead of becoming a failed file or a warning."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from budgetlens.fixtures.figures import make_figures
from budgetlens.fixtures.generator import render_text

from budgetlens import fingerprint as fp
from budgetlens.pipeline import (
    Analysed,
    Failed,
    ProcessingError,
    analyse_file,
    fingerprint,
    process,
)
from budgetlens.store import Store


def _filing(folder: Path, seed: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"f{seed}.txt"
    p.write_text(render_text(make_figures(seed)), encoding="utf-8")
    return p


def test_the_fingerprint_moves_with_code_libraries_and_output_settings(settings, monkeypatch):
    base = fingerprint(settings)
    assert base.startswith("rules-1+checks-1+") and len(base.rsplit("+", 1)[1]) == 12
    assert fingerprint(settings.scoped(ocr_dpi=300)) != base
    assert fingerprint(settings.scoped(llm="openai:m")) != base
    assert fingerprint(settings.scoped(doc_seconds=10, embedding="e5")) == base  # no output changes
    monkeypatch.setattr(fp, "library_versions", lambda: (("pymupdf", "0.0"),))
    assert fingerprint(settings) != base
    monkeypatch.undo()
    monkeypatch.setattr(fp, "source_hash", lambda: "another commit")
    assert fingerprint(settings) != base


def test_the_source_hash_covers_the_code_that_makes_results():
    files = fp.source_hash.__wrapped__  # uncached, to see it is a pure function of the files
    assert files() == fp.source_hash()
    assert "extract" in fp.OUTPUT_PACKAGES and "qa" not in fp.OUTPUT_PACKAGES


def test_a_code_change_makes_stored_results_stale_and_ingest_recomputes_them(tmp_path, settings, monkeypatch):
    f = _filing(tmp_path / "in", 61)
    first = process([f], settings)
    assert first.count("added") == 1
    with Store(settings.db_path, readonly=True) as store:
        (rec,) = store.documents()
        assert rec.extractor_version == fingerprint(settings) == store.filing(rec.doc_id).extractor_version
    assert process([f], settings).count("unchanged") == 1
    monkeypatch.setattr(fp, "source_hash", lambda: "a changed extractor")
    with Store(settings.db_path, readonly=True) as store:
        assert [r.doc_id for r in store.stale(fingerprint(settings))] == [rec.doc_id]
    again = process([f], settings)
    assert again.count("recomputed") == 1 and "1 stale, recomputed" in again.summary()
    with Store(settings.db_path, readonly=True) as store:
        (new,) = store.documents()
        assert new.extractor_version == fingerprint(settings) != rec.extractor_version
        assert store.filing(new.doc_id).extractor_version == new.extractor_version
        assert store.stale(fingerprint(settings)) == []


def test_a_code_change_makes_bulk_results_stale(tmp_path, monkeypatch):
    from budgetlens.bulk.job import BulkJob, JobOptions

    _filing(tmp_path / "in", 62)
    out = tmp_path / "out"
    assert BulkJob(out, JobOptions()).run(tmp_path / "in")["processed_this_run"] == 1
    assert BulkJob(out, JobOptions()).run(tmp_path / "in")["processed_this_run"] == 0
    monkeypatch.setattr(fp, "source_hash", lambda: "a changed extractor")
    summary = BulkJob(out, JobOptions()).run(tmp_path / "in")
    assert summary["processed_this_run"] == 1 and summary["stale_recomputed"] == 1
    assert "1 stale, recomputed" in (out / "summary.txt").read_text(encoding="utf-8")
    (filing,) = [json.loads(l) for l in (out / "filings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert filing["extractor_version"] == summary["extractor_version"]


def test_a_bug_in_the_child_raises_under_test_and_is_a_failure_for_users(tmp_path, settings, monkeypatch):
    f = _filing(tmp_path / "in", 63)
    monkeypatch.setenv("BUDGETLENS_CRASH_AT", "analysed:raise")
    with pytest.raises(ProcessingError, match="crash point analysed"):
        analyse_file(f, settings)
    result = analyse_file(f, settings.scoped(raise_errors=False))
    assert isinstance(result, Failed) and result.reason_code == "internal"
    assert "RuntimeError: crash point analysed" in result.reason


def test_narrative_errors_raise_under_test_and_are_warnings_otherwise(tmp_path, settings, monkeypatch):
    from budgetlens.extract import narrative

    def broken(document):
        raise KeyError("a bug in narrative extraction")

    monkeypatch.setattr(narrative, "extract_narrative", broken)
    f = _filing(tmp_path / "in", 64)
    here = settings.scoped(isolate=False)  # in this process, where the monkeypatch is
    with pytest.raises(ProcessingError, match="a bug in narrative extraction"):
        analyse_file(f, here)
    result = analyse_file(f, here.scoped(raise_errors=False))
    assert isinstance(result, Analysed)
    assert any("narrative extraction failed: KeyError" in w for w in result.filing.warnings)
