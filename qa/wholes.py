"""The whole of a share the question names only as money (今年的钱里 / 花的钱里 …占多大比例).

A share whose whole names no measure (无锡交通局本级今年的钱里，基本支出占了多大比例？) is read
against the row the part is printed in: 基本支出 3,305.86 is a column of the 支出总表's 合计 row,
whose 合计 column (984,760.87) holds 基本支出 and 项目支出 together, so that total is the whole.
A part printed in no such row is not answered (the whole is not guessed).
"""

from __future__ import annotations

import re

from budgetlens.qa.compute import Match, _same_row
from budgetlens.qa.plan import without_funds
from budgetlens.qa.wording import in_wan

# the words a whole said only as money may hold besides 钱: when, whose, the talk
_VAGUE_RE = re.compile(r"20\d\d年度?|今年|本年|全年|当年|一年|去年|上年|决算|预算|花掉?了?|用掉?了?|支出去?|所有|全部|总共|一共|"
                       r"这个?|该|单位|部门|本级|局|的|了|里|中|当中|之中|钱|[\s，,]")


def vague_whole(cq: str, seg: tuple[int, int]) -> bool:
    """Whether the whole's words say only money, and no measure.

    >>> vague_whole("今年的钱里，基本支出占了多大比例", (0, 5))
    True
    >>> vague_whole("一般公共预算支出中项目支出占比多少", (0, 8))
    False
    """
    words = cq[seg[0]:seg[1]]
    return "钱" in words and not _VAGUE_RE.sub("", words)


# the words a whole said as the body's budget may hold besides 预算: when, whose, the talk
_BUDGET_WHOLE_RE = re.compile(r"20\d\d年度?|今年|本年|全年|当年|这个?|该|其|本级|本|部门|单位|局|整个|全部|所有|的|了|里|中|当中|之中|[\s，,]")


def budget_whole(cq: str, seg: tuple[int, int]) -> bool:
    """Whether the whole's words say only the body's budget (占部门预算的比例, 占其预算的比重,
    口岸办的预算里项目支出占…), and no measure.

    >>> budget_whole("公用经费占部门预算的比例是多少", (5, 15)), budget_whole("项目支出占支出预算的比例", (5, 12))
    (True, False)
    """
    words = re.split(r"的?(?:比例|比重|百分|占比|份额|多少|几成|是|[?？])", cq[seg[0]:seg[1]])[0]
    return _BUDGET_WHOLE_RE.sub("", words) in ("预算", "总预算", "预算总额", "预算总计", "年度预算")


def total_whole(cq: str, seg: tuple[int, int]) -> bool:
    """Whether the whole's words say only the total of the spending (基本支出占支出合计的百分之几,
    项目支出占全部支出的比重): read as the total column of the row the part is printed in.

    >>> total_whole("基本支出占支出合计的百分之几", (5, 9)), total_whole("基本支出占一般公共预算支出的比例", (5, 14))
    (True, False)
    """
    words = re.split(r"的?(?:比例|比重|百分|占比|份额|多少|几成|是|[?？])", cq[seg[0]:seg[1]])[0]
    # (基本支出占支出预算的比例: the narrative's 支出预算合计, the spending's total)
    return _BUDGET_WHOLE_RE.sub("", words) in ("支出合计", "本年支出合计", "支出总额", "全部支出", "合计", "总额",
                                               "支出预算", "支出预算合计", "支出预算总额", "总支出")


# the words a whole said as the procurement total may hold: when, whose, 政府采购 and its total
_PROCUREMENT_WHOLE_RE = re.compile(r"20\d\d年度?|今年|本年|全年|当年|这个?|该|其|本|部门|单位|局|整个|全部|所有|的|了|里|中|"
                                   r"当中|之中|政府采购|采购|预算|安排|总金额|总额|总数|合计|总计|总|金额|资金|[\s，,]")


def procurement_whole(cq: str, seg: tuple[int, int]) -> bool:
    """Whether a share of a procurement question names its whole only as the procurement total
    (服务类占总额, 服务类采购预算占总安排, 政府采购里服务类占几成): the total the filing prints
    before the part's list answers (``listed_whole``).

    >>> procurement_whole("政府采购服务类占总额百分之多少", (8, 15)), procurement_whole("服务类占财政拨款的比例", (4, 11))
    (True, False)
    """
    words = re.split(r"的?(?:比例|比重|百分|占比|份额|多少|几成|是|[?？])", cq[seg[0]:seg[1]])[0]
    return "采购" in cq and not _PROCUREMENT_WHOLE_RE.sub("", words)


_AMOUNT_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def listed_whole(index, part: Match) -> Match | None:
    """The total a sentence prints before the list its part stands in: 2026年本部门政府采购安排
    17,951.4万元，其中：货物类采购预算2,300.46万元…服务类采购预算14,031.98万元 → 17,951.4 for
    服务类; the list after 其中 / ： of the sentence's first figure. None for a part printed
    otherwise (a table's cell) or no smaller than that figure."""
    f0 = part.fact
    if f0.kind != "sentence" or not f0.quote:
        return None
    q = re.sub(r"\s", "", f0.quote)
    found = [(m.start(), float(m.group(0).replace(",", ""))) for m in _AMOUNT_RE.finditer(q)
             if not re.match(r"20\d\d年", q[m.start():m.end() + 1])]
    at = next((i for i, v in found if abs(v - f0.value) < 1e-6), -1)
    if len(found) < 2 or at <= found[0][0] or not re.search(r"其中|[：:]", q[found[0][0]:at]):
        return None
    first = found[0][1]
    if first < f0.value:
        return None
    for g in index.by_doc.get(f0.doc_id, []):
        if (g.kind == "sentence" and g is not f0 and g.page == f0.page and g.quote == f0.quote
                and abs(g.value - first) < 1e-6 and g.unit == f0.unit):
            return Match(part.score, g, (-1, -1), g.row.strip())
    return None


def stated_budget(index, docs, part: Match) -> Match | None:
    """The budget the filing states under the body's own name (深圳市人民政府口岸办公室预算55,884.67万元，
    包括在职人员经费…): the narrative figure of the part's filing whose words are only the body's
    name (as the filing prints it) and 预算, no smaller than the part; None when it prints none."""
    f0 = part.fact
    d = docs.get(f0.doc_id)
    if d is None:
        return None
    plain = lambda t: re.sub(r"[\s（）()]", "", t or "")  # noqa: E731
    names = {plain(n) for n in (d.entity, *d.names) if n}
    for g in index.by_doc.get(f0.doc_id, []):
        if g.kind not in ("sentence", "figure") or g.unit == "%":
            continue
        m = re.fullmatch(r"(?:20\d\d年度?)?(.{4,40}?)(?:20\d\d年度?)?(?:部门|单位)?预算(?:为|是)?", plain(g.row))
        # (深圳市人民政府办公厅(本级)预算: the filing's own tag after the name)
        if m and re.sub(r"(?:本级|汇总)$", "", m.group(1)) in names and in_wan(g) >= in_wan(f0) > 0:
            return Match(part.score, g, (-1, -1), g.row.strip(), also=[])
    return None


def row_total(index, part: Match) -> Match | None:
    """The total column of the printed row the part stands in (合计 | 基本支出 | 项目支出 →
    合计), when the part is one of that row's other columns and no larger than it."""
    f0 = part.fact
    if f0.kind not in ("grid", "cell") or _total_col(f0):
        return None
    for g in index.by_doc.get(f0.doc_id, []):
        if _same_row(g, f0) and _total_col(g) and g.unit == f0.unit and g.value >= f0.value > 0:
            return Match(part.score, g, (-1, -1), g.row.strip() or g.col)
    return None


def _total_col(f) -> bool:
    """The column a row's parts add up to: headed 合计 / 总计 / 小计, or a grid's first column."""
    last = re.sub(r"\s", "", (f.col or "").split("|")[-1])
    return last in ("合计", "总计", "小计") or (f.kind == "grid" and f.col_index == 0 and not f.col)


_COMPLEMENT_RE = re.compile(r"(?:以外|之外)的?(?:部分|金额|资金)?")


# (占几成？给个百分比 / 用百分比回答: the asking, no whole)
_SHARE_TAIL_RE = re.compile(r"比重|比例|占比|所占|百分之几|百分之多少|百分比|几成|多大|多少|是|为|的|了|呢|[？?]|"
                            r"给个|给出|用|回答|表示|请")


def share_segments(cq: str):
    """Where a share question names its part and its whole: ((part), (whole), nested).

    公务接待费占三公经费的比重 → part before 占, whole after it; 一般公共预算支出中项目支出占比多少
    → the whole before 中 and the part between 中 and 占 (nested: the part is read within the
    whole, so it may take the whole's qualifiers); 项目支出在支出预算合计中占比 → the part before
    在, the whole between 在 and 中. None when the question says neither."""
    k = cq.find("占")
    if k <= 0:
        return None
    i = k - 1 if cq[k - 1] == "所" else k  # 公务接待费所占比重: 所占 is 占
    after = _SHARE_TAIL_RE.sub("", cq[k + 1:])
    if re.search(r"[\u4e00-\u9fff]{2,}", after):
        return (0, i), (k + 1, len(cq)), False
    cut = max(cq.rfind("中", 0, i), cq.rfind("里", 0, i))
    if cut <= 0:
        return None
    if cut + 1 >= i:
        # 项目支出在支出预算合计中占比: the part before 在, the whole between 在 and 中
        at = cq.rfind("在", 0, cut)
        return ((0, at), (at + 1, cut), False) if at > 0 and at + 1 < cut else None
    return (cut + 1, i), (0, cut), True


def complement_segments(cq: str):
    """Where a question asks a whole less a part (政府采购预算总额中，一般公共预算拨款以外的部分有多少):
    ((part), (whole), True) — the whole before 中 / 里, the part between it and 以外; None
    when the question says no such thing.

    >>> complement_segments("政府采购预算总额中，一般公共预算拨款以外的部分有多少")
    ((10, 18), (0, 8), True)
    """
    m = _COMPLEMENT_RE.search(cq)
    if not m:
        return None
    cut = max(cq.rfind("中", 0, m.start()), cq.rfind("里", 0, m.start()))
    if cut <= 0:
        return None
    a = cut + 1
    while a < m.start() and not re.match(r"[\u4e00-\u9fff]", cq[a]):
        a += 1
    a += 2 if cq.startswith("除了", a) else 1 if cq.startswith("除", a) else 0
    return ((a, m.start()), (0, cut), True) if m.start() - a >= 2 else None


_BUDGET_WORDS = r"年初预算数?|全年预算数?|调整预算数?|预算数"


def budget_vs_final(cq: str) -> bool:
    """Whether a question sets a year's final account against its budget: 决算数比年初预算数多了多少.

    >>> budget_vs_final("财政拨款收入，决算数比年初预算数多了多少万元"), budget_vs_final("决算中的年初预算数是多少")
    (True, False)
    """
    # (会议费预算和支出决算差了多少, 决算比预算多了多少: a bare 预算 too; a fund's name says no budget)
    return bool(re.search(rf"决算数?[^，。？?]{{0,6}}(?:比|较|与|和|相比)[^，。？?]{{0,4}}(?:{_BUDGET_WORDS}|预算)"
                          rf"|(?:{_BUDGET_WORDS}|预算)[^，。？?]{{0,6}}(?:比|较|与|和|相比)[^，。？?]{{0,4}}决算",
                          without_funds(cq)))


# 决算占年初预算的比例 / 完成了年初预算的百分之几 / 决算是年初预算的百分之几 / 决算相当于年初预算的
# 多少%: the year's final account over its budget, as a rate (the filing need not print it)
_FINAL_OF_BUDGET_RE = re.compile(rf"(?:决算数?(?:支出)?)?(?:占|是|为|相当于|达到?了?|完成了?|执行了?)"
                                 rf"(?:{_BUDGET_WORDS}|预算)的?(?:百分之|比例|比重|多少[%％]|几成|百分比|[%％])")


def final_of_budget(cq: str):
    """Where a question asks a year's final account as a rate of its budget (the match), or None.

    >>> bool(final_of_budget("住房公积金支出决算相当于年初预算的多少%?"))
    True
    >>> bool(final_of_budget("行政单位离退休支出完成了年初预算的百分之几?"))
    True
    >>> bool(final_of_budget("基本支出占支出预算的比重是多少?")), bool(final_of_budget("项目支出占预算的比例"))
    (False, False)
    """
    m = _FINAL_OF_BUDGET_RE.search(cq)
    if m is None or not re.search(r"决算|完成|执行", m.group(0)):
        return None  # 基本支出占支出预算: a part of the budget, not what was spent of it
    return m


def sides_said_apart(cq: str) -> tuple[str, str] | None:
    """A question naming its measure first, then comparing its 决算 with its budget
    (一般公共预算财政拨款支出，决算比年初预算少花了多少): the measure read once with each side's
    word right after it (…支出决算, …支出年初预算), as a filing's sentence names them; None when
    no measure comes first.

    >>> sides_said_apart("一般公共预算财政拨款支出,决算比年初预算少花了多少万元?")
    ('一般公共预算财政拨款支出决算', '一般公共预算财政拨款支出年初预算')
    """
    m = re.search(r"决算|(?<!公共)(?<!基金)(?<!经营)预算", cq)
    if m is None:
        return None
    measure = re.sub(r"[，,的\s]+$", "", cq[:m.start()])
    if len(measure) < 2:
        return None
    said = re.search(_BUDGET_WORDS, cq[m.start():])
    return measure + "决算", measure + (said.group(0) if said else "预算")


def final_and_budget(plan):
    """The plan read twice: once of the year's final account, once of its budget."""
    from dataclasses import replace

    return replace(plan, final=True, years=list(plan.years)), replace(plan, final=False, years=list(plan.years))


# the other side of a final account's statement, said bare beside the measure's own figure:
# 一般公共预算财政拨款支出决算 2,251.27 万元。与年初预算 1,014.86 万元相比 / 会议费预算1.2万元，支出决算1.1万元
_BARE_SIDE = {"budget": re.compile(r"(?:与|比|较|同|和)?(?:年初|全年|调整(?:后的?)?)?预算数?(?:为|是)?"),
              "final": re.compile(r"(?:实际)?(?:支出)?(?:决算数?|执行数)(?:为|是)?")}
_SIDE_WORD = {"budget": "决算", "final": "预算"}


def stated_beside(index, found: Match, side: str) -> Match | None:
    """The ``side`` ("budget" or "final") figure a final account's narrative states right after
    the figure found for the other side, naming no measure of its own: the next number of the
    same page whose words, after the last figure before it, are only that side's word. The
    found figure's own words must say its side (决算 for the budget's partner, 预算 for the final's)."""
    f0 = found.fact
    if f0.kind != "sentence" or _SIDE_WORD[side] not in re.split(r"\d[\d.,]*\s*(?:万元|亿元|元|%)", f0.row)[-1]:
        return None
    facts = index.by_doc.get(f0.doc_id, [])
    at = next((i for i, f in enumerate(facts) if f is f0), -1)
    if at < 0 or at + 1 >= len(facts):
        return None
    f = facts[at + 1]
    words = re.sub(r"[\s，,；;。]", "", re.split(r"\d[\d.,]*\s*(?:万元|亿元|元|%)[，,；;。]?", f.row)[-1])
    if f.kind != "sentence" or f.page != f0.page or f.unit != f0.unit or not _BARE_SIDE[side].fullmatch(words):
        return None
    return Match(found.score, f, (-1, -1), f.row.strip(), also=[])


def _one_table(f, g) -> bool:
    """Two numbers of one printed table: one table id, or one title (a table run over pages)."""
    return f.doc_id == g.doc_id and f.kind in ("grid", "cell") and g.kind in ("grid", "cell") and (
        (f.kind == g.kind and f.table == g.table) or (bool(f.title.strip()) and f.title == g.title))


def _row_of(f, g) -> bool:
    """``g`` prints the line ``f`` prints: by class code when ``f`` has one, else by its row."""
    if f.code:
        return g.code == f.code
    return bool(f.canon_row) and g.canon_row == f.canon_row


def _in_table(index, table_of, line_of, column_of):
    """The number ``index`` prints in ``table_of``'s table, on ``line_of``'s line, in
    ``column_of``'s column and year, in its unit; None when there is none (or several)."""
    found = [g for g in index.by_doc.get(table_of.doc_id, [])
             if _one_table(g, table_of) and _row_of(line_of, g) and g.col == column_of.col
             and g.year == column_of.year and g.unit == column_of.unit]
    return found[0] if len({round(g.value, 4) for g in found}) == 1 else None


def _code_of(index, f) -> str:
    """A line's class code: its own, or the one the keyed cell of the same page, line and number
    prints (a ruled grid read without its code column: 其他工业和信息产业支出 8.00 beside the cell
    2150599 其他工业和信息产业支出 8.00)."""
    if f.code:
        return f.code
    return next((g.code for g in index.by_doc.get(f.doc_id, []) if g.code and g.page == f.page
                 and g.canon_row == f.canon_row and g.value == f.value and g.unit == f.unit), "")


def within_one_table(index, part: Match, whole: Match) -> Match | str | None:
    """A share of a class in its parent class (2050201 in 20502) read from two tables of one
    filing, when a table prints both (the part and whole of one fund or one part of the spending:
    政府采购 / 基本支出 / 政府性基金):

    - the part's table prints the whole's line in the part's column: that number is the whole
      (the share within the table the part is read from, in its words);
    - else the whole's table prints the part's line with another number: the two tables count
      the part differently, and which share is meant is not known — why, to decline;
    - else None: the pair stands.
    """
    f, g = part.fact, whole.fact
    if f.doc_id != g.doc_id or f.kind not in ("grid", "cell") or g.kind not in ("grid", "cell") or _one_table(f, g):
        return None
    fc, gc = _code_of(index, f), _code_of(index, g)
    if not (gc and fc.startswith(gc) and fc != gc):
        return None  # only a class in its parent class (项 in 款, 款 in 类): lines every such table prints
    same = _in_table(index, f, g, f)
    if same is not None and same.value >= f.value > 0:
        return Match(whole.score, same, whole.span, whole.label, words=whole.words)
    other = _in_table(index, g, f, g)
    if other is not None and round(other.value, 2) != round(f.value, 2):
        return (f"部分（{f.label}）和整体（{g.label}）取自不同的表，而整体所在的表印出的{f.row.strip()}是另一个数"
                f"（{other.value:g}），不知所问的是哪一张表的比重")
    return None
