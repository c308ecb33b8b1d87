"""A kind of car a filing counts twice, among the cars it holds and among those its budget
buys: the count the question's words choose (``held_or_bought``). Moved from ``qa.finder``
unchanged."""

from __future__ import annotations

import re
from dataclasses import replace

from budgetlens.index.facts import FactIndex
from budgetlens.qa.finder import _said_before
from budgetlens.qa.wording import Match, fmt

_BOUGHT_RE = re.compile(r"购置|购买|新购|更新")
_BOUGHT_Q_RE = re.compile(r"购置|买|新购|更新")
_HELD_Q_RE = re.compile(r"共有|现有|实有|保有|截至|截止|编制|[下所]属")  # 下属单位的业务用车: the cars they hold


def held_or_bought(index: FactIndex, m: Match, cq: str) -> tuple[Match | None, str | None]:
    """A kind of car counted twice by one filing, among the cars it holds and among those its
    budget buys (截至2025年12月…共有车辆411辆，其中业务用车292辆…；2026年一般公共预算安排购置车辆14辆，
    其中业务用车14辆): the count the question's words choose — 购置 / 买 the one bought, 共有 / 现有 /
    截至 / 下属单位的 the one held — and when they choose neither and the two differ, no count, with a refusal
    naming both. (None, None) when the kind is counted once, or twice alike."""
    f = m.fact
    if f.kind != "sentence" or f.unit != "辆":
        return None, None
    bought = lambda g: bool(_BOUGHT_RE.search(_said_before(g)))  # noqa: E731
    twins = [g for g in index.by_doc.get(f.doc_id, []) if g.kind == "sentence" and g.unit == "辆"
             and g.canon_row == f.canon_row and g.page in (f.page, f.page + 1, f.page - 1)
             and bought(g) != bought(f)]
    if not twins or all(abs(g.value - f.value) < 1e-6 for g in twins):
        return None, None
    if _BOUGHT_Q_RE.search(cq):
        pick = f if bought(f) else twins[0]
    elif _HELD_Q_RE.search(cq):
        pick = twins[0] if bought(f) else f
    else:
        held, new = (twins[0], f) if bought(f) else (f, twins[0])
        return None, (f"文件两处印出“{f.row.strip()}”：现有车辆中{fmt(held.value)}辆，预算安排购置{fmt(new.value)}辆，"
                      "问题没有说是哪一个")
    return (m if pick is f else replace(m, fact=pick, also=[])), None
