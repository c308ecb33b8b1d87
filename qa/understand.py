"""Understanding a journalist's question offline: entity, year, metric and answer kind.

No model is needed: entities are matched against the names the stored filings carry
(a short form such as 澄岚县医保局 matches 澄岚县医疗保障局 when its characters appear in
order after the same place name), years are explicit or relative to the documents
(今年/去年/上年), metrics come from a vocabulary of the standard tables' terms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.ingest.normalize import fold
from budgetlens.schemas.catalogue import answer_cells


@dataclass(frozen=True)
class Metric:
    name: str  # a contract key-figure name
    label: str  # how an answer names it
    cells: tuple[tuple[str, str, str], ...]  # (table_id, row key, col) holding it, in preference order
    unit: str = "万元"
    kind: str = "amount"  # amount | count | ratio


def _cells(name: str) -> tuple[tuple[str, str, str], ...]:
    """Where an answer reads a figure: the catalogue's homes of its own scope (col "" → amount)."""
    return tuple((t, row, col or "amount") for t, row, col in answer_cells(name))


# Longest phrases first: "公务用车运行维护费" must win over "公务用车".
METRICS: list[tuple[tuple[str, ...], Metric, Metric | None]] = [
    # (phrases, metric when the question is about actual spending, metric for 预算)
    (("公务接待费", "公务接待", "接待费"),
     Metric("reception_actual", "公务接待费", _cells("reception_actual")),
     Metric("reception_budget", "公务接待费预算", _cells("reception_budget"))),
    (("因公出国（境）费", "因公出国(境)费", "因公出国", "出国（境）", "出国"),
     Metric("outbound_actual", "因公出国（境）费", _cells("outbound_actual")),
     Metric("outbound_budget", "因公出国（境）费预算", _cells("outbound_budget"))),
    (("公务用车购置费", "车辆购置", "购置车辆费", "公务用车购置"),
     Metric("vehicle_purchase_actual", "公务用车购置费", _cells("vehicle_purchase_actual")),
     Metric("vehicle_purchase_budget", "公务用车购置费预算", _cells("vehicle_purchase_budget"))),
    (("公务用车运行维护费", "公务用车运行", "车辆运行维护", "用车运行"),
     Metric("vehicle_operation_actual", "公务用车运行维护费", _cells("vehicle_operation_actual")),
     Metric("vehicle_operation_budget", "公务用车运行维护费预算", _cells("vehicle_operation_budget"))),
    (("三公经费", "“三公”经费", "\"三公\"经费", "三公"),
     Metric("three_public_actual", "“三公”经费", _cells("three_public_actual")),
     Metric("three_public_budget", "“三公”经费预算", _cells("three_public_budget"))),
    (("会议费",), Metric("meeting_actual", "会议费", _cells("meeting_actual")),
     Metric("meeting_budget", "会议费预算", _cells("meeting_budget"))),
    (("培训费",), Metric("training_actual", "培训费", _cells("training_actual")),
     Metric("training_budget", "培训费预算", _cells("training_budget"))),
    (("基本支出占比", "基本支出比例", "基本支出所占比"),
     Metric("basic_expenditure_share", "基本支出占本年支出的比例", (), unit="%", kind="ratio"), None),
    (("人员经费",), Metric("personnel_expenditure", "人员经费", _cells("personnel_expenditure")), None),
    (("公用经费",), Metric("public_expenditure", "公用经费", _cells("public_expenditure")), None),
    (("机关运行经费", "运行经费"), Metric("operating_expenses", "机关运行经费", _cells("operating_expenses")), None),
    (("政府采购",), Metric("procurement_total", "政府采购支出总额", ()), None),
    (("车辆数", "多少辆", "几辆", "车辆"), Metric("vehicles", "车辆数", (), unit="辆", kind="count"), None),
    (("基本支出",), Metric("basic_expenditure", "基本支出", _cells("basic_expenditure")), None),
    (("项目支出",), Metric("project_expenditure", "项目支出", _cells("project_expenditure")), None),
    (("财政拨款收入",), Metric("fiscal_grant_income", "财政拨款收入", _cells("fiscal_grant_income")), None),
    (("本年收入",), Metric("income_current_year", "本年收入合计", _cells("income_current_year")), None),
    (("本年支出",), Metric("expenditure_current_year", "本年支出合计", _cells("expenditure_current_year")), None),
    (("收入总计", "总收入", "收入"), Metric("income_total", "收入总计", _cells("income_total")), None),
    (("支出总计", "总支出", "支出", "花了多少", "花了"), Metric("expenditure_total", "支出总计", _cells("expenditure_total")), None),
]

_BUDGET_WORDS = ("预算数", "预算安排", "预算是", "预算为", "预算多少", "预算")
_ACTUAL_WORDS = ("决算", "实际", "花了", "支出了", "执行")
_CONSISTENCY = ("一致", "对得上", "相符", "吻合", "核对", "矛盾", "有没有错", "是否正确", "准确吗", "对不对", "对吗")
# 怎么解释的 / 文件给的理由 / 怎么回事 / 怎么减少这么多: a reason asked, as 为什么 asks it
_WHY_RE = re.compile(r"为什么|为何|原因|怎么会|why|怎么解释|理由|怎么回事|缘故|"
                     r"怎么(?:会|就)?(?:增加|减少|下降|增长|上涨|涨|降|少|多|压减|削减)了?(?:这么|那么|如此)")


def asks_why(text: str) -> bool:
    """Whether a question asks the reason of a change.

    >>> asks_why("无锡统计局统计抽样调查（项）减少3.77%，怎么解释的？"), asks_why("怎么算占比？")
    (True, False)
    """
    return _WHY_RE.search(text) is not None
_COMPARE = ("哪个", "哪家", "哪些", "最多", "最少", "最高", "最低", "排名", "排序", "比较", "对比", "相比", "各单位", "分别")
# a year: 2023年 / 2023年度, or 2023 not followed by an amount's unit (支出超过2000万元)
_YEAR_RE = re.compile(r"(?<![\d.])(20\d{2})(?:\s*年|(?![\d.]|\s*(?:万|元|亿|%)))")
_PLACE_RE = re.compile(r"^(.+?(?:省|自治区|自治州|市|盟|县|区|旗|镇|乡|街道))")


@dataclass
class Question:
    text: str
    kind: str = "value"  # value | compare | consistency | why
    entities: list[str] = field(default_factory=list)
    year: int | None = None
    metric: Metric | None = None
    budget: bool = False  # asks for the budgeted amount rather than the actual
    unknown: str | None = None  # an organisation the question names that no stored filing is about


def _subsequence(short: str, full: str) -> bool:
    it = iter(full)
    return all(ch in it for ch in short)


def short_form(tail: str, rest: str) -> str:
    """The longest start of ``tail`` (the question after a place name) whose characters
    appear in order in ``rest`` (the entity's name after its places): 医保局… in
    医疗保障局 → 医保局. Whether it names the entity is the caller's rule."""
    best = ""
    for j in range(2, min(len(tail), len(rest)) + 1):
        if _subsequence(tail[:j], rest):
            best = tail[:j]
    return best


def _places(entity: str) -> list[str]:
    """The place segments an entity name starts with: 朔州市朔城区… → [朔州市, 朔城区]."""
    segments, rest = [], entity
    while True:
        m = _PLACE_RE.match(rest)
        if not m or len(m.group(1)) > 8:
            return segments
        segments.append(m.group(1))
        rest = rest[len(m.group(1)):]


def match_entities(question: str, entities: list[str]) -> list[str]:
    """Entities the question names, by full name or a short form.

    A short form is the innermost place name (with or without its level word:
    镇安县 / 镇安) followed by an in-order subsequence of the rest of the name that
    ends where the name ends or is its prefix (医保局 ⊂ 医疗保障局, 商务委 ⊂ 商务委员会).
    When no name matches so, the innermost place alone (万里街道, 普陀区) names every
    entity of that place.
    """
    q = re.sub(r"\s+", "", question)
    found, weak = [], []
    for entity in entities:
        if not entity:
            continue
        if entity in q:
            found.append(entity)
            continue
        places = _places(entity)
        if not places:
            continue
        place = places[-1]
        rest = entity[len("".join(places)):]
        if len(place) >= 3 and place in q:
            weak.append(entity)  # the place alone: every entity of that place
        for prefix in filter(None, (place, place[:-1] if len(place) > 2 else "")):
            i = q.find(prefix)
            if i < 0 or not rest:
                continue
            best = short_form(q[i + len(prefix):], rest)
            if len(best) >= 2 and (best[-1] == rest[-1] or rest.startswith(best)):
                found.append(entity)
                break
    found = found or weak
    # a name that is part of a longer matched name is not a separate match
    return [e for e in found if not any(e != o and e in o for o in found)]


# (a place never spans 的 / 和: 深圳的城市管理和综合执法局 names no place 深圳的城市)
_ORG_RE = re.compile(r"((?:(?:(?![的和与及])[\u4e00-\u9fff]){1,7}?(?:省|自治区|自治州|市|盟|县|区|旗)){1,3})"
                     r"[\u4e00-\u9fff]{0,10}?(?:局|委员会|委|办公室|厅|院|中心|馆|所|站|队)")


_GENERIC_PLACE = set("哪各全本该每某我其此几多")


def unknown_organisation(question: str, entities: list[str]) -> str | None:
    """An organisation named by place (北京市海淀区教育局) whose place no stored entity has.

    Only called when no entity matched: a question about a bureau we do not hold must
    be answered "not found", never with other bureaus' figures.
    """
    # 2026年市委宣传部: the year's 年 starts no place (年市 is none)
    q = re.sub(r"20\d\d年度?", "，", re.sub(r"\s+", "", question))
    # 预算里城市管理和综合执法局 / 请问市委宣传部: asking words before a body are no place (预算里城市)
    q = re.sub(r"(?:预算|决算)(?:里|中|内|的)?|请问|想问|问一下", "，", q)
    known = "".join(entities)
    for m in _ORG_RE.finditer(q):
        places = re.findall(r".+?(?:省|自治区|自治州|市|盟|县|区|旗)", m.group(1))
        if places and places[0][0] in _GENERIC_PLACE:
            continue  # 哪个县医保局, 各区, 本市: not a name
        if any(place not in known and place[:-1] not in known for place in places):
            return m.group(0)
    return None


def parse_question(text: str, entities: list[str], years: list[int]) -> Question:
    q = Question(text=text)
    folded = fold(text)
    q.entities = match_entities(text, entities)
    if not q.entities:
        q.unknown = unknown_organisation(text, entities)
    m = _YEAR_RE.search(folded)
    latest = max(years) if years else None
    if m:
        q.year = int(m.group(1))
    elif latest is not None and re.search(r"(?<![比较与同])(去年|上年|上一年)", text):
        q.year = latest - 1
    elif latest is not None and any(w in text for w in ("今年", "本年", "当年")):
        q.year = latest
    if asks_why(text):
        q.kind = "why"
    elif any(w in text for w in _CONSISTENCY):
        q.kind = "consistency"
    elif any(w in text for w in _COMPARE) and len(q.entities) != 1:
        q.kind = "compare"
    q.budget = any(w in text for w in _BUDGET_WORDS) and not any(w in text for w in _ACTUAL_WORDS)
    for phrases, actual, budget in METRICS:
        if any(p in text for p in phrases):
            q.metric = budget if (q.budget and budget is not None) else actual
            break
    return q
