"""Checks on the narrative's line statements (``Filing.statements``).

Each rule takes statements the narrative makes for one line and tests what they claim:

- ``line.change``: "2025年 A 万元 … 2026年 B 万元，比上年增加 C 万元" → C against B − A;
- ``line.change_pct``: "… 增加 C 万元，增长 Z%" → Z against C / (B − C) (or C / A when A is
  stated; B − A when C is not), a % judged against the exact quotient of the printed
  numbers, with half a unit of its last digit plus what the operands' rounding can move it;
- ``line.share``: "其中：基本支出 X 万元，占 Y%" → Y against X over the whole the sentence
  names (the amount before 其中, or a line 占…的 names in the same paragraph);
- ``line.completion``: "年初预算 A 万元，支出决算 B 万元，完成年初预算的 Y%" → Y against B / A;
- ``line.composition``: parts stated after 其中 that make up a known whole (基本 = 人员 +
  公用, 收入 = 本年收入 + 上年结转, 三公 = 出国 + 公务用车 + 接待, 支出 = 基本 + 项目)
  against the whole;
- ``line.repeat``: a line's amount stated again later (same code, measure, year, scope)
  against its first statement; a line is one by its printed code, or by a name with its
  level (…（项）) that labels exactly one row of the function tables, whose cell is shown;
- ``line.table``: an amount stated for a function code (B03/B05/T03/T05 rows) or an
  economic code (B06/T06) — printed, or a name that is the label of exactly one row —
  against that row's 合计 — or against the row's own column when the subject names a part
  of the line ("行政运行（2010101）基本支出 100 万元" → 基本支出; a part no table prints, such as
  一般公共预算拨款, is compared with nothing), and, when the sentence names the line under a
  款 ("人大事务（款）行政运行（项）"), only with a row under that 款; a stated 财政拨款收、支总预算
  against the fiscal-grant table's 总计 (B04/T04);
- ``line.compared_year``: a change must be against the year before the filing's
  (a 2026 budget comparing itself with "2026年预算" is wrong).

Differences are shown in the unit the narrative printed (元 stays 元).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from budgetlens.checks.core import Qty, TableView, operand_from
from budgetlens.checks.line_rows import part_of_line, part_word, row_for
from budgetlens.checks.names import fmt
from budgetlens.checks.percent import _result as percent_result
from budgetlens.checks.tolerance import grade_sum, half_unit, ratio_tolerance
from budgetlens.ingest.normalize import decimals, find_numbers, fold
from budgetlens.schemas.filing import CheckResult, Filing, Statement

_AMOUNTS = ("budget", "actual", "prior_year")
_SCOPE = re.compile(r"一般公共预算|政府性基金|国有资本经营|财政拨款")
_KEY_DROP = re.compile(r"[“”\"'‘’()（）\s]|预算|决算|执行数|本年度?|当年|年初|合计|总计|总额|数$|的$|(?<=费)支出$")
_GENERIC_DROP = re.compile(r"部门|单位|本年|当年|全部|本部门|全年|预算|决算|的|总额|合计|总计|总|[“”\"]")
_FAMILIES: list[tuple[str, frozenset[str]]] = [
    ("基本支出", frozenset({"人员经费", "公用经费"})),
    ("收入", frozenset({"本年收入", "上年结转"})),
    ("三公经费", frozenset({"因公出国(境)费", "公务用车购置及运行维护费", "公务接待费"})),
    ("公务用车购置及运行维护费", frozenset({"公务用车购置费", "公务用车运行维护费"})),
    ("支出", frozenset({"基本支出", "项目支出"})),
]
_FAMILY_KEY = [(re.compile(p), k) for p, k in [
    (r"人员经费", "人员经费"), (r"公用经费", "公用经费"), (r"本年收入", "本年收入"),
    (r"上年结转", "上年结转"), (r"出国", "因公出国(境)费"), (r"购置及运行", "公务用车购置及运行维护费"),
    (r"公务接待", "公务接待费"), (r"公务用车购置费|车辆购置", "公务用车购置费"),
    (r"公务用车运行", "公务用车运行维护费"), (r"基本支出", "基本支出"), (r"项目支出", "项目支出")]]
_FUNCTION_TABLES = {"budget": (["B05", "B10"], ["B03"]), "final_accounts": (["T05"], ["T03"])}
_ECONOMIC_TABLES = {"budget": ["B06", "B11"], "final_accounts": ["T06"]}
_LEVEL = re.compile(r"[(（](?:类|款|项)[)）]")
# 财政拨款收、支总预算 / 财政拨款收入支出决算总计: the grand total of the fiscal-grant table
_FISCAL_TOTAL = re.compile(r"^财政拨款收入?[、和及与]?支出?(?:预算|决算)?总(?:计|预算|决算)$"
                           r"|^财政拨款收入(?:预算|决算)?总计$")


def line_key(subject: str) -> str:
    """The line a subject names, for matching: quotes, brackets, 预算/决算 dropped."""
    return _KEY_DROP.sub("", subject)


def _id(kind: str, st: Statement) -> str:
    """A check id that names the line and its page, not an extraction counter:
    ``line.change_pct.p5.2010101`` (made unique with ``#2`` … by ``line_checks``)."""
    return f"line.{kind}.p{st.citation.page}.{st.code or line_key(st.subject)[:24] or '-'}"


def _printed_half(st: Statement) -> float:
    """Rounding half-unit of the printed number, in 万元 for amounts."""
    quote = fold(st.citation.quote)
    places = None
    if st.citation.span:
        piece = quote[st.citation.span[0]:st.citation.span[1]]
        places = decimals(piece) if find_numbers(piece) else None
    half = half_unit(places if places is not None else 2)
    return half * (1e4 if st.unit == "亿元" else 1e-4 if st.unit == "元" else 1.0)


def _qty(st: Statement, what: str = "") -> Qty:
    value = st.value_wan if st.value_wan is not None else st.value
    name = f"叙述{st.subject or st.code or ''}{what}"
    op = operand_from(st.citation, st.value, key=st.code)
    return Qty(value, _printed_half(st), op, name, name)


def _show(value_wan: float, unit: str) -> str:
    """An amount in the unit the narrative printed it in."""
    if unit == "元":
        return f"{fmt(value_wan * 1e4)} 元"
    if unit == "亿元":
        return f"{fmt(value_wan / 1e4)} 亿元"
    return f"{fmt(value_wan)} 万元"


_KIND_EN = {"叙述增减额核对": "change stated in the narrative", "叙述构成核对": "parts stated in the narrative",
            "叙述前后核对": "the narrative against itself", "叙述与表格核对": "the narrative against the table"}


def _amount_result(check_id: str, kind_zh: str, expected: float, stated: Qty, parts: list[Qty],
                   unit: str, detail: str, strict: bool = True, detail_en: str = "") -> CheckResult:
    difference = stated.value - expected
    tolerance = stated.half + sum(p.half for p in parts)
    grade = grade_sum(difference, tolerance, max(abs(expected), 1.0))
    last_digit = grade.status == "fail" and abs(difference) <= stated.half + tolerance + 1e-9
    if (not strict or last_digit) and grade.status == "fail":
        grade = grade.__class__("warn", "warning")
    verdict = {"pass": "一致。", "warn": f"相差 {_show(abs(difference), unit)}，在四舍五入范围内。",
               "fail": f"相差 {_show(abs(difference), unit)}，超出四舍五入可解释的范围。"}[grade.status]
    if last_digit:
        verdict = f"相差 {_show(abs(difference), unit)}，末位相差一个单位（进位不一致），请核对。"
    elif not strict and abs(difference) > tolerance:
        verdict = f"相差 {_show(abs(difference), unit)}，口径可能不同，请人工核对。"
    gap = _show(abs(difference), unit)
    verdict_en = {"pass": "they agree.", "warn": f"a difference of {gap}, within rounding.",
                  "fail": f"a difference of {gap}, more than rounding explains."}[grade.status]
    if last_digit:
        verdict_en = f"a difference of {gap}, one unit of the last printed digit: check the rounding."
    elif not strict and abs(difference) > tolerance:
        verdict_en = f"a difference of {gap}; perhaps another scope, check by hand."
    ops = [stated.operand, *[p.operand for p in parts]]
    return CheckResult(
        check_id=check_id, kind="line", status=grade.status, severity=grade.severity,
        expected=round(expected, 6), actual=round(stated.value, 6),
        difference=round(difference, 6), tolerance=round(tolerance, 6),
        message=f"{kind_zh}：{detail}，{verdict}",
        message_en=f"{_KIND_EN.get(kind_zh, kind_zh)}: {detail_en or detail}: {verdict_en}",
        operands=ops, pages=sorted({o.page for o in ops if o.page is not None}))


def _groups(sts: list[Statement]) -> dict[int, list[Statement]]:
    out: dict[int, list[Statement]] = defaultdict(list)
    for st in sts:
        out[st.group].append(st)
    return out


def _current(group: list[Statement], before: Statement | None = None) -> Statement | None:
    """The group's amount for its own year: the first budget / actual; with ``before``, the
    last one stated before it ("年初预算165.76万元，支出决算97.58万元，…较上年减少…" is a
    change of the 决算)."""
    found = None
    for st in group:
        if before is not None and st is before:
            return found
        if st.measure in ("budget", "actual"):
            if before is None:
                return st
            found = st
    return found


def change_checks(filing: Filing, groups: dict[int, list[Statement]]) -> Iterable[CheckResult]:
    for group in groups.values():
        prior = next((s for s in group if s.measure == "prior_year"), None)
        change = next((s for s in group if s.measure == "change"), None)
        pct = next((s for s in group if s.measure == "change_pct"), None)
        first = change or pct
        current = _current(group, first) if first is not None else None
        if current is None or (current.value_wan is None):
            continue
        if change is not None and prior is not None and prior.value_wan is not None:
            expected = current.value_wan - prior.value_wan
            stated = _qty(change, "增减额")
            if change.value_wan is not None and (change.value_wan < 0) != (expected < 0) \
                    and abs(change.value_wan) != 0:
                stated = Qty(abs(stated.value) if expected >= 0 else -abs(stated.value),
                             stated.half, stated.operand, stated.name_zh, stated.name_en)
            yield _amount_result(
                _id("change", change), "叙述增减额核对", expected, stated,
                [_qty(current), _qty(prior)], change.unit,
                f"{current.subject or current.code} {_show(current.value_wan, current.unit)}，"
                f"上年 {_show(prior.value_wan, prior.unit)}，差为 {_show(expected, change.unit)}，"
                f"叙述称增减 {_show(abs(change.value_wan or 0), change.unit)}",
                detail_en=f"{current.subject or current.code} {_show(current.value_wan, current.unit)}, "
                f"the year before {_show(prior.value_wan, prior.unit)}, a difference of "
                f"{_show(expected, change.unit)}; the narrative states a change of "
                f"{_show(abs(change.value_wan or 0), change.unit)}")
        if pct is None:
            continue
        if change is not None and change.value_wan is not None:
            amount, amount_half = abs(change.value_wan), _printed_half(change)
            if prior is not None and prior.value_wan is not None:
                base, base_half = prior.value_wan, _printed_half(prior)
            else:
                up = (pct.value >= 0) if change.value_wan == abs(change.value_wan) else False
                base = current.value_wan - amount if (change.value_wan > 0 or up) else current.value_wan + amount
                base_half = _printed_half(current) + amount_half
        elif prior is not None and prior.value_wan is not None:
            amount = abs(current.value_wan - prior.value_wan)
            amount_half = _printed_half(current) + _printed_half(prior)
            base, base_half = prior.value_wan, _printed_half(prior)
        else:
            continue
        if base <= 0:
            continue
        computed = 100 * amount / base
        printed = abs(pct.value)
        ops = [_qty(current).operand, _qty(pct, "增减幅度").operand]
        if change is not None:
            ops.insert(1, _qty(change).operand)
        if prior is not None:
            ops.insert(1, _qty(prior).operand)
        name = current.subject or current.code or ""
        yield _kind(percent_result(
            _id("change_pct", pct), "line", computed, printed, _pct_half(pct),
            ratio_tolerance(amount, base, amount_half, base_half), ops,
            f"叙述称{name}增减 {_show(amount, (change or current).unit)}、幅度 {_as_printed(pct)}%"
            f"（基数 {_show(base, current.unit)}）",
            f"The narrative gives {name} a change of {fmt(amount)} or {fmt(printed)}% (base {fmt(base)})"))


def completion_checks(groups: dict[int, list[Statement]]) -> Iterable[CheckResult]:
    """"年初预算 A 万元，支出决算 B 万元，完成年初预算的 Y%" → Y against B / A."""
    for group in groups.values():
        for st in group:
            if st.measure != "completion":
                continue
            before = group[:group.index(st)]
            budget = next((s for s in reversed(before) if s.measure == "budget"), None)
            actual = next((s for s in reversed(before) if s.measure == "actual"), None)
            if budget is None or actual is None or not budget.value_wan or actual.value_wan is None:
                continue
            computed = 100 * actual.value_wan / budget.value_wan
            name = actual.subject or actual.code or ""
            yield _kind(percent_result(
                _id("completion", st), "line", computed, st.value, _pct_half(st),
                ratio_tolerance(actual.value_wan, budget.value_wan, _printed_half(actual),
                                _printed_half(budget)),
                [_qty(budget).operand, _qty(actual).operand, _qty(st, "完成率").operand],
                f"叙述称{name}预算 {_show(budget.value_wan, budget.unit)}、决算 "
                f"{_show(actual.value_wan, actual.unit)}，完成预算的 {_as_printed(st)}%",
                f"The narrative gives {name} budget {fmt(budget.value_wan)}, actual "
                f"{fmt(actual.value_wan)}, {fmt(st.value)}% of budget"))


def _as_printed(st: Statement) -> str:
    """A stated number as the narrative prints it ("9.0", not 9), for the message."""
    quote = fold(st.citation.quote)
    if st.citation.span:
        piece = quote[st.citation.span[0]:st.citation.span[1]].strip()
        if find_numbers(piece):
            return piece.lstrip("+-")
    return fmt(abs(st.value))


def _pct_half(st: Statement) -> float:
    quote = fold(st.citation.quote)
    if st.citation.span:
        return half_unit(decimals(quote[st.citation.span[0]:st.citation.span[1]]))
    return half_unit(2)


def _kind(result: CheckResult) -> CheckResult:
    return result.model_copy(update={"kind": "line"})


def _whole_for(st: Statement, sts: list[Statement], groups: dict[int, list[Statement]]
               ) -> Statement | None:
    """The amount a share is of: the named line in the paragraph, else the whole before 其中."""
    parent = groups.get(st.parent) if st.parent is not None else None
    parent_amount = _current(parent) if parent else None
    named = line_key(st.share_of or "")
    if _GENERIC_DROP.sub("", st.share_of or "") in ("", "支出", "收入"):
        if parent_amount is not None or st.share_of:
            return parent_amount  # 占部门预算总支出的 / 占 X%: the whole before 其中
        return _total_before(st, sts, groups)
    if parent_amount is not None and (named in line_key(parent_amount.subject)
                                      or line_key(parent_amount.subject) in named):
        return parent_amount
    page = st.citation.page
    candidates = [s for s in sts if s.measure in ("budget", "actual") and s.group != st.group
                  and s.year == st.year and abs(s.citation.page - page) <= 1
                  and line_key(s.subject) == named]
    values = {round(s.value_wan or 0, 6) for s in candidates}
    return candidates[0] if len(values) == 1 else None


def _total_before(st: Statement, sts: list[Statement], groups: dict[int, list[Statement]]
                  ) -> Statement | None:
    """The whole of an unnamed share stated with no 其中, when the part opens its sentence:
    the 合计 / 总计 of the same side (收入 or 支出) the sentence before opens with ("…收入预算
    合计 106,428万元，包括…。" then "本年一般公共预算收入38,420万元，占36.1%；…")."""
    part = _current(groups[st.group])
    if part is None:
        return None
    at = next(i for i, s in enumerate(sts) if s is part)
    opening = next((s for s in sts[:at] if s.citation.quote == part.citation.quote
                    and s.citation.page == part.citation.page), None)
    if opening is not None:
        # "本年一般公共预算收入…，占36.1%；本年政府性基金预算收入…，占63.71%": the parts
        # after the opening one share its whole; with no share of its own it names none
        share = next((s for s in groups[opening.group] if s.measure == "share"), None)
        if share is None or share.share_of or opening.parent is not None:
            return None
        return _total_before(share, sts, groups)
    side = "收入" if "收入" in part.subject else "支出" if "支出" in part.subject else None
    last = next((s for s in reversed(sts[:at]) if s.measure in ("budget", "actual")), None)
    if side is None or last is None or part.citation.page - last.citation.page > 1:
        return None
    # the amount the sentence before opens with ("…收入预算合计 106,428万元，包括…")
    before = next(s for s in sts if s.citation.quote == last.citation.quote
                  and s.citation.page == last.citation.page)
    if side in before.subject and re.search(r"合计|总计", before.subject) and "上年" not in before.subject:
        return before
    return None


def share_checks(sts: list[Statement], groups: dict[int, list[Statement]]) -> Iterable[CheckResult]:
    for st in sts:
        if st.measure != "share":
            continue
        part = _current(groups[st.group], st)
        whole = _whole_for(st, sts, groups)
        if part is None or whole is None or part is whole or not whole.value_wan \
                or part.value_wan is None:
            continue
        computed = 100 * part.value_wan / whole.value_wan
        printed = st.value
        name = part.subject or part.code or ""
        ops = [_qty(part).operand, _qty(whole).operand, _qty(st, "占比").operand]
        if part.unit != whole.unit and whole.value and abs(100 * part.value / whole.value - printed) \
                <= _pct_half(st) + ratio_tolerance(part.value, whole.value, 0.005, 0.005):
            yield _unit_slip(_id("share", st), whole, part, ops)
            continue
        yield _kind(percent_result(
            _id("share", st), "line", computed, printed, _pct_half(st),
            ratio_tolerance(part.value_wan, whole.value_wan, _printed_half(part), _printed_half(whole)),
            ops,
            f"叙述称{name} {_show(part.value_wan, part.unit)}占{whole.subject or '总额'} "
            f"{_show(whole.value_wan, whole.unit)}的 {_as_printed(st)}%",
            f"The narrative gives {name} {fmt(part.value_wan)} as {fmt(printed)}% of "
            f"{fmt(whole.value_wan)}"))


def _unit_slip(check_id: str, odd: Statement, other: Statement, ops: list) -> CheckResult:
    """Two amounts of one sentence that agree only when read in the same unit: the unit of
    one of them is misprinted ("预算支出1682.76元，其中基本支出预算1208.20万元，占71.80%")."""
    return CheckResult(
        check_id=check_id, kind="line", status="fail", severity="error",
        expected=other.value, actual=odd.value,
        message=f"叙述称{odd.subject} {fmt(odd.value)}{odd.unit}，而{other.subject} 为 "
                f"{fmt(other.value)}{other.unit}：两者按同一单位计算才与所述比例或构成一致，"
                f"“{odd.unit}”疑为“{other.unit}”之误。",
        message_en=f"The narrative prints {odd.subject} as {fmt(odd.value)} {odd.unit} next to "
                   f"{other.subject} {fmt(other.value)} {other.unit}; they agree only in the same "
                   f"unit, so one unit looks misprinted.",
        operands=ops, pages=sorted({o.page for o in ops if o.page is not None}))


def _family_key(subject: str) -> str | None:
    for pattern, key in _FAMILY_KEY:
        if pattern.search(subject):
            return key
    return None


def composition_checks(groups: dict[int, list[Statement]]) -> Iterable[CheckResult]:
    children: dict[int, list[Statement]] = defaultdict(list)
    for group in groups.values():
        amount = _current(group)
        if amount is not None and amount.parent is not None:
            children[amount.parent].append(amount)
    for g, parts in children.items():
        whole = _current(groups.get(g, []))
        if whole is None or whole.value_wan is None:
            continue
        keys = {_family_key(p.subject) for p in parts}
        if None in keys or len(keys) != len(parts):
            continue
        family = next((name for name, members in _FAMILIES if keys == members), None)
        if family is None or not any(w in whole.subject for w in (family[:2], family)):
            continue
        expected = sum(p.value_wan or 0 for p in parts)
        units = {p.unit for p in parts}
        if units != {whole.unit} and len(units) == 1 and abs(sum(p.value for p in parts) - whole.value) \
                <= 0.005 * (len(parts) + 1) + 1e-9:
            yield _unit_slip(_id("composition", whole), whole, parts[0],
                             [_qty(whole).operand, *[_qty(p).operand for p in parts]])
            continue
        yield _amount_result(
            _id("composition", whole), "叙述构成核对", expected, _qty(whole), [_qty(p) for p in parts],
            whole.unit, f"{' + '.join(f'{p.subject} {_show(p.value_wan or 0, p.unit)}' for p in parts)}"
            f" = {_show(expected, whole.unit)}，叙述称{whole.subject} {_show(whole.value_wan, whole.unit)}",
            detail_en=f"{' + '.join(f'{p.subject} {_show(p.value_wan or 0, p.unit)}' for p in parts)}"
            f" = {_show(expected, whole.unit)}; the narrative states {whole.subject} as "
            f"{_show(whole.value_wan, whole.unit)}")


def _scope(st: Statement) -> str:
    quote = st.citation.quote
    head = quote[:st.citation.span[0]] if st.citation.span else quote
    found = _SCOPE.findall(head + " " + st.section.split(" / ")[-1])
    return found[-1] if found else ""


def repeat_checks(sts: list[Statement], filing: Filing | None = None) -> Iterable[CheckResult]:
    """A line's amount stated again later against its first statement.

    A line is one by its printed code, or by a name carrying its level that is the label
    of exactly one coded row of the function tables ("机关事业单位职业年金缴费支出（项）"
    when 2080506 is the only row so named): "…（项）。年初预算 4.41 万元，支出决算 3.84 万元"
    then "其中，机关事业单位职业年金缴费支出（项）支出 4.84 万元" → fail, 4.84 against
    3.84, with the table's cell (公开05表 2080506 合计 3.84) beside them."""
    views = _function_views(filing) if filing is not None else []
    first: dict[tuple, Statement] = {}
    for st in sts:
        if st.measure not in _AMOUNTS or st.value_wan is None or not st.subject:
            continue
        # 办公费, 项目支出, “三公”经费: the same name is stated again for each unit or under
        # another 款, so only a printed code, or a levelled name of one row, is one line
        code = st.code or (_named_code(views, st) if _LEVEL.search(st.subject) else None)
        if not code:
            continue
        key = (code, st.measure, st.year, _scope(st), part_word(st))
        if key not in first:
            first[key] = st
            continue
        ref = first[key]
        if ref.citation.quote == st.citation.quote:
            continue
        cell = next((q for v in views if (q := _cell_of(v, code)) is not None), None)
        shown = f"；{cell.name_zh} 为 {_show(cell.value, st.unit)}" if cell is not None else ""
        result = _amount_result(
            _id("repeat", st), "叙述前后核对", ref.value_wan or 0, _qty(st), [_qty(ref)], st.unit,
            f"{st.subject}（{code}）第 {ref.citation.page} 页称 {_show(ref.value_wan or 0, ref.unit)}，"
            f"第 {st.citation.page} 页又称 {_show(st.value_wan, st.unit)}{shown}", strict=True,
            detail_en=f"{st.subject} ({code}) is {_show(ref.value_wan or 0, ref.unit)} on page "
            f"{ref.citation.page} and {_show(st.value_wan, st.unit)} on page {st.citation.page}"
            + (f"; {cell.name_en} is {_show(cell.value, st.unit)}" if cell is not None else ""))
        if cell is not None:
            ops = [*result.operands, cell.operand]
            result = result.model_copy(update={"operands": ops, "pages": sorted(
                {o.page for o in ops if o.page is not None})})
        yield result


def _function_views(filing: Filing) -> list[TableView]:
    """The function-class tables of the filing's kind, the general-budget one first."""
    doc = filing.doc_type or ("budget" if any(t.table_id.startswith("B") for t in filing.tables)
                              else "final_accounts")
    general, whole = _FUNCTION_TABLES.get(doc, _FUNCTION_TABLES["final_accounts"])
    by_id = {t.table_id: t for t in filing.tables if not t.empty}
    return [TableView(by_id[t]) for t in general + whole if t in by_id]


def _named_code(views: list[TableView], st: Statement) -> str | None:
    """The one code whose row the subject's name labels in every function table that has it,
    under the 款 the sentence names when it names one (``line_rows.row_for``): "审计事务（款）
    事业运行（项）支出0万元" is not the 2080150 事业运行 of 人力资源和社会保障管理事务 a
    table prints, and is then no line at all."""
    codes = {code for v in views if (code := row_for(v, st)) is not None}
    return codes.pop() if len(codes) == 1 else None


def _cell_of(view: TableView, code: str) -> Qty | None:
    col = next((c for c in ("total", "amount") if view.cell(code, c)), None)
    return view.qty(code, col, in_wan=True) if col else None


def _basic_scope(st: Statement, groups: dict[int, list[Statement]]) -> bool:
    """Whether an economic-class amount is of 基本支出 (what B06/T06 hold): the whole it is
    stated under, or its sentence before it, says so."""
    parent = _current(groups.get(st.parent, [])) if st.parent is not None else None
    if parent is not None:
        return "基本支出" in parent.subject
    head = st.citation.quote[:st.citation.span[0]] if st.citation.span else ""
    return "基本支出" in head or "基本支出" in st.section.split(" / ")[-1]


def table_checks(filing: Filing, sts: list[Statement]) -> tuple[list[CheckResult], int]:
    """Statements of coded (or uniquely labelled) lines against their table rows."""
    doc = filing.doc_type or ("budget" if any(t.table_id.startswith("B") for t in filing.tables)
                              else "final_accounts")
    want = "budget" if doc == "budget" else "actual"
    views = {t.table_id: TableView(t) for t in filing.tables if not t.empty}
    groups = _groups(sts)
    out: list[CheckResult] = []
    matched = 0
    for st in sts:
        if st.measure != want or st.value_wan is None or (st.year and filing.fiscal_year
                                                          and st.year != filing.fiscal_year):
            continue
        if not st.code and _FISCAL_TOTAL.match(st.subject):
            order, key = ["B04", "T04"], "income.grand_total"
        else:
            key = None
        economic = bool(st.code and st.code.startswith("3"))
        if st.code and st.code.startswith("5"):
            continue
        if economic and not _basic_scope(st, groups):
            continue  # 一般公共预算支出 by economic class includes projects: B06/T06 do not
        if key is not None:
            pass
        elif economic:
            order = _ECONOMIC_TABLES[doc]
        else:
            general, whole = _FUNCTION_TABLES[doc]
            order = general + whole if _scope(st) else whole + general
        part, part_col = part_of_line(st) if key is None and not economic else (False, None)
        if part and part_col is None:
            continue
        cells: list[Qty] = []
        for tid in order:
            view = views.get(tid)
            if view is None:
                continue
            row = key if key is not None and key in view.rows else row_for(view, st) if key is None else None
            if row is None:
                continue
            if part:  # a part of the line: its own column, or nothing to compare
                col = part_col if part_col and view.cell(row, part_col) else None
            else:
                col = next((c for c in ("total", "amount") if view.cell(row, c)), None)
            qty = view.qty(row, col, in_wan=True) if col else None
            if qty is not None:
                cells.append(qty)
        if not cells:
            continue
        matched += 1
        stated = _qty(st)
        best = min(cells, key=lambda q: abs(q.value - stated.value))
        result = _amount_result(
            _id("table", st), "叙述与表格核对", best.value, stated, [best], st.unit,
            f"{st.subject or ''}{'（' + st.code + '）' if st.code else ''} 叙述称 "
            f"{_show(stated.value, st.unit)}，{best.name_zh} 为 {_show(best.value, st.unit)}",
            strict=bool(st.code) or key is not None,
            detail_en=f"the narrative states {st.subject or ''}{' (' + st.code + ')' if st.code else ''} as "
            f"{_show(stated.value, st.unit)}, {best.name_en} is {_show(best.value, st.unit)}")
        out.append(result)
    return out, matched


def compared_year_checks(filing: Filing, sts: list[Statement]) -> Iterable[CheckResult]:
    fy = filing.fiscal_year
    if fy is None:
        return
    bad = [st for st in sts if st.measure in ("change", "change_pct") and st.compared_year is not None
           and st.compared_year >= fy and (filing.doc_type == "budget"
                                           or "预算" not in st.citation.quote)]
    seen: set[str] = set()
    for st in bad:
        if st.citation.quote in seen:
            continue
        seen.add(st.citation.quote)
        op = operand_from(st.citation, st.value)
        yield CheckResult(
            check_id=_id("compared_year", st), kind="line", status="fail", severity="error",
            expected=fy - 1, actual=st.compared_year,
            message=f"{fy} 年{'预算' if filing.doc_type == 'budget' else '决算'}与"
                    f"“{st.compared_year}年”比较（第 {st.citation.page} 页：“{_excerpt(st)}”）："
                    f"上年应为 {fy - 1} 年。",
            message_en=f"A {fy} filing compares itself with {st.compared_year}; the prior year is {fy - 1}.",
            operands=[op], pages=[st.citation.page])


def _excerpt(st: Statement, width: int = 30) -> str:
    """The words of the sentence around the statement's number."""
    quote = st.citation.quote
    if not st.citation.span:
        return quote[:2 * width]
    a, b = st.citation.span
    return ("…" if a > width else "") + quote[max(0, a - width):b + 4] + ("…" if b + 4 < len(quote) else "")


def line_checks(filing: Filing, existing: Iterable[CheckResult] = ()) -> list[CheckResult]:
    """Every check on the narrative's line statements; a % or change another rule has
    already judged on the same sentence is not judged twice."""
    sts = filing.statements
    if not sts:
        return []
    groups = _groups(sts)
    judged = [(op.page, op.quote or "", r.actual) for r in existing
              if r.kind in ("percent", "change") for op in r.operands]
    out: list[CheckResult] = []
    for result in [*change_checks(filing, groups), *share_checks(sts, groups),
                   *completion_checks(groups)]:
        if any(page == op.page and actual is not None and result.actual is not None
               and abs(abs(actual) - abs(result.actual)) < 1e-9 and quote
               and (quote in (op.quote or "") or (op.quote or "") in quote)
               for page, quote, actual in judged for op in result.operands):
            continue  # the same stated % already judged by the key-figure rule
        out.append(result)
    out.extend(composition_checks(groups))
    slips: set[tuple] = set()
    kept: list[CheckResult] = []
    for r in out:  # one misprinted unit is reported once, not by each rule it breaks
        if "疑为" in r.message and r.operands:
            key = (r.operands[0].page, r.operands[0].quote, r.actual)
            if key in slips:
                continue
            slips.add(key)
        kept.append(r)
    out = kept
    out.extend(repeat_checks(sts, filing))
    out.extend(table_checks(filing, sts)[0])
    out.extend(compared_year_checks(filing, sts))
    seen: dict[str, int] = {}
    unique: list[CheckResult] = []
    for r in out:  # run_checks keeps one result per id: two statements must never share one
        n = seen.get(r.check_id, 0) + 1
        seen[r.check_id] = n
        unique.append(r if n == 1 else r.model_copy(update={"check_id": f"{r.check_id}#{n}"}))
    return unique
