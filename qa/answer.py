"""Answers composed from facts, checks and passages, each number cited and verified.

With no LLM every answer is built from templates and quotes (``mode="extractive"``).
With an LLM the model words the answer from the same numbered evidence; code then
verifies each number it wrote against the quotes it cites, and falls back to the
extractive answer when anything is unverified. Text inside a filing is evidence, never
instructions: it goes to the model as quoted data and cannot change the verification.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlens.store import DocRecord, Store
from budgetlens.ingest.normalize import find_numbers, fold
from budgetlens.qa.facts import Fact, basic_share, lookup
from budgetlens.qa.understand import Question
from budgetlens.qa.verify import unverified_numbers
from budgetlens.schemas.answer import Answer, AnswerCitation, AnswerRow
from budgetlens.schemas.catalogue import KIND_WORD

NOT_FOUND = "在这些文件中没有找到答案。"
# Words that introduce a reason; a passage answers "why" when one of its sentences has one.
_WHY_CUES = ("主要原因", "原因是", "原因：", "原因:", "主要是", "主要用于", "由于", "因为", "所以", "因此")


@dataclass
class Context:
    store: Store
    documents: list[DocRecord]
    index: object | None = None  # index.Index, for passages


def _fmt(v: float) -> str:
    return f"{v:,.2f}".rstrip("0").rstrip(".") if v != int(v) else f"{int(v):,}"


def _printed(fact: Fact) -> str:
    """The value as the source printed it when the quote holds it, else formatted."""
    folded = fold(fact.quote)
    for value, start, end in find_numbers(folded):
        if abs(value - fact.value) < 1e-9:
            return folded[start:end]
    return _fmt(fact.value)


def _cite(fact: Fact) -> AnswerCitation:
    return AnswerCitation(doc_id=fact.doc.doc_id, path=fact.doc.path, page=fact.page or 1,
                          bbox=fact.bbox, quote=fact.quote, entity=fact.doc.entity,
                          where=fact.source if fact.table_id else "", unit=fact.unit if fact.table_id else None)


def _who(doc: DocRecord) -> str:
    year = f"{doc.fiscal_year}年" if doc.fiscal_year else ""
    kind = KIND_WORD.get(doc.doc_type or "", "")
    return f"{doc.entity or doc.name}{year}{kind}"


def _check_note(fact: Fact) -> str:
    fails = [c for c in fact.checks if c["status"] == "fail"]
    warns = [c for c in fact.checks if c["status"] == "warn"]
    if fails:
        return f"注意：{len(fails)} 项核对未通过（{fails[0]['message']}）"
    if warns:
        return "核对：与相关数字一致（仅有四舍五入尾差）。"
    if fact.checks:
        return "核对：与相关数字一致。"
    return ""


def candidates(ctx: Context, q: Question) -> list[DocRecord]:
    docs = ctx.documents
    if q.entities:
        docs = [d for d in docs if d.entity in q.entities]
    if q.year is not None:
        docs = [d for d in docs if d.fiscal_year == q.year]
    if q.metric is not None and q.metric.name.endswith("_budget"):
        # per unit and year: its 决算 when there is one (its 三公 table carries the budget row
        # too), else its 预算; a unit that published only a budget is never left out
        best: dict[tuple, DocRecord] = {}
        for d in docs:
            key = (d.entity or d.doc_id, d.fiscal_year)
            if key not in best or (d.doc_type == "final_accounts" and best[key].doc_type != "final_accounts"):
                best[key] = d
        docs = [d for d in docs if best.get((d.entity or d.doc_id, d.fiscal_year)) is d]
    return docs


def _finish(q: Question, text: str, citations: list[AnswerCitation], *, derived: list[str] = (),
            **kw) -> Answer:
    """The answer, verified against its quotes (and ``derived``: text code computed from the
    cited operands, such as a check's sum and difference, or how many checks there were)."""
    years = {c_year for c_year in (kw.pop("years", None) or set())}
    missing = unverified_numbers(text, [c.quote for c in citations] + list(derived), years)
    return Answer(question=q.text, answer=text, citations=citations, verified=not missing,
                  unverified_numbers=missing, **kw)


def answer_value(ctx: Context, q: Question) -> Answer:
    docs = candidates(ctx, q)
    if q.metric is None or not docs:
        return Answer(question=q.text, answer=NOT_FOUND, kind="not_found", verified=True)
    if len(docs) > 1 and not q.entities:
        return answer_compare(ctx, q)
    facts = [f for f in (_fact(ctx, d, q) for d in docs) if f is not None]
    if not facts:
        return Answer(question=q.text, answer=f"在这些文件中没有找到{q.metric.label}。", kind="not_found",
                      verified=True)
    parts, citations, checks = [], [], []
    for fact in facts:
        citations.append(_cite(fact))
        unit = fact.unit if fact.unit != "%" else "%"
        sep = "" if unit == "%" else " "
        note = _check_note(fact)
        parts.append(f"{_who(fact.doc)}{q.metric.label}为 {_printed(fact)}{sep}{unit}。[{len(citations)}]"
                     + (f"{note}" if note else ""))
        checks.extend(fact.checks)
    first = facts[0]
    return _finish(q, "".join(parts), citations, derived=[c["message"] for c in checks]
                   + [str(sum(c["status"] == "fail" for c in f.checks)) for f in facts],
                   value=first.value if len(facts) == 1 else None,
                   unit=first.unit if len(facts) == 1 else None, kind="value",
                   checks=[{k: c[k] for k in ("check_id", "status", "message")} for c in checks],
                   years={f.doc.fiscal_year for f in facts if f.doc.fiscal_year})


def _fact(ctx: Context, doc: DocRecord, q: Question, with_checks: bool = True) -> Fact | None:
    if q.metric.name == "basic_expenditure_share":
        return basic_share(ctx.store, doc, with_checks=with_checks)
    return lookup(ctx.store, doc, q.metric, with_checks=with_checks)


def answer_compare(ctx: Context, q: Question) -> Answer:
    docs = candidates(ctx, q)
    if q.metric is None:
        return Answer(question=q.text, answer=NOT_FOUND, kind="not_found", verified=True)
    facts = [f for f in (_fact(ctx, d, q, with_checks=False) for d in docs) if f is not None]
    if not facts:
        return Answer(question=q.text, answer=f"在这些文件中没有找到{q.metric.label}。", kind="not_found",
                      verified=True)
    lowest = any(w in q.text for w in ("最少", "最低", "最小"))
    facts.sort(key=lambda f: (f.value_wan, f.doc.entity or ""), reverse=not lowest)
    citations = [_cite(f) for f in facts]
    rows = [AnswerRow(entity=f.doc.entity or f.doc.name, fiscal_year=f.doc.fiscal_year, value=f.value,
                      unit=f.unit, value_wan=round(f.value_wan, 6), citation=i + 1) for i, f in enumerate(facts)]
    top = facts[0]
    word = "最少" if lowest else "最多"
    listing = "；".join(f"{_who(f.doc)} {_printed(f)} {f.unit}[{i + 1}]" for i, f in enumerate(facts[:10]))
    text = (f"{q.metric.label}{word}的是{top.doc.entity or top.doc.name}（{_printed(top)} {top.unit}）[1]。"
            if len(facts) > 1 else "") + f"各文件：{listing}。"
    return _finish(q, text, citations, kind="compare", table=rows,
                   years={f.doc.fiscal_year for f in facts if f.doc.fiscal_year})


def answer_consistency(ctx: Context, q: Question, quoted: list[float] = ()) -> Answer:
    """The checks touching the metric asked, counted and shown; ``quoted``: numbers the question
    quotes (人员经费153.78万元), and only the checks whose operands or message print one of them
    answer. The verdict (``understood``) is fail when any of them fails, else pass."""
    docs = candidates(ctx, q)
    if not docs:
        return Answer(question=q.text, answer=NOT_FOUND, kind="not_found", verified=True)
    results, citations, lines, derived = [], [], [], []
    checked = False
    for doc in docs[:5]:
        rows = ctx.store.checks(doc.doc_id)  # fails first
        if q.metric is not None:
            rows = [r for r in rows if _touches(r.operands, q.metric)]
        if quoted:
            rows = [r for r in rows if any(_prints(r, n) for n in quoted)]
        counted = {s: sum(1 for r in rows if r.status == s) for s in ("fail", "warn", "pass")}
        checked = checked or any(r.status in ("fail", "warn", "pass") for r in rows)  # a skipped check says nothing
        head = f"{_who(doc)}：{counted['fail']} 项不一致，{counted['warn']} 项尾差，{counted['pass']} 项一致。"
        derived.append(f"{counted['fail']} {counted['warn']} {counted['pass']}")
        detail = []
        for r in [r for r in rows if r.status in ("fail", "warn")][:4]:
            marks = []
            for op in r.operands:
                if op.get("quote") and op.get("page"):
                    citations.append(AnswerCitation(doc_id=doc.doc_id, path=doc.path, page=op["page"],
                                                    bbox=op.get("bbox"), quote=op["quote"], entity=doc.entity))
                    marks.append(f"[{len(citations)}]")
            detail.append(f"{'不一致' if r.status == 'fail' else '尾差'}：{r.message}{''.join(marks)}")
            derived.append(r.message or "")  # the check's own arithmetic over the operands cited
            results.append({"check_id": r.check_id, "status": r.status, "message": r.message})
        if not rows:
            head = f"{_who(doc)}：没有可核对的{q.metric.label if q.metric else '数字'}。"
        lines.append(head + ("" if not detail else " " + " ".join(detail)))
    text = "\n".join(lines)
    answer = _finish(q, text, citations, derived=derived, kind="consistency", checks=results,
                     years={d.fiscal_year for d in docs if d.fiscal_year})
    if checked:
        answer.understood = {"verdict": "fail" if any(r["status"] == "fail" for r in results) else "pass"}
    return answer


def _prints(row, n: float) -> bool:
    """A check's operands or message print the number ``n`` (to the cent)."""
    values = [op.get("value") for op in row.operands if isinstance(op.get("value"), (int, float))]
    if any(abs(v - n) < 0.005 for v in values):
        return True
    return any(abs(float(m.replace(",", "")) - n) < 0.005
               for m in re.findall(r"\d[\d,]*\.?\d*", row.message or ""))


def _touches(operands: list[dict], metric) -> bool:
    cells = {(t, k, c) for t, k, c in metric.cells}
    return any(op.get("figure") == metric.name or (op.get("table_id"), op.get("key"), op.get("col")) in cells
               for op in operands)


def answer_why(ctx: Context, q: Question) -> Answer:
    docs = candidates(ctx, q)
    if not docs or ctx.index is None:
        return Answer(question=q.text, answer=NOT_FOUND, kind="not_found", verified=True)
    where = {"doc_id": docs[0].doc_id} if len(docs) == 1 else None
    hits = ctx.index.search(q.text, k=8, where=where)
    allowed = {d.doc_id for d in docs}
    scored = []  # (score, rank, doc, page, bbox, sentence)
    for rank, hit in enumerate(hits):
        chunk = hit.chunk
        if chunk.kind != "narrative" or chunk.doc_id not in allowed:
            continue
        doc = next(d for d in docs if d.doc_id == chunk.doc_id)
        page, bbox = (chunk.boxes[0][0], list(chunk.boxes[0][1])) if chunk.boxes else (
            chunk.pages[0] if chunk.pages else 1, None)
        for overlap, sentence in _reason_sentences(chunk.text, q.text, doc.entity or ""):
            scored.append((overlap, -rank, doc, page, bbox, sentence))
    scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
    passages, citations, seen = [], [], set()
    for _, _, doc, page, bbox, sentence in scored:
        if sentence in seen:
            continue
        seen.add(sentence)
        citations.append(AnswerCitation(doc_id=doc.doc_id, path=doc.path, page=page, bbox=bbox,
                                        quote=sentence, entity=doc.entity))
        passages.append(f"“{sentence}”[{len(citations)}]")
        if len(passages) == 2:
            break
    if not passages:
        return Answer(question=q.text, answer="在这些文件中没有找到说明原因的段落。", kind="not_found", verified=True)
    text = f"{_who(docs[0]) if len(docs) == 1 else '文件'}的说明：" + " ".join(passages)
    return _finish(q, text, citations, kind="why", years={d.fiscal_year for d in docs if d.fiscal_year})


def _bigrams(text: str) -> set[str]:
    chars = [c for c in text if "\u4e00" <= c <= "\u9fff" or c.isalnum()]
    return {a + b for a, b in zip(chars, chars[1:])}


_QUESTION_WORDS = _bigrams("为什么为何原因是多少怎么会比上年上一年")


def _reason_sentences(text: str, question: str, entity: str) -> list[tuple[int, str]]:
    """Sentences of a passage that give a reason, with how many of the question's
    character pairs (less its entity name and question words) each shares.

    A sentence is cut at 。！？ only: a reason list (1、…；2、…) stays whole. A reason that
    begins the sentence (主要原因是…) refers back, so the sentence before it comes too.
    """
    body = text.split("\n", 1)[-1] if "\n" in text and len(text.split("\n", 1)[0]) < 40 else text
    sentences = [" ".join(x.split()) for x in re.split(r"(?<=[。！？])", body)]
    sentences = [x for x in sentences if x]
    wanted = _bigrams(question) - _bigrams(entity) - _QUESTION_WORDS
    out = []
    for i, sentence in enumerate(sentences):
        cue = next((c for c in _WHY_CUES if c in sentence), None)
        if cue is None:
            continue
        quote = sentence
        if sentence.lstrip("（(0123456789一二三四五六七八九十、.）) ").startswith(cue) and i > 0:
            quote = f"{sentences[i - 1]}{sentence}"
        quote = quote[:300]
        out.append((len(wanted & _bigrams(quote)), quote))
    return out
