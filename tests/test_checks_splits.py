"""Splits between tables: 人员经费 / 公用经费 and 基本 / 项目 divided alike."""

from __future__ import annotations

from budgetlens.checks import run_checks
from budgetlens.checks.splits import split_checks
from test_checks_support import filing, table


def _b01(personnel: str, public: str, project: str, page: int = 2):
    total = f"{int(personnel) + int(public) + int(project)}"
    return table("B01", {"exp.grand_total": {"amount": total, "personnel": personnel,
                                             "public": public, "project": project}},
                 unit="元", page=page)


def _b06(personnel: str, public: str, page: int = 7):
    return table("B06", {"total": {"total": f"{int(personnel) + int(public)}",
                                   "personnel": personnel, "public": public}},
                 unit="元", page=page)


def test_summary_split_against_basic_table_fails_with_pages_and_yuan() -> None:
    # one 基本支出 of 336,310,530 元 divided differently in the 收支总表 and the 06 table
    f = filing(_b01("229442320", "106868210", "72385470"), _b06("200000000", "136310530"),
               doc_type="budget")
    results = {r.check_id: r for r in split_checks(f)}
    r = results["split.B01.exp.grand_total=B06.total:personnel"]
    assert r.status == "fail" and r.pages == [2, 7]
    assert "29,442,320 元" in r.message and "336,310,530 元" in r.message
    assert {(o.table_id, o.key, o.col) for o in r.operands} == {
        ("B01", "exp.grand_total", "personnel"), ("B06", "total", "personnel")}
    assert results["split.B01.exp.grand_total=B06.total:public"].status == "fail"
    # and the pipeline's run_checks reports it
    assert any(c.check_id == r.check_id and c.status == "fail" for c in run_checks(f))


def test_difference_below_one_wan_is_shown_in_yuan() -> None:
    f = filing(_b01("1000003", "500000", "0"), _b06("1000000", "500003"), doc_type="budget")
    r = {r.check_id: r for r in split_checks(f)}["split.B01.exp.grand_total=B06.total:personnel"]
    assert r.status == "fail" and "相差 3 元" in r.message and "相差 0" not in r.message


def test_different_wholes_are_different_money_and_say_nothing() -> None:
    # B01 counts every fund, B06 only the general budget: no comparison of the halves
    f = filing(_b01("229442320", "106868210", "72385470"), _b06("197592536", "85405064"),
               doc_type="budget")
    assert not [r for r in split_checks(f) if r.check_id.endswith((":personnel", ":public"))]


def test_agreeing_split_passes_and_rounding_is_a_warning() -> None:
    f = filing(_b01("229442320", "106868210", "72385470"), _b06("229442320", "106868210"),
               doc_type="budget")
    assert {r.status for r in split_checks(f)} == {"pass"}
    b05 = table("B05", {"total": {"total": "100.01", "basic": "80.01", "personnel": "60.01",
                                  "public": "20.00", "project": "20.00"}})
    b06 = table("B06", {"total": {"total": "80.01", "personnel": "60.00", "public": "20.01"}})
    got = {r.check_id: r.status for r in split_checks(filing(b05, b06, doc_type="budget"))}
    assert got["split.B05.total=B06.total:personnel"] == "warn"


def test_class_rows_and_final_account_rows() -> None:
    # 决算 05表 printing 人员经费 / 公用经费 against 06表's 人员经费合计 / 公用经费合计
    t05 = table("T05", {"total": {"total": "150.00", "basic": "100.00", "personnel": "70.00",
                                  "public": "30.00", "project": "50.00"}}, page=9)
    t06 = table("T06", {"personnel_total": {"amount": "80.00"},
                        "public_total": {"amount": "20.00"}}, page=10)
    r = {r.check_id: r for r in split_checks(filing(t05, t06))}
    assert r["split.T05.total=T06.total:personnel"].status == "fail"
    assert "相差 10 万元" in r["split.T05.total=T06.total:personnel"].message
    # 类 rows of the expenditure table and the general budget table, same 类 total
    b03 = table("B03", {"208": {"total": "50.00", "basic": "30.00", "project": "20.00"}})
    b05 = table("B05", {"208": {"total": "50.00", "basic": "35.00", "project": "15.00"}})
    r = {r.check_id: r for r in split_checks(filing(b03, b05, doc_type="budget"))}
    assert r["split.B03=B05.208:project"].status == "fail"


def test_cross_table_difference_of_yuan_tables_is_shown_in_yuan() -> None:
    """Two 元 tables compared in 万元: a 0.34 元 difference is shown as 0.34 元, never as
    a 万元 figure rounded to 相差 0."""
    from budgetlens.checks.cross import cross_checks

    b04 = table("B04", {"exp.current_year_total": {"general_budget": "1000000.34"}}, unit="元")
    b05 = table("B05", {"total": {"total": "1000000.00"}}, unit="元")
    r = {c.check_id: c for c in cross_checks(filing(b04, b05, doc_type="budget"))}[
        "B04.exp.current_year_total.general_budget=B05.total"]
    assert r.status == "fail" and "相差 0.34 元" in r.message and "相差 0，" not in r.message
    assert "1,000,000.34" in r.message
