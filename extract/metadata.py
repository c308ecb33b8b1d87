"""Who filed a document, for which year, and whether it is a budget or a final account.

- ``doc_type``: how the document names itself: "2023 年度单位决算", "…（部门） 决算公开",
  "2023 年部门预算情况说明", "2023年单位决算公开报告". Title lines (the first lines of
  the document) count more than the body; 决算 wins a tie, because a final account
  quotes its budget ("年初预算") far more than a budget quotes a final account.
- ``fiscal_year``: the year the document is *about*, from those same self-names (a 2023
  决算 published in 2024 is 2023: "报送日期：2024 年 10 月" is never a self-name). A
  title line is read with the next one when it names no year and type alone
  ("2026年深圳市人民政府办公厅部门预" / "算").
- ``entity``: the full name as printed, from 编制单位 / 部门名称 / 单位名称 lines, title
  lines and sentences that open with a name followed by the year; the candidate printed
  most often wins, a longer (full) name on a tie. A trailing "（部门）" is dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from budgetlens.ingest.normalize import fold, nospace
from budgetlens.schemas.document import Document

_ORG = (r"(?:人民政府|委员会|联合会|办事处|办公室|管理局|局|厅|院|中心|馆|所|站|学校|大学|学院|医院|政府"
        r"|协会|委|办|处|署|队)")
_NAME = rf"[\u4e00-\u9fff]{{2,24}}?{_ORG}"
_SELF = re.compile(
    r"(20\d{2})年度?(?:[^，。；:：\d]{0,30}?)(?:部门|单位|[(（]部门[)）])?(决算|预算)"
    r"(?=公开|情况说明|报告|表|$|[(（])"
)
_LABELLED = re.compile(r"(?:编制单位|部门名称|单位名称|部门\(单位\)名称|部门（单位）名称|预算单位|预算主管部门)[:：]?\s*"
                       r"([\u4e00-\u9fff]{3,40})")
_ORG_END = re.compile(rf"^.*{_ORG}")
_BEFORE_YEAR = re.compile(rf"^(?:[(（]?[一二三四五六七八九十\d]+[)）、.]?)?({_NAME})(?:[(（]部门[)）])?\s*(?:20\d{{2}})")
_AFTER_YEAR = re.compile(rf"20\d{{2}}年度?({_NAME})(?:[(（]部门[)）])?(?:部门|单位)?(?:决算|预算)")
_WHOLE_LINE = re.compile(rf"^({_NAME})(?:[(（]部门[)）])?$")
_TITLE_LINES = 15


@dataclass(frozen=True)
class Metadata:
    entity: str | None
    fiscal_year: int | None
    doc_type: str | None  # "final_accounts" | "budget"


def _lines(document: Document) -> list[str]:
    return [nospace(fold(line.text)) for page in document.pages for line in page.lines]


def read_metadata(document: Document) -> Metadata:
    lines = [t for t in _lines(document) if t]
    return Metadata(_entity(lines), *_year_and_type(lines))


def _year_and_type(lines: list[str]) -> tuple[int | None, str | None]:
    types: Counter[str] = Counter()
    years: Counter[int] = Counter()
    for i, line in enumerate(lines):
        weight = 3 if i < _TITLE_LINES else 1
        text = line.replace("[bookmark:", "")
        if i < _TITLE_LINES and i + 1 < len(lines) and not _SELF.search(text):
            text += lines[i + 1]  # a title wrapped over two lines: "2026年…部门预" / "算"
        for m in _SELF.finditer(text):
            years[int(m.group(1))] += weight
            types["final_accounts" if m.group(2) == "决算" else "budget"] += weight
    doc_type = None
    if types:
        doc_type = "final_accounts" if types["final_accounts"] >= types["budget"] else "budget"
    year = years.most_common(1)[0][0] if years else None
    return year, doc_type


def _clean(name: str) -> str:
    return re.sub(r"[(（]部门[)）]$", "", name)


def _entity(lines: list[str]) -> str | None:
    candidates: set[str] = set()
    for i, line in enumerate(lines):
        for m in _LABELLED.finditer(line):
            full = _ORG_END.match(_clean(m.group(1)))  # the value as printed, to its last suffix
            if full:
                candidates.add(full.group(0))
        candidates.update(_clean(m.group(1)) for m in _AFTER_YEAR.finditer(line))
        m = _BEFORE_YEAR.match(line)
        if m:
            candidates.add(_clean(m.group(1)))
        if i < _TITLE_LINES or len(line) <= 20:
            m = _WHOLE_LINE.match(line)
            if m:
                candidates.add(_clean(m.group(1)))
    candidates = {c for c in candidates if len(c) >= 4 and not c.startswith(("本", "我", "其中", "全"))}
    if not candidates:
        return None
    text = "\n".join(lines)
    raw = {c: text.count(c) for c in candidates}
    # a short form inside a longer candidate counts only where it stands alone
    counts = {c: raw[c] - sum(raw[o] for o in candidates if o != c and c in o) for c in candidates}
    return max(candidates, key=lambda c: (counts[c], len(c)))
