"""Percentages and changes the narrative states next to an amount, recomputed.

Three shapes are read from the sentence holding a key figure:

- share: "基本支出 160.72 万元，占 30.55%" → 160.72 / the whole: the amount the sentence
  names before 其中 ("本年支出合计 526.04 万元，其中：基本支出 …") when it names one,
  else the figure's natural whole in the tables (本年支出合计, 三公经费 …);
- completion: "预算 0.6 万元，支出决算 0.32 万元，完成预算的 53.3%" → 0.32 / 0.6;
- change: "526.04 万元 … 减少 166.35 万元，下降 24.02%" → 166.35 / (526.04 + 166.35).

Each is graded by ``grade_percent``: the recomputed value rounds to the printed one
(pass), differs by no more than the operands' rounding explains (warn), or beyond (fail).
A shape the sentence does not match exactly is not checked: guessing the denominator
would produce false alarms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.checks.core import WAN, Qty
from budgetlens.checks.names import figure_name, fmt
from budgetlens.checks.narrative import resolve
from budgetlens.checks.statements import Statement, statements
from budgetlens.checks.tolerance import WARN, grade_percent, half_unit, ratio_tolerance
from budgetlens.ingest.normalize import decimals, find_numbers
from budgetlens.schemas.filing import CheckOperand, CheckResult, Filing

_PCT = r"(?P<pct>\d+(?:\.\d+)?)\s*[%％]"
_SHARE = re.compile(r"\s*(?:万元|元)?\s*[，,]?\s*占(?:比)?(?P<den>[^\d%％。；，,]{0,14}?)\s*" + _PCT)
# "… 合计 526.04 万元，其中：…": the whole the parts after 其中 are shares of
_WHOLE = re.compile(r"(?P<amt>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|元)\s*[，,。；;]?\s*其中")
_FILLER_WORDS = "的为是 "
_NAMES_TOTAL = re.compile(r"总|合计")
_COMPLETION = re.compile(r"完成(?:了)?(?:年初|全年|年度)?预算(?:数)?的\s*" + _PCT)
_BUDGET_BEFORE = re.compile(r"预算(?:数)?(?:为|是)?\s*(?P<amt>\d[\d,]*(?:\.\d+)?)\s*万元")
_CHANGE = re.compile(
    r"(?P<dir>增加|减少|增长|下降|上升|降低)了?\s*(?P<amt>\d[\d,]*(?:\.\d+)?)\s*万元\s*[，,、]?\s*"
    r"(?:同比)?(?P<dir2>增加|减少|增长|下降|上升|降低)了?\s*" + _PCT)
_AMOUNT = re.compile(r"\d[\d,]*(?:\.\d+)?\s*万元")
# words that may stand between an amount and its change: the comparison, both totals
_CHANGE_GAP = re.compile(
    r"(?:与|比|较)(?:上年度?|上一年度?|去年|同期|\d{4}年度?|年初|全年)?(?:决算|预算)?数?(?:相比|比较)?"
    r"|万元|元|收、支|收支|总计|合计|同比|各|均|[\s，,、：:]")
_UP = {"增加", "增长", "上升"}

# a share's denominator: (figure it is stated of, where to find it, words naming it)
_SHARE_OF: dict[str, tuple[str, tuple[str, ...]]] = {
    "basic_expenditure": ("expenditure_current_year", ("支出",)),
    "project_expenditure": ("expenditure_current_year", ("支出",)),
    "fiscal_grant_income": ("income_current_year", ("收入",)),
}
for _p in ("outbound", "vehicle_purchase", "vehicle_operation", "reception"):
    _SHARE_OF[f"{_p}_actual"] = ("three_public_actual", ("三公",))
_DENOMINATORS: dict[str, list[tuple[str, str, str]]] = {
    "expenditure_current_year": [("T01", "exp.current_year_total", ""),
                                 ("T03", "total", "total"), ("B03", "total", "total")],
    "income_current_year": [("T01", "income.current_year_total", ""),
                            ("T02", "total", "total"), ("B02", "total", "total")],
    "three_public_actual": [("T09", "actual", "total")],
}


def _number(text: str) -> tuple[float, float]:
    """Value and half-unit of a printed number."""
    return float(text.replace(",", "")), half_unit(decimals(text))


def _result(check_id: str, kind: str, computed: float, printed: float, printed_half: float,
            propagated: float, operands: list[CheckOperand], zh: str, en: str) -> CheckResult:
    grade = grade_percent(computed, printed, printed_half, propagated)
    diff = printed - computed
    verdict_zh = {"pass": "一致。", "warn": "差异在四舍五入范围内。",
                  "fail": "超出四舍五入可解释的范围。"}[grade.status]
    verdict_en = {"pass": "they agree.", "warn": "within rounding.",
                  "fail": "more than rounding explains."}[grade.status]
    if grade.status == "fail" and abs(diff) <= 3 * printed_half + propagated + 1e-9:
        # one unit in the last printed digit (63.75% for 63.74%): how shares are nudged
        # to add up to 100% (尾差调整), or a slip that misleads no one: a warning
        grade = WARN
        verdict_zh = "相差末位一个单位（可能为尾差调整），请核对。"
        verdict_en = "off by one unit in the last digit (possibly adjusted to add up); check."
    return CheckResult(
        check_id=check_id, kind=kind, status=grade.status, severity=grade.severity,
        expected=round(computed, 4), actual=printed, difference=round(diff, 4),
        tolerance=round(printed_half + propagated, 4),
        message=f"{zh}，按金额计算应为 {fmt(round(computed, 2))}%，{verdict_zh}",
        message_en=f"{en}; the amounts give {fmt(round(computed, 2))}%: {verdict_en}",
        operands=operands,
        pages=sorted({o.page for o in operands if o.page is not None}))


def _denominator(filing: Filing, name: str, general_budget: bool) -> Qty | None:
    targets = list(_DENOMINATORS.get(name, []))
    if general_budget and name == "expenditure_current_year":
        targets = [("T05", "total", "total"), ("B05", "total", "total")]
    for target in targets:
        qty = resolve(filing, target)[0]
        if qty is not None:
            return qty
    return None


def _stated_whole(st: Statement) -> Qty | None:
    """The whole the sentence names before 其中, ahead of the figure; None when it names none."""
    if st.start is None:
        return None
    wholes = [m for m in _WHOLE.finditer(st.text, 0, st.start)]
    if not wholes:
        return None
    m = wholes[-1]
    value, half = _number(m.group("amt"))
    if m.group("unit") == "元":
        value, half = value / WAN, half / WAN
    operand = CheckOperand(figure=None, value=value, page=st.citation.page,
                           bbox=st.citation.bbox, quote=st.citation.quote)
    return Qty(value, half, operand, "叙述所述总额", "the whole the narrative names")


def _clause(st: Statement) -> str:
    """The statement's own clause: the words from the last clause break up to the number."""
    if st.start is None:
        return st.text
    head = st.text[:st.start]
    cut = max(head.rfind(ch) for ch in "，,；;。：:")
    return st.text[cut + 1:st.end]


def share(filing: Filing, st: Statement, sts: dict[str, list[Statement]]
          ) -> CheckResult | None:
    """"X 万元，占 Y%": Y against X over the whole the sentence names, else the figure's
    natural whole in the tables."""
    if st.end is None or not st.is_amount:
        return None
    m = _SHARE.match(st.text, st.end)
    if not m:
        return None
    den_words = m.group("den").strip(_FILLER_WORDS)
    if "预算" in den_words:
        return None  # 占年初预算的: a completion rate, not a share
    # the whole the sentence names, when "占" names no other (占总支出的 names a total)
    den = _stated_whole(st) if not den_words or _NAMES_TOTAL.search(den_words) else None
    if den is None:
        if st.figure not in _SHARE_OF:
            return None
        whole_name, words = _SHARE_OF[st.figure]
        if den_words and not any(w in den_words for w in words):
            return None  # 占其他口径: not the share this rule knows
        lo = st.sentence()[0]
        if (whole_name in ("expenditure_current_year", "income_current_year")
                and "财政拨款" in st.text[lo:st.start] and "财政拨款" not in _clause(st)):
            return None  # a share within 财政拨款, not of the all-funds total in the tables
        den = _denominator(filing, whole_name, "一般公共预算" in _clause(st))
        if den is None and sts.get(whole_name):
            den = sts[whole_name][0].qty()
    if den is None or den.value == 0:
        return None
    printed, half = _number(m.group("pct"))
    computed = 100 * st.value / den.value
    zh, en = figure_name(st.figure)
    pct_op = CheckOperand(figure=st.figure, value=printed, page=st.citation.page,
                          bbox=st.citation.bbox, quote=st.citation.quote)
    return _result(f"narrative.pct.{st.figure}{st.suffix}", "percent", computed, printed,
                   half, ratio_tolerance(st.value, den.value, st.half, den.half),
                   [st.qty().operand, den.operand, pct_op],
                   f"叙述称{zh} {fmt(st.printed)} 万元占 {fmt(printed)}%（以 {den.name_zh} "
                   f"{fmt(den.value)} 为基数）",
                   f"The narrative gives {en} {fmt(st.printed)} as {fmt(printed)}% of "
                   f"{den.name_en} {fmt(den.value)}")


def completion(st: Statement) -> CheckResult | None:
    """"预算 A 万元 … 决算 B 万元，完成预算的 Y%" in one sentence: Y against B / A."""
    if st.start is None or st.end is None or st.unit != "万元":
        return None
    lo, hi = st.sentence()
    budgets = list(_BUDGET_BEFORE.finditer(st.text, lo, st.start))
    m = _COMPLETION.search(st.text, st.end, hi)
    if not budgets or not m:
        return None
    budget, budget_half = _number(budgets[-1].group("amt"))
    if budget == 0:
        return None
    printed, half = _number(m.group("pct"))
    computed = 100 * st.value / budget
    zh, en = figure_name(st.figure)
    op = CheckOperand(figure=st.figure, value=printed, page=st.citation.page,
                      bbox=st.citation.bbox, quote=st.citation.quote)
    return _result(f"narrative.completion.{st.figure}{st.suffix}", "percent", computed,
                   printed, half, ratio_tolerance(st.value, budget, st.half, budget_half),
                   [st.qty().operand, op],
                   f"叙述称预算 {fmt(budget)} 万元、{zh} {fmt(st.printed)} 万元，"
                   f"完成预算的 {fmt(printed)}%",
                   f"The narrative gives {en} budget {fmt(budget)}, actual "
                   f"{fmt(st.printed)}, {fmt(printed)}% of budget")


def changes(st: Statement) -> Iterator[CheckResult]:
    """"… X 万元，减少 C 万元，下降 Y%": Y against C / (X + C), for each change clause."""
    if st.start is None or st.end is None or st.unit not in {"万元", "元"}:
        return
    lo, hi = st.sentence()
    pos = st.end
    for n, m in enumerate(_CHANGE.finditer(st.text, st.end, hi)):
        gap = st.text[pos:m.start()]
        if _AMOUNT.search(gap):
            return  # another amount came between: the change may be of something else
        if _CHANGE_GAP.sub("", gap):
            return  # another subject is named ("…，收入增加"): not this figure's change
        pos = m.end()
        amount, amount_half = _number(m.group("amt"))
        if st.unit == "元":
            amount, amount_half = amount / WAN, amount_half / WAN
        up = m.group("dir") in _UP
        if up != (m.group("dir2") in _UP):
            continue  # 增加 … 下降: wording this rule cannot read
        base = st.value - amount if up else st.value + amount
        if base <= 0:
            continue
        printed, half = _number(m.group("pct"))
        computed = 100 * amount / base
        zh, en = figure_name(st.figure)
        op = CheckOperand(figure=st.figure, value=printed, page=st.citation.page,
                          bbox=st.citation.bbox, quote=st.citation.quote)
        word = m.group("dir")
        yield _result(f"narrative.change.{st.figure}{st.suffix}.{n + 1}", "change", computed,
                      printed, half,
                      ratio_tolerance(amount, base, amount_half, amount_half + st.half),
                      [st.qty().operand, op],
                      f"叙述称{zh} {fmt(st.printed)} 万元，{word} {fmt(amount)} 万元，"
                      f"幅度 {m.group('pct').strip()}%（基数 {fmt(base)} 万元）",
                      f"The narrative gives {en} {fmt(st.printed)}, a change of "
                      f"{fmt(amount)} or {fmt(printed)}% (base {fmt(base)})")


def change_figures(filing: Filing) -> CheckResult | None:
    """The key figures income_total_change(_pct) against income_total."""
    figs = filing.key_figures
    if not {"income_total", "income_total_change", "income_total_change_pct"} <= set(figs):
        return None
    total, change, pct = (figs[k] for k in ("income_total", "income_total_change",
                                            "income_total_change_pct"))
    base = total.value - change.value
    if base <= 0:
        return None
    ops = [CheckOperand(figure=k, value=f.value, page=f.citation.page, bbox=f.citation.bbox,
                        quote=f.citation.quote) for k, f in
           (("income_total", total), ("income_total_change", change),
            ("income_total_change_pct", pct))]
    pct_text = next((t for v, s, e in find_numbers(pct.citation.quote)
                     if abs(abs(v) - abs(pct.value)) < 1e-9
                     for t in [pct.citation.quote[s:e]]), f"{pct.value:.2f}")
    return _result("narrative.change.income_total_change_pct", "change",
                   100 * change.value / base, pct.value, half_unit(decimals(pct_text)),
                   ratio_tolerance(change.value, base, 0.005, 0.01), ops,
                   f"叙述称收入总计 {fmt(total.value)} 万元，增减 {fmt(change.value)} 万元，"
                   f"幅度 {pct_text}%",
                   f"The narrative gives total income {fmt(total.value)}, a change of "
                   f"{fmt(change.value)} or {fmt(pct.value)}%")


def percent_checks(filing: Filing) -> list[CheckResult]:
    """Shares, completion rates and changes stated next to key figures."""
    out: list[CheckResult] = []
    sts = statements(filing)
    for group in sts.values():
        for st in group:
            for result in (share(filing, st, sts), completion(st)):
                if result is not None:
                    out.append(result)
            out.extend(changes(st))
    fig = change_figures(filing)
    if fig is not None:
        out.append(fig)
    return out
