"""OCR of image-only pages: number repair, scan fixtures, grid finding, accuracy, real scan."""

from __future__ import annotations

import re

import cv2
import numpy as np
import pymupdf
import pytest
from hypothesis import given, settings as hsettings, strategies as st

from budgetlens.settings import Settings
from budgetlens.eval.bench_ocr import cjk, edit_distance, score_page
from budgetlens.fixtures.scan import sample_table_pdf, scan_pdf
from budgetlens.ingest.normalize import parse_number
from budgetlens.ingest.ocr_grid import binarize, estimate_skew, find_ruled_tables, line_masks, rotate
from budgetlens.ingest.ocr_text import clean_cell_text, repair_number
from shared import SHARED, missing

REAL_SCAN = SHARED / "real" / "scanned" / "云南省_2021_科技统计公报_SCANNED_非预决算.pdf"


# ---------------------------------------------------------------- number repair

@pytest.mark.parametrize(("reading", "expected"), [
    ("0．60", "0.60"),
    ("1O5.3", "105.3"),
    ("2, 251 .27", "2,251.27"),
    ("2.251.27", "2,251.27"),  # a thousands comma read as a dot
    ("0,60", "0.60"),  # a decimal point read as a comma
    ("1,234", "1,234"),
    ("１２３．４５", "123.45"),
    ("(3.2)", "(3.2)"),
    ("12.5%", "12.5%"),
    ("－1.50", "-1.50"),
])
def test_clean_cell_text_repairs_numbers(reading, expected):
    assert clean_cell_text(reading) == expected


@pytest.mark.parametrize("text", ["行政运行", "（一）工资福利支出", "——", "R&D经费", "O", "2021年", "12345,678"])
def test_clean_cell_text_leaves_non_numbers_alone(text):
    assert clean_cell_text(text) == text


def test_repair_refuses_ambiguous_readings():
    assert repair_number("12345,678") is None  # neither a thousands comma nor a decimal
    assert repair_number("1.2.3") is None
    assert repair_number("abc") is None


@hsettings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from(["fullwidth", "spaces", "O", "plain"]))
def test_repair_round_trips_amounts(value, damage):
    printed = f"{value:,.2f}"
    reading = {
        "fullwidth": printed.replace(".", "．").replace(",", "，"),
        "spaces": " ".join(printed),
        "O": printed.replace("0", "O"),
        "plain": printed,
    }[damage]
    assert parse_number(clean_cell_text(reading)) == pytest.approx(float(value))


# ---------------------------------------------------------------- scan fixture

def test_scan_pdf_is_image_only_and_deterministic():
    src, truths = sample_table_pdf(seed=3, pages=2, rows=6)
    first = scan_pdf(src, dpi=100, seed=5)
    assert first == scan_pdf(src, dpi=100, seed=5)
    assert first != scan_pdf(src, dpi=100, seed=6)
    doc = pymupdf.open(stream=first, filetype="pdf")
    assert len(doc) == len(truths) == 2
    for page in doc:
        assert page.get_text().strip() == ""
        assert len(page.get_images()) == 1
    source = pymupdf.open(stream=src, filetype="pdf")
    assert "收入决算表" in source[0].get_text()


# ---------------------------------------------------------------- grid finding (no OCR)

def _drawn_table(skew: float = 0.0) -> np.ndarray:
    """A 5 x 4 ruled table; row 1 merges columns 0-1, column 3 merges rows 3-4."""
    img = np.full((900, 1200), 255, np.uint8)
    xs, ys = [100, 300, 500, 800, 1100], [100, 160, 220, 280, 340, 400]
    for y in ys:
        cv2.line(img, (xs[0], y), (xs[-1], y), 0, 2)
    for x in xs:
        cv2.line(img, (x, ys[0]), (x, ys[-1]), 0, 2)
    img[162:219, 299:302] = 255  # no line between columns 0 and 1 in row 1
    img[339:342, 802:1099] = 255  # no line between rows 3 and 4 in column 3
    for i, y in enumerate(ys[:-1]):
        cv2.putText(img, f"{i}23.45", (520, y + 40), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    if skew:
        img, _ = rotate(img, -skew)
    return img


def test_ruled_table_rows_columns_and_merges():
    binary = binarize(_drawn_table())
    tables = find_ruled_tables(*line_masks(binary, 150), 150)
    assert len(tables) == 1
    table = tables[0]
    assert len(table.rows) == 6 and len(table.cols) == 5
    spans = {(c.row, c.col): (c.rowspan, c.colspan) for c in table.cells}
    assert spans[(1, 0)] == (1, 2)
    assert (1, 1) not in spans
    assert spans[(3, 3)] == (2, 1)
    assert len(table.cells) == 5 * 4 - 2


@pytest.mark.parametrize("angle", [-1.2, -0.4, 0.7])
def test_skew_is_estimated(angle):
    tilted = _drawn_table(skew=angle)
    assert estimate_skew(binarize(tilted)) == pytest.approx(angle, abs=0.1)


def test_edit_distance():
    assert edit_distance("收入决算表", "收入决算表") == 0
    assert edit_distance("收入决算表", "收人决算") == 2
    assert cjk("R&D经费 12.5") == "经费"


# ---------------------------------------------------------------- OCR quality (issue bar)

@pytest.fixture(scope="module")
def scanned_sample():
    src, truths = sample_table_pdf(seed=11, pages=2, rows=16)
    return src, scan_pdf(src, dpi=150, skew_deg=0.6, noise=0.02, blur=True, jpeg_quality=60, seed=11), truths


@pytest.mark.slow
def test_ocr_quality_on_generated_scans(scanned_sample):
    from budgetlens.ingest.ocr import ocr_page

    src, scanned, truths = scanned_sample
    doc = pymupdf.open(stream=scanned, filetype="pdf")
    source = pymupdf.open(stream=src, filetype="pdf")
    total = None
    for pdf_page, src_page, truth in zip(doc, source, truths):
        page, grids = ocr_page(pdf_page, Settings(ocr_dpi=200))
        assert page.source == "ocr" and page.number == truth.page
        assert abs(page.rotation) == pytest.approx(0.6, abs=0.15)
        assert 0.9 <= page.ocr_conf <= 1.0
        ruled = [g for g in grids if g.kind == "ruled"]
        assert len(ruled) == 1 and (ruled[0].n_rows, ruled[0].n_cols) == (truth.n_rows, truth.n_cols)
        assert any(b.kind == "table" and b.table == 0 for b in page.blocks)
        assert any("收入决算表" in line.text for line in ruled[0].title_lines)
        # boxes are PDF points: each amount's OCR box holds the centre of its printed text
        for cell in ruled[0].cells:
            if cell.col >= 2 and cell.row > 0 and cell.text:
                hits = src_page.search_for(truth.cells[(cell.row, cell.col)])
                assert hits, cell.text
                x0, y0, x1, y1 = cell.bbox
                assert any(x0 <= (h.x0 + h.x1) / 2 <= x1 and y0 <= (h.y0 + h.y1) / 2 <= y1 for h in hits)
        s = score_page(page, grids, truth)
        total = s if total is None else total + s
    assert total.numbers >= 60 and total.chars >= 300
    assert total.number_accuracy >= 0.995, total
    assert total.char_accuracy >= 0.97, total


# ---------------------------------------------------------------- the real scan

@pytest.mark.slow
def test_real_scan_page_reads_its_table():
    if not REAL_SCAN.exists():
        missing("shared real scan not present")
    from budgetlens.ingest.ocr import ocr_page

    doc = pymupdf.open(REAL_SCAN)
    page, grids = ocr_page(doc[5], Settings())  # 表2: R&D by prefecture, 全省 first
    assert page.source == "ocr" and page.lines and page.blocks
    ruled = [g for g in grids if g.kind == "ruled"]
    assert len(ruled) == 1 and ruled[0].n_cols == 3
    rows = [[c.text if c else "" for c in row] for row in ruled[0].rows()]
    values = [parse_number(r[1]) for r in rows[1:]]
    assert len(values) >= 15 and all(v is not None for v in values)
    total, parts = values[0], values[1:]
    # the province is the sum of its prefectures: a check no misread digit survives
    assert sum(parts) == pytest.approx(total, abs=0.05)
    assert all(parse_number(r[2]) is not None for r in rows[1:])
    assert any("表2" in line.text.replace(" ", "") for line in ruled[0].title_lines)


@pytest.mark.slow
def test_real_scan_thousands_commas_are_not_read_as_points():
    """表3's amounts are whole 万元 printed with thousands commas (``3,494``); the
    recogniser reads some commas as points, and the glyph check must undo that."""
    if not REAL_SCAN.exists():
        missing("shared real scan not present")
    from budgetlens.ingest.ocr import ocr_page

    page, grids = ocr_page(pymupdf.open(REAL_SCAN)[7], Settings())
    amounts = [row[1].text for row in grids[0].rows()[1:] if row[1] is not None]
    assert len(amounts) == 4
    assert all(re.fullmatch(r"\d{1,3},\d{3}", a) for a in amounts), amounts
