"""What a printed row names beside its words: the side it is of (支出 / 收入), a fund's total
(一般公共预算支出 as the 合计 row of the table titled with it) and a unit's own row in its
department's table (广州市流溪河流域管理中心 under 广州市水务局)."""

from __future__ import annotations

import re

from budgetlens.index.facts import canon



def _other_side(row: str, rc: str, cq: str) -> bool:
    """A row whose printed name says the other side than the question's words it matched:
    国有资本经营预算支出 (canon 国有资本经营) for 国有资本经营预算收入是多少 — 支出 is cut off the
    label when compared, but the row is spending, the question asks income."""
    i = cq.find(rc)
    after = cq[i + len(rc):i + len(rc) + 4] if i >= 0 else ""
    for side, other in (("收入", "支出"), ("支出", "收入")):
        if re.search(rf"{other}$", row.strip()) and re.match(rf"(?:预算|决算)?{side}", after):
            return True
    return False


_FUND_SIDE_RE = re.compile(r"(?:一般公共预算|政府性基金预算|国有资本经营预算|财政拨款)(?:拨款)?(?:收入|支出)")


def _fund_total(cq: str, title: str) -> str:
    """The fund and side a question names (一般公共预算支出) when a table's title prints them
    (一般公共预算支出情况表): that table's 合计 row is the fund's total; "" otherwise."""
    t = canon(title or "")
    return next((w for w in _FUND_SIDE_RE.findall(cq) if w in t), "")


def _unit_row(rc: str, entity: str) -> str:
    """A row naming a unit, less the place its department's name starts with
    (广州市流溪河流域管理中心 under 广州市水务局 → 流溪河流域管理中心); "" when that leaves fewer
    than four characters or the row names no place of the department's."""
    m = re.match(r"^(.{2,8}?[省市区县])", rc)
    sub = rc[len(m.group(1)):] if m and canon(entity).startswith(m.group(1)) else ""
    return sub if len(sub) >= 4 and not canon(entity).endswith(sub) else "\x00"


def _names_subunit(row: str, entity: str, unit: str) -> bool:
    """A row naming the body ``unit`` (工程管理中心): the words before it are its department's
    name or an end of it (市建筑工务署工程管理中心), never another qualifier
    (市建筑工务署文体和水务工程管理中心 is another body)."""
    r, u = canon(row), canon(unit)
    i = r.find(u)
    if i < 0:
        return False
    # 2026信访接待中心运行费 / 2026年度…: the year a label starts with says when, not whose
    before = re.sub(r"^20\d\d年?度?", "", r[:i])
    # 广州市流溪河流域管理中心 under 广州市水务局: the place the department's name starts with
    # 湖州市财政票据管理中心 under 湖州市财政局: its department's name less the body word it ends with
    stem = re.sub(r"(?:局|委员会|委|厅|办公室|办|署)$", "", canon(entity))
    return not before or canon(entity).endswith(before) or (
        canon(entity).startswith(before) and bool(re.fullmatch(r".{2,8}?[省市区县]", before))) or (
        len(before) >= 4 and before == stem)
