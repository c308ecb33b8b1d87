"""One query for a measure across every filing, before each filing's own reading of it.

A ranking reads the same measure in every filing it compares (``engine.find`` per body).
Read naively, each body's reading runs the finder over every fact of its filings: over
1,000 filings that is over a million facts per question. Most facts cannot match: a
table row that names something (办公费, 一般公共服务支出) matches only when the question
prints its label whole (``compute.Finder.matches``). So the facts are indexed once by
label, and a question keeps, per filing:

- the rows whose label the question prints (a substring of the question as compared:
  ``三公经费最多`` keeps the rows labelled 三公经费 and 三公, nothing else of the 82% of facts
  that are labelled rows);
- of the rest (rows named only by their columns — 合计, 2026年, a body's own row — and the
  narrative's sentences and figures) those whose column words, label less the filing's
  name, or (a sentence) last three characters of its label the question prints, with its
  whole row when it is the row's first cell (a row's total is read against its parts);
  and the cells of a 三公 table when the question says 三公;
- with class codes asked (2010301), only the facts of those codes.

Each filing's own reading then runs unchanged over what was kept (``narrowed``), so the
answer is the one the full reading gives, only sooner: every fact the finder could match
is kept, and the finder's other look-ups (the parts of a row, a longer printed label) see
what they need. ``tests/test_qa_narrow.py`` checks the two readings agree.
"""

from __future__ import annotations

import copy
import re
import weakref

from budgetlens.index.facts import FactIndex, canon
from budgetlens.qa.compute import _GENERIC_CANON, _GENERIC_ROWS, _LEAD_FILLER_RE, _heads, _is_year_row
from budgetlens.qa.wording import procurement_kind

_TOTAL_END_RE = re.compile(r"(?:总额|总计|合计|总数)$")


class _Labels:
    """The facts of one index by the words that can name them (built once per index). A fact
    is kept as its place in ``facts`` (every filing's facts in the index's order), so a
    question's facts are a set of places, sorted once back into each filing's own order."""

    def __init__(self, index: FactIndex):
        self.facts: list = []  # every fact, filing after filing, each filing's in its own order
        self.by_label: dict[str, list[int]] = {}  # a labelled row's canon label → its facts
        self.by_word: dict[str, list[int]] = {}  # words naming a row by its columns, or a sentence
        self.by_code: dict[str, list[int]] = {}
        self.three: list[int] = []  # rows and sentences of 三公 tables
        year_row: dict[str, bool] = {}
        for doc_id, facts in index.by_doc.items():
            entity = index.docs[doc_id].entity if doc_id in index.docs else ""
            rows: dict[tuple, list] = {}
            for f in facts:
                g = len(self.facts)
                self.facts.append(f)
                if f.code:
                    self.by_code.setdefault(f.code, []).append(g)
                rc = f.canon_row
                if f.kind in ("cell", "grid"):
                    if f.row not in year_row:
                        year_row[f.row] = _is_year_row(f.row)
                    generic = rc in _GENERIC_ROWS or rc in _GENERIC_CANON or year_row[f.row] or (not rc and not f.code)
                    if not generic:
                        if len(rc) >= 2:
                            self.by_label.setdefault(rc, []).append(g)
                        continue
                    rows.setdefault((f.page, f.kind, f.table, f.row), []).append((g, f))
                else:
                    rows[(g,)] = [(g, f)]
            for group in rows.values():
                # a cell named by its column; its row's first cell brings the whole row (the
                # finder reads a row's total against its parts: ``Finder._enclosing``)
                every = [g for g, _ in group]
                for g, f in group:
                    took = every if f.col_index == 0 else (g,)
                    for k in _words(f, entity):
                        self.by_word.setdefault(k, []).extend(took)
                    if "三公" in (f.title or ""):
                        self.three.extend(took)


def _words(f, entity: str) -> set[str]:
    """Words the finder can match a fact by when it is not a labelled row: its column words,
    its label less the filing's name, and for a sentence the end of its label the question
    must print (its last three characters, or its last two before 费: ``compute._tail_in``)."""
    out = {h for h in (_heads(f.col) if f.col else ()) if len(h) >= 2}
    sub = canon((f.row or "").replace(entity, "")) if entity else ""
    if len(sub) >= 3:
        out.add(sub)
    if f.kind in ("sentence", "figure"):
        label = _LEAD_FILLER_RE.sub("", f.canon_row)
        label = re.sub(r"(?:共有|共计|为|是|达到?|约)+$", "", re.sub(r"20\d\d年度?", "", label)) or label
        # (委托业务费财政拨款预算为: the fund said after the measure's name, as ``_tail_in`` reads it)
        bare = re.sub(r"(?:财政拨款|一般公共预算|拨款|预算|资金|安排)+$", "", label)
        if re.search(r"(?:共有|现有|有)车辆$", label):
            out.add("车辆数")  # 本部门共有车辆6辆: what 几辆车 (公务用车车辆数) asks (``wording``)
        # 政府采购服务预算 (…，其中：政府采购货物预算98.21万元，…政府采购服务预算): named by its kind
        # alone in a question about procurement (服务类采购预算哪家最高), as ``wording._tail_in`` reads it
        kind = procurement_kind(_LEAD_FILLER_RE.sub("", re.split(r"\d[\d.,]*(?:万元|亿元|元|%)[、，,；;]?", label)[-1]
                                                    or label))
        if kind:
            out.add(kind)
        for lab in dict.fromkeys((label, canon(_TOTAL_END_RE.sub("", label)), bare)):
            if len(lab) >= 3:
                out.add(lab[-3:])
            if len(lab) >= 2:
                out.add(lab[-2:] + "费")
                out.add(lab if len(lab) == 2 else lab[-3:])
    return out


_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def labels_of(index: FactIndex) -> _Labels:
    got = _CACHE.get(index)
    if got is None:
        got = _CACHE[index] = _Labels(index)
    return got


class _View:
    """A fact index showing, per filing, only the facts kept for one question."""

    def __init__(self, by_doc: dict, docs: dict):
        self.by_doc = by_doc
        self.docs = docs  # what each filing is (a final account's sentences say their side)


def narrowed(eng, cq: str, codes: list[str]):
    """The engine reading ``cq`` over only the facts that could match it (see the module's
    rules); its ``find`` answers as the engine's own does."""
    lab = labels_of(eng.index)
    keep: set[int] = set()
    if codes:
        for c in codes:
            keep.update(lab.by_code.get(c, ()))
    else:
        for s in {cq[i:j] for i in range(len(cq)) for j in range(i + 2, len(cq) + 1)}:
            keep.update(lab.by_label.get(s, ()))
            keep.update(lab.by_word.get(s, ()))
        if "三公" in cq:
            keep.update(lab.three)
    by_doc: dict[str, list] = {}
    facts = lab.facts
    for g in sorted(keep):  # the filing's own order: ties break as before
        f = facts[g]
        got = by_doc.get(f.doc_id)
        if got is None:
            got = by_doc[f.doc_id] = []
        got.append(f)
    finder = copy.copy(eng.finder)
    finder.index = _View(by_doc, eng.index.docs)
    # the printed labels the question names (all the finder's longer_label can return), in the
    # finder's own order (longest first)
    rank = _label_rank(eng.finder)
    finder.labels = sorted({cq[i:j] for i in range(len(cq)) for j in range(i + 3, len(cq) + 1)} & rank.keys(),
                           key=rank.__getitem__)
    view = copy.copy(eng)
    view.finder = finder
    return view


_RANKS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _label_rank(finder) -> dict[str, int]:
    got = _RANKS.get(finder)
    if got is None:
        got = _RANKS[finder] = {x: i for i, x in enumerate(finder.labels)}
    return got


def find_own(eng, view, cq: str, codes, ids: list[str], fy, year, views: dict | None = None, **kw):
    """``view.find``, and when it declines because the only rows printing the measure are the
    body's own (本级) rows, those rows: in a filing printed under the name 深圳市统计局（本级） the
    本级 row is the body's own figure (its 2025 年 row of the 三公 table), as it is not in a
    department's filing that prints its units apart. The second reading (the question with
    本级 added) runs over its own narrowed facts."""
    m, considered, refusal = view.find(cq, codes, ids, fy, year, **kw)
    if m is not None or not considered or "本级" in cq or not any("本级" in c.fact.row for c in considered):
        return m, considered, refusal
    own = all(any(re.sub(r"\s+", "", n) == f"{eng.docs[i].entity}（本级）" for n in eng.docs[i].names)
              for i in ids if eng.docs[i].entity)
    if not own:
        return m, considered, refusal
    q2 = cq + "本级"
    views = {} if views is None else views
    if q2 not in views:
        views[q2] = narrowed(eng, q2, codes)
    m2, c2, r2 = views[q2].find(q2, codes, ids, fy, year, **kw)
    if m2 is not None and "本级" in m2.fact.row:
        return m2, c2, r2
    return m, considered, refusal
