"""What tables, columns, rows and key figures are called, in Chinese and English.

Messages are read by journalists: they name the table as the document does
(支出决算表（公开03表）) and the column by its printed header (基本支出).
"""

from __future__ import annotations

TABLES: dict[str, tuple[str, str]] = {
    "T01": ("收入支出决算总表（公开01表）", "income and expenditure summary (table 01)"),
    "T02": ("收入决算表（公开02表）", "income table (table 02)"),
    "T03": ("支出决算表（公开03表）", "expenditure table (table 03)"),
    "T04": ("财政拨款收入支出决算总表（公开04表）", "fiscal grant summary (table 04)"),
    "T05": ("一般公共预算财政拨款支出决算表（公开05表）",
            "general budget expenditure table (table 05)"),
    "T06": ("一般公共预算财政拨款基本支出决算表（公开06表）",
            "general budget basic expenditure table (table 06)"),
    "T07": ("政府性基金预算财政拨款收入支出决算表（公开07表）", "government fund table (table 07)"),
    "T08": ("国有资本经营预算财政拨款支出决算表（公开08表）", "state capital table (table 08)"),
    "T09": ("“三公”经费支出决算表（公开09表）", "three public expenses table (table 09)"),
    "B01": ("收支预算总表", "budget summary"),
    "B02": ("收入预算表", "income budget"),
    "B03": ("支出预算表", "expenditure budget"),
    "B04": ("财政拨款收支预算总表", "fiscal grant budget summary"),
    "B05": ("一般公共预算支出预算表", "general budget expenditure budget"),
    "B06": ("一般公共预算基本支出预算表", "general budget basic expenditure budget"),
    "B07": ("政府性基金预算支出预算表", "government fund budget"),
    "B08": ("国有资本经营预算支出预算表", "state capital budget"),
    "B09": ("“三公”经费预算表", "three public expenses budget"),
    "B10": ("财政拨款支出预算表", "fiscal grant expenditure budget"),
    "B11": ("财政拨款基本支出预算表", "fiscal grant basic expenditure budget"),
}

COLUMNS: dict[str, tuple[str, str]] = {
    "amount": ("金额", "amount"),
    "total": ("合计", "total"),
    "basic": ("基本支出", "basic expenditure"),
    "project": ("项目支出", "project expenditure"),
    "remit_to_higher": ("上缴上级支出", "remittance to higher level"),
    "operating": ("经营支出", "operating"),
    "subsidy_to_affiliated": ("对附属单位补助支出", "subsidy to affiliated units"),
    "fiscal_grant": ("财政拨款收入", "fiscal grant"),
    "higher_level_subsidy": ("上级补助收入", "higher-level subsidy"),
    "business": ("事业收入", "business income"),
    "affiliated_remit": ("附属单位上缴收入", "remittance from affiliated units"),
    "other": ("其他收入", "other income"),
    "general_budget": ("一般公共预算财政拨款", "general budget"),
    "gov_fund": ("政府性基金预算财政拨款", "government fund"),
    "soe_capital": ("国有资本经营预算财政拨款", "state capital"),
    "carryover_begin": ("年初结转和结余", "carry-over at start"),
    "use_of_balance": ("使用非财政拨款结余", "use of non-fiscal balance"),
    "income": ("本年收入", "income"),
    "carryover_end": ("年末结转和结余", "carry-over at end"),
    "outbound": ("因公出国（境）费", "overseas travel"),
    "vehicle_total": ("公务用车购置及运行维护费", "official vehicles"),
    "vehicle_purchase": ("公务用车购置费", "vehicle purchase"),
    "vehicle_operation": ("公务用车运行维护费", "vehicle operation"),
    "reception": ("公务接待费", "official reception"),
    "meeting": ("会议费", "meetings"),
    "training": ("培训费", "training"),
    "personnel": ("人员经费", "personnel"),
    "public": ("公用经费", "public expenses"),
    "operating_expenses": ("机关运行经费", "running costs"),
    "budget_initial": ("年初预算", "initial budget"),
    "budget_full_year": ("全年预算数", "full-year budget"),
    "budget_total": ("全年预算数（总额）", "full-year budget"),
    "weight": ("分值", "weight"),
    "budget_fiscal": ("全年预算数（财政拨款）", "full-year budget, fiscal grant"),
    "budget_other": ("全年预算数（其他资金）", "full-year budget, other funds"),
    "actual_fiscal": ("全年执行数（财政拨款）", "spent, fiscal grant"),
    "actual_other": ("全年执行数（其他资金）", "spent, other funds"),
    "actual_total": ("全年执行数", "spent"),
    "actual": ("全年执行数", "spent"),
}

ROWS: dict[str, tuple[str, str]] = {
    "total": ("合计", "total"),
    "budget": ("预算数", "budget"),
    "actual": ("决算数", "actual"),
    "personnel_total": ("人员经费合计", "personnel total"),
    "public_total": ("公用经费合计", "public expenses total"),
    "income.general_budget": ("一般公共预算财政拨款收入", "general budget income"),
    "income.gov_fund": ("政府性基金预算财政拨款收入", "government fund income"),
    "income.soe_capital": ("国有资本经营预算财政拨款收入", "state capital income"),
    "income.fiscal_grant": ("财政拨款收入", "fiscal grant income"),
    "income.higher_level_subsidy": ("上级补助收入", "higher-level subsidy"),
    "income.business": ("事业收入", "business income"),
    "income.operating": ("经营收入", "operating income"),
    "income.affiliated_remit": ("附属单位上缴收入", "remittance from affiliated units"),
    "income.other": ("其他收入", "other income"),
    "income.current_year_total": ("本年收入合计", "current-year income"),
    "income.use_of_balance": ("使用非财政拨款结余", "use of non-fiscal balance"),
    "income.carryover_begin": ("年初结转和结余", "carry-over at start"),
    "income.grand_total": ("收入总计", "income grand total"),
    "exp.current_year_total": ("本年支出合计", "current-year expenditure"),
    "exp.balance_distribution": ("结余分配", "balance distribution"),
    "exp.carryover_end": ("年末结转和结余", "carry-over at end"),
    "exp.grand_total": ("支出总计", "expenditure grand total"),
}

FIGURES: dict[str, tuple[str, str]] = {
    "income_total": ("收入总计", "total income"),
    "expenditure_total": ("支出总计", "total expenditure"),
    "income_current_year": ("本年收入合计", "current-year income"),
    "expenditure_current_year": ("本年支出合计", "current-year expenditure"),
    "fiscal_grant_income": ("财政拨款收入", "fiscal grant income"),
    "basic_expenditure": ("基本支出", "basic expenditure"),
    "project_expenditure": ("项目支出", "project expenditure"),
    "personnel_expenditure": ("人员经费", "personnel expenses"),
    "public_expenditure": ("公用经费", "public expenses"),
    "three_public_budget": ("“三公”经费预算", "three public expenses budget"),
    "three_public_actual": ("“三公”经费决算", "three public expenses actual"),
    "outbound_actual": ("因公出国（境）费", "overseas travel"),
    "vehicle_purchase_actual": ("公务用车购置费", "vehicle purchase"),
    "vehicle_operation_actual": ("公务用车运行维护费", "vehicle operation"),
    "reception_actual": ("公务接待费", "official reception"),
    "meeting_actual": ("会议费", "meetings"),
    "training_actual": ("培训费", "training"),
    "outbound_budget": ("因公出国（境）费预算", "overseas travel budget"),
    "vehicle_total_budget": ("公务用车购置及运行维护费预算", "official vehicles budget"),
    "vehicle_purchase_budget": ("公务用车购置费预算", "vehicle purchase budget"),
    "vehicle_operation_budget": ("公务用车运行维护费预算", "vehicle operation budget"),
    "reception_budget": ("公务接待费预算", "official reception budget"),
    "operating_expenses": ("机关运行经费", "running costs"),
    "income_total_change": ("收入总计增减额", "change in total income"),
    "income_total_change_pct": ("收入总计增减幅度", "change in total income (%)"),
}


def table_name(table_id: str) -> tuple[str, str]:
    """(Chinese, English) name of a table id; performance tables are 绩效自评表."""
    if table_id in TABLES:
        return TABLES[table_id]
    if table_id.startswith("P"):
        return (f"绩效自评表（{table_id}）", f"performance table {table_id}")
    return (table_id, table_id)


def column_name(col: str) -> tuple[str, str]:
    return COLUMNS.get(col, (col, col))


def row_name(key: str, label: str = "") -> tuple[str, str]:
    """A row as a reader finds it: ``210 卫生健康支出`` or ``合计``."""
    if key in ROWS:
        return ROWS[key]
    return (f"{key} {label}".strip(), f"{key} {label}".strip())


def figure_name(name: str) -> tuple[str, str]:
    return FIGURES.get(name, (name, name))


def fmt(value: float) -> str:
    """A number as a reader writes it: 526.04, 0.3, 12,345.67 (no float noise)."""
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
