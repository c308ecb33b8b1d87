"""Who filed a document, for which year, and whether it is a budget or a final account.

- ``doc_type``: how the document names itself: "2023 年度单位决算", "…（部门） 决算公开",
  "2023 年部门预算情况说明", "2023年单位决算公开报告". Title lines (the first lines of
  the document) count more than the body; 决算 wins a tie, because a final account
  quotes its budget ("年初预算") far more than a budget quotes a final account.
- ``fiscal_year``: the year the document is *about*, from those same self-names (a 2023
  决算 published in 2024 is 2023: "报送日期：2024 年 10 月" is never a self-name). A
  title line is read with the next one when it names no year and type alone
  ("2026年深圳市人民政府办公厅部门预" / "算").
- ``entity``: the full name as printed. The cover names the filer first, and its name
  is taken whole, whatever word it ends in: "2026年 / 中国共产党广州市委员会宣传部部门预算",
  "2026年度 / 无锡市住房和城乡建设局（本级） / 单位预算公开", "西安市统计局（汇总） / 2026年
  部门预算公开说明", "预算单位：上海市花卉良种试验场" (the name before 部门/单位 预算 or
  决算, or after a 预算单位 / 部门名称 label). A cover naming no filer (a scan, a table-only
  file) leaves it to 编制单位 / 部门名称 / 单位名称 lines, title lines and sentences that
  open with a name followed by the year; the candidate printed most often wins, a longer
  (full) name on a tie. A trailing "（部门）", "（本级）" or "（汇总）" is dropped (the scope
  is not part of the name), and a value holding 合计 / 小计 / 一般公共预算 is a table's
  header row after a 预算单位 column, never a name.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from budgetlens.ingest.marks import running_marks
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
_COVER_LINES = 6
_PAGE_MARK = re.compile(r"^(?:附件\d*|[-—–]*\d+[-—–]*)$")  # "—1—", "-1-", "附件2" above a cover's title
_FILER = r"(?!部门|单位|市级|区级|县级)([\u4e00-\u9fff（）()]{4,40}?)"
_SCOPE = r"(?:[(（](?:本级|汇总|部门)[)）])?"
_KIND = r"(?:部门|单位)?(?:综合)?(?:预算|决算)"
_COVER_AFTER_YEAR = re.compile(rf"^20\d{{2}}年度?{_FILER}{_SCOPE}{_KIND}")
_COVER_BEFORE_YEAR = re.compile(rf"^{_FILER}{_SCOPE}20\d{{2}}年度?{_KIND}")
_COVER_LABEL = re.compile(r"^(?:预算单位|部门名称|单位名称|部门（单位）名称)[:：]([\u4e00-\u9fff（）()]{4,40})$")
_NOT_A_NAME = re.compile(r"合计|小计|总计|一般公共预|政府性基金|预算|决算|目录")


@dataclass(frozen=True)
class Metadata:
    entity: str | None
    fiscal_year: int | None
    doc_type: str | None  # "final_accounts" | "budget"


def _lines(document: Document) -> list[str]:
    return [nospace(fold(line.text)) for page in document.pages for line in page.lines]


def read_metadata(document: Document) -> Metadata:
    lines = [t for t in _lines(document) if t]
    marks = running_marks(document.pages)  # a watermark on every page (样例（虚构）) is no part of the title
    cover = [nospace(fold(line.text)) for line in document.pages[0].lines
             if nospace(line.text) and nospace(line.text) not in marks] if document.pages else []
    return Metadata(_cover_name(cover) or _entity(lines), *_year_and_type(lines))


def _cover_name(lines: list[str]) -> str | None:
    """The filer as the cover names it, read over the cover's first lines joined (a title
    wraps: "2026年深圳市公安局交通管理局（本" / "级）部门预算")::

        ["2026年", "中国共产党广州市委员会宣传部部门预算"] → "中国共产党广州市委员会宣传部"
        ["西安市统计局（汇总）", "2026年部门预算公开说明"] → "西安市统计局"
        ["上海市2026年市级单位预算", "预算单位：上海市花卉良种试验场"] → "上海市花卉良种试验场"
    """
    lines = [t for t in lines if not _PAGE_MARK.match(t)][:_COVER_LINES]
    for line in lines:
        m = _COVER_LABEL.match(line)
        if m and not _NOT_A_NAME.search(m.group(1)):
            return _clean(m.group(1))
    text = "".join(lines)
    for pattern in (_COVER_AFTER_YEAR, _COVER_BEFORE_YEAR):
        m = pattern.match(text)
        if m and not _NOT_A_NAME.search(m.group(1)):
            return _clean(m.group(1))
    return None


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
    """The name without its scope, in the full-width brackets Chinese names print (folding
    made them ASCII): "上海市统计和大数据研究院(上海市统计数据管理中心)" keeps its second
    name as "（上海市统计数据管理中心）"; "西安市统计局（汇总）" is "西安市统计局"."""
    name = re.sub(r"[(（](?:部门|本级|汇总)[)）]$", "", name)
    return name.replace("(", "（").replace(")", "）")


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
    candidates = {c for c in candidates
                  if len(c) >= 4 and not c.startswith(("本", "我", "其中", "全")) and not _NOT_A_NAME.search(c)}
    if not candidates:
        return None
    text = "\n".join(lines)
    raw = {c: text.count(c) for c in candidates}
    # a short form inside a longer candidate counts only where it stands alone
    counts = {c: raw[c] - sum(raw[o] for o in candidates if o != c and c in o) for c in candidates}
    return max(candidates, key=lambda c: (counts[c], len(c)))
