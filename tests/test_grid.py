"""Table grids on small PDFs generated here: ruled, borderless, two-sided, split pages."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from budgetlens.settings import Settings
from budgetlens.ingest import sha256_of
from budgetlens.ingest.grid import header_row_count, is_amount, join_glyphs
from budgetlens.ingest.pdf import read_pdf
from budgetlens.schemas.document import Document, Grid

FONT = pymupdf.Font("cjk")
SIZE = 9.0


def _text(page: pymupdf.Page, x: float, y: float, text: str, right: float | None = None) -> None:
    """Write text with its baseline at y; right-aligned at ``right`` when given."""
    tw = pymupdf.TextWriter(page.rect)
    if right is not None:
        x = right - FONT.text_length(text, fontsize=SIZE)
    tw.append((x, y), text, font=FONT, fontsize=SIZE)
    tw.write_text(page)


def _read(doc: pymupdf.Document, tmp_path: Path) -> Document:
    doc.subset_fonts()
    data = doc.tobytes()
    path = tmp_path / "t.pdf"
    path.write_bytes(data)
    return read_pdf(path, data, sha256_of(data), Settings(ocr=False))


def _table(page: pymupdf.Page, xs: list[float], top: float, rows: list[list[str]],
           ruled: bool, pitch: float = 18.0) -> None:
    """A table at ``top``: numbers right-aligned in their column, labels left-aligned."""
    for r, cells in enumerate(rows):
        base = top + r * pitch + 12.5
        for c, text in enumerate(cells):
            if not text:
                continue
            if r == 0:  # column heads are centred over their column
                width = FONT.text_length(text, fontsize=SIZE)
                _text(page, (xs[c] + xs[c + 1] - width) / 2, base, text)
            elif is_amount(text) and ("." in text or "," in text):
                _text(page, 0, base, text, right=xs[c + 1] - 3)
            else:
                _text(page, xs[c] + 3, base, text)
    if ruled:
        bottom = top + len(rows) * pitch
        for r in range(len(rows) + 1):
            page.draw_line((xs[0], top + r * pitch), (xs[-1], top + r * pitch), width=0.5)
        for x in xs:
            page.draw_line((x, top), (x, bottom), width=0.5)


def _row(grid: Grid, first: str) -> list[str]:
    for row in grid.rows():
        texts = [c.text if c else "" for c in row]
        if next((t for t in texts if t), None) == first:
            return texts
    raise AssertionError(f"no row starting {first!r}")


EXPENSE = [
    ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
    ["201", "一般公共服务支出", "1,234.56", "1,000.00", "234.56"],
    ["20101", "人大事务", "1,234.56", "1,000.00", "234.56"],
    ["2010101", "行政运行", "1,000.00", "1,000.00", ""],
    ["2010102", "一般行政管理事务", "234.56", "", "234.56"],
    ["208", "社会保障和就业支出", "88.80", "88.80", ""],
    ["", "合计", "1,323.36", "1,088.80", "234.56"],
]
XS = [50.0, 110.0, 260.0, 340.0, 420.0, 500.0]


@pytest.mark.parametrize("ruled", [True, False])
def test_function_table_cells_land_in_their_row_and_column(tmp_path, ruled):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _text(page, 200, 60, "一般公共预算支出表")
    _text(page, 420, 80, "单位：万元")
    _table(page, XS, 100, EXPENSE, ruled)
    out = _read(doc, tmp_path)
    assert len(out.tables) == 1
    grid = out.tables[0]
    assert grid.kind == ("ruled" if ruled else "borderless")
    assert grid.n_cols == 5
    assert _row(grid, "2010102") == ["2010102", "一般行政管理事务", "234.56", "", "234.56"]
    assert _row(grid, "2010101") == ["2010101", "行政运行", "1,000.00", "1,000.00", ""]
    assert _row(grid, "合计")[2:] == ["1,323.36", "1,088.80", "234.56"]
    assert grid.header_rows == 1
    assert [c.text if c else "" for c in grid.rows()[0]] == EXPENSE[0]
    titles = [l.text for l in grid.title_lines]
    assert any("支出表" in t for t in titles) and any("单位" in t for t in titles)
    cell = next(c for c in grid.cells if c.text == "88.80")
    assert cell.page == 1 and cell.bbox is not None
    # table lines are not narrative: the table is one block
    kinds = [b.kind for b in out.pages[0].blocks]
    assert kinds.count("table") == 1
    assert not any("1,234.56" in b.text for b in out.pages[0].blocks if b.kind != "table")


TWO_SIDED = [
    ["项目", "预算数", "项目", "预算数"],
    ["一、财政拨款收入", "371,514,655.00", "一、一般公共服务支出", "21,601,733.00"],
    ["二、事业收入", "", "二、教育支出", "349,912,922.00"],
    ["收入总计", "371,514,655.00", "支出总计", "371,514,655.00"],
]


@pytest.mark.parametrize("ruled", [True, False])
def test_two_sided_table_splits_value_from_next_label(tmp_path, ruled):
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    xs = [50.0, 250.0, 330.0, 560.0, 640.0]
    # the amount ends one space before the next label, as published files print it
    _table(page, xs, 100, TWO_SIDED, ruled)
    out = _read(doc, tmp_path)
    grid = out.tables[0]
    assert grid.n_cols == 4
    assert _row(grid, "一、财政拨款收入") == ["一、财政拨款收入", "371,514,655.00", "一、一般公共服务支出", "21,601,733.00"]
    assert _row(grid, "二、事业收入") == ["二、事业收入", "", "二、教育支出", "349,912,922.00"]


def test_glued_amount_and_label_are_cut_at_the_rule(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    xs = [50.0, 200.0, 300.0, 500.0, 600.0]
    for r in range(3):
        page.draw_line((xs[0], 100 + r * 20), (xs[-1], 100 + r * 20), width=0.5)
    for x in xs:
        page.draw_line((x, 100), (x, 140), width=0.5)
    _text(page, 53, 114, "项目")
    _text(page, 203, 114, "金额")
    _text(page, 303, 114, "项目")
    _text(page, 503, 114, "金额")
    _text(page, 53, 134, "一、财政拨款")
    # one run of text crossing the rule at x=300: "526.04一、一般公共服务支出"
    _text(page, 300 - FONT.text_length("526.04", fontsize=SIZE) - 1, 134, "526.04一、一般公共服务支出")
    _text(page, 503, 134, "12.50")
    grid = _read(doc, tmp_path).tables[0]
    assert _row(grid, "一、财政拨款") == ["一、财政拨款", "526.04", "一、一般公共服务支出", "12.50"]


def test_table_continued_on_next_page_is_one_grid(tmp_path):
    header = EXPENSE[0]
    body = [[f"20{i:03d}", f"项目{i}", f"{i}.50", f"{i}.50", ""] for i in range(100, 130)]
    doc = pymupdf.open()
    p1 = doc.new_page(width=595, height=842)
    _text(p1, 200, 60, "支出预算表")
    _table(p1, XS, 80, [header] + body[:20], ruled=True)
    p2 = doc.new_page(width=595, height=842)
    _table(p2, XS, 40, [header] + body[20:] + [["", "合计", "999.00", "999.00", ""]], ruled=True)
    out = _read(doc, tmp_path)
    assert len(out.tables) == 1
    grid = out.tables[0]
    assert grid.pages == [1, 2]
    assert grid.n_rows == 1 + 30 + 1  # the repeated header is dropped
    assert sum(1 for c in grid.cells if c.text == "科目编码") == 1
    row = _row(grid, "20125")
    assert row[:3] == ["20125", "项目125", "125.50"]
    assert next(c for c in grid.cells if c.text == "20125").page == 2
    assert next(c for c in grid.cells if c.text == "20105").page == 1
    blocks = [b for p in out.pages for b in p.blocks if b.kind == "table"]
    assert [b.table for b in blocks] == [0, 0]


def test_two_tables_on_one_page_stay_apart(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _text(page, 200, 60, "表一 支出表")
    _table(page, XS, 80, EXPENSE[:4], ruled=True)
    _text(page, 200, 300, "表二 基本支出表")
    _table(page, XS, 320, EXPENSE[:1] + EXPENSE[4:], ruled=True)
    out = _read(doc, tmp_path)
    assert len(out.tables) == 2
    assert "表二" in out.tables[1].title_lines[-1].text
    assert _row(out.tables[1], "208")[2] == "88.80"


def test_empty_table_keeps_header_and_note(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _text(page, 200, 60, "政府性基金预算支出表")
    _table(page, XS, 80, [EXPENSE[0], ["", "合计", "", "", ""]], ruled=True)
    _text(page, 55, 135, "注：本单位无政府性基金预算，本表无数据。")
    grid = _read(doc, tmp_path).tables[0]
    assert grid.n_rows == 2
    assert [l.text for l in grid.note_lines] == ["注：本单位无政府性基金预算，本表无数据。"]


def test_header_row_count_skips_column_numbers():
    rows = [["项目", "决算数"], ["栏次", "1"], ["一、财政拨款收入", "526.04"]]
    assert header_row_count(rows) == 2
    assert header_row_count([["科目", "金额"], ["201", "1.00"]]) == 1


def test_join_glyphs_wraps_chinese_without_space():
    glyphs = [("本", 0, 0, 9, 10), ("年", 9, 0, 18, 10), ("合", 0, 12, 9, 22), ("计", 9, 12, 18, 22)]
    assert join_glyphs(glyphs) == "本年合计"
    assert join_glyphs([("1", 0, 0, 5, 10), (" ", 5, 0, 8, 10), ("2", 8, 0, 13, 10)]) == "1 2"


def test_built_is_model_construct_field_for_field():
    """The quick constructor gives what ``model_construct`` gives: the same fields in the
    same order, the same set fields, equal models and the same JSON."""
    from budgetlens.ingest.grid import built
    from budgetlens.schemas.document import GridCell, Line, Word

    box = (10.0, 20.5, 30.0, 41.25)
    word = dict(text="合计", bbox=box, conf=None)
    cell = dict(row=2, col=1, text="1,234.50", page=3, bbox=box, rowspan=1, colspan=2, conf=None)
    for cls, values in ((Word, word), (GridCell, cell),
                        (Line, dict(text="合计 1,234.50", bbox=box, words=[built(Word, **word)], conf=None, index=None))):
        quick, slow = built(cls, **values), cls.model_construct(**values)
        assert list(quick.__dict__.items()) == list(slow.__dict__.items())
        assert quick.model_fields_set == slow.model_fields_set
        assert quick == slow and quick.model_dump_json() == slow.model_dump_json()
    assert built(GridCell, **cell) != built(GridCell, **{**cell, "colspan": 1})
