"""A line's change on the year before as a filing states it: a table's 增减 row or column
(``a_change``), or the narrative's line name and verb (项目支出减少13,586.12万元: ``line_change``).
Moved from ``qa.engine`` unchanged."""

from __future__ import annotations

import re

from budgetlens.index.facts import Fact, canon
from budgetlens.qa.compute import Match, convert
from budgetlens.qa.wording import CARRIED_WORDS, _CHANGE_ROW_RE

# 项目支出减少13,586.12万元: a line's change stated as the line's name and the verb
_LINE_CHANGE_RE = re.compile(r"^(.{2,20}?)(?:比上年|较上年|与上年相比)?(增加|增长|上升|减少|下降|降低|减低)了?$")
# where a paragraph says its changes are on the year before
_ON_YEAR_BEFORE_RE = re.compile(r"(?:比|较|与|同)(?:上年|上一年|去年)|增减变化|增减情况|变动情况")


def a_change(f: Fact) -> bool:
    """A table's number that is a change on the year before (a row or column headed 增减 /
    增减额 / 比上年增减), not a year's amount."""
    return f.kind in ("grid", "cell") and any(
        _CHANGE_ROW_RE.fullmatch(canon(part)) for part in (f.row, (f.col or "").split("|")[-1]) if canon(part))


def line_change(index, m: Match, cq: str = ""):
    """The change on the year before a filing states for the line found, as the line's name and a
    verb (（三）增减变化情况：…比上年减少13,469.96万元 … 2.支出预算减少13,469.96万元，其中基本支出
    增加116.16万元，项目支出减少13,586.12万元 → 项目支出 −13,586.12), with that sentence: the
    sentence, or one of the three before it on its page, must say the changes are on the year
    before (比上年, or the filing's year before by its number: 与2022年度相比 in a 2023 filing),
    and say every fund or part the question ``cq`` names (一般公共预算财政拨款里的项目支出 is not
    the 项目支出 of all funds). Several such statements of the line with different amounts are
    no answer (None)."""
    from budgetlens.ingest.normalize import fold

    f0 = m.fact
    doc = index.docs.get(f0.doc_id) if hasattr(index, "docs") else None
    fy = doc.fiscal_year if doc else None
    before_year = re.compile(rf"(?:比|较|与|同){fy - 1}年") if fy else None
    funds = [w for w in CARRIED_WORDS if w in cq and w not in (m.label or "")]
    names = {canon(w) for w in (m.label, f0.row) if len(canon(w)) >= 2}
    facts = index.by_doc.get(f0.doc_id, [])
    found: dict[float, Fact] = {}
    for k, s in enumerate(facts):
        lm = _LINE_CHANGE_RE.match(re.sub(r"\s", "", s.row or "")) if s.kind == "sentence" else None
        if lm is None or s.unit not in ("万元", "元", "亿元") or canon(lm.group(1)) not in names:
            continue
        before = [g.quote for g in facts[max(0, k - 12):k] if g.page == s.page and g.kind == "sentence"]
        context = [fold(s.quote or "")] + [fold(q or "") for q in list(dict.fromkeys(before))[-3:]]
        if not any(_ON_YEAR_BEFORE_RE.search(t) or (before_year and before_year.search(t)) for t in context):
            continue
        if any(not any(w in t for t in context) for w in funds):
            continue  # the question names a fund or part the statement does not say
        v = convert(s.value, s.unit, f0.unit)
        if v is None:
            continue
        found.setdefault(round(-v if lm.group(2) in ("减少", "下降", "降低", "减低") else v, 6), s)
    if len(found) != 1:
        return None
    (delta, s), = found.items()
    return delta, s
