"""Checks across a bureau's filings: unit in department, 决算 against its budget, last
year's filing, one filing in two files; and the real Shanghai pair."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from budgetlens.checks.across import (
    across_checks,
    across_for,
    relation,
    same_body,
    scope_of,
)
from budgetlens.schemas.filing import Filing, Source
from shared import missing
from test_checks_support import figure, filing, table

REAL = Path(__file__).resolve().parents[2] / "shared" / "real"


def _as(f: Filing, doc_id: str, path: str) -> Filing:
    return f.model_copy(update={"doc_id": doc_id, "source": Source(
        path=path, sha256=doc_id * 4, pages=20, media="pdf")})


def _b01(total: str, title: str, unit_rows: dict | None = None) -> object:
    rows = {"exp.grand_total": {"amount": total}, "205": {"amount": total}}
    rows.update(unit_rows or {})
    return table("B01", rows, unit="元", title=title, page=8)


def test_scope_and_body() -> None:
    unit = _as(filing(_b01("100", "2025年预算单位财务收支预算总表"), entity="上海市普陀区商务委员会",
                      year=2025, doc_type="budget"), "a" * 16, "u.pdf")
    dept = _as(filing(_b01("100", "2025年部门财务收支预算总表"), entity="上海市普陀区商务委员会",
                      year=2025, doc_type="budget"), "b" * 16, "d.pdf")
    assert scope_of(unit) == "单位" and scope_of(dept) == "部门"
    assert relation(unit, dept) == "unit_in_department" and relation(dept, unit) is None
    # a subordinate bureau, or the same bureau of another district, is another body
    other = _as(filing(entity="上海市静安区商务委员会", year=2025, doc_type="budget"), "c" * 16, "x.pdf")
    sub = _as(filing(entity="深圳市公安局交通管理局", year=2025), "d" * 16, "y.pdf")
    police = _as(filing(entity="深圳市公安局", year=2025), "e" * 16, "z.pdf")
    assert not same_body(unit, other) and not same_body(sub, police)
    # 省检察院 (narrative's short name) and 江苏省人民检察院 are one body
    assert same_body(_as(filing(entity="省检察院"), "f" * 16, "p.pdf"),
                     _as(filing(entity="江苏省人民检察院"), "g" * 16, "q.pdf"))
    # a tables-only file that names no body is matched by its file name
    tables_only = _as(filing(entity=None), "h" * 16, "江苏省_政协办公厅_2019_部门预算_公开表only.pdf")
    assert same_body(tables_only, _as(filing(entity="江苏省政协办公厅"), "i" * 16, "full.pdf"))
    assert not same_body(tables_only, _as(filing(entity="江苏省高级人民法院"), "j" * 16, "f.pdf"))


def test_unit_exceeding_its_department_fails_under_both_filings() -> None:
    unit = _as(filing(_b01("120", "2025年预算单位财务收支预算总表"), entity="某区商务委员会",
                      year=2025, doc_type="budget"), "a" * 16, "unit.pdf")
    dept = _as(filing(_b01("100", "2025年部门财务收支预算总表"), entity="某区商务委员会",
                      year=2025, doc_type="budget"), "b" * 16, "dept.pdf")
    got = across_checks([unit, dept])
    assert [(x.relation, x.result.status) for x in got] == [("unit_in_department", "fail")]
    r = got[0].result
    assert "超出 20 元" in r.message and "unit.pdf" in r.message and "dept.pdf" in r.message
    assert r.pages == [8]
    assert across_for(unit, [dept]) == across_for(dept, [unit]) == [r]
    ok = _as(filing(_b01("80", "2025年预算单位财务收支预算总表"), entity="某区商务委员会",
                    year=2025, doc_type="budget"), "a" * 16, "unit.pdf")
    assert [x.result.status for x in across_checks([ok, dept])] == ["pass"]


def test_department_rows_of_the_unit_must_equal_the_unit() -> None:
    unit = _as(filing(_b01("80", "预算单位财务收支预算总表"), entity="某区商务委员会",
                      year=2025, doc_type="budget"), "a" * 16, "unit.pdf")
    rows = {"某区商务委员会|exp.grand_total": {"amount": "83"}}
    dept = _as(filing(_b01("100", "部门财务收支预算总表", rows), entity="某区商务委员会",
                      year=2025, doc_type="budget"), "b" * 16, "dept.pdf")
    r = across_checks([unit, dept])[0].result
    assert r.status == "fail" and "相差 3 元" in r.message


def test_final_accounts_budget_row_against_the_budget_is_a_warning() -> None:
    t09 = table("T09", {"budget": {"total": "12.00", "reception": "12.00"},
                        "actual": {"total": "9.50", "reception": "9.50"}}, page=17)
    b09 = table("B09", {"budget": {"total": "10.00", "reception": "10.00"}}, page=20)
    final = _as(filing(t09, entity="某县某局", year=2023, key_figures={
        "three_public_budget": figure(10.0, "“三公”经费预算10.00万元", page=5)}), "a" * 16, "final.pdf")
    budget = _as(filing(b09, entity="某县某局", year=2023, doc_type="budget"), "b" * 16, "b.pdf")
    got = {x.result.check_id: x for x in across_checks([final, budget])}
    r = got["across.budget.T09.budget.total"]
    assert r.relation == "budget_of_final" and r.result.status == "warn"
    assert "相差 2 万元" in r.result.message and r.result.pages == [17, 20]
    assert got["across.budget.figure.three_public_budget"].result.status == "pass"


def test_prior_year_column_and_stated_change_against_last_year() -> None:
    this = _as(filing(table("B01", {"exp.grand_total": {"amount": "110.00", "prior_year": "95.00"}}),
                      entity="某县某局", year=2024, doc_type="budget",
                      key_figures={"income_total": figure(110.0, "收入总计110.00万元"),
                                   "income_total_change": figure(10.0, "比上年增加10.00万元"),
                                   "income_total_change_pct": figure(12.0, "增长12.00%", unit="%")}),
               "a" * 16, "2024.pdf")
    last = _as(filing(table("B01", {"exp.grand_total": {"amount": "100.00"}}), entity="某县某局",
                      year=2023, doc_type="budget",
                      key_figures={"income_total": figure(100.0, "收入总计100.00万元")}),
               "b" * 16, "2023.pdf")
    got = {x.result.check_id: x.result for x in across_checks([this, last])}
    assert got["across.prior.B01.exp.grand_total"].status == "warn"
    assert "相差 5 万元" in got["across.prior.B01.exp.grand_total"].message
    assert got["across.prior.income_total_change"].status == "pass"
    # 110 / 1.12 = 98.21, not last year's 100: the stated % does not fit (a warning)
    assert got["across.prior.income_total_change_pct"].status == "warn"
    assert "推得上年约 98.21 万元" in got["across.prior.income_total_change_pct"].message


def test_one_filing_in_two_files() -> None:
    t03 = {"total": {"total": "50.00", "basic": "30.00", "project": "20.00"}}
    full = _as(filing(table("T03", t03), entity="镇安县医疗保障局",
                      key_figures={"basic_expenditure": figure(31.0, "基本支出31.00万元")}),
               "a" * 16, "镇安县医疗保障局_2023.pdf")
    changed = {"total": {"total": "50.00", "basic": "35.00", "project": "15.00"}}
    tables = _as(filing(table("T03", changed, page=3), entity=None), "b" * 16,
                 "镇安县医疗保障局_2023_公开表only.pdf")
    got = {x.result.check_id: x.result for x in across_checks([full, tables])}
    assert got["across.same.T03"].status == "fail"
    assert "相差 5 万元" in got["across.same.T03"].message
    # a narrative published without its tables is checked against the other file's
    narrative = _as(filing(entity="镇安县医疗保障局", key_figures={
        "basic_expenditure": figure(31.0, "基本支出31.00万元", page=2)}), "c" * 16, "说明.pdf")
    only = _as(filing(table("T03", t03, page=3), entity="镇安县医疗保障局"), "d" * 16, "表.pdf")
    results = [x.result for x in across_checks([narrative, only])]
    hit = [r for r in results if r.check_id.startswith("across.narrative.") and r.status == "fail"]
    assert hit and hit[0].pages == [2, 3]


@cache
def _real(name: str) -> Filing:
    from budgetlens.ingest import read

    from budgetlens.pipeline import analyse
    from budgetlens.settings import Settings

    path = next(REAL.glob(f"*/{name}"), None) if REAL.is_dir() else None
    if path is None:
        missing(f"{name} not available")
    settings = Settings(embedding="hash")
    return analyse(read(path, settings), settings)


def test_real_unit_and_department_budget_agree() -> None:
    """上海普陀 商务委员会 2025: the department has one unit, so the unit budget's every
    amount is within the department budget's (B01 支出总计 371,514,655 元 in both)."""
    unit = _real("上海普陀_商务委员会_2025_单位预算.pdf")
    dept = _real("上海普陀_商务委员会_2025_部门预算.pdf")
    got = across_checks([unit, dept])
    assert {x.relation for x in got} == {"unit_in_department"}
    assert {x.result.check_id for x in got} >= {"across.unit.B01", "across.unit.B09"}
    assert all(x.result.status == "pass" for x in got)


def test_format_across_lists_fails_and_counts_passes() -> None:
    from budgetlens.checks.across import format_across

    unit = _as(filing(_b01("120", "预算单位财务收支预算总表"), entity="某区商务委员会", year=2025,
                      doc_type="budget"), "a" * 16, "unit.pdf")
    dept = _as(filing(_b01("100", "部门财务收支预算总表"), entity="某区商务委员会", year=2025,
                      doc_type="budget"), "b" * 16, "dept.pdf")
    text = format_across(across_for(dept, [unit, dept]))
    assert "[不一致 mismatch] across.unit.B01 第 8 页" in text and "通过 pass 0 / 1" in text
    assert format_across([]) == ""


def test_check_command_shows_results_across_the_stored_filings(tmp_path: Path) -> None:
    """One filing stored as text and as .docx: ``check`` on either shows the tables of
    the two files compared under it; a copy with a changed table fails under both."""
    from dataclasses import replace

    from budgetlens.fixtures.figures import make_figures
    from budgetlens.fixtures.generator import render
    from typer.testing import CliRunner

    from budgetlens.cli import app

    fig = make_figures(7, tail=False)
    (tmp_path / "a.txt").write_bytes(render(fig, "text"))
    (tmp_path / "b.docx").write_bytes(render(fig, "docx"))
    home = str(tmp_path / "home")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "--home", home, str(tmp_path / "a.txt"),
                               str(tmp_path / "b.docx")]).exit_code == 0
    out = runner.invoke(app, ["check", "--home", home, "a.txt"]).output
    assert "Across this body's other filings" in out and "across.same.T03" not in out
    assert "通过 pass" in out
    t03 = fig.table("T03")
    rows = tuple(replace(r, cells={**r.cells, "total": r.cells["total"] + 5}) if r.key == "total" else r
                 for r in t03.rows)
    changed = replace(fig, tables=tuple(replace(t03, rows=rows) if t.table_id == "T03" else t
                                        for t in fig.tables))
    (tmp_path / "c.txt").write_bytes(render(changed, "text"))
    runner.invoke(app, ["ingest", "--home", home, str(tmp_path / "c.txt")])
    for name in ("c.txt", "b.docx"):
        out = runner.invoke(app, ["check", "--home", home, name]).output
        assert "[不一致 mismatch] across.same.T03" in out, out[-800:]


def test_real_last_years_filing_and_the_tables_only_file() -> None:
    """江苏省政协办公厅 2019 (dev): its 收入总计 13,377.11 万元 and 比上年增加 3,226.63 万元
    give 10,150.48, the 2018 filing's 收入总计; the 2019 tables published alone
    (…_公开表only.pdf, no body named) agree with the full filing's tables cell by cell."""
    this = _real("江苏省_政协办公厅_2019_部门预算.pdf")
    last = _real("江苏省_政协办公厅_2018_部门预算.pdf")
    only = _real("江苏省_政协办公厅_2019_部门预算_公开表only.pdf")
    got = {(x.relation, x.result.check_id): x.result for x in across_checks([this, last, only])}
    change = got[("prior_year", "across.prior.income_total_change")]
    assert change.status == "pass" and "10,150.48" in change.message
    same = [r for (rel, _), r in got.items() if rel == "same"]
    assert len(same) >= 5 and all(r.status == "pass" for r in same)
