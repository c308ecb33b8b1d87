"""A consistency verdict is stated only when the numbers compared are the ones the question
names: of the year it names, and from the table it names. Otherwise the answer says which
side was not found as asked and states no verdict (a verdict over another year's or another
table's figure is a wrong answer, however the figures compare).

- *The year.* A year the question gives one side (和表13的2021年数 / 三公经费表里2025年的合计数 /
  表8里的上年数) must be the year of the figure read: the filing's own year, or a column or
  sentence printing that year (2025年预算数) or, for 上年, 上年. A year the question compares
  with (比2025年 / 较2025年 / 与2025年相比 / 从2022年执行数…到…) names no side.
- *The kind of filing.* A question about 决算 is not answered from 预算 filings (口径不同).
- *The table.* A table the question names by its words (基本支出表, 项目支出表, 决算表, 政府采购
  预算表) must be the one read: its words stand in the answer's cited titles or labels.
- *The figures.* 一致 is said only when every amount and rate the question quotes is among the
  figures compared (the answer's or its quotes'): a sentence whose own arithmetic holds does
  not make the question's 18.52万元 right when the sentence says 16.84万元.

    长春市信访局说明里“临聘人员经费15.56万元”，和基本支出表一致吗？ (the figure stands in the
    项目支出 table only) → 问题要和基本支出表核对，找到的数不在基本支出表中，不给出一致与否。
"""

from __future__ import annotations

import re

from budgetlens.qa.compute import fmt
from budgetlens.schemas.answer import Answer

# a year said of one side: 2021年数 / 2025年的合计数 / 2021年的预算数 (not 比2025年 / 较… / 与…相比)
_SIDE_YEAR_RE = re.compile(r"(?<![比较与同从自])(20\d\d)\s*年(?:度)?的?(?:数|合计数|预算数|决算数|金额|数字)")
_PRIOR_RE = re.compile(r"上(?:一)?年(?:度)?的?(?:数|合计数|预算数|决算数|金额|数字)")
# a figure printed as the prior year's (上年预算数 / 上年执行数 / 2025年预算数), not 不含上年结转
_PRIOR_SHOWN_RE = re.compile(r"上年(?:度)?(?:预算|决算|执行)?数")
# a table named by its words: 基本支出表 / 项目支出表 / 决算表 / 政府采购预算表
_TABLE_RE = re.compile(r"(基本支出|项目支出|政府采购|决算)[^，,。？?、表]{0,6}表")


def side_years(text: str, fy: int | None) -> set[int]:
    """The years the question gives one side of its comparison (see the module's rules)."""
    out = {int(y) for y in _SIDE_YEAR_RE.findall(text)}
    if fy and _PRIOR_RE.search(text):
        out.add(fy - 1)
    return out


def named_tables(text: str) -> list[str]:
    """The words of the tables the question names (和基本支出表一致吗 → [基本支出])."""
    return list(dict.fromkeys(_TABLE_RE.findall(text)))


_FIGURE_RE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(万元|元|%|％)")
_NUMBER_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def quoted_figures(text: str) -> list[tuple[float, str]]:
    """The amounts and rates the question quotes (16.84万元, 810.27%), years aside."""
    return [(float(a.replace(",", "")), u) for a, u in _FIGURE_RE.findall(text) if not re.fullmatch(r"20\d\d", a)]


def _numbers(s: str) -> list[float]:
    return [float(x.replace(",", "")) for x in _NUMBER_RE.findall(s)]


def _verdict(answer: Answer) -> str | None:
    v = (answer.understood or {}).get("verdict")
    if v:
        return "fail" if v == "fail" else "pass"
    return "fail" if "不一致" in answer.answer else "pass" if "一致" in answer.answer else None


_SUMMARY_RE = re.compile(r"(\d+) 项不一致，(\d+) 项尾差，(\d+) 项一致")


def _plain(s: str) -> str:
    return re.sub(r"[“”\"'‘’（）()\s]", "", s or "")


def guard(eng, text: str, answer: Answer, metric: str | None = None) -> Answer:
    """The consistency answer as it is when both sides are of the year and table asked, else
    a ``not_found`` saying which side was not found as asked (its citations kept).

    ``metric``: the label of the key figure a summary of the filing's own checks was counted
    for (N 项不一致，N 项尾差，N 项一致). Such a summary is a verdict only when it counts a check
    and the question names that key figure whole: 国有资本经营预算支出 is not 支出总计, whose
    checks say nothing of it."""
    if answer.kind != "consistency":
        return answer
    counts = _SUMMARY_RE.search(answer.answer)
    if counts:
        core = re.sub(r"(?:预算|决算)$", "", _plain(metric or ""))
        if not any(int(x) for x in counts.groups()):
            return _declined(answer, "这份文件没有核对所问数字的检查，因此不给出一致与否。")
        if not core or core not in _plain(text):
            return _declined(answer, "没有找到核对所问数字的检查（文件的检查不是关于这一项的），因此不给出一致与否。")
    kinds = {eng.docs[c.doc_id].doc_type for c in answer.citations if c.doc_id in eng.docs}
    if "决算" in text and "预算" not in text and (kinds == {"budget"} or (not kinds and "年预算：" in answer.answer)):
        return _declined(answer, "问题问的是决算，这些文件是预算，口径不同，因此不给出一致与否。")
    if not answer.citations:
        return answer
    years = {eng.docs[c.doc_id].fiscal_year for c in answer.citations if c.doc_id in eng.docs}
    fy = max((y for y in years if y), default=None)
    shown = answer.answer
    why = ""
    for y in sorted(side_years(text, fy)):
        if y in years:
            continue
        if str(y) not in shown and not (fy and y == fy - 1 and _PRIOR_SHOWN_RE.search(shown)):
            why = f"问题要核对{y}年的数，找到的数是{fy}年的，不是同一年度，因此不给出一致与否。"
            break
    if not why:
        for t in named_tables(text):
            if t not in answer.answer:
                why = f"问题要和{t}表核对，找到的数不在{t}表中，因此不给出一致与否。"
                break
    if not why and _verdict(answer) == "pass":
        # the figures compared, not the citation marks ([1]) nor the pages (第36页) they stand on
        said = re.sub(r"\[\d+\]|第\s*\d+\s*页", " ", answer.answer)
        figures = _numbers(said + "".join(c.quote or "" for c in answer.citations))
        for n, unit in quoted_figures(text):
            same = {"元": (n, n / 10000), "万元": (n, n * 10000)}.get(unit, (n,))  # 75940元 is 7.594万元
            if not any(abs(x - f) <= 0.005 for x in same for f in figures):
                why = (f"问题所引 {fmt(n)} {unit}不在文件核对的数字中（文件所写见引文），"
                       f"因此不给出一致与否。")
                break
    if not why:
        return answer
    return _declined(answer, why)


def _declined(answer: Answer, why: str) -> Answer:
    """The answer as a ``not_found`` saying ``why``, its citations kept as the closest figures."""
    understood = dict(answer.understood or {})
    understood.pop("verdict", None)
    cands = [{"label": (c.quote or "")[:40], "citation": {"path": c.path, "page": c.page, "doc_id": c.doc_id}}
             for c in answer.citations]
    return Answer(question=answer.question, answer=why, kind="not_found", citations=answer.citations,
                  verified=False, candidates=cands, understood=understood)
