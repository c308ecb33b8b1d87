"""Bulk jobs: bad files mixed in, same output for 1 and 2 workers, kill-and-resume, Dask."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from budgetlens.bulk.job import BulkJob, JobOptions

OUTPUTS = ("filings.jsonl", "cells.csv", "checks.csv", "failures.jsonl")


@pytest.fixture(scope="session")
def corpus(tmp_path_factory) -> Path:
    from budgetlens.fixtures.figures import make_figures
    from budgetlens.fixtures.generator import render_docx, render_pdf, render_text

    root = tmp_path_factory.mktemp("corpus")
    layouts = ["ruled", "borderless", "ruled", "split"]
    for seed, layout in enumerate(layouts, start=11):
        (root / f"filing-{seed}-{layout}.pdf").write_bytes(render_pdf(make_figures(seed), layout))
    (root / "filing-21.docx").write_bytes(render_docx(make_figures(21)))
    (root / "filing-22.txt").write_text(render_text(make_figures(22)), encoding="utf-8")
    (root / "bad").mkdir()
    (root / "bad" / "empty.pdf").write_bytes(b"")
    (root / "bad" / "page.pdf").write_text("<!DOCTYPE html><html><body>not found</body></html>")
    return root


def _outputs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


@pytest.fixture(scope="session")
def reference(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bulk-ref")
    BulkJob(out, JobOptions(workers=1)).run(corpus)
    return out


def test_bad_files_are_recorded_and_the_batch_goes_on(reference, corpus):
    failures = [json.loads(l) for l in (reference / "failures.jsonl").read_text(encoding="utf-8").splitlines()]
    assert sorted(Path(f["path"]).name for f in failures) == ["empty.pdf", "page.pdf"]
    assert all(f["reason"] for f in failures)
    filings = (reference / "filings.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(filings) == 6
    summary = json.loads((reference / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 6 and summary["failures"] == 2
    assert len(list((reference / "docs").glob("*.json"))) == 6
    import pyarrow.parquet as pq

    table = pq.read_table(reference / "cells.parquet")
    csv_rows = (reference / "cells.csv").read_text(encoding="utf-8-sig").splitlines()
    assert table.num_rows == len(csv_rows) - 1 > 100
    assert set(table.column_names) >= {"entity", "fiscal_year", "doc_type", "table_id", "row_key", "label",
                                        "col", "value", "unit", "page"}


def test_rerun_skips_what_is_done(reference, corpus):
    before = _outputs(reference)
    summary = BulkJob(reference, JobOptions(workers=1)).run(corpus)
    assert summary["processed_this_run"] == 0
    assert _outputs(reference) == before


def test_two_workers_give_identical_output(reference, corpus, tmp_path):
    BulkJob(tmp_path, JobOptions(workers=2)).run(corpus)
    assert _outputs(tmp_path) == _outputs(reference)


@pytest.mark.slow
def test_killed_job_resumes_without_loss_or_duplicates(reference, corpus, tmp_path):
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "budgetlens.cli", "bulk", str(corpus), "--out", str(out), "--workers", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list((out / "docs").glob("*.json"))) < 2:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    done = list((out / "docs").glob("*.json"))
    assert 2 <= len(done) < 6, "the job should have been killed part-way"
    for f in done:  # whatever was written is whole
        json.loads(f.read_text(encoding="utf-8"))
    result = subprocess.run(cmd, capture_output=True, text=True)
    assert result.returncode == 1  # the two bad files are still failures
    assert _outputs(out) == _outputs(reference)
    assert not list(out.rglob("*.tmp"))


@pytest.mark.slow
def test_dask_executor_in_local_mode_gives_the_same_output(reference, corpus, tmp_path):
    pytest.importorskip("dask.distributed")
    BulkJob(tmp_path, JobOptions(workers=2, executor="dask")).run(corpus)
    assert _outputs(tmp_path) == _outputs(reference)


def test_a_file_that_changes_or_breaks_is_reported_and_its_old_result_dropped(tmp_path):
    from budgetlens.fixtures.figures import make_figures
    from budgetlens.fixtures.generator import render_text

    src = tmp_path / "in"
    src.mkdir()
    a = src / "a.txt"
    a.write_text(render_text(make_figures(31)), encoding="utf-8")
    out = tmp_path / "out"
    job = BulkJob(out, JobOptions(workers=1))
    first = json.loads(job.run(src) and (out / "filings.jsonl").read_text(encoding="utf-8").splitlines()[0])
    a.write_bytes(b"")  # the same path now breaks
    summary = job.run(src)
    assert summary["documents"] == 0 and summary["failures"] == 1
    assert (out / "filings.jsonl").read_text(encoding="utf-8") == ""
    a.write_text(render_text(make_figures(32)), encoding="utf-8")  # and then a new version
    summary = job.run(src)
    filings = [json.loads(l) for l in (out / "filings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert summary["documents"] == 1 and summary["failures"] == 0
    assert [f["doc_id"] for f in filings] != [first["doc_id"]]


def test_a_worker_that_dies_fails_its_file_and_the_batch_goes_on(corpus, tmp_path, monkeypatch):
    """A document that kills its process (a library crash, the OOM killer): SIGKILL at a
    crash point, for that file only."""
    monkeypatch.setenv("BUDGETLENS_CRASH_AT", "analysed@filing-12-borderless.pdf")
    summary = BulkJob(tmp_path, JobOptions(workers=2)).run(corpus)
    failures = [json.loads(l) for l in (tmp_path / "failures.jsonl").read_text(encoding="utf-8").splitlines()]
    crashed = [f for f in failures if f["reason_code"] == "crashed"]
    assert [Path(f["path"]).name for f in crashed] == ["filing-12-borderless.pdf"]
    assert "signal 9" in crashed[0]["reason"]
    assert summary["documents"] == 5
