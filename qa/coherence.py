"""Whether a computation's operands can be computed together (``incoherent``): a computed
answer is only as right as the least sure of its operands, and some pairs are wrong whatever
each operand's own match — those are declined with what was found, never computed.

- a rate (%) with an amount or a count, in a sum, difference, share or change;
- a change between years read from filings of two kinds (one year's 预算, the other's 决算)
  or two scopes (部门 / 单位), unless the question names both kinds: a budget against the year
  before's final account is no year-on-year change;
- one body's sum, difference or share of one year whose operands stand in different years,
  or in a 预算 and a 决算;
- a sum of a class and a class under it (20805 with 2080505): the part is counted twice;
- a share of a class in another class it is not part of (2080505 in 20101);
- a change whose two years differ a thousandfold or more: one of the two is printed in
  another unit (元 / 万元) or is another measure;
- bodies compared (or added) by numbers whose matched words have nothing in common (no
  pair of characters, no class code): each body's number is of another measure.
"""

from __future__ import annotations

from budgetlens.index.facts import bigrams
from budgetlens.qa.compute import Match, convert

# a year-on-year change this large is a unit or a measure read wrong, not a change
_FACTOR = 1000.0


def _year(m: Match, docs) -> int | None:
    """The year an operand's figure is of: its own, or its filing's (the year before for 上年)."""
    f, d = m.fact, docs[m.fact.doc_id]
    if f.year and f.year > 0:
        return f.year
    if f.year == -1:
        return (d.fiscal_year or 1) - 1
    return d.fiscal_year


def _kind(m: Match, docs) -> str:
    return docs[m.fact.doc_id].doc_type or ""


def incoherent(op: str, operands: list[Match], docs, norm: str = "", kinds_compared: bool = False,
               bodies: list[str] | None = None) -> str | None:
    """Why these operands may not be computed together for ``op``, or None.

    ``norm``: the question as read (one that names both 预算 and 决算 compares them);
    ``kinds_compared``: the question compares a year's 决算 with its 预算, whatever its words;
    ``bodies``: the body each operand was read for, as resolved (a body's filings may print its
    name in more than one way), else each operand's filing's entity."""
    kinds_compared = kinds_compared or ("预算" in norm and "决算" in norm)
    if op == "lookup" or len(operands) < 2:
        return None
    units = {"%" if m.fact.unit == "%" else ("count" if m.fact.unit in ("辆", "台", "人", "个", "平方米") else "amount")
             for m in operands}
    if len(units) > 1:
        return "找到的数中有的是比率（%）或数量，有的是金额，不能放在一起计算"
    years = [_year(m, docs) for m in operands]
    kinds = [_kind(m, docs) for m in operands]
    one_body = len(set(bodies or [docs[m.fact.doc_id].entity for m in operands])) == 1
    if op in ("change", "change_pct") or (op in ("difference", "sum") and len(set(years)) > 1):
        if len(set(years)) > 1 and len(set(kinds)) > 1 and not kinds_compared:
            return "两年的数一个取自预算、一个取自决算，不是同一口径的逐年变化"
        scopes = {docs[m.fact.doc_id].scope for m in operands}
        if len(set(years)) > 1 and len(scopes) > 1 and one_body and "本级" not in norm:
            return "两年的数取自不同范围的文件（部门 / 单位），不是同一口径的逐年变化"
        if op in ("change", "change_pct"):
            wan = [convert(m.fact.value, m.fact.unit, "万元") for m in operands]
            lo = min((abs(v) for v in wan if v is not None), default=0)
            hi = max((abs(v) for v in wan if v is not None), default=0)
            if lo > 0 and hi / lo >= _FACTOR:
                return "两年的数相差上千倍，可能一个印作元、一个印作万元，或不是同一项"
        return None
    if not one_body:
        printed_codes = {m.fact.code for m in operands}
        said = [bigrams(m.label) for m in operands]
        if not (len(printed_codes) == 1 and "" not in printed_codes) and all(said) and not set.intersection(*said):
            return "各单位找到的数名称不同（" + "、".join(dict.fromkeys(m.label for m in operands)) + "），不是同一项"
    if one_body and op in ("sum", "difference", "share"):
        if len(set(years)) > 1:
            return "找到的数不是同一年度的"
        if len(set(kinds)) > 1 and not kinds_compared:
            return "找到的数一个取自预算、一个取自决算，不是同一口径"
    codes = [m.fact.code for m in operands if m.fact.code]
    if op == "sum" and len(codes) == len(operands) and any(
            a != b and b.startswith(a) for a in codes for b in codes):
        return "找到的几项中，一项是另一项的下级科目，相加会重复计算"
    if op == "share" and len(codes) == 2 and not (codes[0].startswith(codes[1]) or codes[1].startswith(codes[0])):
        return "找到的部分和整体是两个互不包含的科目，算不出所占比重"
    return None
