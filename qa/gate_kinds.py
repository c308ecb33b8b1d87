"""The last gate (``qa.gate``) for answers that state no single value: comparisons of several
operands, rankings (``table`` rows), consistency verdicts and why answers.

Each check reads the question, the citations and the cited filings (``docs``), never answers
again, and yields (what failed, what the question said):

- **years**: every year the question asks (2026年 and 2025年 of 2026年…与2025年相比) is a cited
  filing's year, the year before one (a budget's 上年 column) or printed in a cited quote; a
  question asked of 2019年 answered from a 2026 filing is declined;
- **operands** (difference, change, share, consistency, why): the body, scope and measure
  checks of a single value (``gate._checks``: every body the question names is cited, no more
  bodies cited than named, scope words carried, the measure's words covered);
- **ranking**: the first place is one of the bodies the question lists (工信局、国资委、…
  names 西安市工业和信息化局); a first place the list does not name (档案局 asked, 财政局 first
  because 档案局 is in no filing and the list was misread) is declined;
- **verdict**: 一致 / 不一致 only when both sides cite filings of the same year (a 2025 final
  account and a 2026 budget compared for 一致 of one year asked is a 口径 question, declined);
  一致 only when every figure the question quotes (16.85万元) stands in a cited quote or is
  computed in the answer from them.
"""

from __future__ import annotations

import re

from budgetlens.qa.understand import _subsequence

_YEAR_RE = re.compile(r"(20\d\d)(?=\s*年)")
_BODY_END_RE = re.compile(r"^.*(?:局|委|厅|院|办|中心|部|署|队|室|所|场|校|学|街道|会)")
_LIST_RE = re.compile(r"([\u4e00-\u9fff（）()]{2,30}(?:、[\u4e00-\u9fff（）()]{2,30})+)")


def years_asked(question: str) -> set[int]:
    """The years a question asks (2026年, 2025年); a span 2023到2024年 gives both."""
    q = re.sub(r"\s+", "", question)
    out = {int(y) for y in _YEAR_RE.findall(q)}
    out |= {int(a) for a in re.findall(r"(20\d\d)(?:到|至|-|—|~|和|与|、)20\d\d年", q)}
    return out


def year_checks(answer, docs: dict, cited_text: str):
    """Every year asked is accounted for by a cited filing (its year or the year after) or quote."""
    held = {d.fiscal_year for d in (docs.get(c.doc_id) for c in answer.citations) if d and d.fiscal_year}
    if not held:
        return
    for y in sorted(years_asked(answer.question)):
        if not (held & {y, y + 1}) and str(y) not in cited_text:
            yield "year", f"{y}年"


def ranking_checks(answer, docs: dict):
    """The first place is a body the question lists (when it lists bodies with 、): some item,
    less the words around it (在…, …四家里, （…）), has a run of two characters or more standing
    in order in the first place's names (省高院 of 江苏省高级人民法院, 工信局 of 西安市工业和信息化局)."""
    if not answer.table:
        return
    top = answer.table[0].entity or ""
    m = _LIST_RE.search(re.sub(r"\s+", "", answer.question))
    if not top or not m:
        return
    at = answer.table[0].citation - 1
    doc = docs.get(answer.citations[at].doc_id) if 0 <= at < len(answer.citations) else None
    names = [re.sub(r"\s+", "", n) for n in (top, *(doc.names if doc else ())) if n]
    items = []
    for it in re.split(r"[、和及与]", m.group(1)):
        it = re.sub(r"[（(](?:本级|汇总|机关)[)）]", "", it)  # 交通运输局（本级）: the body's own filing, no bracket of words
        it = re.sub(r"这\d+.*$|这[几两三四五六七八九十].*$|[\d一二两三四五六七八九十]+\s*(?:个|家).*$", "",
                    it.split("）")[0].split(")")[0].split("（")[-1].split("(")[-1])  # 省高院四个部门 → 省高院
        core = _BODY_END_RE.match(it)
        if core:
            items.append(core.group(0))
    if items and not any(_subsequence(it[k:], n) for it in items for k in range(len(it) - 1) for n in names):
        yield "body", top


def _numbers(text: str) -> set[float]:
    return {float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*\.?\d*", text or "") if n.replace(",", "")}


def verdict_checks(answer, docs: dict):
    """一致 / 不一致 stated over filings of different years, where the question asks one year;
    一致 stated where a figure the question quotes (16.85万元, 60.8%) stands in no cited quote
    nor in the answer's own arithmetic on them (the filing prints 16.84: the question's figure is
    not the printed one)."""
    verdict = (answer.understood or {}).get("verdict")
    if verdict not in ("pass", "fail"):
        return
    years = {d.fiscal_year for d in (docs.get(c.doc_id) for c in answer.citations) if d and d.fiscal_year}
    if len(years) > 1 and len(years_asked(answer.question)) <= 1:
        yield "year", "、".join(f"{y}年" for y in sorted(years))
    if verdict == "pass":
        # the cited quotes, and the figures the answer computed from them (2,552.50 − 2,171.85 = 380.65)
        printed = set().union(_numbers(answer.answer), *(_numbers(c.quote) for c in answer.citations))
        for n in re.findall(r"(?<![\d.,])(\d[\d,]*\.\d+)\s*(?=万元|亿元|元|%|％)", re.sub(r"\s+", "", answer.question)):
            if float(n.replace(",", "")) not in printed:
                yield "figure", n
