"""Consistency questions: a figure the filing states checked against the numbers it is made of.

Each family answers 一致 / 不一致 with both sides cited, or declines (``None``: the caller
says what it could not find):

- a number the question quotes against the table cell for the same words:
  西安市气象局2022年说明里写“三公”经费0.27万元，和表的2022年数一致吗？
- parts against their total, named in either order: 基本支出加项目支出是否等于支出合计？ /
  基本支出3,305.86万元，等于人员经费加公用经费吗？ / …合计数，和因公出国、公务接待、公务用车三项加起来对得上吗？
- a stated share against its part and whole (``_check_share``): 因公出国（境）费222.5万元“占‘三公’经费的8.75%”;
- a stated change and rate by the sentence's own arithmetic (``stated.check_stated``), or a
  rate between two printed amounts (执行数11.67万元…预算安排45.41万元，增加314.82%);
- a stated change against the two years a table prints (``_change_vs_table``): 比2025年减少380.65万元，
  和三公经费表上两年的数对得上吗？
- the narrative's figure against the table the question names (``_narrative_vs_table``):
  说明里写的政府采购预算，和政府采购预算表对得上吗？
- two tables' figures for one measure (``_two_tables``).

A question asking whether a quoted figure is right is checked here however it is worded
(这个百分比对吗？ 降幅对不对？ 核一下？ ``checked``).
"""

from __future__ import annotations

import re
from typing import Any

from budgetlens.index.facts import bigrams
from budgetlens.qa.compute import Match, cite, convert, fmt, not_found
from budgetlens.qa.narrow import find_own
from budgetlens.qa.parts import _total_and_parts, parts_total
from budgetlens.qa.plan import Plan
from budgetlens.qa.resolve import bare
from budgetlens.qa.verify import unverified_numbers
from budgetlens.schemas.answer import Answer

# the year before's own filing named (2017年预算里的 / 拿2018年那份预算 / 上年那份)
_OTHER_FILING = re.compile(r"(?:20\d\d\s*年|上年|去年)(?:的)?(?:那份|这份|部门)?(?:预算|决算|文件)(?:里|中|上|写)?的?|"
                           r"(?:20\d\d\s*年|上年|去年)(?:的)?那份")
_QUOTED_RE = re.compile(r"([\d,]+(?:\.\d+)?)\s*(万元|元|%)")

def consistency(eng, text, plan: Plan, cq, codes, names, understood) -> Answer | None:
    """Is a number the question quotes from the narrative (临聘人员经费15.56万元) the number the
    tables print for the same words? Or do the parts it names add up to the total it names
    (基本支出加项目支出等于支出合计吗)? ``None``: not a question of either shape."""
    from budgetlens.ingest.normalize import fold

    ids = eng.resolver.by_name.get(names[0], [])
    year = plan.years[0] if plan.years else None
    doc_ids, fy = eng._group(ids, plan, year)
    if not doc_ids:
        return None
    t = fold(plan.norm)
    from budgetlens.qa.quoted_sum import quoted_sum

    summed = quoted_sum(eng, text, doc_ids, names, understood)  # 三项加起来… each figure quoted by the question
    if summed is not None:
        return summed
    from budgetlens.qa.quoted_sum import quoted_ratio

    done = quoted_ratio(eng, text, doc_ids, names, understood)  # 预算0.6万元、决算0.32万元，完成预算的53.3%
    if done is not None:
        return done
    from budgetlens.qa.two_passages import two_passages

    both = two_passages(eng, text, doc_ids, names, understood)  # 一个说减少…、一个说增加…: the year before each implies
    if both is not None:
        return both
    if "占" in t and re.search(r"\d\s*%", t):
        share = _check_share(eng, text, plan, doc_ids, fy, year, names, understood)
        if share is not None:
            return share
    if re.search(r"(?:增加|减少|增长|下降|降低|上升|提高|增幅|降幅)\s*[\d,.]+\s*(?:万元|元|%)", t):
        # a stated change is not compared with a level: checked by its sentence's own arithmetic
        from budgetlens.qa.stated import check_stated

        ans = check_stated(eng, text, plan, cq, doc_ids, names, understood)
        if ans is None and re.search(r"表|两年|20\d\d年?[、和与]20\d\d年", t):
            ans = _change_vs_table(eng, text, plan, cq, doc_ids, fy, names, understood)
        if ans is None and re.search(r"两年|20\d\d年?[、和与]20\d\d年", t):  # each year's own filing
            from budgetlens.qa.said_parts import change_vs_years

            ans = change_vs_years(eng, text, plan, ids, names, understood)
        if ans is None:  # 2026年7.61万元、2025年9.23万元、减少1.62万元: the question's own three figures
            from budgetlens.qa.quoted_sum import quoted_levels

            ans = quoted_levels(eng, text, doc_ids, names, understood)
        if ans is None and _OTHER_FILING.search(t):  # …和2017年预算里的会议费对得上吗: the year before's own filing
            from budgetlens.qa.quoted_sum import change_vs_prior_filing

            ans = change_vs_prior_filing(eng, text, doc_ids, names, understood)
        return ans
    quoted = [(float(a.replace(",", "")), u) for a, u in _QUOTED_RE.findall(t)
              if not re.fullmatch(r"20\d\d", a)]
    # a class code read inside a quoted amount (953 of 18,953.73) is no code
    codes = [c for c in codes if c in _QUOTED_RE.sub(" ", t)]
    tables = [d for d in doc_ids]
    m_eq = re.search(r"(.+?)(?:是否|能否)?(?:等于|=)(.+)", cq)
    parts_eq = None
    if m_eq and re.search(r"加|与|和|、", m_eq.group(1)):
        parts_eq = (m_eq.group(1), m_eq.group(2))
    elif m_eq and re.search(r"加|与|和|、", m_eq.group(2)):
        # 基本支出3,305.86万元，等于人员经费加公用经费吗: the parts after 等于, the total before
        parts_eq = (re.sub(r"吗|呢|[?？]", "", m_eq.group(2)), re.sub(r"\d+(?:万元|元)", " ", m_eq.group(1)))
    if len(quoted) == 1 and quoted[0][1] != "%" and parts_eq is None and _total_and_parts(cq) is None:
        if re.search(r"加起来|之和|加总|相加", t):  # 列出的六项主要内容加总后与之相符吗: the list the narrative prints
            from budgetlens.qa.said_parts import said_parts

            listed = said_parts(eng, text, quoted, doc_ids, names, understood)
            if listed is not None:
                return listed
        n, unit = quoted[0]
        other_side = _other_side(t)
        if other_side is not None:  # …表里填了47.91万元，表下注却说无“三公”经费预算: the second side is no figure
            return not_found(text, f"问题所引 {fmt(n)} {unit}是一处的数；另一处（{other_side}）说的不是一个数，"
                                   "按数核对只能核到一处，因此不给出一致与否。", understood)
        q2 = _QUOTED_RE.sub(" ", cq)
        m, _, _ = eng.find(q2, codes, tables, fy, year, plan=plan, kinds=("grid", "cell"))
        if m is None:
            return None
        f = m.fact
        stated = convert(n, unit, f.unit)
        if stated is None:
            return None
        # 938.99万元 said of a table's 9,389,913 元: equal when the 元 rounds to the 万元 said (±0.005万元)
        rounding = convert(0.005, unit, f.unit) if unit != f.unit else None
        tol = max(0.011, rounding or 0.0)
        ok = abs(stated - f.value) <= tol and not (unit != f.unit and unit == "元" and n == f.value)
        d = eng.docs[f.doc_id]
        other = None if ok else _printed_elsewhere(eng, names[0], f, n, unit)
        if other is not None and _measure_of(other) == _measure_of(f):
            return _other_scope(eng, text, f, other, n, unit, names, understood)
        verdict = "pass" if ok else "fail"
        understood.update({"measure": f.label, "verdict": verdict})
        said = f"{fmt(n)} {unit}"
        as_said = convert(f.value, f.unit, unit) if unit != f.unit else None
        shown = f"（合 {fmt(as_said)} {unit}）" if as_said is not None else ""
        head = (f"{bare(names[0])}：问题所引 {said}；{f.title or '表'}「{f.label}」印作 {fmt(f.value)} {f.unit}{shown}，"
                f"第{f.page}页[1]。" + ("一致。" if ok else "不一致。"))
        missing = unverified_numbers(head, [f.quote, said, text, str(f.page), shown],
                                     {d.fiscal_year} if d.fiscal_year else set())
        return Answer(question=text, answer=head, citations=[cite(f, d.path, d.entity)], verified=not missing,
                      unverified_numbers=missing, kind="consistency", understood=understood,
                      checks=[{"check_id": "question.quoted=table", "status": verdict, "message": head}])
    sides = parts_eq or _total_and_parts(cq)
    if sides:
        ans = parts_total(eng, text, plan, sides, codes, tables, fy, year, quoted, understood)
        if ans is None or ans.kind == "not_found":  # the total and its parts said in one sentence
            from budgetlens.qa.said_parts import said_parts

            ans = said_parts(eng, text, quoted, doc_ids, names, understood) or ans
        return ans
    if not quoted and re.search(r"说明|叙述|文字|正文", t) and "表" in t:
        narr = _narrative_vs_table(eng, text, plan, cq, tables, fy, year, names, understood)
        if narr is not None:
            return narr
    two = re.search(r"^(.*表.*?)(?:和|与|跟|同)(.*表.*)$", cq)
    if two and not quoted:
        return _two_tables(eng, text, cq, codes, doc_ids, two.group(1), two.group(2), names, understood)
    if not quoted and re.search(r"前后|先后|两处|上下文", t):
        from budgetlens.qa.stated import restated

        return restated(eng, text, cq, doc_ids, fy, names, understood)
    return None


def _printed_elsewhere(eng, name: str, f, n: float, unit: str):
    """A table cell of the body's filings (any year, scope or kind) printing the number the
    question quotes, when the cell compared does not — of the same line first."""

    ids = eng.resolver.by_name.get(name, []) or [f.doc_id]
    hits = []
    for d in ids:
        for g in eng.index.by_doc.get(d, []):
            if g is f or g.kind not in ("grid", "cell") or g.unit == "%":
                continue
            v = convert(n, unit, g.unit)
            if v is None or abs(v - g.value) > 0.006 or abs(g.value) < 0.005:
                continue
            same = _measure_of(g) == _measure_of(f)
            hits.append((not same, g.doc_id != f.doc_id, g.page, g))
    return min(hits, key=lambda h: h[:3])[3] if hits else None


def _measure_of(f) -> str:
    """What a cell is a figure of: its row, or its column's first heading when the row names
    only a year or a total (预算数 / 合计 / 2026年) and the columns name the measures."""
    from budgetlens.index.facts import canon
    from budgetlens.qa.ranking import _generic_row

    return canon((f.col or "").split("|")[0]) if _generic_row(f.row) else canon(f.row)


def _other_scope(eng, text, f, g, n: float, unit: str, names, understood, by: str = "问题所引") -> Answer:
    """The quoted number is printed for the same line, but in another column, year or filing
    than the cell the question compares it with (本级 / 汇总, 上年, 决算): another 口径 of the
    measure, said as such (verdict 口径差异), never 不一致. A number printed only for another
    line (人员经费 quoted with the figure of 工资福利支出) is no 口径: the caller says 不一致."""
    d, dg = eng.docs[f.doc_id], eng.docs[g.doc_id]
    said = f"{fmt(n)} {unit}"
    where = "" if g.doc_id == f.doc_id else f"{dg.fiscal_year or ''}年{'决算' if dg.doc_type == 'final_accounts' else '预算'}"
    head = (f"{bare(names[0])}：{by} {said}，与{where}{g.title or '表'}「{g.label}」（第{g.page}页）[2]相同；"
            f"{f.title or '表'}「{f.label}」印作 {fmt(f.value)} {f.unit}（第{f.page}页）[1]。"
            "两个数是同一项的不同口径（列、年度或文件不同），不能据此说不一致。")
    cites = [cite(f, d.path, d.entity), cite(g, dg.path, dg.entity)]
    understood.update({"measure": f.label, "verdict": "口径差异"})
    missing = unverified_numbers(head, [f.quote, g.quote, said, text, str(f.page), str(g.page), f.label, g.label,
                                        f.title or "", g.title or ""],
                                 {y for y in (d.fiscal_year, dg.fiscal_year) if y})
    return Answer(question=text, answer=head, citations=cites, verified=not missing, unverified_numbers=missing,
                  kind="consistency", understood=understood,
                  checks=[{"check_id": "question.quoted=table", "status": "口径差异", "message": head}])


def _side_measure(side: str) -> str:
    """The measure one side of a two-table question names after its table (表里的公务接待费金额
    → 公务接待费), without quotes or the words asking for its amount; "" when it names none."""
    m = re.search(r"表(?:[一二三四五六七八九十\d]+)?(?:里|中|上)?的?([^表]*)$", side)
    words = re.sub(r"[“”\"'‘’\s]|金额|数额|数字|合计数|合计|总数|的|一致|吗|是否|对得上|[？?]", "", m.group(1) if m else "")
    return words if len(words) >= 2 else ""


def _two_tables(eng, text, cq, codes, doc_ids, left: str, right: str, names, understood) -> Answer | None:
    """基本支出经济分类表里的公务接待费，和“三公”经费表里的公务接待费一致吗？ The measure's row in
    each table the question names (the table whose title shares most words with each side),
    compared in 万元: equal within a cent is pass."""
    said = [_side_measure(x) for x in (left, right)]
    if all(said) and said[0] not in said[1] and said[1] not in said[0]:
        return None  # 表一的公务接待费 against 表二的“三公”经费合计: two measures, no one figure to check
    ms = [m for m in eng.finder.matches(cq, doc_ids, codes) if m.fact.kind in ("grid", "cell")
          and m.fact.unit != "%"]
    if not ms:
        return None
    top = max(m.score for m in ms)
    rows = [m.fact for m in ms if m.score == top]  # the measure's words, as a row or a column
    by_table: dict = {}
    for f in sorted(rows, key=lambda f: (f.col_index, f.page)):
        by_table.setdefault((f.doc_id, f.table), f)

    def pick(side: str, other: str):
        words = bigrams(side) - bigrams(other)
        scored = [(len(words & bigrams(f.title or "")), f) for f in by_table.values()]
        scored = [x for x in scored if x[0] > 0]
        return max(scored, key=lambda x: x[0])[1] if scored else None

    a, b = pick(left, right), pick(right, left)
    if a is None or b is None or (a.doc_id, a.table) == (b.doc_id, b.table):
        return None
    va, vb = convert(a.value, a.unit, "万元"), convert(b.value, b.unit, "万元")
    if va is None or vb is None:
        return None
    ok = abs(va - vb) <= 0.011
    verdict = "pass" if ok else "fail"
    d = eng.docs[a.doc_id]
    cites = [cite(a, d.path, d.entity), cite(b, eng.docs[b.doc_id].path, d.entity)]
    understood.update({"measure": a.row, "verdict": verdict})
    head = (f"{bare(names[0])}：{a.title or '表'}「{a.label}」印作 {fmt(a.value)} {a.unit}（第{a.page}页）[1]；"
            f"{b.title or '表'}「{b.label}」印作 {fmt(b.value)} {b.unit}（第{b.page}页）[2]。"
            + ("一致。" if ok else f"不一致，相差 {fmt(abs(va - vb))} 万元。"))
    derived = [fmt(abs(va - vb)), str(a.page), str(b.page)]
    missing = unverified_numbers(head, [c.quote for c in cites] + derived,
                                 {d.fiscal_year} if d.fiscal_year else set())
    return Answer(question=text, answer=head, citations=cites, verified=not missing, unverified_numbers=missing,
                  kind="consistency", understood=understood,
                  checks=[{"check_id": "question.table=table", "status": verdict, "message": head}])


# a second place the question quotes in words after its one figure: …，表下注却说本部门无“三公”经费预算 /
# 说明里却写没有安排
_OTHER_SIDE = re.compile(r"[，,；;]\s*([^，,；;。？?]{0,12}?(?:注|说明|文字|正文|附注|表注|备注|脚注|解释|文件|报告|另一处|后面|前面)"
                         r"[^，,；;。？?\d]{0,6}?(?:却|又|但|而|则|倒)?(?:说|写|称|表示|注明|讲|提到)(?:的是|了|着)?[^。？?]*)")


def _other_side(t: str) -> str | None:
    """The words of a second place the question quotes after its figure, when they hold no figure
    of their own (a year aside): the check of that one figure against a table says nothing of it."""
    at = _QUOTED_RE.search(t)
    m = _OTHER_SIDE.search(t, at.end()) if at else None
    if m is None or _QUOTED_RE.search(m.group(1)) or re.search(r"(?<![\d.])\d[\d,.]*(?!\s*年|\d)", m.group(1)):
        return None
    return re.split(r"[，,]\s*(?:这|两|二)", m.group(1))[0].strip()


_ASKS_CHECK = re.compile(r"一致|对得上|对不上|相符|吻合|核对|核一下|核实|核查|矛盾|等于|正确|对不对|算对|算错|算得对|算得准|成立|真的吗|属实|可信吗|站得住|"
                         r"对吗|准吗|准确吗|准不准|是不是|对上吗|能对上|是(?:这个|该)数")
_QUOTES_NUMBER = re.compile(r"\d\s*(?:万元|元|%|％)")

# ways of asking 一致吗 the answerer does not read, as it reads them (see ``plain_check``)
_PLAIN_CHECK = (  # …，数字能对上吗？ / 能对得上吗？ → 对得上吗；…，核对一下？ / 帮忙核一下 → 对得上吗；是否相符 → 一致吗
                (re.compile(r"(?:这些|这几个|两个)?(?:数字|数据|数)?\s*(?:能|可以)对(?:得)?上(?:吗)?(?=[？?]|$)"), "对得上吗"),
                (re.compile(r"(?<![\d%％])[，,]?\s*(?:请|帮(?:我|忙)?)?(?:核对|核实|核查|核)一下(?:吧)?(?=[？?]|$)"), "，对得上吗"),
                # …下降0.77%，这个百分比核得上吗？ / 核不上吧？
                (re.compile(r"核(?=(?:得|不)(?:上|拢))"), "对"),
                (re.compile(r"是否(?:相符|吻合)(?=[？?]|$)"), "一致吗"),
                (re.compile(r"(?:是否|有没有|有无)(?:存在)?(?:出入|差异|偏差|差别)|(?:存在|有)(?:出入|差异|偏差|差别)吗|出入大吗"), "一致吗"),
                # …却说下降50.00%，这说得通吗？ / 讲得通吗？
                (re.compile(r"[，,]?\s*(?:这|这个数|这话)?(?:说|讲)得通(?:吗)?(?=[？?]|$)"), "，对吗"),
                # …这个15%算得上吗？ / 这个比例靠得住吗？ / 信得过吗？ / 经得起推敲吗？
                (re.compile(r"(?:解释得(?:通|过去)|说得过去)吗|靠谱吗|站得住脚?吗|算得(?:上|通|过来)吗|靠(?:得|不)住吗|"
                            r"靠不靠得住|信得过吗|经得起推敲吗"), "对吗"),
                # …说增加254.23%，这个百分比有问题吗？ / 有没有错？ / 是否有误？
                (re.compile(r"(?:有没有|是否有|有无)(?:问题|错误?|误)|有(?:问题|错误?|误)吗"), "对吗"),
                # …和支出表对应得上吗？ / 能对应上吗？ / 相匹配吗？
                (re.compile(r"(?:能)?对应(?:得)?上"), "对得上"), (re.compile(r"(?:相)?匹配(?=吗|[？?]|$)"), "一致"),
                (re.compile(r"(?:是否|能否)?(?:自洽|相互吻合|互相吻合|彼此吻合|彼此一致|相互一致)"), "一致"),
                # …和经济分类表里的公务接待费（元）是一个数吗？ / 是同一个数吗？ / 是一回事吗？
                (re.compile(r"(?:是|为)(?:不是)?(?:同一个?|一个)(?:数|数字|金额)(?=吗|[？?]|$)|是一回事(?=吗)"), "一致"),
                (re.compile(r"([和与跟同][^，,。？?]{1,40}?)(?:是否)?(?:一样|相同)(?=吗|[？?]|$)"), r"\1一致"),
                (re.compile(r"[，,]\s*(?:两者|二者|两个数|这两个数|数字|数据)?\s*(?=(?:是否|能否)?(?:一致|对得上|相符|吻合))"), ""),
                # …9.30万元，是公务接待费5.80万元加公车3.50万元吗？ a total asked as the sum of its parts
                # …84万元，是出国30万、公车49万、接待5万这三块的合计吗？ / …三类加起来吗？
                (re.compile(r"(?<=[，,])\s*是(?![不否])(?=[^，,。？?]*?\d[^，,。？?]*?(?:加[^，,。？?]*?\d|加起来|合起来|之和|总和|"
                            r"的合计|的总数)[^，,。？?]*?吗)"), "是不是"))


# a change said plainly before its figure, in the words the checks read
_PLAIN_CHANGE = ((re.compile(r"(?<![最差许大])多了?(?=\s*\d)"), "增加"), (re.compile(r"(?<![至最减缺])少了?(?=\s*\d)"), "减少"),
                 (re.compile(r"降了(?=\s*\d)"), "下降"), (re.compile(r"(?:涨|升)了(?=\s*\d)"), "增长"))
_BARE_WAN = re.compile(r"(?<![\d.,])(\d[\d,]*(?:\.\d+)?)\s*万(?![元亿多余])")


def plain_check(text: str) -> str:
    """A consistency question in the words the answerer reads:

        …和表8的行政经费，有没有出入？ → …和表8的行政经费一致吗？
        说法和表格一样吗？ → 说法和表格一致吗？
        …和支出预算合计，两者对得上吗？ → …和支出预算合计对得上吗？
        …下降9.0%，这三个数自洽吗？ → …下降9.0%，这三个数一致吗？
        出国多123.85万、接待少1.72万，相抵对吗？ → 出国多123.85万元、接待少1.72万元，相抵对吗？

    Questions asking no check are returned as they are (有没有 alone is no check; 一样 only
    after 和 / 与 / 跟 / 同 compares two things)."""
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "", text)  # 2,784.38: one number, its thousands unmarked
    for pattern, plain in _PLAIN_CHECK:
        text = pattern.sub(plain, text)
    if _ASKS_CHECK.search(text):  # 出国多123.85万、接待少1.72万: an amount said in 万 is in 万元
        text = _BARE_WAN.sub(r"\1万元", text)
        for pattern, plain in _PLAIN_CHANGE:  # 比上年少了0.01万元、降了0.005% → 减少0.01万元、下降0.005%
            text = pattern.sub(plain, text)
    return text


def checked(eng, text: str) -> Answer | None:
    """A question that asks whether a number it quotes is right (这个百分比对吗？ 降幅对不对？
    算得对吗？ 核对一下？) answered as a consistency question, however the rest of it reads
    (a quoted 增长11.94% is not a change to compute). None when it asks no such thing, or
    when no check answers it (the question then goes the usual way)."""
    from budgetlens.ingest.normalize import fold
    from budgetlens.qa.compute import codes_in, question_canon
    from budgetlens.qa.plan import make_plan, rewrite

    norm = rewrite(text)
    t = fold(norm)
    if not _ASKS_CHECK.search(t) or not _QUOTES_NUMBER.search(t) or re.search(r"为什么|为何|原因", t):
        return None
    plan = make_plan(text, 1, eng.latest)
    if plan.operation == "consistency":
        return None  # read as one already: the usual way answers it
    res = eng.resolver.resolve(norm)
    if not res.names:
        return None
    plan.operation = "consistency"
    understood = {"entity": " / ".join(res.names), "year": plan.years[0] if len(plan.years) == 1 else (
        plan.years or None), "scope": None, "measure": None, "operation": "consistency", "unit": plan.unit}
    cq = question_canon(res.rest or norm, res.names)
    return consistency(eng, text, plan, cq, codes_in(norm), res.names, understood)


# (…占总支出457676.75万元的0.56%: the whole's amount said after its words)
_SHARE_Q = re.compile(r"占(?P<whole>[^\d%，,。？?]{0,16}?)(?:(?P<wamt>\d[\d,]*(?:\.\d+)?)\s*万元)?的?\s*(?P<pct>\d+(?:\.\d+)?)\s*%")
_PART_BEFORE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万元\s*[”\"]?\s*[，,]?\s*[“\"]?\s*$")


_SUMMED_Q = re.compile(r"加总|加起来|相加|之和|[两三四五六几]项")


def _stated_parts(eng, part_f, whole_words: str) -> tuple[list[tuple[float, str]], list] | None:
    """The parts a passage states shares of one whole (因公出国（境）费支出100万元，占“三公”经费的20.65%；
    公务用车购置及运行费支出267.8万元，占“三公”经费的55.3%；公务接待费支出116.5万元，占“三公”经费的24%):
    each (amount, share as printed) once, with the sentences printing them — only when there are two or
    more and their shares add up to 100% within their printed rounding (20.65 + 55.3 + 24 = 99.95), so
    that the parts are the whole. ``None`` otherwise."""
    from budgetlens.ingest.normalize import fold

    each = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*万元\s*[”\"]?\s*[，,]?\s*占" + re.escape(whole_words)
                      + r"的?\s*(\d+(?:\.\d+)?)\s*%")
    # the run of sentences stating shares of that whole one after the other, the part's among them, up to the
    # sentence ending the list (。): a page listing two such runs (按照支出功能科目划分，教育支出…占总支出的92.92%；…
    # 其他支出…占总支出的0.02%。 then 财政拨款支出总计…其中基本支出…占总支出的83.94%；项目支出…占总支出的16.06%。)
    # lists two wholes; failing that, every such sentence of its pages
    said = list({f.quote: f for f in eng.index.by_doc.get(part_f.doc_id, [])
                 if f.kind == "sentence" and abs(f.page - part_f.page) <= 1 and f.quote}.values())
    at = next((k for k, f in enumerate(said) if f.quote == part_f.quote), None)
    runs = []
    if at is not None:
        lo = at
        while lo > 0 and each.search(fold(said[lo - 1].quote)) and not _LIST_END.search(said[lo - 1].quote):
            lo -= 1
        hi = at
        while hi + 1 < len(said) and each.search(fold(said[hi + 1].quote)) and not _LIST_END.search(said[hi].quote):
            hi += 1
        runs.append(said[lo:hi + 1])
    runs.append(said)
    for run in runs:
        found: dict[tuple[str, str], Any] = {}
        for f in run:
            for m in each.finditer(fold(f.quote or "")):
                found.setdefault((m.group(1).replace(",", ""), m.group(2)), f)
        if len(found) < 2:
            continue
        shares = [p for _, p in found]
        slack = sum(0.5 * 10 ** -(len(p.split(".")[1]) if "." in p else 0) for p in shares) + 1e-6
        if abs(sum(float(p) for p in shares) - 100) > slack:
            continue
        return [(float(a), p) for a, p in found], list({f.quote: f for f in found.values()}.values())
    return None


_LIST_END = re.compile(r"。\s*$")


def _said_whole(eng, part_f, whole_words: str, part: float | None):
    """The whole a share is of, when no table prints it and the narrative does (社会保障和就业（类）支出796.52万元，
    占11.6% after 湖州市财政局2026年一般公共预算当年拨款6838.41万元…, asked as 占当年拨款的11.6%): the sentence of the
    part's page or the page before whose figure is named by the whole's words at its end, larger than the part,
    the nearest before the part. ``None`` when there is none."""
    from budgetlens.ingest.normalize import fold

    words = re.sub(r"[^\u4e00-\u9fff]", "", fold(whole_words))
    if part_f is None or part is None or len(words) < 3:
        return None
    said = [f for f in eng.index.by_doc.get(part_f.doc_id, [])
            if f.kind == "sentence" and 0 <= part_f.page - f.page <= 1 and f.value is not None]
    at = next((k for k, f in enumerate(said) if f.quote == part_f.quote), len(said))
    for f in reversed(said[:at]):
        label = re.sub(r"[^\u4e00-\u9fff]", "", fold(f.label or ""))
        value = convert(f.value, f.unit, "万元") if f.unit else None
        if label.endswith(words) and value is not None and value > part:
            return f
    return None


def _check_share(eng, text, plan: Plan, doc_ids, fy, year, names, understood) -> Answer | None:
    """A share the narrative states (因公出国（境）费222.5万元，占“三公”经费的8.75%) against its two
    numbers: the part as the sentence (or the question) prints it, the whole as the tables print
    it (the words after 占, else the words the question compares it with: 和支出预算合计对得上吗).
    The share is recomputed with each amount ± half a cent and the rate ± half its last digit."""
    from budgetlens.ingest.normalize import fold
    from budgetlens.qa.compute import question_canon

    t = fold(plan.norm)
    m = _SHARE_Q.search(t)
    if not m:
        return None
    rate_text = m.group("pct")
    whole_words = re.sub(r"^[的“”\"']+|[的“”\"']+$", "", m.group("whole"))
    if len(re.sub(r"[^\u4e00-\u9fff]", "", whole_words)) < 2:
        w = re.search(r"(?:和|与|跟|同)([^，,。？?]{2,20}?)(?:对得上|一致|相符|吻合|核对|比)", t[m.end():])
        whole_words = w.group(1) if w else ""
    # 财政拨款支出237,100万元，基本支出199,015.13万元说占83.94%: the whole is the question's other amount
    # (基本支出15844.04万元，支出合计24169.74万元，报告写占65.56%: the part first, the larger amount the whole)
    amounts = [float(a.replace(",", "")) for a in re.findall(r"(\d[\d,]*(?:\.\d+)?)\s*万元", t[:m.start()])]
    if m.group("wamt"):
        amounts.append(float(m.group("wamt").replace(",", "")))
    if len(amounts) == 2 and amounts[0] < amounts[1] - 0.005:
        amounts = amounts[::-1]
    asked_whole = amounts[0] if len(amounts) == 2 and amounts[0] >= amounts[1] - 0.005 else None
    if not whole_words and asked_whole is None:
        return None
    # the sentence stating the share, and the part it prints before 占
    part_f: Any = None
    part: float | None = None
    own_whole: float | None = None
    wf: Any = None
    whole: float | None = None
    from budgetlens.qa.why import _lcs

    # the words the question gives its part (…，基本支出1,136.23万元说占100%): of two sentences printing the
    # rate, the one naming that part before its amount
    part_said = re.split(r"[，,。；;]|\d[\d,]*(?:\.\d+)?\s*万元", t[:m.start()])
    part_words = next((w for w in reversed(part_said) if re.search(r"[\u4e00-\u9fff]{2}", w)), "")
    seen: list = []
    best_key: tuple = (False, -1)
    part_whole = ""
    for d in doc_ids:
        for f in eng.index.by_doc.get(d, []):
            q = fold(f.quote or "")
            if f.kind != "sentence" or "占" not in q or f.quote in seen:
                continue
            seen.append(f.quote)
            i = next((k.start() for k in re.finditer(re.escape(rate_text) + r"\s*%", q)), -1)
            j = q.rfind("占", 0, i) if i >= 0 else -1
            pm = _PART_BEFORE.search(q[:j]) if j >= 0 else None
            if pm:
                value = float(pm.group(1).replace(",", ""))
                named = re.split(r"[，,。；;：:]", q[:pm.start()])[-1]
                key = (any(abs(value - a) < 0.005 for a in amounts), _lcs(part_words, named))
                if key > best_key:
                    best_key, part_f, part = key, f, value
                    part_whole = re.sub(r"的\s*$", "", q[j + 1:i])  # 占“三公”经费的55.3%: “三公”经费
                    # …支出预算合计87,404.9万元，其中：基本支出…占13.22%: the whole the sentence prints
                    wm = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*万元\s*[，,]?\s*其中", q[:pm.start()])
                    own_whole = float(wm.group(1).replace(",", "")) if wm else None
    summed = _stated_parts(eng, part_f, part_whole) if part_f is not None and part_whole else None
    if part is not None and amounts and all(abs(part - a) >= 0.005 for a in amounts):
        # the question quotes its part (…199,000万元占83.94%) and the sentence of that rate prints another:
        # the sentence is not the one asked about; the question's own part is checked, when printed
        from budgetlens.qa.quoted_sum import _printed

        part_f, part, own_whole = None, None, None
        if not _printed(eng, doc_ids, [amounts[-1]]):
            return None
        part = amounts[-1]
    if part is None:
        asked = _PART_BEFORE.search(t[:m.start()])
        if asked:
            part = float(asked.group(1).replace(",", ""))
        elif asked_whole is not None:  # …基本支出199,015.13万元说占84.94%: the question's last amount, when printed
            from budgetlens.qa.quoted_sum import _printed

            if not _printed(eng, doc_ids, [amounts[-1]]):
                return None
            part = amounts[-1]
        else:
            return None
    if asked_whole is not None and abs(part - amounts[1]) < 0.005:
        from budgetlens.qa.quoted_sum import _printed

        if own_whole is not None and abs(own_whole - asked_whole) >= 0.005:
            return None  # the sentence's own whole is not the one the question states: which is asked is not known
        if own_whole is None:
            got_whole = _printed(eng, doc_ids, [asked_whole]).get(asked_whole)
            if got_whole is None:
                return None  # a whole the filing does not print: no verdict on it
            wf, whole = got_whole, asked_whole
        else:
            wf, whole = part_f, own_whole
    elif not whole_words:
        return None
    elif own_whole is not None:
        wf, whole = part_f, own_whole
    elif summed is not None and (_SUMMED_Q.search(t) or not eng.find(
            question_canon(whole_words, []), [], doc_ids, fy, year, plan=plan, kinds=("grid", "cell"))[0]):
        # 按三项加总核一下 (or a whole no table prints): the whole is the parts the passage states shares of
        wf, whole = part_f, sum(a for a, _ in summed[0])
    else:
        summed = None
        whole_m, _, _ = eng.find(question_canon(whole_words, []), [], doc_ids, fy, year, plan=plan,
                                 kinds=("grid", "cell"))
        wf = whole_m.fact if whole_m is not None else _said_whole(eng, part_f, whole_words, part)
        if wf is None:
            return None
        whole = convert(wf.value, wf.unit, "万元")
    if not whole:
        return None
    got = part / whole * 100
    lo, hi = (part - 0.005) / (whole + 0.005) * 100, (part + 0.005) / max(whole - 0.005, 1e-9) * 100
    from budgetlens.qa.stated import rate_verdict, within_rounding

    by_rate = rate_verdict(got, rate_text, lo, hi)
    ok = by_rate == "pass"
    d = eng.docs[wf.doc_id]
    cites = ([cite(part_f, d.path, d.entity)] if part_f is not None else []) + (
        [cite(wf, d.path, d.entity)] if wf is not part_f else [])
    said = f"说明（第{part_f.page}页）写“{part_f.quote}”[1]" if part_f is not None else f"问题所引 {fmt(part)} 万元"
    if summed is not None and wf is part_f and own_whole is None:
        for g in summed[1]:
            if g.quote not in [c.quote for c in cites]:
                cites.append(cite(g, d.path, d.entity))
    whole_said = (f"；同一段各项合计 {' + '.join(fmt(a) for a, _ in summed[0])} = {fmt(whole)} 万元（各项所占"
                  f"{' + '.join(p for _, p in summed[0])} ≈ 100%）" if summed is not None and wf is part_f and own_whole is None
                  else "，同一句印出总数" if wf is part_f else
                  f"；说明（第{wf.page}页）写“{wf.quote}”[{len(cites)}]" if wf.kind == "sentence" else
                  f"；{wf.title or '表'}「{wf.label}」印作 {fmt(wf.value)} {wf.unit}（第{wf.page}页）[{len(cites)}]")
    head = (f"{bare(names[0])}：{said}{whole_said}。按这两个数，{fmt(part)} ÷ {fmt(whole)} = {got:.2f}%"
            + ("。" if by_rate is None else "，一致。" if ok else f"，不是 {rate_text}%。不一致。"))
    verdict = "pass" if ok else "fail"
    understood.update({"measure": wf.label, "verdict": verdict})
    derived = [fmt(part), fmt(whole), f"{got:.2f}", f"{got:.2f}%", rate_text, str(wf.page)] + (
        [str(part_f.page)] if part_f is not None else []) + (
        [x for a, p in summed[0] for x in (fmt(a), p)] + ["100%"] if summed is not None else [])
    missing = unverified_numbers(head, [c.quote for c in cites] + derived + [text],
                                 {d.fiscal_year} if d.fiscal_year else set())
    answer = Answer(question=text, answer=head, citations=cites, verified=not missing, unverified_numbers=missing,
                    kind="consistency", understood=understood,
                    checks=[{"check_id": "question.stated_share", "status": verdict, "message": head}])
    return within_rounding(answer, f"{got:.2f}%", f"{rate_text}%") if by_rate is None else answer


_Q_DELTA = re.compile(r"(增加|减少|增长|下降|多|少)了?\s*(\d[\d,]*(?:\.\d+)?)\s*万元")


def _change_vs_table(eng, text, plan: Plan, cq, doc_ids, fy, names, understood) -> Answer | None:
    """A change the question says the filing states (比2025年减少380.65万元) against the two years
    a table prints for the measure (the 三公 table's 2026 and 2025 rows): this year − the year
    before, equal within a cent (and the amounts' rounding) is pass."""
    from budgetlens.ingest.normalize import fold

    t = fold(plan.norm)
    dm = _Q_DELTA.search(t)
    if not dm or not fy:
        return None
    stated = float(dm.group(2).replace(",", "")) * (1 if dm.group(1) in ("增加", "增长", "多") else -1)
    base = re.search(r"比(20\d\d)年", t)
    before_year = int(base.group(1)) if base else fy - 1
    words = re.sub(r"(?:比|较)(?:上年|去年|20\d\d年?)?|增加|减少|增长|下降|说|表上|表里|两年的?数?|和|跟|与|"
                   r"对得上吗|对得上|一致吗|一致|[\d.,]+万元|[?？]", " ", cq)
    before, _, _ = find_own(eng, eng, words, [], doc_ids, fy, before_year, plan=plan, kinds=("grid", "cell"))
    if before is None:
        return None
    # this year as the same table prints it beside the year before (its row, or its column)
    bf = before.fact
    filed = eng.docs[bf.doc_id].fiscal_year

    def year_of(f):  # a year printed as 上年 / 预算数 is the filing's year before / own year
        return f.year if f.year and f.year > 0 else (filed if f.year is None else (filed or 1) - 1)
    same = [f for f in eng.index.by_doc.get(bf.doc_id, []) if f.table == bf.table and f.page == bf.page
            and year_of(f) == fy and f.unit == bf.unit and (f.row == bf.row or f.col == bf.col) and f is not bf]
    now = Match(before.score, same[0], before.span, same[0].label) if same else None
    if now is None or now.fact is before.fact:
        return None
    a, b = convert(now.fact.value, now.fact.unit, "万元"), convert(before.fact.value, before.fact.unit, "万元")
    if a is None or b is None:
        return None
    delta = a - b
    ok = abs(delta - stated) <= 0.011
    d = eng.docs[now.fact.doc_id]
    cites = [cite(before.fact, d.path, d.entity), cite(now.fact, d.path, d.entity)]
    word = "增加" if delta >= 0 else "减少"
    head = (f"{bare(names[0])}：{now.fact.title or '表'}印出 {before_year}年 {fmt(b)} 万元（第{before.fact.page}页）[1]、"
            f"{fy}年 {fmt(a)} 万元（第{now.fact.page}页）[2]，{fmt(a)} − {fmt(b)} = {fmt(delta)} 万元，即{word} "
            f"{fmt(abs(delta))} 万元；问题所说{dm.group(1)} {dm.group(2)} 万元"
            + ("，一致。" if ok else "，不一致。"))
    verdict = "pass" if ok else "fail"
    understood.update({"measure": now.fact.label, "verdict": verdict})
    derived = [fmt(a), fmt(b), fmt(delta), fmt(abs(delta)), dm.group(2), str(now.fact.page), str(before.fact.page)]
    missing = unverified_numbers(head, [c.quote for c in cites] + derived, {fy, before_year})
    return Answer(question=text, answer=head, citations=cites, verified=not missing, unverified_numbers=missing,
                  kind="consistency", understood=understood,
                  checks=[{"check_id": "question.stated_change=table", "status": verdict, "message": head}])


def _narrative_vs_table(eng, text, plan: Plan, cq, doc_ids, fy, year, names, understood) -> Answer | None:
    """说明里写的政府采购预算，和政府采购预算表对得上吗？ The figure the narrative states for the
    measure against the one the tables print for it, in 万元: equal within a cent is pass."""
    words = re.sub(r"表\s*[\d一二三四五六七八九十]+|的?数字?|数额|金额|说明|叙述|文字|正文|里|中|写的?|说的?|和|与|跟|同|表|"
                   r"对得上吗|对得上|一致吗|一致|相符吗|相符|"
                   r"吻合吗|吻合|[?？]", " ", cq)
    said, _, _ = eng.find(words, [], doc_ids, fy, year, plan=plan, kinds=("sentence", "figure"))
    table, _, _ = find_own(eng, eng, words, [], doc_ids, fy, year, plan=plan, kinds=("grid", "cell"))
    if table is None:
        table = _table_total(eng, doc_ids, words)
    if said is None or table is None:
        return None
    a, b = convert(said.fact.value, said.fact.unit, "万元"), convert(table.fact.value, table.fact.unit, "万元")
    if a is None or b is None:
        return None
    ok = abs(a - b) <= 0.011
    other = None if ok else _printed_elsewhere(eng, names[0], table.fact, a, "万元")
    if other is not None and _measure_of(other) == _measure_of(table.fact):
        return _other_scope(eng, text, table.fact, other, a, "万元", names, understood, "说明所写")  # 本级 / 汇总…
    verdict = "pass" if ok else "fail"
    d = eng.docs[table.fact.doc_id]
    cites = [cite(said.fact, d.path, d.entity), cite(table.fact, d.path, d.entity)]
    head = (f"{bare(names[0])}：说明（第{said.fact.page}页）写“{said.fact.quote}”[1]，即 {fmt(a)} 万元；"
            f"{table.fact.title or '表'}「{table.fact.label}」印作 {fmt(table.fact.value)} {table.fact.unit}"
            f"（第{table.fact.page}页）[2]。" + ("一致。" if ok else f"不一致，相差 {fmt(abs(a - b))} 万元。"))
    understood.update({"measure": table.fact.label, "verdict": verdict})
    derived = [fmt(a), fmt(abs(a - b)), str(said.fact.page), str(table.fact.page)]
    missing = unverified_numbers(head, [c.quote for c in cites] + derived, {fy} if fy else set())
    return Answer(question=text, answer=head, citations=cites, verified=not missing, unverified_numbers=missing,
                  kind="consistency", understood=understood,
                  checks=[{"check_id": "question.narrative=table", "status": verdict, "message": head}])


def _table_total(eng, doc_ids, words: str) -> Match | None:
    """The total of the table the question names by its title (政府采购预算表: its 合计 row, first
    column) when no row prints the measure's words: the first such table of the filing."""
    from budgetlens.index.facts import canon

    w = [canon(x) for x in words.split() if len(canon(x)) >= 3]
    if not w:
        return None
    for d in doc_ids:
        for f in eng.index.by_doc.get(d, []):
            if (f.kind in ("grid", "cell") and f.col_index == 0 and re.fullmatch(r"\s*(?:合\s*计|总\s*计)\s*", f.row or "")
                    and any(x in canon(f.title or "") for x in w)):
                return Match(100, f, (-1, -1), f.label)
    return None


_ONE_FIGURE = re.compile(r"(?:(增加|增长|上升|提高|减少|下降|降低)了?\s*)?(\d[\d,]*(?:\.\d+)?)\s*(万元|%|％)")


def computed_check(text: str, answer: Answer) -> Answer | None:
    """A question asking whether the one figure it quotes is right (说政府采购货物支出占总额的45.06%，这个
    比例对吗？), answered by computing that figure from the printed operands (a ``compare`` answer
    in the figure's unit): the computed value compared with the quoted one, equal within half the
    quoted figure's last digit and a cent of rounding (a rate's direction, 增长 / 下降, must be the
    computed one's). None for any other answer or question; a decline when another figure the
    question quotes is not an operand of the computation (the figures asked about are not those
    computed)."""
    from budgetlens.ingest.normalize import fold

    if answer.kind != "compare" or answer.value is None or answer.unit not in ("%", "万元"):
        return None
    t = fold(text)
    if not _ASKS_CHECK.search(t) or re.search(r"为什么|为何|原因", t):
        return None
    said = [m for m in _ONE_FIGURE.finditer(t) if not re.fullmatch(r"20\d\d", m.group(2))
            and ("%" if m.group(3) in "%％" else m.group(3)) == answer.unit]
    if len(said) != 1:
        return None  # several figures of the unit: which one the computation stands for is not known
    # every other figure the question quotes must be an operand of the computation (减少0.36万元 quoted,
    # the computation on a change of 0 万元: not the figures the question asks about)
    # the operands as the filing prints them (the cited quotes), not what the answer derived from them (上年即 … = 3.04)
    # each quote on its own (12,323.48 and 17,996.68 joined bare read as 12,323.4817 and 996.68)
    shown = " ".join(c.quote or "" for c in answer.citations)
    operands = {float(x.replace(",", "")) for x in re.findall(r"\d[\d,]*(?:\.\d+)?", shown)}
    for m in _ONE_FIGURE.finditer(t):
        if m.span() != said[0].span() and not re.fullmatch(r"20\d\d", m.group(2)):
            n = float(m.group(2).replace(",", ""))
            if not any(abs(n - x) <= 0.005 or abs(n * 10000 - x) <= 0.5 for x in operands):
                from budgetlens.qa.sides import _declined

                return _declined(answer, f"{answer.answer} 问题所引 {m.group(2)}{m.group(3)}不是这一计算所用的数，"
                                         "因此不给出一致与否。")
    word, figure = said[0].group(1), said[0].group(2).replace(",", "")
    quoted = float(figure)
    sign = 0 if not word else (1 if word in ("增加", "增长", "上升", "提高") else -1)
    got = answer.value
    half = 0.5 * 10 ** -(len(figure.split(".")[1]) if "." in figure else 0)
    off = abs(abs(got) - quoted) if sign else abs(got - quoted)
    ok = off <= half + 0.01
    # a rate the printed amounts give only within their rounding (90.92% computed, 90.89% said): no verdict
    unsure = answer.unit == "%" and half + 1e-9 < off <= half + 0.01 and not (sign and got * sign < 0)
    if sign and got * sign < 0:
        ok = False  # 说增长 where the printed figures fall
    if unsure:
        from budgetlens.qa.stated import within_rounding

        return within_rounding(answer, f"{fmt(got)}%", f"{figure}%")
    unit = "%" if answer.unit == "%" else " 万元"
    head = (f"{answer.answer} 问题所引 {word or ''}{figure}{unit}，按印出的数计算为 {fmt(got)}{unit}："
            + ("一致。" if ok else "不一致。"))
    verdict = "pass" if ok else "fail"
    understood = {**(answer.understood or {}), "operation": "consistency", "verdict": verdict}
    return answer.model_copy(update={
        "answer": head, "kind": "consistency", "understood": understood,
        "checks": [*(answer.checks or []), {"check_id": "question.quoted=computed", "status": verdict, "message": head}]})
