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
amounts give with their rounding (each ±0.005, ``rate_range``: the level and the change, not
the year before derived from them) and the rate's own last digit. A sentence
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
_RATE_AFTER = re.compile(r"^\s*(?:万元)?\s*[，,、]?\s*[（(]?\s*(?:增长|下降|增幅|降幅|减幅|涨幅|增长率|下降率|增速|增加|减少|上升|提高|降低)?"
                         r"(?:了|为|是)?\s*"
                         r"(\d[\d,]*(?:\.\d+)?)\s*[%％]")
# a rate printed bare in brackets right after the change (降低38.17万元（56.57）)
_BARE_RATE = re.compile(r"^\s*(?:万元)?\s*[（(]\s*(\d+(?:\.\d+)?)\s*[)）]")
_Q_CHANGE = re.compile(r"(?:增加|减少|增长|下降|降低|上升|提高|多|少)了?\s*(\d[\d,]*(?:\.\d+)?)\s*万元")
# what a consistency question says besides its measure (这个百分比算对了吗, 说明里写, 这说法成立吗)
_NOISE = re.compile(r"[这那]?[两二三四五六几]个数字?|这几项|[两二]者|幅度|请|汇总|本级|这个|这一|这说法|说法|百分比|比例|算对|算错|对不对|成立|对得上|一致|核对|说明|里|中|写|说|"
                    r"了|吗|呢|是否|却|比上年|较上年|上年|增加|减少|增长|下降|增幅|降幅|[\d.,]+\s*(?:万元|%|％)?|[^\w]")
_Q_RATE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*[%％]")


def _half(rate_text: str) -> float:
    """Half the last printed digit of a rate: 0.005 for 810.27, 0.5 for 100."""
    return 0.5 * 10 ** -(len(rate_text.split(".")[1]) if "." in rate_text else 0)


def rate_verdict(exact: float, rate_text: str, lo: float, hi: float) -> str | None:
    """The verdict on a printed rate (``rate_text``) against the rate its printed amounts give:
    ``pass`` when the amounts as printed give it, rounded as it is printed (``exact`` within half
    its last digit); ``fail`` when no amounts within their rounding give it (``lo``–``hi``, from
    ``rate_range``); None in between — only amounts other than those printed (within their
    rounding) give it, so the printed figures neither show it nor rule it out:

    >>> rate_verdict(90.92, "90.92", 90.875, 90.97), rate_verdict(90.92, "90.89", 90.875, 90.97)
    ('pass', None)
    >>> rate_verdict(90.92, "91.89", 90.875, 90.97)
    'fail'
    """
    rate, half = _num(rate_text), _half(rate_text)
    if abs(exact - rate) <= half + 1e-9:
        return "pass"
    return None if lo - half <= rate <= hi + half else "fail"


def within_rounding(answer: Answer, exact: str, said: str) -> Answer:
    """An answer on a printed rate its printed amounts give only within their rounding: they
    show no inconsistency, so the verdict is 一致, said as within rounding with what was
    computed (a rate no amounts within their rounding give is 不一致; one the amounts give
    as printed is plainly 一致)."""
    text = (f"{answer.answer} 按印出的金额计算为 {exact}，与 {said} 的差别在金额四舍五入（每个数 ±0.005）"
            "的范围之内，印出的数不能说明有误：在四舍五入误差内一致。")
    checks = [{**c, "status": "pass", "message": text} for c in answer.checks]
    return answer.model_copy(update={"answer": text, "checks": checks,
                                     "understood": {**(answer.understood or {}), "verdict": "pass"}})


def _num(s: str) -> float:
    return float(s.replace(",", ""))


def rate_range(rate, *printed: float, half: float = 0.005) -> tuple[float, float]:
    """The least and greatest percentage ``rate(*amounts)`` gives when each printed amount
    stands for anything within ``half`` of it: its value at the corners (the rate is monotonic
    in each amount). The amounts are the ones printed, each rounded on its own — the year
    before a sentence implies (13.31 + 4.76) is not, so its rounding is not added again:

    >>> lo, hi = rate_range(lambda level, change: change / (level + change), 13.31, 4.76)
    >>> round(lo, 3), round(hi, 3)  # 26.30% printed for this fall is not within rounding
    (26.314, 26.37)
    """
    from itertools import product

    got = []
    for corner in product(*((x - half, x + half) for x in printed)):
        try:
            got.append(rate(*corner) * 100)
        except ZeroDivisionError:
            continue
    return (min(got), max(got)) if got else (float("-inf"), float("inf"))


_PARTS_IN_BRACKETS = re.compile(r"[（(][^（）()]*?(?:比|较|与)\s*(?:上年|上一年|去年|20\d\d\s*年)[^（）()]*[）)]")


def parse(sentence: str) -> tuple[float, float, int, float | None, str] | None:
    """(level, change, sign, rate or None, rate as printed) of a sentence stating a change:
    ``…预算支出6.00万元，较上年增加5.00万元(83.33%)`` → (6.0, 5.0, +1, 83.33, "83.33")."""
    # the parts' own changes in brackets (…74.1万元（购置费0万元，比上年减少…；…）比上年增加39.2万元) are not the line's
    t = _PARTS_IN_BRACKETS.sub("", fold(sentence))
    m = _CHANGE_RE.search(t)
    if not m:
        return None
    before = list(_AMOUNT_RE.finditer(t[:m.start()]))
    # 较上年增加185.24（1026.00%）: a change its rate follows in brackets is in the level's 万元, printed or not
    after = re.match(r"\s*了?\s*(\d[\d,]*(?:\.\d+)?)\s*(?:万元|(?=[（(]\s*\d[\d,]*(?:\.\d+)?\s*[%％]\s*[)）]))",
                     t[m.end():])
    if not before or not after or m.group(1) in ("持平",):
        return None
    level = before[-1]
    cut = t.rfind("。", 0, m.start())
    if cut >= level.end():  # the change's own sentence prints no amount: the one before names it
        own = re.sub(r"[^\w]", "", _COMPARED.sub("", t[cut + 1:m.start(1)]))
        if own:  # …合计29.30万元，其中：…公务用车…26万元。/ “三公”经费预算较上年总体降低…: the 29.30
            level = max(before, key=lambda a: (_lcs(own, re.sub(r"[^\w]", "", t[max(0, a.start() - 24):a.start()])),
                                               a.start()))
    sign = 1 if m.group(1) in ("增加", "增长", "上升", "增", "多") else -1
    rest = t[m.end() + after.end():]
    rm = _RATE_AFTER.match(rest) or _BARE_RATE.match(rest)
    return _num(level.group(1)), _num(after.group(1)), sign, (_num(rm.group(1)) if rm else None), (
        rm.group(1).replace(",", "") if rm else "")


def check_stated(eng, text: str, plan, rest: str, doc_ids: list[str], names, understood) -> Answer | None:
    t = fold(plan.norm)
    q_change = [_num(x) for x in _Q_CHANGE.findall(t)]
    q_rate = [_num(x) for x in _Q_RATE.findall(t)]
    if not q_change and not q_rate:
        return None
    if re.search(r"分项|各项|明细|加起来|之和", t):
        # the parts' changes against the total's: not a sentence's own arithmetic
        return _parts_changes(eng, text, rest, doc_ids, names, understood, q_change)
    from budgetlens.qa.consistency import _ASKS_CHECK

    # 这个幅度算得对吗 / 核一下: the words asking for the check name no measure
    words = [w for w in re.split(r"\s+", _NOISE.sub(" ", _ASKS_CHECK.sub(" ", rest))) if len(w) >= 2]
    measure = max(words, key=len) if words else measure_words(rest)
    q_amounts = [_num(x) for x in _AMOUNT_RE.findall(t)]
    best, best_score, levels = None, 0.0, None
    sentences = _sentences(eng, doc_ids)
    given: float | None = None  # the level the question quotes, for a sentence read without its own
    for k, f in enumerate(sentences):
        p = parse(f.quote)
        two = parse_levels(f.quote) if p is None else None
        if p is None and two is None:
            lone = _unit_first(f.quote, q_amounts, q_change, q_rate)
            if lone is not None and best_score < 2:
                best, best_score, levels, given = f, 2, None, lone
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
        subject = _subject(fold(f.quote)) if m else ""  # …其中：1.行政运行（2040601）2,798.63万元，较上年增加…: the item
        if k and re.fullmatch(r"(?:本年|当年|上年|预算|决算|执行数?|安排|数|年初)*", subject) and \
                sentences[k - 1].page == f.page:
            subject = _subject(fold(sentences[k - 1].quote))  # 2022年当年预算执行数为…: the line the sentence before names
        score: float = _lcs(measure, subject) if measure and m else 1
        if rate is not None and any(abs(rate - r) < 0.006 for r in q_rate):
            score += 0.5  # of two sentences with the change quoted, the one printing the rate quoted too
        if score > best_score or score == best_score and given is not None:
            best, best_score, levels, given = f, score, two, None
    if best is not None and levels is not None and (best_score >= 2 or not measure):
        return _check_levels(eng, text, best, levels, names, understood)
    parsed = None if best is None else parse(best.quote) if given is None else parse(f"{fmt(given)}{fold(best.quote)}")
    if best is None or parsed is None or best_score < 2 and measure:
        return None
    level, change, sign, rate, rate_text = parsed
    printed_rate = ""
    unread_rate = False
    if rate is None and len(q_rate) == 1 and level - sign * change > 0.005:
        # …比上年执行数减少23387.95万元，下降 | (the rate cut off by the page, or never printed): the rate the
        # question quotes is checked against the sentence's amounts, and said to be the question's
        rate_text, rate, unread_rate = _Q_RATE.findall(t)[0].replace(",", ""), q_rate[0], True
    if q_rate and rate is not None and not any(abs(rate - r) < 0.006 for r in q_rate):
        # 说增长1%，对吗？ where the sentence prints 0%: the rate the question quotes is the one checked
        printed_rate, rate_text = rate_text, _Q_RATE.findall(t)[0].replace(",", "")
        rate = _num(rate_text)
    prior = level - sign * change
    others = [a for a in q_amounts if not any(abs(a - c) < 0.006 for c in q_change)]
    if others and given is None and not any(abs(a - x) < 0.006 for a in others for x in (level, prior)):
        # 当年拨款27700万元，比上年减少23387.95万元 where the sentence of that change prints 27600.00: the
        # figures asked about are not this sentence's, so no verdict on them
        return not_found(text, f"问题所引 {'、'.join(fmt(a) for a in others)} 万元不是说明中这一变化所在句子的金额"
                               f"（第{best.page}页：“{best.quote}”），因此不给出一致与否。", understood)
    d = eng.docs[best.doc_id]
    word = "增加" if sign > 0 else "减少"
    op = "−" if sign > 0 else "+"
    lines = [f"{names[0]}{d.fiscal_year or ''}年的说明（第{best.page}页）写：“{best.quote}”[1]。"
             + (f"这句话的金额在上一行，读作问题所引的 {fmt(given)} 万元。" if given is not None else ""),
             f"按这句话，上年即 {fmt(level)} {op} {fmt(change)} = {fmt(prior)} 万元"]
    derived = [fmt(level), fmt(change), fmt(prior), str(best.page), f"{rate_text}%"]  # 0.66 % as printed
    unsure = False
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
        # the level and the change are the printed amounts; the year before is derived from them
        lo, hi = rate_range(lambda lv, ch: ch / max(lv - sign * ch, 1e-9), level, change)
        half = 0.5 * 10 ** -(len(rate_text.split(".")[1]) if "." in rate_text else 0)
        by_rate = rate_verdict(got, rate_text, lo, hi)
        ok, unsure = by_rate == "pass", by_rate is None
        lines.append(f"，幅度 {fmt(change)} ÷ {fmt(prior)} = {got:.2f}%")
        derived += [f"{got:.2f}", f"{got:.2f}%"]
        if by_rate == "fail":
            lines.append(f"，不是 {rate_text}%")
            on_now = change / level * 100 if level else None
            if on_now is not None and abs(on_now - rate) <= half + 0.01:
                lines.append(f"（{rate_text}% 是 {fmt(change)} ÷ {fmt(level)} = {on_now:.2f}%，以本年为分母）")
                derived += [f"{on_now:.2f}", f"{on_now:.2f}%"]
        lines.append("。")
    if unread_rate:
        lines.append(f"这句话没有读出幅度，{rate_text}% 是问题所引的。")
    if printed_rate:
        lines.append(f"文件这句印的幅度是 {printed_rate}%，问题所引的是 {rate_text}%。")
        derived.append(f"{printed_rate}%")
        # a rate the rounding of neither figure makes the printed one is not the filing's: 811.27% for 810.27%
        if rate is None or abs(_num(printed_rate) - rate) >= _half(printed_rate) + _half(rate_text) - 1e-9:
            ok, unsure = False, False
    q_sign = _asked_sign(t, change)
    if q_sign and q_sign != sign:  # 问题说增加 where the sentence says 减少: the claim asked about is not the filing's
        ok, unsure = False, False
        lines.append(f"问题说{'增加' if q_sign > 0 else '减少'} {fmt(change)} 万元，文件写的是{word}。")
    if not unsure:
        lines.append("一致。" if ok else "不一致。")
    head = "".join(lines)
    verdict = "pass" if ok else "fail"
    understood.update({"measure": best.label, "verdict": verdict})
    c = cite(best, d.path, d.entity)
    missing = unverified_numbers(head, [best.quote] + derived, {y for y in (d.fiscal_year, (d.fiscal_year or 1) - 1) if y})
    answer = Answer(question=text, answer=head, citations=[c], verified=not missing, unverified_numbers=missing,
                    kind="consistency", understood=understood,
                    checks=[{"check_id": "question.stated_change", "status": verdict, "message": head}])
    return within_rounding(answer, f"{got:.2f}%", f"{rate_text}%") if unsure else answer


_LEVEL_CHANGE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万元[^。；;]{0,12}?(?:比|较|与)\s*(?:上年|上一年|去年|20\d\d\s*年)"
                           r"[^，。；,]{0,6}?(增加|减少|增长|下降)\s*(\d[\d,]*(?:\.\d+)?)\s*万元")


def _parts_changes(eng, text, rest, doc_ids, names, understood, q_change) -> Answer | None:
    """A total's stated change against the changes its parts state (“三公”经费699.13万元，比上年减少
    1.29万元。其中：因公出国（境）费73.06万元，比上年减少6.94万元；公务用车…614.01万元（…）比上年
    增加5.74万元；公务接待费12.06万元，比上年减少0.1万元): the parts are the amounts with a change
    that follow the total, its bracketed details left aside, until their levels add up to the
    total's (within a cent each); their changes must then add up to the total's, each amount
    ± half a cent. None when no sentence states the change quoted, or no parts add up."""
    if not q_change:
        return None
    sentences = _sentences(eng, doc_ids)
    for k, f in enumerate(sentences):
        p = parse(f.quote)
        if p is None or not any(abs(p[1] - c) < 0.006 for c in q_change):
            continue
        total, change, sign = p[0], p[1], p[2]
        follow = [g for g in sentences[k + 1:k + 10] if g.page in (f.page, f.page + 1) and g.quote != f.quote]
        # a sentence read whole (its pieces joined: ``_sentences``) stands for its pieces
        follow = [g for g in follow if not any(g.quote != h.quote and g.quote in h.quote for h in follow)]
        after = "".join(dict.fromkeys(fold(g.quote) for g in follow))
        after = re.sub(r"[（(][^（）()]*[）)]", "", after)  # (公务用车购置费0万元，…): a part's own details
        parts, level_sum = [], 0.0
        for m in _LEVEL_CHANGE.finditer(after):
            lv, ch = _num(m.group(1)), _num(m.group(3)) * (1 if m.group(2) in ("增加", "增长") else -1)
            parts.append((lv, ch, m.group(0)))
            level_sum += lv
            if abs(level_sum - total) <= 0.01 * len(parts) or level_sum > total + 0.01 * len(parts):
                break
        if len(parts) < 2 or abs(level_sum - total) > 0.01 * len(parts):
            continue
        got = sum(ch for _, ch, _ in parts)
        stated = sign * change
        ok = abs(got - stated) <= 0.005 * (len(parts) + 1) + 0.001
        d = eng.docs[f.doc_id]
        cites = [cite(f, d.path, d.entity)]
        marks = []
        for _lv, _, said in parts:  # each part cited where its amount is printed
            g = next((g for g in follow if re.sub(r"\s", "", said.split("万元")[0]) in re.sub(r"\s", "", fold(g.quote))),
                     None)
            if g is not None and g.quote not in [c.quote for c in cites]:
                cites.append(cite(g, d.path, d.entity))
            marks.append(next((f"[{i + 1}]" for i, c in enumerate(cites) if g is not None and c.quote == g.quote), ""))
        head = (f"{names[0]}{d.fiscal_year or ''}年的说明（第{f.page}页）写：“{f.quote}”[1]；其后各分项："
                + "；".join(f"{fmt(lv)} 万元，{'增加' if ch >= 0 else '减少'} {fmt(abs(ch))} 万元{mk}"
                           for (lv, ch, _), mk in zip(parts, marks))
                + f"。分项合计 {' + '.join(fmt(lv) for lv, _, _ in parts)} = {fmt(level_sum)} 万元，增减合计 "
                + " + ".join(f"({fmt(ch)})" for _, ch, _ in parts) + f" = {fmt(got)} 万元；总数写{'增加' if sign > 0 else '减少'} "
                + f"{fmt(change)} 万元，" + ("一致（在四舍五入尾差之内）。" if ok else "不一致。"))
        verdict = "pass" if ok else "fail"
        understood.update({"measure": f.label, "verdict": verdict})
        derived = [fmt(level_sum), fmt(got), str(f.page), after] + [fmt(lv) for lv, _, _ in parts] + [
            fmt(ch) for _, ch, _ in parts] + [fmt(abs(ch)) for _, ch, _ in parts]
        missing = unverified_numbers(head, [f.quote] + derived, {y for y in (d.fiscal_year,) if y})
        return Answer(question=text, answer=head, citations=cites, verified=not missing, unverified_numbers=missing,
                      kind="consistency", understood=understood,
                      checks=[{"check_id": "question.parts_changes=total", "status": verdict, "message": head}])
    return None


_RESTATE_NOISE = re.compile(r"20\d\d\s*年度?|所写|写明|写|部门预算|部门决算|单位预算|预算|决算|说明|里|中|的|金额|数额|数字|前后|先后|两处|"
                            r"上下文|是否|一致|对得上|吗|呢|[?？,，。]")


def _less_name(words: str, names) -> str:
    """The words less the pieces of the body's name said before them (上海普陀住房公积金（项） with
    上海市普陀区…万里街道办事处 → 住房公积金（项）): each leading run of two or more characters
    standing in the name is dropped."""
    while True:
        k = 0
        while k < len(words) and any(words[:k + 1] in n for n in names):
            k += 1
        if k < 2:
            return words
        words = words[k:]


def restated(eng, text, cq, doc_ids, fy, names, understood) -> Answer | None:
    """One line's amount said twice in the narrative, checked against itself: the heading of
    the line (31.“住房保障支出（类）住房改革支出（款）住房公积金（项）”350.35万元，主要用于…) and
    the sentence after it giving the year's amount (…2024年预算安排352.67万元，…): equal within a
    cent is pass. None when no heading of the line is followed by the year's amount."""
    from budgetlens.index.facts import canon

    words = _less_name(canon(_RESTATE_NOISE.sub(" ", cq).replace(" ", "")), names)
    if len(words) < 2 or not fy:
        return None
    sentences = _sentences(eng, doc_ids)
    for k, f in enumerate(sentences):
        q = fold(f.quote)
        i = canon(q).find(words)
        if i < 0:
            continue
        m = re.search(r"[”\"]?\s*(\d[\d,]*(?:\.\d+)?)\s*万元", q[q.find(words[-2:]) if words[-2:] in q else 0:])
        if m is None:
            continue
        first = _num(m.group(1))
        for g in sentences[k + 1:k + 3]:
            if g.quote == f.quote or g.page != f.page:
                continue
            am = re.search(rf"{fy}\s*年(?:预算|决算)?(?:安排|数|支出)?(?:为|是)?\s*(\d[\d,]*(?:\.\d+)?)\s*万元", fold(g.quote))
            if am is None:
                continue
            second = _num(am.group(1))
            ok = abs(first - second) <= 0.011
            d = eng.docs[f.doc_id]
            verdict = "pass" if ok else "fail"
            head = (f"{names[0]}{d.fiscal_year or ''}年的说明（第{f.page}页）先写“{f.quote}”[1]，即 {fmt(first)} 万元；"
                    f"后写“{g.quote}”[2]，即 {fy}年 {fmt(second)} 万元。"
                    + ("前后一致。" if ok else f"前后不一致，相差 {fmt(abs(first - second))} 万元。"))
            understood.update({"measure": words, "verdict": verdict})
            cites = [cite(f, d.path, d.entity), cite(g, d.path, d.entity)]
            missing = unverified_numbers(head, [f.quote, g.quote, fmt(abs(first - second)), str(f.page)],
                                         {y for y in (fy, d.fiscal_year) if y})
            return Answer(question=text, answer=head, citations=cites, verified=not missing,
                          unverified_numbers=missing, kind="consistency", understood=understood,
                          checks=[{"check_id": "question.restated", "status": verdict, "message": head}])
    return None


def _asked_sign(t: str, change: float) -> int:
    """+1 / −1 for the direction the question gives the change it quotes (增加5万元 / 少了5万元), 0
    when it gives none."""
    for m in re.finditer(r"(增加|减少|增长|下降|多|少)了?\s*(\d[\d,]*(?:\.\d+)?)\s*万元", t):
        if abs(_num(m.group(2)) - change) < 0.006:
            return 1 if m.group(1) in ("增加", "增长", "多") else -1
    return 0


def _unit_first(quote: str, q_amounts: list[float], q_change: list[float], q_rate: list[float]) -> float | None:
    """A sentence whose amount the page printed on the line before, unread (…支出（项）1,895 /
    万元，与上年相比减少 134 万元，降幅 0.66 %。): when it prints the very change and rate the
    question quotes, the level is the other amount the question quotes (1,895万元); else None."""
    t = fold(quote)
    if not re.match(r"\s*万元", t) or not q_change or not q_rate:
        return None
    p = parse("0" + t)
    if p is None or p[3] is None or not any(abs(p[1] - c) < 0.006 for c in q_change) or \
            not any(abs(p[3] - r) < 0.006 for r in q_rate):
        return None
    level = [a for a in q_amounts if not any(abs(a - c) < 0.006 for c in q_change)]
    return level[0] if len(level) == 1 else None


def _sentences(eng, doc_ids: list[str]) -> list:
    """The filings' narrative sentences, once each; a sentence a page breaks over two lines
    (…一般行政管理事务（项）支出 3,666 万元，与上年 / 相比增加 21.8 万元，增长 0.06 %。) read whole:
    a piece that does not end a sentence is joined to the next piece of its page. So is a
    sentence stating a change with no subject of its own (此外，基本支出预算数为5,916.27万元。
    / 与上年相比增加498.72万元，增长9.21%。): it continues the amount the sentence before states."""
    from dataclasses import replace

    out, seen = [], set()
    for d in doc_ids:
        prev = None
        opened = ""  # the pieces since one that opens a bracket it has not closed, with the page
        for f in eng.index.by_doc.get(d, []):
            if f.kind != "sentence" or f.quote in seen:
                continue
            seen.add(f.quote)
            if opened and prev is not None and prev.page == f.page and re.match(r"\s*[）)]", f.quote):
                # …维护费74.1万元（购置费0万元，…；运行维护费74.1万元，…。）比上年增加39.2万元: one sentence
                out.append(replace(f, quote=opened + f.quote))
            elif prev is not None and prev.page == f.page and (
                    not re.search(r"[。；;！？!?]\s*$", prev.quote)
                    or _continues(prev.quote, f.quote)):
                out.append(replace(f, quote=prev.quote + f.quote))
            out.append(f)
            same_page = prev is not None and prev.page == f.page
            opened = (opened if same_page else "") + f.quote if (opened and same_page) or _unclosed(f.quote) else ""
            if opened and not _unclosed(opened):
                opened = ""
            prev = f
    return out


def _unclosed(text: str) -> bool:
    return text.count("（") + text.count("(") > text.count("）") + text.count(")")


_COMPARED = re.compile(r"(?:与|比|较|同)\s*(?:上年|上一年|去年|20\d\d\s*年)(?:相比|比较|相较)?|决算|预算数|执行数")


def _continues(before: str, sentence: str) -> bool:
    """Does ``sentence`` state the change of the amount the sentence ``before`` it states? It
    prints a change but no amount ahead of it, and what it names (if anything) is named
    before: 3. 公务接待费支出1万元，完成预算100%。 / 公务接待费支出决算比2020年减少0.36万元，下降26.47%。"""
    t = fold(sentence)
    m = _CHANGE_RE.search(t)
    if not m or _AMOUNT_RE.search(t[:m.start(1)]) or not _AMOUNT_RE.search(fold(before)):
        return False
    own = re.sub(r"[^\w]", "", _COMPARED.sub("", t[:m.start(1)]))
    return len(own) < 2 or _lcs(own, fold(before)) >= min(len(own), 4)


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
    unsure = False
    if before <= 0.005:
        ok = False
        lines.append(f"上年为 {fmt(before)} 万元，算不出{rate_text}%这样的幅度。")
    else:
        got = change / before * 100
        lo, hi = rate_range(lambda b, n: abs(n - b) / max(b, 1e-9), before, now)
        by_rate = rate_verdict(abs(got), rate_text, lo, hi) if (change >= 0) == (sign > 0) else "fail"
        ok, unsure = by_rate == "pass", by_rate is None
        word = "增加" if change >= 0 else "减少"
        lines.append(f"按这句话，({fmt(now)} − {fmt(before)}) ÷ {fmt(before)} = {got:.2f}%，即{word} {abs(got):.2f}%")
        derived += [f"{got:.2f}", f"{abs(got):.2f}", f"{got:.2f}%", f"{abs(got):.2f}%"]
        lines.append("。" if by_rate != "fail" else f"，不是{'增加' if sign > 0 else '减少'} {rate_text}%。")
    if not unsure:
        lines.append("一致。" if ok else "不一致。")
    head = "".join(lines)
    verdict = "pass" if ok else "fail"
    understood.update({"measure": f.label, "verdict": verdict})
    missing = unverified_numbers(head, [f.quote] + derived,
                                 {y for y in (d.fiscal_year, (d.fiscal_year or 1) - 1) if y})
    answer = Answer(question=text, answer=head, citations=[cite(f, d.path, d.entity)], verified=not missing,
                    unverified_numbers=missing, kind="consistency", understood=understood,
                    checks=[{"check_id": "question.stated_rate", "status": verdict, "message": head}])
    return within_rounding(answer, f"{abs(got):.2f}%", f"{rate_text}%") if unsure else answer


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
