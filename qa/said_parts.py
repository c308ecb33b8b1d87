"""A total the narrative states with its parts in the same sentence, checked by their sum:

    2020年机关运行经费预算总计82万元，其中：办公经费41.47万元，公务接待费2万元，委托业务费7.28万元，
    工会经费17.25万元，公务用车运行维护费12万元，其他商品和服务支出2万元。
    → 41.47 + 2 + 7.28 + 17.25 + 12 + 2 = 82 万元，与总计 82 万元一致。

Asked when the question quotes the total and asks whether its parts add up to it (和…几项加起来
一致吗 / 之和对得上吗) and the tables give no answer. The sentence must print the quoted total,
then 其中, then at least two amounts each after its own words; a sentence also stating a change
(比上年增加…) is not such a list. Equal within a cent per part is 一致.
"""

from __future__ import annotations

import re

from budgetlens.qa.compute import cite, fmt
from budgetlens.qa.verify import unverified_numbers
from budgetlens.schemas.answer import Answer

_ADDS_UP = re.compile(r"加起来|之和|加总|相加|合计|[二两三四五六七八九十\d]项")
_ITEM_RE = re.compile(r"([\u4e00-\u9fff“”（）()]{2,20}?)\s*(\d[\d,]*(?:\.\d+)?)\s*万元")


def said_parts(eng, text: str, quoted: list, doc_ids: list[str], names, understood: dict) -> Answer | None:
    """The check of the module's rule; None when the question or the filings give no such list."""
    from budgetlens.qa.resolve import bare
    from budgetlens.qa.stated import _sentences

    totals = [n for n, u in quoted if u == "万元"]
    if not totals or not _ADDS_UP.search(text):
        return None
    total = totals[0]
    for f in _sentences(eng, doc_ids):
        q = re.sub(r"\s+", "", f.quote or "")
        k = q.find("其中")
        if k < 0 or re.search(r"比上年|较上年|增加|减少|增长|下降", q):
            continue
        head = [float(x.replace(",", "")) for x in re.findall(r"(\d[\d,]*(?:\.\d+)?)万元", q[:k])]
        if not head or abs(head[-1] - total) > 0.005:
            continue
        items = [(w, float(v.replace(",", ""))) for w, v in _ITEM_RE.findall(q[k + 2:])]
        if len(items) < 2:
            continue
        s = round(sum(v for _, v in items), 2)
        ok = abs(s - total) <= 0.01 * len(items)
        d = eng.docs[f.doc_id]
        verdict = "pass" if ok else "fail"
        understood.update({"measure": q[:k].rstrip("，,："), "verdict": verdict})
        sums = " + ".join(fmt(v) for _, v in items)
        answer = (f"{bare(names[0])}{d.fiscal_year or ''}年的说明（第{f.page}页）写：“{f.quote.strip()}”[1]。"
                  f"其中各项 {sums} = {fmt(s)} 万元，" + (f"与总计 {fmt(total)} 万元一致。" if ok else
                                                   f"与总计 {fmt(total)} 万元不一致，相差 {fmt(abs(s - total))} 万元。"))
        derived = [fmt(s), fmt(total), fmt(abs(s - total)), str(f.page)] + [fmt(v) for _, v in items]
        missing = unverified_numbers(answer, [f.quote, *derived], {d.fiscal_year} if d.fiscal_year else set())
        return Answer(question=text, answer=answer, citations=[cite(f, d.path, d.entity)], verified=not missing,
                      unverified_numbers=missing, kind="consistency", understood=understood,
                      checks=[{"check_id": "narrative.parts=total", "status": verdict, "message": answer}])
    return None


_Q_DELTA = re.compile(r"(增加|减少|增长|下降|多|少)了?\s*(\d[\d,]*(?:\.\d+)?)\s*万元")
_NOISE = re.compile(r"(?:比|较)(?:上年|去年|20\d\d年?)(?:预算)?|增加|减少|增长|下降|说|部门预算|两年的?|预算里的?|里的?|"
                    r"和|跟|与|对得上吗|对得上|一致吗|一致|[\d.,]+万元|20\d\d年、?|[?？，,]")


def change_vs_years(eng, text: str, plan, doc_ids_all: list[str], names, understood: dict) -> Answer | None:
    """A change the question says the filing states (会议费比上年预算减少42万元) against the measure
    in the two years' own filings the question names (和2018年、2019年两年预算里的会议费): the
    later minus the earlier, each read as its own filing prints it for its own year, the same
    printed row in both; equal within a cent is 一致. None when either filing or row is missing."""
    from budgetlens.qa.compute import convert
    from budgetlens.qa.resolve import bare

    dm = _Q_DELTA.search(text)
    years = sorted({int(y) for y in re.findall(r"(20\d\d)\s*年", text)})
    if dm is None or len(years) != 2 or years[1] - years[0] != 1:
        return None
    stated = float(dm.group(2).replace(",", "")) * (1 if dm.group(1) in ("增加", "增长", "多") else -1)
    words = _NOISE.sub(" ", text)
    for n in names:
        words = words.replace(n, " ")
    got = []
    for y in years:
        ids, fy = eng._group(doc_ids_all, plan, y)
        if not ids or fy != y:
            return None
        m, _, _ = eng.find(words, [], ids, y, y, plan=plan, kinds=("grid", "cell"))
        if m is None:
            return None
        got.append(m)
    before, now = got
    if before.fact.row != now.fact.row or before.fact.col != now.fact.col:
        return None  # not the same printed line in both years: not one measure
    a, b = convert(now.fact.value, now.fact.unit, "万元"), convert(before.fact.value, before.fact.unit, "万元")
    if a is None or b is None:
        return None
    delta = round(a - b, 2)
    ok = abs(delta - stated) <= 0.011
    d0, d1 = eng.docs[before.fact.doc_id], eng.docs[now.fact.doc_id]
    cites = [cite(before.fact, d0.path, d0.entity), cite(now.fact, d1.path, d1.entity)]
    verdict = "pass" if ok else "fail"
    understood.update({"measure": now.fact.label, "verdict": verdict})
    head = (f"{bare(names[0])}：{years[0]}年的文件印出「{before.fact.label}」{fmt(b)} 万元（第{before.fact.page}页）[1]，"
            f"{years[1]}年的文件印出 {fmt(a)} 万元（第{now.fact.page}页）[2]，{fmt(a)} − {fmt(b)} = {fmt(delta)} 万元；"
            f"问题所说{dm.group(1)} {dm.group(2)} 万元" + ("，一致。" if ok else "，不一致。"))
    derived = [fmt(a), fmt(b), fmt(delta), fmt(abs(delta)), dm.group(2), str(now.fact.page), str(before.fact.page)]
    missing = unverified_numbers(head, [c.quote for c in cites] + derived, set(years))
    return Answer(question=text, answer=head, citations=cites, verified=not missing, unverified_numbers=missing,
                  kind="consistency", understood=understood,
                  checks=[{"check_id": "question.stated_change=two_filings", "status": verdict, "message": head}])
