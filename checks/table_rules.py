"""Checks inside one table: row identities and code hierarchies.

Row identities are the sums the Ministry of Finance layout prints across a row
(本年支出合计 = 基本支出 + 项目支出 + …) or down a summary table (总计 = 本年收入合计 +
使用非财政拨款结余 + 年初结转和结余). Hierarchies are the sums down a coded table: the
合计 row is the sum of the 类 rows, a 类 the sum of its 款, a 款 the sum of its 项. A
parent printed without children is not checked: there is nothing to add up.

A blank cell among the parts adds nothing; a blank total means there is nothing to
check. Rules that a layout might not follow are run ``strict=False`` (a miss is a
warning, not an error).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from budgetlens.checks.core import TableView, skipped, sum_result
from budgetlens.checks.names import column_name, row_name
from budgetlens.schemas.catalogue import tables_with_rows
from budgetlens.schemas.filing import CheckResult, Filing

FUNCTION_TABLES = tables_with_rows("function")
ECONOMIC_TABLES = tables_with_rows("economic")
SUMMARY_TABLES = tables_with_rows("summary")

# table → (total column, part columns, strict); parts that no row prints are dropped
_ROW_RULES: dict[str, list[tuple[str, tuple[str, ...], bool]]] = {
    "T03": [("total", ("basic", "project", "remit_to_higher", "operating",
                       "subsidy_to_affiliated"), True)],
    "T05": [("total", ("basic", "project"), True)],
    "T07": [("total", ("basic", "project"), True)],
    "T08": [("total", ("basic", "project"), True)],
    # 上缴上级 / 经营 / 对附属单位补助 columns are added to basic + project where a layout
    # prints them beside (Guangzhou); where they are 其中 of these (Shenzhen), see _NESTED
    "B03": [("total", ("basic", "project", "remit_to_higher", "operating", "subsidy_to_affiliated"), True)],
    "B05": [("total", ("basic", "project"), True)],
    "B07": [("total", ("basic", "project"), True)],
    "B08": [("total", ("basic", "project"), True)],
    "B10": [("total", ("basic", "project"), True)],
    "B06": [("total", ("personnel", "public"), True)],
    "B11": [("total", ("personnel", "public"), True)],
    "B01": [("amount", ("personnel", "public", "project"), True)],
    "T04": [("total", ("general_budget", "gov_fund", "soe_capital"), True)],
    "B04": [("total", ("general_budget", "gov_fund", "soe_capital"), True)],
    "T09": [("total", ("outbound", "vehicle_total", "reception"), True),
            ("vehicle_total", ("vehicle_purchase", "vehicle_operation"), True)],
    "B09": [("total", ("outbound", "vehicle_total", "reception"), True),
            ("vehicle_total", ("vehicle_purchase", "vehicle_operation"), True)],
}
# columns a layout may print either beside basic + project (parts of the total) or as 其中 of
# them: "合计 = 基本支出 + 项目支出 + 上缴上级支出 + 事业单位经营支出 + 对附属单位补助支出" is tried
# first; when it fails and 合计 = 基本支出 + 项目支出 holds, that one is the layout's identity
# (深圳 prints 经营支出 inside 基本支出 / 项目支出)
_NESTED = {"B03": ("remit_to_higher", "operating", "subsidy_to_affiliated")}
_SOURCES = ("fiscal_grant", "special_account", "higher_level_subsidy", "business", "operating",
            "affiliated_remit", "other")
_FISCAL_PARTS = ("general_budget", "gov_fund", "soe_capital")
_NON_SUM_COLS = {"budget_initial", "special_funds"}  # not part of any row sum (special_funds: of general_budget)
# another year's and change columns are not parts of this year's sums; a percentage adds up to nothing
_OTHER_YEAR_COLS = {"prior_year", "change", "change_pct", "procurement", "procurement_sme",
                    "procurement_small", "current_year"}

# income.unit_funds (单位资金) is a subtotal of the lines after it: never a part
_INCOME_ITEMS = ("income.general_budget", "income.gov_fund", "income.soe_capital",
                 "income.special_account", "income.higher_level_subsidy", "income.business", "income.operating",
                 "income.affiliated_remit", "income.other")
_NON_FISCAL_ITEMS = ("income.special_account", "income.higher_level_subsidy", "income.business", "income.operating",
                     "income.affiliated_remit", "income.other")


def _where(view: TableView, key: str) -> tuple[str, str]:
    rzh, ren = row_name(key, view.rows[key].label if key in view.rows else "")
    return f"{view.name_zh}{rzh}行", f"{view.name_en}, row {ren}"


def _row_rule(view: TableView, key: str, total_col: str, part_cols: Sequence[str],
              strict: bool) -> CheckResult | None:
    """One row: total column against the sum of part columns the table prints."""
    present = [c for c in part_cols if c in view.columns()]
    if len(present) < 1 or total_col not in view.columns():
        return None
    if all(c in _NESTED.get(view.table_id, ()) for c in present):
        return None  # 经营支出 alone beside a total is no identity of this table
    total = view.qty(key, total_col, show_row=False)
    if total is None:
        return None
    parts = [q for q in (view.qty(key, c, show_row=False) for c in present) if q is not None]
    check_id = f"{view.table_id}.row.{key}:{total_col}={'+'.join(present)}"
    if not parts:
        if total.value == 0 or not (key.isdigit() or key in {"total", "budget", "actual"}):
            return None
        wzh, wen = _where(view, key)
        return skipped(check_id, "row", f"{wzh}：分项均为空白，无法核对合计。",
                       f"{wen}: every part is blank, the total cannot be checked.",
                       [total.operand])
    wzh, wen = _where(view, key)
    result = sum_result(check_id, "row", total, parts, wzh, wen, strict)
    nested = [c for c in present if c in _NESTED.get(view.table_id, ())]
    if result.status == "fail" and nested:
        # the layout prints them as 其中 of 基本支出 / 项目支出: the total is the sum without them
        alone = [q for c in present if c not in nested and (q := view.qty(key, c, show_row=False)) is not None]
        if alone:
            other = sum_result(check_id.split("=")[0] + "=" + "+".join(c for c in present if c not in nested),
                               "row", total, alone, wzh, wen, strict)
            if other.status != "fail":
                return other
    return result


def row_identities(view: TableView) -> Iterator[CheckResult]:
    """Sums across each row, by the rules of the table's layout."""
    tid = view.table_id
    rules = list(_ROW_RULES.get(tid, []))
    cols = set(view.columns())
    if tid in {"T02", "B02"}:
        has_fiscal = "fiscal_grant" in cols
        sources = list(_SOURCES) + ([] if has_fiscal else list(_FISCAL_PARTS))
        if "special_account" not in cols:  # printed only as its parts (教育收费 | 其他专户收入拨款)
            sources += sorted(c for c in cols if c.startswith("special_account."))
        unknown = {c for c in cols - {"total", *_SOURCES, *_FISCAL_PARTS, *_NON_SUM_COLS, *_OTHER_YEAR_COLS}
                   if "." not in c}  # carryover_begin.general_budget is a part of a part
        if "income" in unknown:
            # 本年收入 | 小计 printed beside 上年结转结余 (合计 | 本年收入 … | 上年结转结余 …): this
            # year's sources add up to it, and it plus what was carried over to the 合计
            unknown.discard("income")
            rules.append(("income", tuple(sources), True))
            rules.append(("total", ("income", *sorted(unknown)), False))
        else:
            rules.append(("total", tuple(sources + sorted(unknown)), not unknown))
        if has_fiscal and cols & set(_FISCAL_PARTS):
            rules.append(("fiscal_grant", _FISCAL_PARTS, True))
    for total_col, part_cols, strict in rules:
        if "basic" in part_cols and "basic" not in cols and {"personnel", "public"} & cols:
            # basic expenditure printed only as its parts (基本支出 over 人员支出 | 公用经费)
            part_cols = tuple(p for q in part_cols for p in (("personnel", "public") if q == "basic" else (q,)))
        for key in view.keys():
            if key.startswith("income."):
                continue  # the income side of a summary table holds one amount a row
            result = _row_rule(view, key, total_col, part_cols, strict)
            if result is not None:
                yield result


def _children(keys: Sequence[str], parent: str) -> list[str]:
    if parent == "total":
        return [k for k in keys if k.isdigit() and len(k) == 3]
    want = {3: 5, 5: 7}.get(len(parent))
    return [k for k in keys if k.isdigit() and len(k) == want and k.startswith(parent)]


def _families(children: list[str]) -> list[list[str]]:
    """The 类 under 合计 by classification: a table listing the same money by function
    (201 …) and again by economic class (301 …, 501 …) — Xi'an's 基本支出明细表 prints both
    — adds up to its 合计 once per classification, never over both."""
    function = [k for k in children if k.startswith("2")]
    economic = [k for k in children if not k.startswith("2")]
    return [f for f in (function, economic) if f] if function and economic else [children]


def hierarchy(view: TableView) -> Iterator[CheckResult]:
    """Down a coded table: 合计 = Σ 类 (of each classification it lists), 类 = Σ 款,
    款 = Σ 项, column by column."""
    keys = view.keys()
    for parent in keys:
        if not (parent == "total" or (parent.isdigit() and len(parent) in (3, 5))):
            continue
        found = _children(keys, parent)
        for children in (_families(found) if parent == "total" and found else [found]):
            if children:
                yield from _hierarchy_sums(view, parent, children)


def _hierarchy_sums(view: TableView, parent: str, children: list[str]) -> Iterator[CheckResult]:
    """Each column's printed total of ``parent`` against the sum of ``children``."""
    for col in view.columns():
        if col == "change_pct":
            continue  # percentages do not add up
        total = view.qty(parent, col, show_col=False)
        parts = [q for q in (view.qty(c, col, show_col=False) for c in children)
                 if q is not None]
        if total is None or not parts:
            continue
        czh, cen = column_name(col)
        check_id = f"{view.table_id}.hier.{parent}:{col}=sum({','.join(children)})"
        rzh, ren = row_name(parent, view.rows[parent].label)
        yield sum_result(check_id, "hierarchy", total, parts,
                         f"{view.name_zh}{czh}列，{rzh}与其下级科目",
                         f"{view.name_en}, column {cen}, {ren} and its sub-items")


def _named_sum(view: TableView, total_key: str, part_keys: Sequence[str], col: str,
               kind: str = "row", strict: bool = True) -> CheckResult | None:
    total = view.qty(total_key, col, show_col=False)
    parts = [q for q in (view.qty(k, col, show_col=False) for k in part_keys) if q is not None]
    if total is None or not parts:
        return None
    present = [k for k in part_keys if view.cell(k, col) is not None]
    check_id = f"{view.table_id}.row.{total_key}={'+'.join(present)}"
    return sum_result(check_id, kind, total, parts, view.name_zh, view.name_en, strict)


def _value_col(view: TableView, key: str) -> str | None:
    for col in ("amount", "total"):
        if view.cell(key, col) is not None:
            return col
    return None


def summary_table(view: TableView) -> Iterator[CheckResult]:
    """T01/T04/B01/B04: current-year totals, grand totals, income = expenditure."""
    keys = view.keys()
    classes = [k for k in keys if k.isdigit() and len(k) == 3]
    fiscal = "income.fiscal_grant" in view.rows
    items = (["income.fiscal_grant", *_NON_FISCAL_ITEMS] if fiscal else list(_INCOME_ITEMS))
    results: list[CheckResult | None] = []
    if fiscal:
        col = _value_col(view, "income.fiscal_grant")
        if col:
            results.append(_named_sum(view, "income.fiscal_grant", _FISCAL_PARTS_KEYS, col))
    col = _value_col(view, "income.current_year_total")
    if col:
        # a source printed below 本年收入合计 (Yantai: 上级补助收入 under it) is not part of it
        at = keys.index("income.current_year_total")
        after = [k for k in items if k in view.rows and keys.index(k) > at]
        if not any(k in view.rows and keys.index(k) < at for k in items):
            after = []  # 一、本年收入 printed above its lines (Chongqing 表四): they are its parts
        results.append(_named_sum(view, "income.current_year_total", [k for k in items if k not in after], col))
        grand_parts = ["income.current_year_total", *after, "income.use_of_balance",
                       "income.carryover_begin"]
    else:
        grand_parts = [*items, "income.use_of_balance", "income.carryover_begin"]
    col = _value_col(view, "income.grand_total")
    if col:
        results.append(_named_sum(view, "income.grand_total", grand_parts, col))
    exp_cols = [c for c in view.columns() if view.cell("exp.current_year_total", c)]
    for col in exp_cols:
        results.append(_named_sum(view, "exp.current_year_total", classes, col, "hierarchy"))
    col = _value_col(view, "exp.grand_total")
    if col:
        exp_parts = (["exp.current_year_total"] if "exp.current_year_total" in view.rows
                     else classes) + ["exp.balance_distribution", "exp.carryover_end"]
        results.append(_named_sum(view, "exp.grand_total", exp_parts, col))
    yield from (r for r in results if r is not None)
    inc_col, exp_col = _value_col(view, "income.grand_total"), _value_col(view, "exp.grand_total")
    if inc_col and exp_col:
        inc = view.qty("income.grand_total", inc_col, show_col=False)
        exp = view.qty("exp.grand_total", exp_col, show_col=False)
        assert inc is not None and exp is not None
        yield sum_result(f"{view.table_id}.row.income.grand_total=exp.grand_total", "row",
                         inc, [exp], view.name_zh, view.name_en)


_FISCAL_PARTS_KEYS = ("income.general_budget", "income.gov_fund", "income.soe_capital")


def economic_totals(view: TableView) -> Iterator[CheckResult]:
    """T06: 人员经费合计 = 301 + 303, 公用经费合计 = the other classes, 合计 = both."""
    col = next((c for c in ("amount", "total") if c in view.columns()), None)
    if col is None:
        return
    classes = [k for k in view.keys() if k.isdigit() and len(k) == 3]
    personnel = [k for k in classes if k in {"301", "303"}]
    public = [k for k in classes if k not in {"301", "303"}]
    if view.cell("personnel_total", col) and personnel:
        result = _named_sum(view, "personnel_total", personnel, col)
        if result:
            yield result
    if view.cell("public_total", col) and public:
        nonzero = [k for k in public if (c := view.cell(k, col)) and c.value != 0]
        # 公用经费 is 302 everywhere; whether 310/307/399 count differs by convention
        strict = set(nonzero) <= {"302"}
        result = _named_sum(view, "public_total", public, col, strict=strict)
        if result:
            yield result
    if view.cell("total", col) and view.cell("personnel_total", col) \
            and view.cell("public_total", col):
        result = _named_sum(view, "total", ["personnel_total", "public_total"], col)
        if result:
            yield result


def table_checks(filing: Filing) -> list[CheckResult]:
    """Every within-table check of every non-empty table."""
    out: list[CheckResult] = []
    for table in filing.tables:
        if table.empty or not table.rows:
            continue
        view = TableView(table)
        tid = table.table_id
        out.extend(row_identities(view))
        if tid in FUNCTION_TABLES or tid in ECONOMIC_TABLES:
            out.extend(hierarchy(view))
        if tid in SUMMARY_TABLES:
            out.extend(summary_table(view))
        if tid in ECONOMIC_TABLES:
            out.extend(economic_totals(view))
    return out
