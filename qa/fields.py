"""The body a form names in its fields, checked against the filing's own body:

    乌海市医疗保障局2023年决算附的项目绩效自评表里，主管部门和实施单位写的是本局吗？
    → 第1页：“主管部门 乌鲁木齐市医疗保障局(部门) 实施单位 乌鲁木齐市医疗保障局”[1]：写的不是
      本单位（乌海市医疗保障局）。不一致。

Rules: the fields are the ones the question names (主管部门 / 实施单位 / 编制单位 / 单位名称 /
预算单位); a field's value is the name printed after it on the same line, up to a tab or a
bracket (乌海市医疗保障局(部门) → 乌海市医疗保障局). A value is the filing's own body when it is one of
the names the filing prints for itself (its entity, its tables' 编制单位) or one of them holds
it whole; any other name of a body fails. None when the question names no field or asks no
such thing; not found when no field of that name prints a value.
"""

from __future__ import annotations

import re

from budgetlens.qa.compute import not_found
from budgetlens.qa.verify import unverified_numbers
from budgetlens.schemas.answer import Answer, AnswerCitation

_FIELD_RE = re.compile(r"主管部门|实施单位|编制单位|单位名称|预算单位")
_ASKS_OWN = re.compile(r"本局|本单位|本部门|本委|本院|本办|自己|写的是|写对|写错|是不是")
_VALUE_RE = re.compile(r"(主管部门|实施单位|编制单位|单位名称|预算单位)[\s:：]*([^\t\s(（:：]{4,40})")


def check_fields(eng, store, text: str, state=None) -> Answer | None:
    from budgetlens.qa.plan import rewrite
    from budgetlens.qa.why import named_filings

    norm = rewrite(text)
    asked = set(_FIELD_RE.findall(norm))
    if not asked or not _ASKS_OWN.search(norm):
        return None
    named = named_filings(eng, text, state)
    if named is None:
        return None
    names, doc_ids, fy = named.names, named.doc_ids, named.fy
    understood = {"entity": names[0], "year": fy, "operation": "consistency", "measure": "、".join(sorted(asked))}
    seen: list = []  # (doc_id, page, line, field, value)
    for d in doc_ids:
        own = {n for n in (eng.docs[d].entity, *eng.docs[d].names, *names) if n}
        layout = store.layout(d)  # the lines of its forms too, not only the narrative's blocks
        for page in (layout.pages if layout else []):
            for line in page.lines or [ln for b in page.blocks for ln in b.lines]:
                for m in _VALUE_RE.finditer(line.text or ""):
                    if m.group(1) in asked and re.search(r"[局委办院厅部会署所站中心处室校]$", m.group(2)):
                        ok = any(m.group(2) == n or m.group(2) in n or n in m.group(2) for n in own)
                        seen.append((d, page.number, line, m.group(1), m.group(2), ok))
    if not seen:
        return not_found(text, f"没有找到印有{'、'.join(sorted(asked))}的表，无从核对。", understood)
    wrong = [x for x in seen if not x[5]]
    shown = list({(x[1], x[3], x[4]): x for x in (wrong or seen)}.values())[:4]  # each field and name once
    cites: list[AnswerCitation] = []
    parts: list[str] = []
    for d, page, line, field, value, _ in shown:
        doc = eng.docs[d]
        quote = " ".join((line.text or "").split())
        if quote not in [c.quote for c in cites]:
            cites.append(AnswerCitation(doc_id=d, path=doc.path, page=page, bbox=list(line.bbox) if line.bbox else None,
                                        quote=quote, entity=doc.entity))
        parts.append(f"第{page}页{field}写“{value}”[{len(cites)}]")
    verdict = "fail" if wrong else "pass"
    head = (f"{names[0]}{fy or ''}年：共读到 {len(seen)} 处{'、'.join(sorted(asked))}，"
            + ("其中 {} 处写的不是本单位：".format(len(wrong)) if wrong else "都写的是本单位：")
            + "；".join(parts) + "。" + ("不一致。" if wrong else "一致。"))
    understood["verdict"] = verdict
    missing = unverified_numbers(head, [c.quote for c in cites] + [str(len(seen)), str(len(wrong))]
                                 + [str(p) for _, p, *_ in shown], {y for y in (fy,) if y})
    return Answer(question=text, answer=head, citations=cites, verified=not missing, unverified_numbers=missing,
                  kind="consistency", understood=understood,
                  checks=[{"check_id": "question.form_fields=entity", "status": verdict, "message": head}])
