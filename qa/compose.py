"""An answer composed from its operands: the computation shown, every operand cited, and
every number of the text verified against the quotes it cites (``qa.verify``).

    lookup   深圳市统计局2026年公务接待费为 11.56 万元（第9页）[1]。
    change   …增减幅度 (100.22 − 117.43) ÷ 117.43 = -14.65%。
    stated   a change the filing states beside the value (比上年减少 5.10 万元) when the year
             before is not filed.
"""

from __future__ import annotations

import re

from budgetlens.index.facts import Fact
from budgetlens.qa.compute import Match, NotFound, cite, convert, fmt
from budgetlens.qa.plan import RATIO_RE, Plan, asks_fall, asks_gap, of_whole
from budgetlens.qa.precision import printed_decimals
from budgetlens.qa.resolve import bare
from budgetlens.qa.verify import unverified_numbers
from budgetlens.qa.wording import stated
from budgetlens.schemas.answer import Answer


# 比上年减少5.10万元 / 与上年相比增加 / 和2025年相比预算减低0.27万元 (减低, 降低 say 减少)
_CHANGE_RE = re.compile(r"(?:比|较|与|和|同)(?:上年|上一年|去年|20\d\d年度?)[^，。；]{0,12}?"
                        r"(增加|增长|上升|减少|下降|减低|降低|持平|(?<!口径)一致|相同)(?:了)?\s*([\d,]+(?:\.\d+)?)?\s*(万元|元)?")
_FALLS = ("减少", "下降", "减低", "降低")
_RATE_AFTER_RE = re.compile(r"[，,]\s*(增长|增加|上升|减少|下降|减低|降低)了?\s*([\d,]+(?:\.\d+)?)\s*[%％]")
# 与上年相比减\n少: a line break inside a word is no space
_CJK_BREAK_RE = re.compile(r"(?<=[\u4e00-\u9fff，。；：、（）])\s+(?=[\u4e00-\u9fff，。；：、（）])")


# a change's lead left at a sentence's end (…910万元，与上年相比 / …43,882万元，与)
_CUT_LEAD_RE = re.compile(r"([比较与和同](?:上年|上一年|去年|20\d\d年度?)?(?:相比|比较)?)\s*[，,]?\s*$")
# the value, its unit and a comma: nothing between a figure and the change said of it
_RIGHT_AFTER_RE = re.compile(r"[\d,.]+\s*(?:万元|元)?\s*[，,]?\s*")


def _tight(text: str) -> str:
    return _CJK_BREAK_RE.sub("", text)


def printed_at(text: str, value: float) -> int:
    """Where ``text`` prints ``value`` as a figure of its own (1500, 1,500, 1500.00, 1,500.00:
    a whole number may be printed bare), never inside a longer one (1500 of 15000); -1 when
    it does not.

    >>> printed_at("支出1500万元，比上年增加440万元", 1500.0), printed_at("支出15000万元", 1500.0)
    (2, -1)
    >>> printed_at("支出3,693.6万元", 3693.6), printed_at("支出13,693.6万元", 3693.6)
    (2, -1)
    """
    forms = {fmt(value), f"{value:.2f}", f"{value:,.2f}", str(value)}
    if value == int(value):
        forms.add(str(int(value)))
    if round(value, 1) == value:  # 3,693.6 (one decimal, grouped)
        forms.add(f"{value:,.1f}")
    return min(printings(text, value), default=-1)


def printings(text: str, value: float) -> list[int]:
    """Every place ``text`` prints ``value`` as a figure of its own, first first (``printed_at``)."""
    forms = {fmt(value), f"{value:.2f}", f"{value:,.2f}", str(value)}
    if value == int(value):
        forms.add(str(int(value)))
    if round(value, 1) == value:
        forms.add(f"{value:,.1f}")
    return sorted({m.start() for p in forms for m in re.finditer(rf"(?<![\d.,]){re.escape(p)}(?![\d]|[.,]\d)", text)})


def named_printing(text: str, value: float, keys: set[str]) -> int:
    """Where a sentence printing ``value`` more than once prints it as the line named by ``keys``
    (the clause before it names the line): 公务用车购置及运行维护费24.8万元（公务用车购置费0万元，比上年
    减少19.6万元；公务用车运行维护费24.8万元，比上年减少5.45万元 prints 公务用车运行维护费's 24.8 second.
    The first printing when none names it, or that one does.

    >>> t = "公务用车购置及运行维护费24.8万元（购置费0万元，减少19.6万元；公务用车运行维护费24.8万元，减少5.45万元"
    >>> t[named_printing(t, 24.8, {"公务用车运行维护"}):][:8], named_printing(t, 24.8, {"公务接待"})
    ('24.8万元，减', 12)
    """
    from budgetlens.index.facts import canon

    at = printings(text, value)

    def names(p: int) -> bool:
        clause = canon(re.split(r"[，,。；;：:（(）)]", text[:p])[-1])
        return any(k in clause for k in keys)
    named = [p for p in at if names(p)]
    return named[0] if named and not names(at[0]) else (at[0] if at else -1)

def same_amount(s: Fact, f: Fact) -> bool:
    """A sentence's figure is the fact's amount: equal in one unit, or the fact's value at the
    sentence's printed precision (大气12372.32万元 for the table's 123,723,200 元)."""
    if s.unit == f.unit:
        return abs(s.value - f.value) <= 1e-9
    v = convert(f.value, f.unit, s.unit)
    if v is None:
        return False
    d = printed_decimals(s)
    return abs(v - s.value) <= 0.5 * 10 ** -(2 if d is None else d) + 1e-9


def _other_side(before: str, f: Fact) -> bool:
    """Whether the clause before a sentence's amount names the other side of the budget than
    the fact's line: 政府性基金预算拨款收入67,808万元，与上年相比增加… is no change of the
    支出 line printing 67,808 too (a budget's income and spending are printed alike).

    >>> from types import SimpleNamespace as N
    >>> _other_side("（2）政府性基金预算拨款收入", N(row="国有土地使用权出让收入安排的支出", label=""))
    True
    >>> _other_side("城市建设支出（项）支出", N(row="国有土地使用权出让收入安排的支出", label=""))
    False
    """
    clause = re.split(r"[。；;]", before)[-1]
    line = re.sub(r"(?:收入安排|收入中安排|收入用于)", "", f"{f.row}{getattr(f, 'label', '')}")
    said = [w for w in ("收入", "支出") if w in re.sub(r"收入安排|收入中安排|收入用于", "", clause)]
    own = [w for w in ("收入", "支出") if w in line]
    return len(said) == 1 and len(own) == 1 and said != own


def stated_change(eng, m: Match, rate: bool = False) -> tuple[float, Fact] | None:
    """The change on the year before that the sentence stating this value states
    (公务接待费预算 44.90 万元，比上年减少 5.10 万元 → −5.10), with that sentence; with ``rate``,
    the rate it states instead (决算数为1,707.93万元，比2022年度决算数增长134.61% → 134.61)."""
    from budgetlens.ingest.normalize import fold

    f = m.fact
    sentences = [s for s in eng.index.by_doc.get(f.doc_id, []) if s.kind == "sentence"]
    if f.kind == "figure":
        # a key figure quotes its whole sentence, where the narrative's own may be cut at a line
        # break inside a word (…财政拨款运行 | 经费679.08万元，比2025年增加23.79万元): read last, as
        # its page is where its passage starts, not always where the figure stands
        sentences.append(f)
    # the sentence the value was read from first, then others stating the same amount
    order = sorted(range(len(sentences)), key=lambda k: sentences[k] is not f or f.kind == "figure")
    from budgetlens.index.facts import canon

    keys = {k for k in (canon(m.label or ""), f.canon_row) if len(k) >= 2}
    for k in order:
        s = sentences[k]
        if not same_amount(s, f):
            continue
        text = _tight(fold(s.quote))
        i = named_printing(text, s.value, keys)
        if i < 0 or (s is not f and _other_side(text[:i], f)):
            continue
        cm = _CHANGE_RE.search(text, i)
        if s.kind == "figure" and (cm is None or not _RIGHT_AFTER_RE.fullmatch(text, i, cm.start())):
            continue  # a key figure's passage may go on to other lines: only the change said right after it
        if not cm or (cm.start() - i > 40 and not _same_clause_on(text, i, cm.start())):
            # …支出910万元，与上年相比 | 增加150万元，增长19.74%: the clause cut at the line's end
            # goes on in the next sentence read
            cut = _CUT_LEAD_RE.search(text, i)
            lead = cut.group(1) if cut else ""
            nxt = _next_sentence(sentences, k, lead)
            if nxt is None:
                continue
            s, text, i = nxt, lead + _tight(fold(nxt.quote)), 0
            cm = _CHANGE_RE.search(text)
            if cm is None:
                continue
        last = i  # (收入预算833万元，其中：财政拨款收入833万元，比…: the value printed again, as the part)
        while (k := printed_at(text[last + 1:cm.start()], s.value)) >= 0:
            last += 1 + k
        if _PART_AMOUNT_RE.search(text, last, cm.start()):
            continue  # …7.5万元，其中：公务用车购置费预算0元，与2021年持平: the change of the part after it
        between = text[last:cm.start()]
        if between.count("（") + between.count("(") > between.count("）") + between.count(")"):
            continue  # …维护费24.8万元（公务用车购置费0万元，比上年减少19.6万元: of the part in the bracket
        if cm.group(1) in ("持平", "一致", "相同"):  # 与上年一致: no change
            return 0.0, s
        is_rate = bool(cm.group(2)) and not cm.group(3) and text[cm.end():].lstrip().startswith(("%", "％"))
        if rate:
            # 增加1,199.75万元，增长37.11%: the rate said right after the amount
            if is_rate:
                verb, num = cm.group(1), cm.group(2)
            else:
                tail = _RATE_AFTER_RE.match(text, cm.end())
                if tail is None:
                    continue
                verb, num = tail.group(1), tail.group(2)
            r = float(num.replace(",", ""))
            return (-r if verb in _FALLS else r), s
        if cm.group(2) and text[cm.end():].lstrip().startswith(("%", "％", "个百分点")):
            continue  # 比上年增长3.08%: a rate, not an amount
        if not cm.group(2):
            continue
        delta = float(cm.group(2).replace(",", ""))
        unit = cm.group(3) or f.unit
        delta = convert(delta, unit, f.unit) or delta
        return (-delta if cm.group(1) in _FALLS else delta), s
    return None

_AMOUNT_RE = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元)")


def _same_clause_on(text: str, i: int, j: int) -> bool:
    """The change at ``j`` is still the value's at ``i``, however far: the same sentence goes on
    with no other amount between (项目支出9,399.23万元，主要用于…热线运营、政务服务工作运行分析等
    重点工作，比2025年增加2,419.80万元 — not the next sentence's 项目支出增加2,422.28万元)."""
    between = text[i:j]
    return not re.search(r"[。；;]", between) and len(_AMOUNT_RE.findall(between)) == 1


# a part's amount (其中 / 包括 …) printed between a value and the change after it: the change is
# the part's (an amount after 比 / 较, the year before's level, is no part)
_PART_AMOUNT_RE = re.compile(r"(?:其中|包括|含)[^，。；比较]*?\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元)")


def _next_sentence(sentences: list[Fact], k: int, lead: str = "") -> Fact | None:
    """The change a paragraph states after sentence ``k`` with no subject of its own (its words
    before 比 name only years and 预算), passing over sentences that restate the same figure
    or give its parts (其中 / 占): 2026年预算收入1682.76万元。2026年预算支出1682.76元，其中基本
    支出…占…。项目支出预算474.56万元，占…。2026年预算比2025年预算增加50.32万元 → the last.
    ``lead``: the start of the change left at the end of sentence ``k`` (与上年相比), read before
    each sentence after it."""
    from budgetlens.ingest.normalize import fold

    here = sentences[k]
    seen = {here.quote}
    for s in sentences[k + 1:k + 12]:
        if s.quote in seen:
            continue
        seen.add(s.quote)
        # (a clause cut at a line's end goes on in the next line read, whichever block holds it)
        if s.page != here.page or (s.bbox != here.bbox and not lead):
            return None
        t = lead + _tight(fold(s.quote))
        cm = _CHANGE_RE.search(t)
        if cm and not re.sub(r"20\d\d\s*年度?|本年|今年|预算数?|决算数?|[，,\s]", "", t[:cm.start()]):
            return s
        if lead:
            return None
        if printed_at(t, here.value) >= 0 or re.search(r"其中|占", t):
            continue  # the same figure again, or its parts
        return None
    return None


def resolved_scope(docs) -> dict:
    """What the answer was read from, as the filings call themselves: 部门 / 单位 and 预算 / 决算
    (a final account is never called 部门预算), and the filing year(s)."""
    scopes = dict.fromkeys((d.scope or "部门") + ("决算" if d.doc_type == "final_accounts" else "预算") for d in docs)
    years = sorted({d.fiscal_year for d in docs if d.fiscal_year})
    out: dict = {"scope": " / ".join(scopes)}
    if years:
        out["filing_year"] = years[0] if len(years) == 1 else years
    return out


def compose_stated(eng, text, plan: Plan, name, m_now: Match, delta: float, sentence: Fact,
                   understood) -> Answer:
    f = m_now.fact
    d = eng.docs[f.doc_id]
    cites = [cite(f, d.path, d.entity), cite(sentence, d.path, d.entity)]
    now = convert(f.value, f.unit, "万元" if plan.unit == "%" else plan.unit)
    dv = convert(delta, f.unit, "万元" if plan.unit == "%" else plan.unit)
    understood["measure"] = f.label
    understood.update(resolved_scope([d]))
    if now is None or dv is None:
        raise NotFound(f"印出的单位（{f.unit}）换算不到所问的单位。", [])
    before = now - dv
    word = "增加" if dv > 0 else "减少" if dv < 0 else "变化"
    u = "万元" if plan.unit == "%" else plan.unit  # the unit the amounts are shown in (元 when asked in 元)
    head = (f"{stated(f'{bare(name)}{d.fiscal_year}年', f.label)} {fmt(now)} {u}（第{f.page}页）[1]；文件说明比上年{word} "
            f"{fmt(abs(dv))} {u}[2]，上年即 {fmt(now)} − ({fmt(dv)}) = {fmt(before)} {u}。")
    if not dv:  # 与上年一致 / 持平: no change stated as an amount
        head = (f"{stated(f'{bare(name)}{d.fiscal_year}年', f.label)} {fmt(now)} {u}（第{f.page}页）[1]；文件说明与上年持平"
                f"[2]，上年即 {fmt(before)} {u}。")
    if plan.operation == "change_pct":
        places = _printed_places(sentence) if sentence.unit == "万元" else None
        if places is not None and f.kind != "sentence" and round(now, places) != now:
            # 收入87万元，比上年减少20万元 beside a 元 table's 866,296: the rate at the change's own
            # precision, from this year's amount as the statement rounds it (87, not 86.6296)
            now = round(now, places)
            before = now - dv
            head = (f"{stated(f'{bare(name)}{d.fiscal_year}年', f.label)} {fmt(now)} {u}（第{f.page}页，按文件所述的"
                    f"精度）[1]；文件说明比上年{word} {fmt(abs(dv))} {u}[2]，上年即 {fmt(now)} − ({fmt(dv)}) = "
                    f"{fmt(before)} {u}。")
        if not before:
            raise NotFound("上年为零，算不出增减幅度。", [])
        value = round(dv / before * 100, 2)
        head += f"增减幅度 {fmt(dv)} ÷ {fmt(before)} = {value:.2f}%。"
        unit = "%"
    else:
        value = round(dv, 6)
        unit = plan.unit
        head += f"即{word} {fmt(abs(value))} {unit}。"
        if value < 0 and (asks_fall(plan) or asks_gap(plan) or plan.operation == "difference"):
            value = -value  # 少了多少 / 差多少: the size of the decrease (a difference: its size)
    derived = [fmt(now), fmt(dv), fmt(abs(dv)), fmt(before), f"{value:.2f}", f"{value:.2f}%", fmt(value), fmt(abs(value)),
               str(f.page)]
    missing = unverified_numbers(head, [c.quote for c in cites] + derived,
                                 {d.fiscal_year, (d.fiscal_year or 1) - 1})
    return Answer(question=text, answer=head, value=value, unit=unit, citations=cites, verified=not missing,
                  unverified_numbers=missing, kind="compare", understood=understood)

def _printed_places(sentence: Fact) -> int | None:
    """The decimal places a stated change is printed with in its sentence (减少20万元 → 0,
    减少2.60万元 → 2); None when its number is not found in the quote."""
    for num in re.findall(r"\d[\d,]*(?:\.\d+)?", sentence.quote or ""):
        try:
            if abs(float(num.replace(",", "")) - abs(sentence.value)) < 1e-9:
                return len(num.split(".")[1]) if "." in num else 0
        except ValueError:
            continue
    return None


def compose_stated_rate(eng, text, plan: Plan, name, m_now: Match, rate: float, sentence: Fact,
                        understood) -> Answer:
    """A change in % the filing states beside the value, when the year before is not filed:
    the rate as printed, both cited (比2022年度决算数增长134.61%)."""
    f = m_now.fact
    d = eng.docs[f.doc_id]
    cites = [cite(f, d.path, d.entity), cite(sentence, d.path, d.entity)]
    now = convert(f.value, f.unit, "万元")
    if now is None:
        raise NotFound(f"印出的单位（{f.unit}）换算不到所问的单位。", [])
    understood["measure"] = f.label
    understood.update(resolved_scope([d]))
    word = "增长" if rate >= 0 else "下降"
    head = (f"{stated(f'{bare(name)}{d.fiscal_year}年', f.label)} {fmt(now)} 万元（第{f.page}页）[1]；"
            f"文件说明比上年{word} {abs(rate):.2f}%[2]。增减幅度 {rate:.2f}%。")
    derived = [fmt(now), f"{abs(rate):.2f}", f"{rate:.2f}", f"{abs(rate):.2f}%", f"{rate:.2f}%", str(f.page)]
    missing = unverified_numbers(head, [c.quote for c in cites] + derived,
                                 {d.fiscal_year, (d.fiscal_year or 1) - 1})
    return Answer(question=text, answer=head, value=round(rate, 2), unit="%", citations=cites,
                  verified=not missing, unverified_numbers=missing, kind="compare", understood=understood)


def _printed_twice(eng, facts) -> str:
    """Two operands of a sum that are one line printed twice: one filing (or its tables printed again
    apart, a file naming no body, of the same year), the same amount (not zero) and a measure their
    labels share (预算数（会议费） and (8)会议费(款)支出, both 1,094.62 — ``会议费``), whatever the page.
    Their labels and amount, or ""."""
    from budgetlens.qa.why import _lcs

    def core(label: str) -> str:
        return re.sub(r"[^\u4e00-\u9fff]|支出|预算数?|决算数?|合计|金额|本年|年初", "", re.sub(r"[（(](?:类|款|项|\d{1,2}|[一二三四五六七八九十]{1,3})[）)]", "", label))

    for i, f in enumerate(facts):
        for g in facts[i + 1:]:
            a, b = eng.docs[f.doc_id], eng.docs[g.doc_id]
            if (f.kind == g.kind == "grid" and f.doc_id == g.doc_id and f.title == g.title
                    and f.code and g.code and f.quote != g.quote):
                continue  # two rows of one table, each printing its own codes: no line printed twice
            one = f.doc_id == g.doc_id or a.fiscal_year == b.fiscal_year and (
                not a.entity or not b.entity or a.entity == b.entity)
            if one and f.value and f.unit == g.unit and abs(f.value - g.value) < 1e-9 and (
                    _lcs(core(f.label), core(g.label)) >= min(3, len(core(f.label)), len(core(g.label))) > 0):
                return f"{f.label} 与 {g.label}，都是 {fmt(f.value)} {f.unit}"
    return ""


def compose(eng, text, plan: Plan, operands, understood, ordered: bool = False) -> Answer:
    """``ordered``: a share is the first operand over the second as given, whichever is larger
    (a final account over its budget may pass 100%)."""
    op = plan.operation
    cites, parts, derived, vals = [], [], [], []
    for name, m in operands:
        f = m.fact
        d = eng.docs[f.doc_id]
        cites.append(cite(f, d.path, d.entity))
        also = []
        for o in (m.also or []) if op == "lookup" else []:
            if o.page not in {c.page for c in cites}:
                cites.append(cite(o, d.path, d.entity))
                also.append(f"第{o.page}页[{len(cites)}]")
        asked = "%" if f.unit == "%" else (plan.unit if plan.unit != "%" else "万元")
        v = convert(f.value, f.unit, asked)
        if v is None:
            raise NotFound(f"印出的单位（{f.unit}）换算不到所问的单位。", [])
        vals.append(v)
        shown = f"{fmt(v)} {asked}" + (f"（文件印作 {fmt(f.value)} {f.unit}）" if asked != f.unit else "")
        if asked != f.unit:
            derived.append(fmt(v))
        yr = f.year if f.year and f.year > 0 else (d.fiscal_year if f.year is None else (d.fiscal_year or 1) - 1)
        n_main = len(cites) - len(also)
        parts.append(f"{stated(f'{bare(name)}{yr}年', f.label)} {shown}（第{f.page}页）[{n_main}]"
                     + (f"（同数又见{'、'.join(also)}）" if also else ""))
    understood["measure"] = " / ".join(dict.fromkeys(m.fact.label for _, m in operands))
    understood.update(resolved_scope([eng.docs[m.fact.doc_id] for _, m in operands]))
    unit = plan.unit
    if op == "lookup":
        value = vals[0]
        unit = "%" if operands[0][1].fact.unit == "%" else plan.unit
        head = parts[0] + "。"
    elif op == "sum":
        twice = _printed_twice(eng, [m.fact for _, m in operands])
        if twice:
            # 预算数（会议费）1,094.62 (p11) + (8)会议费(款)支出1,094.62 (p18): one line printed twice is no two parts
            raise NotFound(f"要相加的两个数是同一行印了两次（{twice}），不是两项，因此不给出合计。", [])
        value = sum(vals)
        head = "；".join(parts) + f"。合计 {' + '.join(fmt(v) for v in vals)} = {fmt(value)} {unit}。"
    elif op == "difference":
        value = abs(vals[0] - vals[1])
        head = "；".join(parts) + f"。相差 {fmt(max(vals))} − {fmt(min(vals))} = {fmt(value)} {unit}。"
    elif op == "share":
        if not vals[1]:
            raise NotFound("分母为零，算不出比重。", [])
        # (A与B之比 is A over B as named; any other share is the part over its whole)
        num, den = ((vals[0], vals[1]) if vals[0] <= vals[1] or ordered or RATIO_RE.search(plan.norm)
                    or of_whole(plan.norm) else (vals[1], vals[0]))
        value = num / den * 100
        unit = "%"
        head = "；".join(parts) + f"。占比 {fmt(num)} ÷ {fmt(den)} = {value:.2f}%。"
    elif op in ("change", "change_pct"):
        before, now = vals
        delta = now - before
        if op == "change_pct":
            if not before:
                raise NotFound("上年为零，算不出增减幅度。", [])
            value = delta / before * 100
            unit = "%"
            head = "；".join(parts) + f"。增减幅度 ({fmt(now)} − {fmt(before)}) ÷ {fmt(before)} = {value:.2f}%。"
        else:
            value = delta
            word = "增加" if delta >= 0 else "减少"
            head = "；".join(parts) + f"。{word} {fmt(now)} − {fmt(before)} = {fmt(delta)} {unit}。"
            if delta < 0 and (asks_fall(plan) or asks_gap(plan)):
                value = -delta  # 少了多少 / 差多少: the size of the decrease
    else:
        raise NotFound("不会算这个问题。", [])
    value = round(value, 2) if unit == "%" else round(value, 6)
    derived += [fmt(value), f"{value:.2f}", fmt(-value) if value < 0 else fmt(value)]
    if unit == "%":
        derived.append(f"{value:.2f}%")  # a share or change in %: verified as a percentage
    years = {eng.docs[m.fact.doc_id].fiscal_year for _, m in operands} | {
        m.fact.year for _, m in operands if m.fact.year and m.fact.year > 0}
    years |= {y - 1 for y in years if y}
    derived += [str(c.page) for c in cites]  # 第9页: where, not a figure
    missing = unverified_numbers(head, [c.quote for c in cites] + derived, {y for y in years if y})
    return Answer(question=text, answer=head, value=value, unit=unit, citations=cites,
                  verified=not missing, unverified_numbers=missing,
                  kind="value" if op == "lookup" else "compare", understood=understood)
