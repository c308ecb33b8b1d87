"""The operands a question lists for one body and one year (会议费和培训费加起来, 政府采购中货物类和
工程类, 项目支出比基本支出多多少): as many as it names, each read in its own words, never a
whole together with its own part.

- the words before the list and its 中 / 里 / 的 / comma say where the operands stand
  (政府采购的货物支出和服务支出: 政府采购 is no operand);
- a second operand never reuses the first's words (its column), and comes first from the
  first's own printed row (政府性基金、国有资本经营预算和其他收入: three columns of one row);
- an operand printed as part of another (政府采购支出总额407.45万元，其中政府采购货物支出179.54万元)
  is no pair to add: the whole's words are set aside and the operands read again; when that
  still pairs a whole with its part the question is declined.
"""

from __future__ import annotations

import re

from budgetlens.qa.compute import Match, NotFound, candidate_rows, fmt
from budgetlens.qa.cross_rows import Split
from budgetlens.qa.doubt import unsaid_before
from budgetlens.qa.wholes import listed_whole

# (医疗保障管理事务下的行政运行、…: 下的 says where the parts stand too)
_OF_RE = re.compile(r"(?<![高初集])中(?![心央国共小学医])|里(?!程)|下(?=的)")


def listed_operands(eng, text: str, plan, cq: str, codes, group, year) -> list[tuple[str, Match]]:
    name, ids = group
    op = plan.operation
    if len(set(codes)) >= 2 and op in ("sum", "difference"):
        # 基本养老保险缴费（2080505）和职业年金缴费（2080506）: each class code names its own operand
        by_code = [(name, eng._value(cq, [c], ids, plan, year, single=False)[0]) for c in dict.fromkeys(codes)]
        if len({id(m.fact) for _, m in by_code}) == len(by_code):
            return by_code
    # as many operands as the question lists: 会议费和培训费 → 2; 政府性基金、国有资本经营预算和其他收入 → 3
    wanted = _listed(cq, [], text)
    first_sep = re.search(r"[和与及、]|加(?!起|在|一|到|总)", cq)
    # 政府采购中，货物和工程 / 基本支出里…和…: the words before 中 / 里 say what the listed parts
    # are of (never the 中 of a word: 高中教育, 中医医院, 中心)
    cut = _OF_RE.search(cq) or next(
        (c for c in reversed(list(re.finditer(r"[的，,]", cq))) if first_sep and c.start() < first_sep.start()), None)
    base = [(0, cut.start())] if cut and op in ("sum", "difference") and cut.start() > 0 else []
    # the words before 中 / 里 say where the operands stand, whatever their rows print; those before
    # a 的 or comma must be printed with one of them (未归口管理的行政单位离退休 is no line of 行政单位离退休)
    said = base if base and _OF_RE.search(cq) else []
    operands = _read(eng, text, plan, cq, codes, name, ids, year, base, wanted)
    whole = _whole_of_part([m for _, m in operands])
    if whole is not None and op == "share" and len(operands) == 2:
        # 政府采购里服务类的比重: the whole printed with its part (其中…) is the share asked
        return _all_said(eng, op, cq, operands, said)
    if whole is not None and whole.span[0] >= 0:
        # 政府采购支出总额 matched 政府采购: its words say where the parts stand; read them again
        try:
            again = _read(eng, text, plan, cq, codes, name, ids, year, base + [whole.span], wanted)
        except NotFound:
            again = operands
        if _whole_of_part([m for _, m in again]) is None:
            return _all_said(eng, op, cq, again, said + [whole.span])
        operands = again
    whole = _whole_of_part([m for _, m in operands])
    if whole is not None:
        parts = [m for _, m in operands]
        raise NotFound(f"找到的数中，{whole.label}印出时包含了另一项（其中项），两者不能相加减。",
                       candidate_rows(parts, eng.docs))
    return _all_said(eng, op, cq, operands, said)


def _all_said(eng, op: str, cq: str, operands: list[tuple[str, Match]], said) -> list[tuple[str, Match]]:
    """The operands of a comparison (甲比乙多多少), when the words said before each operand's own are
    printed with it (``doubt.unsaid_before``); else declined: 上缴上级支出比农林水支出少多少 is not
    answered with 支出总计 for the line the filing does not print. A sum's list (政府采购的货物和工程)
    shares the words before it, and a share's 比重 / 之比 is no comparison: both are left as read."""
    if op != "difference" or "比" not in cq:
        return operands
    extra = unsaid_before(cq, [m for _, m in operands], said)
    if extra:
        raise NotFound(f"印出的行中没有写明“{extra}”，所问的一项没有找到。", candidate_rows([m for _, m in operands], eng.docs))
    return operands


def _rows(eng, op: str, *args, **kw) -> list[Match]:
    """One listed operand's number, or, in a sum, the rows of an item printed split by a second
    classification (会议费 under 机关 and under 事业单位: both are added)."""
    try:
        return [eng._value(*args, **kw)[0]]
    except Split as split:
        if op != "sum":
            raise
        return split.rows


def _read(eng, text, plan, cq, codes, name, ids, year, base, wanted) -> list[tuple[str, Match]]:
    op = plan.operation
    operands: list[tuple[str, Match]] = []
    try:
        first = _rows(eng, op, cq, codes, ids, plan, year, exclude=base, single=False)
    except NotFound:
        base = []
        first = _rows(eng, op, cq, codes, ids, plan, year, single=False)
    m1 = first[0]
    operands.extend((name, m) for m in first)
    rows = len(first) - 1  # operands beyond one per item listed
    excl = base + ([m1.span] if m1.span[0] >= 0 else [])
    # a second operand never reuses the first's words (its column), but for a bare 支出 / 收入
    # column word, which the question says as part of another line's name (其他抚恤支出和军队移交
    # …管理机构: the 支出 of the first is no column of the second's table)
    taken = [w for w in m1.words if w == m1.span or cq[w[0]:w[1]] not in ("支出", "收入")]
    while True:
        try:
            second = _rows(eng, op, cq, codes, ids, plan, year, exclude=excl, taken=taken, near=m1.fact, single=False)
        except NotFound:
            break
        m2 = second[0]
        if m2.span[0] < 0 and m1.span[0] < 0:
            break  # a class code names one row: no second operand
        operands.extend((name, m) for m in second)
        rows += len(second) - 1
        excl.append(m2.span)
        taken.extend(m2.words)
        # (支持中小企业发展和管理支出、…、制造业3项: the 和 within a line found lists nothing)
        if op != "sum" or m2.span[0] < 0 or len(operands) - rows >= min(
                wanted, _listed(cq, [m.span for _, m in operands] + base, text)):
            break
    if rows:
        # the items listed are counted, not the rows one of them is printed in
        if len(operands) - rows < _listed(cq, [m.span for _, m in operands] + base, text):
            raise NotFound(f"问题列出的数字只找到{len(operands) - rows}个。",
                           candidate_rows([m for _, m in operands], eng.docs))
        operands.sort(key=lambda x: x[1].span[0])
        return operands
    if len(operands) < 2 and op == "sum" and not re.search(r"[和与及、加]", cq) and _listed(cq, [], text) < 2:
        # (水费、电费、X费三项一共: a list as asked — the compared form drops its 、 — is no one measure)
        plan.operation = "lookup"  # 一共多少: one measure named, its printed total
    elif len(operands) < 2 and op == "share" and "采购" in cq and (total := listed_whole(eng.index, m1)) is not None:
        # 政府采购，服务类占了多大比例 (政府采购 said with the part): the total printed before the part's list
        operands.append((name, total))
    elif len(operands) < 2:
        raise NotFound("问题要两个数字，只找到一个。", candidate_rows([m1], eng.docs))
    elif op == "sum" and len(operands) < _listed(cq, [m.span for _, m in operands] + base, text):
        # 政府性基金、国有资本经营预算和其他收入: a sum of some of the parts named is no answer
        raise NotFound(f"问题列出的数字只找到{len(operands)}个。", candidate_rows([m for _, m in operands], eng.docs))
    operands.sort(key=lambda x: x[1].span[0])
    return operands


def _whole_of_part(ms: list[Match]) -> Match | None:
    """The operand printed as the whole another operand is part of (政府采购支出总额407.45万元，
    其中政府采购货物支出179.54万元 → the first), or None."""
    for a in ms:
        for b in ms:
            if a is b or a.fact.doc_id != b.fact.doc_id or a.fact.kind not in ("sentence", "figure"):
                continue
            q = a.fact.quote or ""
            own = [p for p in (fmt(a.fact.value), f"{a.fact.value:.2f}") if p in q]
            i = q.find(own[0]) if own else -1
            j = q.find("其中", i) if i >= 0 else -1
            if j >= 0 and b.fact.value < a.fact.value and any(
                    p in q[j:] for p in (fmt(b.fact.value), f"{b.fact.value:.2f}")):
                return a
    return None


def _listed(cq: str, spans, text: str = "") -> int:
    """How many measures a question lists (会议费和培训费 → 2; 政府性基金、国有资本经营预算和其他收入
    → 3): its 和 / 与 / 及 / 加 outside the words an operand matched (对个人和家庭的补助), and the
    enumeration commas (、) of the question as asked (the compared form drops them), plus one — or
    the count it states (三项), if more."""
    # (公务接待费与会议费之和: the 和 of 之和 / 总和 asks the sum, it lists nothing)
    # (加一块 / 加到一起 / 加总 ask the sum too)
    seps = [m.start() for m in re.finditer(r"(?<![之总])和|[与及、]|加(?!起|在|一|到|总)", cq)]
    n = 1 + sum(1 for i in seps if not any(a <= i < b for a, b in spans if a >= 0)) + text.count("、")
    # 行政单位医疗、事业单位医疗和公务员医疗补助三项: the count the question states, at the least
    said = _COUNT_SAID_RE.search(text)
    return max(n, _COUNT[said.group(1)]) if said else n


_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_COUNT_SAID_RE = re.compile(r"(?<![第一])([两二三四五六七八九十])(?:项|样|块|者)")
