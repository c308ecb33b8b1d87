"""The ingest door: bad input, idempotent re-ingest, version replacement, docs listing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

from budgetlens.cli import app
from budgetlens.store import Store
from pdfs import SIMPLE_FILING, text_pdf

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def _encrypted_pdf() -> bytes:
    doc = pymupdf.open(stream=text_pdf(SIMPLE_FILING), filetype="pdf")
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="secret", owner_pw="owner")
    doc.close()
    return data


def _huge_pdf(n: int) -> bytes:
    doc = pymupdf.open()
    for _ in range(n):
        doc.new_page()
    data = doc.tobytes(garbage=3, deflate=True)
    doc.close()
    return data


def _blank_image_pdf() -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 400, 560), False)
    pix.set_rect(pix.irect, (255, 255, 255))
    page.insert_image(page.rect, pixmap=pix)
    data = doc.tobytes()
    doc.close()
    return data


def _png() -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 40, 40), False)
    pix.set_rect(pix.irect, (255, 255, 255))
    return pix.tobytes("png")


@dataclass(frozen=True)
class BadCase:
    name: str
    filename: str
    make: object  # () -> bytes
    reason: str  # a word the error line must contain


BAD_INPUTS = [
    BadCase("zero-byte file", "empty.pdf", lambda: b"", "empty"),
    BadCase("truncated PDF", "truncated.pdf", lambda: text_pdf(SIMPLE_FILING)[:900], "truncated"),
    BadCase("encrypted PDF", "locked.pdf", _encrypted_pdf, "encrypted"),
    BadCase("HTML named .pdf", "page.pdf",
            lambda: "<!DOCTYPE html><html><body>404 页面不存在</body></html>".encode(), "HTML"),
    BadCase("PDF of thousands of pages", "huge.pdf", lambda: _huge_pdf(2105), "pages"),
    BadCase("image-only PDF with no text", "blank-scan.pdf", _blank_image_pdf, "no text"),
    BadCase("an image file", "photo.png", _png, "image"),
    BadCase("unsupported type", "sheet.xlsx", lambda: b"PK\x03\x04" + b"\x00" * 64 + b"xl/workbook.xml", "not a .docx"),
]


@pytest.mark.parametrize("case", BAD_INPUTS, ids=[c.name for c in BAD_INPUTS])
def test_bad_input_is_named_and_the_batch_goes_on(case: BadCase, tmp_path: Path, home: Path):
    good = tmp_path / "good.pdf"
    good.write_bytes(text_pdf(SIMPLE_FILING))
    bad = tmp_path / case.filename
    bad.write_bytes(case.make())

    result = _run("ingest", str(bad), str(good))

    assert result.exit_code == 1
    error_lines = [l for l in result.stderr.splitlines() if l.startswith("error:")]
    assert len(error_lines) == 1, result.stderr
    assert case.filename in error_lines[0]
    assert case.reason.lower() in error_lines[0].lower()
    with Store(home / "facts.sqlite") as store:
        names = [r.name for r in store.documents()]
    assert names == ["good.pdf"]  # the rest of the batch was ingested, nothing of the bad file


def test_reingest_is_idempotent(tmp_path: Path, home: Path):
    f = tmp_path / "a.pdf"
    f.write_bytes(text_pdf(SIMPLE_FILING))
    first = _run("ingest", str(tmp_path))
    assert first.exit_code == 0, first.output
    assert "1 added" in first.stdout
    with Store(home / "facts.sqlite") as store:
        before = [(r.doc_id, r.ingested_at) for r in store.documents()]
        cells_before = len(store.cells())
    again = _run("ingest", str(tmp_path))
    assert again.exit_code == 0
    assert "1 unchanged" in again.stdout
    with Store(home / "facts.sqlite") as store:
        assert [(r.doc_id, r.ingested_at) for r in store.documents()] == before
        assert len(store.cells()) == cells_before


def test_new_version_of_a_path_replaces_the_old(tmp_path: Path, home: Path, settings):
    f = tmp_path / "filing.pdf"
    f.write_bytes(text_pdf(SIMPLE_FILING))
    assert _run("ingest", str(f)).exit_code == 0
    f.write_bytes(text_pdf(SIMPLE_FILING + [["第三部分 补充说明", "一、其他需要说明的情况"]]))
    result = _run("ingest", str(f))
    assert result.exit_code == 0
    assert "1 replaced" in result.stdout
    with Store(home / "facts.sqlite") as store:
        records = store.documents()
    assert len(records) == 1 and records[0].pages == 3
    from budgetlens.index import Index

    idx = Index(settings)
    assert set(idx.doc_ids()) == {records[0].doc_id}


def test_docs_lists_one_line_per_document(tmp_path: Path, home: Path):
    for name in ("x.pdf", "y.pdf"):
        (tmp_path / name).write_bytes(text_pdf(SIMPLE_FILING + [[name]]))
    assert _run("ingest", str(tmp_path)).exit_code == 0
    out = _run("docs").stdout.splitlines()
    assert sum("x.pdf" in l for l in out) == 1 and sum("y.pdf" in l for l in out) == 1
    assert out[-1] == "2 document(s)"


def test_an_index_that_fails_fails_only_that_file(tmp_path: Path, home: Path, monkeypatch):
    from budgetlens.index import Index

    real = Index.upsert

    def flaky(self, doc_id, chunks, **kwargs):
        # Two documents are read at once, so fail by content rather than by call order.
        if any("a.pdf" in c.text for c in chunks):
            raise ConnectionError("Could not connect to a Chroma server")
        return real(self, doc_id, chunks, **kwargs)

    monkeypatch.setattr(Index, "upsert", flaky)
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / name).write_bytes(text_pdf(SIMPLE_FILING + [[name]]))
    result = _run("ingest", str(tmp_path))
    assert result.exit_code == 1
    errors = [l for l in result.stderr.splitlines() if l.startswith("error:")]
    assert len(errors) == 1 and "a.pdf" in errors[0] and "Chroma" in errors[0]
    with Store(home / "facts.sqlite") as store:
        assert [r.name for r in store.documents()] == ["b.pdf"]


@pytest.mark.parametrize("pad", [0, 1])
def test_long_gbk_text_is_text_wherever_the_sniffing_sample_ends(pad: int, tmp_path: Path):
    from budgetlens.ingest import sniff

    data = b"x" * pad + ("收入支出决算总表" * 6000).encode("gb18030")  # > 64 KB of 2-byte characters
    assert len(data) > 65536
    assert sniff(tmp_path / "filing.txt", data) == "text"


def test_same_bytes_at_two_paths_survive_a_new_version_of_one(tmp_path: Path, home: Path):
    original = text_pdf(SIMPLE_FILING)
    (tmp_path / "x.pdf").write_bytes(original)
    (tmp_path / "y.pdf").write_bytes(original)
    assert _run("ingest", str(tmp_path)).exit_code == 0
    (tmp_path / "x.pdf").write_bytes(text_pdf(SIMPLE_FILING + [["新版本"]]))
    assert "1 replaced" in _run("ingest", str(tmp_path / "x.pdf")).stdout
    with Store(home / "facts.sqlite") as store:
        assert len(store.documents()) == 2  # y.pdf still holds the original
        assert store.by_path(str((tmp_path / "y.pdf").resolve()))[0].pages == 2
    out = tmp_path / "out.jsonl"
    (tmp_path / "z.pdf").write_bytes(original)
    assert _run("extract", str(tmp_path / "y.pdf"), str(tmp_path / "z.pdf"), "--out", str(out)).exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1  # one line per document


def test_a_hostile_file_name_cannot_forge_lines_or_reach_the_terminal(home, tmp_path):
    """A newline in a name would forge a second ``error:`` line; an ANSI escape would
    colour or move the terminal. Both are shown escaped, in the one error line."""
    bad = tmp_path / "x\nerror: forged.txt\x1b[31m.txt"
    bad.write_bytes(b"")
    result = runner.invoke(app, ["ingest", str(bad)])
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "\\nerror: forged" in lines[0] and "\\x1b[31m" in lines[0]
    assert "\x1b" not in result.stderr


@pytest.mark.parametrize("case", ["empty folder", "out is a file", "out cannot be made", "home is a file"])
def test_operator_mistakes_get_one_error_line(tmp_path, case, monkeypatch):
    """Mistakes of the command line end in one ``error:`` line and a non-zero exit (the
    console script turns a UsageError into that), never in a traceback or a quiet success."""
    from budgetlens.errors import UsageError

    (tmp_path / "empty").mkdir()
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    monkeypatch.setenv("BUDGETLENS_HOME", str(tmp_path / "home"))
    args = {"empty folder": ["bulk", str(tmp_path / "empty"), "--out", str(tmp_path / "out")],
            "out is a file": ["bulk", str(Path(__file__).resolve().parents[1] / "samples"), "--out", str(afile)],
            # (as root no permission stops a write: a folder under a file cannot be made by anyone)
            "out cannot be made": ["bulk", str(Path(__file__).resolve().parents[1] / "samples"), "--out",
                                   str(afile / "out")],
            "home is a file": ["docs", "--home", str(afile)]}[case]
    want = {"empty folder": "no filings in this folder", "out is a file": "--out is a file",
            "out cannot be made": "cannot write there \\(Not a directory\\)",
            "home is a file": "is a file, not a folder"}[case]
    with pytest.raises(UsageError, match=want):
        runner.invoke(app, args, catch_exceptions=False)


def _filing_text(name: str, total: str) -> list[list[str]]:
    return [[name, "2023 年度部门决算"],
            ["第二部分 2023 年度部门决算情况说明", "一、收入支出决算总体情况说明",
             f"2023 年收入总计、支出总计均为 {total} 万元。"]]


def test_documents_read_two_at_a_time_are_stored_as_one_at_a_time(tmp_path: Path, home: Path, settings):
    from budgetlens.index import Index
    from budgetlens.pipeline import Processor

    folder = tmp_path / "in"
    folder.mkdir()
    for i, total in enumerate(("526.04", "611.20", "702.35")):
        (folder / f"f{i}.pdf").write_bytes(text_pdf(_filing_text("某某县医疗保障局", total)))
    (folder / "twin.pdf").write_bytes((folder / "f1.pdf").read_bytes())  # the same bytes twice
    (folder / "bad.pdf").write_bytes(b"%PDF-1.4 torn")
    paths = sorted(folder.iterdir())
    with Processor(settings) as processor:
        outcomes = list(processor.process_files(paths, workers=2))
    by_name = {Path(o.path).name: o for o in outcomes}
    assert sorted(by_name) == sorted(p.name for p in paths)
    assert by_name["bad.pdf"].status == "failed" and "bad.pdf" in by_name["bad.pdf"].error
    assert {by_name[n].status for n in ("f0.pdf", "f1.pdf", "f2.pdf")} == {"added"}
    assert by_name["twin.pdf"].status == "unchanged" and by_name["twin.pdf"].doc_id == by_name["f1.pdf"].doc_id
    with Store(settings.db_path, readonly=True) as store:
        docs = store.documents()
        totals = {d.doc_id: store.filing(d.doc_id).key_figures["income_total"].value for d in docs}
    assert sorted(totals.values()) == [526.04, 611.2, 702.35]
    index = Index(settings)
    assert set(totals) == set(index.doc_ids()) == index.dense_doc_ids()
    # the same batch again: nothing is analysed, every document is found stored
    with Processor(settings) as processor:
        again = list(processor.process_files(paths, workers=2))
    assert sorted(o.status for o in again) == ["failed", "unchanged", "unchanged", "unchanged", "unchanged"]


def test_the_ingest_report_lists_files_in_the_order_given(tmp_path: Path, home: Path):
    names = ["c.pdf", "a.pdf", "b.pdf"]
    paths = []
    for i, name in enumerate(names):
        p = tmp_path / name
        p.write_bytes(text_pdf(_filing_text("某某县医疗保障局", f"5{i}6.04")))
        paths.append(str(p))
    result = _run("extract", *paths, "--out", str(tmp_path / "out.jsonl"), "--home", str(home))
    assert result.exit_code == 0, result.output
    import json

    lines = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [Path(line["source"]["path"]).name for line in lines] == names
