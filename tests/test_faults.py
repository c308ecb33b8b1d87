"""Faults an unlucky operator meets: two writers at once, readers at once, a kill -9 at
each write boundary, a stuck or greedy document, a .docx bomb, a killed parent.

Each test stages the fault for real (subprocesses, SIGKILL, crash points named by
``BUDGETLENS_CRASH_AT``) on small generated text filings, and checks what is left:
nothing lost, nothing duplicated, one error line.
"""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import psutil
import pytest
from budgetlens.fixtures.figures import make_figures
from budgetlens.fixtures.generator import render_text

from budgetlens import repair
from budgetlens.pipeline import process
from budgetlens.store import Store


def _filings(folder: Path, seeds, prefix: str = "f") -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for seed in seeds:
        p = folder / f"{prefix}{seed}.txt"
        p.write_text(render_text(make_figures(seed)), encoding="utf-8")
        out.append(p)
    return out


def _cli(home: Path, *args: str, env: dict | None = None, **kw) -> subprocess.Popen:
    full = {**os.environ, "BUDGETLENS_HOME": str(home), "BUDGETLENS_EMBEDDING": "hash", **(env or {})}
    return subprocess.Popen([sys.executable, "-m", "budgetlens.cli", *args, "--home", str(home)], env=full,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def _consistent(settings) -> repair.Findings:
    from budgetlens.index import Index

    with Store(settings.db_path, readonly=True) as store:
        return repair.check(store, Index(settings, readonly=True))


def test_two_ingests_at_once_leave_every_document_with_its_chunks(tmp_path: Path, settings):
    a = _filings(tmp_path / "a", [41, 42])
    b = _filings(tmp_path / "b", [43])
    shared = tmp_path / "a" / "f41.txt"  # both runs ingest this one
    runs = [_cli(settings.home, "ingest", str(tmp_path / "a")),
            _cli(settings.home, "ingest", str(b[0]), str(shared))]
    for run in runs:
        out, err = run.communicate(timeout=240)
        assert run.returncode == 0, err
    found = _consistent(settings)
    assert found.clean, found.summary()
    with Store(settings.db_path, readonly=True) as store:
        assert len(store.documents()) == 3
    assert len(a) == 2


def test_a_second_writer_waits_then_stops_with_one_line(tmp_path: Path, settings):
    from budgetlens.workspace import writer_lock

    (f,) = _filings(tmp_path / "in", [44])
    with writer_lock(settings.home, timeout=1):
        run = _cli(settings.home, "ingest", str(f), env={"BUDGETLENS_LOCK_TIMEOUT": "1"})
        out, err = run.communicate(timeout=120)
    assert run.returncode == 1
    lines = [l for l in err.splitlines() if l.strip()]
    assert lines == [f"error: {settings.home}: another budgetlens process is writing this workspace (waited 1 s)"]
    run = _cli(settings.home, "ingest", str(f))  # the lock is free again
    assert run.wait(timeout=120) == 0


def test_four_asks_at_once_all_answer_and_write_nothing_of_the_workspace(tmp_path: Path, settings):
    process(_filings(tmp_path / "in", [45, 46]), settings)
    from budgetlens.index import Index

    db = settings.db_path.read_bytes()
    lexical = Index(settings, readonly=True).lexical
    before = (lexical.generation(), lexical.doc_counts())
    asks = [_cli(settings.home, "ask", q) for q in ("为什么支出增加？", "公务接待费是多少？") * 2]
    for run in asks:
        out, err = run.communicate(timeout=240)
        assert run.returncode == 0, err
        assert "Traceback" not in err
    assert settings.db_path.read_bytes() == db
    assert (lexical.generation(), lexical.doc_counts()) == before  # (SQLite may checkpoint its WAL)
    assert not list(settings.home.rglob("*.tmp"))


@pytest.mark.parametrize("point", ["dense", "indexed", "stored"])
def test_kill_9_at_each_write_boundary_leaves_the_old_or_the_new_state(point: str, tmp_path: Path, settings):
    """A new version of a path, ingested by a process killed at a write boundary."""
    path = tmp_path / "in" / "filing.txt"
    path.parent.mkdir()
    path.write_text(render_text(make_figures(47)), encoding="utf-8")
    process([path], settings)
    with Store(settings.db_path, readonly=True) as store:
        (old,) = store.documents()
    path.write_text(render_text(make_figures(48)), encoding="utf-8")
    run = _cli(settings.home, "ingest", str(path), env={"BUDGETLENS_CRASH_AT": point})
    run.communicate(timeout=240)
    assert run.returncode == -signal.SIGKILL
    with Store(settings.db_path, readonly=True) as store:
        docs = store.documents()
        held = store.by_path(str(path.resolve()))
    assert len(docs) == 1 and len(held) == 1  # never both versions
    expected_old = point in ("dense", "indexed")
    assert (docs[0].doc_id == old.doc_id) == expected_old
    report = process([path], settings)  # the next writer repairs on open, then ingests
    assert report.repaired is not None  # orphan chunks of one version or the other
    assert report.outcomes[0].status in ("replaced", "unchanged")
    found = _consistent(settings)
    assert found.clean, found.summary()
    with Store(settings.db_path, readonly=True) as store:
        assert [d.doc_id for d in store.documents()] != [old.doc_id]


def test_doctor_repairs_orphans_missing_chunks_and_two_versions_of_a_path(tmp_path: Path, settings):
    from budgetlens.index import Index
    from budgetlens.index.chunking import chunk_document
    from typer.testing import CliRunner

    from budgetlens.cli import app

    files = _filings(tmp_path / "in", [49, 50, 51])
    process(files, settings)
    with Store(settings.db_path) as store:
        a, b, c = store.documents()
        layout, filing = store.layout(a.doc_id), store.filing(a.doc_id)
        ghost = layout.model_copy(update={"doc_id": "0" * 16})
        # a's path pointed at a newer version (b) with a itself left behind, held by no path:
        # what a crash between storing a new version and deleting the old once left
        store._conn.execute("UPDATE paths SET doc_id=? WHERE path=?", (b.doc_id, a.path))
    idx = Index(settings)
    idx.upsert(ghost.doc_id, chunk_document(ghost, filing.model_copy(update={"doc_id": ghost.doc_id})))  # orphans
    idx.delete(c.doc_id)  # a stored document without chunks
    found = _consistent(settings)
    assert found.orphans == [ghost.doc_id] and found.unindexed == [c.doc_id] and found.unreferenced == [a.doc_id]
    result = CliRunner().invoke(app, ["doctor", "--home", str(settings.home)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "repaired 1 unreferenced document(s)" in result.stdout
    assert _consistent(settings).clean
    with Store(settings.db_path, readonly=True) as store:
        assert sorted(d.doc_id for d in store.documents()) == sorted([b.doc_id, c.doc_id])
    assert Index(settings).lexical.doc_counts()[c.doc_id] > 0


def test_a_stuck_document_is_a_timeout_failure_and_nothing_of_it_is_stored(tmp_path: Path, settings, monkeypatch):
    files = _filings(tmp_path / "in", [52, 53], prefix="ok")
    (slow,) = _filings(tmp_path / "in", [54], prefix="slow")
    # the hang is inside extraction, where generic handlers once swallowed a timeout signal
    monkeypatch.setenv("BUDGETLENS_CRASH_AT", "analysed:hang@slow54")
    report = process([*files, slow], settings.scoped(doc_seconds=10))
    (failed,) = report.failures
    assert failed.path == str(slow) and failed.reason_code == "timeout"
    assert "took longer than 10 s" in failed.error
    with Store(settings.db_path, readonly=True) as store:
        assert sorted(d.name for d in store.documents()) == ["ok52.txt", "ok53.txt"]


def test_a_greedy_document_is_killed_at_the_memory_limit(tmp_path: Path, settings, monkeypatch):
    (f,) = _filings(tmp_path / "in", [55])
    monkeypatch.setenv("BUDGETLENS_CRASH_AT", "analysed:memory")
    report = process([f], settings.scoped(doc_memory_mb=600))
    (failed,) = report.failures
    assert failed.reason_code == "memory" and "600 MiB" in failed.error


def test_bulk_timeout_is_a_failure_and_is_retried_when_the_limit_changes(tmp_path: Path, monkeypatch):
    import json

    from budgetlens.bulk.job import BulkJob, JobOptions

    _filings(tmp_path / "in", [56])
    _filings(tmp_path / "in", [57], prefix="slow")
    monkeypatch.setenv("BUDGETLENS_CRASH_AT", "analysed:hang@slow57")
    out = tmp_path / "out"
    summary = BulkJob(out, JobOptions(timeout=10)).run(tmp_path / "in")
    assert summary["documents"] == 1 and summary["failures"] == 1
    (failure,) = [json.loads(l) for l in (out / "failures.jsonl").read_text(encoding="utf-8").splitlines()]
    assert failure["reason_code"] == "timeout"
    assert BulkJob(out, JobOptions(timeout=10)).run(tmp_path / "in")["processed_this_run"] == 0  # same limits
    monkeypatch.delenv("BUDGETLENS_CRASH_AT")
    summary = BulkJob(out, JobOptions(timeout=30)).run(tmp_path / "in")  # a larger limit retries it
    assert summary["processed_this_run"] == 1 and summary["documents"] == 2 and summary["failures"] == 0


def _docx_bomb(part_mb: int) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w") as fh:
            block = b" " * (1 << 20)
            for _ in range(part_mb):
                fh.write(block)
    return buf.getvalue()


def test_a_docx_that_inflates_past_200_mb_is_refused_before_reading(tmp_path: Path, settings):
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(_docx_bomb(201))
    assert bomb.stat().st_size < 2 << 20
    report = process([bomb], settings)
    (failed,) = report.failures
    assert "inflates to 201 MiB (word/document.xml), over the 200 MiB limit" in failed.error


def test_children_die_with_a_killed_parent(tmp_path: Path, settings):
    (f,) = _filings(tmp_path / "in", [58])
    run = _cli(settings.home, "ingest", str(f), env={"BUDGETLENS_CRASH_AT": "analysed:hang"})
    parent = psutil.Process(run.pid)
    deadline = time.monotonic() + 60
    children: list[psutil.Process] = []
    while time.monotonic() < deadline:
        children = parent.children(recursive=True)
        if len(children) >= 2:  # the fork server and the document's child
            break
        time.sleep(0.1)
    assert len(children) >= 2
    os.kill(run.pid, signal.SIGKILL)
    run.communicate()
    gone, alive = psutil.wait_procs(children, timeout=20)
    assert not alive, [p.pid for p in alive]


@pytest.mark.slow
def test_dask_cancels_a_stuck_document_and_restarts_its_worker(tmp_path: Path, monkeypatch):
    pytest.importorskip("dask.distributed")
    import json

    from budgetlens.bulk.job import BulkJob, JobOptions

    _filings(tmp_path / "in", [59])
    _filings(tmp_path / "in", [60], prefix="slow")
    monkeypatch.setenv("BUDGETLENS_CRASH_AT", "analysed:hang@slow60")  # the workers inherit it
    out = tmp_path / "out"
    summary = BulkJob(out, JobOptions(workers=1, executor="dask", timeout=10)).run(tmp_path / "in")
    assert summary["documents"] == 1 and summary["failures"] == 1
    (failure,) = [json.loads(l) for l in (out / "failures.jsonl").read_text(encoding="utf-8").splitlines()]
    assert failure["reason_code"] == "timeout" and failure["path"].endswith("slow60.txt")


@pytest.mark.slow
def test_ingest_of_a_scan_exits_when_done(tmp_path: Path):
    """A scanned filing makes the document's child process start an OCR pool; the child
    must still end when its result is sent, or the command hangs at exit (it did)."""
    import subprocess
    import sys

    from budgetlens.fixtures.scan import sample_table_pdf, scan_pdf

    data, _ = sample_table_pdf(seed=3, pages=3, rows=8)
    scan = tmp_path / "scan3.pdf"
    scan.write_bytes(scan_pdf(data, dpi=150))
    cli = Path(sys.executable).with_name("budgetlens")
    run = subprocess.run([str(cli), "ingest", str(scan), "--home", str(tmp_path / "home")],
                         capture_output=True, text=True, timeout=240)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "OCR pages: 3" in run.stdout and "leaked" not in run.stderr
