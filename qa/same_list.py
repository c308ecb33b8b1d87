"""A part asked after a part of the same whole, read from the list the last part was read from.

    西安市生态环境局的机关运行经费预算安排是多少？ → 1,487.80 万元
    其中差旅费呢？ → 98.74 万元, read from 本部门当年机关运行经费预算安排1487.80万元，其中办公费…，差旅费98.74万元，…
    会议费多少元？ → 76,100 元: 会议费7.61万元 of the same sentence — not the 会议费 of another
    table (180.63 万元 of the 三公、会议费、培训费 table), which is not a part of this whole.

The rules:

- *When.* The conversation is among the parts of a whole — the last turn asked for a part
  (其中…) and was answered, or its figure is one a sentence lists after 其中, or it was itself
  read from the list (``read_from_list``) — and this turn names a measure
  and nothing else: no body, no year (会议费多少元？ / 培训费呢？); or this turn asks for a part
  (其中服务类占了多少钱？) that the usual way does not find.
- *Where.* A sentence the last answer quoted: the amount printed right after the measure's
  words (会议费7.61万元), or, in a list after 其中, the one item whose words hold the measure's
  (政府采购服务预算6,438.00万元 for 服务类). A table cell the last answer cited: the same row's
  column named by the measure (its characters in order, first and last alike: 公务用车运行费 →
  公务用车运行维护费; of several, the shortest name).
- *Else nothing*: the turn is asked the usual way.
"""

from __future__ import annotations

import re

from budgetlens.schemas.answer import Answer

_ASK_RE = re.compile(r"(?:其中|那么?|还有|另外)?(?P<m>[\u4e00-\u9fff（）()“”]{2,20}?)(?:类|部分|那部分|的钱)?"
                     r"(?:的?(?:预算|金额)?又?(?:占了|花了|是|为|有)?(?:多少钱?|几)(?P<u>万元|元)?|呢)[?？]?")
_ITEM_RE = re.compile(r"([\u4e00-\u9fff（）()“”]{2,30}?)(?:为|是)?\s*(\d[\d,]*(?:\.\d+)?)\s*(万元|元)")


def _measure(engine, text: str):
    from budgetlens.qa.plan import rewrite

    t = re.sub(r"\s+", "", rewrite(text))
    if re.search(r"20\d\d", t) or engine.resolver.resolve(t).names:
        return None
    m = _ASK_RE.fullmatch(t)
    return (m.group("m"), m.group("u")) if m else None


def _in_sentence(quote: str, measure: str, part: bool):
    """(value, printed unit, printed words) of the measure in a quoted sentence; None unless
    exactly one."""
    q = re.sub(r"\s+", "", quote)
    direct = re.findall(re.escape(measure) + r"(?:为|是)?(\d[\d,]*(?:\.\d+)?)(万元|元)", q)
    if len(set(direct)) == 1:
        return float(direct[0][0].replace(",", "")), direct[0][1], measure
    k = q.find("其中")
    if not part or k < 0 or direct:
        return None
    stem = re.sub(r"类$|部分$|费$", "", measure)
    items = [(w, v, u) for w, v, u in _ITEM_RE.findall(q[k + 2:]) if stem and stem in w]
    if len(items) != 1:
        return None
    return float(items[0][1].replace(",", "")), items[0][2], re.sub(r"^[，,、：:；;]|其中", "", items[0][0])


def _in_row(engine, src, measure: str):
    from budgetlens.qa.understand import _subsequence

    cols = [f for f in engine.index.by_doc.get(src.doc_id, []) if f.table == src.table and f.page == src.page
            and f.row == src.row and f is not src and f.col and f.value is not None]
    fits = [f for f in cols if f.col == measure or (f.col[0] == measure[0] and f.col[-1] == measure[-1]
                                                    and _subsequence(measure, f.col))]
    if not fits:
        return None
    return min(fits, key=lambda f: len(f.col))


def _same_elsewhere(engine, doc_id: str, page: int, wan: float | None, *words: str) -> list:
    """The narrative's figures printing the same amount for the same words on other pages (one
    a page): the answer cites them too, as a lookup does (同数又见第22页)."""
    from budgetlens.qa.compute import convert
    from budgetlens.qa.understand import _subsequence

    if wan is None:
        return []
    out, pages = [], {page}
    for g in engine.index.by_doc.get(doc_id, []):
        if g.kind not in ("sentence", "figure") or g.page in pages or g.value is None:
            continue
        gw = convert(g.value, g.unit, "万元")
        label = re.sub(r"\s+", "", g.label or "")
        if gw is not None and abs(gw - wan) < 0.005 and any(w and _subsequence(w, label) for w in words):
            out.append(g)
            pages.add(g.page)
    return out[:3]


def same_list(engine, text: str, prev: Answer | None, among_parts: bool = False) -> Answer | None:
    """The answer of the module's rules, or None; the caller says when (``in_parts``):
    ``among_parts``, the last turn was itself a part, so a bare measure (服务类呢？ after 其中工程类呢？)
    is read as a part of the same list as much as one said with 其中."""
    from budgetlens.qa.compute import cite, convert, fmt
    from budgetlens.qa.wording import stated
    from budgetlens.qa.verify import unverified_numbers
    from budgetlens.schemas.answer import AnswerCitation

    part = among_parts or text.lstrip().startswith("其中")
    if prev is None or prev.kind != "value" or not prev.citations:
        return None
    got = _measure(engine, text)
    if got is None:
        return None
    measure, unit = got
    # 换成亿元呢？ → 其中综合管理多少？: the conversion was the last turn's; the part comes in the
    # unit the whole had before it (359.88 万元, not 0.035988 亿元)
    unit = unit or (prev.understood or {}).get("converted_from") or prev.unit or "万元"
    # each place the last figure was cited, in order: a table's cell first, then the same figure
    # the narrative prints (同数又见第9页: 政府采购项目共有3,966.73万元，其中：…服务类项目3,966.73万元 —
    # the part's list, which the table's row 口岸办公室（政府采购） does not hold)
    for i, c in enumerate(prev.citations):
        if i and not _leads_list(c.quote or "", prev.value):
            continue  # (a sentence printing the figure as a part itself lists other parts of another whole)
        got = _read_at(engine, c, measure, part)
        if got is not None:
            break
    else:
        return None
    value, printed, quote, label = got
    doc = engine.docs[c.doc_id]
    v = convert(value, printed, unit)
    if v is None:
        return None
    said = f"（文件印作 {fmt(value)} {printed}）" if printed != unit else ""
    cites = [AnswerCitation(doc_id=c.doc_id, path=c.path, page=c.page, bbox=c.bbox, quote=quote, entity=c.entity,
                            where=c.where, unit=c.unit)]
    for g in _same_elsewhere(engine, c.doc_id, c.page, convert(value, printed, "万元"), measure, label):
        cites.append(cite(g, doc.path, doc.entity))
    also = "、".join(f"第{x.page}页[{i + 2}]" for i, x in enumerate(cites[1:]))
    who = f"{doc.entity or ''}{doc.fiscal_year or ''}年"
    head = (f"{stated(who, label)} {fmt(v)} {unit}{said}（第{c.page}页）[1]"
            + (f"（同数又见{also}）" if also else "") + "，与上一问的数列在同一处。")
    missing = unverified_numbers(head, [x.quote for x in cites] + [fmt(v), fmt(value)] + [str(x.page) for x in cites],
                                 {doc.fiscal_year} if doc.fiscal_year else set())
    return Answer(question=text, answer=head, value=round(v, 6), unit=unit, citations=cites, verified=not missing,
                  unverified_numbers=missing, kind="value",
                  understood={"entity": doc.entity, "year": doc.fiscal_year, "measure": label,
                              "operation": "lookup", "unit": unit})


def _leads_list(quote: str, value) -> bool:
    """The figure is printed before the sentence's 其中 (…共有3,966.73万元，其中：…): its list is of it."""
    q = re.sub(r"[\s,]", "", quote)
    k = q.find("其中")
    return value is not None and k > 0 and any(
        re.search(r"(?<![\d.])" + re.escape(v) + r"(?![\d])", q[:k]) for v in {f"{value:g}", f"{value:.2f}"})


def _read_at(engine, c, measure: str, part: bool):
    """(value, printed unit, quote, label) of the measure where citation ``c`` stands: the same
    row's column for a table's cell, the list's item for a sentence; None when not there."""
    from budgetlens.qa.compute import fmt

    src = next((f for f in engine.index.by_doc.get(c.doc_id, []) if f.page == c.page and f.quote == c.quote), None)
    if src is None:
        return None
    if src.kind in ("cell", "grid"):
        f = _in_row(engine, src, measure)
        return None if f is None else (f.value, f.unit, f.quote or fmt(f.value), f.col)
    found = _in_sentence(c.quote, measure, part)
    return None if found is None else (*found[:2], c.quote, found[2])


def read_from_list(answer: Answer) -> bool:
    """The answer's figure is one of the parts a sentence lists after 其中 (…安排1487.80万元，其中
    办公费…，差旅费98.74万元 → 98.74): the next bare measure is another part of the same whole."""
    if answer is None or answer.kind != "value" or not answer.citations or answer.value is None:
        return False
    quote = re.sub(r"[\s,]", "", answer.citations[0].quote or "")
    k = quote.find("其中")
    if k < 0:
        return False
    shown = {f"{answer.value:g}", f"{answer.value:.2f}"}
    if answer.unit == "元":
        shown |= {f"{answer.value / 10000:g}", f"{answer.value / 10000:.2f}"}
    return any(re.search(r"(?<![\d.])" + re.escape(v) + r"(?![\d])", quote[k:]) for v in shown)
