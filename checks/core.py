"""The pieces every check is built from: cited quantities and the two comparisons.

A ``Qty`` is one number in the comparison's unit with its rounding half-unit and the
``CheckOperand`` that says where it was printed. ``sum_result`` compares a printed
total with the sum of printed parts; ``equal_result`` compares two printed statements
of the same fact. Both grade the difference by ``checks.tolerance`` and write a message
in Chinese and English that names every operand.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from budgetlens.checks.names import column_name, fmt, printed_table, row_name
from budgetlens.checks.tolerance import (
    DEFAULT_DECIMALS,
    SKIP,
    Grade,
    grade_sum,
    half_unit,
    printed_decimals,
    soften,
)
from budgetlens.schemas.filing import CellValue, CheckOperand, CheckResult, Citation, Row, Table

WAN = 10_000.0  # 元 per 万元
_SOFT_ZH = "（此规则并非所有版式都适用，请人工核对）"
_SOFT_EN = " (this rule may not hold for every layout; check by hand)"


@dataclass(frozen=True)
class Qty:
    """One printed number, ready to compare."""

    value: float  # in the comparison's unit
    half: float  # rounding half-unit, same unit
    operand: CheckOperand
    name_zh: str
    name_en: str
    yuan: bool = False  # printed in 元 and held here in 万元 (a 元 table compared in 万元)
    unit: str = ""  # the unit ``value`` is in (万元, 元), when known


def operand_from(citation: Citation | None, value: float, **where: str | None) -> CheckOperand:
    """The operand record for a value, carrying page, bbox and quote of its citation."""
    return CheckOperand(
        value=value,
        page=citation.page if citation else None,
        bbox=citation.bbox if citation else None,
        quote=citation.quote if citation else None,
        **where,
    )


class TableView:
    """Read access to one table's cells as ``Qty``, in 万元 or in the table's own unit."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.rows: dict[str, Row] = {}
        for row in table.rows:
            self.rows.setdefault(row.key, row)
        shown = [printed_decimals(c.value, c.citation.quote)
                 for r in table.rows for c in r.cells.values()]
        known = [d for d in shown if d is not None]
        self.decimals = min(max(known), 4) if known else DEFAULT_DECIMALS
        self.scale = WAN if table.unit == "元" else 1.0
        self.name_zh, self.name_en = printed_table(table)

    @property
    def table_id(self) -> str:
        return self.table.table_id

    def keys(self) -> list[str]:
        return list(self.rows)

    def columns(self) -> list[str]:
        seen: dict[str, None] = {}
        for row in self.table.rows:
            seen.update(dict.fromkeys(row.cells))
        return list(seen)

    def cell(self, key: str, col: str) -> CellValue | None:
        row = self.rows.get(key)
        return row.cells.get(col) if row else None

    def qty(self, key: str, col: str, in_wan: bool = False, show_col: bool = True,
            show_row: bool = True) -> Qty | None:
        """The cell as a quantity (None when absent); ``in_wan`` converts 元 tables.

        ``show_row``/``show_col`` choose how the message names it: by column alone in a
        row sum (基本支出), by row alone in a column sum (210 卫生健康支出).
        """
        cell = self.cell(key, col)
        if cell is None:
            return None
        own = printed_decimals(cell.value, cell.citation.quote)
        places = max(own if own is not None else 0, self.decimals)
        scale = self.scale if in_wan else 1.0
        row = self.rows[key]
        rzh, ren = row_name(key, row.label)
        czh, cen = column_name(col)
        if col == "amount" or (key == "total" and col == "total"):
            show_col = False
        if not show_col:
            show_row = True
        name_zh = (rzh if show_row else "") + (czh if show_col else "")
        name_en = " ".join(x for x in ((ren if show_row else ""), (cen if show_col else "")) if x)
        if in_wan:
            name_zh = f"{self.name_zh} {name_zh}"
            name_en = f"{self.name_en} {name_en}"
        operand = operand_from(cell.citation, cell.value, table_id=self.table_id,
                               key=key, col=col)
        return Qty(cell.value / scale, half_unit(places) / scale, operand, name_zh, name_en,
                   yuan=in_wan and self.scale == WAN, unit="万元" if in_wan else self.table.unit or "")


def _pages(qtys: Iterable[Qty]) -> list[int]:
    return sorted({q.operand.page for q in qtys if q.operand.page is not None})


def _spelled(parts: Sequence[Qty], zh: bool, yuan: bool = False) -> str:
    shown = [f"{p.name_zh if zh else p.name_en} {_shown(p, yuan)}" for p in parts[:6]]
    text = " + ".join(shown)
    if len(parts) > 6:
        text += f" + …（共 {len(parts)} 项）" if zh else f" + … ({len(parts)} items)"
    return text


def _in_yuan(qtys: Sequence[Qty]) -> bool:
    """Every operand was printed in 元: the message shows 元, as the filing does."""
    return bool(qtys) and all(q.yuan for q in qtys)


def _amount(value: float, qtys: Sequence[Qty]) -> str:
    """A difference as the filing would print it: in 元 when any operand was printed in
    元 (0.34 元, never a 万元 figure rounded to 0), else in the comparison's unit, named
    when the operands name it (相差 0.02 万元); a difference is never shown as 0."""
    if any(q.yuan for q in qtys):
        value, units = value * WAN, {"元"}
    else:
        units = {q.unit for q in qtys if q.unit}
    text = fmt(value)
    if text == "0" and value:
        text = f"{value:.2g}"
    return f"{text} {units.pop()}" if len(units) == 1 else text


def _verdict(grade: Grade, difference: float, tolerance: float,
             qtys: Sequence[Qty] = ()) -> tuple[str, str]:
    if grade.status == "pass":
        return "一致。", "they agree."
    d, t = _amount(abs(difference), qtys), _amount(tolerance, qtys)
    if grade.status == "warn" and abs(difference) <= tolerance + 1e-9:
        return (f"相差 {d}，属四舍五入尾差。", f"a difference of {d}, within rounding.")
    return (f"相差 {d}，超出四舍五入可解释的 {t}。",
            f"a difference of {d}, more than rounding explains ({t}).")


def _shown(q: Qty, yuan: bool) -> str:
    return fmt(q.value * WAN) if yuan else fmt(q.value)


def sum_result(check_id: str, kind: str, total: Qty, parts: Sequence[Qty], where_zh: str,
               where_en: str, strict: bool = True) -> CheckResult:
    """Printed total against the sum of printed parts."""
    expected = sum(p.value for p in parts)
    difference = total.value - expected
    tolerance = total.half + sum(p.half for p in parts)
    grade = grade_sum(difference, tolerance, total.value)
    if not strict:
        grade = soften(grade)
    qtys = [total, *parts]
    vzh, ven = _verdict(grade, difference, tolerance, qtys)
    yuan = _in_yuan(qtys)
    exp = fmt(expected * WAN) if yuan else fmt(expected)
    zh = (f"{where_zh}：{_spelled(parts, True, yuan)} = {exp}，"
          f"表中{total.name_zh}为 {_shown(total, yuan)}，{vzh}")
    en = (f"{where_en}: {_spelled(parts, False, yuan)} = {exp}, "
          f"the table's {total.name_en} is {_shown(total, yuan)}: {ven}")
    if not strict and grade.status == "warn" and abs(difference) > tolerance:
        zh, en = zh + _SOFT_ZH, en + _SOFT_EN
    return CheckResult(
        check_id=check_id, kind=kind, status=grade.status, severity=grade.severity,
        expected=round(expected, 6), actual=total.value, difference=round(difference, 6),
        tolerance=round(tolerance, 6), message=zh, message_en=en,
        operands=[q.operand for q in qtys], pages=_pages(qtys))


def equal_result(check_id: str, kind: str, reference: Qty, stated: Qty, where_zh: str,
                 where_en: str, strict: bool = True) -> CheckResult:
    """Two statements of one fact: ``stated`` checked against ``reference``."""
    difference = stated.value - reference.value
    tolerance = reference.half + stated.half
    grade = grade_sum(difference, tolerance, reference.value)
    if not strict:
        grade = soften(grade)
    qtys = [reference, stated]
    vzh, ven = _verdict(grade, difference, tolerance, qtys)
    yuan = _in_yuan(qtys)
    zh = (f"{where_zh}：{stated.name_zh} {_shown(stated, yuan)}，"
          f"{reference.name_zh} {_shown(reference, yuan)}，{vzh}")
    en = (f"{where_en}: {stated.name_en} {_shown(stated, yuan)}, "
          f"{reference.name_en} {_shown(reference, yuan)}: {ven}")
    if not strict and grade.status == "warn" and abs(difference) > tolerance:
        zh, en = zh + _SOFT_ZH, en + _SOFT_EN
    return CheckResult(
        check_id=check_id, kind=kind, status=grade.status, severity=grade.severity,
        expected=reference.value, actual=stated.value, difference=round(difference, 6),
        tolerance=round(tolerance, 6), message=zh, message_en=en,
        operands=[q.operand for q in qtys], pages=_pages(qtys))


def skipped(check_id: str, kind: str, zh: str, en: str,
            operands: Sequence[CheckOperand] = ()) -> CheckResult:
    """A check that could not run, saying why."""
    pages = sorted({o.page for o in operands if o.page is not None})
    return CheckResult(check_id=check_id, kind=kind, status=SKIP.status,
                       severity=SKIP.severity, message=zh, message_en=en,
                       operands=list(operands), pages=pages)
