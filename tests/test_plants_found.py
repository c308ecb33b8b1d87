"""Planted errors read back in detail: the column groups read as two rows, the split planted
in Word found by the split check alone, consistent filings in the added layouts (05表 with
人员经费/公用经费, 三公 column groups) raising no fail, and a former class name found with
the classification data. Every kind on every layout: ``test_plants_matrix``."""

from __future__ import annotations

from pathlib import Path

import pytest
from budgetlens.checks.classnames import class_name_checks
from budgetlens.eval.harness import load_cases, run_case
from budgetlens.fixtures.__main__ import write_filing
from budgetlens.fixtures.figures import (
    make_figures,
    to_gold,
    with_column_groups,
    with_split_columns,
)
from budgetlens.fixtures.generator import render
from budgetlens.ingest import read

from budgetlens.pipeline import analyse
from budgetlens.settings import Settings


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    return Settings(embedding="hash", home=tmp_path_factory.mktemp("home"))


def test_column_groups_are_read_as_budget_and_actual_rows(tmp_path: Path, settings: Settings) -> None:
    """预算数 | 决算数 over the same items: two rows, each with its own 合计 and items."""
    fig = with_column_groups(make_figures(46, tail=False))
    path = tmp_path / "x.pdf"
    path.write_bytes(render(fig, "ruled"))
    filing = analyse(read(path, settings), settings)
    t09 = filing.table("T09")
    want = {r["key"]: r["cells"] for r in to_gold(fig)["tables"][8]["rows"]}
    got = {r.key: {c: v.value for c, v in r.cells.items()} for r in t09.rows}
    assert set(got) == {"budget", "actual"}
    for key in ("budget", "actual"):
        assert {c: got[key].get(c) for c in want[key]} == want[key]


def test_planted_split_is_found_in_docx(tmp_path: Path, settings: Settings) -> None:
    write_filing(tmp_path, 42, "docx", "split")
    (case,) = load_cases(tmp_path)
    score, filing = run_case(case, settings)
    fails = [c for c in filing.checks if c.status == "fail"]
    assert score.planted_found == 1 and all(c.check_id.startswith("split.T05") for c in fails)


@pytest.mark.parametrize("medium", ["text", "ruled"])
def test_consistent_filings_in_the_added_layouts_raise_no_fail(medium: str, tmp_path: Path,
                                                               settings: Settings) -> None:
    fig = with_column_groups(with_split_columns(make_figures(43, tail=False)))
    path = tmp_path / ("x.txt" if medium == "text" else "x.pdf")
    path.write_bytes(render(fig, medium))
    filing = analyse(read(path, settings), settings)
    assert [c.message for c in filing.checks if c.status == "fail"] == []
    # the split columns were read and compared
    assert any(c.check_id.startswith("split.T05.total=T06") and c.status == "pass" for c in filing.checks)
    assert to_gold(fig)["tables"][4]["rows"][0]["cells"]["personnel"] > 0


def test_planted_former_class_name_is_found_with_classification_data(tmp_path: Path,
                                                                     settings: Settings) -> None:
    class Data:  # the classification data's verdict on 20805 (renamed before 2021)
        def name_of(self, code: str, year: int | None = None) -> str | None:
            return "行政事业单位养老支出" if code == "20805" else None

        def is_former(self, code: str, name: str) -> bool:
            return (code, name) == ("20805", "行政事业单位离退休")

    doc = write_filing(tmp_path, 44, "text", "class_name")
    filing = analyse(read(doc, settings), settings)
    got = list(class_name_checks(filing, Data()))
    assert [r.check_id for r in got] == ["document.class_name.20805"]
    assert {o.table_id for o in got[0].operands} >= {"T03", "T05"}
