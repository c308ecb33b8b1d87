"""Rankings across filings: the measure found in every filing of the question's coverage,
sorted, with the coverage said (which filings were compared, which left out and why).

    哪个单位2026年“三公”经费预算最多？ → 因公…最多的是深圳市公安局（…万元）[1]。比较了 12 份文件，
    另有 2 份没有印出这一项（未计入：…）。
"""

from __future__ import annotations

import re

from budgetlens.qa.compose import resolved_scope
from budgetlens.qa.compute import convert, fmt, not_found, ranking_rows, _is_year_row
from budgetlens.qa.plan import Plan
from budgetlens.qa.verify import unverified_numbers
from budgetlens.schemas.answer import Answer


def _generic_row(row: str) -> bool:
    return _is_year_row(row) or row.strip() in ("合计", "小计", "总计", "决算数", "预算数")


def ranking(eng, text, plan: Plan, cq, codes, understood, names=None) -> Answer:
    docs = list(eng.docs.values())
    if names:
        keep = {d for n in names for d in eng.resolver.by_name[n]}
        docs = [d for d in docs if d.doc_id in keep]
    else:
        # 深圳这批…, 重庆这7个部门: the place the question names, as the filings' names print it
        place = max((p for p in eng.resolver.places if p in plan.norm), key=len, default="")
        if place:
            docs = [d for d in docs if any(place in n for n in (d.entity, *d.names) if n)]
    by_year = bool(re.search(r"哪一?年", plan.norm))
    year = plan.years[0] if plan.years and not by_year else None
    if year:
        docs = [d for d in docs if d.fiscal_year == year]
    elif by_year and plan.years:
        docs = [d for d in docs if d.fiscal_year in plan.years]
    elif not by_year:  # no year asked: each body's latest filing, never two of its years together
        latest: dict = {}
        for d in docs:
            key = d.entity or d.name
            latest[key] = max(latest.get(key, 0), d.fiscal_year or 0)
        docs = [d for d in docs if (d.fiscal_year or 0) == latest[d.entity or d.name]]
    if by_year:  # one filing a year: the department's own (部门) before a unit's
        best: dict = {}
        for d in sorted(docs, key=lambda d: (d.scope != "部门", d.doc_id)):
            best.setdefault(d.fiscal_year, d)
        docs = list(best.values())
    if plan.final is not None:
        docs = [d for d in docs if (d.doc_type == "final_accounts") == plan.final] or docs
    if not docs:
        return not_found(text, "没有找到可以排名的文件。", understood)
    # one entry per body: all its filings of the year together (a filing and its 公开表 extract)
    groups: dict = {}
    for d in docs:
        key = f"{d.fiscal_year}年" if by_year else next(
            (n for n in (names or []) if d.doc_id in eng.resolver.by_name.get(n, [])), d.entity or d.name)
        groups.setdefault(key, []).append(d)
    found: list = []  # (name, fact, value, measure words, filings)
    left: list = []
    for key, ds in groups.items():
        ids = [d.doc_id for d in ds]
        m, _, _ = eng.find(cq, codes, ids, ds[0].fiscal_year, year or ds[0].fiscal_year, plan=plan)
        v = convert(m.fact.value, m.fact.unit, plan.unit if plan.unit != "%" else "万元") if m else None
        if m is None or v is None:
            left.extend(ds)
            continue
        name = key if by_year or names else (eng.docs[m.fact.doc_id].entity or key)
        found.append((name, m.fact, v, m.score // 100, ds))
    # a filing whose best row names fewer of the measure's words than the others' prints
    # another measure (公务用车 where the others print 公务用车运行维护费): left out, said so
    most = max((e[3] for e in found), default=0)
    left.extend(d for e in found if e[3] < most for d in e[4])
    entries = [(e[0], e[1], e[2]) for e in found if e[3] == most]
    if not entries:
        return not_found(text, "这些文件都没有印出所问的数字。", understood)
    entries.sort(key=lambda e: e[2], reverse=not plan.lowest)
    rows, cites = ranking_rows(entries, eng.docs, plan.unit)
    top = entries[0]
    understood["measure"] = top[1].label
    understood.update(resolved_scope([eng.docs[f.doc_id] for _, f, _ in entries]))
    understood["covered"] = [eng.docs[f.doc_id].path for _, f, _ in entries]
    understood["left_out"] = [d.path for d in left]
    word = "最少" if plan.lowest else "最多"
    years_seen = sorted({eng.docs[f.doc_id].fiscal_year for _, f, _ in entries if eng.docs[f.doc_id].fiscal_year})
    covered_years = "、".join(f"{y}年" for y in years_seen)
    listing = "；".join(f"{n} {fmt(v)} {plan.unit}[{i + 1}]" for i, (n, _, v) in enumerate(entries[:10]))
    measure = re.sub(r"[（(].*$", "", top[1].label) if top[1].kind in ("sentence", "figure") else (
        top[1].col if _generic_row(top[1].row) else top[1].row)
    measure = re.sub(r"^(?:其中[:：]?)?[（(]?[一二三四五六七八九十\d]*[)）、.．]?", "", measure or "")
    measure = re.sub(r"预算$|决算$", "", measure) if plan.final is None else measure
    if measure in ("合计", "小计", "总计", "") and "三公" in cq:
        measure = "“三公”经费"  # a 三公 table's total column
    text_out = (f"{measure}{word}的是{top[0]}（{fmt(top[2])} {plan.unit}）[1]。"
                f"比较了 {len(entries)} 份{covered_years}的文件"
                + (f"，另有 {len(left)} 份没有印出这一项（未计入：{'、'.join(d.entity or d.name for d in left[:8])}）"
                   if left else "") + f"。各文件：{listing}。")
    derived = [fmt(v) for _, _, v in entries] + [str(len(entries)), str(len(left))]
    missing = unverified_numbers(text_out, [c.quote for c in cites] + derived,
                                 {d.fiscal_year for d in docs if d.fiscal_year})
    return Answer(question=text, answer=text_out, value=round(top[2], 6), unit=plan.unit, citations=cites,
                  verified=not missing, unverified_numbers=missing, kind="compare", table=rows,
                  understood=understood)
