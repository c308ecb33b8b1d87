"""The .docx reader: document order, merged cells, page breaks, bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from budgetlens.errors import CorruptFileError, EncryptedError, InputError
from budgetlens.fixtures.figures import make_figures
from budgetlens.fixtures.generator import render_docx
from budgetlens.fixtures.tables import table_specs
from budgetlens.ingest import read, sha256_of
from budgetlens.ingest.docx import read_docx


def _read(data: bytes, name: str = "x.docx"):
    return read_docx(Path(name), data, sha256_of(data))


@pytest.fixture(scope="module")
def generated():
    fig = make_figures(13)
    return fig, _read(render_docx(fig))


def test_generated_docx_tables_have_the_printed_cells(generated) -> None:
    fig, doc = generated
    specs = table_specs(fig)
    assert len(doc.tables) == len(specs) == 9
    for spec, grid in zip(specs, doc.tables):
        assert grid.kind == "docx" and grid.n_cols == spec.n_cols
        dense = grid.rows()
        body = dense[spec.header_rows:]
        if spec.empty:
            assert body[0][0] is not None and body[0][0].text == "本表无数据"
            assert body[0][0].colspan == spec.n_cols
            continue
        assert len(body) == len(spec.body)
        for printed, row in zip(spec.body, body):
            assert [c.text if c else "" for c in row] == list(printed)
        assert grid.title_lines[0].text == spec.title
        assert any(line.text == spec.entity_line for line in grid.title_lines)
        assert grid.note_lines and grid.note_lines[0].text.startswith("注")


def test_merged_header_cells_are_put_once_with_spans(generated) -> None:
    fig, doc = generated
    t09 = doc.tables[8]
    spans = {c.text: (c.row, c.col, c.rowspan, c.colspan) for c in t09.cells if c.row < 3}
    assert spans["项目"] == (0, 0, 3, 1)
    assert spans["财政拨款安排的“三公”经费"] == (0, 1, 1, 6)
    assert spans["公务用车购置及运行维护费"] == (1, 4, 1, 3)
    assert sum(1 for c in t09.cells if c.text == "会议费") == 1
    assert t09.header_rows == 4  # up to the 栏次 row


def test_pages_follow_explicit_breaks_and_order_is_kept(generated) -> None:
    fig, doc = generated
    assert [p.number for p in doc.pages] == list(range(1, len(doc.pages) + 1))
    assert len(doc.pages) >= 10 and all(p.source == "docx" for p in doc.pages)
    assert fig.entity in doc.pages[0].text
    indexes = [line.index for p in doc.pages for line in p.lines if line.index is not None]
    assert indexes == sorted(indexes) and len(set(indexes)) == len(indexes)
    table_pages = [g.pages[0] for g in doc.tables]
    assert table_pages == sorted(table_pages) and len(set(table_pages)) == 9
    kinds = [b.kind for p in doc.pages for b in p.blocks]
    assert kinds.count("table") == 9 and "heading" in kinds
    text = "\n".join(p.text for p in doc.pages)
    assert f"收入总计、支出总计均为 {fig.key_figures['income_total']:.2f}" in text


def _handmade() -> bytes:
    d = docx.Document()
    d.add_paragraph("收入决算表")
    d.add_paragraph("金额单位：万元")
    t = d.add_table(rows=3, cols=3)
    t.cell(0, 0).merge(t.cell(1, 0)).text = "项目"
    t.cell(0, 1).merge(t.cell(0, 2)).text = "金额"
    t.cell(1, 1).text, t.cell(1, 2).text = "上年", "本年"
    t.cell(2, 0).text, t.cell(2, 1).text, t.cell(2, 2).text = "合计", "1.00", "2,251.27"
    d.add_paragraph("注：本表反映收入。")
    d.add_paragraph("正文在表后。这是叙述。")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_handmade_merges_and_interleaving() -> None:
    doc = _read(_handmade())
    assert len(doc.pages) == 1 and len(doc.tables) == 1
    grid = doc.tables[0]
    assert (grid.n_rows, grid.n_cols) == (3, 3)
    cells = {(c.row, c.col): c for c in grid.cells}
    assert cells[(0, 0)].text == "项目" and cells[(0, 0)].rowspan == 2 and (1, 0) not in cells
    assert cells[(0, 1)].colspan == 2 and (0, 2) not in cells
    assert cells[(2, 2)].text == "2,251.27"
    assert [l.text for l in grid.title_lines] == ["收入决算表", "金额单位：万元"]
    assert [l.text for l in grid.note_lines] == ["注：本表反映收入。"]
    texts = [line.text for line in doc.pages[0].lines]
    assert texts.index("收入决算表") < texts.index("合计 1.00 2,251.27") < texts.index("正文在表后。这是叙述。")


def test_read_dispatches_docx(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    path.write_bytes(_handmade())
    doc = read(path)
    assert doc.media == "docx" and doc.doc_id == sha256_of(path.read_bytes())[:16]


def test_corrupt_docx_names_the_reason() -> None:
    data = _handmade()
    with pytest.raises(CorruptFileError) as exc:
        _read(data[: len(data) // 2], "cut.docx")
    assert "cut.docx" in str(exc.value) and exc.value.reason
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(CorruptFileError):
        _read(buf.getvalue())


def test_encrypted_docx_is_refused() -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
    with pytest.raises(EncryptedError) as exc:
        _read(ole, "secret.docx")
    assert isinstance(exc.value, InputError) and "password" in exc.value.reason
