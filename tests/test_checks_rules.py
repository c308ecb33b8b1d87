"""Rule-by-rule tests of the checks: tolerance, tables, cross-table, narrative, report."""

from __future__ import annotations

import pytest
from test_checks_support import figure, filing, seed_000, table

from budgetlens.checks import format_report, run_checks, summary
from budgetlens.checks.document import place_of
from budgetlens.checks.tolerance import grade_percent, grade_sum, half_unit, printed_decimals
from budgetlens.schemas.filing import CheckResult


def _by_id(results: list[CheckResult]) -> dict[str, CheckResult]:
    return {r.check_id: r for r in results}


# --- tolerance -----------------------------------------------------------------------

def test_half_unit_and_printed_decimals() -> None:
    assert half_unit(2) == pytest.approx(0.005)
    assert half_unit(0) == 0.5
    assert printed_decimals(137.7, "137.7") == 1
    assert printed_decimals(0.32, "决算数 0.32 0.00 0.32") == 2
    assert printed_decimals(2251.27, "总计 2,251.27 万元") == 2
    assert printed_decimals(5.0, "no such number") is None


@pytest.mark.parametrize(("diff", "tol", "status"), [
    (0.0, 0.015, "pass"), (0.01, 0.015, "warn"), (-0.015, 0.015, "warn"),
    (0.02, 0.015, "fail"), (1e-13, 0.0, "pass")])
def test_grade_sum(diff: float, tol: float, status: str) -> None:
    assert grade_sum(diff, tol, 526.04).status == status


def test_grade_percent() -> None:
    assert grade_percent(30.553, 30.55, 0.005, 0.002).status == "pass"
    assert grade_percent(24.0255, 24.02, 0.005, 0.001).status == "warn"
    assert grade_percent(50.0, 49.0, 0.05, 0.1).status == "fail"


# --- within a table -----------------------------------------------------------------

def test_table_in_yuan_uses_yuan_rounding() -> None:
    t = table("T03", {"total": {"total": "1001", "basic": "500", "project": "500"}},
              unit="元")
    r = _by_id(run_checks(filing(t)))["T03.row.total:total=basic+project"]
    assert r.status == "warn" and r.tolerance == pytest.approx(1.5)
    t = table("T03", {"total": {"total": "1002", "basic": "500", "project": "500"}},
              unit="元")
    assert _by_id(run_checks(filing(t)))["T03.row.total:total=basic+project"].status == "fail"
    t = table("T03", {"total": {"total": "1001", "basic": "500", "project": "501"}},
              unit="元")
    assert _by_id(run_checks(filing(t)))["T03.row.total:total=basic+project"].status == "pass"


def test_parent_without_children_is_not_checked() -> None:
    t = table("T03", {"total": {"total": "10.00", "basic": "10.00"},
                      "208": {"total": "10.00", "basic": "10.00"}})
    ids = set(_by_id(run_checks(filing(t))))
    assert not any(i.startswith("T03.hier.208") for i in ids)
    assert "T03.hier.total:total=sum(208)" in ids


def test_t09_identities_both_rows() -> None:
    t = table("T09", {
        "budget": {"total": "3.00", "outbound": "1.00", "vehicle_total": "1.50",
                   "vehicle_purchase": "1.00", "vehicle_operation": "0.50", "reception": "0.50"},
        "actual": {"total": "2.00", "outbound": "0.00", "vehicle_total": "1.00",
                   "vehicle_purchase": "0.00", "vehicle_operation": "0.80", "reception": "1.00"},
    })
    res = _by_id(run_checks(filing(t)))
    assert res["T09.row.budget:total=outbound+vehicle_total+reception"].status == "pass"
    assert res["T09.row.budget:vehicle_total=vehicle_purchase+vehicle_operation"].status == "pass"
    assert res["T09.row.actual:vehicle_total=vehicle_purchase+vehicle_operation"].status == "fail"


def test_t01_grand_totals() -> None:
    t = table("T01", {
        "income.general_budget": {"amount": "100.00"}, "income.business": {"amount": "20.00"},
        "income.current_year_total": {"amount": "120.00"},
        "income.carryover_begin": {"amount": "5.00"}, "income.grand_total": {"amount": "125.00"},
        "201": {"amount": "110.00"}, "exp.current_year_total": {"amount": "110.00"},
        "exp.carryover_end": {"amount": "14.00"}, "exp.grand_total": {"amount": "124.00"},
    })
    res = _by_id(run_checks(filing(t)))
    assert res["T01.row.income.current_year_total=income.general_budget+income.business"
               ].status == "pass"
    assert res["T01.row.income.grand_total=income.current_year_total+income.carryover_begin"
               ].status == "pass"
    assert res["T01.row.income.grand_total=exp.grand_total"].status == "fail"


def test_t06_public_total_with_capital_spending_only_warns() -> None:
    t = table("T06", {"302": {"amount": "5.00"}, "310": {"amount": "2.00"},
                      "301": {"amount": "10.00"}, "personnel_total": {"amount": "10.00"},
                      "public_total": {"amount": "5.00"}})
    r = _by_id(run_checks(filing(t)))["T06.row.public_total=302+310"]
    assert r.status == "warn" and "人工核对" in r.message


# --- across tables ------------------------------------------------------------------

def test_cross_table_compares_yuan_with_wan() -> None:
    t01 = table("T01", {"income.current_year_total": {"amount": "526.04"}})
    t02 = table("T02", {"total": {"total": "5,260,400.00", "fiscal_grant": "5,260,400.00"}},
                unit="元")
    r = _by_id(run_checks(filing(t01, t02)))["T01.income.current_year_total=T02.total"]
    assert r.status == "pass"
    t02 = table("T02", {"total": {"total": "5,270,400.00"}}, unit="元")
    r = _by_id(run_checks(filing(t01, t02)))["T01.income.current_year_total=T02.total"]
    assert r.status == "fail" and r.difference == pytest.approx(1.0)


def test_class_rows_across_summary_and_expenditure_table() -> None:
    t01 = table("T01", {"208": {"amount": "14.52"}, "210": {"amount": "500.00"}})
    t03 = table("T03", {"208": {"total": "14.52"}, "210": {"total": "503.03"}})
    res = _by_id(run_checks(filing(t01, t03)))
    assert res["T01.208.amount=T03.208.total"].status == "pass"
    assert res["T01.210.amount=T03.210.total"].status == "fail"


# --- narrative ----------------------------------------------------------------------

def test_narrative_skipped_when_table_missing() -> None:
    f = filing(key_figures={"income_total": figure(2251.27, "决算总计 2,251.27 万元")})
    r = _by_id(run_checks(f))["narrative.income_total=T01.income.grand_total"]
    assert r.status == "skipped" and "未公开或未提取" in r.message


def test_mentions_compared_with_each_other_without_tables() -> None:
    f = filing(key_figures={"income_total": figure(
        2251.27, "决算总计 2,251.27 万元", mentions=[(2215.27, "万元", "收入总计 2215.27 万元", 9)])})
    r = _by_id(run_checks(f))["narrative.income_total#m1=income_total"]
    # statements may differ in scope, so they warn (asking for a look), never fail
    assert r.status == "warn" and r.severity == "warning" and 9 in r.pages
    assert r.difference == pytest.approx(-36.0)


def test_unit_error_when_yuan_number_equals_wan_value() -> None:
    t03 = table("T03", {"total": {"total": "526.04", "basic": "160.72", "project": "365.32"}})
    f = filing(t03, key_figures={"basic_expenditure": figure(
        160.72, "基本支出 160.72 万元", mentions=[(160.72, "元", "基本支出160.72元", 6)])})
    res = _by_id(run_checks(f))
    assert res["document.unit.basic_expenditure#m1"].status == "fail"
    assert res["narrative.basic_expenditure#m1=T03.total.basic"].status == "fail"
    assert res["narrative.basic_expenditure=T03.total.basic"].status == "pass"


def test_wrong_share_fails() -> None:
    t03 = table("T03", {"total": {"total": "526.04", "basic": "160.72", "project": "365.32"}})
    f = filing(t03, key_figures={"basic_expenditure": figure(
        160.72, "基本支出 160.72 万元，占 35.55%")})
    r = _by_id(run_checks(f))["narrative.pct.basic_expenditure"]
    assert r.status == "fail" and r.expected == pytest.approx(30.553, abs=1e-3)


def test_share_of_another_whole_is_not_checked() -> None:
    t03 = table("T03", {"total": {"total": "526.04", "basic": "160.72", "project": "365.32"}})
    f = filing(t03, key_figures={"basic_expenditure": figure(
        160.72, "基本支出 160.72 万元，占年初预算的 80%")})
    assert "narrative.pct.basic_expenditure" not in _by_id(run_checks(f))


def test_change_clause_after_sentence_end_is_not_read() -> None:
    quote = "决算总计 2,251.27 万元。与上年相比，增加 15.82 万元，增长 7.1%"
    res = _by_id(run_checks(filing(key_figures={"income_total": figure(2251.27, quote)})))
    assert not any(k.startswith("narrative.change") for k in res)


def test_wrong_change_percentage_fails_and_second_clause_is_read() -> None:
    quote = ("决算总计 2,251.27 万元。与年初预算相比，收、支总计各增加 1,236.40 万元，增长 121.83%，"
             "与上年决算相比，收、支总计各增加 15.82 万元，增长 7.1%")
    quote = quote.replace("。", "，")
    res = _by_id(run_checks(filing(key_figures={"income_total": figure(2251.27, quote)})))
    assert res["narrative.change.income_total.1"].status == "pass"
    assert res["narrative.change.income_total.2"].status == "fail"


def test_change_key_figures() -> None:
    figs = {"income_total": figure(526.04, "收入总计 526.04 万元"),
            "income_total_change": figure(-166.35, "减少 166.35 万元"),
            "income_total_change_pct": figure(-24.02, "下降 24.02%", unit="%")}
    r = _by_id(run_checks(filing(key_figures=figs)))["narrative.change.income_total_change_pct"]
    assert r.status in {"pass", "warn"}
    figs["income_total_change_pct"] = figure(-30.0, "下降 30.00%", unit="%")
    r = _by_id(run_checks(filing(key_figures=figs)))["narrative.change.income_total_change_pct"]
    assert r.status == "fail"


# --- document -----------------------------------------------------------------------

def test_place_of() -> None:
    assert place_of("乌鲁木齐市医疗保障局(部门)") == "乌鲁木齐市"
    assert place_of("镇安县医疗保障局") == "镇安县"


def test_table_titled_with_another_year_fails() -> None:
    t = table("T01", {"income.grand_total": {"amount": "1.00"}}, title="2022年收入支出决算总表")
    r = _by_id(run_checks(filing(t, year=2023)))["document.year.T01"]
    assert r.status == "fail"


# --- run_checks and the report --------------------------------------------------------

def test_check_ids_unique_and_stable() -> None:
    first = [r.check_id for r in run_checks(seed_000())]
    assert len(first) == len(set(first))
    assert first == [r.check_id for r in run_checks(seed_000())]


def test_report_lists_fails_first_with_pages_and_counts() -> None:
    f = seed_000()
    results = run_checks(f)
    text = format_report(f, results)
    lines = text.splitlines()
    finding = [ln for ln in lines if ln.startswith("[")]
    assert finding[0].startswith("[不一致 mismatch]") and "第 " in finding[0]
    first_warn = next(i for i, ln in enumerate(finding) if "尾差" in ln or "口径差异" in ln)
    assert all("不一致" in ln for ln in finding[:first_warn])
    counts = summary(results)
    assert counts["narrative"]["fail"] == 2
    assert f"不一致 {sum(c['fail'] for c in counts.values())}" in text
    assert "fail" not in text.split("汇总")[1].split("(")[0], "the summary speaks in verdict words"
    assert "镇安县医疗保障局" in lines[0]


# --- performance execution rate and budgets ------------------------------------------

def _perf(initial: str, full: str, actual: str, rate: float):
    from test_checks_support import cell

    from budgetlens.schemas.filing import PerformanceTable
    return PerformanceTable(table_id="P02", budget_initial=cell(initial, 11),
                            budget_full_year=cell(full, 11), actual=cell(actual, 11),
                            execution_rate=rate, pages=[11])


@pytest.mark.parametrize(("initial", "full", "actual", "rate", "status"), [
    ("49.30", "49.30", "49.00", 99.39, "pass"),   # seed 000 医疗保障事务管理
    ("80", "23.44", "23.44", 29.3, "warn"),        # seed 000 离休老干: rate on 年初预算
    ("287", "283.10", "283.10", 100.0, "pass"),    # seed 000 职工体检费
    ("50.00", "50.00", "25.00", 80.0, "fail"),
])
def test_execution_rate(initial: str, full: str, actual: str, rate: float,
                        status: str) -> None:
    f = filing(performance=[_perf(initial, full, actual, rate)])
    assert _by_id(run_checks(f))["performance.P02.execution_rate"].status == status


def test_budget_tables_checked_by_the_same_rules() -> None:
    b01 = table("B01", {"income.fiscal_grant": {"amount": "90,000.00"},
                        "income.general_budget": {"amount": "90,000.00"},
                        "income.business": {"amount": "10,000.00"},
                        "income.grand_total": {"amount": "100,000.00"},
                        "201": {"amount": "100,000.00"},
                        "exp.grand_total": {"amount": "100,000.00"}}, unit="元")
    b03 = table("B03", {"total": {"total": "10.00", "basic": "6.00", "project": "4.00"},
                        "201": {"total": "10.00", "basic": "6.00", "project": "4.00"}})
    res = _by_id(run_checks(filing(b01, b03, doc_type="budget")))
    assert res["B01.row.income.grand_total=income.fiscal_grant+income.business"].status == "pass"
    assert res["B01.201.amount=B03.201.total"].status == "pass"
    assert res["B03.row.total:total=basic+project"].status == "pass"


def test_unit_error_on_a_figure_without_a_table_of_its_own() -> None:
    """机关运行经费 has no standard-table cell, but "10.45元" printing the 万元 number of
    a table cell (公用经费 10.45) is still a unit error."""
    t06 = table("T06", {"302": {"amount": "10.45"}, "public_total": {"amount": "10.45"}})
    quote = "机关运行经费支出决算 10.45 元"
    f = filing(t06, key_figures={"operating_expenses": figure(0.001045, quote, mentions=[(0.001045, "元", quote, 1)])})
    res = {c.check_id.split("#")[0]: c for c in run_checks(f) if c.check_id.startswith("document.unit")}
    assert res["document.unit.operating_expenses"].status == "fail"
    assert res["document.unit.operating_expenses"].operands[0].table_id == "T06"


def test_total_named_for_the_current_year_total_is_a_wording_warning() -> None:
    """A narrative 收入总计 equal to the table's 本年收入合计 (not its 总计) is a question of
    wording (warn, naming both cells); another number would be a fail."""
    t01 = table("T01", {"income.current_year_total": {"amount": "430.73"},
                        "income.carryover_begin": {"amount": "138.77"},
                        "income.grand_total": {"amount": "569.50"}})
    worded = filing(t01, key_figures={"income_total": figure(430.73, "学校收入总计 430.73 万元")})
    r = _by_id(run_checks(worded))["narrative.income_total=T01.income.grand_total"]
    assert r.status == "warn" and any(o.key == "income.current_year_total" for o in r.operands)
    wrong = filing(t01, key_figures={"income_total": figure(431.73, "学校收入总计 431.73 万元")})
    assert _by_id(run_checks(wrong))["narrative.income_total=T01.income.grand_total"].status == "fail"


def test_budget_expenditure_total_adds_operating_remit_and_affiliated_columns() -> None:
    """支出预算表 with 上缴上级支出 | 事业单位经营支出 | 对附属单位补助支出 beside 基本 / 项目
    (the national template): 合计 = all five; printed as 其中 of 基本 / 项目 instead, 合计 =
    基本 + 项目 is the identity; neither holding is a fail."""
    beside = table("B03", {"total": {"total": "130.00", "basic": "60.00", "project": "40.00",
                                     "remit_to_higher": "5.00", "operating": "20.00",
                                     "subsidy_to_affiliated": "5.00"}})
    res = _by_id(run_checks(filing(beside, doc_type="budget")))
    full = "B03.row.total:total=basic+project+remit_to_higher+operating+subsidy_to_affiliated"
    assert res[full].status == "pass"
    nested = table("B03", {"total": {"total": "100.00", "basic": "60.00", "project": "40.00",
                                     "operating": "20.00"}})
    res = _by_id(run_checks(filing(nested, doc_type="budget")))
    assert res["B03.row.total:total=basic+project"].status == "pass"
    wrong = table("B03", {"total": {"total": "150.00", "basic": "60.00", "project": "40.00",
                                    "operating": "20.00"}})
    res = _by_id(run_checks(filing(wrong, doc_type="budget")))
    assert res["B03.row.total:total=basic+project+operating"].status == "fail"
