"""Speed work must not change what is read: region-cropped detection, width-aware
recognition batches, parallel OCR and the text-layer fast paths, and the benchmark's
own bookkeeping. Timings themselves live in ``eval/bench_pipeline.py``, never here."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pymupdf
import pytest

from budgetlens.settings import Settings
from budgetlens.eval.bench_pipeline import bench, sample_pages
from budgetlens.ingest import sha256_of
from budgetlens.ingest.ocr_rec import BATCH, BATCH_MAX_WIDTH, DET_MARGIN, _batches, ink_regions
from budgetlens.ingest.pdf import needs_ocr, read_pdf
from shared import missing


def _page_with_blocks(blocks: list[tuple[int, int, int, int]], shape=(800, 600)) -> np.ndarray:
    img = np.full(shape, 255, dtype=np.uint8)
    for x0, y0, x1, y1 in blocks:
        img[y0:y1, x0:x1] = 0
    return img


def test_ink_regions_cover_each_inked_band_with_a_margin():
    img = _page_with_blocks([(100, 50, 300, 70), (80, 500, 200, 530)])
    regions = ink_regions(img)
    assert regions == [(100 - DET_MARGIN, 50 - DET_MARGIN, 300 + DET_MARGIN, 70 + DET_MARGIN),
                       (80 - DET_MARGIN, 500 - DET_MARGIN, 200 + DET_MARGIN, 530 + DET_MARGIN)]


def test_ink_regions_join_close_lines_and_never_overlap():
    img = _page_with_blocks([(100, 100, 400, 120), (100, 130, 400, 150), (100, 300, 400, 320)])
    regions = ink_regions(img)
    assert len(regions) == 2  # the two close lines are one band
    (_, _, _, bottom), (_, top, _, _) = regions
    assert bottom <= top


def test_ink_regions_blank_and_full_pages():
    assert ink_regions(np.full((100, 100), 255, dtype=np.uint8)) == []
    dense = _page_with_blocks([(0, y, 600, y + 10) for y in range(0, 800, 30)])
    assert ink_regions(dense) == [(0, 0, 600, 800)]


def test_batches_run_wide_crops_alone_and_keep_every_crop_once():
    widths = [900, 64, 120, 3000, 80, 256, 257, 70, 90, 100]
    batches = _batches(widths)
    assert sorted(i for b in batches for i in b) == list(range(len(widths)))
    for b in batches:
        assert len(b) <= BATCH
        if len(b) > 1:
            assert all(widths[i] <= BATCH_MAX_WIDTH for i in b)
    assert [b for b in batches if widths[b[0]] > BATCH_MAX_WIDTH] == [[6], [0], [3]]


def test_needs_ocr_counts_visible_and_unmapped_characters():
    doc = pymupdf.open()
    page = doc.new_page()
    assert needs_ocr(page, "  本年收入合计 1,234.56 万元  ") is False
    assert needs_ocr(page, "\ue000\ue001\ue002\ue003\ue004\ue005 abcdef") is True  # half unmapped
    assert needs_ocr(page, "短") is False  # too little text, but no image either


def test_read_pdf_warns_per_scanned_page_when_ocr_is_off():
    from budgetlens.fixtures.scan import sample_table_pdf, scan_pdf

    src, _ = sample_table_pdf(seed=3, pages=2, rows=6)
    data = scan_pdf(src, dpi=100, seed=3)
    doc = read_pdf(Path("scan.pdf"), data, sha256_of(data), Settings(ocr=False))
    assert [p.number for p in doc.pages] == [1, 2]
    assert all(p.source == "ocr" and not p.lines for p in doc.pages)
    assert doc.warnings == [f"page {n}: no usable text layer and OCR is off" for n in (1, 2)]


def test_sample_pages_spread_over_the_document():
    assert sample_pages(2, 3) == [0, 1]
    picked = sample_pages(30, 3)
    assert len(picked) == 3 and picked[0] < 10 <= picked[1] < 20 <= picked[2] < 30


def test_bench_reports_every_stage(shared_dir):
    files = sorted((shared_dir / "real" / "shanghai").glob("*区政府办公室_2025_单位预算.pdf"))
    if not files:
        missing("real sample missing")
    result = bench(files, reference=False)
    assert result.pages > 0 and result.pipeline_pages_per_s > 0
    assert result.read_pages_per_s >= result.pipeline_pages_per_s
    assert set(result.stages_ms_per_page) == {"read", "tables", "narrative", "checks"}
    assert all(v > 0 for v in result.stages_ms_per_page.values())
    assert result.ratio is None and result.peak_rss_mb > 0


@pytest.mark.slow
def test_parallel_ocr_reads_the_same_as_one_process():
    from budgetlens.fixtures.scan import sample_table_pdf, scan_pdf
    from budgetlens.ingest.ocr import ocr_pages

    src, _ = sample_table_pdf(seed=5, pages=3, rows=8)
    data = scan_pdf(src, dpi=150, seed=5)
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        serial = ocr_pages(doc, data, [1, 2, 3], Settings(ocr_workers=1))
        parallel = ocr_pages(doc, data, [1, 2, 3], Settings(ocr_workers=2))
    assert [p.number for p, _ in parallel] == [1, 2, 3]
    assert any(grids for _, grids in serial)
    for (p1, g1), (p2, g2) in zip(serial, parallel):
        assert p1.model_dump() == p2.model_dump()
        assert [g.model_dump() for g in g1] == [g.model_dump() for g in g2]


@pytest.mark.slow
def test_detection_on_regions_finds_the_text_lines():
    from budgetlens.ingest.ocr_rec import detect

    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    page.insert_text((40, 60), "2024 budget total 1,234.56", fontsize=14)
    page.insert_text((40, 240), "notes 99.5", fontsize=14)
    pix = page.get_pixmap(dpi=150, colorspace=pymupdf.csGRAY)
    gray = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, :pix.width]
    boxes = detect(gray.copy())
    centres = sorted(float(b[:, 1].mean()) / (150 / 72) for b in boxes)
    assert len(centres) == 2
    assert abs(centres[0] - 55) < 10 and abs(centres[1] - 235) < 10
