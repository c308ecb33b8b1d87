"""Answers computed from the fact index: lookups, differences, sums, changes, shares, rankings.

The measure is whatever the filing prints: a fact matches when its row label (or a
column header, for tables whose rows are years such as 2026年 / 2025年) is printed whole in
the question after ``canon`` (其中：（一）因公出国（境）支出 matches 因公出国（境）费). A generic
row (合计, 小计, 2026年) matches only through its column. Among equally long matches the
value most sources print wins (the 三公 table and the narrative both print 250.00), then a
keyed cell, then the leftmost column (合计 before its parts).

Never a different measure: when the question names a longer label that some filing prints
(公务用车购置费) and this filing prints only a shorter one inside it (公务用车), the answer
is ``not_found`` with the closest printed rows as candidates — never the shorter row's
number, and never a total in place of a part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from budgetlens.qa.rows import _fund_total, _names_subunit, _other_side, _unit_row
from budgetlens.index.facts import Fact, FactIndex, bigrams, canon
from budgetlens.schemas.answer import Answer, AnswerCitation, AnswerRow

_GENERIC_ROWS = {"合计", "小计", "总计", "预算数", "决算数", "本年", "上年", "金额", "项目", "年初预算", "全年预算"}
_GENERIC_HEADS = _GENERIC_ROWS | {"科目名称", "功能分类科目名称", "经济分类科目名称", "名称", "单位名称", "预算数",
                                  "本年预算", "本年预算数", "一般公共预算", "功能分类科目", "经济分类科目"}
_FILLER_RE = re.compile(r"是多少|有多少|多少钱|多少万元|多少元|多少|一共|总共|安排了|安排|预算|决算|部门|单位|本级|"
                        r"今年|去年|上年|的|了|呢|？|\?|是|为")
_CODE_Q_RE = re.compile(r"(?<!\d)(\d{3}(?:\d{2}){0,2})(?!\d)")
_KIND_RANK = {"cell": 0, "figure": 1, "grid": 2, "sentence": 3}
_TO_WAN = {"万元": 1.0, "元": 1e-4, "亿元": 1e4}


def convert(value: float, printed: str, asked: str) -> float | None:
    if printed == asked:
        return value
    if printed in _TO_WAN and asked in _TO_WAN:
        return value * _TO_WAN[printed] / _TO_WAN[asked]
    return None


def fmt(v: float) -> str:
    """A number as an answer writes it: two decimals (``.00`` dropped), or as many as it takes,
    up to six, below 1,000 when two would round it away (169 万元 = 0.0169 亿元, never 0.02 亿元).

    >>> fmt(1234.5), fmt(11.0), fmt(0.0169), fmt(45.767675)
    ('1,234.50', '11', '0.0169', '45.767675')
    """
    s = f"{v:,.2f}"
    if abs(v) < 1000 and abs(v - round(v, 2)) > 1e-6:
        s = f"{v:,.6f}".rstrip("0")
    return s.removesuffix(".00")


@dataclass
class Match:
    score: int
    fact: Fact
    span: tuple[int, int]  # where the matched label stands in the canon question
    label: str  # the matched words
    also: list = None  # the same number printed elsewhere under the same words
    words: tuple = ()  # every span of the question its row and columns matched


_ENTITY_END_RE = re.compile(r"(?:局|委|委员会|办公室|办公厅|厅|署|院|中心|所|站|队|馆|部|会|处|校|学院|大学|本级|汇总|合计|小计|总计)[）)]?$")


def _is_year_row(text: str) -> bool:
    """A row that says only which year, body or total it is (2025 年, 深圳市水务局 2026 年, 部门合计):
    its numbers are named by their columns."""
    t = re.sub(r"\s+", "", text or "")
    t2 = re.sub(r"20\d{2}年?(?:预算数?|决算数?|年初预算)?$", "", t)
    if t2 != t and (not t2 or _ENTITY_END_RE.search(t2)):
        return True
    m = re.search(r"(?:合计|总计|小计)$", t)
    if m:
        rest = t[:m.start()]
        return not rest or rest in ("部门", "单位", "本级", "总") or bool(_ENTITY_END_RE.search(rest))
    return len(t) >= 4 and bool(_ENTITY_END_RE.search(t)) and not re.search(r"(?:支出|收入|经费|费|资金)", t)


# Words that qualify a measure (which fund, which part) rather than name it: matched alone
# they are the measure (2026年项目支出是多少), beside a measure they choose its column.
QUALIFIERS = {canon(w) for w in ("财政拨款", "一般公共预算", "一般公共预算拨款", "一般公共预算资金", "政府性基金预算",
                                 "国有资本经营预算", "基本支出", "项目支出", "人员经费", "公用经费", "本年", "预算数",
                                 "财政拨款资金", "支出", "收入")}
_QUAL_WORDS = ("一般公共预算", "政府性基金", "国有资本经营", "财政拨款", "基本支出", "项目支出", "人员经费", "公用经费",
               "事业单位经营", "对附属单位补助", "上缴上级")
_THREE_PUBLIC = ("因公出国", "公务接待", "公务用车", "三公")
_SUBUNIT_RE = re.compile(r"([\u4e00-\u9fff]{2,12}?(?:中心|支队|大队|学院|学校|医院|管理处|管理所|站|研究所|研究院))")


_GENERIC_CANON = {canon(w) for w in _GENERIC_ROWS}
_CHANGE_WORDS_RE = re.compile(r"比上年|较上年|与上年|同比|比20\d\d年|较20\d\d年|增加|减少|增长|下降|增幅|降幅")
_CHANGE_ROW_RE = re.compile(r"(?:比上年)?(?:增减|增加|减少|增长|下降|变化|变动|增减变化|增减额|增减数)")
_LEAD_FILLER_RE = re.compile(r"^(?:20\d\d(?:年度?)?|本部门|本单位|部门|单位|我局|我委|全年|年度|其中|共|合计|当年)+")


_FILLER_Q_RE = re.compile(r"比重|比例|占比|所占|占了?|多大|百分之几|百分之多少|百分比|是多少|有多少|多少钱|多少|万元|亿元|元|中的|其中|是否|请问|一共|总共|共计|合计|总额|总计|"
                          r"安排了?|预算|决算|执行|年初|全年|本年|今年|去年|上年|本级|部门|单位|年度|年|科目|资金|金额|"
                          r"情况|涉及|用于|里|中|的|了|是|为|呢|吗|共|数|钱|财政拨款|拨款|支出|收入|费|经费|项|类|款|"
                          r"说明|写|这|与|和|表|一致|对得上|相符|等于|说法|成立|文件|公开|报告|明细|情况表|附|"
                          r"最高|最多|最少|最低|哪一|哪个|哪家|哪|谁|排名|排第|三年|几年|各|这些|几家|四家|三家|部门|单位")


def leftover(cq: str, exclude=(), sep: str = "") -> str:
    """What the question still names after the qualifiers (一般公共预算, 基本支出) and the
    question words are taken out: 一般公共预算基本支出中的办公费是多少 → 办公. ``exclude``:
    spans other operands already took."""
    t = "".join(" " if any(a <= i < b for a, b in exclude) else c for i, c in enumerate(cq))
    for w in sorted(QUALIFIERS, key=len, reverse=True):
        if len(w) >= 2:
            t = t.replace(w, " ")
    t = _FILLER_Q_RE.sub(" ", t)
    return sep.join(re.findall(r"[\u4e00-\u9fff]{2,}", t))


_ASK_WORDS_RE = re.compile(r"是多少|有多少|多少钱|多少|几成|百分之几|百分之多少|安排了?|一共|总共|请问|今年|去年|上年|"
                           r"本级|（本级）|汇总|这个项|这个|分别|是|为|了|呢|吗|的(?=[？?]|$)|[？?。，,]")


def measure_words(rest: str, names=()) -> str:
    """The words naming the measure in a question, as asked (the body, the years, the unit and
    the asking taken out): 深圳市统计局2026年公务接待费预算是多少万元？ → 公务接待费预算."""
    t = rest
    for n in names:
        t = t.replace(n, " ")
    t = re.sub(r"20\d\d\s*年?度?|多少(?:万元|亿元|元)|(?:万元|亿元|元)(?=[？?]|$)", " ", t)
    t = _ASK_WORDS_RE.sub(" ", t)
    return "".join(re.findall(r"[\u4e00-\u9fff“”（）()、]+", t)).strip("的")


def _printed_in(label: str, cq: str) -> bool:
    """A two-character label (办公 of 办公费) counts only when printed whole in the question
    (办公楼 is not 办公费)."""
    from budgetlens.index.facts import _NUMBERING_RE, _PUNCT_RE

    t = _PUNCT_RE.sub("", _NUMBERING_RE.sub("", label.strip()))
    t = re.sub(r"^其中", "", t)  # 其中：办公费 is the row 办公费
    return bool(t) and t in cq


def _tail_in(label: str, cq: str) -> str:
    """The longest end of a narrative label (本部门机关运行 → 机关运行) that the question prints:
    the words just before a stated number name it."""
    # 政府采购货物预算7.80万元、政府采购工程预算0万元、政府采购服务预算: the words after the last
    # figure name the next one
    label = re.split(r"\d[\d.,]*(?:万元|亿元|元|%)[、，,；;]?", label)[-1] or label
    label = _LEAD_FILLER_RE.sub("", label)
    # 纳入2026年部门预算的政府采购项目共有: the question drops the year and says 一共 its own way
    label = re.sub(r"(?:共有|共计|为|是|达到?|约)+$", "", re.sub(r"20\d\d年度?", "", label)) or label
    # 上年本部门委托业务费财政拨款 / 委托业务费财政拨款预算为: the fund said after the measure's name
    bare = re.sub(r"(?:财政拨款|一般公共预算|拨款|预算|资金|安排)+$", "", label)
    for lab in dict.fromkeys((label, _canon(re.sub(r"(?:总额|总计|合计|总数)$", "", label)), bare)):
        # 公务用车购置及运行维护: never 运行维护 (or 行维护) alone — no end lying wholly after a
        # joining 和 / 与 / 及 is a line of its own
        # (和 / 与 only after a measure's end — 会议费和培训费 — never inside a body's name: 住房和城乡建设局)
        joint = max([lab.rfind("及"), *(m.start() for m in re.finditer(r"(?<=[费出入])[和与]", lab))])
        for k in range(len(lab), 2, -1):
            if 0 <= joint < len(lab) - k:
                break
            if lab[-k:] in cq and lab[-k] not in "的之和与及":  # …安排的会议费: 会议, never 的会议
                return lab[-k:]
        if len(lab) >= 2 and (lab[-2:] + "费" in cq or lab[-2:] + "经费" in cq) and not 0 <= joint < len(lab) - 2:
            return lab[-2:]  # …安排的培训费预算支出 → 培训 (培训费); 2026驻京经费 → 驻京 (驻京经费)
    if "车辆数" in cq and re.search(r"(?:共有|现有|有)车辆$", label):
        # 本部门共有车辆6辆: the count of cars a question asks as 几辆车 (公务用车车辆数)
        return "公务用车车辆数" if "公务用车车辆数" in cq else "车辆数"
    if "采购" in cq and ("采购" in label or re.fullmatch(r"(?:货物|工程|服务)类?项目", label)):
        # 货物类采购预算 / 政府采购货物支出 / (政府采购项目…其中：)服务类项目: a question about
        # procurement names the kind alone (货物类和工程类)
        kind = re.sub(r"^(?:政府)?采购|类?(?:采购|项目)?(?:预算|支出|金额)?$", "", label)
        if kind in ("货物", "工程", "服务") and kind in cq:
            return kind
    return label


_TITLE_QUALIFIERS = sorted((w for w in QUALIFIERS if len(w) >= 4), key=len, reverse=True)


def _title_qualifiers(title: str, cq: str, words: list) -> int:
    """Qualifier words (一般公共预算, 财政拨款 …) a table's title and the question both say and
    the row or columns did not already match: the title qualifies every number of its table."""
    t = _canon(title)
    score = 0
    for w in _TITLE_QUALIFIERS:
        i = cq.find(w)
        if w in t and i >= 0 and not any(a < i + len(w) and i < b for a, b in words):
            score += len(w)
            words.append((i, i + len(w)))
    return score


_canon = lru_cache(maxsize=262144)(canon)  # labels repeat across questions: compared once


@lru_cache(maxsize=65536)
def _heads(col: str) -> tuple[str, ...]:
    """A column's header words as compared (each level canon), less those that name nothing:
    项目 names nothing, 项目支出 (canon 项目) a column — generic only when printed so."""
    # 单位资金 (canon 单位) names whose money, not a measure: the 单位 of 单位预算 is no column
    return tuple(c for h in col.split("|") if re.sub(r"\s", "", h) not in _GENERIC_HEADS
                 for c in [canon(h)] if c not in ("单位", "部门", "本级"))


class Finder:
    def __init__(self, index: FactIndex):
        self.index = index
        labels = {f.canon_row for f in index.facts if len(f.canon_row) >= 3 and f.kind in ("cell", "grid")}
        self.labels = sorted(labels, key=len, reverse=True)

    def matches(self, cq: str, doc_ids: list[str], codes: list[str], entity: str = "") -> list[Match]:
        """Facts naming words of the question; ``score`` = measure words × 100 + qualifier words.
        A class code no row of these filings prints (经济科目30103奖金 where the table prints 奖金
        without its code) leaves the words to name the row."""
        out = []
        if codes and not any(f.code in codes for d in doc_ids for f in self.index.by_doc.get(d, []) if f.code):
            codes = []
        for d in doc_ids:
            for f in self.index.by_doc.get(d, []):
                if codes:
                    if f.code and f.code in codes:
                        # “气象服务”（2200509）: a row printing the class's name too comes first
                        named = len(f.canon_row) if len(f.canon_row) >= 2 and f.canon_row in cq else 0
                        out.append(Match(10000 + len(f.code) + 100 * named, f, (-1, -1), f.code))
                    continue
                rc = f.canon_row
                if f.kind in ("sentence", "figure"):
                    if _CHANGE_WORDS_RE.search(f.row):
                        continue  # 比上年减少 0.90: a change, read beside its value (engine._stated_change)
                    rc = _tail_in(rc, cq)
                    if (not leftover(rc) and rc not in QUALIFIERS and not re.search(r"收入|支出", rc)
                            and not (f.canon_row.endswith(rc) and re.search(r"(?:收入|支出)$", f.row.strip()))):
                        continue  # 预算合计: words that name no measure (政府性基金预算拨款支出 names one)
                    if rc in cq and _qualified_otherwise(cq, rc, f.canon_row):
                        continue
                # a row printing only a class code (201 05 …) is that class's row, never a generic one
                # 项目 is a header word, 项目支出 (canon 项目) a measure: generic only as printed
                # a row 增减 / 增减变化 names the change the question asks for, not a measure: its
                # columns are read as a generic row's
                generic = ((rc in _GENERIC_ROWS or rc in _GENERIC_CANON) and not re.search(r"(?:支出|收入)$", f.row.strip())
                           ) or _is_year_row(f.row) or (not rc and not f.code) or bool(_CHANGE_ROW_RE.fullmatch(rc))
                measure, qual, span, label = 0, 0, (-1, -1), ""
                if not generic and len(rc) >= 2 and rc in cq and not _other_side(f.row, rc, cq) and (
                        len(rc) > 2 or f.kind in ("sentence", "figure") or _printed_in(f.row, cq)):
                    i = cq.find(rc)
                    span, label = (i, i + len(rc)), rc
                    if rc in QUALIFIERS:
                        qual += len(rc)
                    else:
                        measure += len(rc)
                elif generic and rc in ("合计", "总计") and _fund_total(cq, f.title):
                    # 一般公共预算支出是多少: the 合计 row of the table titled 一般公共预算支出情况表
                    label = _fund_total(cq, f.title)
                    i = cq.find(label)
                    span = (i, i + len(label))
                    qual += len(label)  # a fund names where a row stands: 高等教育 in it comes first
                elif generic and rc and entity and len(rc) >= 4:
                    sub = _canon(f.row.replace(entity, ""))  # a body's own row (工程管理中心) in a department's table
                    if sub not in cq:
                        # 广州市流溪河流域管理中心 in its department's 收入总体情况表, asked as
                        # 下属的流溪河流域管理中心: the unit's name less the place its department's starts with
                        sub = _unit_row(sub, entity)
                    if len(sub) >= 3 and sub in cq and not re.search(r"20\d\d|本级|汇总|合计|总计|小计", sub):
                        i = cq.find(sub)
                        measure += len(sub)
                        span = (i, i + len(sub))
                heads = _heads(f.col) if f.col else ()
                row_label = bool(label)
                words = [span] if label else []
                for h in sorted(heads, key=len, reverse=True):  # the longest header word names it
                    if len(h) >= 2 and h in cq and not (label and h in label):
                        if not row_label and not generic:
                            continue  # a row that names something else: its columns are not this measure
                        i = cq.find(h)
                        if h in QUALIFIERS:
                            qual += len(h)
                        else:
                            measure += len(h)
                        words.append((i, i + len(h)))
                        if not label:
                            span, label = (i, i + len(h)), h
                if (not label and generic and f.col_index == 0 and "三公" in cq and "三公" in (f.title or "")
                        and (f.kind == "grid" or canon(f.col) in ("合计", "总计", "")
                             or "三公" in f.col)):  # a keyed cell: its total column only
                    i = cq.find("三公")  # a 三公 table whose rows are years: its first column is the total
                    measure, span, label = 2, (i, i + 2), "三公"
                if label and f.title and f.kind in ("grid", "cell"):
                    qual += _title_qualifiers(f.title, cq, list(words))  # 一般公共预算基本支出表: its 合计 row
                elif label and f.kind in ("sentence", "figure"):
                    # 2026年本部门一般公共预算安排委托业务费: the sentence says its fund as a title would
                    # (其中一般公共预算拨款政府采购: its fund is among the words it matched — the part of a share)
                    qual += _title_qualifiers(f.row, cq, words)
                if measure + qual >= 2 and label or measure >= 3:
                    out.append(Match(measure * 100 + qual, f, span, label or f.row, words=tuple(words)))
        return out

    def best(self, cq: str, doc_ids: list[str], codes: list[str], *, exclude: list[tuple[int, int]] = (),
             year_ok=lambda f: True, final: bool | None = None, percent: bool = False,
             entity: str = "", kinds=None, taken=(), within=None, near: Fact | None = None
             ) -> tuple[Match | None, list[Match]]:
        """The best match and the others considered (for candidates); ``within``: a span of the
        question in which the match must use a word (the part of a share); ``near``: an operand
        already found — the columns of its own printed row come first (政府性基金、国有资本经营预算
        和其他收入: three columns of the 收入总体情况表's 合计 row)."""
        ms = [m for m in self.matches(cq, doc_ids, codes, entity) if year_ok(m.fact)
              and (kinds is None or m.fact.kind in kinds)
              and (percent or m.fact.unit != "%")
              and not any(a <= m.span[0] < b or a < m.span[1] <= b for a, b in exclude)
              and not any(a <= x < b or a < y <= b for a, b in taken for x, y in (m.span, *m.words))
              and (within is None or any(within[0] <= x < within[1] for x, _ in (m.span, *m.words)))]
        if not ms:
            return None, []
        if near is not None:
            row = [m for m in ms if _same_row(m.fact, near)]
            if not row and near.kind in ("sentence", "figure"):
                # the narrative states a part beside its whole (项目支出75,850.18万元，占86.78% under
                # 支出预算合计87,404.90万元): the same page's statement of the same strength first
                top = max(m.score for m in ms)
                row = [m for m in ms if m.fact.page == near.page and m.fact.kind in ("sentence", "figure")
                       and m.score == top]
            ms = row or ms
        # 机关运行经费里办公费, 基本支出中的人员经费: the words after 里 / 中的 name the measure
        # (机关运行经费中，物业费: 中 right after a measure's name says the same)
        cut = re.search(r"中的|里的|里(?!程)|之中|(?<=[费出入金计])中(?![心央国共小学])", cq)
        if cut and any(m.span[0] >= cut.end() for m in ms):
            # (财政拨款支出中的项目支出: the 合计 row of the 财政拨款支出 table, its 项目支出 column)
            ms = [m for m in ms if m.span[0] >= cut.end() or m.span[0] < 0
                  or any(a >= cut.end() for a, _ in m.words)]
        subunits = [re.sub(r"^(?:下属的?|所属的?|直属的?)", "", u) for u in _SUBUNIT_RE.findall(cq)
                    if not any(w in u for w in ("预算", "支出", "收入"))]
        top = max(m.score for m in ms)
        tops = [m for m in ms if m.score == top]
        if subunits:  # 下属的工程管理中心: only that body's row answers, printed after its department's name
            own = [m for m in tops if any(canon(entity + u) in canon(m.fact.row) for u in subunits)]
            tops = own or [m for m in tops if any(_names_subunit(m.fact.row, entity, u) for u in subunits)]
            if not tops:
                return None, sorted(ms, key=lambda m: -m.score)
        elif "本级" not in cq:
            # a department's question is never answered with its own unit's (本级) row, nor with a
            # subordinate body's (深圳市建筑工务署文体和水务工程管理中心 2025 年)
            # (本级1家行政单位的机关运行经费: the units a department's figure covers, not a unit's row)
            tops = [m for m in tops if "本级" not in re.sub(r"本级\d+家", "", m.fact.row)
                    and not _other_body(m.fact, entity)]
            if not tops:
                return None, sorted(ms, key=lambda m: -m.score)
        # a table printing the same words with different numbers in one column (a section per
        # unit: 工资福利支出 under each body; 行政运行 under 2010301 and 2040601) does not say
        # which is the body's: none of them, in any of its columns (行政运行's 项目支出 0.00 under
        # every 款 is no more the answer than its 合计)
        seen: dict[tuple, set] = {}
        for m in ms:
            f = m.fact
            seen.setdefault((f.doc_id, f.table, f.col, f.col_index, f.canon_row), set()).add(round(f.value, 4))
        mixed = {k[:2] + k[4:] for k, values in seen.items() if len(values) > 1}
        tops = [m for m in tops if (m.fact.doc_id, m.fact.table, m.fact.canon_row) not in mixed
                or m.fact.kind not in ("grid", "cell")]
        if not tops:
            return None, sorted(ms, key=lambda m: -m.score)
        support: dict[float, set] = {}
        for m in tops:
            support.setdefault(round(_wan(m.fact), 4), set()).add((m.fact.kind, m.fact.table))
        def rank(m):
            return (self._penalty(m.fact, cq, final, entity), -len(support[round(_wan(m.fact), 4)]))

        tops.sort(key=lambda m: (*rank(m), _KIND_RANK[m.fact.kind], m.fact.col_index, m.fact.page))
        whole = self._enclosing(tops, rank)
        if whole is not None:
            return whole, sorted(ms, key=lambda m: -m.score)
        total = self._sum_of_parts(tops, ms)
        if total is not None:
            return total, sorted(ms, key=lambda m: -m.score)
        if not re.search(r"基本|项目|人员经费|公用经费", cq) and _split_in_parts(tops):
            # 物业管理费 492.70 in the 基本支出 table and 246.65 in the 项目支出 table, their sum printed
            # nowhere: a question naming no part gets neither part, both offered with their pages
            return None, sorted(ms, key=lambda m: -m.score)
        if (len(tops) > 1 and rank(tops[0]) == rank(tops[1]) and tops[0].fact.kind == tops[1].fact.kind
                and tops[0].fact.table != tops[1].fact.table
                and abs(_wan(tops[0].fact) - _wan(tops[1].fact)) > 0.005):
            # two tables print the same words with different numbers and nothing prefers one:
            # not an answer, but both as candidates
            return None, sorted(ms, key=lambda m: -m.score)
        return tops[0], sorted(ms, key=lambda m: -m.score)

    @staticmethod
    def _sum_of_parts(tops: list[Match], ms: list[Match]) -> Match | None:
        """委托业务费 290.15 in the 基本支出 table and 5,727.94 in the 项目支出 table, and the
        narrative's 一般公共预算安排委托业务费6,018.09万元: a question naming no part asks the
        whole, the number printed under the same words that is the parts' sum."""
        parts = {}
        for m in tops:
            f = m.fact
            title = f.title or ""
            if f.kind in ("grid", "cell") and ("基本支出" in title) != ("项目支出" in title):
                parts.setdefault("基本" if "基本支出" in title else "项目", round(_wan(f), 2))
        if len(parts) != 2:
            return None
        want = sum(parts.values())
        same = [m for m in ms if m.label == tops[0].label and abs(_wan(m.fact) - want) < 0.015]
        return same[0] if same else None

    def _enclosing(self, tops: list[Match], rank) -> Match | None:
        """The row total that holds the first choice as one of its parts: 差旅费 15.50 in the
        基本支出 table, and 差旅费 93.20 | 15.50 | 77.70 (支出总计 | 基本支出 | 项目支出) in another —
        the question names no part, so the total of the row that prints both answers it."""
        first = tops[0].fact
        if first.kind not in ("grid", "cell"):
            return None
        for m in tops[1:]:
            f = m.fact
            if (f.kind != "grid" or f.col_index != 0 or f.table == first.table or rank(m)[0] != rank(tops[0])[0]
                    or _wan(f) <= _wan(first)):
                continue
            parts = [g for g in self.index.by_doc.get(f.doc_id, []) if _same_row(g, f) and g.col_index > 0]
            if any(abs(g.value - first.value) < 0.005 and g.unit == first.unit for g in parts):
                return m
        return None

    @staticmethod
    def _penalty(f: Fact, cq: str, final: bool | None, entity: str = "") -> int:
        """Words a fact's table or column adds that the question did not ask for
        (一般公共预算, 人员经费 …), and 预算 where it asks 决算 (or the reverse)."""
        where = (f.title or "") + "|" + (f.col or "") + "|" + (f.row if f.kind != "sentence" else "")
        # an unasked fund or part: 政府性基金 and 国有资本经营 are never the default column
        p = sum(2 if w in ("政府性基金", "国有资本经营") else 1 for w in _QUAL_WORDS if w in where and w not in cq)
        p -= sum(1 for w in _QUAL_WORDS if w in where and w in cq)  # 财政拨款安排的: its column first
        if _other_body(f, entity):
            p += 2  # a subordinate body's year row, where the question asks about the department
        if f.kind in ("grid", "cell") and not f.row.strip():
            p += 2  # a number whose row prints no words
        if f.kind in ("grid", "cell") and f.col:
            # a column that qualifies the row with words the question does not say (机关运行经费支出)
            p += sum(1 for h in f.col.split("|") if len(canon(h)) >= 2 and canon(h) not in _GENERIC_HEADS
                     and canon(h) not in cq and not re.search(r"20\d\d|预算|决算|金额|合计|小计|总计", h))
            # 公务用车购置及运行维护费|公务用车购置费: a sub-column whose words only stand inside its
            # parent's (the question names the parent, whose 小计 is the answer)
            heads = [canon(h) for h in f.col.split("|") if len(canon(h)) >= 2]
            p += sum(1 for k, h in enumerate(heads) if k and h in cq and any(h != o and h in o for o in heads[:k]))
        # 收入中… / 支出中…: a table of the side the question names before one of the other side
        for side, other in (("收入", "支出"), ("支出", "收入")):
            if side in cq and other not in cq and f.title:
                p += (other in f.title and side not in f.title) - (side in f.title and other not in f.title)
        rowcol = (f.col or "") + "|" + (f.row if f.kind != "sentence" else "")
        if final is True and "预算" in rowcol and "决算" not in rowcol:
            p += 2
        elif (final is True and f.kind == "sentence" and re.search(r"(?<!公共)(?<!基金)(?<!经营)预算", f.row)
              and "决算" not in f.row):
            p += 2  # a final account's narrative: 安排公务接待预算0.6万元 is the budget, not what was spent
        if final is False and "决算" in rowcol:
            p += 2
        if final is False and "预算" not in rowcol and f.kind != "grid":
            p += 1  # a final account's narrative: 公务接待费预算 1.00 before 公务接待费 0.78
        if any(w in cq for w in _THREE_PUBLIC) and f.kind == "grid" and "三公" not in (f.title + f.col):
            p += 1
        if "本级" in f.row and "本级" not in cq:
            p += 1  # a department's own row where the question asks about the department
        return p

    def longer_label(self, cq: str, match: Match, exclude=()) -> str | None:
        """A label some filing prints that the question names and that holds this match's
        words inside it (公务用车购置 ⊃ 公务用车): the question asks for that one."""
        a, b = match.span
        if a < 0:
            return None
        for lab in self.labels:
            if len(lab) <= b - a:
                break
            i = cq.find(lab)
            while i >= 0:
                # 在职人员经费和公用经费: a label running over another operand's words is no longer name
                if (i <= a and b <= i + len(lab) and match.label in lab
                        # 国有资本经营 (the row) under the column 国有资本经营预算收入: the longer name is matched
                        and not any(x <= i and i + len(lab) <= y for x, y in match.words)
                        and not any(x < i + len(lab) and i < y for x, y in exclude)
                        # 公用经费合计多少: 合计 asks the sum, it names no longer line
                        and not re.fullmatch(r"(?:经费|费|支出)?(?:合计|总计|小计|共计)",
                                             lab.replace(match.label, "", 1))
                        # 公务用车购置及运行费 is printed for 公务用车购置及运行维护费: one line, two names
                        and not (lab.endswith("运行维护") and lab.removesuffix("维护") == match.label)):
                    return lab
                i = cq.find(lab, i + 1)
        return None


def _split_in_parts(tops: list[Match]) -> bool:
    """The best matches print one measure in a 基本支出 table and in a 项目支出 table with
    different numbers (and ``_sum_of_parts`` found no printed sum of both)."""
    parts: dict[str, set] = {}
    for m in tops:
        f, title = m.fact, m.fact.title or ""
        if f.kind in ("grid", "cell") and ("基本支出" in title) != ("项目支出" in title):
            parts.setdefault("基本" if "基本支出" in title else "项目", set()).add(round(_wan(f), 2))
    return len(parts) == 2 and parts["基本"] != parts["项目"]


def _other_body(f: Fact, entity: str) -> bool:
    """A year row naming a body other than the filing's (a subordinate's row of a 三公 table)."""
    if not _is_year_row(f.row):
        return False
    body = re.sub(r"\s*20\d{2}\s*年.*$", "", f.row).strip()
    body = re.sub(r"[（(](?:本级|汇总)[)）]$", "", re.sub(r"\s+", "", body))
    return bool(body and entity and body != entity and "合计" not in body and not re.fullmatch(
        r"(?:部门|单位|本级|总|上年|本年|预算数?|决算数?)?(?:合计|总计|小计)?", body))


def _qualified_otherwise(cq: str, tail: str, label: str) -> bool:
    """The question qualifies the words a sentence's label ends with by words the label does
    not say: 政府性基金预算拨款支出决算 is not “三公”经费财政拨款支出决算 (the question's last
    two characters before the shared words, less question words, must be in the label)."""
    i = cq.find(tail)
    # only the words joined to it: 会议费预算比培训费 — 会议费 is the other operand, not a qualifier
    before = re.split(r"[比和与及、加占中里较同]", cq[max(0, i - 8):i])[-1]
    before = _FILLER_Q_RE.sub("", before)
    # 2023年底有… / 所属单位共有…: when and whose, not which measure
    # (本年预算数覆盖的实有人员: 覆盖 links the two, it qualifies nothing)
    before = re.sub(r"现在|目前|截至|年底|年末|月底|底|末|共有|有|所属各?|下属各?|覆盖|涵盖|包括|包含|对应|"
                    r"请|列示|列出|所述|给出|告诉|查询|查一下|相对于?|相较于?", "", before)
    before = "".join(re.findall(r"[\u4e00-\u9fff]", before))
    return len(before) >= 2 and before[-2:] not in label


def _same_row(f: Fact, g: Fact) -> bool:
    """Two numbers of one printed table row (its columns)."""
    return (f.doc_id == g.doc_id and f.page == g.page and f.kind == g.kind and f.kind in ("grid", "cell")
            and f.table == g.table and f.row == g.row and f is not g)


def _wan(f: Fact) -> float:
    v = convert(f.value, f.unit, "万元")
    return v if v is not None else f.value


def same_number(index: FactIndex, m: Match, considered: list[Match], doc_ids: list[str], year_ok,
                k: int = 5) -> list[Fact]:
    """Other places of the same filings that print the value found, under related words:
    the same number (to the cent, after 元 ↔ 万元) with the same class code, or a label sharing
    words with the matched one (收入总计 in table 1 and 部门预算收入857,808.76万元 in the narrative).
    A zero needs the very same label. The narrative comes first: it is where a reader looks."""
    f0 = m.fact
    want = _wan(f0)
    words = bigrams(canon(m.label) or f0.canon_row)
    pool = [f for d in doc_ids for f in index.by_doc.get(d, [])
            if abs(f.value - f0.value) < 0.006 or abs(_wan(f) - want) <= 0.005]
    out, pages = [], {f0.page}
    for f in sorted(pool, key=lambda f: (f.kind != "sentence", f.page)):
        if f.page in pages or (f.unit == "%") != (f0.unit == "%") or abs(_wan(f) - want) > 0.005 or not year_ok(f):
            continue
        if f.kind in ("sentence", "figure") and _CHANGE_WORDS_RE.search(f.row):
            continue  # 比上年减少 26.10: a change of the same size, not the value
        same = f.canon_row == f0.canon_row or (f0.code and f.code == f0.code)
        # the words in its row, or in its column where the row only says which year (2025年预算)
        # (a keyed cell's column is the measure the extractor read it as: 支出总计 | 人员经费)
        named = bigrams(f.canon_row) | (bigrams(canon(f.col)) if _is_year_row(f.row) or not f.canon_row
                                        or f.canon_row in _GENERIC_CANON or f.kind == "cell" else set())
        if not same and (not want or not (words & named)):
            continue
        out.append(f)
        pages.add(f.page)
        if len(out) == k:
            break
    return out


def question_canon(text: str, names: list[str]) -> str:
    t = text
    for n in names:
        t = t.replace(n, " ")
    t = re.sub(r"20\d{2}\s*年?度?", " ", t)
    return _canon_keep(t)


def _canon_keep(t: str) -> str:
    """The question as compared with labels: canon without cutting its end."""
    from budgetlens.index.facts import _PUNCT_RE
    from budgetlens.ingest.normalize import fold

    return _PUNCT_RE.sub("", fold(t)).replace("其中", "")


def codes_in(text: str) -> list[str]:
    return [c for c in _CODE_Q_RE.findall(text) if not re.fullmatch(r"20\d{2}", c) and len(c) in (3, 5, 7)]


def cite(f: Fact, path: str, entity: str) -> AnswerCitation:
    # a keyed cell says its table id (T09「决算数」公务接待费); any other table cell its printed title
    head = f.table if f.kind == "cell" else (f.title or "表")
    where = f"{head}「{f.row}」{f.col}".strip() if f.kind in ("cell", "grid") else ""
    return AnswerCitation(doc_id=f.doc_id, path=path, page=f.page, bbox=f.bbox, quote=f.quote or fmt(f.value),
                          entity=entity, where=where,
                          unit=f.unit if f.kind in ("cell", "grid") else None)  # a cell's bare numbers are in its table's unit


def candidate_rows(matches: list[Match], docs: dict, k: int = 5) -> list[dict]:
    """The closest printed rows, each with its page: one per row (and class code) first
    (行政运行〔2010301〕, 行政运行〔2040601〕 before a second column of either), then the rest."""
    out, seen, rows = [], set(), set()
    firsts = []
    for m in matches:
        key = (m.fact.doc_id, m.fact.canon_row, m.fact.code)
        if key not in rows:
            rows.add(key)
            firsts.append(m)
    for m in [*firsts, *matches]:
        key = (m.fact.row, m.fact.col, round(m.fact.value, 4))
        if key in seen:
            continue
        seen.add(key)
        d = docs[m.fact.doc_id]
        # a row printed under several classes says its code (行政运行 2040601 / 2010301)
        lab = m.fact.label + (f"〔{m.fact.code}〕" if m.fact.code and m.fact.code not in m.fact.label else "")
        out.append({"label": lab, "value": m.fact.value, "unit": m.fact.unit,
                    "citation": cite(m.fact, d.path, d.entity).model_dump()})
        if len(out) == k:
            break
    return out


def similar_rows(index: FactIndex, text: str, doc_ids: list[str], k: int = 5) -> list[dict]:
    hits = index.search(text, doc_ids, k=40)
    ms = [Match(int(s * 10), f, (-1, -1), f.row) for s, f in hits if f.kind in ("cell", "grid", "figure")]
    return candidate_rows(ms, index.docs, k)


class NotFound(Exception):
    """A measure not found (or not computable): the text says why, with the closest printed rows."""

    def __init__(self, text: str, candidates: list[dict]):
        super().__init__(text)
        self.text = text
        self.candidates = candidates


def not_found(question: str, text: str, understood: dict, candidates: list[dict] = (), kind="not_found") -> Answer:
    if candidates:
        text += " 最接近的印出项：" + "；".join(
            f"{c['label']}（第{c['citation']['page']}页）" for c in candidates)
    return Answer(question=question, answer=text, kind=kind, verified=True, understood=understood,
                  candidates=list(candidates))


def ranking_rows(entries: list[tuple[str, Fact, float]], docs: dict, unit: str
                 ) -> tuple[list[AnswerRow], list[AnswerCitation]]:
    rows, cites = [], []
    for i, (name, f, v) in enumerate(entries):
        d = docs[f.doc_id]
        cites.append(cite(f, d.path, name))
        rows.append(AnswerRow(entity=name, fiscal_year=d.fiscal_year, value=round(v, 6), unit=unit,
                              value_wan=round(_wan(f), 6), citation=i + 1))
    return rows, cites
