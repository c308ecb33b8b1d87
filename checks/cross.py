"""Checks across tables: the same amount printed in two tables must agree.

The standard set states most totals twice: 本年收入合计 in the summary (01) and the
income table (02), each 类 in the summary and the expenditure table (03), the general
budget part of the fiscal-grant summary (04) in the general budget table (05), whose
basic expenditure is the basic-expenditure table (06). Budgets repeat the pattern with
B01…B06. Values are compared in 万元, so a 元 table meets a 万元 table on equal terms.
"""

from __future__ import annotations

from collections.abc import Iterator

from budgetlens.checks.core import TableView, equal_result, sum_result
from budgetlens.schemas.filing import CheckResult, Filing

_WHERE = ("表间核对", "across tables")

# (id, (table, row, col) of the reference, (table, row, col) of the other statement)
_PAIRS: list[tuple[str, tuple[str, str, str], tuple[str, str, str]]] = [
    ("T01.income.current_year_total=T02.total",
     ("T01", "income.current_year_total", "amount"), ("T02", "total", "total")),
    ("T01.exp.current_year_total=T03.total",
     ("T01", "exp.current_year_total", "amount"), ("T03", "total", "total")),
    ("T04.income.general_budget=T01.income.general_budget",
     ("T01", "income.general_budget", "amount"), ("T04", "income.general_budget", "total")),
    ("T04.income.gov_fund=T01.income.gov_fund",
     ("T01", "income.gov_fund", "amount"), ("T04", "income.gov_fund", "total")),
    ("T04.exp.current_year_total.general_budget=T05.total",
     ("T05", "total", "total"), ("T04", "exp.current_year_total", "general_budget")),
    ("T04.exp.current_year_total.gov_fund=T07.total",
     ("T07", "total", "total"), ("T04", "exp.current_year_total", "gov_fund")),
    ("T04.exp.current_year_total.soe_capital=T08.total",
     ("T08", "total", "total"), ("T04", "exp.current_year_total", "soe_capital")),
    ("B04.income.general_budget=B01.income.general_budget",
     ("B01", "income.general_budget", "amount"), ("B04", "income.general_budget", "total")),
    ("B04.exp.current_year_total.general_budget=B05.total",
     ("B05", "total", "total"), ("B04", "exp.current_year_total", "general_budget")),
]

# class rows of a summary table (col) against the class totals of a coded table
_CLASS_PAIRS: list[tuple[str, str, str, str]] = [
    ("T01", "amount", "T03", "total"),
    ("T04", "general_budget", "T05", "total"),
    ("T04", "gov_fund", "T07", "total"),
    ("T04", "soe_capital", "T08", "total"),
    ("B01", "amount", "B03", "total"),
    ("B04", "general_budget", "B05", "total"),
]


def _views(filing: Filing) -> dict[str, TableView]:
    return {t.table_id: TableView(t) for t in filing.tables if t.rows and not t.empty}


def _value_col(view: TableView, key: str, preferred: str) -> str | None:
    """The preferred column, else the one amount a summary-table row holds."""
    for col in (preferred, "amount", "total"):
        if view.cell(key, col) is not None:
            return col
    return None


def pairs(views: dict[str, TableView]) -> Iterator[CheckResult]:
    for check_id, (rt, rk, rc), (st, sk, sc) in _PAIRS:
        if rt not in views or st not in views:
            continue
        fund = rk.rpartition(".")[2]
        if rk.startswith("income.") and "income.carryover_begin" not in views[rt].rows \
                and f"income.carryover_begin.{fund}" in views[st].rows:
            continue  # the summary's fund lines include the carry-over it does not print apart
        ref_col = _value_col(views[rt], rk, rc)
        if ref_col is None:
            continue
        ref = views[rt].qty(rk, ref_col, in_wan=True)
        other = views[st].qty(sk, sc, in_wan=True)
        if ref is None or other is None:
            continue
        yield equal_result(check_id, "cross_table", ref, other, *_WHERE)


def class_rows(views: dict[str, TableView]) -> Iterator[CheckResult]:
    """Each 类 of a summary table against the same 类 in the coded table."""
    for st, scol, ct, ccol in _CLASS_PAIRS:
        if st not in views or ct not in views:
            continue
        summary, coded = views[st], views[ct]
        for key in summary.keys():
            if not (key.isdigit() and len(key) == 3):
                continue
            stated = summary.qty(key, scol, in_wan=True)
            ref = coded.qty(key, ccol, in_wan=True)
            if stated is None or ref is None:
                continue
            yield equal_result(f"{st}.{key}.{scol}={ct}.{key}.{ccol}", "cross_table", ref,
                               stated, *_WHERE)


def basic_vs_detail(views: dict[str, TableView], budget: str, detail: str
                    ) -> Iterator[CheckResult]:
    """General-budget basic expenditure (05) = the basic-expenditure detail table (06)."""
    if budget not in views or detail not in views:
        return
    basic = views[budget].qty("total", "basic", in_wan=True)
    if basic is None:
        return
    d = views[detail]
    col = next((c for c in ("amount", "total") if c in d.columns()), None)
    if col is None:
        return
    parts = [d.qty(k, col, in_wan=True) for k in ("personnel_total", "public_total")]
    if all(p is not None for p in parts):
        yield sum_result(f"{budget}.total.basic={detail}.personnel_total+public_total",
                         "cross_table", basic, [p for p in parts if p is not None], *_WHERE)
        return
    total = d.qty("total", col, in_wan=True)
    if total is not None:
        yield equal_result(f"{budget}.total.basic={detail}.total", "cross_table", total,
                           basic, *_WHERE)


def fiscal_grant_income(views: dict[str, TableView]) -> Iterator[CheckResult]:
    """02's 财政拨款收入 = the three fiscal-grant income lines of 01."""
    if "T01" not in views or "T02" not in views:
        return
    total = views["T02"].qty("total", "fiscal_grant", in_wan=True)
    parts = [views["T01"].qty(k, "amount", in_wan=True) for k in
             ("income.general_budget", "income.gov_fund", "income.soe_capital")]
    present = [p for p in parts if p is not None]
    if total is None or not present:
        return
    yield sum_result("T02.total.fiscal_grant=T01.income.general_budget+gov_fund+soe_capital",
                     "cross_table", total, present, *_WHERE)


def cross_checks(filing: Filing) -> list[CheckResult]:
    """Every across-table check whose tables were both extracted."""
    views = _views(filing)
    out = [*pairs(views), *class_rows(views), *fiscal_grant_income(views)]
    out += [*basic_vs_detail(views, "T05", "T06"), *basic_vs_detail(views, "B05", "B06")]
    return out
