"""Which table row (and column) a narrative line statement is of.

- ``row_for``: the row of a printed code, else the one row whose label is the statement's
  name — under the 款 the sentence names, when it names one:
  "政府办公厅（室）及相关机构事务（款）行政运行（项）70万元" → 2010301, never 2010101;
- ``part_of_line``: a part of the line named after it, and the column holding it:
  "行政运行（2010101）基本支出100万元" → (True, "basic"); "…一般公共预算拨款100万元" → (True,
  None): a part no function table prints as a column.
"""

from __future__ import annotations

import re

from budgetlens.checks.core import TableView
from budgetlens.ingest.normalize import fold
from budgetlens.schemas.filing import Statement

_LEVEL = re.compile(r"[(（](?:类|款|项)[)）]")


# the part of a line a subject names after the line's name: "行政运行（2010101）基本支出 100
# 万元" is the row's 基本支出, not its 合计 (None: a part no function table prints as a column)
_PART_COLUMN = [(re.compile(p), c) for p, c in [
    (r"基本支出", "basic"), (r"项目支出", "project"), (r"人员(?:经费|支出)", "personnel"),
    (r"(?:日常)?公用(?:经费|支出)", "public"),
    (r"一般公共预算(?:财政)?拨款|财政拨款|(?:政府性基金|国有资本经营)(?:预算)?(?:财政)?拨款|事业收入|经营收入"
     r"|上年结转|专项(?:业务)?经费", None)]]
_KUAN = re.compile(r"([^()（）\s,，、;；:：。]{2,30}?(?:[(（][^()（）]{1,4}[)）][^()（）\s,，、;；:：。]{0,20}?)?)[(（]款[)）]")


def part_of_line(st: Statement) -> tuple[bool, str | None]:
    """(names a part, its column): the words after the line's name in the subject."""
    label = _LEVEL.sub("", st.subject)
    for pattern, col in _PART_COLUMN:
        m = pattern.search(label)
        if m and m.start() > 0 and re.fullmatch(r"(?:预算|决算)?(?:支出|收入|拨款)?(?:预算|决算)?", label[m.end():]):
            return True, col  # the part's words close the subject, after the line's name
    return False, None


def part_word(st: Statement) -> str:
    """The words of the part a subject names after its line ('' for the whole line):
    "行政运行人员经费" → "人员经费"; two statements of one line are comparable only when they
    are of the same part."""
    label = _LEVEL.sub("", st.subject)
    for pattern, _ in _PART_COLUMN:
        m = pattern.search(label)
        if m and m.start() > 0 and re.fullmatch(r"(?:预算|决算)?(?:支出|收入|拨款)?(?:预算|决算)?", label[m.end():]):
            return m.group(0)
    return ""


def _kuan_of(st: Statement) -> str | None:
    """The 款 the narrative names the line under ("人大事务（款）行政运行（项）"), folded."""
    quote = st.citation.quote[:st.citation.span[0]] if st.citation.span else st.citation.quote
    found = list(_KUAN.finditer(fold(quote).replace(" ", "")))
    if not found:
        return None
    name = re.split(r"[(（]类[)）]", found[-1].group(1))[-1]
    return re.sub(r"^(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）.．、]?)", "", name) or None


def row_for(view: TableView, st: Statement) -> str | None:
    """The row a statement is of: its printed code, else the one row its name labels —
    under the 款 the sentence names, when it names one ("政府办公厅（室）及相关机构事务（款）
    行政运行（项）" is 2010301, never the 行政运行 of another 款)."""
    if st.code and st.code in view.rows:
        return st.code
    if st.code:
        return None
    label = _LEVEL.sub("", st.subject)
    keys = [k for k, row in view.rows.items() if row.label and
            fold(row.label).replace(" ", "") == label and re.fullmatch(r"\d{3,7}", k)]
    kuan = _kuan_of(st) if not re.search(r"[(（](?:类|款)[)）]$", st.subject) else None
    if kuan is not None:
        def under(k: str) -> bool:
            if len(k) != 7:
                return True
            parent = view.rows.get(k[:5])
            plabel = fold(parent.label).replace(" ", "") if parent is not None and parent.label else ""
            return bool(plabel) and (kuan in plabel or plabel in kuan)
        keys = [k for k in keys if under(k)]
    return keys[0] if len(keys) == 1 else None
