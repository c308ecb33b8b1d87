"""Narrative against tables: every statement of a key figure against its table cell.

Each key figure has a home in the tables (收入总计 in the summary table, 基本支出 in the
expenditure table's 合计 row, 人员经费 in the basic-expenditure table …). Every statement
of it, not only the first, is compared with that cell. A statement that names
一般公共预算财政拨款 is compared with the general-budget table (05) first, since that is
what it describes. When no table holds the figure, the statements are compared with
each other.

Unit plausibility lives here too: a number printed in 元 that equals the table's value
in 万元 ("基本支出154.78元" against 154.78 万元) is a unit error, reported as ``document``.
"""

from __future__ import annotations

import re

from collections.abc import Iterator

from budgetlens.checks.core import Qty, TableView, equal_result, operand_from, skipped
from budgetlens.checks.names import column_name, figure_name, fmt, printed_table, table_name
from budgetlens.checks.statements import Statement, statements
from budgetlens.checks.tolerance import FAIL, WARN
from budgetlens.schemas.catalogue import FIGURE_CELLS, FISCAL_SCOPE_TABLES
from budgetlens.schemas.filing import CheckResult, Filing

Target = tuple[str, str, str]  # table, row, column ("" = the row's one amount)

# Where each key figure is printed comes from the one catalogue of the contract.
TARGETS: dict[str, list[Target]] = {name: list(cells) for name, cells in FIGURE_CELLS.items()}
_GENERAL_BUDGET = "一般公共预算财政拨款"
_FISCAL_SCOPE = ("一般公共预算财政拨款", "财政拨款", "一般公共预算")
_SCOPED_TABLES = set(FISCAL_SCOPE_TABLES)


def _targets_for(st: Statement, filing: Filing | None = None) -> list[Target]:
    """Target cells in order of preference; a statement scoped to 财政拨款 / 一般公共预算
    (in its own words, or in the whole it is a part of) is compared with the fiscal-grant
    tables (05, Jiangsu's 10) first."""
    targets = TARGETS.get(st.figure, [])
    head = st.text.split(figure_name(st.figure)[0])[0] if figure_name(st.figure)[0] in st.text else st.text
    if st.figure in {"basic_expenditure", "project_expenditure"} and (
            any(w in head for w in _FISCAL_SCOPE) or _whole_is_scoped(filing, st)):
        first = [t for t in targets if t[0] in _SCOPED_TABLES]
        return first + [t for t in targets if t not in first]
    return targets


def _whole_is_scoped(filing: Filing | None, st: Statement) -> bool:
    """A part stated after 其中 has the scope of its whole, even in another sentence:

        2026年一般公共预算财政拨款收入227,955.11万元，一般公共预算财政拨款支出227,955.11万元，…。
        其中：基本支出113,007.22万元，…；项目支出114,947.89万元，…

    The narrative's line statement of the same number (same page) names its whole
    (``parent``; a sentence may cross a page); the whole's words name the fund."""
    if filing is None:
        return False
    word = figure_name(st.figure)[0]
    groups = {}
    for line in filing.statements:
        groups.setdefault(line.group, line)
    for line in filing.statements:
        if abs(line.citation.page - st.citation.page) > 1 or line.parent is None or line.value_wan is None \
                or abs(line.value_wan - st.value) > 1e-6 or word not in line.subject:
            continue
        whole = groups.get(line.parent)
        if whole is not None and any(w in whole.subject for w in _FISCAL_SCOPE):
            return True
    return False


# Narratives often call the current-year total 收入总计/支出总计 (and the reverse): a
# statement equal to its figure's alias cell is a question of wording, not of numbers.
SCOPE_ALIASES: dict[str, list[Target]] = {
    "income_total": [("T01", "income.current_year_total", ""), ("B01", "income.current_year_total", "")],
    "expenditure_total": [("T01", "exp.current_year_total", ""), ("B01", "exp.current_year_total", "")],
    "income_current_year": [("T01", "income.grand_total", ""), ("B01", "income.grand_total", "")],
    "expenditure_current_year": [("T01", "exp.grand_total", ""), ("B01", "exp.grand_total", "")],
}


def _alias_match(filing: Filing, st: Statement) -> Qty | None:
    for target in SCOPE_ALIASES.get(st.figure, []):
        ref, _ = resolve(filing, target)
        if ref is not None and abs(ref.value - st.value) <= ref.half + st.half + 1e-9:
            return ref
    return None


def _cell_printing(filing: Filing, value: float, tolerance: float, *, units: tuple[str, ...] = ("万元", "元")):
    """The first non-zero table cell whose value, in 万元, is ``value`` within ``tolerance``
    (only tables in ``units``): ``(table, row, col, cell)``, or None."""
    for table in filing.tables:
        if table.unit not in units:
            continue
        scale = 10000 if table.unit == "元" else 1
        for row in table.rows:
            for col, cell in row.cells.items():
                if cell.value != 0 and abs(cell.value / scale - value) <= tolerance:
                    return table, row, col, cell
    return None


def _printed(filing: Filing, table_id: str) -> str:
    """A table of the filing by its printed name, else the catalogue's."""
    table = filing.table(table_id)
    return printed_table(table)[0] if table is not None else table_name(table_id)[0]


def _same_value_elsewhere(filing: Filing, value_wan: float, tolerance: float) -> str:
    """Where else in the tables the stated value is printed (a figure taken from the
    wrong row is the commonest cause of a narrative/table mismatch)."""
    found = _cell_printing(filing, value_wan, tolerance)
    if found is None:
        return ""
    table, row, col, cell = found
    name = printed_table(table)[0]
    return (f"{name}第 {cell.citation.page} 页“{row.label or row.key}”"
            f"{'' if col in ('amount', 'total') else column_name(col)[0]}")


def resolve(filing: Filing, target: Target) -> tuple[Qty | None, str]:
    """The cell a target names, in 万元; the reason when there is none."""
    table = filing.table(target[0])
    if table is None:
        return None, "missing"
    if table.empty:
        return None, "empty"
    view = TableView(table)
    col = target[2] or next((c for c in ("amount", "total") if view.cell(target[1], c)), "")
    qty = view.qty(target[1], col, in_wan=True) if col else None
    return qty, "" if qty else "blank"


# Columns that put money from other years into a table's 合计: an income (expenditure)
# table printing them has a 合计 that is the grand total, not the current year's.
_OTHER_YEAR_COLS = {"carryover_begin", "use_of_balance", "carryover_end"}
_CURRENT_YEAR = {"income_current_year", "expenditure_current_year"}


def _other_years_in(filing: Filing, st: Statement, target: Target) -> bool:
    """True when the target is a table's 合计 that also counts 上年结转 / 使用结余 /
    结转下年 (a university 收入预算表 prints 上年结转 and 使用非财政拨款结余 as columns),
    so it cannot hold a current-year figure: comparing them would accuse a document of a
    difference that is only scope."""
    if st.figure not in _CURRENT_YEAR or target[1] != "total":
        return False
    table = filing.table(target[0])
    if table is None:
        return False
    return any(col in _OTHER_YEAR_COLS and cell.value for row in table.rows if row.key == "total"
               for col, cell in row.cells.items())


def _check_id(st: Statement, target: Target) -> str:
    tail = ".".join(p for p in target if p)
    return f"narrative.{st.figure}{st.suffix}={tail}"


def against_table(filing: Filing, st: Statement) -> CheckResult | None:
    """One statement against the first target cell the filing holds."""
    targets = _targets_for(st, filing)
    if not targets:
        return None
    zh, en = figure_name(st.figure)
    reasons: list[str] = []
    for target in targets:
        if _other_years_in(filing, st, target):
            reasons.append(f"{_printed(filing, target[0])} 合计含上年结转或结余")
            continue
        ref, why = resolve(filing, target)
        if ref is not None:
            # a fallback to a second-choice table (05 for 03) is only worth a warning
            strict = target == next(t for t in targets if t[0][0] == target[0][0])
            result = equal_result(_check_id(st, target), "narrative", ref, st.qty(),
                                  f"叙述与表格核对（{zh}）", f"narrative against table ({en})",
                                  strict)
            if result.status == "fail" and (alias := _alias_match(filing, st)) is not None:
                return result.model_copy(update={
                    "status": "warn", "severity": "warning",
                    "message": result.message + f"叙述的数字等于{alias.name_zh} {fmt(alias.value)}："
                                                "叙述与表格对该项的称谓不同（口径不一），数字本身一致。",
                    "message_en": result.message_en + f" The stated number equals {alias.name_en} "
                                                      f"{fmt(alias.value)}: the narrative names it differently.",
                    "operands": result.operands + [alias.operand]})
            if result.status == "fail":
                where = _same_value_elsewhere(filing, st.qty().value, result.tolerance or 0.005)
                if where:
                    result = result.model_copy(update={
                        "message": result.message + f"叙述的数字与{where}相同，可能取错了行或口径不同。",
                        "message_en": result.message_en + f" The stated number equals {where}: "
                                                          "perhaps the wrong row or another scope."})
            return result
        if why == "empty" and filing.table(target[0]) is not None:
            reasons.append(f"{_printed(filing, target[0])} 为空表")
        elif why == "blank":
            reasons.append(f"{_printed(filing, target[0])} 中该栏空白")
    first = targets[0]
    return skipped(_check_id(st, first), "narrative",
                   f"叙述称{zh} {fmt(st.printed)}{st.unit}，但对应表格未公开或未提取"
                   f"（{'，'.join(reasons) or '无表'}），无法核对。",
                   f"The narrative states {en} as {fmt(st.printed)} {st.unit}, but no table "
                   f"holding it was extracted ({'; '.join(reasons) or 'no table'}).",
                   [st.qty().operand])


_FUND_SCOPE = re.compile(r"一般公共预算|政府性基金|国有资本经营|财政拨款")


def _scope_of(st: Statement) -> str:
    """The funding source the clause before the number names ('' for all funds):
    "一般公共预算财政拨款基本支出预算 5,836.27 万元" is of fiscal grants."""
    if st.start is None:
        return ""
    raw = st.citation.quote
    left = max((raw.rfind(ch, 0, st.start) for ch in "。；;，,："), default=-1)
    m = _FUND_SCOPE.search(raw, left + 1, st.start)
    return "fiscal" if m else ""


def among_statements(sts: list[Statement]) -> Iterator[CheckResult]:
    """With no table to hold it, later statements of a figure against the first."""
    amounts = [s for s in sts if s.is_amount]
    if len(amounts) < 2:
        return
    first = amounts[0]
    for st in amounts[1:]:
        if _scope_of(st) != _scope_of(first):
            continue  # "基本支出 5,916.27" and "一般公共预算财政拨款基本支出 5,836.27": two figures
        # Two statements of one figure may be of different scope (the unit's total vs
        # its 一般公共预算 part, stated in a section whose heading gives the scope and
        # the sentence does not), so a disagreement between statements is a warning
        # asking for a look, never an accusation; a table is what a statement fails on.
        zh, en = figure_name(st.figure)
        yield equal_result(f"narrative.{st.figure}{st.suffix}={st.figure}", "narrative",
                           first.qty("首次叙述", "first statement of"), st.qty(),
                           f"叙述前后核对（{zh}）", f"statements of {en}", strict=False)


def unit_error(st: Statement, ref: Qty) -> CheckResult | None:
    """A number stated in 元 (or 亿元) that matches the 万元 table value as a bare number."""
    if st.unit not in {"元", "亿元"} or ref.value == 0:
        return None
    zh, en = figure_name(st.figure)
    check_id = f"document.unit.{st.figure}{st.suffix}"
    raw_close = abs(st.printed - ref.value) <= ref.half + 0.5 * 10 ** -2 + 1e-9
    ratio = st.printed / ref.value
    converted_off = abs(st.value - ref.value) > max(ref.half * 4, 0.01 * abs(ref.value))
    if not converted_off:
        return None
    if raw_close:
        grade, how_zh, how_en = FAIL, "数字与表中万元数相同", "the number equals the table's 万元 value"
    elif 0.5 <= ratio <= 2:
        grade, how_zh, how_en = WARN, "数量级与表中万元数相当", "its size matches the 万元 value"
    else:
        return None
    return CheckResult(
        check_id=check_id, kind="document", status=grade.status, severity=grade.severity,
        expected=ref.value, actual=st.value, difference=round(st.value - ref.value, 6),
        message=(f"叙述写{zh}“{fmt(st.printed)}{st.unit}”，表中为 {fmt(ref.value)} 万元，"
                 f"{how_zh}，单位疑有错误。"),
        message_en=(f"The narrative states {en} as {fmt(st.printed)} {st.unit}, the table "
                    f"has {fmt(ref.value)} 万元: {how_en}, so the unit looks wrong."),
        operands=[ref.operand, st.qty().operand],
        pages=sorted({p for p in (ref.operand.page, st.citation.page) if p is not None}))


def _wan_cell_printing(filing: Filing, printed: float) -> Qty | None:
    """A non-zero cell of a 万元 table printing the same number (for a figure with no
    table of its own, such as 机关运行经费, whose unit can still be judged)."""
    found = _cell_printing(filing, printed, 0.005 - 1e-12, units=("万元",))
    if found is None:
        return None
    table, row, col, cell = found
    label = row.label or row.key
    return Qty(cell.value, 0.005, operand_from(cell.citation, cell.value, table_id=table.table_id,
                                               key=row.key, col=col),
               f"{printed_table(table)[0]}“{label}”", f"{printed_table(table)[1]} {label}")


def _no_key_figures(filing: Filing) -> CheckResult | None:
    """When the narrative states amounts but no key figure could be read, say so: a
    total that matches no table must not pass silently for want of a reading."""
    if filing.key_figures or not (filing.statements or filing.tables):
        return None
    said = (f"叙述中有 {len(filing.statements)} 处金额陈述，" if filing.statements
            else "未读到叙述中的金额，")
    return skipped("narrative.key_figures", "narrative",
                   f"{said}但未能读出收支总计等关键数字，叙述与表格的总数核对未能进行，请人工核对。",
                   "No key figure (totals, basic / project expenditure, 三公) could be read from "
                   "the narrative, so the narrative totals were not checked against the tables.",
                   [operand_from(s.citation, s.value) for s in filing.statements[:3]])


def _in_printed_unit(result: CheckResult, st: Statement) -> CheckResult:
    """A difference stated in 元 is shown in 元 (0.34 元, never "相差 0" in 万元)."""
    if st.unit != "元" or result.difference is None or result.status == "pass":
        return result
    shown = f"相差 {fmt(abs(result.difference))}，"
    if shown not in result.message:
        return result
    return result.model_copy(update={"message": result.message.replace(
        shown, f"相差 {fmt(abs(result.difference) * 10000)} 元，")})


def narrative_checks(filing: Filing) -> list[CheckResult]:
    """Every statement of every key figure against the tables, and units."""
    out: list[CheckResult] = []
    if (missing := _no_key_figures(filing)) is not None:
        out.append(missing)
    for sts in statements(filing).values():
        checked_against_table = False
        for st in sts:
            if not st.is_amount:
                continue
            result = against_table(filing, st)
            if result is None:
                continue
            result = _in_printed_unit(result, st)
            out.append(result)
            if result.status != "skipped":
                checked_against_table = True
                ref = next((t for t in _targets_for(st, filing)
                            if resolve(filing, t)[0] is not None), None)
                ref_qty = resolve(filing, ref)[0] if ref else None
                if ref_qty is not None and (unit := unit_error(st, ref_qty)):
                    out.append(unit)
        if not checked_against_table:
            out.extend(among_statements(sts))
            for st in sts:
                if st.unit in {"元", "亿元"} and (ref := _wan_cell_printing(filing, st.printed)):
                    if unit := unit_error(st, ref):
                        out.append(unit)
    return out
