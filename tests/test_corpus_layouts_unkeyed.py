"""Nothing printed in a standard table vanishes (issue 16): every amount the reader cannot
key lands in ``unmapped`` with a reason, its page and its box, on generated grids and on
real pages of the development part with amounts planted where no rule keys them."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from budgetlens.extract.tables import extract_tables
from budgetlens.schemas.document import Document, Grid, GridCell, Line, Page, Word
from shared import SHARED, pages_of

_W, _H = 60.0, 14.0  # a generated cell's width and height, in points


def _inside(point, box) -> bool:
    return box is not None and box[0] - 1 <= point[0] <= box[2] + 1 and box[1] - 1 <= point[1] <= box[3] + 1


def _centre(box):
    return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def _box(r: int, c: int, top: float = 100.0):
    return (50 + c * _W, top + r * _H, 50 + (c + 1) * _W, top + (r + 1) * _H)


def _grid(rows: list[list[str]], title: str, page: int = 1, top: float = 100.0) -> Grid:
    cells = [GridCell(row=r, col=c, text=t, page=page, bbox=_box(r, c, top))
             for r, row in enumerate(rows) for c, t in enumerate(row) if t]
    return Grid(kind="ruled", pages=[page], bbox=(50, top, 50 + _W * len(rows[0]), top + _H * len(rows)),
                n_rows=len(rows), n_cols=len(rows[0]), cells=cells, title_lines=[Line(text=title)])


def _lines(grid: Grid) -> list[Line]:
    """The page lines a text layer gives for a grid: one line a row, one word a cell."""
    out = []
    for r in range(grid.n_rows):
        cells = sorted((c for c in grid.cells if c.row == r), key=lambda c: c.col)
        if cells:
            box = (cells[0].bbox[0], cells[0].bbox[1], cells[-1].bbox[2], cells[-1].bbox[3])
            out.append(Line(text=" ".join(c.text for c in cells), bbox=box,
                            words=[Word(text=c.text, bbox=c.bbox) for c in cells]))
    return out


def _reported(unmapped, page: int, box):
    """The unmapped entry whose box on ``page`` holds the centre of ``box``, if any."""
    return next((u for u in unmapped if u.page == page and u.bbox and _inside(_centre(box), u.bbox)), None)


_B05 = [
    ["科目编码", "科目名称", "合计", "基本支出", "项目支出", "备用金"],
    ["", "合计", "112.00", "100.00", "12.00", "5.00"],
    ["2010101", "行政运行", "100.00", "100.00", "", "3.00"],
    ["2010199", "其他人大事务支出", "12.00", "", "12.00", "2.00"],
    ["", "某项说不清的支出", "7.50", "7.50", "", ""],
    ["2010102", "一般行政管理事务", "9.00 1.00", "", "", ""],
]


def _document() -> tuple[Document, Grid, Grid, Line]:
    table = _grid(_B05, "2025年一般公共预算支出预算表")
    other = _grid([["说明项", "金额"], ["某事项", "66.60"]], "", top=300.0)
    loose = Line(text="附注金额 88.80", bbox=(50, 420, 200, 434),
                 words=[Word(text="附注金额", bbox=(50, 420, 110, 434)), Word(text="88.80", bbox=(160, 420, 200, 434))])
    page = Page(number=1, source="text", width=842, height=595,
                lines=[Line(text="2025年一般公共预算支出预算表", bbox=(50, 60, 300, 74))] + _lines(table)
                + _lines(other) + [loose])
    doc = Document(doc_id="0" * 16, sha256="0" * 64, path="x.pdf", media="pdf", pages=[page],
                   tables=[table, other])
    return doc, table, other, loose


def test_generated_every_amount_is_keyed_or_reported_with_reason_page_and_box():
    """GENERATED: a 支出预算表 whose reader keys 合计 / 基本支出 / 项目支出 of coded rows,
    with amounts planted where no rule keys them: a column 备用金 (no contract key), a row
    某项说不清的支出 (no code, a name no other table prints), a cell printing two amounts
    (``9.00 1.00``), a second grid on the page with no title (``66.60``) and an amount
    printed below both grids (``附注金额 88.80``). Every amount is a keyed cell or lies in
    the box of an unmapped entry on its page that says why."""
    doc, table, other, loose = _document()
    tables, unmapped = extract_tables(doc)
    keyed = [tuple(c.citation.bbox) for t in tables for r in t.rows for c in r.cells.values()]
    b05 = {r.key: {k: v.value for k, v in r.cells.items()} for t in tables for r in t.rows}
    assert b05["2010101"] == {"total": 100.0, "basic": 100.0}
    reasons = {}
    for cell in table.cells:
        if cell.row == 0 or not any(ch.isdigit() for ch in cell.text) or cell.col == 0:
            continue
        if any(_inside(_centre(cell.bbox), k) for k in keyed):
            continue
        u = _reported(unmapped, 1, cell.bbox)
        assert u is not None and u.reason, f"{cell.text} at {cell.bbox} vanished"
        reasons[cell.text] = u.reason
    assert set(reasons) == {"5.00", "3.00", "2.00", "7.50", "9.00 1.00"}
    assert "column not keyed" in reasons["5.00"] and "row label not recognised" in reasons["7.50"]
    assert "not a number" in reasons["9.00 1.00"]
    second = _reported(unmapped, 1, next(c.bbox for c in other.cells if c.text == "66.60"))
    assert second is not None and second.reason == "amount not keyed: second table on the page, not located"
    assert second.text == "66.60" and second.table_id == "B05"
    below = _reported(unmapped, 1, loose.words[1].bbox)
    assert below is not None and below.reason == "amount not keyed: printed outside the table's grid"
    assert below.text == "88.80" and below.page == 1


def test_generated_a_cell_the_rows_reading_drops_is_reported_not_lost():
    """GENERATED: a cell keyed nowhere though its row and column are (a row key printed
    twice: the second 2010101's 100.00 clashes with the first's 90.00) is reported as a
    duplicate row with the box of its amounts; the codes 2010101 and the 栏次 row are
    never reported as amounts."""
    rows = [["科目编码", "科目名称", "合计"], ["栏次", "", "1"], ["2010101", "行政运行", "90.00"],
            ["2010101", "行政运行", "100.00"]]
    table = _grid(rows, "2025年一般公共预算支出预算表")
    doc = Document(doc_id="0" * 16, sha256="0" * 64, path="x.pdf", media="pdf",
                   pages=[Page(number=1, source="text", width=842, height=595, lines=_lines(table))],
                   tables=[table])
    tables, unmapped = extract_tables(doc)
    assert {r.key: r.cells["total"].value for t in tables for r in t.rows} == {"2010101": 90.0}
    u = _reported(unmapped, 1, _box(3, 2))
    assert u is not None and "duplicate row key 2010101" in u.reason
    assert not any(u.text in ("2010101", "1") for u in unmapped)


def _plant(src: Path, pages: tuple[int, ...], plants: list[tuple[int, tuple[float, float], str]]) -> Path:
    """A copy of ``pages`` of a real filing with each (page index in the copy, point, text)
    printed on it."""
    import pymupdf

    out = pages_of(src, pages)
    for index, point, text in plants:
        page = out[index]
        # the point is in the upright frame the readers use; a page stored rotated maps it back
        at = pymupdf.Point(*point) * page.derotation_matrix
        page.insert_text(at, text, fontsize=8, rotate=page.rotation)
    path = Path(tempfile.mkdtemp()) / src.name
    out.save(path)
    return path


@pytest.mark.parametrize("src,pages,plants", [
    # 上海 (development part) p.12 公开04表 ends at y≈307 of 595: two amounts under its grid
    ("shanghai-shanghai-001.pdf", (12,), [(0, (600, 360), "4,321.09"), (0, (650, 420), "77.70")]),
    # 西安 (development part) p.39 表1 收支总表 (序号 column, unkeyed rows): one under the grid
    ("shaanxi-xian-009.pdf", (39,), [(0, (600, 545), "1,234.56")]),
])
def test_dev_page_every_printed_amount_is_keyed_or_reported(src, pages, plants):
    """On real pages of the development part, with amounts planted under the table where
    no rule keys them, the coverage report (which reads the page apart from the reader)
    finds no amount vanished: each is a keyed cell or in the box of an unmapped entry,
    and each planted one is reported on its page, with its box, as printed outside the
    table's grid."""
    from budgetlens.eval.coverage import measure
    from budgetlens.eval.coverage_pages import read_printed
    from budgetlens.extract import extract
    from budgetlens.ingest import read

    path = _plant(SHARED / "corpus" / "docs" / src, pages, plants)
    filing = extract(read(path))
    record = measure(read_printed(path), filing)
    assert record["amounts"]["vanished"] == 0, record["vanished"]
    assert record["amounts"]["printed"] > 10 and record["amounts"]["unmapped"] >= len(plants)
    for index, (x, y), text in plants:
        u = next((u for u in filing.unmapped if u.text == text), None)
        assert u is not None, f"{text} not reported"
        assert u.page == index + 1 and u.reason == "amount not keyed: printed outside the table's grid"
        assert u.bbox[0] - 1 <= x <= u.bbox[2] + 1 and u.bbox[1] - 1 <= y <= u.bbox[3] + 12


def test_generated_a_column_the_transposed_three_public_reading_skips_is_reported():
    """GENERATED: a 三公 table printed with the items as rows (因公出国（境）费 … down, 合计 |
    一般公共预算 | 上年数 across, as Guangzhou 表8 prints without the last column) keys the
    items from 合计 and 一般公共预算; the 上年数 column that reading has no place for was
    dropped without a word before. Each of its amounts is now reported, with its box, as
    a cell not keyed in a keyed row, naming the row and the column."""
    rows = [["项目", "合计", "一般公共预算", "上年数"],
            ["“三公”经费合计", "30.00", "30.00", "28.00"],
            ["因公出国（境）费", "10.00", "10.00", "9.00"],
            ["公务接待费", "20.00", "20.00", "19.00"]]
    table = _grid(rows, "2025年“三公”经费预算表")
    doc = Document(doc_id="0" * 16, sha256="0" * 64, path="x.pdf", media="pdf",
                   pages=[Page(number=1, source="text", width=842, height=595, lines=_lines(table))],
                   tables=[table])
    tables, unmapped = extract_tables(doc)
    b09 = {r.key: {k: v.value for k, v in r.cells.items()} for t in tables for r in t.rows}
    assert b09["budget"]["outbound"] == 10.0 and b09["budget"]["reception.general_budget"] == 20.0
    for r in (1, 2, 3):
        u = _reported(unmapped, 1, _box(r, 3))
        assert u is not None and u.reason == f"amount not keyed: cell not keyed in row {rows[r][0]} (column 上年数)"
        assert u.text == rows[r][3] and u.table_id == "B09"
