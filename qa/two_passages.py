"""Two passages stating one amount with different changes on the year before:

    西安医保局2022年工资福利支出（301）和机关工资福利支出（501）都是2036.82万元，可一个说较上年减少103.68万元、
    一个说增加1300.35万元，这两处对得上吗？
    → 第20页：“…2036.82万元，较上年减少103.68万元…”[1]，上年即 2,140.50 万元；第21页：“…2036.82万元，较上年增加
      1300.35万元…”[2]，上年即 736.47 万元。两处说的上年不同：不一致。

Asked when the question quotes one amount (once or twice) and two other amounts and says the
filing states them in two places (两处 / 一个…一个 / 又说 / 分别). Each change must be read in a
sentence of the body's filing printing the amount and then that change (``stated.parse``), the
two sentences apart; the year before each implies (amount ∓ change) must agree within a cent for
一致. Either sentence not found: ``None`` (no verdict).
"""

from __future__ import annotations

import re

from budgetlens.qa.compute import cite, fmt
from budgetlens.qa.verify import unverified_numbers
from budgetlens.schemas.answer import Answer

_TWO_PLACES = re.compile(r"两处|两个地方|一个[^，。？?]{0,14}一个|又说|却说|分别")


def two_passages(eng, text: str, doc_ids: list[str], names, understood: dict) -> Answer | None:
    """The check of the module's rule, or None."""
    from budgetlens.ingest.normalize import fold
    from budgetlens.qa.resolve import bare
    from budgetlens.qa.sides import quoted_figures
    from budgetlens.qa.stated import _sentences, parse

    t = fold(text)
    if not _TWO_PLACES.search(t):
        return None
    amounts = [v for v, unit in quoted_figures(t) if unit == "万元"]
    level = next((a for a in amounts if amounts.count(a) > 1), amounts[0] if amounts else None)
    changes = list(dict.fromkeys(a for a in amounts if a != level))
    if level is None or len(changes) != 2:
        return None
    read: list = []
    for c in changes:
        hit = None
        for f in _sentences(eng, doc_ids):
            p = parse(f.quote)
            if p and abs(p[0] - level) < 0.005 and abs(p[1] - c) < 0.005 and all(f.quote not in g.quote and
                                                                                 g.quote not in f.quote for g, _ in read):
                hit = (f, p)
                break
        if hit is None:
            return None
        read.append(hit)
    priors = [p[0] - p[2] * p[1] for _, p in read]
    ok = abs(priors[0] - priors[1]) <= 0.01
    verdict = "pass" if ok else "fail"
    d = eng.docs[read[0][0].doc_id]
    said = "；".join(f"第{f.page}页写“{f.quote.strip()}”[{i + 1}]，上年即 {fmt(p[0])} {'−' if p[2] > 0 else '+'} "
                    f"{fmt(p[1])} = {fmt(prior)} 万元" for i, ((f, p), prior) in enumerate(zip(read, priors)))
    head = (f"{bare(names[0])}{d.fiscal_year or ''}年：{said}。"
            + ("两处说的上年相同：一致。" if ok else f"两处说的上年相差 {fmt(abs(priors[0] - priors[1]))} 万元：不一致。"))
    cites = [cite(f, eng.docs[f.doc_id].path, eng.docs[f.doc_id].entity) for f, _ in read]
    understood.update({"measure": read[0][0].label, "verdict": verdict})
    derived = [fmt(x) for x in priors] + [fmt(abs(priors[0] - priors[1]))] + [str(f.page) for f, _ in read] + [
        fmt(v) for _, p in read for v in p[:2]]
    missing = unverified_numbers(head, [c.quote for c in cites] + derived, {d.fiscal_year} if d.fiscal_year else set())
    return Answer(question=text, answer=head, citations=cites, verified=not missing, unverified_numbers=missing,
                  kind="consistency", understood=understood,
                  checks=[{"check_id": "narrative.two_passages", "status": verdict, "message": head}])
