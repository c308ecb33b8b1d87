"""The PDF reader: bad input refused with the right error, OCR hand-off, real filings."""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from budgetlens.errors import CorruptFileError, EncryptedError, TooManyPagesError
from budgetlens.settings import Settings
from budgetlens.ingest import sha256_of
from budgetlens.ingest.pdf import needs_ocr, read_pdf
from budgetlens.schemas.document import Document, Grid
from shared import missing

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
FONT = pymupdf.Font("cjk")


def _pdf(texts: list[str]) -> bytes:
    doc = pymupdf.open()
    for text in texts:
        page = doc.new_page()
        tw = pymupdf.TextWriter(page.rect)
        tw.append((72, 100), text, font=FONT, fontsize=11)
        tw.write_text(page)
    doc.subset_fonts()
    return doc.tobytes()


def _read(data: bytes, **settings) -> Document:
    return read_pdf(Path("x.pdf"), data, sha256_of(data), Settings(ocr=False).scoped(**settings))


def test_text_page_lines_and_words():
    doc = _read(_pdf(["2023年收入总计、支出总计均为526.04万元。"]))
    assert doc.n_pages == 1 and doc.pages[0].source == "text"
    line = doc.pages[0].lines[0]
    assert line.text == "2023年收入总计、支出总计均为526.04万元。"
    assert line.bbox is not None and line.bbox[0] == pytest.approx(72, abs=1)
    assert doc.pages[0].blocks[0].kind == "text"


def test_truncated_pdf_is_corrupt():
    data = _pdf(["一", "二"])
    with pytest.raises(CorruptFileError):
        _read(data[: len(data) // 3])


def test_garbage_bytes_are_corrupt():
    with pytest.raises(CorruptFileError):
        _read(b"%PDF-1.7\n" + b"\x00garbage" * 50)


def test_encrypted_pdf_needs_password():
    src = pymupdf.open(stream=_pdf(["秘密"]), filetype="pdf")
    data = src.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    with pytest.raises(EncryptedError):
        _read(data)


def test_owner_password_only_opens():
    src = pymupdf.open(stream=_pdf(["公开"]), filetype="pdf")
    data = src.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="o",
                       permissions=pymupdf.PDF_PERM_PRINT)
    assert _read(data).pages[0].lines[0].text == "公开"


def test_too_many_pages_is_refused_before_reading():
    with pytest.raises(TooManyPagesError):
        _read(_pdf(["一", "二", "三"]), max_pages=2)


def _image_page_pdf() -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 200), False)
    pix.set_rect(pix.irect, (200, 200, 200))
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_image(page.rect, pixmap=pix)
    return doc.tobytes()


def test_image_only_page_needs_ocr_and_text_page_does_not():
    img = pymupdf.open(stream=_image_page_pdf(), filetype="pdf")
    txt = pymupdf.open(stream=_pdf(["本表反映部门年度总体收入预算情况。"]), filetype="pdf")
    assert needs_ocr(img[0]) is True
    assert needs_ocr(txt[0]) is False


def test_unmapped_glyphs_need_ocr():
    txt = pymupdf.open(stream=_pdf(["本表反映部门年度总体收入预算情况。"]), filetype="pdf")
    assert needs_ocr(txt[0], "\ufffd" * 30 + "ab") is True
    assert needs_ocr(txt[0], "\ue000\ue001" * 20 + "合计" * 2) is True


def test_image_page_without_ocr_is_kept_with_warning():
    doc = _read(_image_page_pdf())
    assert doc.pages[0].source == "ocr" and doc.pages[0].lines == []
    assert doc.warnings and "OCR" in doc.warnings[0]


# --- real filings -----------------------------------------------------------------

def _real(rel: str) -> Document:
    path = REAL / rel
    if not path.exists():
        missing(f"{path} not available")
    data = path.read_bytes()
    return read_pdf(path, data, sha256_of(data), Settings(ocr=False))


def _find(doc: Document, title_part: str) -> Grid:
    for grid in doc.tables:
        if any(title_part in l.text for l in grid.title_lines):
            return grid
    raise AssertionError(f"no table titled {title_part!r}")


def _row(grid: Grid, *start: str) -> list[str]:
    for row in grid.rows():
        texts = [c.text if c else "" for c in row]
        if texts[: len(start)] == list(start):
            return texts
    raise AssertionError(f"no row starting {start}")


def test_real_shanghai_split_function_codes_and_page_break():
    doc = _real("shanghai/上海普陀_商务委员会_2025_部门预算.pdf")
    grid = _find(doc, "部门收入预算总表")
    assert grid.pages == [10, 11]
    assert _row(grid, "201", "13", "01")[3:6] == ["行政运行", "9,389,913.00", "9,389,913.00"]
    assert _row(grid, "208", "05", "06")[3:6] == ["机关事业单位职业年金缴费支出", "705,443.00", "705,443.00"]
    assert _row(grid, "合计")[4] == "371,514,655.00"
    cell = next(c for c in grid.cells if c.text == "705,443.00")
    assert cell.page == 11
    total = _find(doc, "部门财务收支预算总表")
    assert _row(total, "一、财政拨款收入") == ["一、财政拨款收入", "371,514,655.00", "一、一般公共服务支出", "21,601,733.00"]


def test_real_shanghai_finance_bureau():
    doc = _real("shanghai/上海市_财政局_2025_市级单位预算.pdf")
    grid = _find(doc, "预算单位支出预算总表")
    assert any("单位：元" in l.text for l in grid.title_lines)
    assert _row(grid, "201", "06", "02")[3:7] == ["一般行政管理事务", "28,544,130", "", "28,544,130"]
    assert _row(grid, "合计")[4:7] == ["171,915,169", "127,642,039", "44,273,130"]


def test_real_university_final_accounts():
    doc = _real("university/西南大学_2023_部门决算.pdf")
    grid = _find(doc, "高等学校收入决算表")
    assert _row(grid, "2050202") == ["2050202", "小学教育", "9,447.71", "8,201.15", "", "4.70", "", "", "", "1,241.86"]
    summary = _find(doc, "高等学校收支决算总表")
    assert summary.pages == [8, 9]
    assert _row(summary, "使用非财政拨款结余（含专用结余）") == ["使用非财政拨款结余（含专用结余）", "45,110.97", "结余分配", "4,970.88"]


def test_real_university_budget_continued_total_table():
    doc = _real("university/西南大学_2021_部门预算.pdf")
    grid = _find(doc, "西南大学收支预算总表")
    assert grid.pages == [6, 7]
    assert _row(grid, "收入总计") == ["收入总计", "490,808.40", "支出总计", "490,808.40"]
    assert next(c for c in grid.cells if c.text == "490,808.40").page == 7


def test_real_jiangsu_rotated_tables_only_file():
    doc = _real("jiangsu/江苏省_省委办公厅_2019_部门预算_公开表only.pdf")
    grid = _find(doc, "财政拨款支出预算表（功能科目）")
    assert _row(grid, "2013101") == ["2013101", "行政运行", "9,370.12"]
    assert _row(grid, "合计")[-1] == "27,664.22"
    summary = _find(doc, "收支预算总表")
    assert _row(summary, "一、财政拨款")[:4] == ["一、财政拨款", "27,664.22", "一、一般公共服务支出", "22,395.50"]


@pytest.mark.slow
def test_every_real_text_pdf_ingests():
    files = sorted(p for p in REAL.rglob("*.pdf") if "scanned" not in p.parts) if REAL.exists() else []
    if not files:
        missing("no real filings")
    tables = 0
    for path in files:
        data = path.read_bytes()
        doc = read_pdf(path, data, sha256_of(data), Settings(ocr=False))
        assert doc.n_pages > 0
        tables += len(doc.tables)
        for grid in doc.tables:
            assert all(c.row < grid.n_rows and c.col < grid.n_cols for c in grid.cells)
    assert tables > 100


def test_scanned_real_pdf_does_not_crash_without_ocr():
    path = REAL / "scanned"
    files = sorted(path.glob("*.pdf")) if path.exists() else []
    if not files:
        missing("no scanned filing")
    data = files[0].read_bytes()
    doc = read_pdf(files[0], data, sha256_of(data), Settings(ocr=False))
    assert doc.ocr_pages == doc.n_pages and doc.warnings


def test_reading_pdfs_skips_pymupdfs_layout_model_unless_asked():
    import os
    import subprocess
    import sys

    probe = ("import sys, budgetlens.ingest.pdf, pymupdf; "
             "print(sys.modules.get('pymupdf.layout') is not None, pymupdf._get_layout is not None)")
    env = {k: v for k, v in os.environ.items() if k != "BUDGETLENS_PYMUPDF_LAYOUT"}
    skipped = subprocess.run([sys.executable, "-P", "-c", probe], env=env, capture_output=True, text=True)
    assert skipped.stdout.split() == ["False", "False"], skipped.stderr
    kept = subprocess.run([sys.executable, "-P", "-c", probe], env={**env, "BUDGETLENS_PYMUPDF_LAYOUT": "1"},
                          capture_output=True, text=True)
    layout_installed = subprocess.run([sys.executable, "-c", "import importlib.util as u; "
                                       "print(u.find_spec('pymupdf.layout') is not None)"],
                                      capture_output=True, text=True).stdout.strip() == "True"
    assert kept.stdout.split() == ([str(layout_installed)] * 2), kept.stderr
