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

The same words asked of two measures' changes (``two_changes``):

    西安市工信局2022年财政拨款收入比上年多29447.58万元，一般公共预算拨款支出也说多了29447.58万元，两处一致吗？
    → 第8页：“…财政拨款收入较上年增加29447.58万元…”[1]；第9页：“…一般公共预算拨款支出105364.27万元，较上年
      增加29447.58万元…”[2]。两处都说增加 29,447.58 万元：一致。

Asked only when the question quotes one change (direction and amount) for both sides: two
different changes (分别增加A万元和B万元) ask each side's own figure, not one change said twice.
Each side is a measure and the change quoted for it; each must be read in its own sentence of
the body's filing, printing that change (direction and amount within half a cent) after words
sharing the most characters with the measure (half of it and at least four, or the whole
measure): both read is 一致; a side not found so: ``None`` (no verdict).
"""

from __future__ import annotations

import re

from budgetlens.qa.compute import cite, fmt
from budgetlens.qa.verify import unverified_numbers
from budgetlens.schemas.answer import Answer

_TWO_PLACES = re.compile(r"两处|两个地方|一个[^，。？?]{0,14}一个|又说|却说|分别")


def two_passages(eng, text: str, doc_ids: list[str], names, understood: dict) -> Answer | None:
    """The check of the module's rules, or None."""
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
        return two_changes(eng, text, doc_ids, names, understood)
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


# a change the question quotes of one side: 比上年多29447.58万元 / 也说增加了5万元 / 较上年减少1.2万元
_SIDE_CHANGE = re.compile(r"(增加|减少|增长|下降|上升|降低|多|少)了?\s*(\d[\d,]*(?:\.\d+)?)\s*万元")
_SIDE_NOISE = re.compile(r"20\d\d\s*年度?|(?:比|较|与|同)\s*(?:上一?年度?|去年|20\d\d\s*年)(?:相比)?|也|又|都|却|说了?|"
                         r"写了?|文件|说明|里|中|两处|两个地方|一个|另一个|[^\w]")
_UP = ("增加", "增长", "上升", "多")


def _side_sentence(eng, doc_ids, words: str, sign: int, change: float, taken: list):
    """The narrative sentence printing ``change`` in the direction ``sign`` after words sharing the
    longest run of characters with the measure ``words`` (not one of ``taken``): (score, fact)."""
    from budgetlens.ingest.normalize import fold
    from budgetlens.qa.stated import _sentences
    from budgetlens.qa.why import _CHANGE_RE, _lcs

    best = (0, None)
    for f in _sentences(eng, doc_ids):
        if any(f.quote in g.quote or g.quote in f.quote for g in taken):
            continue
        q = fold(f.quote)
        for m in _CHANGE_RE.finditer(q):
            after = re.match(r"\s*了?\s*(\d[\d,]*(?:\.\d+)?)\s*万元", q[m.end():])
            if not after or abs(float(after.group(1).replace(",", "")) - change) > 0.005:
                continue
            if (1 if m.group(1) in ("增加", "增长", "上升", "增", "多") else -1) != sign:
                continue
            # the words nearest before the change name its measure: its own clause, else the clause before
            # (…一般公共预算拨款支出105364.27万元，较上年增加…), never the sentence's other lines (其中…)
            pieces = [_SIDE_NOISE.sub("", re.sub(r"[\d.,]+\s*万元", "", p)) for p in re.split(r"[，,。；;]", q[:m.start()])]
            named = [p for p in pieces if len(p) >= 2]
            score = _lcs(words, named[-1]) if named else 0
            if score > best[0]:
                best = (score, f)
    return best


def two_changes(eng, text: str, doc_ids: list[str], names, understood: dict) -> Answer | None:
    """One change the question quotes of two measures and says is stated in two places, each
    read in its own sentence: 一致 when both are (see the module's rule), else None."""
    from budgetlens.ingest.normalize import fold
    from budgetlens.qa.resolve import bare

    t = fold(text)
    for n in names:
        t = t.replace(n, " ")
    found = list(_SIDE_CHANGE.finditer(t))
    if len(found) != 2 or (found[0].group(1) in _UP) != (found[1].group(1) in _UP) or \
            abs(float(found[0].group(2).replace(",", "")) - float(found[1].group(2).replace(",", ""))) > 0.005:
        return None  # 分别增加A和B: each side's own figure asked, not one change said twice
    read: list = []
    start = 0
    for m in found:
        words = _SIDE_NOISE.sub("", t[start:m.start()])
        start = m.end()
        sign = 1 if m.group(1) in _UP else -1
        change = float(m.group(2).replace(",", ""))
        score, f = _side_sentence(eng, doc_ids, words, sign, change, [g for g, _, _ in read])
        if f is None or len(words) < 2 or score < min(len(words), max(4, len(words) // 2)):
            return None
        read.append((f, sign, change))
    (fa, sign, change), _ = read
    d = eng.docs[fa.doc_id]
    said = "；".join(f"第{f.page}页写“{f.quote.strip()}”[{i + 1}]" for i, (f, _, _) in enumerate(read))
    head = f"{bare(names[0])}{d.fiscal_year or ''}年：{said}。两处都说{'增加' if sign > 0 else '减少'} {fmt(change)} 万元：一致。"
    cites = [cite(f, eng.docs[f.doc_id].path, eng.docs[f.doc_id].entity) for f, _, _ in read]
    understood.update({"measure": fa.label, "verdict": "pass"})
    derived = [fmt(change)] + [str(f.page) for f, _, _ in read]
    missing = unverified_numbers(head, [c.quote for c in cites] + derived, {d.fiscal_year} if d.fiscal_year else set())
    return Answer(question=text, answer=head, citations=cites, verified=not missing, unverified_numbers=missing,
                  kind="consistency", understood=understood,
                  checks=[{"check_id": "narrative.two_changes", "status": "pass", "message": head}])
