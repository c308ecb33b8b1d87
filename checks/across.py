"""Checks across a bureau's filings: the same money printed in two documents.

A workspace often holds several filings of one body. Each pair is related by what the
two documents are (``relation``):

- ``same``: one filing published as two files (the tables alone as an attachment,
  ``…_公开表only.pdf``, or the narrative alone): tables printed in both must agree cell
  by cell, and the narrative of one is checked against the tables of the other.
- ``unit_in_department``: a 单位预算 and the 部门预算 of its department, same year. Where
  the department's table prints the unit's own rows (``<unit>|<row>``), they must equal
  the unit's filing; otherwise every amount of the unit is within the department's
  (单位 支出总计 91,016,775.35 元 ≤ 部门 支出总计).
- ``budget_of_final``: a 决算 and the 预算 of the same year. The 决算's 预算数 (三公 table
  预算数 row, 年初预算 columns) against the budget filing: differences are ``warn``,
  since budgets are adjusted during the year.
- ``prior_year``: a filing and the same body's filing of the year before. This year's
  上年数 columns (``prior_year``) and the narrative's 比上年增加 Z 万元 against last
  year's printed figures: differences are ``warn`` (上年数 may be an adjusted budget
  or 执行数).

``across_checks(filings)`` is pure: it reads only the ``Filing``s given and returns each
result with the two documents it concerns. These results are kept apart from each
filing's own checks, which depend on that file alone; ``across_for(filing, others)``
gives the ones that concern one filing, for ``budgetlens check`` to show under it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from budgetlens.checks.core import WAN, Qty, TableView
from budgetlens.checks.document import clean_entity
from budgetlens.checks.names import fmt, row_name, table_name
from budgetlens.checks.report import VERDICTS_EN, verdict
from budgetlens.checks.tolerance import (
    FAIL,
    PASS,
    WARN,
    Grade,
    grade_sum,
    half_unit,
    printed_decimals,
)
from budgetlens.schemas.catalogue import KIND_WORD
from budgetlens.schemas.filing import CheckOperand, CheckResult, Filing

_PLACE_HEAD = re.compile(r"^(?:.{0,8}?(?:省|自治区|市))?(?:.{0,6}?(?:区|县|市))?")
_STEM_NOISE = re.compile(r"(?:19|20)\d{2}|年度?|部门|单位|预算|决算|公开表only|[_\-\s.]")
# columns that are amounts of this year (not another year, not a change or a rate)
_AMOUNT_COLS = {"amount", "total", "basic", "project", "personnel", "public",
                "fiscal_grant", "general_budget", "gov_fund", "soe_capital", "business",
                "operating", "other", "outbound", "reception", "vehicle_total",
                "vehicle_purchase", "vehicle_operation", "meeting", "training",
                "operating_expenses", "income", "carryover_begin", "carryover_end",
                "higher_level_subsidy", "affiliated_remit"}


@dataclass(frozen=True)
class Across:
    """One result about two filings (doc ids and paths in the order ``a``, ``b``)."""

    docs: tuple[str, str]
    paths: tuple[str, str]
    relation: str
    result: CheckResult


# ---------------------------------------------------------------- who is who


def scope_of(filing: Filing) -> str | None:
    """部门 or 单位, from the table titles (2025年预算单位财务收支预算总表) or the file name.

    ``部门预算经济分类`` names a classification, not the scope, and is ignored.
    """
    votes = {"部门": 0, "单位": 0}
    for t in filing.tables:
        title = t.title.replace("部门预算经济分类", "").replace("部门经济分类", "")
        if "单位" in title:
            votes["单位"] += 1
        elif "部门" in title:
            votes["部门"] += 1
    if votes["部门"] != votes["单位"]:
        return max(votes, key=lambda k: votes[k])
    name = Path(filing.source.path).name
    for word in ("单位", "部门"):
        if word + KIND_WORD.get(filing.doc_type or "", "") in name:
            return word
    return None


def body_of(name: str) -> tuple[str, str]:
    """(place, body) of a name: 江苏省人民检察院 → (江苏省, 检察院), 省检察院 → (省, 检察院),
    上海市普陀区人民政府办公室 → (上海市普陀区, 政府办公室)."""
    text = clean_entity(name)
    m = _PLACE_HEAD.match(text)
    place = m.group(0) if m else ""
    return place, (text[len(place):] or text).replace("人民", "")


def core_name(name: str) -> str:
    """The body without its place and without 人民 (江苏省人民检察院 → 检察院)."""
    return body_of(name)[1]


def _names(filing: Filing) -> list[tuple[str, str]]:
    names = [filing.entity] if filing.entity else []
    names += [t.entity for t in filing.tables if t.entity]
    return [body_of(n) for n in names if core_name(n) and _plausible(n)]


def _plausible(name: str) -> bool:
    """A body's name, not table text read as one (合计一般公共预政府性基…)."""
    return len(name) <= 40 and not any(w in name for w in ("合计", "栏次", "预算数", "项目"))


def _one_body(x: tuple[str, str], y: tuple[str, str]) -> bool:
    """The same body (公安局 is not 公安局交通管理局) in places that do not differ
    (江苏省 and 省 agree; 上海市普陀区 and 上海市静安区 do not)."""
    (px, bx), (py, by) = x, y
    return bx == by and (not px or not py or px in py or py in px)


def same_body(a: Filing, b: Filing) -> bool:
    """The two filings name one body; a filing that names none (a tables-only file) is
    matched by its file name (江苏省_政协办公厅_2019_部门预算_公开表only.pdf)."""
    na, nb = _names(a), _names(b)
    if na and nb:
        return any(_one_body(x, y) for x in na for y in nb)
    known, other = (na, b) if na else (nb, a)
    if not known:
        return False
    stem = _STEM_NOISE.sub("", Path(other.source.path).stem)
    return any(len(body) > 2 and body in stem and (not place or place.strip("省市") in stem)
               for place, body in known)


def relation(a: Filing, b: Filing) -> str | None:
    """How ``b`` relates to ``a`` (see the module docstring), or None."""
    if a.doc_id == b.doc_id or a.fiscal_year is None or b.fiscal_year is None:
        return None
    if not same_body(a, b):
        return None
    sa, sb = scope_of(a), scope_of(b)
    if a.fiscal_year == b.fiscal_year and a.doc_type == b.doc_type:
        if sa and sb and sa != sb:
            return "unit_in_department" if sa == "单位" else None
        return "same"
    if sa and sb and sa != sb:
        return None
    if a.fiscal_year == b.fiscal_year and (a.doc_type, b.doc_type) == ("final_accounts", "budget"):
        return "budget_of_final"
    if a.fiscal_year == b.fiscal_year + 1 and a.doc_type == b.doc_type:
        return "prior_year"
    return None


# ---------------------------------------------------------------- results


def _label(f: Filing) -> str:
    return Path(f.source.path).name


def _in_unit(q: Qty, view: TableView, yuan: bool) -> Qty:
    """A cell quantity in 元 (yuan=True) or 万元."""
    scale = WAN if yuan else 1.0
    return Qty(q.value * scale, q.half * scale, q.operand, q.name_zh, q.name_en)


def _cells(f: Filing) -> dict[tuple[str, str, str], tuple[TableView, str, str]]:
    out = {}
    for t in f.tables:
        if t.empty or not t.rows:
            continue
        view = TableView(t)
        for r in t.rows:
            for col in r.cells:
                out[(t.table_id, r.key, col)] = (view, r.key, col)
    return out


def _qty(entry: tuple[TableView, str, str], yuan: bool) -> Qty | None:
    view, key, col = entry
    q = view.qty(key, col, in_wan=True)
    return None if q is None else _in_unit(q, view, yuan)


def _result(check_id: str, grade: Grade, zh: str, en: str, ops: Sequence[CheckOperand],
            **numbers: float | None) -> CheckResult:
    return CheckResult(check_id=check_id, kind="across", status=grade.status,
                       severity=grade.severity, message=zh, message_en=en, operands=list(ops),
                       pages=sorted({o.page for o in ops if o.page is not None}), **numbers)


def _where(view: TableView, key: str, col: str) -> str:
    rzh = row_name(key, view.rows[key].label if key in view.rows else "")[0]
    czh = "" if col in {"amount"} else f"（{_COLNAME.get(col, col)}）"
    return f"{view.name_zh} {rzh}{czh}"


_COLNAME = {"total": "合计", "basic": "基本支出", "project": "项目支出", "personnel": "人员经费",
            "public": "公用经费", "budget_initial": "年初预算数", "prior_year": "上年数"}


def _unit_of(*views: TableView) -> tuple[bool, str]:
    yuan = any(v.table.unit == "元" for v in views)
    return yuan, ("元" if yuan else "万元")


def _table_agreement(a: Filing, b: Filing, rel: str) -> Iterator[CheckResult]:
    """``same``: every cell printed in both files, table by table, must agree."""
    ca, cb = _cells(a), _cells(b)
    tables = sorted({k[0] for k in ca} & {k[0] for k in cb})
    for tid in tables:
        keys = [k for k in ca if k[0] == tid and k in cb and k[2] in _AMOUNT_COLS]
        if not keys:
            continue
        yuan, unit = _unit_of(ca[keys[0]][0], cb[keys[0]][0])
        bad: list[tuple[Qty, Qty, float]] = []
        worst, largest = PASS, (0.0, 0.0)
        for k in keys:
            qa, qb = _qty(ca[k], yuan), _qty(cb[k], yuan)
            if qa is None or qb is None:
                continue
            d = qb.value - qa.value
            g = grade_sum(d, qa.half + qb.half, max(abs(qa.value), 1.0))
            if g.status != "pass":
                bad.append((qa, qb, d))
                worst = FAIL if g is FAIL or worst is FAIL else WARN
                largest = max(largest, (abs(d), qa.half + qb.half))
        name = table_name(tid)[0]
        if not bad:
            yield _result(f"across.same.{tid}", PASS,
                          f"{name}：两个文件（{_label(a)}、{_label(b)}）所印 {len(keys)} 个数一致。",
                          f"{table_name(tid)[1]}: the {len(keys)} cells printed in both files agree.", [])
            continue
        shown = "；".join(f"{_where(ca[(tid, qa.operand.key or '', qa.operand.col or '')][0], qa.operand.key or '', qa.operand.col or '')}"
                         f" {fmt(qa.value)} 与 {fmt(qb.value)}（相差 {fmt(abs(d))} {unit}）"
                         for qa, qb, d in bad[:5])
        more = f"等 {len(bad)} 处" if len(bad) > 5 else ""
        ops = [op for qa, qb, _ in bad[:5] for op in (qa.operand, qb.operand)]
        yield _result(f"across.same.{tid}", worst,
                      f"同一文件的两个版本不一致（{_label(a)} 与 {_label(b)}）：{name} {shown}{more}。",
                      f"Two files of one filing disagree in {table_name(tid)[1]}: {len(bad)} cell(s).", ops,
                      difference=round(largest[0], 6), tolerance=round(largest[1], 6))


def _narrative_elsewhere(a: Filing, b: Filing) -> Iterator[CheckResult]:
    """``same``: a narrative without its tables, checked against the other file's tables."""
    from budgetlens.checks.narrative import narrative_checks

    if not a.key_figures or not b.tables:
        return
    own = {t.table_id for t in a.tables if t.rows}
    if own >= {t.table_id for t in b.tables if t.rows}:
        return  # a has these tables itself: its own checks cover it
    merged = a.model_copy(update={"tables": [t for t in b.tables if t.table_id not in own]
                                  + [t for t in a.tables if t.table_id in own]})
    for r in narrative_checks(merged):
        if r.status == "skipped":
            continue
        if not any(o.table_id and o.table_id not in own for o in r.operands):
            continue
        yield r.model_copy(update={
            "check_id": f"across.narrative.{r.check_id}", "kind": "across",
            "message": f"叙述（{_label(a)}）对照另一文件的表格（{_label(b)}）：{r.message}",
            "message_en": f"Narrative of {_label(a)} against the tables of {_label(b)}: {r.message_en}"})


def _unit_rows(a: Filing, b: Filing) -> Iterator[CheckResult]:
    """``unit_in_department``: the unit's amounts against the department's."""
    ca, cb = _cells(a), _cells(b)
    unit = a.entity or ""
    prefixes = {k[1].split("|", 1)[0] for k in cb if "|" in k[1]}
    own = next((p for p in prefixes if unit and (core_name(p) == core_name(unit))), None)
    tables = sorted({k[0] for k in ca} & {k[0] for k in cb})
    for tid in tables:
        keys = [k for k in ca if k[0] == tid and k[2] in _AMOUNT_COLS and "|" not in k[1]]
        pairs = []
        for k in keys:
            dk = (tid, f"{own}|{k[1]}", k[2]) if own else k
            if dk in cb:
                pairs.append((k, dk))
        if not pairs:
            continue
        yuan, uname = _unit_of(ca[pairs[0][0]][0], cb[pairs[0][1]][0])
        over: list[tuple[Qty, Qty, float]] = []
        for k, dk in pairs:
            qa, qb = _qty(ca[k], yuan), _qty(cb[dk], yuan)
            if qa is None or qb is None or qa.value < 0 or qb.value < 0:
                continue
            d = qa.value - qb.value
            tol = qa.half + qb.half
            if (own and abs(d) > tol + 1e-6) or (not own and d > tol + 1e-6):
                over.append((qa, qb, d))
        name = table_name(tid)[0]
        how = "单位在部门表中所列的本单位数" if own else "单位数不超过部门数"
        if not over:
            yield _result(f"across.unit.{tid}", PASS,
                          f"{name}：单位预算（{_label(a)}）{len(pairs)} 个数与部门预算（{_label(b)}）相符（{how}）。",
                          f"{table_name(tid)[1]}: the unit's {len(pairs)} amounts fit the department's.", [])
            continue
        view_a = ca[pairs[0][0]][0]
        shown = "；".join(
            f"{_where(view_a, qa.operand.key or '', qa.operand.col or '')} 单位 {fmt(qa.value)}，"
            f"部门 {fmt(qb.value)}（{'相差' if own else '超出'} {fmt(abs(d))} {uname}）"
            for qa, qb, d in over[:5])
        ops = [op for qa, qb, _ in over[:5] for op in (qa.operand, qb.operand)]
        more = f"等 {len(over)} 处" if len(over) > 5 else ""
        zh = f"单位预算（{_label(a)}）与部门预算（{_label(b)}）不符：{name} {shown}{more}。"
        yield _result(f"across.unit.{tid}", FAIL, zh,
                      f"{table_name(tid)[1]}: {len(over)} amount(s) of the unit exceed or differ from the department's.",
                      ops)


# 决算 table and column holding a 预算数 → the budget filing's table and column
_BUDGET_OF = {("T09", "budget"): ("B09", "budget")}


def _budget_columns(a: Filing, b: Filing) -> Iterator[CheckResult]:
    """``budget_of_final``: the 决算's 预算数 against the budget filing of that year."""
    ca, cb = _cells(a), _cells(b)
    for (tid, key, col), entry in ca.items():
        if (tid, key) in _BUDGET_OF:
            btid, bkey = _BUDGET_OF[(tid, key)]
            target = (btid, bkey, col)
        elif col == "budget_initial" and tid.startswith("T"):
            target = ("B" + tid[1:], key, "amount" if tid in {"T01"} else "total")
        else:
            continue
        if target not in cb:
            continue
        yield _compare(f"across.budget.{tid}.{key}.{col}", entry, cb[target], WARN,
                       f"决算（{_label(a)}）所列预算数与当年预算（{_label(b)}）", "预算在年度中可能调整")


# budget figures a 决算's narrative states → the budget filing's 三公 table cell
_BUDGET_FIGURES = {"three_public_budget": "total", "outbound_budget": "outbound",
                   "vehicle_total_budget": "vehicle_total", "vehicle_purchase_budget": "vehicle_purchase",
                   "vehicle_operation_budget": "vehicle_operation", "reception_budget": "reception"}


def _budget_figures(a: Filing, b: Filing) -> Iterator[CheckResult]:
    """``budget_of_final``: 三公 预算数 the 决算's narrative states against the budget's B09."""
    cb = _cells(b)
    for name, col in _BUDGET_FIGURES.items():
        kf, target = a.key_figures.get(name), cb.get(("B09", "budget", col))
        if kf is None or target is None or kf.unit == "%":
            continue
        q = _qty(target, False)
        if q is None:
            continue
        d = kf.value - q.value
        tol = 0.005 + q.half
        g = grade_sum(d, tol, max(abs(q.value), 1.0))
        grade = WARN if g is FAIL else g
        op = CheckOperand(figure=name, value=kf.value, page=kf.citation.page, bbox=kf.citation.bbox,
                          quote=kf.citation.quote)
        verdict = "一致" if grade is PASS else f"相差 {fmt(abs(d))} 万元（预算在年度中可能调整）"
        yield _result(f"across.budget.figure.{name}", grade,
                      f"决算（{_label(a)}）叙述所列预算数 {fmt(kf.value)} 万元，当年预算（{_label(b)}）"
                      f"{_where(target[0], target[1], target[2])} {fmt(q.value)} 万元，{verdict}。",
                      f"{name}: the final account states {fmt(kf.value)}, the budget prints {fmt(q.value)}.",
                      [op, q.operand], expected=q.value, actual=kf.value, difference=round(d, 6),
                      tolerance=round(tol, 6))


def _compare(check_id: str, ea: tuple[TableView, str, str], eb: tuple[TableView, str, str],
             worst: Grade, what: str, why: str) -> CheckResult:
    yuan, unit = _unit_of(ea[0], eb[0])
    qa, qb = _qty(ea, yuan), _qty(eb, yuan)
    assert qa is not None and qb is not None
    d = qa.value - qb.value
    tol = qa.half + qb.half
    g = grade_sum(d, tol, max(abs(qb.value), 1.0))
    grade = worst if g is FAIL else g
    verdict = "一致" if grade is PASS else f"相差 {fmt(abs(d))} {unit}" + (f"（{why}）" if why else "")
    zh = (f"{what}：{_where(ea[0], ea[1], ea[2])} {fmt(qa.value)} {unit}，"
          f"{_where(eb[0], eb[1], eb[2])} {fmt(qb.value)} {unit}，{verdict}。")
    en = (f"{check_id}: {fmt(qa.value)} against {fmt(qb.value)} {unit}"
          f"{'' if grade is PASS else f', a difference of {fmt(abs(d))}'}.")
    return _result(check_id, grade, zh, en, [qa.operand, qb.operand], expected=qb.value,
                   actual=qa.value, difference=round(d, 6), tolerance=round(tol, 6))


def _prior_year(a: Filing, b: Filing) -> Iterator[CheckResult]:
    """``prior_year``: this year's 上年数 and stated change against last year's filing."""
    ca, cb = _cells(a), _cells(b)
    for (tid, key, col), entry in ca.items():
        if col != "prior_year":
            continue
        main = next((c for c in ("amount", "total") if (tid, key, c) in cb), None)
        if main is None:
            continue
        yield _compare(f"across.prior.{tid}.{key}", entry, cb[(tid, key, main)], WARN,
                       f"本年文件（{_label(a)}）所列上年数与上年文件（{_label(b)}）",
                       "上年数可能为调整后预算或执行数")
    yield from _stated_change(a, b)
    yield from _stated_change_pct(a, b)


def _stated_change_pct(a: Filing, b: Filing) -> Iterator[CheckResult]:
    """收入总计 X 万元，增长 p%: last year's total is X / (1 + p/100), within what the
    rounding of p (half its last digit) and of X can move it."""
    pct, total, last = (a.key_figures.get("income_total_change_pct"),
                        a.key_figures.get("income_total"), b.key_figures.get("income_total"))
    if pct is None or total is None or last is None or pct.value <= -100:
        return
    places = printed_decimals(pct.value, pct.citation.quote)
    half = half_unit(places if places is not None else 2)
    implied = total.value / (1 + pct.value / 100)
    tol = total.value * (half / 100) / (1 + pct.value / 100) ** 2 + 0.01
    d = implied - last.value
    grade = PASS if abs(d) <= tol else WARN  # the implied figure is only as exact as the %
    ops = [CheckOperand(figure="income_total", value=total.value, page=total.citation.page,
                        quote=total.citation.quote),
           CheckOperand(figure="income_total_change_pct", value=pct.value, page=pct.citation.page,
                        quote=pct.citation.quote),
           CheckOperand(figure="income_total", value=last.value, page=last.citation.page,
                        quote=f"{_label(b)}：{last.citation.quote}")]
    zh = (f"本年文件（{_label(a)}）收入总计 {fmt(total.value)} 万元、比上年增减 {fmt(pct.value)}%，"
          f"推得上年约 {fmt(round(implied, 2))} 万元；上年文件（{_label(b)}）收入总计 {fmt(last.value)} 万元，"
          + ("在百分比的四舍五入范围内一致。" if grade is PASS
             else f"相差 {fmt(round(abs(d), 2))} 万元（上年数可能为调整后预算或执行数）。"))
    yield _result("across.prior.income_total_change_pct", grade, zh,
                  f"{_label(a)}: total {fmt(total.value)} / (1 + {fmt(pct.value)}%) = "
                  f"{fmt(round(implied, 2))}; last year's filing states {fmt(last.value)}.",
                  ops, expected=last.value, actual=round(implied, 6), difference=round(d, 6),
                  tolerance=round(tol, 6))


def _stated_change(a: Filing, b: Filing) -> Iterator[CheckResult]:
    """收入总计 X 万元，比上年增加 Z 万元: last year's total is X − Z."""
    change, total, last = (a.key_figures.get("income_total_change"),
                           a.key_figures.get("income_total"), b.key_figures.get("income_total"))
    if change is None or total is None or last is None:
        return
    implied = total.value - change.value
    d = implied - last.value
    tol = 0.015  # three figures stated to 0.01 万元
    g = grade_sum(d, tol, max(abs(last.value), 1.0))
    grade = WARN if g is FAIL else g
    ops = [CheckOperand(figure="income_total", value=total.value, page=total.citation.page,
                        quote=total.citation.quote),
           CheckOperand(figure="income_total_change", value=change.value,
                        page=change.citation.page, quote=change.citation.quote),
           CheckOperand(figure="income_total", value=last.value, page=last.citation.page,
                        quote=f"{_label(b)}：{last.citation.quote}")]
    zh = (f"本年文件（{_label(a)}）收入总计 {fmt(total.value)} 万元、比上年增减 {fmt(change.value)} 万元，"
          f"推得上年 {fmt(implied)} 万元；上年文件（{_label(b)}）收入总计 {fmt(last.value)} 万元，"
          + ("一致。" if grade is PASS else f"相差 {fmt(abs(d))} 万元（上年数可能为调整后预算或执行数）。"))
    en = (f"{_label(a)}: total {fmt(total.value)} less change {fmt(change.value)} = {fmt(implied)}; "
          f"last year's filing states {fmt(last.value)}.")
    yield _result("across.prior.income_total_change", grade, zh, en, ops,
                  expected=last.value, actual=round(implied, 6), difference=round(d, 6),
                  tolerance=tol)


def _pair(a: Filing, b: Filing, rel: str) -> list[CheckResult]:
    if rel == "same":
        return [*_table_agreement(a, b, rel), *_narrative_elsewhere(a, b),
                *_narrative_elsewhere(b, a)]
    if rel == "unit_in_department":
        return list(_unit_rows(a, b))
    if rel == "budget_of_final":
        return [*_budget_columns(a, b), *_budget_figures(a, b)]
    return list(_prior_year(a, b))


def _related(a: Filing, b: Filing) -> Iterator[Across]:
    rel = relation(a, b)
    if rel is None or (rel == "same" and a.doc_id > b.doc_id):
        return  # one filing in two files: each pair once
    for r in _pair(a, b, rel):
        yield Across((a.doc_id, b.doc_id), (a.source.path, b.source.path), rel, r)


def across_checks(filings: Iterable[Filing]) -> list[Across]:
    """Every result between two related filings, each pair once (pure)."""
    items = [f for f in filings if f.fiscal_year is not None]
    return [x for a in items for b in items if a is not b for x in _related(a, b)]


def across_for(filing: Filing, others: Iterable[Filing]) -> list[CheckResult]:
    """The results that concern ``filing`` (on either side), for showing under it."""
    out: list[CheckResult] = []
    for other in others:
        if other.doc_id == filing.doc_id:
            continue
        out += [x.result for x in _related(filing, other)]
        out += [x.result for x in _related(other, filing)]
    return out


def format_across(results: Sequence[CheckResult]) -> str:
    """The across-filing results as a text section: each fail and warning with its
    message, then how many passed; "" when there are none."""
    if not results:
        return ""
    order = {"fail": 0, "warn": 1, "skipped": 2}
    lines = ["", "与同一单位其他文件的核对 Across this body's other filings:"]
    for r in sorted((r for r in results if r.status != "pass"),
                    key=lambda r: (order.get(r.status, 9), r.check_id)):
        pages = ("第 " + "、".join(map(str, r.pages)) + " 页") if r.pages else ""
        lines.append(f"[{verdict(r)} {VERDICTS_EN[verdict(r)]}] {r.check_id} {pages}".rstrip())
        lines.append(f"    {r.message}")
    passed = sum(r.status == "pass" for r in results)
    lines.append(f"  通过 pass {passed} / {len(results)}")
    return "\n".join(lines)
