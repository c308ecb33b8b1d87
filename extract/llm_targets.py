"""What the model maps onto: the contract's tables (row keys, col_ids) and key figures.

This is CONTRACT.md as data, for the prompt and for checking what the model returns:
a row key must be of the table's kind (function code, economic code, named key) and a
col_id one the table has. Headers are hints for the model, not rules for the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

RowKind = Literal["function", "economic", "named", "fixed"]

_FUNCTION_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")
_ECONOMIC_CODE = re.compile(r"\d{3}(?:\d{2})?")
_CLASS_CODE = re.compile(r"\d{3}")

FINAL_NAMED_ROWS: tuple[str, ...] = (
    "income.general_budget", "income.gov_fund", "income.soe_capital",
    "income.higher_level_subsidy", "income.business", "income.operating",
    "income.affiliated_remit", "income.other", "income.current_year_total",
    "income.use_of_balance", "income.carryover_begin", "income.grand_total",
    "exp.current_year_total", "exp.balance_distribution", "exp.carryover_end",
    "exp.grand_total")
B01_NAMED_ROWS: tuple[str, ...] = (
    "income.fiscal_grant", "income.general_budget", "income.gov_fund", "income.soe_capital",
    "income.business", "income.operating", "income.other", "income.carryover_begin",
    "income.grand_total", "exp.carryover_end", "exp.grand_total")
B04_NAMED_ROWS: tuple[str, ...] = (
    "income.general_budget", "income.gov_fund", "income.soe_capital", "income.grand_total",
    "exp.grand_total")

_TOTAL_BASIC_PROJECT = (("total", "合计"), ("basic", "基本支出"), ("project", "项目支出"))
_FUNDS = (("total", "合计/小计"), ("general_budget", "一般公共预算财政拨款"),
          ("gov_fund", "政府性基金预算财政拨款"), ("soe_capital", "国有资本经营预算财政拨款"))
_THREE_PUBLIC = (("total", "合计"), ("outbound", "因公出国（境）费"),
                 ("vehicle_total", "公务用车购置及运行费 小计"),
                 ("vehicle_purchase", "公务用车购置费"), ("vehicle_operation", "公务用车运行费"),
                 ("reception", "公务接待费"))


@dataclass(frozen=True)
class TargetTable:
    table_id: str
    title: str
    row_kind: RowKind
    columns: tuple[tuple[str, str], ...]  # (col_id, printed header hint)
    named_rows: tuple[str, ...] = field(default_factory=tuple)

    @property
    def col_ids(self) -> tuple[str, ...]:
        return tuple(col for col, _ in self.columns)

    def is_code(self, key: str) -> bool:
        pattern = {"function": _FUNCTION_CODE, "economic": _ECONOMIC_CODE,
                   "named": _CLASS_CODE}.get(self.row_kind)
        return pattern is not None and pattern.fullmatch(key) is not None

    def accepts_row(self, key: str) -> bool:
        if key in self.named_rows:
            return True
        if self.row_kind in ("function", "economic") and key == "total":
            return True
        return self.is_code(key)

    def describe(self) -> str:
        rows = {
            "function": "function classification codes (3-digit 类, 5-digit 款, 7-digit 项, "
                        "e.g. 2101501) and 'total' for 合计",
            "economic": "economic classification codes (301, 30101, …) and 'total' for 合计",
            "named": "the named keys below, and the 3-digit function class code of each "
                     "expenditure 类 row",
            "fixed": "only the named keys below",
        }[self.row_kind]
        cols = ", ".join(f"{col} ← {header}" for col, header in self.columns)
        named = f"\n  named row keys: {', '.join(self.named_rows)}" if self.named_rows else ""
        return f"{self.table_id} {self.title}\n  rows: {rows}{named}\n  col_ids: {cols}"


def _t(table_id: str, title: str, kind: RowKind, columns, named=()) -> TargetTable:
    return TargetTable(table_id, title, kind, tuple(columns), tuple(named))


_TABLES = [
    _t("T01", "收入支出决算总表", "named", [("amount", "决算数")], FINAL_NAMED_ROWS),
    _t("T02", "收入决算表", "function",
       [("total", "合计/本年收入合计"), ("fiscal_grant", "财政拨款收入"),
        ("higher_level_subsidy", "上级补助收入"), ("business", "事业收入"),
        ("operating", "经营收入"), ("affiliated_remit", "附属单位上缴收入"),
        ("other", "其他收入")]),
    _t("T03", "支出决算表", "function",
       [*_TOTAL_BASIC_PROJECT, ("remit_to_higher", "上缴上级支出"),
        ("operating", "经营支出"), ("subsidy_to_affiliated", "对附属单位补助支出")]),
    _t("T04", "财政拨款收入支出决算总表", "named", _FUNDS, FINAL_NAMED_ROWS),
    _t("T05", "一般公共预算财政拨款支出决算表", "function",
       [*_TOTAL_BASIC_PROJECT, ("budget_initial", "年初预算")]),
    _t("T06", "一般公共预算财政拨款基本支出决算表", "economic", [("amount", "决算数")],
       ("personnel_total", "public_total")),
    _t("T07", "政府性基金预算财政拨款收入支出决算表", "function",
       [("carryover_begin", "年初结转和结余"), ("income", "本年收入"),
        ("total", "本年支出合计"), ("basic", "基本支出"), ("project", "项目支出"),
        ("carryover_end", "年末结转和结余")]),
    _t("T08", "国有资本经营预算财政拨款支出决算表", "function", _TOTAL_BASIC_PROJECT),
    _t("T09", "财政拨款“三公”经费支出决算表", "fixed",
       [*_THREE_PUBLIC, ("meeting", "会议费"), ("training", "培训费")],
       ("budget", "actual")),
    _t("B01", "收支预算总表", "named",
       [("amount", "预算数"), ("personnel", "人员经费"), ("public", "公用经费"),
        ("project", "项目支出")], B01_NAMED_ROWS),
    _t("B02", "收入预算表", "function",
       [("total", "合计"), ("fiscal_grant", "财政拨款"), ("business", "事业收入"),
        ("operating", "经营收入"), ("other", "其他收入")]),
    _t("B03", "支出预算表", "function", _TOTAL_BASIC_PROJECT),
    _t("B04", "财政拨款收支预算总表", "named", _FUNDS, B04_NAMED_ROWS),
    _t("B05", "一般公共预算支出(功能分类)预算表", "function", _TOTAL_BASIC_PROJECT),
    _t("B06", "一般公共预算基本支出(部门经济分类)预算表", "economic",
       [("total", "合计"), ("personnel", "人员经费"), ("public", "公用经费")]),
    _t("B07", "政府性基金预算支出(功能分类)预算表", "function", _TOTAL_BASIC_PROJECT),
    _t("B08", "国有资本经营预算支出(功能分类)预算表", "function", _TOTAL_BASIC_PROJECT),
    _t("B09", "“三公”经费和机关运行经费预算表", "fixed",
       [*_THREE_PUBLIC, ("operating_expenses", "机关运行经费")], ("budget",)),
]
TARGETS: dict[str, TargetTable] = {t.table_id: t for t in _TABLES}


def describe_targets(targets: list[TargetTable]) -> str:
    return "\n".join(t.describe() for t in targets)


@dataclass(frozen=True)
class FigureSpec:
    hint: str
    units: tuple[str, ...] = ("万元", "元")
    signed: bool = False


_MONEY = {
    "income_total": "收入总计", "expenditure_total": "支出总计",
    "income_current_year": "本年收入合计", "fiscal_grant_income": "财政拨款收入",
    "expenditure_current_year": "本年支出合计", "basic_expenditure": "基本支出",
    "project_expenditure": "项目支出", "personnel_expenditure": "人员经费",
    "public_expenditure": "公用经费", "three_public_budget": "三公经费预算",
    "three_public_actual": "三公经费支出/决算", "outbound_actual": "因公出国（境）费决算",
    "vehicle_purchase_actual": "公务用车购置费决算",
    "vehicle_operation_actual": "公务用车运行维护费决算", "reception_actual": "公务接待费决算",
    "meeting_actual": "会议费", "training_actual": "培训费",
    "operating_expenses": "机关运行经费", "procurement_total": "政府采购支出总额",
    "outbound_budget": "因公出国（境）费预算", "vehicle_total_budget": "公务用车购置及运行费预算",
    "vehicle_purchase_budget": "公务用车购置费预算",
    "vehicle_operation_budget": "公务用车运行费预算", "reception_budget": "公务接待费预算",
}
KEY_FIGURES: dict[str, FigureSpec] = {name: FigureSpec(hint) for name, hint in _MONEY.items()}
KEY_FIGURES.update({
    "vehicles": FigureSpec("车辆数 (count)", units=("辆",)),
    "income_total_change": FigureSpec("收入总计与上年相比增减 (signed)", signed=True),
    "income_total_change_pct": FigureSpec("收入总计与上年相比增减百分比 (signed)", units=("%",),
                                          signed=True),
})
