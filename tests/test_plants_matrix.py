"""Every planted kind found on every generated layout, and no fail on a consistent filing.

One test per layout writes one filing per kind in ``PLANT_KINDS`` plus one consistent
filing (seed 41), reads each in-process and scores it as ``budgetlens eval`` does
(``harness.score``): the kind × layout matrix of the issue, pinned.

Covered where:

- ``ruled``, ``borderless``, ``split``, ``wrapped`` (PDF text layers), ``docx`` and
  ``text``: all 12 kinds and a consistent filing each, below;
- ``scanned`` (the ruled layout printed and scanned): all 12 kinds and a consistent
  filing too, below. OCR is what makes a scan slow (17 pages a filing, 13 filings), so
  the scanned test recognises each distinct page image once: a plant changes one or two
  pages of the filing, and ``scan_pdf`` turns an unchanged page into the same JPEG bytes,
  which the same OCR reads into the same lines and grids. Every planted filing still
  goes through the whole reader, its changed pages through OCR of their own; only the
  recognition of byte-identical page images is shared. Read through the per-document
  child, as ``budgetlens eval`` reads it, a scan is 17 pages of OCR at 200 dpi, which on
  two busy cores passed the 300 s of ``settings.doc_seconds`` (``budgetlens.limits`` kills
  the child: the planted kind then counts as missed). The test reads in this process
  (``ingest.read``), outside that child and its limit, so a busy machine makes it slower,
  never a failure.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

import pymupdf
import pytest
from budgetlens.eval.harness import load_cases, score
from budgetlens.fixtures.__main__ import write_filing
from budgetlens.fixtures.figures import PLANT_KINDS
from budgetlens.ingest import read
from budgetlens.pipeline import analyse
from budgetlens.settings import Settings

SEED = 41


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    return Settings(embedding="hash", home=tmp_path_factory.mktemp("home"))


def _matrix(tmp_path: Path, medium: str, kinds: tuple[str, ...], settings: Settings) -> dict[str, object]:
    """kind → [found, planted] for each planted filing; "none" → the consistent filing's fails."""
    for kind in (None, *kinds):
        write_filing(tmp_path, SEED, medium, kind)
    got: dict[str, object] = {}
    for case in load_cases(tmp_path):
        filing = analyse(read(case.doc_path, settings), settings)
        scored = score(filing, case.gold, case.doc_path.name)
        if scored.planted_total:
            got.update(scored.planted_kinds)
        else:
            got["none"] = [c.check_id for c in filing.checks if c.status == "fail"]
    return got


@pytest.mark.parametrize("medium", ["ruled", "borderless", "split", "wrapped", "docx", "text"])
def test_every_planted_kind_is_found_on_the_layout(medium: str, tmp_path: Path, settings: Settings) -> None:
    got = _matrix(tmp_path, medium, PLANT_KINDS, settings)
    assert got == {"none": [], **{kind: [1, 1] for kind in PLANT_KINDS}}


def _page_key(doc: pymupdf.Document, number: int) -> tuple[int, str]:
    """A scanned page by its number and the bytes of its one image."""
    page = doc.load_page(number - 1)
    streams = b"".join(doc.xref_stream_raw(img[0]) or b"" for img in page.get_images(full=True))
    return number, hashlib.sha256(streams).hexdigest()


@pytest.fixture
def ocr_once(monkeypatch: pytest.MonkeyPatch) -> dict[tuple[int, str], object]:
    """``ingest.ocr.ocr_pages`` recognising each distinct (page number, image) once."""
    from budgetlens.ingest import ocr

    seen: dict[tuple[int, str], object] = {}
    original = ocr.ocr_pages

    def shared(doc, data, numbers, settings=None):
        keys = {n: _page_key(doc, n) for n in numbers}
        new = [n for n in numbers if keys[n] not in seen]
        if new:
            seen.update(zip((keys[n] for n in new), original(doc, data, new, settings)))
        return [copy.deepcopy(seen[keys[n]]) for n in numbers]

    monkeypatch.setattr(ocr, "ocr_pages", shared)
    return seen


@pytest.mark.slow
def test_every_planted_kind_is_found_on_a_scan(tmp_path: Path, settings: Settings, ocr_once: dict) -> None:
    got = _matrix(tmp_path, "scanned", PLANT_KINDS, settings)
    assert len(ocr_once) < 17 * 3  # the unchanged pages were recognised once
    assert got == {"none": [], **{kind: [1, 1] for kind in PLANT_KINDS}}


def test_the_eval_report_prints_the_kind_by_layout_matrix(tmp_path: Path) -> None:
    """``budgetlens eval`` on a planted set writes found / planted per kind and layout, and per
    layout the consistent filings that raised a fail."""
    from budgetlens.eval.report import write_report

    def over(found: int, false_fail: int) -> dict:
        return {"planted_by_kind": {"cell": {"found": found, "total": 1}}, "planted_errors_total": 1,
                "false_fail_documents": false_fail, "consistent_documents": 1}
    result = {"overall": {**over(1, 1), "planted_by_kind": {"cell": {"found": 1, "total": 2}}, "planted_errors_total": 2,
                          "consistent_documents": 2, "documents": 4, "seconds": 1.0, "cell_precision": 1.0,
                          "cell_recall": 1.0, "cell_f1": 1.0, "key_figures_correct": 0, "key_figures_total": 0},
              "layouts": {"ruled": over(1, 0), "scanned": over(0, 1)}, "documents": []}
    text = write_report(result, tmp_path).read_text(encoding="utf-8")
    assert "| kind | ruled | scanned | all |" in text
    assert "| cell | 1/1 | 0/1 | 1/2 |" in text
    assert "| fails on consistent filings | 0/1 | 1/1 | 1/2 |" in text
