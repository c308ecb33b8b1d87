"""The audit of every ``fail`` the real PDFs raised: each one was a reading error, a
rule that did not fit the layout, or a real inconsistency in the document.

Reading errors fixed here, each for the whole family of layouts:
- a ruled table cut by a page break whose first (last) row has no rule of its own: the
  row fell outside the lattice and a 款 / 302 looked unequal to its parts;
- a sentence wrapped around amounts ("…支出 222.5 / 万元，占…") read as a borderless
  table, which cut the sentence so that 222.5 万元 was read as 222.5 元;
- a 使用非财政拨款结余 column read as 财政拨款收入 (its header names 财政拨款);
- a 本年收入 statement compared with a 合计 that also counts 上年结转 and 结余.
The one fail kept is a real inconsistency, and the test pins its evidence.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pymupdf
import pytest

from budgetlens.pipeline import analyse
from budgetlens.settings import Settings
from budgetlens.extract import vocab
from budgetlens.ingest import read, sha256_of
from budgetlens.ingest.grid_ruled import find_ruled, segments_from_drawings
from budgetlens.ingest.grid import TextLine, TextWord
from budgetlens.ingest.grid_text import _classify, find_borderless
from budgetlens.ingest.pdf import _drawings, _turner, group_lines, page_words, read_pdf
from budgetlens.schemas.filing import Filing
from shared import missing

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
FONT = pymupdf.Font("cjk")


def _real(name: str) -> Path:
    path = next(REAL.glob(f"*/{name}"), None) if REAL.is_dir() else None
    if path is None:
        missing(f"{name} not available")
    return path


@lru_cache(maxsize=None)
def _filing(name: str) -> Filing:
    settings = Settings(embedding="hash")
    return analyse(read(_real(name), settings), settings)


def _fails(filing: Filing) -> list[str]:
    return [c.check_id for c in filing.checks if c.status == "fail"]


def _cell(filing: Filing, table_id: str, key: str, col: str = "total") -> float | None:
    table = filing.table(table_id)
    row = next((r for r in table.rows if r.key == key), None) if table else None
    cell = row.cells.get(col) if row else None
    return cell.value if cell else None


def _page_tables(name: str, number: int):
    doc = pymupdf.open(_real(name))
    page = doc[number - 1]
    words, glyphs = page_words(page)
    ruled = find_ruled(glyphs, segments_from_drawings(_drawings(page), _turner(page)), number)
    return ruled, find_borderless(group_lines(words), ruled, number)


# --- open-edged ruled tables ------------------------------------------------------------

def _open_table_pdf(tmp_path: Path, overshoot_top: float, overshoot_bottom: float):
    """Three ruled rows whose column rules run past the top and bottom rules, with a
    row of text in each open band (as a table continued over a page break is drawn)."""
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    xs, ys = (50.0, 150.0, 250.0, 350.0), (100.0, 120.0, 140.0, 160.0)
    for y in ys:
        page.draw_line((xs[0], y), (xs[-1], y), width=0.5)
    for x in xs:
        page.draw_line((x, ys[0] - overshoot_top), (x, ys[-1] + overshoot_bottom), width=0.5)
    rows = [("2210201", "住房公积金", "1,029.15", ys[0] - 6),
            ("2210202", "提租补贴", "1,959.99", 114.0),
            ("2210203", "购房补贴", "12.00", 134.0),
            ("2210299", "其他", "3.00", 154.0),
            ("2219999", "末行", "7.50", ys[-1] + 14)]
    tw = pymupdf.TextWriter(page.rect)
    for code, label, amount, y in rows:
        tw.append((55, y), code, font=FONT, fontsize=9)
        tw.append((155, y), label, font=FONT, fontsize=9)
        tw.append((345 - FONT.text_length(amount, fontsize=9), y), amount, font=FONT, fontsize=9)
    tw.write_text(page)
    doc.subset_fonts()
    data = doc.tobytes()
    path = tmp_path / "open.pdf"
    path.write_bytes(data)
    return read_pdf(path, data, sha256_of(data), Settings(ocr=False))


def _first_column(document) -> list[str]:
    grid = document.tables[0]
    return [row[0].text for row in grid.rows() if row[0] is not None]


def test_open_top_and_bottom_rows_are_kept(tmp_path):
    document = _open_table_pdf(tmp_path, overshoot_top=18.0, overshoot_bottom=18.0)
    assert _first_column(document) == ["2210201", "2210202", "2210203", "2210299", "2219999"]
    first = document.tables[0].rows()[0]
    assert [c.text for c in first if c] == ["2210201", "住房公积金", "1,029.15"]


def test_rules_that_barely_overshoot_add_no_row(tmp_path):
    """A column rule drawn 2 pt past the frame is a drawing habit, not an open row:
    the text beyond it stays outside the table."""
    document = _open_table_pdf(tmp_path, overshoot_top=2.0, overshoot_bottom=2.0)
    column = _first_column(document)
    assert "2210202" in column and "2210201" not in column and "2219999" not in column


NAME_2017 = "江苏省_高级人民法院_2017_部门预算.pdf"
NAME_2018 = "江苏省_高级人民法院_2018_部门预算.pdf"


@pytest.mark.parametrize("number, first_row", [
    (14, ["2210201", "住房公积金", "1,029.15"]),  # 公开05表 continued, its last 项
    (16, ["30206", "电费", "235.00"]),  # 公开09表 continued, a 302 item
])
def test_first_row_of_a_continued_page_is_read(number, first_row):
    ruled, _ = _page_tables(NAME_2017, number)
    top = min(ruled, key=lambda t: t.bbox[1])
    assert [c.text for c in top.cells if c.row == 0] == first_row
    assert not top.header_rows


def test_court_2017_hierarchies_hold_with_the_recovered_rows():
    filing = _filing(NAME_2017)
    assert _cell(filing, "B10", "2210201") == 1029.15
    assert _cell(filing, "B06", "30206") == 235.0
    parts = [_cell(filing, "B10", k) for k in ("2210201", "2210202")]
    assert round(sum(parts), 2) == _cell(filing, "B10", "22102")
    assert not [c for c in _fails(filing) if ".hier." in c]


def test_court_2018_hierarchies_hold_with_the_recovered_rows():
    filing = _filing(NAME_2018)
    assert _cell(filing, "B05", "2040504") == 1833.3
    assert _cell(filing, "B11", "30108") == 1326.81
    assert _cell(filing, "B06", "30231") == 266.8
    assert not [c for c in _fails(filing) if ".hier." in c]


# --- sentences wrapped around amounts are not tables ----------------------------------

NAME_NPC_2018 = "江苏省_人大常委会办公厅_2018_部门预算.pdf"


def _line(*pieces: tuple[str, float]) -> TextLine:
    words = tuple(TextWord(text, (x, 100.0, x + 9.0 * len(text), 109.0), (), 9.0) for text, x in pieces)
    return TextLine(words, (words[0].bbox[0], 100.0, words[-1].bbox[2], 109.0),
                    " ".join(w.text for w in words))


@pytest.mark.parametrize("pieces, kind", [
    ((("万元，占“三公”经费的", 60.0), ("26.69%", 200.0), ("；公务用车购置及运行费支出", 280.0)), "prose"),
    ((("183.6", 60.0), ("万元，占“三公”经费的22.03%", 120.0), ("；公务接待费支出", 340.0),
      ("427.5", 430.0)), "prose"),
    ((("2210201", 60.0), ("住房公积金", 200.0), ("1,029.15", 400.0)), "data"),
    ((("一、财政拨款", 60.0), ("230,876.38", 200.0), ("一、教育支出", 300.0), ("434,334.99", 420.0)), "data"),
])
def test_amount_with_unit_and_clause_mark_is_a_sentence(pieces, kind):
    assert _classify(_line(*pieces)).kind == kind


def test_a_sentence_continued_at_the_top_of_a_page_is_not_a_table():
    _, borderless = _page_tables(NAME_NPC_2018, 28)
    texts = [c.text for t in borderless for c in t.cells]
    assert not any("万元，" in t for t in texts), texts


def test_amount_cut_by_a_page_break_keeps_its_unit():
    filing = _filing(NAME_NPC_2018)
    assert filing.key_figures["outbound_budget"].value == 222.5
    assert _cell(filing, "B09", "budget", "outbound") == 222.5
    assert not [c for c in _fails(filing) if "outbound" in c]


# --- a 使用非财政拨款结余 column is not 财政拨款 ----------------------------------------

@pytest.mark.parametrize("header, role", [
    ("使用非财政拨款结余", "use_of_balance"),
    ("使用非财政拨款结余（含专用结余）", "use_of_balance"),
    ("财政拨款收入", "fiscal_grant"),
    ("财政拨款", "fiscal_grant"),
])
def test_balance_column_is_not_the_fiscal_grant(header, role):
    assert vocab.column_role(header, "B02") == role


NAME_SWU = "西南大学_2023_部门预算.pdf"


def test_university_income_table_columns_and_scope():
    filing = _filing(NAME_SWU)
    b02 = {col: cell.value for col, cell in
           next(r for r in filing.table("B02").rows if r.key == "total").cells.items()}
    # the 合计 is every source plus 上年结转 and 使用非财政拨款结余
    assert round(sum(v for c, v in b02.items() if c != "total"), 2) == b02["total"]
    assert b02["fiscal_grant"] == _cell(filing, "B01", "income.fiscal_grant", "amount")
    assert b02["use_of_balance"] == _cell(filing, "B01", "income.use_of_balance", "amount")
    by_id = {c.check_id: c for c in filing.checks}
    # 本年收入 is checked against the summary's 本年收入合计, never against that 合计
    assert by_id["narrative.income_current_year=B01.income.current_year_total"].status == "pass"
    assert "narrative.income_current_year=B02.total.total" not in by_id
    assert by_id["narrative.fiscal_grant_income=B02.total.fiscal_grant"].status == "pass"
    assert not _fails(filing)


# --- the fail that stays: the document contradicts itself -------------------------------

def test_procuratorate_2017_basic_expenditure_is_a_real_inconsistency():
    """The narrative states 基本支出 twice on one page, 12323.46 and 12323.48; the table
    prints 12323.48, which is what 合计 - 项目支出 - 预留机动经费 gives."""
    filing = _filing("江苏省_人民检察院_2017_部门预算.pdf")
    stated = {m.value for m in filing.key_figures["basic_expenditure"].mentions}
    assert {12323.46, 12323.48} <= stated
    total, project = _cell(filing, "B03", "total"), _cell(filing, "B03", "total", "project")
    basic = _cell(filing, "B03", "total", "basic")
    assert basic == 12323.48
    assert round(total - project - 140.2, 2) == basic
    assert _fails(filing) == ["narrative.basic_expenditure#m1=B03.total.basic"]


def test_fiscal_scoped_basic_expenditure_goes_to_the_basic_expenditure_table():
    """"财政拨款基本支出预算 12308.48 万元" is the 合计 of the 财政拨款基本支出预算表, not the
    all-funds 基本支出 of the expenditure table (12323.48): a scope, not an error."""
    filing = _filing("江苏省_人民检察院_2017_部门预算.pdf")
    by_id = {c.check_id: c for c in filing.checks}
    scoped = by_id["narrative.basic_expenditure=B11.total.total"]
    assert scoped.status == "pass" and scoped.expected == _cell(filing, "B11", "total") == 12308.48
    assert "narrative.basic_expenditure=B03.total.basic" not in by_id
