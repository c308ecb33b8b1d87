"""The question's words as compared with printed labels: units, fillers, qualifiers, codes.

A measure is matched on the question after ``question_canon`` (the body names and years taken
out, 其中 dropped): 2026年教育局的因公出国（境）费是多少 → 的因公出国境费是多少; ``leftover`` strips
what only asks (是多少, 一共, 万元) so what remains names the measure. ``convert`` turns
a printed unit into the unit asked (12,345.6 元 = 1.23456 万元).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from budgetlens.index.facts import Fact, canon


_GENERIC_ROWS = {"合计", "小计", "总计", "预算数", "决算数", "本年", "上年", "金额", "项目", "年初预算", "全年预算"}
_GENERIC_HEADS = _GENERIC_ROWS | {"科目名称", "功能分类科目名称", "经济分类科目名称", "名称", "单位名称", "预算数",
                                  "本年预算", "本年预算数", "一般公共预算", "功能分类科目", "经济分类科目"}
_FILLER_RE = re.compile(r"是多少|有多少|多少钱|多少万元|多少元|多少|一共|总共|安排了|安排|预算|决算|部门|单位|本级|"
                        r"今年|去年|上年|的|了|呢|？|\?|是|为")
# a class code said in a question (2080505, 301); 单价100万元 is an amount, 200辆 a count; a code
# after a comma is one (《支出总体情况表》，2080501行政单位离退休), a digit after a thousands
# comma is not (1,234)
_CODE_Q_RE = re.compile(r"(?<![\d.])(?<!\d,)(\d{3}(?:\d{2}){0,2})(?![\d.,]|\s*(?:万元|亿元|元|万|亿|%|％|辆|台|套|人|个|名))")
# 机关运行经费里办公费, 基本支出中的人员经费, 决算中机关事业单位…: the words after 里 / 中 name
# the measure; never the 中 of a word (高中教育, 中医医院, 中心, 中央, 中国, 中小学)
# (政府采购项目中货物类: 中 after a 项目 whose list the question names a part of)
WITHIN_RE = re.compile(r"中的|里的|里(?!程)|之中|(?<=[费出入金计算表目])中(?![心央国共小学医])")
_KIND_RANK = {"cell": 0, "figure": 1, "grid": 2, "sentence": 3}
_TO_WAN = {"万元": 1.0, "元": 1e-4, "亿元": 1e4}


def convert(value: float, printed: str, asked: str) -> float | None:
    if printed == asked:
        return value
    if printed in _TO_WAN and asked in _TO_WAN:
        return value * _TO_WAN[printed] / _TO_WAN[asked]
    return None


def in_wan(f) -> float:
    """A fact's number in 万元; a figure in no money unit (a %, a count) stays as printed."""
    v = convert(f.value, f.unit, "万元")
    return f.value if v is None else v


def stated(head: str, label: str) -> str:
    """``head`` (body and year) and a stated figure's ``label`` read as one clause ending in 为:
    the label's own year when the head ends in it, and its own 为 / 是, are said once
    (深圳市统计局2026年 + 2026年预算数为 → 深圳市统计局2026年预算数为)."""
    label = label.strip()
    year = re.match(r"(20\d{2})\s*年度?", label)
    if year and head.endswith(f"{year.group(1)}年"):
        label = label[year.end():]
    return f"{head}{re.sub(r'(?:为|是)$', '', label)}为"


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
    also: list | None = None  # the same number printed elsewhere under the same words
    words: tuple = ()  # every span of the question its row and columns matched


_ENTITY_END_RE = re.compile(r"(?:局|委|委员会|办公室|办公厅|厅|署|院|中心|所|站|队|馆|部|会|处|校|学院|大学|本级|汇总|合计|小计|总计)[）)]?$")


@lru_cache(maxsize=65536)  # every fact's row is asked once per question: rows repeat
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
# the fund or part a number is of: a question naming one is answered only by a number whose
# table, column or row says it (qa.doubt refuses the others; qa.finder ranks them last)
# (政府采购中的其他工业和信息产业: a 政府采购 table's line, not the class line's total)
CARRIED_WORDS = ("一般公共预算", "政府性基金", "国有资本经营", "财政专户", "基本支出", "项目支出", "人员经费", "公用经费",
                 "政府采购", "财政拨款")


def carries(f, word: str, where: str) -> bool:
    """``word`` (one of CARRIED_WORDS) said of fact ``f`` whose title, column and row read
    ``where``; a narrative's 政府采购 stands once for its list (政府采购预算总额…，其中货物类项目
    8.00万元、服务类项目…): its sentence says it."""
    if word in where:
        return True
    if word == "财政拨款":
        # 一般公共预算拨款, 政府性基金拨款: a fund's 拨款 is of the 财政拨款 the question names
        return "拨款" in where
    return word == "政府采购" and f.kind in ("sentence", "figure") and word in re.sub(r"\s", "", f.quote or "")
_AMOUNT_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def list_lead(f) -> str:
    """The words a narrative figure's sentence says before the total whose list (其中 / ：) the
    figure stands in: 2026年本部门政府采购安排17,951.4万元，其中：…服务类采购预算14,031.98万元 →
    2026年本部门政府采购安排 (what 服务类采购预算 is a part of); "" for a figure of no such list."""
    if f.kind not in ("sentence", "figure") or not f.quote:
        return ""
    q = re.sub(r"\s", "", f.quote)
    found = [m for m in _AMOUNT_RE.finditer(q) if not re.match(r"20\d\d年", q[m.start():m.end() + 1])]
    at = next((m.start() for m in found if abs(float(m.group(0).replace(",", "")) - f.value) < 1e-6), -1)
    if not found or at <= found[0].start() or not re.search(r"其中|[：:]", q[found[0].end():at]):
        return ""
    return q[:found[0].start()]


_SUBUNIT_RE = re.compile(r"([\u4e00-\u9fff]{2,12}?(?:中心|支队|大队|学院|学校|医院|管理处|管理所|站|研究所|研究院))")


_GENERIC_CANON = {canon(w) for w in _GENERIC_ROWS}
_CHANGE_WORDS_RE = re.compile(r"比上年|较上年|与上年|同比|比20\d\d年|较20\d\d年|增加|减少|增长|下降|增幅|降幅")
_CHANGE_ROW_RE = re.compile(r"(?:比上年)?(?:增减|增加|减少|增长|下降|变化|变动|增减变化|增减额|增减数)")
# (主要包括，奖金44.39万元: a list's lead words name no line)
_LEAD_FILLER_RE = re.compile(r"^(?:20\d\d(?:年度?)?|本部门|本单位|部门|单位|我局|我委|全年|年度|其中|共|合计|当年|"
                             r"主要包括|主要有|包括)+")


_FILLER_Q_RE = re.compile(r"比重|比例|占比|所占|占了?|相当于|多大|百分之几|百分之多少|百分比|是多少|有多少|多少钱|多少|万元|亿元|个亿|元|中的|其中|是否|请问|一共|总共|共计|合计|总额|总计|"
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
    # (政府采购预算总金额为: 总金额 says 总额)
    for lab in dict.fromkeys((label, canon(re.sub(r"(?:总金额|总额|总计|合计|总数)$", "", label)), bare)):
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
    kind = procurement_kind(label)
    if "采购" in cq and kind and kind in cq:
        return kind
    return label


def procurement_kind(label: str) -> str:
    """货物 / 工程 / 服务 for a label naming a kind of procurement (货物类采购预算 / 政府采购货物支出 /
    (政府采购项目…其中：)服务类项目), which a question about procurement names by the kind alone
    (货物类和工程类); "" for any other label. The words after a list's last comma name it:
    政府采购工程预算为0、政府采购服务预算 (a figure printed with no unit before it) is 服务."""
    label = re.split(r"[、，,；;：:\d]", label)[-1]  # (a compared label drops the comma: …预算为0政府采购服务)
    if "采购" in label or re.fullmatch(r"(?:货物|工程|服务)类?项目", label):
        # (拟采购货物支出: what the body means to buy, the same kind)
        kind = re.sub(r"^(?:拟|计划)?(?:政府)?采购|类?(?:采购|项目)?(?:预算|支出|金额)?$", "", label)
        if kind in ("货物", "工程", "服务"):
            return kind
    return ""


_LIST_SEP = "和与及、"


def shared_start(label: str, cq: str) -> tuple[int, int] | None:
    """Where the question names a row by a list that says the row's first words once:
    机关事业单位基本养老保险缴费和职业年金缴费 names 机关事业单位职业年金缴费 too (机关事业单位 is
    said before the first item only). The span of the row's own end in the question, or None.

    The shared words must stand at the start of the list's first item, and everything between
    them and the row's end is that item and its joining 和 / 与 / 及 / 、 (no other words)."""
    if len(label) < 6:
        return None
    for k in range(len(label) - 3, 1, -1):
        start, end = label[:k], label[k:]
        j = cq.find(end)
        while j >= 0:
            i = cq.rfind(start, 0, j)
            if i >= 0 and re.fullmatch(rf"[^{_LIST_SEP}]{{2,}}[{_LIST_SEP}]", cq[i + k:j]):
                return j, j + len(end)
            j = cq.find(end, j + 1)
    return None


# first words that name no line of their own (其他收入 is not said by 其他)
_NOT_HEADS = {"其他", "其中", "本年", "上年", "合计", "一般", "项目", "基本", "部门", "单位", "本级", "财政", "政府"}


@lru_cache(maxsize=262144)  # asked of every row a listing question is matched against
def said_head(label: str, cq: str) -> tuple[int, int] | None:
    """Where the question names a row by its first words alone, its last words said once for
    it and a sibling: 服务类采购预算比货物类多 and 货物类和工程类采购预算 name 货物类采购预算,
    政府采购里服务类 names 服务类采购 (the last words 采购 said in the whole's name). The first
    words must stand as a list's or a comparison's item (比 / 和 / 里 … before, 和 / 的 / 多 … or
    the end after) and the last words elsewhere in the question, never right after them (then the
    row is said whole: 政府采购的货物 is 政府采购货物 said with 的). The span of the first words, or None."""
    if len(label) < 4:
        return None
    for k in range(len(label) - 2, 1, -1):
        head, tail = label[:k], label[k:]
        if head in _NOT_HEADS or tail not in cq:
            continue
        for hm in re.finditer(re.escape(head), cq):
            i, j = hm.span()
            if re.match(rf"的?{re.escape(tail)}", cq[j:]) or any(t.start() < j and i < t.end() for t in re.finditer(re.escape(tail), cq)):
                continue
            before, after = cq[i - 1:i], cq[j:j + 1]
            if cq.find(tail) < i:  # 服务类采购预算比货物类 / 政府采购里服务类: said after the sibling
                ok = before in "比较和与及、里中" and (not after or after in "和与及、的多少高低占相差比?？")
            else:  # 货物类和工程类采购预算: a list's item, the last words after its last item
                # (政府采购里的货物类和工程类项目: the list said after 里的)
                ok = (i == 0 or before in "比较和与及、里中的") and after in "和与及、"
            if ok:
                return i, j
    return None


_TITLE_QUALIFIERS = sorted((w for w in QUALIFIERS if len(w) >= 4), key=len, reverse=True)


def _title_qualifiers(title: str, cq: str, words: list) -> int:
    """Qualifier words (一般公共预算, 财政拨款 …) a table's title and the question both say and
    the row or columns did not already match: the title qualifies every number of its table."""
    t = canon(title)
    score = 0
    for w in _TITLE_QUALIFIERS:
        i = cq.find(w)
        if w in t and i >= 0 and not any(a < i + len(w) and i < b for a, b in words):
            score += len(w)
            words.append((i, i + len(w)))
    return score




@lru_cache(maxsize=65536)
def _heads(col: str) -> tuple[str, ...]:
    """A column's header words as compared (each level canon), less those that name nothing:
    项目 names nothing, 项目支出 (canon 项目) a column — generic only when printed so."""
    # 单位资金 (canon 单位) names whose money, not a measure: the 单位 of 单位预算 is no column
    return tuple(c for h in col.split("|") if re.sub(r"\s", "", h) not in _GENERIC_HEADS
                 for c in [canon(h)] if c not in ("单位", "部门", "本级"))


def question_canon(text: str, names: list[str]) -> str:
    t = text
    for n in names:
        t = t.replace(n, " ")
    t = re.sub(r"20\d{2}\s*年?度?", " ", t)
    # 一般公共预算里军供保障（项）: a fund named, the number is a fund table's (a narrative's
    # …(款)军供保障(项) line names no fund), and tables print the line without its level
    if re.search(r"一般公共预算|政府性基金|国有资本经营", t):
        t = re.sub(r"(?<=[\u4e00-\u9fff])[（(](?:类|款|项)[)）]", "", t)
    return _canon_keep(t)


def _canon_keep(t: str) -> str:
    """The question as compared with labels: canon without cutting its end."""
    from budgetlens.index.facts import _PUNCT_RE
    from budgetlens.ingest.normalize import fold

    return _PUNCT_RE.sub("", fold(t)).replace("其中", "")


def codes_in(text: str) -> list[str]:
    return [c for c in _CODE_Q_RE.findall(text) if not re.fullmatch(r"20\d{2}", c) and len(c) in (3, 5, 7)]


# a table the question names by its title in 《》 (《财政拨款支出表（功能科目）》,
# 《部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）》): it says where the number is
# printed; its words (一般公共预算, 基本支出, 功能分类) are no measure of their own
_TITLE_Q_RE = re.compile(r"《([^《》]{2,80})》")
# what a title prints around its name: its number (表5, 表14-1), its year, its part (第二部分)
_TITLE_LEAD_RE = re.compile(r"^(?:第[一二三四五六七八九十]部分)?表\s*[\d一二三四五六七八九十]+(?:[-—－]\d+)?|"
                            r"20\d\d\s*年度?|第[一二三四五六七八九十]部分")
# words a title is said with or without (按功能分类科目 / 功能科目 / 按功能分类, 支出情况表 / 支出表)
_TITLE_LOOSE_RE = re.compile(r"按|分类|科目|情况|明细|总体")


def title_canon(title: str) -> str:
    """A table's title as compared: no number, year, brackets or punctuation
    (表7部门综合预算一般公共预算基本支出明细表（按支出功能分类科目） →
    部门综合预算一般公共预算基本支出明细表按支出功能分类科目)."""
    return _canon_keep(_TITLE_LEAD_RE.sub("", title or ""))


def titles_said(text: str) -> tuple[str, list[str]]:
    """The question without the table titles it names in 《》, and those titles (as compared)."""
    titles = [t for t in (title_canon(s) for s in _TITLE_Q_RE.findall(text)) if len(t) >= 3]
    return (_TITLE_Q_RE.sub(" ", text) if titles else text), titles


def title_fit(asked: str, printed: str) -> int:
    """How well a printed table title is the one the question names: 3 the same, 2 one holding
    the other (支出总体情况表 → 本年支出总体情况表), 1 the same less the words a title is said
    with or without (财政拨款支出表（功能科目） → 财政拨款支出表（按功能分类科目）), 0 another table
    (一般公共预算支出明细表 is not 一般公共预算基本支出明细表)."""
    p = title_canon(printed)
    if len(p) < 3:
        return 0
    if p == asked:
        return 3
    if asked in p or (len(p) >= 5 and p in asked):
        return 2
    a, b = _TITLE_LOOSE_RE.sub("", asked), _TITLE_LOOSE_RE.sub("", p)
    return 1 if a and (a == b or a in b or (len(b) >= 5 and b in a)) else 0
