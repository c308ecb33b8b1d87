"""Key figures stated in the narrative (CONTRACT.md "Key figures"), each with a citation.

The narrative states the same facts as the tables in sentences such as
"2023 年收入总计、支出总计均为 526.04 万元" or "与上年相比，收、支总计减少 166.35 万元，
下降 24.02%". Reading is done sentence by sentence on joined paragraphs (``prose``):

1. every *amount* is a number with a unit right after it (万元, 元, 亿元, %, 辆); a bare
   number (a year, a row number, a table cell) is never an amount;
2. the *subject* of an amount is the last label word before it in the sentence (收入总计,
   基本支出, “三公”经费, 公务接待费 …); a label carries over a comma to the next amount
   ("预算 0.6 万元，支出决算 0.32 万元") but only across filler words: anything else
   between the label and the amount (项目支出举报奖励…) makes the subject unknown;
3. the *kind* comes from the words next to the amount: 预算 (budget), 决算 (final), a
   change (增加/减少/增长/下降, signed, and kept only against the previous year, never
   against the budget), or plain;
4. items of an enumeration ("办公费 6.86 万元、培训费 9.72 万元、…") are breakdowns, never
   key figures; an amount whose clause names another year ("2016年度部门支出预算安排为…")
   is about that year; totals restated in the 财政拨款收入支出 summary section are the
   fiscal-grant totals (T04/B04), not ``income_total``;
5. a sentence that says there was none ("本年度无政府采购支出") states a zero, in final
   accounts only and only for spending ("无…支出预算安排" says nothing of the spending).

A figure stated several times keeps every statement in ``mentions``. The primary value
is the first statement made in the section whose heading names the figure's topic (the
most specific one, e.g. 一般公共预算财政拨款基本支出决算情况说明 for ``basic_expenditure``),
else the first statement. Values are in 万元 (元 and 亿元 converted); a mention keeps the
unit as printed and its value in the figure's unit.

Every statement is cited with its sentence (``prose.statement_bounds``: to 。 or ；, cut
at a clause near 120 characters), the citation's ``span`` marking the number inside the
quote, so that checks can read what the sentence says next to it (占 30.55%, 下降 24.02%).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.extract.metadata import Metadata, read_metadata
from budgetlens.extract.prose import (
    Paragraph,
    Sentence,
    paragraphs,
    sentences,
    statement_bounds,
)
from budgetlens.extract.statements import read_statements
from budgetlens.ingest.normalize import parse_number
from budgetlens.schemas.document import Document
from budgetlens.schemas.filing import (
    Citation,
    KeyFigure,
    KeyFigureMention,
    Statement,
    Unmapped,
)

_NUM = r"(?<![\d.,])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# A zero stated after 为 needs no unit ("“三公”经费预算数为0，与2025年预算持平", "公务接待费为零。"):
# zero is zero in any unit, so its unit group matches empty and it scales as 万元.
_BARE_ZERO = r"(?<=为)(?:0(?:\.0+)?|零)(?=[，。；,;]|$)"
_AMOUNT = re.compile(rf"({_NUM}(?=亿元|万元|元|%|辆)|{_BARE_ZERO})(亿元|万元|元|%|辆|)")
_SCALE = {"亿元": 10000.0, "万元": 1.0, "元": 0.0001, "": 1.0}

# Label words, longest first; ``None`` marks a label that is not a key figure (it stops a
# subject carrying over). Applied to the reading (folded, no spaces).
_Q = r"[“”\"'‘’]?"
# right after a year or the filer's name (我校, 本部门, …局), never after another noun
_OWNER = r"(?:(?<=[年度校局位门会院厅处室心)、,:;])|^)"
_LABELS: list[tuple[str, str | None]] = [
    (r"财政拨款收入?[、和及与]?支出?(?:决算|预算)?总计", None),
    (r"财政拨款(?:收入|支出)(?:决算|预算)?总计", None),
    (r"财政拨款收入支出", None),
    (r"收入?[、和及与]支出?(?:决算|预算)?总计|收支(?:决算|预算)?总计|收支总预算", "both_total"),
    (rf"{_OWNER}收入(?:决算|预算)?总计", "income_total"),
    (rf"{_OWNER}支出(?:决算|预算)?总计", "expenditure_total"),
    (rf"本年度?收入(?:决算|预算)?(?:合计)?|{_OWNER}收入(?:决算|预算)?合计", "income_current_year"),
    (rf"本年度?支出(?:决算|预算)?(?:合计)?|{_OWNER}支出(?:决算|预算)?合计", "expenditure_current_year"),
    # a budget's "收入预算 X 万元，其中：…" / "支出预算 X 万元" is its total (not 三公经费支出预算)
    (rf"{_OWNER}收入预算(?:总额|总计)?", "income_total"),
    (rf"{_OWNER}支出预算(?:总额|总计)?", "expenditure_total"),
    (r"一般公共预算财政拨款收入", "fiscal_general"),
    (r"(?:政府性基金|国有资本经营)(?:预算)?财政拨款收入", "fiscal_other"),
    (r"财政拨款收入", "fiscal_grant_income"),
    (r"事业收入|经营收入|其他收入|上级补助收入|附属单位上缴收入|总收入|[\u4e00-\u9fff]{2,6}资金收入", None),
    (r"财政拨款支出", None),
    (r"上缴上级支出|经营支出|对附属单位补助支出|结余分配", None),
    (r"(?:年初|年末|上年)结转(?:和|及)?结余|使用非财政拨款结余(?:和专用结余)?", None),
    (r"基本支出", "basic_expenditure"),
    (r"项目支出", "project_expenditure"),
    # a named kind of personnel cost (临聘人员经费 in a list of projects) is a line, never 人员经费
    (r"(?:临聘|聘用|编外|外聘|离退休|退休)人员经费", None),
    (r"人员经费", "personnel_expenditure"),
    (r"(?:日常)?公用经费", "public_expenditure"),
    (rf"{_Q}三公{_Q}(?:经费)?", "three_public"),
    (r"(?:因公)?出国\(境\)(?:经费|费用|费)?", "outbound"),
    (r"公务用车购置及(?:公务用车)?运行(?:维护)?(?:费用|费)?", "vehicle_total"),
    (r"公务用车购置(?:费用|费)?", "vehicle_purchase"),
    (r"公务用车运行(?:维护)?(?:费用|费)?", "vehicle_operation"),
    (r"国内(?:公务)?接待|国\(境\)外(?:公务)?接待|外事接待|外宾接待", None),
    (r"公务接待(?:费用|费)?", "reception"),
    (r"会议费", "meeting"),
    (r"培训费", "training"),
    # 重庆's "（一）机关运行经费。2026年一般公共预算财政拨款运行经费5,590.43万元": the same
    # measure under the heading that names it (the filing's own 名词解释 defines 机关运行经费)
    (r"(?:机关|机构|行政单位机构|财政拨款)运[行转]经费", "operating_expenses"),
    (r"政府采购(?:货物|工程|服务)|(?:货物|工程|服务)类?政府采购|授予(?:中小|小微)企业", None),
    # the part of it paid from one source ("其中一般公共预算拨款政府采购 50,106.43 万元") is no total
    (r"(?:一般公共预算|政府性基金|国有资本经营|财政)(?:预算)?(?:财政)?拨款(?:安排的?)?政府采购", None),
    (r"政府采购(?:支出|预算)?(?:总额)?", "procurement_total"),
    (r"(?:领导|主要负责人|机要通信|应急保障|执法执勤|特种专业技术|离退休干部(?:服务)?|其他|一般公务|一般执法执勤)用车", None),
    (r"公务用车保有量|购置(?:公务用车|车辆)", None),
    (r"车辆(?:总数|数合计|数)?", "vehicles"),
    (r"收入", "income_bare"),
]
_LABEL_RE = re.compile("|".join(f"(?P<g{i}>{p})" for i, (p, _) in enumerate(_LABELS)))

# Words that may stand between a label and its amount without changing the subject.
_FILLER = re.compile(
    r"(?:\d{4}年度?|\d{1,2}月(?:\d{1,2}日)?|本年度?|本部门|本单位|我局|我部门|全年|当年|上年|年初|年末"
    r"|年度|截至|截止|支出|决算|预算|数|为|均|各|共计|共|计|合计|总额|其中|安排|财政拨款|一般公共预算"
    r"|拨款|金额|是|的|了|达到|达|完成|增加|减少|增长|下降|降低|上升|减|增|与|比|较|相比|同比|占|比重"
    r"|占比|约|仅|实际|经费|费用|费|用|[，、：；,:;“”\"'()\s-])*"
)
_CHANGE = re.compile(r"增加|减少|增长|下降|降低|上升|增减|减|增")
_NEGATIVE = re.compile(r"减少|下降|降低|减")
_PRIOR = re.compile(r"(?:与|比|较)(?:上年度?|上一年度?|去年|同期|\d{4}年度?)(?:决算|预算)?数?(?:相比|比较)?")
_VS_BUDGET = re.compile(r"(?:与|比|较)(?:年初|全年)?预算数?(?:相比)?|完成(?:年初|全年)?预算")
_CLAUSE_END = "，,；;：:。"
# budget *kinds* in names, not the word 预算 of a budget statement
_FUND_NAMES = re.compile(r"一般公共预算|政府性基金预算|国有资本经营预算|预算单位|部门预算|单位预算")
# the 财政拨款收入支出 summary section restates totals of fiscal grants only (T04/B04)
_FISCAL_SECTION = re.compile(r"财政拨款收(?:入|、)?支")
# "（1）进修及培训（20508）102.32万元，…。具体为：人员经费0.00万元，公用经费28.32万元" splits
# the coded line before it: its 人员经费 is that line's, not the department's; so does every
# sentence of a paragraph opening with a coded line ("②机关商品和服务支出（502）996.33 万元 …")
_LINE_PARTS = re.compile(r"^\s*(?:具体为|具体是|具体包括|分别为)")
_CODED_LINE = re.compile(r"[(（]\s*[2-5]\d{2}(?:\d{2}){0,2}\s*[)）]")
_LINE_OPENING = re.compile(r"^\s*(?:[①-⑳]|[(（]\d{1,2}[)）]|\d{1,2}[.、．])[^。，,；]{0,30}?"
                           r"[(（]\s*[2-5]\d{2}(?:\d{2}){0,2}\s*[)）]")
_SPLIT_NAMES = {"personnel_expenditure", "public_expenditure", "basic_expenditure", "project_expenditure"}
_THREE_PUBLIC_PARTS = re.compile(r"^(?:outbound|reception|vehicle_\w+|meeting|training)")
_OPERATING_WHOLE = re.compile(r"(?:机关|机构)运[行转]经费[^，。；]{0,12}?\d[\d,.]*万元[^。；]{0,6}?其中")
_UNIT_BEFORE = re.compile(r"(?:机关|[\u4e00-\u9fff]{2,}(?:院|中心|站|所|馆|队|学校))(?:日常)?$")


def _part_of_another(mention: Mention, sentence: Sentence) -> bool:
    """A figure stated as part of another whole in its sentence, never the department's:

    - 人员经费 / 公用经费 after a coded line and 其中 ("对个人和家庭的补助（303）100151.38万元,
      其中：人员经费138.06万元") are that line's;
    - 公务接待费 / 公务用车运行维护费 after 机关运行经费 … 其中 ("机关运行经费预算总计82万元，
      其中：…公务接待费2万元") are parts of 机关运行经费, not the 三公 figures;
    - a figure named after a unit ("西安市社会科学院日常公用经费65.56万元", "局机关日常公用经费")
      is that unit's.
    """
    text = sentence.text
    start = mention.start - sentence.start
    before = text[:start]
    label = text[start:mention.end - sentence.start]
    if mention.name in _SPLIT_NAMES:
        coded = list(_CODED_LINE.finditer(before))
        if coded and "其中" in before[coded[-1].end():]:
            return True
        head = before + label[:max(0, label.find("经费") - 2)] if "经费" in label else before
        if _UNIT_BEFORE.search(head.rstrip("“”\"")):
            return True
    if _THREE_PUBLIC_PARTS.match(mention.name) and _OPERATING_WHOLE.search(before):
        return True
    return False
_TOTALS = {"income_total", "expenditure_total", "income_total_change", "income_total_change_pct"}
_NONE_STATED = re.compile(
    r"无(?:[^，。；]{0,12}?)(政府采购|(?:因公)?出国\(境\)|公务接待|会议|培训)(?:经费|费用|费)?支出(?=[。；，]|$)"
)

_TRIO = {  # subject -> (actual name, budget name)
    "three_public": ("three_public_actual", "three_public_budget"),
    "outbound": ("outbound_actual", "outbound_budget"),
    "vehicle_total": (None, "vehicle_total_budget"),
    "vehicle_purchase": ("vehicle_purchase_actual", "vehicle_purchase_budget"),
    "vehicle_operation": ("vehicle_operation_actual", "vehicle_operation_budget"),
    "reception": ("reception_actual", "reception_budget"),
    "meeting": ("meeting_actual", None),
    "training": ("training_actual", None),
}
_PLAIN = {"income_total", "expenditure_total", "income_current_year", "expenditure_current_year",
          "fiscal_grant_income", "fiscal_general", "fiscal_other", "basic_expenditure",
          "project_expenditure", "personnel_expenditure", "public_expenditure",
          "operating_expenses", "procurement_total"}
# Heading words that make a section the specific place for a figure.
_TOPIC = {
    "income_total": "总体", "expenditure_total": "总体", "income_total_change": "总体",
    "income_total_change_pct": "总体", "income_current_year": "收入", "fiscal_grant_income": "收入",
    "expenditure_current_year": "支出", "basic_expenditure": "基本支出",
    "personnel_expenditure": "基本支出", "public_expenditure": "基本支出",
    "project_expenditure": "项目支出", "operating_expenses": "运", "procurement_total": "采购",
    "vehicles": "资产", "meeting_actual": "会议", "training_actual": "培训",
}
_ZERO_TOPIC = {"政府采购": "procurement_total", "出国(境)": "outbound", "因公出国(境)": "outbound",
               "公务接待": "reception", "会议": "meeting", "培训": "training"}


@dataclass(frozen=True)
class Mention:
    name: str
    value: float  # in the figure's unit (万元, %, 辆)
    unit: str  # as printed
    paragraph: Paragraph
    start: int  # reading offsets of the words stating the figure (label to unit)
    end: int
    number: tuple[int, int] | None = None  # reading offsets of the printed number

    def cite(self) -> Citation:
        """The citation: the sentence stating the figure, with the number's place in it."""
        lo, hi = statement_bounds(self.paragraph.reading, self.start, self.end)
        return self.paragraph.cite(lo, hi, value=self.number)


@dataclass(frozen=True)
class NarrativeResult:
    entity: str | None
    fiscal_year: int | None
    doc_type: str | None
    key_figures: dict[str, KeyFigure] = field(default_factory=dict)
    unmapped: list[Unmapped] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    error: str = ""  # why the line statements could not be read, when they could not


def extract_narrative(document: Document, metadata: Metadata | None = None) -> NarrativeResult:
    """Metadata and every key figure the narrative states, each with its statements."""
    meta = metadata or read_metadata(document)
    mentions: list[Mention] = []
    unmapped: list[Unmapped] = []
    for paragraph in paragraphs(document):
        if _other_body(paragraph.section, meta.entity):
            continue
        previous = ""
        # a paragraph about one coded line (②机关商品和服务支出（502）…): its splits are the line's
        line_paragraph = _opens_with_line(paragraph.reading)
        for k, sentence in enumerate(sentences(paragraph)):
            found = _read_sentence(sentence, meta.doc_type, meta.fiscal_year, unmapped)
            line_paragraph = line_paragraph or (k == 0 and bool(_LINE_OPENING.match(sentence.text)))
            if line_paragraph or (_LINE_PARTS.match(sentence.text) and _CODED_LINE.search(previous)):
                found = [m for m in found if m.name not in _SPLIT_NAMES]
            mentions.extend(m for m in found if not _part_of_another(m, sentence)
                            and _the_filings(m, sentence, previous, meta.entity))
            previous = sentence.text
    figures = _figures(_resolve_fiscal(mentions))
    try:
        lines, error = read_statements(document, meta), ""
    except Exception as exc:  # noqa: BLE001 - key figures stand without them; say why
        lines, error = [], f"narrative statements failed: {type(exc).__name__}: {exc}"
    return NarrativeResult(meta.entity, meta.fiscal_year, meta.doc_type, figures, unmapped,
                           lines, error)


# "（3）行政事业单位养老支出（20805）705.90 万元，…。具体为：人员经费675.90 万元，…": the
# split of a coded line, not of the filing
_DETAIL_OPENS = re.compile(r"^\s*(?:具体(?:为|是|包括)|其中)")
_LINE_CODE = re.compile(r"[(（]\s*[235]\d{2}(?:\d{2}){0,2}\s*[)）]")  # 20805, 2080506, 301, 501
_SPLIT_FIGURES = _SPLIT_NAMES
# a heading naming a body: "二、深圳市水务工程质量安全监督站", "一、深圳市水务局（本级）"
_BODY_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、.．]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、.．])\s*"
    r"(?P<name>[\u4e00-\u9fff]{2,30}?(?:局|厅|委员会|委|办公室|办|署|站|中心|院|所|馆|队|处|会|校|园)"
    r"(?:[(（]?本级[)）]?)?|[\u4e00-\u9fff]{2,30}?本级)"
    r"(?:[(（][\u4e00-\u9fff]{2,30}[)）]?)?$")  # …管理中心（深圳市治理深圳河办公室）


_ORG_NAME = re.compile(r"^\s*(?:[(（]?[一二三四五六七八九十\d]{1,3}[)）、.．]\s*)?(?:20\d{2}年度?)?"
                       r"(?P<name>[\u4e00-\u9fff]{2,30}?(?:局|厅|委员会|办公室|署|站|中心|研究院|科学院|院|所|馆|队|校|园))"
                       r"(?:[(（]本级[)）])?(?:20\d{2}年度?)?(?:日常)?(?=[\u4e00-\u9fff“\"])")
_OPERATING = re.compile(r"(?:机关|机构)运[行转]经费")


def _opens_with_line(reading: str) -> bool:
    """A paragraph opening with a coded line ("②机关商品和服务支出（502）996.33 万元，…"):
    the 人员经费 / 公用经费 it goes on to state are that line's."""
    first = _AMOUNT.search(reading)
    return first is not None and first.start() <= 60 and bool(_LINE_CODE.search(reading[:first.start()]))


def _the_filings(m: "Mention", sentence: Sentence, before: str, entity: str | None) -> bool:
    """Whether a mention states the filing's own figure, not a part of something else:

    - a split (人员 / 公用 / 基本 / 项目) or a 三公 item after 其中 / 具体为 whose whole is a
      coded line or 机关运行经费, in its sentence or the one before:
      "商品和服务支出（302）4464.76万元,其中：公用经费621.37万元" (302's 公用经费),
      "…（20805）705.90 万元，…。具体为：人员经费675.90 万元" (20805's),
      "机关运行经费预算总计82万元，其中：…公务接待费2万元" (a part of 机关运行经费);
    - a figure named after another body: "西安地区科技交流中心公用经费预算54.76万元" (that
      unit's 公用经费, not the department's)."""
    text = sentence.text
    at = m.start - sentence.start
    number = (m.number[0] - sentence.start) if m.number else len(text)
    head = text[:max(at, 0)]
    if m.name in _SPLIT_FIGURES or m.name in _trio_names():
        q = max(head.rfind("其中"), head.rfind("具体"))
        if q >= 0 and (_LINE_CODE.search(head[:q]) or _OPERATING.search(head[:q])):
            return False
        if _DETAIL_OPENS.match(text) and _LINE_CODE.search(before) and not _LINE_CODE.search(head) \
                and m.name in _SPLIT_FIGURES:
            return False
    own = re.sub(r"[(（](?:本级|部门|汇总)[)）]$", "", entity or "")
    body = _ORG_NAME.match(text[max(at, 0):number])
    if body is not None and own and not _same_body(body.group("name"), own):
        return False  # a filer whose name is unknown may be naming itself
    if own and _ORG_END.search(own):
        # the sentence is about a unit of the filer: "某某中心2026年支出预算200万元，其中：…
        # 项目支出150万元" / "某某局所属某某中心项目支出150万元" state that unit's figures,
        # never the department's (a filer named short, 省检察院 for 江苏省人民检察院, is itself)
        # a body in the figure's own part of the sentence (from the last ；), never in a reason
        clause = max(text.rfind("；", 0, number), text.rfind(";", 0, number)) + 1
        bodies = [b for b in (_ORG_NAME.match(text[:number]),) if b is not None and clause == 0]
        bodies += [b for b in _UNIT_OF.finditer(text, clause, number) if "原因" not in text[clause:b.start()]]
        last = max(bodies, key=lambda b: b.start("name"), default=None)
        if last is not None and not _same_body(last.group("name"), own):
            return False
    return True


_UNIT_OF = re.compile(r"(?:所属|下属|直属)(?:单位)?(?P<name>[\u4e00-\u9fff]{2,30}?"
                      r"(?:局|委员会|办公室|站|中心|研究院|院|所|馆|队|校|园))")
_ORG_END = re.compile(r"(?:局|厅|委员会|委|办公室|办|署|站|中心|研究院|科学院|院|所|馆|队|校|园|会|部|处)$")


def _same_body(name: str, own: str) -> bool:
    """The filer itself: its name, a tail of it, or its characters in order (省检察院 in
    江苏省人民检察院)."""
    if name == own or own.endswith(name):
        return True
    it = iter(own)
    return all(ch in it for ch in name)


def _other_body(section: str, entity: str | None) -> bool:
    """The paragraph sits under a heading naming a body other than the filer (a unit of a
    department filing, or the department's 本级 against its 汇总 tables): what it states
    are that body's figures, never the filing's key figures.

        第三部分 部门预算支出具体情况 / 二、深圳市水务工程质量安全监督站
        → 深圳市水务工程质量安全监督站预算3,687.57万元，包括…项目支出2,150.38万元 (not the
          department's 项目支出)"""
    if not section:
        return False
    m = _BODY_HEADING.match(section.split(" / ")[-1].strip())
    if m is None:
        return False
    name = re.sub(r"\s", "", m.group("name"))
    if "本级" in name:
        return True
    own = re.sub(r"[(（](?:本级|部门|汇总)[)）]$", "", entity or "")
    return bool(own) and name != own and not own.endswith(name)


@dataclass
class _State:
    """What a sentence has said so far: the subject that carries over a comma."""

    subject: list[str] | None = None
    label_start: int = 0  # where the clause naming the subject starts
    prev_end: int = 0  # end of the previous amount


def _read_sentence(sentence: Sentence, doc_type: str | None, fiscal_year: int | None,
                   unmapped: list[Unmapped]) -> list[Mention]:
    text = sentence.text
    out: list[Mention] = []
    state = _State()
    for m in _AMOUNT.finditer(text):
        local = _advance(state, sentence, m, unmapped)
        if state.subject is None:
            continue
        value = 0.0 if m.group(1) == "零" else parse_number(m.group(1))
        unit = m.group(2)
        names = _names(state.subject, unit, local, text[:m.start()], doc_type)
        changes = any(n.startswith("income_total_change") for n in names)
        if names and not changes and unit in _SCALE and _other_year(local, fiscal_year):
            continue  # "2016年度部门支出预算安排为…": a statement about another year
        if _FISCAL_SECTION.search(sentence.paragraph.section):
            names = [n for n in names if n not in _TOTALS]
        if not names or value is None:
            continue
        value *= _SCALE.get(unit, 1.0)
        start = state.label_start
        if changes:
            if _NEGATIVE.search(local):
                value = -abs(value)
            prior = list(_PRIOR.finditer(text[:m.start()]))
            if prior:
                start = min(start, _clause_start(text, prior[-1].start()))
        for name in names:
            number = (sentence.start + m.start(1), sentence.start + m.end(1))
            out.append(Mention(name, value, unit, sentence.paragraph, sentence.start + start,
                               sentence.start + m.end(), number))
    out.extend(_none_stated(sentence, doc_type))
    return out


def _advance(state: _State, sentence: Sentence, m: re.Match[str], unmapped: list[Unmapped]) -> str:
    """Update the subject for amount ``m``; return the words that qualify it (its clause)."""
    text = sentence.text
    gap = text[state.prev_end:m.start()]
    base = state.prev_end
    state.prev_end = m.end()
    if gap.startswith("、") or text[m.end():m.end() + 1] == "、":
        state.subject = None  # an item of an enumerated breakdown
        return gap
    labels = _labels(gap)
    if not labels:
        if not _FILLER.fullmatch(gap) or "其中" in gap:
            # "收入预算 583,429.56 万元，其中：一般公共预算拨款 227,955.11 万元": a part
            # after 其中 is never the whole it follows
            state.subject = None
        return gap
    last = labels[-1]
    if any(s is None for _, _, s in labels) or not _FILLER.fullmatch(gap[last[1]:]):
        if all(s is not None for _, _, s in labels) and last[2] != "income_bare" and m.group(2) in _SCALE:
            cite = sentence.paragraph.cite(sentence.start + _clause_start(text, base + last[0]),
                                           sentence.start + m.end())
            unmapped.append(Unmapped(kind="figure", text=cite.quote, page=cite.page,
                                     reason=f"{last[2]}: label followed by other words"))
        state.subject = None
        return gap
    if last[2] == "project_expenditure" and _named_before(text[_clause_start(text, base + last[0]):base + last[0]]):
        state.subject = None  # "…初步设计评审项目支出304.16万元": that project's spending
        return gap
    totals = sorted({s for _, _, s in labels if s in ("income_total", "expenditure_total", "both_total")})
    if last[2] in totals and len(totals) > 1:
        state.subject = totals  # 收入总计、支出总计均为 …
        state.label_start = _clause_start(text, base + labels[0][0])
    else:
        state.subject = [last[2]]
        state.label_start = _clause_start(text, base + last[0])
    return text[max(base, _clause_start(text, base + last[0])):m.start()]


_ENUMERATOR = re.compile(r"^(?:[(（][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.．、](?!\d)|[①-⑳])")


def _named_before(head: str) -> bool:
    """Whether the words of a clause before its 项目支出 name a project or a fund whose own
    spending it is ("其中，深圳机场T2项目…初步设计评审项目支出304.16万元", "3.水务发展资金项目
    支出939.06万元"), not the filer's 项目支出: words glued to the label that are neither a
    year, the filer nor filler ("2026年本部门项目支出", "（五）项目支出", "其中：项目支出")."""
    words = _ENUMERATOR.sub("", head.strip("，,；;：: "))
    words = re.sub(r"^其中[，,：:]?|部门|单位|机关|本级|全市|市级", "", words)
    # the filer or a body named first ("乌海市医疗保障局2023年度一般公共预算财政拨款项目支出")
    words = re.sub(r"^.*(?:局|委员会|委|办公室|办|院|厅|中心|校|会|所|站|队|馆)(?:[(（](?:本级|部门)[)）])?", "", words)
    return bool(words) and bool(re.search(r"[\u4e00-\u9fffA-Za-z0-9]$", words)) and not _FILLER.fullmatch(words) \
        and not re.search(r"[年度校局位门会院厅处室心级]$", words)  # a year or a body: 本级项目支出


def _labels(gap: str) -> list[tuple[int, int, str | None]]:
    """Label words of a gap; a non-figure label glued to the label before it only
    qualifies that label (“三公”经费财政拨款支出) and is dropped."""
    out: list[tuple[int, int, str | None]] = []
    for lm in _LABEL_RE.finditer(gap):
        label = _label_of(lm)
        if label is None and out and out[-1][2] is not None and out[-1][1] == lm.start():
            continue
        out.append((lm.start(), lm.end(), label))
    return out


def _label_of(match: re.Match[str]) -> str | None:
    for key, value in match.groupdict().items():
        if value is not None:
            return _LABELS[int(key[1:])][1]
    return None


def _clause_start(text: str, pos: int) -> int:
    i = pos
    while i > 0:
        ch = text[i - 1]
        thousands = ch == "," and i >= 2 and text[i - 2].isdigit() and i < len(text) and text[i].isdigit()
        if ch in _CLAUSE_END and not thousands:
            break
        i -= 1
    return i


def _other_year(local: str, fiscal_year: int | None) -> bool:
    years = {int(y) for y in re.findall(r"(?<!\d)(20\d{2})年", local)}
    return fiscal_year is not None and bool(years) and fiscal_year not in years


def _kind(local: str) -> str:
    local = _FUND_NAMES.sub("", local)
    if _CHANGE.search(local) or "相比" in local:
        return "change"
    final, budget = local.rfind("决算"), local.rfind("预算")
    if final < 0 and budget < 0:
        return "plain"
    return "final" if final > budget else "budget"  # the word nearest the amount


def _names(subject: list[str], unit: str, local: str, before: str, doc_type: str | None) -> list[str]:
    """The key-figure names an amount states, from its subject, unit and kind."""
    kind = _kind(local)
    budget_doc = doc_type == "budget"
    if kind == "change":
        if not any(s in ("income_total", "both_total", "income_bare") for s in subject):
            return []
        if "income_bare" in subject and not re.search(r"总计", before):
            return []
        prior, vs_budget = list(_PRIOR.finditer(before)), list(_VS_BUDGET.finditer(before))
        if not prior or (vs_budget and vs_budget[-1].start() > prior[-1].start()):
            return []
        if unit == "%":
            return ["income_total_change_pct"]
        return ["income_total_change"] if unit in _SCALE else []
    if unit == "辆":
        return ["vehicles"] if subject == ["vehicles"] else []
    if unit not in _SCALE:
        return []
    names: list[str] = []
    for s in subject:
        if s == "both_total":
            names += ["income_total", "expenditure_total"]
        elif s in _PLAIN:
            if (kind == "budget" and not budget_doc) or (kind == "final" and budget_doc):
                continue
            names.append(s)
        elif s in _TRIO:
            actual, budget = _TRIO[s]
            want_budget = budget_doc or kind == "budget"
            if budget_doc and kind == "final":
                continue
            name = budget if want_budget else actual
            if name:
                names.append(name)
    return names


def _none_stated(sentence: Sentence, doc_type: str | None) -> list[Mention]:
    """ "本年度无政府采购支出" states a zero; only in final accounts, only for actual spending."""
    if doc_type != "final_accounts":
        return []
    out = []
    for m in _NONE_STATED.finditer(sentence.text):
        topic = _ZERO_TOPIC.get(m.group(1))
        if topic is None:
            continue
        name = topic if topic == "procurement_total" else _TRIO[topic][0]
        start = _clause_start(sentence.text, m.start())
        out.append(Mention(name, 0.0, "万元", sentence.paragraph, sentence.start + start,
                           sentence.start + m.end()))
    return out


def _resolve_fiscal(mentions: list[Mention]) -> list[Mention]:
    """财政拨款收入: as stated; else the 一般公共预算 part when every other kind is zero."""
    if any(m.name == "fiscal_grant_income" for m in mentions):
        return [m for m in mentions if m.name not in ("fiscal_general", "fiscal_other")]
    others_zero = all(m.value == 0 for m in mentions if m.name == "fiscal_other")
    out = []
    for m in mentions:
        if m.name == "fiscal_other":
            continue
        if m.name == "fiscal_general":
            if not others_zero:
                continue
            m = Mention("fiscal_grant_income", m.value, m.unit, m.paragraph, m.start, m.end,
                        m.number)
        out.append(m)
    return out


def _figures(mentions: list[Mention]) -> dict[str, KeyFigure]:
    by_name: dict[str, list[Mention]] = {}
    for m in mentions:
        by_name.setdefault(m.name, []).append(m)
    out: dict[str, KeyFigure] = {}
    for name, group in by_name.items():
        topic = _TOPIC.get(name, "三公" if name in _trio_names() else None)
        specific = [m for m in group if topic and topic in m.paragraph.section]
        primary = (specific or group)[0]
        unit = "%" if name.endswith("_pct") else "辆" if name == "vehicles" else "万元"
        records = [KeyFigureMention(value=_round(m.value), unit=m.unit, citation=m.cite())
                   for m in group]
        out[name] = KeyFigure(value=_round(primary.value), unit=unit, citation=primary.cite(),
                              mentions=records)
    return out


def _trio_names() -> set[str]:
    return {n for pair in _TRIO.values() for n in pair if n}


def _round(value: float) -> float:
    return round(value, 8)
