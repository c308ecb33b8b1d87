"""One case per known error in the seeds (CONTRACT.md "Known errors"), built by hand.

Each case is a Filing made from the seed's printed numbers and the check that must
report it, with the status it must have: errors are ``fail``, rounding is ``warn``,
consistent numbers ``pass``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from test_checks_support import cell, figure, filing, seed_000, table

from budgetlens.checks import run_checks
from budgetlens.schemas.filing import CheckResult, Filing, PerformanceTable, Row


def seed_001_other_entity() -> Filing:
    perf = [PerformanceTable(table_id=f"P0{i}", entity=name, project=proj, pages=[20 + i])
            for i, (name, proj) in enumerate([
                ("乌海市医疗保障局(部门)", "反欺诈专项经费"),
                ("乌海市医疗保障局(部门)", "医保工作经费"),
                ("乌鲁木齐市医疗保障局(部门)", "推行综合柜员制服务提升经费"),
                ("乌海市医疗保障局", "其他")], start=1)]
    figs = {"income_total": figure(2251.27, "乌海市医疗保障局 2023 年度收入、支出决算总计 "
                                            "2,251.27 万元", 5)}
    return filing(key_figures=figs, performance=perf, entity="乌海市医疗保障局")


def seed_003_t06() -> Filing:
    t06 = table("T06", {
        "301": {"amount": "71.90"}, "30101": {"amount": "29.33"},
        "30102": {"amount": "18.60"}, "30103": {"amount": "5.14"},
        "30108": {"amount": "7.76"}, "30110": {"amount": "3.15"},
        "30111": {"amount": "0.19"}, "30112": {"amount": "0.18"},
        "30113": {"amount": "7.54"},
        "302": {"amount": "6.75"}, "30201": {"amount": "1.80"}, "30239": {"amount": "4.95"},
        "personnel_total": {"amount": "71.90"}, "public_total": {"amount": "6.75"},
    }, page=12)
    figs = {"public_expenditure": figure(6.75, "公用经费 6.75 万元", 8)}
    return filing(t06, key_figures=figs, entity="某县医疗保障局")


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[], Filing]
    check_id: str
    status: str
    operand: tuple[str | None, str | None, str | None] | None = None  # table, key, col


CASES = [
    Case("000 basic expenditure stated as 154.78元 against 160.72 万元", seed_000,
         "narrative.basic_expenditure#m1=T05.total.basic", "fail", ("T05", "total", "basic")),
    Case("000 154.78元 is flagged as a unit problem", seed_000,
         "document.unit.basic_expenditure#m1", "warn"),
    Case("000 人员经费 153.78 against 人员经费合计 154.45", seed_000,
         "narrative.personnel_expenditure=T06.personnel_total", "fail",
         ("T06", "personnel_total", "amount")),
    Case("000 overall performance table 执行数 871.44 against parts 526.03", seed_000,
         "performance.P01.total:actual_fiscal=sum(parts)", "fail",
         ("P01", "total", "actual_fiscal")),
    Case("000 T03 project 365.33 against 306.53 + 58.79: rounding, a warning", seed_000,
         "T03.hier.210:project=sum(21011,21015)", "warn", ("T03", "21011", "project")),
    Case("000 T03 合计 526.04 against 160.72 + 365.33: rounding", seed_000,
         "T03.row.total:total=basic+project", "warn", ("T03", "total", "basic")),
    Case("000 T06 人员经费合计 154.45 = 301 + 303", seed_000,
         "T06.row.personnel_total=301+303", "pass"),
    Case("000 T05 basic = T06 personnel + public", seed_000,
         "T05.total.basic=T06.personnel_total+public_total", "pass"),
    Case("000 share of basic expenditure 30.55%", seed_000,
         "narrative.pct.basic_expenditure", "pass"),
    Case("000 三公 completion 53.3%", seed_000, "narrative.completion.three_public_actual",
         "pass"),
    Case("000 收支总计 下降 24.02% (24.03 computed): rounding", seed_000,
         "narrative.change.income_total.1", "warn"),
    Case("001 performance table of 乌鲁木齐市 in a 乌海市 document", seed_001_other_entity,
         "document.entity.P03", "fail"),
    Case("001 same entity with a (部门) note", seed_001_other_entity,
         "document.entity.P01", "pass"),
    Case("003 T06 public 6.75 = 4.95 + 1.80", seed_003_t06,
         "T06.hier.302:amount=sum(30201,30239)", "pass", ("T06", "30239", "amount")),
    Case("003 公用经费合计 6.75 = 302", seed_003_t06, "T06.row.public_total=302", "pass"),
    Case("003 narrative 公用经费 6.75 against the table", seed_003_t06,
         "narrative.public_expenditure=T06.public_total", "pass"),
]


def _find(results: list[CheckResult], check_id: str) -> CheckResult:
    found = [r for r in results if r.check_id == check_id]
    assert found, f"{check_id} not among {[r.check_id for r in results][:60]}"
    return found[0]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_known_seed_errors(case: Case) -> None:
    result = _find(run_checks(case.build()), case.check_id)
    assert result.status == case.status, result.message
    assert result.message and result.message_en
    if case.status == "fail":
        assert result.severity == "error" and result.pages
    if case.status == "warn":
        assert result.severity == "warning"
    if case.operand:
        assert any((o.table_id, o.key, o.col) == case.operand for o in result.operands)


def test_seed_000_has_only_the_known_errors() -> None:
    fails = {r.check_id for r in run_checks(seed_000()) if r.status == "fail"}
    assert fails == {"narrative.basic_expenditure#m1=T05.total.basic",
                     "narrative.personnel_expenditure=T06.personnel_total",
                     "performance.P01.total:actual_fiscal=sum(parts)"}


def test_seed_000_operands_carry_citations() -> None:
    result = _find(run_checks(seed_000()), "narrative.personnel_expenditure=T06.personnel_total")
    narrative = next(o for o in result.operands if o.figure == "personnel_expenditure")
    assert narrative.page == 6 and "153.78" in (narrative.quote or "")
    assert narrative.bbox is not None


def test_performance_field_total_checked_without_total_row() -> None:
    perf = seed_000().performance[0]
    parts = [r for r in perf.parts if r.key != "total"]
    for r in parts:
        r.cells["actual"] = r.cells.pop("actual_fiscal")
    changed = perf.model_copy(update={"parts": parts, "actual": cell("871.44", 9)})
    results = run_checks(filing(performance=[changed], entity="镇安县医疗保障局"))
    assert _find(results, "performance.P01.actual=sum(parts)").status == "fail"


def test_overall_table_as_extracted_with_rate_and_score_columns() -> None:
    """Keys as extract.performance writes them: rate and score are not summed."""
    def row(key: str, label: str, **cols: str) -> Row:
        return Row(key=key, label=label, cells={c: cell(v, 9) for c, v in cols.items()})
    parts = [row("task1", "工资福利", budget_total="154.45", actual_total="154.45",
                 actual_fiscal="154.45", weight="3", rate="100"),
             row("task2", "正常运转", budget_total="6.27", actual_total="6.27",
                 actual_fiscal="6.247", weight="3", rate="100"),
             row("task3", "项目支出", budget_total="365.33", actual_total="365.33",
                 actual_fiscal="365.33", weight="4", rate="100"),
             row("total", "金额合计", budget_total="526.04", actual_total="526.04",
                 actual_fiscal="871.44", weight="10", rate="100", score="10")]
    perf = PerformanceTable(table_id="P01", kind="overall", entity="镇安县医疗保障局",
                            parts=parts, budget_full_year=parts[-1].cells["budget_total"],
                            actual=parts[-1].cells["actual_total"], execution_rate=100.0,
                            pages=[9])
    res = {r.check_id: r for r in run_checks(filing(performance=[perf],
                                                    entity="镇安县医疗保障局"))}
    assert res["performance.P01.total:actual_fiscal=sum(parts)"].status == "fail"
    assert res["performance.P01.total:actual_total=sum(parts)"].status == "warn"
    assert res["performance.P01.total:weight=sum(parts)"].status == "pass"
    assert not any(k.startswith("performance.P01.total:rate") for k in res)
    assert res["performance.P01.execution_rate"].status == "pass"
