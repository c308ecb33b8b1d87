"""Borderless tables: columns from alignment, headers, wrapped labels, blank rows, pages.

Three kinds of evidence: small PDFs drawn here (one layout trait each), generated
filings scored against their gold, and real ruled tables read again with their ruling
lines ignored, which must land every cell in the row and column the rules give it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pymupdf
import pytest

from budgetlens.settings import Settings
from budgetlens.ingest import sha256_of
from budgetlens.ingest.grid import PageTable, is_amount
from budgetlens.ingest.grid_ruled import find_ruled, segments_from_drawings
from budgetlens.ingest.grid_text import find_borderless
from budgetlens.ingest.normalize import nospace
from budgetlens.ingest.pdf import _drawings, _turner, group_lines, page_words, read_pdf
from budgetlens.schemas.document import Document, Grid
from shared import missing

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
FONT = pymupdf.Font("cjk")
SIZE = 9.0


def _text(page: pymupdf.Page, x: float, y: float, text: str, right: float | None = None,
          centre: float | None = None) -> None:
    tw = pymupdf.TextWriter(page.rect)
    width = FONT.text_length(text, fontsize=SIZE)
    if right is not None:
        x = right - width
    elif centre is not None:
        x = centre - width / 2
    tw.append((x, y), text, font=FONT, fontsize=SIZE)
    tw.write_text(page)


def _read(doc: pymupdf.Document, tmp_path: Path) -> Document:
    doc.subset_fonts()
    data = doc.tobytes()
    path = tmp_path / "t.pdf"
    path.write_bytes(data)
    return read_pdf(path, data, sha256_of(data), Settings(ocr=False))


def _matrix(grid: Grid) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in grid.rows()]


def _row(grid: Grid, first: str) -> list[str]:
    for texts in _matrix(grid):
        if next((t for t in texts if t), None) == first:
            return texts
    raise AssertionError(f"no row starting {first!r} in {_matrix(grid)}")


XS = [50.0, 110.0, 270.0, 350.0, 430.0, 510.0]  # cell edges: code, name, three amounts
HEAD = ["科目编码", "科目名称", "合计", "上级补助收入", "其他收入"]


def _draw(page: pymupdf.Page, top: float, rows: list[list[str]], pitch: float = 18.0,
          head: list[str] | None = HEAD) -> float:
    """Header centred over its cells, codes and labels left-aligned, amounts right-aligned."""
    y = top
    if head:
        for c, text in enumerate(head):
            _text(page, 0, y, text, centre=(XS[c] + XS[c + 1]) / 2)
        y += pitch
    for cells in rows:
        for c, text in enumerate(cells):
            if not text:
                continue
            if is_amount(text) and "." in text:
                _text(page, 0, y, text, right=XS[c + 1] - 3)
            else:
                _text(page, XS[c] + 3, y, text)
        y += pitch
    return y


BODY = [
    ["201", "一般公共服务支出", "1,234.56", "", ""],
    ["20101", "人大事务", "1,234.56", "", ""],
    ["2010101", "行政运行", "1,000.00", "", ""],
    ["208", "社会保障和就业支出", "88.80", "", ""],
]


def test_columns_the_body_leaves_empty_come_from_the_header(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _text(page, 200, 60, "收入预算表")
    _draw(page, 100, BODY)
    grid = _read(doc, tmp_path).tables[0]
    assert grid.kind == "borderless" and grid.n_cols == 5
    assert _matrix(grid)[0] == HEAD
    assert _row(grid, "2010101") == ["2010101", "行政运行", "1,000.00", "", ""]


def test_wrapped_labels_join_their_row(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _text(page, 200, 60, "支出预算表")
    y = _draw(page, 100, BODY[:2], pitch=20.0)
    # a label wrapped under its row: amounts on the first line
    _draw(page, y, [["2010102", "机关事业单位基本养老保", "77.70", "", ""]], head=None)
    _text(page, XS[1] + 3, y + 11, "险缴费支出")
    # a label whose amounts sit between its two lines (vertically centred cell)
    y += 40
    _text(page, XS[1] + 3, y - 5, "其他社会保障")
    _draw(page, y, [["2089999", "", "5.10", "", ""]], head=None)
    _text(page, XS[1] + 3, y + 6, "缴费支出")
    _draw(page, y + 25, BODY[3:], head=None)
    grid = _read(doc, tmp_path).tables[0]
    assert _row(grid, "2010102")[:3] == ["2010102", "机关事业单位基本养老保险缴费支出", "77.70"]
    assert _row(grid, "2089999")[:3] == ["2089999", "其他社会保障缴费支出", "5.10"]
    assert _row(grid, "208")[2] == "88.80"


def test_two_tables_on_a_page_and_tall_rows(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    _text(page, 200, 60, "公开05表 支出预算表")
    y = _draw(page, 100, BODY, pitch=40.0)  # rows far taller than their text
    _text(page, 200, y + 10, "公开06表 基本支出预算表")
    _text(page, 420, y + 24, "单位：万元")
    _draw(page, y + 50, [["301", "工资福利支出", "70.00", "", ""], ["302", "商品和服务支出", "30.00", "", ""]])
    out = _read(doc, tmp_path)
    assert len(out.tables) == 2
    first, second = out.tables
    assert first.n_rows == 1 + len(BODY)
    assert _row(first, "208")[2] == "88.80"
    assert any("公开06表" in l.text for l in second.title_lines)
    assert _row(second, "302")[:3] == ["302", "商品和服务支出", "30.00"]


def test_two_sided_table_with_spaced_labels_and_blank_rows(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=842, height=595)
    xs = [50.0, 250.0, 330.0, 560.0, 640.0]
    rows = [["一、财政拨款", "230,876.38", "一、教育支出", "434,334.99"],
            ["二、事业收入", "122,342.73", "二、科学技术支出", "2,801.72"],
            None, None,  # two blank rows, as printed
            ["本年收入合计", "353,219.11", "本年支出合计", "437,136.71"]]
    for c, head in enumerate(["项目", "预算数", "项目", "预算数"]):
        _text(page, 0, 100, head, centre=(xs[c] + xs[c + 1]) / 2)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells or []):
            y = 120 + 20 * r
            if "." in text:
                _text(page, 0, y, text, right=xs[c + 1] - 3)
            else:
                _text(page, xs[c] + 3, y, text)
    for c, label in ((0, "收 入 总 计"), (2, "支 出 总 计")):  # letter-spaced, as published
        x = xs[c] + 3
        for ch in label.split():
            _text(page, x, 220, ch)
            x += 30
    _text(page, 0, 220, "557,259.13", right=xs[2] - 3)
    _text(page, 0, 220, "557,259.13", right=xs[4] - 3)
    grid = _read(doc, tmp_path).tables[0]
    assert grid.n_cols == 4
    assert _row(grid, "二、事业收入") == ["二、事业收入", "122,342.73", "二、科学技术支出", "2,801.72"]
    assert _row(grid, "本年收入合计")[3] == "437,136.71"
    assert [nospace(t) for t in _row(grid, "收 入 总 计")] == ["收入总计", "557,259.13", "支出总计", "557,259.13"]


def test_borderless_table_continued_on_next_page_is_one_grid(tmp_path):
    body = [[f"20{i:03d}", f"项目{i}", f"{i}.50", "", ""] for i in range(100, 140)]
    doc = pymupdf.open()
    p1 = doc.new_page(width=595, height=842)
    _text(p1, 200, 60, "支出预算表")
    _draw(p1, 100, body[:30])
    p2 = doc.new_page(width=595, height=842)
    _draw(p2, 60, body[30:] + [["", "合计", "9,999.00", "", ""]])
    out = _read(doc, tmp_path)
    assert len(out.tables) == 1
    grid = out.tables[0]
    assert grid.pages == [1, 2]
    assert sum(1 for c in grid.cells if c.text == "科目编码") == 1
    assert _row(grid, "20135")[:3] == ["20135", "项目135", "135.50"]
    assert _row(grid, "合计")[2] == "9,999.00"


def test_sentences_with_numbers_are_not_tables(tmp_path):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for k, line in enumerate(["一般公共服务（类）支出 10,271.56 万元，与上年相比增加 2,444.10 万元。",
                              "项目支出预算数为    4,968.34    万元。与上年相比增加",
                              "1,653.66 万元，增长 49.89%。主要原因是任务变化。"]):
        _text(page, 60, 100 + 20 * k, line)
    assert _read(doc, tmp_path).tables == []


# --- generated filings against their gold -----------------------------------------------

@pytest.mark.parametrize("seed", [11, 29])
def test_generated_borderless_filings_score(tmp_path, seed):
    from budgetlens.eval.harness import evaluate
    from budgetlens.fixtures.__main__ import main as fixtures_main

    fixtures_main(["--out", str(tmp_path), "--n", "3", "--seed", str(seed), "--layouts", "borderless"])
    result = evaluate(tmp_path, None, Settings(ocr=False))
    overall = result["overall"]
    assert overall["documents"] == 3 and overall["errors"] == 0
    assert overall["cell_precision"] >= 0.995
    assert overall["cell_f1"] >= 0.99


# --- real ruled tables, read again without their lines ------------------------------------

def agreement(path: Path) -> tuple[int, int, int, int]:
    """(cells agreeing, cells, amounts agreeing, amounts) between each page's ruled
    reading and its borderless reading with the ruling lines ignored.

    Rows and columns of the two readings are matched by majority vote of the cells whose
    centres fall in each ruled cell; a cell agrees when the matched borderless cell holds
    the same text. Only ruled tables holding amounts count (a borderless finder looks for
    amounts; a table of words is not its business).
    """
    totals = [0, 0, 0, 0]
    doc = pymupdf.open(path)
    for index, pdf_page in enumerate(doc):
        words, glyphs = page_words(pdf_page)
        segments = segments_from_drawings(_drawings(pdf_page), _turner(pdf_page))
        ruled = find_ruled(glyphs, segments, index + 1) if segments and glyphs else []
        if not ruled:
            continue
        loose = find_borderless(group_lines(words), [], index + 1)
        for table in ruled:
            for k, v in enumerate(_agree(table, loose)):
                totals[k] += v
    return totals[0], totals[1], totals[2], totals[3]


def _strong(text: str) -> bool:
    return is_amount(text) and ("." in text or "," in text)


def _agree(table: PageTable, loose: list[PageTable]) -> tuple[int, int, int, int]:
    cells = [c for c in table.cells if nospace(c.text)]
    if sum(_strong(c.text) for c in cells) < 2:
        return 0, 0, 0, 0
    row_votes: dict[int, Counter] = {}
    col_votes: dict[int, Counter] = {}
    found = {}
    for n, part in enumerate(loose):
        for bc in part.cells:
            found[(n, bc.row, bc.col)] = bc
            cx, cy = (bc.bbox[0] + bc.bbox[2]) / 2, (bc.bbox[1] + bc.bbox[3]) / 2
            for c in cells:
                if c.bbox[0] - 1 <= cx <= c.bbox[2] + 1 and c.bbox[1] - 1 <= cy <= c.bbox[3] + 1:
                    row_votes.setdefault(c.row, Counter())[(n, bc.row)] += 1
                    if c.colspan == 1:
                        col_votes.setdefault(c.col, Counter())[(n, bc.col)] += 1
    rows = {r: v.most_common(1)[0][0] for r, v in row_votes.items()}
    cols = {c: v.most_common(1)[0][0] for c, v in col_votes.items()}
    ok = amounts = amounts_ok = 0
    for c in cells:
        strong = _strong(c.text)
        amounts += strong
        if c.row in rows and c.col in cols and rows[c.row][0] == cols[c.col][0]:
            bc = found.get((rows[c.row][0], rows[c.row][1], cols[c.col][1]))
            if bc is not None and nospace(bc.text) == nospace(c.text):
                ok += 1
                amounts_ok += strong
    return ok, len(cells), amounts_ok, amounts


REAL_RULED = [
    ("jiangsu/江苏省_政协办公厅_2019_部门预算_公开表only.pdf", 0.99, 0.93),
    ("jiangsu/江苏省_省委办公厅_2018_部门预算_公开表only.pdf", 0.99, 0.92),
    ("university/西南大学_2023_部门决算.pdf", 0.98, 0.92),
    ("shanghai/上海普陀_万里街道办事处_2025_部门预算.pdf", 0.98, 0.95),
]


@pytest.mark.parametrize("name,min_amounts,min_cells", REAL_RULED)
def test_real_ruled_tables_read_without_lines_agree(name, min_amounts, min_cells):
    path = REAL / name
    if not path.exists():
        missing(f"{path} not present")
    ok, cells, amounts_ok, amounts = agreement(path)
    assert amounts >= 100
    assert amounts_ok / amounts >= min_amounts
    assert ok / cells >= min_cells


NARRATIVE_ONLY = ["江苏省_政协办公厅_2019_部门预算.pdf", "江苏省_省委办公厅_2018_部门预算.pdf"]


@pytest.mark.parametrize("name", NARRATIVE_ONLY)
def test_full_jiangsu_documents_without_tables_give_no_grid(name):
    """These full documents print their 公开表 separately (公开表附后): every page is
    prose, and no sentence with numbers may come out as a table."""
    path = REAL / "jiangsu" / name
    if not path.exists():
        missing(f"{path} not present")
    data = path.read_bytes()
    doc = read_pdf(path, data, sha256_of(data), Settings(ocr=False))
    assert doc.n_pages > 10
    assert any("附后" in p.text or "预算表" in p.text for p in doc.pages)
    assert doc.tables == []
