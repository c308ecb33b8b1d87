"""Progress of one file, from the child process that reads it to whoever shows it."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens import progress
from budgetlens.pipeline import Processor, analyse_file
from budgetlens.progress import Step, describe

ROOT = Path(__file__).resolve().parents[1]


def test_steps_are_worded_for_a_person():
    assert describe(Step("ocr", 1, 3)) == "OCR 识别第 2/3 页"
    assert describe(Step("ocr", 1, 3), "en") == "OCR page 2 of 3"
    assert describe(Step("ocr", 3, 3)) == "OCR 识别完成（3 页）"
    assert describe(Step("read", 0, 14)) == "读取文本（14 页）"
    assert describe(Step("index")) == "建立索引"


def test_nobody_listening_costs_nothing_and_a_broken_listener_stops_nothing():
    progress.report("read")  # no listener: nothing happens
    heard: list[Step] = []

    def broken(step: Step) -> None:
        heard.append(step)
        raise RuntimeError("display gone")

    with progress.listen(broken):
        progress.report("tables")
    assert heard == [Step("tables")]
    assert not progress.listening()


def test_a_text_filing_reports_each_stage_from_its_child_process(settings):
    heard: list[Step] = []
    result = analyse_file(ROOT / "samples" / "fx0004_text.txt", settings, on_progress=heard.append)
    assert result.filing.entity  # the work itself is unchanged
    assert [s.stage for s in heard] == ["read", "tables", "checks"]


def test_the_stages_of_a_stored_pdf_end_with_the_index(settings):
    heard: list[Step] = []
    with Processor(settings) as processor:
        outcome = processor.process_file(ROOT / "samples" / "fx0002_borderless.pdf", on_progress=heard.append)
    assert outcome.status == "added"
    stages = [s.stage for s in heard]
    assert stages == ["read", "read", "tables", "checks", "index"]
    assert heard[1] == Step("read", 0, outcome.pages)  # the page count, as soon as it is known


@pytest.mark.slow
def test_a_scan_reports_its_ocr_page_by_page(settings, tmp_path: Path):
    from budgetlens.fixtures.scan import sample_table_pdf, scan_pdf

    data, _ = sample_table_pdf(seed=3, pages=3, rows=8)
    scan = tmp_path / "scan3.pdf"
    scan.write_bytes(scan_pdf(data, dpi=150))
    heard: list[Step] = []
    with Processor(settings) as processor:
        outcome = processor.process_file(scan, on_progress=heard.append)
    assert outcome.ocr_pages == 3
    ocr = [s for s in heard if s.stage == "ocr"]
    assert ocr[0] == Step("ocr", 0, 3) and ocr[-1] == Step("ocr", 3, 3)
    assert [s.done for s in ocr] == sorted(s.done for s in ocr)  # pages only ever go forward
    assert len(ocr) >= 3  # more than a start and an end: the pages as they finish
    assert [s.stage for s in heard][-3:] == ["tables", "checks", "index"]
