"""Builders for hand-made Filings used by the checks tests, and seed 000 as a Filing.

Numbers are given as printed strings ("137.7", "0.00") so that each cell's quote, and
therefore its printed precision, is what the document shows.
"""

from __future__ import annotations

from budgetlens.schemas.filing import (
    CellValue,
    Citation,
    Filing,
    KeyFigure,
    KeyFigureMention,
    PerformanceTable,
    Row,
    Source,
    Table,
)

Cells = dict[str, str | float]


def cite(quote: str, page: int = 1) -> Citation:
    return Citation(page=page, bbox=[0.0, 0.0, 10.0, 10.0], quote=quote)


def cell(printed: str | float, page: int = 1) -> CellValue:
    text = printed if isinstance(printed, str) else f"{printed:.2f}"
    return CellValue(value=float(text.replace(",", "")), citation=cite(text, page))


def table(table_id: str, rows: dict[str, Cells], unit: str = "万元", page: int = 1,
          labels: dict[str, str] | None = None, empty: bool = False, title: str = "") -> Table:
    labels = labels or {}
    return Table(
        table_id=table_id, unit=unit, pages=[page], empty=empty, title=title,
        rows=[Row(key=k, label=labels.get(k, ""),
                  cells={c: cell(v, page) for c, v in cols.items()})
              for k, cols in rows.items()])


def figure(value: float, quote: str, page: int = 1, unit: str = "万元",
           mentions: list[tuple[float, str, str, int]] = ()) -> KeyFigure:
    """A key figure; mentions as (value, unit, quote, page)."""
    return KeyFigure(value=value, unit=unit, citation=cite(quote, page),
                     mentions=[KeyFigureMention(value=v, unit=u, citation=cite(q, p))
                               for v, u, q, p in mentions])


def filing(*tables: Table, key_figures: dict[str, KeyFigure] | None = None,
           performance: list[PerformanceTable] | None = None, entity: str = "某县某局",
           year: int = 2023, doc_type: str = "final_accounts") -> Filing:
    return Filing(doc_id="0" * 16, source=Source(path="x.pdf", sha256="0" * 64, pages=30,
                                                 media="pdf"),
                  entity=entity, fiscal_year=year, doc_type=doc_type,
                  key_figures=key_figures or {}, tables=list(tables),
                  performance=performance or [])


# --- seed 000 (镇安县医疗保障局 2023 决算), numbers as printed ------------------------

_CODES_000 = {  # code: (total, basic, project) as printed in 公开03/05表
    "total": ("526.04", "160.72", "365.33"),
    "208": ("14.52", "14.52", "0.00"), "20805": ("14.52", "14.52", "0.00"),
    "2080505": ("9.68", "9.68", "0.00"), "2080506": ("4.84", "4.84", "0.00"),
    "210": ("503.03", "137.7", "365.33"), "21011": ("306.53", "0.00", "306.53"),
    "2101101": ("23.44", "0.00", "23.44"), "2101199": ("283.10", "0.00", "283.10"),
    "21015": ("196.50", "137.7", "58.79"), "2101501": ("137.7", "137.7", "0.00"),
    "2101506": ("48.96", "0.00", "48.96"), "2101599": ("9.84", "0.00", "9.84"),
    "221": ("8.49", "8.49", "0.00"), "22102": ("8.49", "8.49", "0.00"),
    "2210201": ("8.49", "8.49", "0.00"),
}

_T06_ROWS = """
301 153.78|30101 41.41|30102 30.53|30103 19.22|30106 0.00|30107 0.00|30108 9.68|30109 4.84
30110 4.04|30111 0.00|30112 0.46|30113 8.49|30114 0.00|30199 35.11|303 0.67|30301 0.00
30302 0.00|30303 0.00|30304 0.00|30305 0.00|30306 0.00|30307 0.67|30308 0.00|30309 0.00
30310 0.00|30311 0.00|302 6.27|30201 1.37|30202 0.00|30203 0.00|30204 0.00|30205 0.00
30206 0.52|30207 0.09|30208 0.00|30209 0.00|30211 0.77|30212 0.00|30213 0.00|30214 0.00
30215 0.00|30216 0.00|30217 0.00|30218 0.00|30224 0.00|30225 0.00|30226 0.00|30227 0.00
30228 1.26|30229 0.00|30231 0.00|30239 2.20|30240 0.00|310 0.00|31001 0.00|31002 0.00
31003 0.00|31005 0.00|31006 0.00|31007 0.00|31008 0.00|31009 0.00|31010 0.00|31011 0.00
31012 0.00|31013 0.00|31019 0.00|31021 0.00|31022 0.00|31099 0.00|312 0.00|31201 0.00
31203 0.00|31204 0.00|31205 0.00|31299 0.00|personnel_total 154.45|public_total 6.27
"""
# 公开06表 of seed 000 exactly as printed (its 302 items add to 6.21, not 6.27: no
# 30299 row is printed, a gap inside the rounding band of 27 printed items)
T06_000 = dict(item.split() for item in _T06_ROWS.replace("\n", "|").split("|") if item)


def seed_000_tables() -> list[Table]:
    t01 = table("T01", {
        "income.general_budget": {"amount": "526.04"},
        "income.current_year_total": {"amount": "526.04"},
        "income.grand_total": {"amount": "526.04"},
        "208": {"amount": "14.52"}, "210": {"amount": "503.03"}, "221": {"amount": "8.49"},
        "exp.current_year_total": {"amount": "526.04"}, "exp.grand_total": {"amount": "526.04"},
    }, page=14)
    t02 = table("T02", {k: {"total": v[0], "fiscal_grant": v[0]}
                        for k, v in _CODES_000.items()}, page=15)
    t03 = table("T03", {k: {"total": v[0], "basic": v[1], "project": v[2]}
                        for k, v in _CODES_000.items()}, page=16)
    t04 = table("T04", {
        "income.general_budget": {"total": "526.04"},
        "income.current_year_total": {"total": "526.04"},
        "income.grand_total": {"total": "526.04"},
        "208": {"total": "14.52", "general_budget": "14.52"},
        "210": {"total": "503.03", "general_budget": "503.03"},
        "221": {"total": "8.49", "general_budget": "8.49"},
        "exp.current_year_total": {"total": "526.04"}, "exp.grand_total": {"total": "526.04"},
    }, page=17)
    t05 = table("T05", {k: {"total": v[0], "basic": v[1], "project": v[2]}
                        for k, v in _CODES_000.items()}, page=18)
    t06 = table("T06", {k: {"amount": v} for k, v in T06_000.items()}, page=19)
    t07 = table("T07", {}, page=20, empty=True)
    t09 = table("T09", {
        "budget": {"total": "0.6", "outbound": "0.00", "reception": "0.6",
                   "vehicle_total": "0.00", "vehicle_purchase": "0.00",
                   "vehicle_operation": "0.00"},
        "actual": {"total": "0.32", "outbound": "0.00", "reception": "0.32",
                   "vehicle_total": "0.00", "vehicle_purchase": "0.00",
                   "vehicle_operation": "0.00", "meeting": "1.10", "training": "0.00"},
    }, page=21)
    return [t01, t02, t03, t04, t05, t06, t07, t09]


def seed_000_figures() -> dict[str, KeyFigure]:
    totals = "2023 年收入总计、支出总计均为 526.04 万元，与上年相比，收、支总计减少 166.35 万元，下降 24.02%"
    return {
        "income_total": figure(526.04, totals, 4),
        "expenditure_total": figure(526.04, totals, 4),
        "income_current_year": figure(526.04, "2023 年度本年收入合计 526.04 万元", 4),
        "expenditure_current_year": figure(526.04, "2023 年度本年支出合计 526.04 万元", 4),
        "basic_expenditure": figure(
            160.72, "其中：基本支出 160.72 万元，占 30.55%；项目支出 365.33 万元，占 69.45%", 4,
            mentions=[(0.015478, "元", "2023年一般公共预算财政拨款基本支出154.78元，"
                       "包括人员经费支出和公用经费", 6)]),
        "project_expenditure": figure(
            365.33, "其中：基本支出 160.72 万元，占 30.55%；项目支出 365.33 万元，占 69.45%", 4),
        "personnel_expenditure": figure(153.78, "（一）人员经费153.78万元，主要包括基本工资", 6),
        "public_expenditure": figure(6.27, "（二）公用经费 6.27 万元，主要包括办公费", 6),
        "three_public_budget": figure(0.6, "“三公”经费支出预算 0.6 万元，支出决算 0.32 万元，完成预算的 53.3%", 7),
        "three_public_actual": figure(0.32, "“三公”经费支出预算 0.6 万元，支出决算 0.32 万元，完成预算的 53.3%", 7),
        "reception_actual": figure(0.32, "国内公务接待支出0.32万元", 7),
        "meeting_actual": figure(1.1, "会议费预算1.2万元，支出决算1.1万元，完成预算的91.7%", 7),
    }


def seed_000_performance() -> list[PerformanceTable]:
    tasks = [("task1", "保障单位职工工资福利支出", "154.45", "154.45"),
             ("task2", "保障单位正常运转", "6.27", "6.247"),
             ("task3", "项目支出", "365.33", "365.33")]
    parts = [Row(key=k, label=label, cells={"budget_full_year": cell(b, 9),
                                            "actual_fiscal": cell(a, 9)})
             for k, label, b, a in tasks]
    parts.append(Row(key="total", label="金额合计",
                     cells={"budget_full_year": cell("526.04", 9),
                            "actual_fiscal": cell("871.44", 9)}))
    return [PerformanceTable(table_id="P01", kind="overall", entity="镇安县医疗保障局",
                             budget_full_year=cell("526.04", 9), actual=cell("526.04", 9),
                             parts=parts, pages=[9])]


def seed_000() -> Filing:
    return filing(*seed_000_tables(), key_figures=seed_000_figures(),
                  performance=seed_000_performance(), entity="镇安县医疗保障局")


def test_builder_keeps_printed_precision() -> None:
    t = table("T03", {"total": {"total": "137.7"}})
    assert t.rows[0].cells["total"].citation.quote == "137.7"
    assert t.rows[0].cells["total"].value == 137.7
