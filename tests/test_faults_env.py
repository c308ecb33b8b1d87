"""Faults of the surroundings: a full disk, a Chroma server that dies and comes back, a
bad manifest line, a corrupt fact store, a document too slow for its limit, hostile
upload names, a LIKE wildcard as a document name.

Each is staged for real (a tmpfs mounted small, the installed ``chroma run`` started and
killed) and must end in one ``error:`` line naming the cause, with a non-zero exit, and
nothing lost, duplicated or half-written: ``doctor`` finds nothing to repair afterwards.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from budgetlens.fixtures.figures import make_figures
from budgetlens.fixtures.generator import render_text
from typer.testing import CliRunner

from budgetlens import cli
from budgetlens.pipeline import process
from budgetlens.store import Store
from hostile import docx_of, paragraphs

runner = CliRunner()


def _filing(folder: Path, seed: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    p = folder / f"f{seed}.txt"
    p.write_text(render_text(make_figures(seed)), encoding="utf-8")
    return p


def _main(monkeypatch, capsys, *args: str) -> tuple[int, list[str], str]:
    """The console script in this process: exit status, its ``error:`` lines, stdout."""
    monkeypatch.setattr(sys, "argv", ["budgetlens", *args])
    code = 0
    try:
        cli.main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, [line for line in err.splitlines() if line.startswith("error:")], out


def _doctor_finds_nothing(monkeypatch, capsys, home: Path) -> None:
    code, errors, out = _main(monkeypatch, capsys, "doctor", "--dry-run", "--home", str(home))
    assert (code, errors) == (0, []) and out.startswith("consistent"), out


# --- a full disk ----------------------------------------------------------------------------

@pytest.fixture
def tiny_disk(tmp_path: Path):
    """A 6 MiB tmpfs (root can mount one), unmounted in the end; skipped, with the reason,
    where the machine does not allow it (the only reason the suite may skip it in CI)."""
    where = tmp_path / "disk"
    where.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a small tmpfs needs root")
    run = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", str(where)], capture_output=True, text=True)
    if run.returncode != 0:
        pytest.skip(f"mounting a small tmpfs is not allowed here: {run.stderr.strip()}")
    try:
        yield where
    finally:
        if subprocess.run(["umount", str(where)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _fill(disk: Path, keep: int) -> Path:
    """Fill ``disk`` until ``keep`` bytes are free."""
    filler = disk / "filler"
    filler.unlink(missing_ok=True)
    free = shutil.disk_usage(disk).free
    with filler.open("wb") as fh:
        os.posix_fallocate(fh.fileno(), 0, max(0, free - keep))
    return filler


def test_a_full_disk_is_one_error_line_and_loses_nothing(tiny_disk, tmp_path, monkeypatch, capsys):
    from budgetlens.settings import load

    home = tiny_disk / "home"
    monkeypatch.setenv("BUDGETLENS_EMBEDDING", "hash")
    monkeypatch.delenv("BUDGETLENS_HOME", raising=False)
    settings = load(home)
    first, second = _filing(tmp_path / "in", 61), _filing(tmp_path / "in", 62)
    assert process([first], settings).outcomes[0].status == "added"

    # nearly nothing free: the real console script, in its own process, stops at once
    _fill(tiny_disk, keep=64 << 10)
    run = subprocess.run([sys.executable, "-m", "budgetlens.cli", "ingest", str(second), "--home", str(home)],
                         capture_output=True, text=True, timeout=30, env={**os.environ, "BUDGETLENS_HOME": str(home)})
    errors = [line for line in run.stderr.splitlines() if line.startswith("error:")]
    assert run.returncode == 1 and len(errors) == 1, run.stderr[-2000:]
    assert "no space left on device" in errors[0] and str(home) in errors[0] and "Traceback" not in run.stderr

    # room to open the workspace but not for the document: refused before anything is written
    _fill(tiny_disk, keep=(1 << 20) + (64 << 10))
    code, errors, _ = _main(monkeypatch, capsys, "ingest", str(second), "--home", str(home))
    assert code == 1 and len(errors) == 1
    assert "no space left on device while storing" in errors[0] and "f62.txt" in errors[0]

    # --out on the full disk: extract and bulk, one line each
    _fill(tiny_disk, keep=16 << 10)
    code, errors, _ = _main(monkeypatch, capsys, "extract", str(first), "--out", str(tiny_disk / "x.jsonl"),
                            "--home", str(tmp_path / "home2"))
    assert code == 1 and len(errors) == 1 and "no space left on device while writing --out" in errors[0]
    code, errors, _ = _main(monkeypatch, capsys, "bulk", str(first.parent), "--out", str(tiny_disk / "bulk"),
                            "--no-coverage")
    assert code == 1 and len(errors) == 1 and "no space left on device" in errors[0], errors

    # space again: nothing to repair, the earlier document answers, the refused one was not stored
    (tiny_disk / "filler").unlink()
    _doctor_finds_nothing(monkeypatch, capsys, home)
    with Store(settings.db_path, readonly=True) as store:
        (rec,) = store.documents()
    assert rec.name == "f61.txt"
    question = f"{rec.entity}{rec.fiscal_year}年公务接待费是多少？"
    code, errors, out = _main(monkeypatch, capsys, "ask", question, "--home", str(home))
    assert code == 0 and "f61.txt" in out, out


# --- a Chroma server that dies ----------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start_chroma(path: Path, port: int) -> subprocess.Popen:
    chroma = Path(sys.executable).with_name("chroma")
    if not chroma.exists():
        pytest.fail(f"the chromadb package's 'chroma' command is not installed beside {sys.executable}")
    server = subprocess.Popen([str(chroma), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    import httpx

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            pytest.fail(f"chroma run exited with {server.returncode}")
        time.sleep(0.3)
    server.kill()
    pytest.fail("chroma run did not answer within 90 s")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGKILL)
    server.wait(timeout=30)


WHY = "岫川县教育局2023年收支总计为什么增加？"  # seed 1's office: its narrative gives the reason


def test_a_chroma_server_down_at_start_midway_and_back(tmp_path, monkeypatch, capsys):
    from budgetlens.qa import Asker
    from budgetlens.settings import load

    port = _free_port()
    home = tmp_path / "home"
    for key, value in {"BUDGETLENS_EMBEDDING": "hash", "BUDGETLENS_CHROMA_URL": f"http://127.0.0.1:{port}",
                       "BUDGETLENS_CHROMA_TIMEOUT": "5", "BUDGETLENS_HOME": str(home)}.items():
        monkeypatch.setenv(key, value)
    settings = load(home)
    first, second = _filing(tmp_path / "in", 1), _filing(tmp_path / "in", 63)

    # down at start: one line naming the server, for a writer and for a why question
    code, errors, _ = _main(monkeypatch, capsys, "ingest", str(first))
    assert code == 1 and len(errors) == 1 and f"the Chroma server at http://127.0.0.1:{port} does not answer" in errors[0]

    server = _start_chroma(tmp_path / "chroma", port)
    try:
        assert process([first], settings).outcomes[0].status == "added"
        asker = Asker(settings)
        assert asker.ask(WHY).kind == "why"
        asker.close()

        _stop(server)  # killed midway
        code, errors, _ = _main(monkeypatch, capsys, "ingest", str(second))
        assert code == 1 and len(errors) == 1 and "Chroma server" in errors[0] and "does not answer" in errors[0]
        code, errors, _ = _main(monkeypatch, capsys, "ask", WHY)
        assert code == 0 and not errors  # a why answer reads the stored narrative, no vectors
        code, errors, out = _main(monkeypatch, capsys, "ask", "岫川县教育局2023年公务接待费是多少？")
        assert code == 0 and "f1.txt" in out  # a lookup needs no vectors
        with Store(settings.db_path, readonly=True) as store:  # nothing of the refused file
            assert [r.name for r in store.documents()] == ["f1.txt"]

        server = _start_chroma(tmp_path / "chroma", port)  # back, on the same data
        _doctor_finds_nothing(monkeypatch, capsys, home)
        asker = Asker(settings)
        answer = asker.ask(WHY)
        asker.close()
        assert answer.kind == "why" and "业务工作量增加" in answer.answer
        assert process([second], settings).outcomes[0].status == "added"
        _doctor_finds_nothing(monkeypatch, capsys, home)
    finally:
        _stop(server)


# --- bad manifests, slow documents, a corrupt store, LIKE, upload names ------------------------

def test_a_manifest_line_without_path_is_one_failure_and_the_rest_goes_on(tmp_path, monkeypatch, capsys):
    a, b = _filing(tmp_path / "in", 64), _filing(tmp_path / "in", 65)
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("\n".join([json.dumps({"path": str(a)}), json.dumps({"url": "http://x/a.pdf"}),
                                   "{not json", json.dumps({"path": str(b)})]) + "\n", encoding="utf-8")
    code, errors, out = _main(monkeypatch, capsys, "bulk", str(manifest), "--out", str(tmp_path / "out"),
                              "--no-coverage")
    assert code == 1
    assert errors == [f'error: {manifest}:2: manifest line 2: no "path" field',
                      f"error: {manifest}:3: manifest line 3: not a JSON object (Expecting property name "
                      "enclosed in double quotes)"]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["documents"] == 2 and summary["failures"] == 2


def test_a_200000_paragraph_docx_meets_the_limit_on_ingest(tmp_path, monkeypatch, capsys):
    big = tmp_path / "long.docx"
    big.write_bytes(docx_of(paragraphs([f"第{i}段：本年支出{i}.00万元。" for i in range(200_000)])))
    monkeypatch.setenv("BUDGETLENS_DOC_SECONDS", "4")
    monkeypatch.setenv("BUDGETLENS_EMBEDDING", "hash")
    home = tmp_path / "home"
    code, errors, _ = _main(monkeypatch, capsys, "ingest", str(big), "--home", str(home))
    assert code == 1 and errors == [f"error: {big}: took longer than 4 s (the limit per document)"]
    with Store(home / "facts.sqlite", readonly=True) as store:
        assert store.documents() == []


@pytest.mark.parametrize("command", [["ingest", "FILE"], ["ask", "公务接待费是多少？"], ["docs"], ["doctor"]])
def test_a_corrupt_fact_store_is_one_error_line(command, tmp_path, monkeypatch, capsys):
    home = tmp_path / "home"
    home.mkdir()
    (home / "facts.sqlite").write_bytes(b"this is not a database" * 100)
    monkeypatch.setenv("BUDGETLENS_EMBEDDING", "hash")
    args = [str(_filing(tmp_path / "in", 66)) if a == "FILE" else a for a in command]
    code, errors, _ = _main(monkeypatch, capsys, *args, "--home", str(home))
    assert code == 1 and errors == [f"error: {home / 'facts.sqlite'}: cannot open the fact store "
                                    "(file is not a database)"]


def test_a_like_wildcard_names_no_document(home, tmp_path, monkeypatch, capsys):
    _filing(tmp_path / "in", 67)
    assert _main(monkeypatch, capsys, "ingest", str(tmp_path / "in"))[0] == 0
    for ref in ("%", "_", "f%", "%.txt"):
        code, errors, _ = _main(monkeypatch, capsys, "check", ref)
        assert code == 2 and errors == [f"error: {ref}: no such file or stored document"]
    assert _main(monkeypatch, capsys, "check", "f67.txt")[0] in (0, 1)  # the name itself is found


def test_hostile_upload_names_fail_alone_and_the_batch_goes_on(settings, tmp_path):
    from budgetlens.pipeline import Processor
    from budgetlens.ui.upload import save_and_process

    text = render_text(make_figures(68)).encode("utf-8")
    batch = [("..", b"x"), ("a\x00b.txt", text), ("决" * 100 + ".txt", text + b"\n"), ("../../", b"y"),
             ("last.txt", text + b"\n\n")]
    with Processor(settings) as processor:
        results = list(save_and_process(processor, settings.home / "uploads", batch, zh=False))
    shown = [name for name, _ in results]
    errors = [r for _, r in results if isinstance(r, str)]
    assert errors == ["'..': unsupported name or type", "'../../': unsupported name or type"]
    outcomes = [r for _, r in results if not isinstance(r, str)]
    assert [o.status for o in outcomes] == ["added", "added", "added"]
    assert shown[1] == "ab.txt" and len(shown[2].encode("utf-8")) <= 204 and shown[4] == "last.txt"
