"""Every narrative sentence that states an amount for a named line, as ``Statement`` s.

Budget and final-account narratives explain each line with amounts:

    (6)其他社会保障和就业支出(2089999)3.52万元，较上年增加1.4万元，原因是工资提标。
    2021年，…机关运行经费支出94.66万元，比2020年增加10.02万元，增长11.94%。
    …“三公”经费预算38.28万元。其中，因公出国(境)费支出0万元，占“三公”经费的0%；…

A sentence is read amount by amount (a number with 亿元 / 万元 / 元 / % right after it;
"单价20万元以上" is a threshold, not an amount). Each amount is qualified by the words of
its own clause, from the last clause break (，；：、) or the previous amount up to it:

1. **measure**: a change word (增加 / 减少 / 增长 / 下降 …) makes a ``change`` (an amount)
   or ``change_pct`` (a %), against ``compared_year`` (比上年 → the year before the
   filing's, 比2025年 → 2025); 占 … % is a ``share`` of the whole it names
   (``share_of``); 完成预算的 % a ``completion``; any other % a ``rate``. A plain amount
   is ``budget`` or ``actual`` from its words (预算 / 安排 against 执行 / 决算 / 实际) or
   else the filing's kind, and ``prior_year`` when its year is before the filing's
   ("2025年执行数为 A 万元" in a 2026 budget).
2. **subject**: the clause's words once the enumerator ((一), 1., ①), years, the
   filer's name, 其中 and filler (为, 安排, 预算数 …) are taken off; it is a *line* when it
   ends like one (…支出, …经费, …费, …收入, 总计, 合计, 结转, (类)/(款)/(项)) or prints
   a code. A clause with no words of its own ("2026年预算安排 B 万元", "增长 Z%") carries
   the subject of the amount before it in the sentence; a clause naming something that is
   not a line (固定资产, 车辆, a project) stops it, and nothing is stated.
3. **code**: a function code (2 + 2/4/6 digits) or economic code (3xx, 5xx) printed in
   brackets next to the name ("行政运行（2010101）") or before it ("2010101 行政运行").
   A sentence that only names a line ("1. 行政事业单位养老支出（款）行政单位离退休（项）。")
   names the line of the next one ("年初预算 15.82 万元，支出决算 16.61 万元"); words
   that only name a measure (支出决算, 年初预算) carry the line before them.
4. **links**: the amounts of one subject in one sentence share a ``group``; parts after
   其中 / 包括 / 主要用于以下方面 (in the sentence, or opening the next one) name the
   whole's group as ``parent`` — the last amount stated outside brackets ("收入预算
   490,808.40万元（本年预算收入390,140.45万元），其中：…" is of 490,808.40).
5. **reason**: the clause after 主要原因是 / 原因是 / 主要是因为 of the sentence.

Every statement is cited with its sentence (page, box, quote) and the number's span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlens.extract.metadata import Metadata
from budgetlens.extract.prose import Paragraph, Sentence, paragraphs, sentences
from budgetlens.ingest.normalize import parse_number
from budgetlens.schemas.document import Document
from budgetlens.schemas.filing import Statement

_NUM = r"(?<![\d.,])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_AMOUNT = re.compile(rf"({_NUM})(亿元|万元|元|%)(?!以上|以下|左右|及以上)")
_SCALE = {"亿元": 10000.0, "万元": 1.0, "元": 0.0001}
_BREAK = "，,；;：:、。"
_CHANGE = re.compile(r"增加|减少|增长|下降|上升|降低|提高|压减|节约|增幅|减幅|降幅|增|减")
_NEGATIVE = re.compile(r"减少|下降|降低|压减|节约|减幅|降幅|减")
_COMPARED = re.compile(r"(?:比|较|与|同)\s*(?:(上年|上一年|去年|同期)|(20\d{2})\s*年)度?"
                       r"(?:年初|全年)?(预算|决算|执行数?|实际)?")
_VS_BUDGET = re.compile(r"(?:比|较|与)(?:年初|全年|调整)?预算")
_SHARE = re.compile(r"占(?P<whole>[^，,；;。%]{0,24}?)(?:的)?(?:比重|比例|比)?(?:为|是)?$")
_COMPLETION = re.compile(r"完成(?:了)?(?:年初|全年|年度|调整)?预算")
_YEAR = re.compile(r"(?<![\d])(20\d{2})\s?年")
_CMP_YEAR = re.compile(r"(?:比|较|与|同|自|从)\s*(20\d{2})\s?年")
_REASON = re.compile(r"(?:主要|增加的主要|减少的主要|增减变化的主要|变动的主要|下降的主要|增长的主要)?原因(?:是|为|：|:)"
                     r"|主要是因为|主要系")
_ENUM = re.compile(r"^(?:[(（][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]|\d{1,2}[、.．](?!\d)"
                   r"|\d{1,2}(?=[\u4e00-\u9fff])|[①-⑳])")
# an enumerator inside the words ("…资金来源（3）国有资本经营预算拨款收入"): the line starts after it
_INNER_ENUM = re.compile(r"(?:[(（][一二三四五六七八九十\d]{1,2}[)）]|(?<![\d.])\d{1,2}[.．、](?!\d)|[①-⑳])(?=[\u4e00-\u9fff])")
_CODE_BRACKET = re.compile(r"[(（]\s*(?P<code>[235]\d{2}(?:\d{2}){0,2})\s*[)）]")
_CODE_FRONT = re.compile(r"^(?P<code>2\d{2}(?:\d{2}){0,2}|30\d(?:\d{2})?|5\d{2}(?:\d{2})?)(?=[\u4e00-\u9fff])")
_LEVEL = re.compile(r"[(（](?:类|款|项)[)）]")
_ORG = (r"(?:人民政府|委员会|联合会|办事处|办公室|管理局|局|厅|院|中心|馆|所|站|学校|大学|学院|医院"
        r"|协会|委|办|处|署|队)")
_LEAD = re.compile(
    rf"^(?:20\d{{2}}年度?|本年度|上年度|当年|全年|年初|截至|截止|本部门|本单位|本校|我(?:局|校|院|委|办|厅|会|部|所|站|中心|单位|部门)|其中|包括|另外|此外|主要为|主要是"
    rf"|因此|今年|拟|[(（][^()（）]{{2,30}}{_ORG}[)）]"
    rf"|[\u4e00-\u9fff]{{2,24}}?{_ORG}(?:[(（](?:本级|部门|汇总)[)）])?(?:系统)?(?=20\d{{2}}|本年|当年|部门|单位|一般|政府|财政|收|支|机关|三公|公务|因公|会议|培训|基本|项目|人员|日常|行政|\u201c|\")"
    rf"|[(（](?:本级|部门)[)）]|[\s“”\"'‘’]|的)"
)
_TRAIL = re.compile(r"(?:20\d{2}年度?|本年度?|上年度?|当年|全年|年初|年末|为|是|共计|共有|合计为|总额为|共|(?<![总合])计|达到|达|安排|预算安排|预算数|决算数|执行数|实际执行|(?<!总)预算|(?<!总)决算|数|总额"
                    r"|金额|合计数|累计|完成|实际|拨款数|经费数|情况说明|情况|说明|[\s“”\"'‘’:：])$")
# a line ends like one; 预算 / 决算 alone (部门预算) also names the filing's total
_LINE_END = re.compile(r"(?:支出|经费|费|费用|收入|总计|合计|结转|结余|结转结余|拨款|资金|补助|补贴|采购|预算|决算|[)）])$")
_NOT_LINE = re.compile(r"固定资产|设备|车辆|资产|房屋|土地|面积|人数|编制|价值|单价|原值|净值|合同|项目个数"
                       r"|原因|用于|包括|涉及|测算|20\d{2}年")
_ORG_END = re.compile(rf"{_ORG}[)）]?$|[(（]本级[)）]$")  # a name of a body, not of a line
_MEASURE_ONLY = re.compile(r"^(?:支出|收入)?(?:决算|预算|年初预算|全年预算|调整预算|执行数?|实际)(?:数|支出|收入)?$")
_LEVEL_ONLY = re.compile(r"^[(（](?:类|款|项)[)）]$")
# a line named after other words (…纳入部门预算的政府采购项目): the name starts here
_ANCHOR = re.compile(r"政府采购|机关运行经费|[“\"]?三公[”\"]?经费|因公出国|公务用车|公务接待")
# a clause opening with the filer names the filer's own total ("；本部门当年预算支出 B 万元")
_FILER = re.compile(r"(?:本部门|本单位|我(?:局|委|办|院|厅|校|会|所|站|中心|单位|部门))")
_BARE = {"支出", "收入", "预算", "决算", "经费", "费", "费用", "资金", "拨款", "合计", "总计", "数"}


@dataclass
class _Open:
    """The subject an amount carries to the next clause of its sentence."""

    subject: str = ""
    code: str | None = None
    group: int = -1


def read_statements(document: Document, meta: Metadata) -> list[Statement]:
    """Every statement of an amount for a named line the narrative makes, in reading order."""
    out: list[Statement] = []
    counter = [0]
    named = _Open()  # a paragraph ending with a sentence that only names a line
    for paragraph in paragraphs(document):
        previous_first: int | None = None  # the first group of the sentence before
        # the line the sentence before opened with; a line named alone at the end of the
        # paragraph before names the first amounts of this one (the naming line of a PDF
        # ends its own paragraph: "3. …（款）机关事业单位基本养老保险缴费支出（项）。" then
        # "年初预算 40.26万元，支出决算 39.52万元，…")
        carry, named = named, _Open()
        for sentence in sentences(paragraph):
            found = _read_sentence(sentence, meta, counter, previous_first, carry)
            if not found:
                # "1. 行政事业单位养老支出（款）行政单位离退休（项）。年初预算 15.82 万元，…":
                # a sentence that only names a line names the line of the next one
                code, subject = (None, "") if _AMOUNT.search(sentence.text) else \
                    subject_of(sentence.text.rstrip("。.;；"), meta.entity)
                names = (subject or code) and is_line(subject, code)
                carry = _Open(subject, code, -2) if names else _Open()
            else:
                previous_first = found[0].group
                # the line the sentence opened with carries; when its first amount is of
                # no line ("5.综合管理 X 万元，主要包括：…"), nothing does
                first, opening = found[0], _AMOUNT.search(sentence.text)
                opened = (opening is not None and parse_number(opening.group(1)) == abs(first.value)
                          and len({s.group for s in found}) == 1)  # one line, no list
                carry = _Open(first.subject, first.code, first.group) if opened else _Open()
                out.extend(found)
        if carry.group == -2:
            named = carry
    return out


def _clause_start(text: str, pos: int) -> int:
    i = pos
    while i > 0:
        ch = text[i - 1]
        thousands = ch == "," and i >= 2 and text[i - 2].isdigit() and i < len(text) and text[i].isdigit()
        pair = ch == "、" and i >= 2 and text[i - 2] == "收" and text[i:i + 1] == "支"  # 收、支总预算
        if ch in _BREAK and not thousands and not pair:
            break
        i -= 1
    return i


def _reason(text: str) -> str:
    m = _REASON.search(text)
    if not m:
        return ""
    rest = text[m.end():]
    stop = min((i for i in (rest.find(ch) for ch in "。；;") if i >= 0), default=len(rest))
    return rest[:stop].strip("，,：: ")[:120]


def _segment(text: str, pos: int) -> str:
    """The text after an amount up to the end of its part of the sentence (；。)."""
    stops = [i for i in (text.find(ch, pos) for ch in "；;。") if i >= 0]
    return text[pos:min(stops) if stops else len(text)]


def _code_and_name(local: str) -> tuple[str | None, str]:
    """The code printed with the line, and the words with the code taken out."""
    code = None
    m = _CODE_BRACKET.search(local)
    if m:
        code = m.group("code")
        local = local[:m.start()] + local[m.end():]
    else:
        m = _CODE_FRONT.match(local)
        if m:
            code = m.group("code")
            local = local[m.end():]
    return code, local


def subject_of(local: str, entity: str | None) -> tuple[str | None, str]:
    """(code, subject) from the words of a clause before its amount; subject may be ''."""
    text = local.strip()
    inner = list(_INNER_ENUM.finditer(text))
    if inner and inner[-1].start() > 0:
        text = text[inner[-1].start():]
    text = _ENUM.sub("", text)
    code, text = _code_and_name(text)
    text = _ENUM.sub("", text)
    if entity:
        for name in {entity, re.sub(r"[(（](?:本级|部门)[)）]$", "", entity)}:
            text = text.replace(name, "")
    for _ in range(8):
        new = _LEAD.sub("", text)
        if new == text or new in _BARE:
            break  # "本年度收入" stays whole: 收入 alone names no line
        text = new
    anchor = _ANCHOR.search(text)
    if anchor and anchor.start() > 0:
        text = text[anchor.start():]
    for _ in range(8):
        new = _TRAIL.sub("", text)
        if new == text or new in _BARE:
            break
        text = new
    # a change clause or comparison is no subject: "较上年增加", "比2025年"
    text = _COMPARED.sub("", text)
    if _CHANGE.search(text) and not _LINE_END.search(text):
        return code, ""
    for _ in range(8):
        new = _TRAIL.sub("", text)
        if new == text or new in _BARE:
            break
        text = new
    text = re.sub(r"(?<=[)）])支出$|(?<=支出)支出$", "", text)  # “…(类)支出”, “…支出（code）支出”
    text = re.sub(r"^[“\"]?(.+?)[”\"]?科目$", r"\1", text)  # “卫生健康支出”科目
    levels = list(_LEVEL.finditer(text))
    if len(levels) > 1:  # 社会保障和就业支出(类)…(款)机关…缴费支出(项): the deepest level
        text = text[levels[-2].end():]  # 公务接待费支出 / 卫生健康支出(类)支出
    return code, text.strip()


def is_line(subject: str, code: str | None) -> bool:
    if not subject:
        return code is not None
    if subject in _BARE or _NOT_LINE.search(subject) or len(subject) > 40 \
            or _ORG_END.search(subject) or _LEVEL_ONLY.match(subject):
        return False
    return bool(_LINE_END.search(subject) or code or _LEVEL.search(subject)
                or "三公" in subject or "政府采购" in subject)


def _look_back(text: str, start: int, entity: str | None) -> tuple[str | None, str]:
    """The line named in the clauses before an amount whose own clause names none
    ("行政运行（2010101），2025年执行数为 A 万元"): the nearest one that is a line."""
    end = start
    while end > 0:
        begin = _clause_start(text, end - 1)
        code, subject = subject_of(text[begin:end - 1], entity)
        if _AMOUNT.search(text[begin:end - 1]):
            break
        if (subject or code) and is_line(subject, code):
            return code, subject
        end = begin
    return None, ""


def _heading_line(section: str, entity: str | None) -> tuple[str | None, str]:
    """The line the innermost heading names ("1.因公出国(境)费", "(一)机关运行经费支出情况")."""
    if not section:
        return None, ""
    code, subject = subject_of(section.split(" / ")[-1], entity)
    return (code, subject) if (subject or code) and is_line(subject, code) else (None, "")


def _year_before(text: str, pos: int, fiscal_year: int | None) -> int | None:
    """The year a clause's amount is about: the nearest year printed before it in the
    sentence that is not a comparison (比2025年), else the filing's."""
    best = None
    for m in _YEAR.finditer(text, 0, pos):
        before = text[:m.start()].rstrip()[-1:]
        if before in ("比", "较", "与", "同", "自", "从"):
            continue
        best = int(m.group(1))
    return best if best is not None else fiscal_year


def _read_sentence(sentence: Sentence, meta: Metadata, counter: list[int],
                   previous_first: int | None, carry: _Open) -> list[Statement]:
    text = sentence.text
    fy = meta.fiscal_year
    out: list[Statement] = []
    current = _Open()
    prev_end = 0
    parent: int | None = previous_first if text.startswith("其中") else None
    first_group: int | None = None
    outside: int | None = None  # the group of the last amount stated outside brackets
    opened_at: dict[int, int] = {}  # group → where its first amount is printed in the sentence
    for m in _AMOUNT.finditer(text):
        start = max(prev_end, _clause_start(text, m.start()))
        local = text[start:m.start()]
        gap = text[prev_end:m.start()]
        clause_head = text[_clause_start(text, m.start()):m.start()]
        prev_end = m.end()
        bracketed = text.count("(", 0, m.start()) + text.count("（", 0, m.start()) > \
            text.count(")", 0, m.start()) + text.count("）", 0, m.start())
        value = parse_number(m.group(1))
        unit = m.group(2)
        if value is None:
            continue
        if re.search(r"其中|包括|主要用于以下方面", gap) and current.group >= 0:
            # the amount before 其中 is the whole; one in brackets only qualifies it
            # ("收入预算490,808.40万元（本年预算收入390,140.45万元），其中：…")
            parent = outside if outside is not None else current.group
        elif parent is not None and _YEAR.search(gap) and not _CMP_YEAR.search(gap):
            parent = None  # a new statement restating its year is not a part
        measure, compared, share_of = _measure(local, clause_head, unit, meta, text[:m.start()])
        if measure in ("budget", "actual"):
            code, subject = subject_of(local, meta.entity)
            other_total = bool(current.group >= 0 and not code and _MEASURE_ONLY.match(subject) and (
                (_MEASURE_ONLY.match(current.subject) and subject != current.subject)
                or _FILER.match(local.lstrip("，,；; "))))
            if _MEASURE_ONLY.match(subject) and not code and (current.group >= 0 or carry.group == -2) \
                    and not other_total:
                subject = ""  # "年初预算15.82万元，支出决算16.61万元": the measure of the line named
            if other_total:
                # "当年预算收入 A 万元，其中：…；当年预算支出 B 万元": the other total, neither
                # 收入's measure nor one of its parts
                parent = None
            if _LEVEL_ONLY.match(subject) and not out:
                # "（项）支出 X 万元" after a line read as a heading ("…（款）城市建设支出")
                head = sentence.paragraph.section.split(" / ")[-1]
                code, subject = subject_of(head + local, meta.entity)
        elif measure in ("change", "change_pct"):
            # "2022年本部门财政拨款收入较上年增加…": the change names its own line
            cut = _COMPARED.search(local) or _CHANGE.search(local)
            code, subject = subject_of(local[:cut.start()] if cut else local, meta.entity)
        else:
            code, subject = None, ""
        if subject or code:
            if not is_line(subject, code):
                current = _Open()
                continue
            same = next((s for s in out if s.subject == subject and s.code == code), None)
            if same is not None and measure not in ("budget", "actual"):
                current = _Open(subject, code, same.group)
            elif (subject, code) != (current.subject, current.code) or measure in ("budget", "actual"):
                counter[0] += 1
                current = _Open(subject, code, counter[0])
            if first_group is None:
                first_group = current.group
        elif current.group < 0 and measure in ("change", "change_pct") and not out \
                and carry.group >= 0:
            current = carry  # "…支出 323.71 万元。与上年相比减少 0.31 万元": the line before
        elif current.group < 0 and measure in ("budget", "actual"):
            code, subject = _look_back(text, start, meta.entity)
            if not subject and not code and not out and carry.group == -2:
                code, subject = carry.code, carry.subject
            if not subject and not code and not out:
                code, subject = _heading_line(sentence.paragraph.section, meta.entity)
            if not subject and not code:
                continue
            counter[0] += 1
            current = _Open(subject, code, counter[0])
        elif measure in ("change", "change_pct") \
                and (whole := _whole_of_list(out, current.group, text[:m.start()], opened_at)) is not None:
            current = whole  # "其中：基本支出 A 万元，项目支出 B 万元，比上年增加 C 万元": the whole's
        elif current.group < 0:
            continue  # nothing named before: a change or share of no known line
        year = _year_before(text, m.start(), fy)
        if measure in ("budget", "actual") and year is not None and fy is not None and year < fy:
            measure = "prior_year"
        if measure in ("change", "change_pct") and compared is None and fy is not None \
                and not _VS_BUDGET.search(local):
            compared = None
        value_wan = value * _SCALE[unit] if unit in _SCALE else None
        if measure == "change" and value_wan is not None and _NEGATIVE.search(local):
            value, value_wan = -abs(value), -abs(value_wan)
        if measure == "change_pct" and _NEGATIVE.search(local):
            value = -abs(value)
        number = (sentence.start + m.start(1), sentence.start + m.end(1))
        citation = sentence.paragraph.cite(sentence.start, sentence.end, value=number)
        is_part = parent is not None and current.group != parent
        if not bracketed:
            outside = current.group
        opened_at.setdefault(current.group, m.start())
        out.append(Statement(
            subject=with_part(current.subject, part_lead(sentence.paragraph.reading, sentence.start + m.start())),
            code=current.code, measure=measure,
            year=year if measure not in ("change", "change_pct") else fy,
            value=_round(value), unit=unit,
            value_wan=_round(value_wan) if value_wan is not None else None,
            compared_year=compared, share_of=share_of, group=current.group,
            parent=parent if is_part else None, reason=_reason(_segment(text, m.end())),
            section=sentence.paragraph.section[-80:], citation=citation))
    return out


# an enumerated lead naming a part of spending and opening a list of lines:
# "（1）人员经费：①行政运行（2013201）1641.18 万元…（2）公用经费：①行政运行（2013201）124.00 万元"
_PART_LEAD = re.compile(
    r"(?:^|(?<=[。；;：:，,\s]))(?:其中[：:，,]?\s*)?"
    r"(?P<enum>[(（][一二三四五六七八九十\d]{1,2}[)）]|[①-⑳]|\d{1,2}[.．、](?!\d))\s*"
    r"(?P<part>人员经费|公用经费|专项业务经费|专项经费|基本支出|项目支出)[：:](?!\s*[-+\d])")
_ENUM_STYLE = {"（": r"[(（][一二三四五六七八九十\d]{1,2}[)）]", "(": r"[(（][一二三四五六七八九十\d]{1,2}[)）]",
               "①": r"[①-⑳]", "1": r"\d{1,2}[.．、](?!\d)"}


def part_lead(reading: str, pos: int) -> str:
    """The part of spending a list of lines is stated under, when the paragraph opened one
    before ``pos``: a lead naming 人员经费 / 公用经费 / 专项业务经费 / 基本支出 / 项目支出 with
    its own enumerator and a colon and no amount ("（1）人员经费：①行政运行（2013201）1641.18
    万元" is 行政运行's 人员经费, not the whole line; "（2）公用经费：①行政运行（2013201）
    124.00 万元" its 公用经费). The lead holds until the next such lead, or until an
    enumerator of its own kind opens something that is not a part ("（3）机关运行经费…")."""
    leads = [m for m in _PART_LEAD.finditer(reading, 0, pos)]
    if not leads:
        return ""
    lead = leads[-1]
    enum = lead.group("enum")
    style = _ENUM_STYLE.get(enum[0], _ENUM_STYLE["1"] if enum[0].isdigit() else _ENUM_STYLE["（"])
    if re.search(rf"(?:^|[。；;：:，,\s]){style}", reading[lead.end():pos]):
        return ""  # a sibling enumerator that is no part: the list of parts has ended
    return lead.group("part")


def with_part(subject: str, part: str) -> str:
    """A line's subject with the part of spending it is stated under ("行政运行" under
    "（1）人员经费：" → "行政运行人员经费"): the checks then compare it with that part's column
    of the line (or nothing), and never with the line's 合计 or with another part."""
    if not part or not subject or part in subject or _MEASURE_ONLY.match(subject):
        return subject
    return subject + part


def _whole_of_list(out: list[Statement], group: int, before: str, opened_at: dict[int, int]) -> _Open | None:
    """The whole a change with no words of its own is of, when it follows a list of parts.

    "2026年支出预算 6256.31 万元，其中：基本支出 1604.41 万元，项目支出 4651.90 万元，比上年
    增加 268.28 万元，增长 4.48%": two or more parts of one whole were listed and none of them
    was given a change, so the change closing the list is the whole's (268.28 is of 6256.31,
    not of 项目支出). A part stated with its own change ("因公出国(境)费 20 万元，比上年减少
    7 万元；公务接待费 …") keeps it; one part alone keeps it too, and so does a part of a
    list whose items are clauses of their own (a ； between the whole and the change:
    "其中：购置费预算 0 元，与上年持平；运行维护费预算 7.5 万元，比上年增加 6 万元")."""
    mine = next((s for s in out if s.group == group and s.parent is not None), None)
    if mine is None:
        return None
    siblings = {s.group for s in out if s.parent == mine.parent}
    if len(siblings) < 2 or any(s.measure in ("change", "change_pct") for s in out
                                if s.parent == mine.parent or s.group == mine.parent):
        return None
    whole = next((s for s in out if s.group == mine.parent), None)
    if whole is None or re.search(r"[；;]", before[opened_at.get(whole.group, 0):]):
        return None
    return _Open(whole.subject, whole.code, whole.group)


def _measure(local: str, clause: str, unit: str, meta: Metadata, before: str = ""
             ) -> tuple[str, int | None, str | None]:
    """(measure, compared year, the whole a share names) of one amount's words. A change
    whose own clause names no comparison takes the last one printed before it in the
    sentence ("与 2022 年相比，收、支总计减少 89.23 万元，下降 15.85%": both against 2022)."""
    fy = meta.fiscal_year
    if unit == "%":
        sm = _SHARE.search(local)
        if sm:
            return "share", None, sm.group("whole").strip("的“”\"") or ""
        if _COMPLETION.search(local):
            return "completion", None, None
    compared = None
    cm = list(_COMPARED.finditer(clause))
    if cm:
        last = cm[-1]
        if last.group(2):
            compared = int(last.group(2))
        elif fy is not None:
            compared = fy - 1
    changed = _CHANGE.search(local) or (unit == "%" and cm)
    if changed and not cm and before:
        earlier = list(_COMPARED.finditer(before))
        if earlier and earlier[-1].group(2):
            compared = int(earlier[-1].group(2))
        elif earlier and fy is not None:
            compared = fy - 1
    if changed and not _SHARE.search(local):
        return ("change_pct" if unit == "%" else "change"), compared, None
    if unit == "%":
        return "rate", None, None
    words = local
    final, budget = max(words.rfind("决算"), words.rfind("执行"), words.rfind("实际")), \
        max(words.rfind("预算"), words.rfind("安排"))
    if final < 0 and budget < 0:
        return ("budget" if meta.doc_type == "budget" else "actual"), None, None
    return ("actual" if final > budget else "budget"), None, None


def _round(value: float) -> float:
    return round(value, 8)


__all__ = ["Paragraph", "is_line", "read_statements", "subject_of"]
