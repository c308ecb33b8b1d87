"""Follow-up turns completed from what the conversation resolved before (``engine.State``),
before the question is answered as a whole one:

- *another body* (那深圳市财政局呢？): the previous question, about that body (and the year the
  turn names, if any): ``switch_body``;
- *no body at all*, and not elliptical (会议费多少元？ after 西安市生态环境局的机关运行经费…):
  the previous turn's body is named in front: 西安市生态环境局会议费多少元？ — unless the
  previous turn asked for a part (其中差旅费呢？), when the measure is a part of a whole the
  body alone does not name;
- *a part or the body pointed at* (出国（境）那部分呢？ / 那它的机关运行经费呢？): read as 其中出国（境）呢？
  / 那机关运行经费呢？, and 机关运行经费又是多少？ as 那机关运行经费呢？ (``pointing``);
- *a choice only* (2018年的 / 部门决算, the reply to a question asked back): read as 那2018年呢？ /
  那部门决算呢？ (``qa.choose.choice_reply``);
- *a year said twice* (上一年（2025年）预算是多少？): the year printed wins over the relative
  word, which would count back from it once more (→ 2025年预算是多少？).

A turn after a ranking or one that names its own body is asked as it is. The engine itself
reads elliptical turns (那2024年呢？ 其中公务接待费呢？) against the state. A turn naming a body
the filings do not print (那深圳市海关呢？) is asked afresh (``unknown_body``): it is not the last
body's, and neither is the turn after it.
"""

from __future__ import annotations

import re

from budgetlens.qa.choose import choice_reply

# 上一年（2025年） / 去年(2025年): the year in brackets is the year meant
_RELATIVE_YEAR = re.compile(r"(?:上一?年|去年|前一年)(?:度)?\s*[（(]\s*(20\d\d)\s*年?度?\s*[)）]")
_ASKING_ALL = re.compile(r"哪(?:个|家|一)|谁|最(?:多|少|高|低)|排名|各(?:单位|部门)|所有")


_PRIOR_VALUE = re.compile(r"^(?:那么?)?(?:上一?年|去年|前一年)(?:度)?(?:的)?(?:预算|决算|数)?(?:是|为)?(?:多少|几何)")
# 上一年呢？ / 那前一年呢？: the same figure of the year before, said elliptically
_PRIOR_ELLIPTIC = re.compile(r"^(?:那么?)?(?:上一?年|去年|前一年)(?:度)?(?:的)?(?=(?:预算|决算|数)?呢[？?]?$)")


# 前年呢？ / 大前年的是多少？ / 再往前一年呢？: years back from the one the conversation is about
_YEARS_BACK = re.compile(r"^(?:那么?)?(?P<w>大前年|前年|再往前一年|往前一年|再前一年|再早一年|再往前推一年)(?:度)?(?:的)?")
_BACK = {"大前年": 3, "前年": 2}


def _prior_year(engine, text: str, state) -> str:
    """上年是多少？ asks the year before's figure, not the change: asked as 那2020年是多少？ (the
    year before the one the conversation is about, or before its body's latest filing); 上一年呢？ /
    那前一年呢？ as 那2020年呢？; 前年呢？ as 那2019年呢？ and 再往前一年呢？ as the year before the
    conversation's."""
    back = _YEARS_BACK.match(text)
    if not (_PRIOR_VALUE.match(text) or _PRIOR_ELLIPTIC.match(text) or back) or not state.names:
        return text
    year = state.years[0] if state.years else max(
        (engine.docs[d].fiscal_year or 0 for n in state.names[:1] for d in engine.resolver.by_name.get(n, [])),
        default=0)
    if not year:
        return text
    if back:
        return f"那{year - _BACK.get(back.group('w'), 1)}年" + text[back.end():]
    if _PRIOR_ELLIPTIC.match(text):
        return _PRIOR_ELLIPTIC.sub(f"那{year - 1}年", text, count=1)
    return _PRIOR_VALUE.sub(lambda m: f"那{year - 1}年" + m.group(0)[m.group(0).find("是") if "是" in m.group(0)
                                                                  else m.group(0).find("多少") if "多少" in m.group(0)
                                                                  else m.group(0).rfind("呢"):], text, count=1)


def remember(state, new_state, asked: str, answer) -> None:
    """A follow-up that names a measure of its own (机关运行经费呢？ 其中公务接待费呢？) makes it the
    conversation's measure: the next 比上年少了多少？ is about it, not the first turn's."""
    if state is None or answer is None or answer.kind not in ("value", "compare") or not new_state.names:
        return
    if new_state.measure != state.measure or not state.measure:
        return
    own = re.sub(r"^(?:那么?|其中|还有|再问|另外)|20\d\d\s*年度?|上一?年|去年|比|较|和|与|相比|多少|"
                 r"多了|少了|增加了?|减少了?|增长了?|下降了?|百分之几|是|为|呢|吗|的|了|[\s？?，,。]", "", asked)
    if len(re.findall(r"[\u4e00-\u9fff]", own)) >= 2:
        new_state.measure = new_state.names[0] + asked


# a part pointed at (出国（境）那部分呢？ / 公务接待那一项呢？) and the body pointed back at (那它的…呢？)
_THAT_PART = re.compile(r"^(?:那么?)?(?P<m>[^，,。？?]{2,16}?)(?:那|这)(?:一)?(?:部分|项|块)(?:的钱|的数|金额)?(?=呢)")
_THAT_BODY = re.compile(r"^(?:那么?)(?:它|它们|其|该单位|该部门|这个单位|这个部门|这家单位|这家)的?")
_SWITCH = re.compile(r"^(?:那么?)?(?:换成|换到|改成|改为|改问)")  # 换成2018年呢？ → 那2018年呢？
# 江苏省人民检察院同一项是多少？/ 西安市司法局的同一项呢？: another body's figure of the same line — the
# elliptical 那江苏省人民检察院呢？ (同一项 names no line of its own)
_SAME_LINE = re.compile(r"^(?:那么?)?(?P<b>[\u4e00-\u9fff（）()]{2,24}?)的?(?:同一(?:项|个项目|个数|笔|行|科目)|同样(?:的|这一?)项(?:目)?)"
                        r"(?:的?(?:数|金额|预算|决算))?(?:是|有|为)?(?:多少|几何)?(?:呢)?[？?]?$")
# the conversation's year pointed at (同一年的“三公”经费预算呢？): the year the engine carries
_SAME_YEAR = re.compile(r"^(?:那么?)?(?:同一年|同年|这一年|那一年)(?:度)?的?")
# the last figure asked in another unit (这个合多少元？ / 这笔钱折合多少亿元？ / 换算成万元是多少？),
# maybe named by what it is, a change or a difference (这个少的合多少元？ / 这个差额折合多少元？ /
# 少的那部分用元说是多少？)
# (用元说是多少？ / 以万元为单位呢？ / 按亿元算是多少？ / 如果换算为元呢？: the unit said by 用 / 以 / 按,
# 为单位 / 来说 / 表示 after it — the same question)
_IN_UNIT = re.compile(r"^(?:那么?)?(?:如果|要是|若)?(?:这个数?|这笔钱?|这个金额|这|它|该数)?"
                      r"(?:(?P<what>减少|增加|增长|下降|少|多|减|增|降|涨|差)(?:了)?(?:的|额|值)(?:那|这)?一?(?:部分|钱|数)?)?"
                      r"(?:单位)?(?:合|折合|换算成|换算为|换成|换为|折算成|折算为|折成|化成|转成|转换成|改成|改用|等于|是|用|以|按)"
                      r"(?:多少)?(?P<u>元|万元|亿元)(?:来|为单位)?(?:说|表示|计算?|算|表达|写)?(?:的话)?"
                      r"(?:是多少|是|有多少)?(?:呢)?[？?]?$")


_FALL_WORDS = ("减少", "下降", "少", "减", "降")


def in_other_unit(text: str, prev, level=None):
    """这个合多少元？ / 换成元呢？ / 折合多少亿元？ — the last figure in another unit: the previous
    answer's own value converted (whatever it was: a lookup, a change, a sum), its citations
    kept. None when the turn asks something else or the last answer gave no amount.

    A bare 用元说是多少？ right after a change (比上年多了多少？) is read both ways by readers: the
    change stays the answer's value, and ``level``, the figure of the same line the conversation
    asked before the change, is said converted beside it, cited:
    上一问的 0.75 万元，即 7,500 元。若指这一项本身（61.62 万元[3]），即 616,200 元。"""
    from budgetlens.qa.verify import unverified_numbers
    from budgetlens.qa.wording import convert, fmt

    m = _IN_UNIT.match(re.sub(r"\s+", "", text))
    if (m is None or prev is None or prev.value is None or prev.kind not in ("value", "compare")
            or prev.unit not in ("元", "万元", "亿元")):
        return None
    unit, what, value = m.group("u"), m.group("what") or "", prev.value
    if what and what != "差" and value < 0:
        # 这个少的合多少元？: the fall's size, which the last answer may state signed (−0.79 万元); a
        # rise asked of a fall is not the last figure
        if what not in _FALL_WORDS:
            return None
        value = abs(value)
    v = convert(value, prev.unit, unit)
    if v is None:
        return None
    head = f"上一问的 {fmt(value)} {prev.unit}，即 {fmt(v)} {unit}。"
    quotes = [c.quote for c in prev.citations] + [fmt(value), fmt(v), prev.answer]
    citations = list(prev.citations)
    whole = _level_beside(prev, level, unit) if not what else None
    if whole is not None and level is not None:
        lv, lu, lconv, lc = whole
        citations.append(lc)
        head += f"若指这一项本身（{fmt(lv)} {lu}[{len(citations)}]），即 {fmt(lconv)} {unit}。"
        quotes += [lc.quote, fmt(lv), fmt(lconv), level.answer]
    missing = unverified_numbers(head, quotes)
    return prev.model_copy(update={"question": text, "answer": head, "value": round(v, 6), "unit": unit,
                                   "citations": citations,
                                   "verified": prev.verified and not missing, "unverified_numbers": missing,
                                   # (the unit the figure had before: a conversion is
                                   # this turn's, the next line comes in it — ``same_list``)
                                   "understood": {**(prev.understood or {}), "unit": unit,
                                                  "converted_from": (prev.understood or {}).get("converted_from")
                                                  or prev.unit}})


# 两家差多少？/ 这两个单位相差多少？/ 谁多？多多少？: the same line's figures of the two bodies the
# conversation asked last, set apart
_TWO_APART = re.compile(r"^(?:那么?)?(?:这|那)?(?:两|二)(?:家|个单位|个部门|个局|个)(?:之间)?的?(?:相差|差了?|差距|差额)"
                        r"(?:是|有|为)?(?:多少|几何)(?P<u>万元|亿元|元)?(?:呢)?[？?]?$|"
                        r"^(?:那么?)?谁(?:多|高|大)[？?，,]?(?:多|高|大)了?(?:多少|几何)(?P<u2>万元|亿元|元)?(?:呢)?[？?]?$")


def _line_of(answer) -> str:
    return re.sub(r"（[^（）]*）$", "", str((answer.understood or {}).get("measure") or ""))


def two_apart(text: str, figures: list):
    """两家差多少？ after 甲局办公用品预算多少？ and 乙局同一项是多少？: the difference of the two
    bodies' figures of the same line, each cited as its turn cited it (370 − 130 = 240 万元); the
    larger said first, as a difference is (谁多？多多少？ names it). None unless the last two figures
    asked are of two bodies and one line."""
    from budgetlens.qa.verify import unverified_numbers
    from budgetlens.qa.wording import convert, fmt

    m = _TWO_APART.match(re.sub(r"\s+", "", text))
    if m is None or len(figures) < 2:
        return None
    b, a = figures[-1], figures[-2]
    ea, eb = (a.understood or {}).get("entity"), (b.understood or {}).get("entity")
    if not ea or not eb or ea == eb or not _line_of(a) or _line_of(a) != _line_of(b) or not a.citations or not b.citations:
        return None
    unit = m.group("u") or m.group("u2") or a.unit or "万元"
    va, vb = convert(a.value, a.unit, unit), convert(b.value, b.unit, unit)
    if va is None or vb is None:
        return None
    (e1, v1), (e2, v2) = sorted([(ea, va), (eb, vb)], key=lambda x: -x[1])
    diff = round(v1 - v2, 6)
    line = _line_of(a)
    year = f"{(b.understood or {}).get('year')}年" if (b.understood or {}).get("year") else ""
    head = (f"{ea}{line} {fmt(va)} {unit}[1]；{eb} {fmt(vb)} {unit}[2]。"
            f"{e1}多，相差 {fmt(v1)} − {fmt(v2)} = {fmt(diff)} {unit}。")
    citations = [a.citations[0], b.citations[0]]
    quotes = [c.quote for c in citations] + [fmt(va), fmt(vb), fmt(diff), a.answer, b.answer]
    missing = unverified_numbers(head, quotes)
    return b.model_copy(update={"question": text, "answer": head, "value": diff, "unit": unit, "kind": "compare",
                                "citations": citations, "verified": a.verified and b.verified and not missing,
                                "unverified_numbers": missing,
                                "understood": {**(b.understood or {}), "operation": "difference", "unit": unit,
                                               "entities": [ea, eb], "asked": f"{ea}和{eb}{year}{line}相差多少{unit}？"}})


# 用元说服务类是多少？ / 以亿元计，政府采购是多少？: the unit said first, then the line
_UNIT_THEN_LINE = re.compile(r"^(?:那么?)?(?:如果|要是|若)?(?:用|以|按)(?P<u>元|万元|亿元)(?:来|为单位)?"
                             r"(?:说|表示|计算?|算|表达|写)?(?:的话)?[，,]?(?P<m>(?!这|它|该)[^，,。？?\d]{2,16}?)"
                             r"(?:是多少|是|有多少|为多少)(?:呢)?[？?]?$")


def line_in_unit(text: str, last: str, prev):
    """服务类换成元是多少？ right after 其中服务类呢？ — the line the last turn asked, named again and
    asked in another unit: the last figure converted, as ``in_other_unit`` says it. None when the
    turn names another line (收入用亿元说是多少？ after 支出呢？: that line is asked afresh) or the last
    answer was no single figure of a line (a change or a difference: 服务类比货物类多多少？)."""
    m = _LINE_IN_UNIT.match(re.sub(r"\s+", "", text)) or _UNIT_THEN_LINE.match(re.sub(r"\s+", "", text))
    if m is None or prev is None or prev.kind != "value":
        return None
    if (prev.understood or {}).get("operation") not in (None, "lookup"):
        return None
    line = re.sub(r"^(?:其中|那么?)|的$", "", m.group("m"))
    said = re.sub(r"^(?:其中|那么?)", "", last)
    # the line is the one the last turn named (那服务类呢？ → 服务类; 政府采购一共安排了多少？ → 政府采购)
    if len(line) < 2 or not said.startswith(line) and line not in (prev.understood or {}).get("measure", ""):
        return None
    return in_other_unit(f"用{m.group('u')}说是多少？", prev)


def _level_beside(change, level, unit: str):
    """(value, unit, value in ``unit``, citation) of ``level``, the lookup the conversation asked of
    the same line and body before ``change`` (a year-on-year change); None when it is not that or
    cannot be said in ``unit``."""
    from budgetlens.qa.wording import convert, fmt

    if (level is None or change.kind != "compare" or level.kind != "value" or level.value is None
            or not level.citations or (change.understood or {}).get("operation") != "change"):
        return None
    said, was = change.understood or {}, level.understood or {}
    said_in = convert(level.value, level.unit, unit) if level.unit in ("元", "万元", "亿元") else None
    if said_in is None:
        return None
    # the same line: the same label read, or the change's own text starting from the level
    # (…公务用车运行维护费2026年预算数为 257.90 万元…减少 39.50 万元 after 257.90 万元)
    same = said.get("measure") == was.get("measure") or f"{fmt(level.value)} {level.unit}" in change.answer
    if not said.get("entity") or said.get("entity") != was.get("entity") or not same:
        return None
    return level.value, level.unit, said_in, level.citations[0]


# 机关运行经费又是多少？ / 招待费又是多少？: another line of the conversation's body and year, said
# with 又 — the elliptical 那机关运行经费呢？
_AGAIN = re.compile(r"^(?:那么?)?(?P<m>[^，,。？?]{2,16}?)又(?:是|有|为)?(?:多少|几何)(?P<u>万元|亿元|元)?(?:呢)?[？?]?$")


# 收入用亿元说是多少？ / 支出总计换成元呢？: a line named, asked in another unit — that line of the
# conversation's body and year (那收入是多少亿元呢？), not the last figure when the last turn asked
# something else of it (和上年比呢？)
_LINE_IN_UNIT = re.compile(r"^(?:那么?)?(?P<m>(?!这|它|该)[^，,。？?\d]{2,16}?)(?:如果|要是|若)?"
                           r"(?:用|以|按|换算成|换算为|换成|换为|折合成?|折算成|折成|化成|转成|改用)(?:多少)?"
                           r"(?P<u>元|万元|亿元)(?:来|为单位)?(?:说|表示|计算?|算|表达|写)?(?:的话)?"
                           r"(?:是多少|是|有多少)?(?:呢)?[？?]?$")


def pointing(text: str) -> str:
    """A turn pointing at the conversation's body, year or a part of its measure, in the words
    the engine reads: 出国（境）那部分呢？ → 其中出国（境）呢？; 那它的机关运行经费呢？ → 那机关运行经费呢？;
    换成2018年呢？ → 那2018年呢？; 乙局同一项是多少？ → 那乙局呢？; 同一年的“三公”经费呢？ → 那“三公”经费呢？; 跟上年比呢？ → 和上年比呢？;
    这个合多少元？ → 那是多少元呢？ (the last figure in another unit)."""
    text = _IN_UNIT.sub(lambda m: f"那是多少{m.group('u')}呢？", text, count=1)
    text = _LINE_IN_UNIT.sub(lambda m: f"那{m.group('m')}是多少{m.group('u')}呢？", text, count=1)
    text = _AGAIN.sub(lambda m: f"那{m.group('m')}" + (f"是多少{m.group('u')}" if m.group("u") else "") + "呢？",
                      text, count=1)
    text = _THAT_PART.sub(lambda m: "其中" + m.group("m"), text, count=1)
    text = _SWITCH.sub("那", text, count=1)
    text = _SAME_LINE.sub(lambda m: f"那{m.group('b')}呢？", text, count=1)
    text = _SAME_YEAR.sub("那", text, count=1)
    text = re.sub(r"(?:跟|同)(?=(?:上一?年|去年|20\d\d\s*年)(?:相?比))", "和", text)  # 跟上年比多了多少？
    return _THAT_BODY.sub("那", text, count=1)


def carry(engine, text: str, state, last: str = "") -> str:
    """The turn as a whole question (see the module's rules); ``text`` when nothing is carried.
    ``last``: the previous turn's words; after a part (其中差旅费呢？) a bare measure (会议费多少元？)
    is a part of the same whole, which a body alone does not say: it is asked as it is."""
    text = _RELATIVE_YEAR.sub(lambda m: f"{m.group(1)}年", text)
    if state is None or not state.names or state.operation == "ranking":
        return text
    text = _prior_year(engine, pointing(choice_reply(text)), state)
    text = _part_fund(text, state, last)
    switched = switch_body(engine, text, state)
    if switched != text or last.startswith("其中"):
        return switched
    column = other_column(engine, text, state)
    if column != text:
        return column
    return _name_body(engine, text, state)


# a turn naming only another column of the same line (年初预算是多少？ after 住房公积金决算花了多少？)
_COLUMN_ONLY = re.compile(r"^(?:那么?)?(?:它的|其|对应的)?(?P<c>(?:年初|调整|全年)预算数?|预算数|决算数|执行数|"
                          r"上年(?:预算)?数|(?:支出)?决算|预算)(?:是|为|有)?(?:多少|几何)?(?:万元|元|亿元)?(?:呢)?[？?]?$")
# the column and asking words of the turn before, less a fund's own 预算 (一般公共预算)
_COLUMN_WORDS = re.compile(r"(?:的)?(?:(?:年初|调整|全年)预算数?|(?<!公共)(?<!基金)(?<!经营)预算数?|决算数?|执行数|实际)"
                           r"|(?:花了|用了|支出了|安排了?)?(?:是|为|有)?(?:多少|几何)(?:万元|元|亿元)?|花了|呢|[？?\s]"
                           # (and the relating words of a turn read by _RELATION_ONLY)
                           r"|(?:比|较|与|和|跟)(?=(?:年初|调整|全年)?预算)|完成了?|达到了?|执行了?|相当于|相比"
                           r"|(?:多|少|超|超出|节约|节省|增加|减少)了?(?=多少|几何)"
                           r"|的?(?:百分之多少|百分之几|百分比|比例|比重|几成|多少倍|几倍)")


# a turn relating the same line to another of its columns, naming neither (完成了年初预算的百分之多少？ /
# 是年初预算的百分之几？ / 占调整预算的比例呢？ after 住房公积金决算花了多少？): the line is the last turn's
_RELATION_ONLY = re.compile(r"^(?:那么?)?(?:它|其|这个数?)?(?:完成了?|达到了?|执行了?|是|占|相当于|为)"
                            r"(?:(?:年初|调整|全年)?预算数?|上年(?:预算)?数?|上一?年|去年)"
                            r"(?:的)?(?:百分之多少|百分之几|百分比|比例|比重|几成|多少倍|几倍)(?:是多少)?(?:呢)?[？?]?$"
                            # 比年初预算多了多少？: the amount spent against the budget — the line's 决算
                            r"|^(?:那么?)?(?:它|其|这个数?)?(?P<vs>比|较|与|和|跟)(?:(?:年初|调整|全年)?预算数?)"
                            r"(?:相比)?(?:多|少|超|超出|节约|节省|增加|减少)了?(?:多少|几何)(?:万元|元|亿元)?(?:呢)?[？?]?$")


def other_column(engine, text: str, state) -> str:
    """年初预算是多少？ / 那决算数呢？ after a question about one line of one body: the same line, in
    the column the turn names (乌海市医疗保障局2023年住房公积金年初预算是多少？); 完成了年初预算的百分之多少？
    the same line related to that column. The turn as it is when the last one named no body or no line."""
    from budgetlens.qa.plan import rewrite

    said = re.sub(r"\s+", "", text)
    m = _COLUMN_ONLY.match(said)
    related = _RELATION_ONLY.match(said)
    if (m is None and related is None) or not state.measure or not state.names:
        return text
    # (the turn before's own words: 花了 would read as 支出 once rewritten)
    prev = engine.resolver.resolve(rewrite(_COLUMN_WORDS.sub("", state.measure)))
    line = re.sub(r"\s+", "", prev.rest or "")
    if len(re.sub(r"20\d\d年度?", "", line)) < 2:
        return text
    if related is not None:  # 乌海市医疗保障局2023年住房公积金完成了年初预算的百分之多少？
        own = re.sub(r"^(?:那么?)?(?:它|其|这个数?)?", "", said)
        return state.names[0] + line + ("决算" if related.group("vs") else "") + own
    if m is None:
        return text
    unit = re.search(r"万元|亿元|元", text)
    return f"{state.names[0]}{line}{m.group('c')}是多少{unit.group(0) if unit else ''}？"


_FUND_RE = re.compile(r"一般公共预算|政府性基金|国有资本经营|财政拨款")


def _part_fund(text: str, state, last: str) -> str:
    """A part of a whole the conversation asked of one fund (财政拨款支出总计 → 其中基本支出呢？ →
    项目支出呢？) is of that fund too: the fund's words go before the part that names none
    (其中财政拨款基本支出呢？), never another fund's whole being read for it."""
    part = text.lstrip().startswith("其中") or last.lstrip().startswith("其中")
    funds = list(dict.fromkeys(_FUND_RE.findall(state.measure or "")))
    # (比上年多了多少？ / 合多少元？ name no part: nothing to qualify)
    own = re.sub(r"^(?:其中|那么?)|呢|是|为|有|多少|万元|亿元|元|[？?\s]", "", text)
    if (not part or not funds or _FUND_RE.search(text) or len(own) < 2
            or re.search(r"比|较|增|减|上一?年|去年|多了|少了|相比|合|折|换|这|它|[哪谁]", own)):
        return text
    lead = len(text) - len(re.sub(r"^\s*(?:其中|那么?)?", "", text))  # 其中 / 那 stay first
    return text[:lead] + "".join(funds) + text[lead:]


def _name_body(engine, text: str, state) -> str:
    """会议费多少元？ → 西安市生态环境局会议费多少元？: a turn naming no body, not elliptical (the
    engine reads 那… / …呢 itself) and not asking across bodies, is about the last body."""
    from budgetlens.qa.engine import _FOLLOW_RE
    from budgetlens.qa.plan import rewrite

    if _FOLLOW_RE.match(text) or re.search(r"呢[？?]?\s*$", text) or _ASKING_ALL.search(text):
        return text
    res = engine.resolver.resolve(rewrite(text))
    if res.names or res.unknown:
        return text
    return state.names[0] + text


def switch_body(engine, text: str, state) -> str:
    """A follow-up naming another body and nothing else (那深圳市财政局呢？) keeps the measure the
    conversation asked about: it is asked as the previous question about that body (and the
    year it names, if any)."""
    from budgetlens.qa.engine import _FOLLOW_RE
    from budgetlens.qa.plan import rewrite

    if state is None or not state.measure or not (_FOLLOW_RE.match(text) or re.search(r"呢[？?]?\s*$", text)):
        return text
    res = engine.resolver.resolve(rewrite(text))
    own = re.sub(r"^(?:那么?|还有|再问)|20\d\d\s*年度?|呢|的|[\s？?，,。]", "", res.rest or "")
    if not res.names or own:
        return text
    prev = engine.resolver.resolve(rewrite(state.measure))
    if not prev.names:
        return text
    year = re.search(r"20\d\d\s*年度?", text)
    rest = (prev.rest or "").strip()
    if year:
        rest = re.sub(r"20\d\d\s*年度?", year.group(0), rest, count=1) if re.search(r"20\d\d", rest) else \
            year.group(0) + rest
    return "".join(res.names) + rest


# 那省高院呢？ / 财政局的呢？: a body named without its place, or with its level word alone
_BARE_BODY = re.compile(r"^(?P<lead>那么?|还有|再问|换成|改问)?(?P<b>[\u4e00-\u9fff]{2,12}?)(?P<tail>的?(?:呢|是多少|有多少|多少)[？?]?)$")


def placed(engine, text: str, state) -> str:
    """A turn naming a body without its place (那省高院呢？ after 江苏省人民检察院; 那财政局呢？ after
    深圳市统计局, whatever other places file a 财政局): the place of the conversation's body put
    before it, when that names exactly one body the filings print (那江苏省高院呢？); else the turn
    as it is."""
    from budgetlens.qa.plan import rewrite
    from budgetlens.qa.resolve import _places

    m = _BARE_BODY.match(re.sub(r"\s+", "", text))
    if m is None or state is None or not state.names or not _BODY_END.search(m.group("b")):
        return text
    body = m.group("b")
    own = engine.resolver.resolve(rewrite(body))
    if own.names and not own.one_span:
        return text  # it names one body already (several, 财政局: the conversation's place says which)
    places = _places(state.names[0])
    if not places:
        return text
    place = places[0]
    # 省高院: the level word alone stands for the place (江苏省)
    said = place + (body[1:] if body[0] == place[-1] else body)
    res = engine.resolver.resolve(rewrite(said))
    if len(res.names) != 1 or res.one_span or res.unknown:
        return text
    return (m.group("lead") or "那") + said + m.group("tail")


_BODY_END = re.compile(r"(?:局|委员会|委|办公室|办|厅|院|署|中心|海关|所|站|队|街道|政府|大学|学校|医院)$")


def unknown_body(engine, text: str) -> bool:
    """那深圳市海关呢？ — an elliptical turn whose words, less 那 / 呢 / a year, end like a body's
    name and match none the filings print."""
    from budgetlens.qa.plan import rewrite

    rest = re.sub(r"^(?:那么?|还有|再问|换成|改问)|20\d\d\s*年度?|呢|的|[\s？?，,。]", "", text)
    if len(rest) < 3 or not _BODY_END.search(rest):
        return False
    res = engine.resolver.resolve(rewrite(rest))
    return not res.names


# a turn after a ranking: the way asked the other way round, a year, or another measure
_LOWEST = re.compile(r"最(?:少|低|小)|倒数第[一1]|垫底|排(?:名|在)?最后")
_HIGHEST = re.compile(r"最(?:多|高|大)|排(?:名|在)?第[一1]|第一名?|榜首")
_SWAP = {"多": "少", "少": "多", "高": "低", "低": "高", "大": "小", "小": "大"}
_AFTER_RANK_WORDS = re.compile(r"^(?:那么?|还有|再问)|呢|的|是谁|是哪(?:家|个|一家|个单位)?|哪(?:家|个|一家)|谁|"
                               r"20\d\d\s*年度?|是多少|多少|[？?\s，,。]")


def _rewrite(text: str) -> str:
    from budgetlens.qa.plan import rewrite

    return rewrite(text)


def after_ranking(engine, text: str, state, prev) -> str:
    """The ranking the conversation asked, asked again as the turn changes it: 那最少的呢？ (the
    other way round), 那2025年呢？ (another year), 那会议费呢？ (another measure, where the last
    answer's measure is said in the ranking's words). The turn as it is when it changes nothing
    this reads, or names a body (a question of its own)."""
    asked = state.measure or ""
    if state.operation != "ranking" or not asked or not (
            re.search(r"呢[？?]?\s*$", text) or re.match(r"^\s*(?:那么?|最|倒数|第一)", text)):
        return text
    out = asked
    year = re.search(r"20\d\d\s*年度?", text)
    if year:
        out = (re.sub(r"20\d\d\s*年度?", year.group(0), out, count=1) if re.search(r"20\d\d", out)
               else year.group(0) + out)
    way = _LOWEST.search(text) or _HIGHEST.search(text)
    rest = _AFTER_RANK_WORDS.sub("", _HIGHEST.sub("", _LOWEST.sub("", text)))
    if way:
        low = bool(_LOWEST.search(text))
        said = re.search(r"最(多|少|高|低|大|小)", out)
        if said is None:
            return text
        if (said.group(1) in "少低小") != low:
            out = out[:said.start(1)] + _SWAP[said.group(1)] + out[said.end(1):]
    if rest and (_BODY_END.search(rest) or engine.resolver.resolve(_rewrite(rest)).names):
        return text  # 那发改委呢？: a body, asked as a question of its own
    if rest:
        measure = _said_measure(out, ((prev.understood or {}).get("measure") or "") if prev is not None else "")
        if len(rest) < 2 or not measure:
            return text  # another measure, but where the last one is said is not known
        out = out.replace(measure, rest, 1)
    return out if out != asked or year else text


def _said_measure(question: str, label: str) -> str:
    """Where a ranking question says the measure its answer read (the label 2026年本部门一般公共预算安排
    公务接待费 in …2026年公务接待费谁最多: 公务接待费): the longest run of the label's characters, less
    years, that the question holds, of at least three; "" when none."""
    words = re.sub(r"20\d\d\s*年度?|[（(].*$", " ", label)
    best = ""
    for i in range(len(words)):
        for j in range(i + 3, len(words) + 1):
            part = words[i:j]
            if " " in part:
                break
            if part in question and len(part) > len(best):
                best = part
    return best
