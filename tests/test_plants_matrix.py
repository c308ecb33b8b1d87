"""Every planted kind found on every generated layout, and no fail on a consistent filing.

One test per layout writes one filing per kind in ``PLANT_KINDS`` plus one consistent
filing (seed 41), reads each in-process and scores it as ``budgetlens eval`` does
(``harness.score``): the kind × layout matrix of the issue, pinned.

Covered where:

- ``ruled``, ``borderless``, ``split``, ``wrapped`` (PDF text layers), ``docx`` and
  ``text``: all 12 kinds and a consistent filing each, below;
- ``scanned`` (the ruled layout printed and scanned; OCR is slow): the kinds whose evidence
  is read off a table, which OCR reads differently from a text layer — a table cell (cell),
  the 人员经费 / 公用经费 split under a two-level header (split), the 三公 column groups
  (three_public_groups) and the 编制单位 line (entity) — and a consistent filing. The
  narrative kinds go through the same prose reader once OCR has read the page; on a scan
  they are not pinned here (narrative and unit were seen found on one, the others only on
  the text layers above).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from budgetlens.eval.harness import load_cases, score
from budgetlens.fixtures.__main__ import write_filing
from budgetlens.fixtures.figures import PLANT_KINDS
from budgetlens.ingest import read
from budgetlens.pipeline import analyse
from budgetlens.settings import Settings

SEED = 41
SCANNED_KINDS = ("cell", "split", "three_public_groups", "entity")


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


def test_planted_kinds_that_ocr_reads_are_found_on_a_scan(tmp_path: Path, settings: Settings) -> None:
    got = _matrix(tmp_path, "scanned", SCANNED_KINDS, settings)
    assert got == {"none": [], **{kind: [1, 1] for kind in SCANNED_KINDS}}


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
