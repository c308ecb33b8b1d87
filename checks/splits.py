"""Splits between tables: 人员经费 / 公用经费 and 基本 / 项目 must be divided alike.

The same spending is split twice in a standard set: the 收支总表 of a unit budget prints
支出总计 as 人员经费 + 公用经费 + 项目支出 (B01), the expenditure table as 基本支出 +
项目支出 (B03), the general-budget table may split its 基本支出 into 人员经费 and 公用经费
(B05, and some 决算 05表), and the basic-expenditure table gives the same two as its
合计 columns (B06) or rows (T06 人员经费合计 / 公用经费合计).

Two tables may cover different money (B01 counts every fund, B06 the general budget
only), so a split is compared only where both tables print the *same whole*: when B01's
人员经费 + 公用经费 equals B06's 合计, their 人员经费 must be equal too. Printed:

    收支预算总表 支出总计: 人员经费 229,442,320  公用经费 106,868,210
    基本支出预算表 合计:   人员经费 200,000,000  公用经费 136,310,530   (both 336,310,530)

is a fail: the two tables divide one 基本支出 differently. Where the wholes differ, the
tables cover different money and nothing is said (the wholes are checked elsewhere:
``checks.cross``). Differences are shown in the unit the tables print (元 when they
print 元), never in 万元 rounded away.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from budgetlens.checks.core import WAN, Qty, TableView
from budgetlens.checks.names import column_name, fmt, row_name
from budgetlens.checks.tolerance import grade_sum
from budgetlens.schemas.filing import CheckResult, Filing

_WHERE = ("表间划分核对", "split across tables")


@dataclass(frozen=True)
class Side:
    """Where one table prints a split: a row, and the cell (row, col) of each part."""

    table: str
    row: str
    parts: dict[str, tuple[str, str]]  # part name → (row key, column)


# part names: personnel, public (the two halves of basic), basic, project
def _col_side(table: str, row: str, cols: dict[str, str]) -> Side:
    return Side(table, row, {p: (row, c) for p, c in cols.items()})


_B01_ROWS = ("exp.current_year_total", "exp.grand_total")


def _sides(views: dict[str, TableView]) -> list[tuple[str, Side]]:
    """Every split the filing prints, as (label, side); class rows of B01/B03/B05 too."""
    out: list[tuple[str, Side]] = []
    if "B01" in views:
        v = views["B01"]
        row = next((r for r in _B01_ROWS if v.cell(r, "personnel") or v.cell(r, "project")), None)
        if row:
            out.append(("total", _col_side("B01", row, {"personnel": "personnel", "public": "public",
                                                         "project": "project"})))
    for table in ("B03", "B05", "B10", "T03", "T05"):
        if table in views:
            out.append(("total", _col_side(table, "total", {
                "basic": "basic", "project": "project", "personnel": "personnel",
                "public": "public"})))
    for table in ("B06", "B11"):
        if table in views:
            out.append(("total", _col_side(table, "total", {"personnel": "personnel",
                                                            "public": "public"})))
    for table in ("T06", "B06", "B11"):
        if table in views and views[table].cell("personnel_total", _amount_col(views[table])):
            col = _amount_col(views[table])
            out.append(("total", Side(table, "total", {"personnel": ("personnel_total", col),
                                                        "public": ("public_total", col)})))
    return out


def _amount_col(view: TableView) -> str:
    return next((c for c in ("amount", "total") if c in view.columns()), "amount")


def _class_sides(views: dict[str, TableView]) -> Iterator[tuple[str, Side]]:
    """Each 类 row of the tables that split by class (B01 expenditure side, B03, B05)."""
    for table in ("B01", "B03", "B05", "T03", "T05"):
        if table not in views:
            continue
        cols = ({"personnel": "personnel", "public": "public", "project": "project"}
                if table == "B01" else
                {"basic": "basic", "project": "project", "personnel": "personnel", "public": "public"})
        for key in views[table].keys():
            if key.isdigit() and len(key) == 3:
                yield key, _col_side(table, key, cols)


class _Split:
    """One side's printed parts, in a common unit (元 when both tables print 元)."""

    def __init__(self, view: TableView, side: Side, in_yuan: bool) -> None:
        self.view, self.side = view, side
        self.q: dict[str, Qty] = {}
        for part, (row, col) in side.parts.items():
            q = view.qty(row, col, in_wan=True)
            if q is None:
                continue
            if in_yuan:
                q = Qty(q.value * WAN, q.half * WAN, q.operand, q.name_zh, q.name_en)
            self.q[part] = q

    def whole(self, names: tuple[str, ...]) -> tuple[float, float] | None:
        """Sum and rounding band of ``names`` (all printed, or one of them blank at 0)."""
        got = [self.q[n] for n in names if n in self.q]
        if not got:
            return None
        return sum(q.value for q in got), sum(q.half for q in got)

    def basic(self) -> tuple[float, float, list[Qty]] | None:
        if "basic" in self.q:
            q = self.q["basic"]
            return q.value, q.half, [q]
        halves = [self.q[n] for n in ("personnel", "public") if n in self.q]
        if "personnel" not in self.q or "public" not in self.q:
            return None
        return sum(q.value for q in halves), sum(q.half for q in halves), halves


def _describe(q: Qty, view: TableView) -> str:
    return f"{view.name_zh}{q.name_zh}" if not q.name_zh.startswith(view.name_zh) else q.name_zh


def _unit_name(in_yuan: bool) -> tuple[str, str]:
    return ("元", "yuan") if in_yuan else ("万元", "10k yuan")


def _compare(check_id: str, a: _Split, b: _Split, part: str, whole_zh: str, whole: float,
             in_yuan: bool, what_zh: str = "") -> CheckResult | None:
    qa, qb = a.q.get(part), b.q.get(part)
    if qa is None or qb is None:
        return None
    difference = qb.value - qa.value
    tolerance = qa.half + qb.half
    grade = grade_sum(difference, tolerance, max(abs(qa.value), 1.0))
    uzh, uen = _unit_name(in_yuan)
    pzh, pen = column_name(part)
    na, nb = _describe(qa, a.view), _describe(qb, b.view)
    if grade.status == "pass":
        vzh, ven = "一致。", "they agree."
    elif grade.status == "warn":
        vzh = f"相差 {fmt(abs(difference))} {uzh}，属四舍五入尾差。"
        ven = f"a difference of {fmt(abs(difference))} {uen}, within rounding."
    else:
        vzh = (f"相差 {fmt(abs(difference))} {uzh}：两表{whole_zh}同为 {fmt(whole)} {uzh}，"
               f"{pzh}的划分却不同。")
        ven = (f"a difference of {fmt(abs(difference))} {uen}: both tables print the same "
               f"whole ({fmt(whole)} {uen}) but split it differently.")
    zh = f"{_WHERE[0]}{what_zh}：{na} {fmt(qa.value)} {uzh}，{nb} {fmt(qb.value)} {uzh}，{vzh}"
    en = (f"{_WHERE[1]}: {a.view.name_en} {qa.name_en} {fmt(qa.value)}, {b.view.name_en} "
          f"{qb.name_en} {fmt(qb.value)} ({pen}): {ven}")
    ops = [qa.operand, qb.operand]
    return CheckResult(
        check_id=check_id, kind="cross_table", status=grade.status, severity=grade.severity,
        expected=qa.value, actual=qb.value, difference=round(difference, 6),
        tolerance=round(tolerance, 6), message=zh, message_en=en, operands=ops,
        pages=sorted({o.page for o in ops if o.page is not None}))


def _same(x: tuple[float, float] | None, y: tuple[float, float] | None) -> bool:
    if x is None or y is None:
        return False
    return abs(x[0] - y[0]) <= x[1] + y[1] + 1e-6 and x[0] != 0


def _pair(label: str, a: _Split, b: _Split, in_yuan: bool) -> Iterator[CheckResult]:
    """The parts two sides both print, compared where the sides print the same whole."""
    sa, sb = a.side, b.side
    stem = f"split.{sa.table}.{sa.row}={sb.table}.{sb.row}" if label == "total" else \
        f"split.{sa.table}={sb.table}.{label}"
    what = "" if label == "total" else f"（{row_name(label, a.view.rows[label].label)[0]}）"
    # personnel / public: the same 基本支出 divided alike
    ba, bb = a.basic(), b.basic()
    if ba and bb and _same(ba[:2], bb[:2]):
        for part in ("personnel", "public"):
            r = _compare(f"{stem}:{part}", a, b, part, "基本支出", ba[0], in_yuan, what)
            if r is not None:
                yield r
    # basic / project: the same 本年支出 divided alike
    if "project" in a.q and "project" in b.q and ba and bb:
        wa = (ba[0] + a.q["project"].value, ba[1] + a.q["project"].half)
        wb = (bb[0] + b.q["project"].value, bb[1] + b.q["project"].half)
        if _same(wa, wb):
            r = _compare(f"{stem}:project", a, b, "project", "本年支出", wa[0], in_yuan, what)
            if r is not None:
                yield r


def split_checks(filing: Filing) -> list[CheckResult]:
    """Every pair of tables that split one whole, compared part by part."""
    views = {t.table_id: TableView(t) for t in filing.tables if t.rows and not t.empty}
    out: list[CheckResult] = []
    seen: set[str] = set()
    sides = _sides(views)
    pairs = [(label, x, y) for i, (label, x) in enumerate(sides) for (l2, y) in sides[i + 1:]
             if x.table != y.table]
    by_class: dict[str, list[Side]] = {}
    for key, side in _class_sides(views):
        by_class.setdefault(key, []).append(side)
    for key, group in by_class.items():
        pairs += [(key, x, y) for i, x in enumerate(group) for y in group[i + 1:]]
    for label, x, y in pairs:
        va, vb = views[x.table], views[y.table]
        in_yuan = va.table.unit == "元" or vb.table.unit == "元"
        a, b = _Split(va, x, in_yuan), _Split(vb, y, in_yuan)
        for r in _pair(label, a, b, in_yuan):
            if r.check_id not in seen:
                seen.add(r.check_id)
                out.append(r)
    return out
