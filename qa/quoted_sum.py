"""A sum the question states in its own figures, checked when the filing prints every one:

    西安市司法局2026年“三公”经费80.11万元，说明里讲公务接待费3.01万元、公务用车运行维护费77.10万元、
    出国和购车都是0，这几项加起来对得上总数吗？
    → 公务接待费 3.01[1] + 公务用车运行维护费 77.10[2] = 80.11 万元；总数 80.11 万元[3]。一致。
    烟台市医疗保障局2026年支出预算：基本支出增加71.22万元、项目支出减少98,851.34万元，净减少额是不是98,780.12万元？
    → −98,851.34 + 71.22 = −98,780.12 万元 … 一致。

Rules: the question quotes at least three amounts (a list 410.44、345.96、1051.89万元 or 货物20.95、
工程18、服务586.7万元 gives each)
and asks whether they add up (加起来 / 之和 / 相加 / 两项 / 三块 / 净… / 加减下来 / 算下来 / 这么算 / 是…的合计吗); the total is the one amount said
after 总计 / 合计 / 总数 / 净, else the amount after 等于 / 是不是 / 是否为 when the question puts
it last, else the first; a part above its total means the total was misread (no verdict). Every amount other than
zero must be printed in the body's filing of the year (a sentence or a cell, in 万元 within half
a cent): one not printed gives no verdict (a decline naming it), since the question's figure is
then not the filing's. With 净, each amount counts with the sign of the change said of it (增加 +, 减少 −).
Equal within a cent a part is 一致.
"""

from __future__ import annotations

import re

from budgetlens.qa.compute import cite, convert, fmt
from budgetlens.qa.verify import unverified_numbers
from budgetlens.qa.stated import rate_range, rate_verdict, within_rounding
from budgetlens.schemas.answer import Answer

_ADDS = re.compile(r"加起来|之和|相加|加总|合起来|相抵|加减|一加一减|加加减减|算下来|合算下来|轧差|(?:这么|这样)算|的合计吗|"
                   r"[两二三四五六七八九]\s*(?:项|块|类|部分)|(?:总共|一共|共计|合计|总计)\s*\d[\d,.]*\s*万元\s*[，,]\s*其中|(?:合计|总数|总额|总计)数?(?:对|一致|相符|吻合|能对上)|净(?:增加|减少|增|减)|万元\s*加(?!起来)")
# (货物20.95、工程18、服务586.7万元: each item named before its amount, the unit said once at the end)
_AMOUNTS = re.compile(r"((?:\d[\d,]*(?:\.\d+)?\s*[、，,和]\s*[\u4e00-\u9fff]{0,6}\s*)*\d[\d,]*(?:\.\d+)?)\s*万元")
_TOTAL_LAST = re.compile(r"(?:等于|是不是|是否为|是否等于|为)[^\d，,。？?]{0,16}$")
_TOTAL_WORD = re.compile(r"总计|合计|总数|总额|总和|净|总共|一共|共计")
# a total named after its amount: 和176.31万元的总数一致吗
_TOTAL_AFTER = re.compile(r"\s*万元\s*(?:的|这个|这一)?(?:总数|合计数?|总额|总计|总和)")
# a total's change, then the changes the narrative gives for its parts (…增加23996.10万元，说明讲科技发展专项资金
# 增加24000万元、计划管理费减少3.90万元): every amount said to rise or fall, of one year
_PARTS_SAID = re.compile(r"万元\s*[，,]\s*(?:其中|主要是|主要由于|包括|分别是?|说明(?:里|中)?(?:讲|说|写|称)|"
                         r"(?:明细|分项|细项)(?:里|中|上)?(?:是|为|讲|说|写)?)")
_BARE_CHANGE = re.compile(r"((?:增加|减少|增长|下降|上升|降低)了?\s*\d[\d,]*(?:\.\d+)?)(?![\d.]|,\d|\s*(?:万|亿|元|%|％|年|个|人|项))")
# a figure of the question: not a year (2023年), a count (6项) nor a list's number
_ANY_FIGURE = re.compile(r"(?<![\d.])\d[\d,]*(?:\.\d+)?(?![\d.]|,\d|\s*(?:年|个|项|类|块|部分|大类|%|％))")
_SIGN = re.compile(r"(增加|增长|上升|多|加|减少|下降|降低|少|减)[^\d，,、。；;]{0,4}$")


def _quoted(text: str) -> list[tuple[float, int, int]]:
    """(amount, sign said before it, position) of each amount the question quotes in 万元, a list
    before one 万元 read as its items (410.44、345.96、1051.89万元); years are no amounts."""
    out = []
    for m in _AMOUNTS.finditer(text):
        for n in re.finditer(r"\d[\d,]*(?:\.\d+)?(?![\d,]*\s*年)", m.group(1)):
            if re.fullmatch(r"20\d\d", n.group(0)):
                continue
            at = m.start(1) + n.start()
            said = _SIGN.search(text[max(0, at - 12):at])
            sign = 0 if said is None else (1 if said.group(1) in ("增加", "增长", "上升", "多", "加") else -1)
            out.append((float(n.group(0).replace(",", "")), sign, at))
    return out


def _printed(eng, doc_ids: list[str], wanted: list[float]) -> dict:
    """amount → the fact printing it (in 万元, within half a cent) in the filings, each read where
    the most of the question's other amounts are printed too (the sentence listing them), a
    narrative sentence before a cell; an amount printed nowhere is not a key."""
    found: dict = {}
    for d in doc_ids:
        facts = [f for f in eng.index.by_doc.get(d, []) if f.kind in ("sentence", "figure", "cell", "grid")]
        values: dict = {}
        for f in facts:
            v = convert(f.value, f.unit, "万元")
            if v is not None:
                values.setdefault((f.page, f.quote), set()).add(round(v, 2))
        for f in facts:
            v = convert(f.value, f.unit, "万元")
            for n in wanted:
                if v is None or abs(v - n) >= 0.005:
                    continue
                near = len({round(w, 2) for w in wanted} & values[(f.page, f.quote)])
                key = (near, f.kind == "sentence")
                if n not in found or key > found[n][0]:
                    found[n] = (key, f)
    for n in wanted:  # a figure whose 万元 the page broke over two lines (增加1051.89 万 / 元): its digits
        if n in found:
            continue
        shapes = {f"{n:g}", f"{n:.2f}"}
        for d in doc_ids:
            f = next((f for f in eng.index.by_doc.get(d, []) if f.kind == "sentence" and any(
                re.search(rf"(?<![\d.]){re.escape(x)}\s*万\s*元", (f.quote or "").replace(",", "")) for x in shapes)), None)
            if f is not None:
                found[n] = ((0, True), f)
                break
    return {n: f for n, (_, f) in found.items()}


def quoted_sum(eng, text: str, doc_ids: list[str], names, understood: dict) -> Answer | None:
    """The check of the module's rules; None when the question states no such sum or the
    filing prints none of its figures; a decline when it prints some but not all."""
    from budgetlens.ingest.normalize import fold
    from budgetlens.qa.resolve import bare

    t = fold(text)
    if "万元" in t:  # …比上年多54,492.83万元，分项是教育多52,499.75、科技多965.07…: the unit said once, on the total
        t = _BARE_CHANGE.sub(r"\1万元", t)
    got = _quoted(t)
    if len(got) < 3:
        return None
    read = {n for n, _, _ in got}
    if any(float(x.replace(",", "")) not in read | {0.0} for x in _ANY_FIGURE.findall(t)):
        return None  # a figure the question quotes that is not read as one of the amounts: the sum would leave it out
    if not _ADDS.search(t) and not (_PARTS_SAID.search(t) and all(s for _, s, _ in got)
                                    and len(set(re.findall(r"20\d\d(?=\s*年)", t))) <= 1):
        return None
    named = [g for g in got if _TOTAL_WORD.search(t[max(0, g[2] - 10):g[2]])
             or _TOTAL_AFTER.match(t, g[2] + len(t[g[2]:]) - len(t[g[2]:].lstrip("0123456789,.")))]
    if len(named) == 1:  # 与总计28849.38万元 / 净减少额是不是98,780.12万元: the total names itself
        total = named[0]
    elif not named:  # else the amount after 等于 / 是不是 put last, or the first
        total = got[-1] if _TOTAL_LAST.search(t[:got[-1][2]]) else got[0]
    else:
        return None
    parts = [g for g in got if g is not total]
    # 净 / 相抵, or a total said to rise or fall with every part said to: the parts' changes net
    net = re.search(r"净(?:增加|减少|增|减)|相抵", t) is not None or bool(total[1]) and all(s for _, s, _ in parts)
    if net and not all(sign for _, sign, _ in parts):
        return None  # a net of amounts not each said to rise or fall: its signs are not known
    if not net and any(n > total[0] + 0.005 for n, _, _ in parts):
        return None  # a part above its total: the total misread, no verdict
    printed = _printed(eng, doc_ids, [n for n, _, _ in got if abs(n) >= 0.005])
    facts = [None if abs(n) < 0.005 else printed.get(n) for n, _, _ in [total, *parts]]
    unprinted = [n for f, (n, _, _) in zip(facts, [total, *parts]) if f is None and abs(n) >= 0.005]
    if unprinted and len(unprinted) < len(got):  # a figure the filing does not print: no verdict on it
        from budgetlens.qa.compute import not_found

        return not_found(text, f"问题所引 {'、'.join(fmt(n) for n in unprinted)} 万元在{bare(names[0])}的文件中没有读到，"
                               "因此不给出一致与否。", understood)
    if unprinted:
        return None
    signed = [(n * (s or 1) if net else n) for n, s, _ in parts]
    # 净减少额是不是98,780.12万元: the net counts with its own sign
    whole = total[0] * ((total[1] or (-1 if "净减" in t else 1)) if net else 1)
    s = round(sum(signed), 2)
    ok = abs(s - whole) <= 0.01 * len(parts)
    verdict = "pass" if ok else "fail"
    shown = [(v, f) for v, f in zip(signed, facts[1:]) if f is not None]
    cites, marks = [], {}
    for f in [facts[0], *(f for _, f in shown)]:
        key = None if f is None else (f.doc_id, f.page, f.quote)
        if key is not None and key not in marks:  # one sentence printing several figures is cited once
            d = eng.docs[f.doc_id]
            cites.append(cite(f, d.path, d.entity))
            marks[key] = len(cites)
    if not cites:
        return None
    d = eng.docs[cites[0].doc_id]
    mark = {id(f): marks[(f.doc_id, f.page, f.quote)] for f in facts if f is not None}
    terms = []
    for i, (v, f) in enumerate(shown):  # 71.22[2] − 98,851.34[3]
        sign = ("" if v >= 0 else "−") if i == 0 else (" + " if v >= 0 else " − ")
        terms.append(f"{sign}{fmt(abs(v))}[{mark[id(f)]}]")
    added = "".join(terms) or "0"
    zeros = len(parts) - len(shown)
    head = (f"{bare(names[0])}{d.fiscal_year or ''}年：问题所引各项都印在文件中，{added}"
            + (f"（另 {zeros} 项为 0）" if zeros else "") + f" = {fmt(s)} 万元；"
            + f"问题所说的{'净额' if net else '总数'} {fmt(whole)} 万元"
            + (f"[{mark[id(facts[0])]}]" if facts[0] is not None else "")
            + ("，一致。" if ok else f"，不一致，相差 {fmt(abs(s - whole))} 万元。"))
    derived = [fmt(s), fmt(whole), fmt(abs(s - whole)), str(zeros)] + [fmt(v) for v in signed]
    return _verdict(text, head, cites, derived, {d.fiscal_year} if d.fiscal_year else set(), understood,
                    "问题所引各项之和", "question.quoted_sum", verdict)


_YEAR_AMOUNT = re.compile(r"(?<![比较与同从自])(20\d\d)\s*年[^\d，,。；;？?、]{0,16}?(\d[\d,]*(?:\.\d+)?)\s*万元")
_YEAR_WORDS = re.compile(r"(?<![比较与同从自])(20\d\d)\s*年([^\d，,。；;？?、]{0,16}?)(\d[\d,]*(?:\.\d+)?)\s*万元")
_MEASURE_NOISE = re.compile(r"那份|这份|预算里?的?|决算里?的?|写的?|说的?|是|为|的|里|中|[“”\"'\s]")
_CHANGE_AMOUNT = re.compile(r"(增加|增长|上升|减少|下降|降低)了?\s*(\d[\d,]*(?:\.\d+)?)\s*万元")
_RATE = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")


def quoted_levels(eng, text: str, doc_ids: list[str], names, understood: dict) -> Answer | None:
    """Two years' amounts and the change between them, all three quoted by the question
    (2026年“三公”经费7.61万元、2025年9.23万元、减少1.62万元，这三个数自洽吗？), checked when the
    filing prints each: the later year − the earlier must be the change with its sign, within a
    cent and the amounts' rounding; a rate quoted too must be the change over the earlier year
    within half its last digit. None when the question is not of this shape; a decline naming
    a figure the filing does not print."""
    from budgetlens.ingest.normalize import fold
    from budgetlens.qa.compute import not_found
    from budgetlens.qa.resolve import bare

    t = fold(text)
    levels = {int(y): float(a.replace(",", "")) for y, a in _YEAR_AMOUNT.findall(t)}
    changes = _CHANGE_AMOUNT.findall(t)
    if len(levels) != 2 or len(changes) != 1:
        return None
    (y0, before), (y1, now) = sorted(levels.items())
    word, amount = changes[0]
    change = float(amount.replace(",", "")) * (1 if word in ("增加", "增长", "上升") else -1)
    rates = _RATE.findall(t)
    if len(rates) > 1 or any(abs(change) == v for v in (before, now)):
        return None
    wanted = [n for n in (before, now, abs(change)) if n >= 0.005]
    # each year's amount read in that year's own filing of the body first (2017年那份预算写的会议费是168万元),
    # then in the filing asked about
    mine = [d for n in names[:1] for d in eng.resolver.by_name.get(n, [])]
    said = {int(y): _MEASURE_NOISE.sub("", w) for y, w, _ in _YEAR_WORDS.findall(t)}
    measure = said.get(y0) or said.get(y1) or ""
    printed: dict = {}
    for n, y in ((before, y0), (now, y1), (abs(change), y1)):
        if n < 0.005 or n in printed:
            continue
        own = [d for d in mine if eng.docs[d].fiscal_year == y and eng.docs[d].doc_type == eng.docs[doc_ids[0]].doc_type
               and d not in doc_ids]
        found = _printed(eng, own, [n])
        # another filing's amount counts when it is printed for the measure the question names (会议费)
        from budgetlens.qa.why import _lcs

        found = {k: f for k, f in found.items() if len(measure) >= 2 and _lcs(measure, (f.label or "") + (f.quote or ""))
                 >= min(len(measure), 3)}
        printed.update(found or _printed(eng, doc_ids, [n]))
    unprinted = [n for n in wanted if n not in printed]
    if unprinted:
        return not_found(text, f"问题所引 {'、'.join(fmt(n) for n in unprinted)} 万元在{bare(names[0])}的文件中没有读到，"
                               "因此不给出一致与否。", understood)
    got = now - before
    ok = abs(got - change) <= 0.011
    lines = [f"{bare(names[0])}：问题所引各数都印在文件中。{y1}年 {fmt(now)} − {y0}年 {fmt(before)} = {fmt(got)} 万元，"
             f"问题说{word} {fmt(abs(change))} 万元" + ("，一致" if ok else "，不一致")]
    derived = [fmt(now), fmt(before), fmt(got), fmt(abs(change)), str(y0), str(y1)]
    unsure = False
    if rates and ok and before > 0.005:
        lo, hi = rate_range(lambda b, n: abs(n - b) / max(b, 1e-9), before, now)
        by_rate = rate_verdict(abs(got) / before * 100, rates[0], lo, hi)
        ok, unsure = by_rate == "pass", by_rate is None
        lines.append(f"；幅度 {fmt(abs(got))} ÷ {fmt(before)} = {abs(got) / before * 100:.2f}%，问题说 {rates[0]}%"
                     + ("" if unsure else "，一致" if ok else "，不一致"))
        derived += [f"{abs(got) / before * 100:.2f}%", f"{rates[0]}%"]
    cites, marks = [], {}
    for n in wanted:
        f = printed[n]
        key = (f.doc_id, f.page, f.quote)
        if key not in marks:
            d = eng.docs[f.doc_id]
            cites.append(cite(f, d.path, d.entity))
            marks[key] = len(cites)
    head = "".join(lines) + "。" + "".join(f"[{i + 1}]" for i in range(len(cites)))
    answer = _verdict(text, head, cites, derived, {y0, y1}, understood, "问题所引两年之数与增减",
                      "question.quoted_levels", "pass" if ok else "fail")
    return within_rounding(answer, f"{abs(got) / before * 100:.2f}%", f"{rates[0]}%") if unsure else answer


# 完成年初预算的116.95% / 完成116.95% / 预算执行率116.95% / 完成率为… / 相当于预算的…: the share of its budget spent
def change_vs_prior_filing(eng, text: str, doc_ids: list[str], names, understood: dict) -> Answer | None:
    """A year's amount and its change on the year before, both quoted and printed in the year's
    filing (2018年会议费884.16万元，称比上年预算少210.46万元), against the year before's own filing
    the question names (和2017年预算里的会议费对得上吗): the year before the change implies
    (884.16 + 210.46 = 1,094.62) among the amounts that filing prints for the measure's words (a
    sentence or a cell of that year) is 一致; that filing printing one other amount for them is
    不一致; none, or several others, give no verdict."""
    from budgetlens.ingest.normalize import fold
    from budgetlens.index.facts import canon
    from budgetlens.qa.resolve import bare

    t = fold(text)
    levels = _YEAR_WORDS.findall(t)
    changes = _CHANGE_AMOUNT.findall(t)
    if len(levels) != 1 or len(changes) != 1 or not doc_ids:
        return None
    y1, words, amount = int(levels[0][0]), _MEASURE_NOISE.sub("", levels[0][1]), float(levels[0][2].replace(",", ""))
    years = {int(y) for y in re.findall(r"(20\d\d)\s*年", t)} - {y1}
    y0 = years.pop() if len(years) == 1 else y1 - 1
    if y0 != y1 - 1 or len(canon(words)) < 2:
        return None
    word, said = changes[0]
    change = float(said.replace(",", "")) * (1 if word in ("增加", "增长", "上升") else -1)
    now_ids = [d for d in doc_ids if eng.docs[d].fiscal_year == y1]
    printed = _printed(eng, now_ids, [amount, abs(change)])
    if len(printed) < 2:
        return None  # the year's amount or change is not printed in its filing: not this shape
    kind = eng.docs[now_ids[0]].doc_type
    before_ids = [d for n in names[:1] for d in eng.resolver.by_name.get(n, [])
                  if eng.docs[d].fiscal_year == y0 and eng.docs[d].doc_type == kind]
    if not before_ids:
        return None
    prior = round(amount - change, 2)
    key = canon(words)
    own = [f for d in before_ids for f in eng.index.by_doc.get(d, [])
           if f.kind in ("sentence", "cell", "grid") and f.unit in ("万元", "元") and key in canon(f.label or "")
           and f.year in (None, y0)]
    values = {round(convert(f.value, f.unit, "万元") or -1, 2): f for f in own}
    same = next((f for v, f in values.items() if abs(v - prior) <= 0.011), None)
    if same is None and len(values) != 1:
        return None  # the year before's filing prints no amount of the measure, or several: which is meant is not known
    f = same or next(iter(values.values()))
    ok = same is not None
    d0, d1 = eng.docs[f.doc_id], eng.docs[printed[amount].doc_id]
    cites = [cite(printed[amount], d1.path, d1.entity)]
    if printed[abs(change)].quote != printed[amount].quote:
        cites.append(cite(printed[abs(change)], d1.path, d1.entity))
    cites.append(cite(f, d0.path, d0.entity))
    v0 = convert(f.value, f.unit, "万元")
    if v0 is None:
        return None
    head = (f"{bare(names[0])}：{y1}年的文件印出 {fmt(amount)} 万元、{word} {fmt(abs(change))} 万元"
            + "".join(f"[{i + 1}]" for i in range(len(cites) - 1))
            + f"，所指上年即 {fmt(amount)} {'−' if change >= 0 else '+'} {fmt(abs(change))} = {fmt(prior)} 万元；"
            f"{y0}年的文件印作 {fmt(v0)} 万元（第{f.page}页）[{len(cites)}]"
            + ("，一致。" if ok else f"，不一致，相差 {fmt(abs(prior - v0))} 万元。"))
    derived = [fmt(amount), fmt(abs(change)), fmt(prior), fmt(v0), fmt(abs(prior - v0)), str(f.page), str(y0), str(y1)]
    return _verdict(text, head, cites, derived, {y0, y1}, understood, f"{words}（{y0}年的文件）",
                    "question.change=prior_filing", "pass" if ok else "fail")


_DONE_RE = re.compile(r"(?:完成(?:了)?(?:(?:年初|全年|调整后?的?)?预算(?:数)?的?)?|(?:预算)?(?:执行|完成)率(?:为|是|达到?)?|"
                      r"(?:相当于|占|为|是)(?:年初|全年|调整后?的?)?预算(?:数)?的)\s*(\d+(?:\.\d+)?)\s*[%％]")
_PLANNED = re.compile(r"(?:预算数?|年初预算|年初数?|安排)[^\d，,。；;、]{0,6}$")
_SPENT = re.compile(r"(?:决算数?|执行数?|实际支出|支出决算|实际)[^\d，,。；;、]{0,6}$")


def quoted_ratio(eng, text: str, doc_ids: list[str], names, understood: dict) -> Answer | None:
    """The share of its budget a line spent, with both amounts and the rate quoted by the question
    (公务接待费预算0.6万元、决算0.32万元，说完成预算的53.3%，对吗？): 决算 ÷ 预算 against the rate, each
    amount ± half a cent and the rate ± half its last digit, when the filing prints both amounts
    (else a decline naming the one it does not). None for a question of another shape."""
    from budgetlens.ingest.normalize import fold
    from budgetlens.qa.compute import not_found
    from budgetlens.qa.resolve import bare

    t = fold(text)
    done = _DONE_RE.search(t)
    if done is None:
        return None
    planned = [n for n, _, at in _quoted(t) if _PLANNED.search(t[max(0, at - 10):at])]
    spent = [n for n, _, at in _quoted(t) if _SPENT.search(t[max(0, at - 10):at])]
    if len(planned) != 1 or len(spent) != 1 or planned[0] < 0.005:
        return None
    budget, actual, rate_text = planned[0], spent[0], done.group(1)
    printed = _printed(eng, doc_ids, [budget, actual])
    unprinted = [n for n in (budget, actual) if n not in printed]
    if unprinted:
        return not_found(text, f"问题所引 {'、'.join(fmt(n) for n in unprinted)} 万元在{bare(names[0])}的文件中没有读到，"
                               "因此不给出一致与否。", understood)
    got = actual / budget * 100
    lo, hi = (actual - 0.005) / (budget + 0.005) * 100, (actual + 0.005) / max(budget - 0.005, 1e-9) * 100
    by_rate = rate_verdict(got, rate_text, lo, hi)
    ok = by_rate == "pass"
    cites: list = []
    for n in (actual, budget):
        f = printed[n]
        d = eng.docs[f.doc_id]
        if all((c.page, c.quote) != (f.page, f.quote) for c in cites):
            cites.append(cite(f, d.path, d.entity))
    head = (f"{bare(names[0])}：决算 {fmt(actual)} ÷ 预算 {fmt(budget)} = {got:.2f}%，问题说完成预算的 {rate_text}%"
            + ("。" if by_rate is None else "，一致。" if ok else "，不一致。") + "".join(f"[{i + 1}]" for i in range(len(cites))))
    verdict = "pass" if ok else "fail"
    d = eng.docs[cites[0].doc_id]
    answer = _verdict(text, head, cites, [fmt(actual), fmt(budget), f"{got:.2f}%", f"{rate_text}%"],
                      {d.fiscal_year} if d.fiscal_year else set(), understood, "完成预算的比例", "question.quoted_ratio",
                      verdict)
    return within_rounding(answer, f"{got:.2f}%", f"{rate_text}%") if by_rate is None else answer


def _verdict(text: str, head: str, cites: list, derived: list[str], years: set, understood: dict, measure: str,
             check_id: str, verdict: str) -> Answer:
    """A verdict on figures the question quotes: every number of ``head`` found in the cited
    quotes or ``derived`` from them (``verified``), the check named ``check_id``."""
    understood.update({"measure": measure, "verdict": verdict})
    missing = unverified_numbers(head, [c.quote for c in cites] + derived, years)
    return Answer(question=text, answer=head, citations=cites, verified=not missing, unverified_numbers=missing,
                  kind="consistency", understood=understood,
                  checks=[{"check_id": check_id, "status": verdict, "message": head}])
