"""Answers computed from the fact index: lookups, differences, sums, changes, shares, rankings.

The measure is whatever the filing prints: a fact matches when its row label (or a
column header, for tables whose rows are years such as 2026年 / 2025年) is printed whole in
the question after ``canon`` (其中：（一）因公出国（境）支出 matches 因公出国（境）费). A generic
row (合计, 小计, 2026年) matches only through its column. Among equally long matches the
value most sources print wins (the 三公 table and the narrative both print 250.00), then a
keyed cell, then the leftmost column (合计 before its parts).

Never a different measure: when the question names a longer label that some filing prints
(公务用车购置费) and this filing prints only a shorter one inside it (公务用车), the answer
is ``not_found`` with the closest printed rows as candidates — never the shorter row's
number, and never a total in place of a part.
"""

from __future__ import annotations

from budgetlens.index.facts import Fact, FactIndex
# the words of a question (qa.wording) and the facts they name (qa.finder), kept importable from here
from budgetlens.qa.finder import (Finder, _other_body, _qualified_otherwise, _same_row,  # noqa: F401
                                  _split_in_parts, same_number)
from budgetlens.qa.wording import (QUALIFIERS, Match, codes_in, convert, fmt, in_wan, leftover, measure_words,  # noqa: F401
                                   question_canon)
from budgetlens.qa.wording import (_CODE_Q_RE, _FILLER_Q_RE, _FILLER_RE, _GENERIC_CANON, _GENERIC_HEADS,  # noqa: F401
                                   _GENERIC_ROWS, _LEAD_FILLER_RE, _heads, _is_year_row, _tail_in)
from budgetlens.schemas.answer import Answer, AnswerCitation, AnswerRow


def cite(f: Fact, path: str, entity: str) -> AnswerCitation:
    # a keyed cell says its table id (T09「决算数」公务接待费); any other table cell its printed title
    head = f.table if f.kind == "cell" else (f.title or "表")
    # (a sentence says the section it stands under when the section's heading names its part:
    # 七、一般公共预算财政拨款项目支出决算情况说明 — its 委托业务费 88.48万元 is of 项目支出)
    where = f"{head}「{f.row}」{f.col}".strip() if f.kind in ("cell", "grid") else f.title if f.kind == "sentence" else ""
    return AnswerCitation(doc_id=f.doc_id, path=path, page=f.page, bbox=f.bbox, quote=f.quote or fmt(f.value),
                          entity=entity, where=where,
                          unit=f.unit if f.kind in ("cell", "grid") else None)  # a cell's bare numbers are in its table's unit


def candidate_rows(matches: list[Match], docs: dict, k: int = 5) -> list[dict]:
    """The closest printed rows, each with its page: one per row (and class code) first
    (行政运行〔2010301〕, 行政运行〔2040601〕 before a second column of either), then the rest."""
    out, seen, rows = [], set(), set()
    firsts = []
    for m in matches:
        key = (m.fact.doc_id, m.fact.canon_row, m.fact.code)
        if key not in rows:
            rows.add(key)
            firsts.append(m)
    for m in [*firsts, *matches]:
        key = (m.fact.row, m.fact.col, round(m.fact.value, 4))
        if key in seen:
            continue
        seen.add(key)
        d = docs[m.fact.doc_id]
        # a row printed under several classes says its code (行政运行 2040601 / 2010301)
        lab = m.fact.label + (f"〔{m.fact.code}〕" if m.fact.code and m.fact.code not in m.fact.label else "")
        out.append({"label": lab, "value": m.fact.value, "unit": m.fact.unit,
                    "citation": cite(m.fact, d.path, d.entity).model_dump()})
        if len(out) == k:
            break
    return out


def similar_rows(index: FactIndex, text: str, doc_ids: list[str], k: int = 5) -> list[dict]:
    hits = index.search(text, doc_ids, k=40)
    ms = [Match(int(s * 10), f, (-1, -1), f.row) for s, f in hits if f.kind in ("cell", "grid", "figure")]
    return candidate_rows(ms, index.docs, k)


class NotFound(Exception):
    """A measure not found (or not computable): the text says why, with the closest printed rows."""

    def __init__(self, text: str, candidates: list[dict]):
        super().__init__(text)
        self.text = text
        self.candidates = candidates


def not_found(question: str, text: str, understood: dict, candidates: list[dict] = (), kind="not_found") -> Answer:
    if candidates:
        text += " 最接近的印出项：" + "；".join(
            f"{c['label']}（第{c['citation']['page']}页）" for c in candidates)
    return Answer(question=question, answer=text, kind=kind, verified=True, understood=understood,
                  candidates=list(candidates))


def ranking_rows(entries: list[tuple[str, Fact, float]], docs: dict, unit: str
                 ) -> tuple[list[AnswerRow], list[AnswerCitation]]:
    rows, cites = [], []
    for i, (name, f, v) in enumerate(entries):
        d = docs[f.doc_id]
        cites.append(cite(f, d.path, name))
        rows.append(AnswerRow(entity=name, fiscal_year=d.fiscal_year, value=round(v, 6), unit=unit,
                              value_wan=round(in_wan(f), 6), citation=i + 1))
    return rows, cites
