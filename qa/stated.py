"""A change the narrative states, checked by its own arithmetic: the level, the change on the
year before and the rate one sentence prints must agree with each other.

    西安市国资委2022年“三公”经费比上年增加5万元、说增幅83.33%，这个百分比算对了吗？
    → 说明（第19页）：“…“三公”经费预算支出6.00万元，较上年增加5.00万元(83.33%)…”[1]。上年即
      6.00 − 5.00 = 1.00 万元，增幅 5.00 ÷ 1.00 = 500.00%，不是 83.33%（83.33% 是 5.00 ÷ 6.00，
      以本年为分母）。不一致。
    万里街道2023年…政府性基金拨款支出预算0万元却“比2022年预算增加1421.25万元”，成立吗？
    → 上年即 0 − 1421.25 = −1,421.25 万元，一项预算不会是负数：不一致。

Rules: the sentence is the one among the filing's narrative sentences that states the change
the question quotes (its amount, else its rate) of the measure the question names (the
longest run of characters its subject shares with the question's words); the level is the
last amount printed before the change in that sentence, the rate the percentage printed
right after the change. The year before is level − change (level + change for a decrease);
a negative year before fails; a printed rate fails when it lies outside what the printed
amounts give with their rounding (each ±0.005) and the rate's own last digit. A sentence
with a change but no rate and a non-negative year before says nothing checkable: ``None``.
"""

from __future__ import annotations

import re

from budgetlens.ingest.normalize import fold
from budgetlens.qa.compute import cite, fmt, not_found
from budgetlens.qa.verify import unverified_numbers
from budgetlens.qa.why import _CHANGE_RE, _lcs, _subject, measure_words
from budgetlens.schemas.answer import Answer, AnswerCitation

_AMOUNT_RE = re.compile(r"(?<![\d.])(\d[\d,]*(?:\.\d+)?)\s*万元")
_RATE_AFTER = re.compile(r"^\s*(?:万元)?\s*[，,、]?\s*[（(]?\s*(?:增长|下降|增幅|降幅|增加|减少|上升|提高|降低)?\s*"
                         r"(\d[\d,]*(?:\.\d+)?)\s*[%％]")
_Q_CHANGE = re.compile(r"(?:增加|减少|增长|下降|多|少)了?\s*(\d[\d,]*(?:\.\d+)?)\s*万元")
# what a consistency question says besides its measure (这个百分比算对了吗, 说明里写, 这说法成立吗)
_NOISE = re.compile(r"这个|这一|这说法|说法|百分比|比例|算对|算错|对不对|成立|对得上|一致|核对|说明|里|中|写|说|"
                    r"了|吗|呢|是否|却|比上年|较上年|上年|增加|减少|增长|下降|增幅|降幅|[\d.,]+\s*(?:万元|%|％)?|[^\w]")
_Q_RATE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*[%％]")


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def parse(sentence: str) -> tuple[float, float, int, float | None, str] | None:
    """(level, change, sign, rate or None, rate as printed) of a sentence stating a change:
    ``…预算支出6.00万元，较上年增加5.00万元(83.33%)`` → (6.0, 5.0, +1, 83.33, "83.33")."""
    t = fold(sentence)
    m = _CHANGE_RE.search(t)
    if not m:
        return None
    before = _AMOUNT_RE.findall(t[:m.start()])
    after = re.match(r"\s*了?\s*(\d[\d,]*(?:\.\d+)?)\s*万元", t[m.end():])
    if not before or not after or m.group(1) in ("持平",):
        return None
    sign = 1 if m.group(1) in ("增加", "增长", "上升", "增", "多") else -1
    rest = t[m.end() + after.end():]
    rm = _RATE_AFTER.match(rest)
    return _num(before[-1]), _num(after.group(1)), sign, (_num(rm.group(1)) if rm else None), (
        rm.group(1).replace(",", "") if rm else "")


def check_stated(eng, text: str, plan, rest: str, doc_ids: list[str], names, understood) -> Answer | None:
    t = fold(plan.norm)
    q_change = [_num(x) for x in _Q_CHANGE.findall(t)]
    q_rate = [_num(x) for x in _Q_RATE.findall(t)]
    if not q_change and not q_rate:
        return None
    if re.search(r"分项|各项|明细|加起来|之和", t):
        return None  # the parts' changes against the total's: not a sentence's own arithmetic
    words = [w for w in re.split(r"\s+", _NOISE.sub(" ", rest)) if len(w) >= 2]
    measure = max(words, key=len) if words else measure_words(rest)
    q_amounts = [_num(x) for x in _AMOUNT_RE.findall(t)]
    best, best_score, levels = None, 0, None
    sentences = _sentences(eng, doc_ids)
    for k, f in enumerate(sentences):
        p = parse(f.quote)
        two = parse_levels(f.quote) if p is None else None
        if p is None and two is None:
            continue
        if p is not None:
            level, change, sign, rate, _ = p
            if q_change and not any(abs(change - c) < 0.006 for c in q_change):
                continue
        elif two is not None:
            rate = two[3]
            if q_amounts and not any(abs(a - c) < 0.006 for a in two[:2] for c in q_amounts):
                continue
        if (not q_change or p is None) and not (rate is not None and any(abs(rate - r) < 0.006 for r in q_rate)):
            continue
        m = _CHANGE_RE.search(fold(f.quote))
        subject = _subject(fold(f.quote)[:m.start()]) if m else ""
        if k and re.fullmatch(r"(?:本年|当年|上年|预算|决算|执行数?|安排|数|年初)*", subject) and \
                sentences[k - 1].page == f.page:
            subject = _subject(fold(sentences[k - 1].quote))  # 2022年当年预算执行数为…: the line the sentence before names
        score = _lcs(measure, subject) if measure and m else 1
        if score > best_score:
            best, best_score, levels = f, score, two
    if best is not None and levels is not None and (best_score >= 2 or not measure):
        return _check_levels(eng, text, best, levels, names, understood)
    parsed = parse(best.quote) if best is not None else None
    if best is None or parsed is None or best_score < 2 and measure:
        return None
    level, change, sign, rate, rate_text = parsed
    prior = level - sign * change
    d = eng.docs[best.doc_id]
    word = "增加" if sign > 0 else "减少"
    op = "−" if sign > 0 else "+"
    lines = [f"{names[0]}{d.fiscal_year or ''}年的说明（第{best.page}页）写：“{best.quote}”[1]。",
             f"按这句话，上年即 {fmt(level)} {op} {fmt(change)} = {fmt(prior)} 万元"]
    derived = [fmt(level), fmt(change), fmt(prior), str(best.page)]
    if prior < -0.005:
        ok = False
        lines.append(f"，是负数：本年 {fmt(level)} 万元不可能比上年{word} {fmt(change)} 万元。")
    elif rate is None:
        return None  # a change with no rate: nothing its own arithmetic can check
    elif prior <= 0.005:
        ok = False
        lines.append(f"，上年为零，算不出{rate_text}%这样的幅度。")
    else:
        got = change / prior * 100
        lo = (change - 0.005) / (prior + 0.01) * 100
        hi = (change + 0.005) / max(prior - 0.01, 1e-9) * 100
        half = 0.5 * 10 ** -(len(rate_text.split(".")[1]) if "." in rate_text else 0)
        ok = lo - half <= rate <= hi + half
        lines.append(f"，幅度 {fmt(change)} ÷ {fmt(prior)} = {got:.2f}%")
        derived += [f"{got:.2f}", f"{got:.2f}%"]
        if not ok:
            lines.append(f"，不是 {rate_text}%")
            on_now = change / level * 100 if level else None
            if on_now is not None and abs(on_now - rate) <= half + 0.01:
                lines.append(f"（{rate_text}% 是 {fmt(change)} ÷ {fmt(level)} = {on_now:.2f}%，以本年为分母）")
                derived += [f"{on_now:.2f}", f"{on_now:.2f}%"]
        lines.append("。")
    lines.append("一致。" if ok else "不一致。")
    head = "".join(lines)
    verdict = "pass" if ok else "fail"
    understood.update({"measure": best.label, "verdict": verdict})
    c = cite(best, d.path, d.entity)
    missing = unverified_numbers(head, [best.quote] + derived, {y for y in (d.fiscal_year, (d.fiscal_year or 1) - 1) if y})
    return Answer(question=text, answer=head, citations=[c], verified=not missing, unverified_numbers=missing,
                  kind="consistency", understood=understood,
                  checks=[{"check_id": "question.stated_change", "status": verdict, "message": head}])


def _sentences(eng, doc_ids: list[str]) -> list:
    """The filings' narrative sentences, once each; a sentence a page breaks over two lines
    (…一般行政管理事务（项）支出 3,666 万元，与上年 / 相比增加 21.8 万元，增长 0.06 %。) read whole:
    a piece that does not end a sentence is joined to the next piece of its page."""
    from dataclasses import replace

    out, seen = [], set()
    for d in doc_ids:
        prev = None
        for f in eng.index.by_doc.get(d, []):
            if f.kind != "sentence" or f.quote in seen:
                continue
            seen.add(f.quote)
            if prev is not None and prev.page == f.page and not re.search(r"[。；;！？!?]\s*$", prev.quote):
                out.append(replace(f, quote=prev.quote + f.quote))
            out.append(f)
            prev = f
    return out


_LEVELS_RE = re.compile(r"^\s*了?\s*(\d+(?:\.\d+)?)\s*[%％]")


def parse_levels(sentence: str) -> tuple[float, float, int, float, str] | None:
    """(the year before, this year, sign, rate, rate as printed) of a sentence stating two
    amounts and the rate between them: ``2022年当年预算执行数为11.67万元，2023年预算安排45.41万元，
    比2022年预算执行数增加314.82%`` → (11.67, 45.41, +1, 314.82, "314.82")."""
    t = fold(sentence)
    m = _CHANGE_RE.search(t)
    if not m or m.group(1) == "持平":
        return None
    rm = _LEVELS_RE.match(t[m.end():])
    amounts = _AMOUNT_RE.findall(t[:m.start()])
    if not rm or len(amounts) < 2:
        return None
    sign = 1 if m.group(1) in ("增加", "增长", "上升", "增", "多") else -1
    return _num(amounts[-2]), _num(amounts[-1]), sign, float(rm.group(1)), rm.group(1)


def _check_levels(eng, text, f, levels, names, understood) -> Answer:
    """The rate a sentence states between the two amounts it prints, recomputed: (this year −
    the year before) ÷ the year before, each amount ± half a cent, the rate ± half its last
    digit; a rate stated in the wrong direction (增加 for a fall) fails."""
    before, now, sign, rate, rate_text = levels
    d = eng.docs[f.doc_id]
    change = now - before
    lines = [f"{names[0]}{d.fiscal_year or ''}年的说明（第{f.page}页）写：“{f.quote}”[1]。"]
    derived = [fmt(before), fmt(now), fmt(abs(change)), str(f.page)]
    if before <= 0.005:
        ok = False
        lines.append(f"上年为 {fmt(before)} 万元，算不出{rate_text}%这样的幅度。")
    else:
        got = change / before * 100
        lo = (abs(change) - 0.01) / (before + 0.005) * 100
        hi = (abs(change) + 0.01) / max(before - 0.005, 1e-9) * 100
        half = 0.5 * 10 ** -(len(rate_text.split(".")[1]) if "." in rate_text else 0)
        ok = (change >= 0) == (sign > 0) and lo - half <= rate <= hi + half
        word = "增加" if change >= 0 else "减少"
        lines.append(f"按这句话，({fmt(now)} − {fmt(before)}) ÷ {fmt(before)} = {got:.2f}%，即{word} {abs(got):.2f}%")
        derived += [f"{got:.2f}", f"{abs(got):.2f}", f"{got:.2f}%", f"{abs(got):.2f}%"]
        lines.append("。" if ok else f"，不是{'增加' if sign > 0 else '减少'} {rate_text}%。")
    lines.append("一致。" if ok else "不一致。")
    head = "".join(lines)
    verdict = "pass" if ok else "fail"
    understood.update({"measure": f.label, "verdict": verdict})
    missing = unverified_numbers(head, [f.quote] + derived,
                                 {y for y in (d.fiscal_year, (d.fiscal_year or 1) - 1) if y})
    return Answer(question=text, answer=head, citations=[cite(f, d.path, d.entity)], verified=not missing,
                  unverified_numbers=missing, kind="consistency", understood=understood,
                  checks=[{"check_id": "question.stated_rate", "status": verdict, "message": head}])


_EMPTY_NOTE = re.compile(r"(?:本|此)表为空表|故本表无数据|本表无数据")
_ASKS_NOTE = re.compile(r"注释|表注|表下|注明|备注|注里|说明文字|的注")


def check_note(eng, store, text: str, state=None) -> Answer | None:
    """A table whose note says it is empty (注:本部门2024年无“三公”经费和机关运行经费预算，故本表为
    空表。) checked against the numbers the table prints on that page: any figure other than
    zero fails. ``None`` when the question asks about no note; not found when the filing prints
    no such note or no table beside it (the checks of other numbers do not answer it)."""
    from budgetlens.qa.plan import rewrite
    from budgetlens.qa.why import _layout, named_filings
    from budgetlens.index.facts import bigrams

    if not _ASKS_NOTE.search(rewrite(text)):
        return None
    named = named_filings(eng, text, state)
    if named is None:
        return None
    norm, res, names, _, doc_ids, fy = named
    notes = []
    for d in doc_ids:
        layout = _layout(store, d)
        for page in (layout.pages if layout else []):
            for b in page.blocks:
                if b.kind != "table" and b.text and _EMPTY_NOTE.search(b.text):
                    notes.append((len(bigrams(b.text) & bigrams(res.rest or norm)), d, page.number, b))
    if not notes:
        return not_found(text, "没有找到说本表为空表的表注，无从核对。", {"entity": names[0], "year": fy})
    _, d, page, block = max(notes, key=lambda x: x[0])
    cells = [f for f in eng.index.by_doc.get(d, []) if f.kind in ("grid", "cell") and f.page == page]
    printed = [f for f in cells if abs(f.value) > 0.004]
    doc = eng.docs[d]
    note = " ".join(block.text.split())
    cites = [AnswerCitation(doc_id=d, path=doc.path, page=page, bbox=list(block.bbox) if block.bbox else None,
                            quote=note, entity=doc.entity)]
    if printed:
        shown = printed[:4]
        cites += [cite(f, doc.path, doc.entity) for f in shown]
        head = (f"{names[0]}{fy or ''}年：第{page}页的表注写“{note}”[1]，但同页的表印有数字："
                + "；".join(f"{f.label} {fmt(f.value)} {f.unit}[{i + 2}]" for i, f in enumerate(shown))
                + "。表和表注不一致。")
    elif cells:
        head = f"{names[0]}{fy or ''}年：第{page}页的表注写“{note}”[1]，同页的表没有印出零以外的数字。一致。"
    else:
        return not_found(text, f"第{page}页的表注说本表为空表，同页没有读出表格，无从核对。",
                         {"entity": names[0], "year": fy})
    verdict = "fail" if printed else "pass"
    missing = unverified_numbers(head, [c.quote for c in cites] + [str(page)] + [fmt(f.value) for f in printed[:4]],
                                 {y for y in (fy, doc.fiscal_year) if y})
    return Answer(question=text, answer=head, citations=cites, verified=not missing, unverified_numbers=missing,
                  kind="consistency", understood={"entity": names[0], "year": fy, "operation": "consistency",
                                                  "measure": note, "verdict": verdict},
                  checks=[{"check_id": "question.note=table", "status": verdict, "message": head}])
