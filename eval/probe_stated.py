"""Stated-figures probe: the amounts and counts a filing's narrative states of a
named subject, asked as a journalist would ask them; a number must be the sentence's, cited on
its page.

The sentences are found in the RAW page text (``probe_why.raw_pages``: PyMuPDF's text of a PDF,
a seed's .txt), never in the answerer's reading or fact index, so that the gold does not share
the answerer's mistakes. A *stated figure* is a number with its unit (万元 / 元 / 亿元 / 个 /
项 / 辆 / 台 / 套 / 人 / 平方米) whose own clause names what it is of::

    本部门当年机关运行经费预算安排163.46万元，较上年增加46.26万元。
    → subject 机关运行经费, 163.46 万元 (the change is of the year before: no level)
    3、在京租赁车辆29万元。  → 在京租赁车辆, 29 万元

The subject is the clause's words once the numbering, the filer's name (本部门 / 本单位 …),
years, 其中 / 包括 and the figure's own words (预算安排 / 支出 / 为 / 共 …) are taken off. A
figure is left out when it is not the filing's own level: a change or a share (比 / 较 / 增 /
减 / 占 in its clause), a year other than the filing's, the other kind of figure (年初预算 in
a final account, 执行数 / 决算 in a budget), a threshold (单价50万元以上), or a subject that
names a body (a subordinate unit's figure: ``…管理处预算35,786.06万元，包括在职人员经费…``).
A subject the filing states twice with different values is left out (``probe_rows.sample``): it has no
one answer.

Each figure is asked in the forms of the rows probe (``probe_rows.questions``: the subject as
printed or short, 支出 / 经费 / 费用 dropped; 是多少 / 花了多少 / 安排了多少 / 有多少万元 /
是多少元 / 是多少亿元), the body as printed or a short form that fits it alone; a count or a
count as 有多少辆 / 有多少个. Judged (``judge``): ``right`` the value within the print's
rounding in the unit asked (the narrative's 30,441万元 is the table's 304,413,900元), cited on a
page whose raw text prints it; ``uncited`` the value right, cited elsewhere; ``wrong`` another
number or unit; ``not_found`` a decline.

    budgetlens eval --probes stated --split dev --home WS --out DIR

writes ``DIR/probe_stated.json`` and ``DIR/probe_stated.md`` (``eval.report.save_run``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from budgetlens.eval.journalists import DECLINED, _print_rounding
from budgetlens.eval.mutate import tally
from budgetlens.eval.probe_names import catalogue, fits, forms
from budgetlens.eval.probe_rows import _TYPE_WORD, Row, filings_of_part, line, questions, record, report, sample
from budgetlens.eval.probe_why import _joined, raw_pages

OUTCOMES = ("wrong", "uncited", "not_found", "right")
PER_FILING = 6
_AMOUNT_UNITS = {"亿元": 10000.0, "万元": 1.0, "元": 0.0001}
_NUM = r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?"
_FIGURE_RE = re.compile(_NUM + r"\s*(亿元|万元|元|平方米|个|项|辆|台|套|人)(?!\s*(?:以上|以下|及以上|[（(]含|左右|次))")
# what ends a subject's clause: a break, or the number before
_CLAUSE_RE = re.compile(r"[，,；;：:、。（(）)“”\"]")
_NUMBERING_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d)|[①-⑳])")
_LEAD_RE = re.compile(r"^(?:其中|包括|主要|另外|此外|共计|合计|截至|截止|本部门|本单位|我单位|我局|我委|我部门|部门|单位|本级|当年|全年|年度|"
                      r"20\d\d年(?:度|底|末|初)?|\d{1,2}月\d{1,2}日|[的是有为])+")
# the figure's own words after its subject: 预算安排 / 预算数为 / 共 / 为 (never the 预算 of 一般公共预算)
_TAIL_RE = re.compile(r"(?:(?:(?:年初|全年|本年|当年)?(?<!公共|基金|经营)(?:预算|决算)(?:数|金额|安排|总额)?|(?<=费)(?:预算)?支出|"
                      r"安排|总额|合计|总计|共计|累计|共)?(?:为|是|达到?|约|计|有)?)$")
# where a clause's subject starts: after the filer's own words or a heading run into the sentence
_SUBJECT_START_RE = re.compile(r".*(?:本部门|本单位|我单位|我局|我委|本局|本委|情况说明|说明)")
# a table's page (its title and unit line at the top): its cells run together are no sentences
_TABLE_PAGE_RE = re.compile(r"表.{0,40}单位|单位[：:]\s*(?:万元|元)|编制(?:单位|部门)[：:]")
# the subjects a count is asked of: assets, projects and performance targets, staff, vehicles
_COUNTED_RE = re.compile(r"车|房屋|面积|设备|资产|项目|绩效目标|人员|编制|工程")
# a figure that is no level of the filing's year: a change, a share, a comparison, a threshold
_NOT_LEVEL_RE = re.compile(r"比|较|同比|增|减|降|上升|提高|节约|占|上年|去年|同期|以上|以下|平均|人均|每|率|不超过|控制|标准|"
                           r"不少于|不低于|超过|超|达|申请|原因|通过|其余|力争")
# words that name no line of their own: the figure's kind only (预算资金 / 经费 / 本年一般公共预算)
_GENERIC_RE = re.compile(r"(?:本年)?(?:预算|决算)?(?:资金|经费|金额|总额|一般公共预算|预算|决算)(?:预算|安排)?")
_OTHER_KIND = {"budget": re.compile(r"决算|执行|实际|完成"), "final_accounts": re.compile(r"预算|安排|年初|调整")}
_BODY_RE = re.compile(r"(?:局|委员会|办公室|办公厅|中心|总队|支队|大队|院|所|站|馆|处|协会|学校|大学|幼儿园|医院|街道|政府)")
_SUBJECT_RE = re.compile(r"^[\u4e00-\u9fff“”\"]{3,24}$")
# a count of projects is said in 个 or 项 alike (项目7项 is seven projects)
_SAME_UNIT = {"项": "个"}
_COUNT_VERB = {"个": "有多少个", "项": "有多少项", "辆": "有多少辆", "台": "有多少台", "套": "有多少套", "人": "有多少人",
               "平方米": "有多少平方米"}


@dataclass(frozen=True)
class Said:
    """One figure a narrative states of a named subject."""
    page: int
    subject: str
    value: float  # as printed, in ``unit``
    unit: str
    printed: str  # the number as printed (1,809.51)
    sentence: str


def subject_of(clause: str, body: str = "") -> str:
    """The words a figure's clause names it by, or "" when they name no subject of its own.

    >>> subject_of("本部门当年机关运行经费预算安排"), subject_of("3、在京租赁车辆"), subject_of("较上年增加")
    ('机关运行经费', '在京租赁车辆', '')
    """
    t = re.sub(r"\s+", "", clause).replace(body, "") if body else re.sub(r"\s+", "", clause)
    t = _SUBJECT_START_RE.sub("", t)
    for _ in range(3):
        t = _NUMBERING_RE.sub("", t)
        t = _LEAD_RE.sub("", t)
    t = _TAIL_RE.sub("", t).strip("“”\"")
    if t.startswith(("涉及", "对应")):
        return ""  # 项目5个，涉及项目预算资金…: of what the clause before counts, no line of its own
    if not _SUBJECT_RE.fullmatch(t) or _GENERIC_RE.fullmatch(t) or len(t) < 3 or _NOT_LEVEL_RE.search(t) or _BODY_RE.search(t[-2:]):
        return ""
    return t


def stated(pages: list[str], body: str, year: int, doc_type: str | None) -> list[Said]:
    """Every figure of a named subject the pages' sentences state at the filing's own level."""
    # a table's page reads as no sentences: its text is left out, keeping the page numbers
    text, starts = _joined(["" if _TABLE_PAGE_RE.search(re.sub(r"\s+", "", p[:240])) else p for p in pages])
    other = _OTHER_KIND.get(doc_type or "")
    out = []
    for sm in re.finditer(r"[^。；;！？]+", text):
        s = sm.group(0)
        if len(s) > 240 or "|" in s:
            continue
        for m in _FIGURE_RE.finditer(s):
            head = s[:m.start()]
            cut = max((k.end() for k in _CLAUSE_RE.finditer(head)), default=0)
            prev = list(_FIGURE_RE.finditer(head))
            cut = max(cut, prev[-1].end() if prev else 0)
            clause = head[cut:]
            years = {int(y) for y in re.findall(r"(20\d\d)\s*年", s[:m.start()])}
            if years - {year} or (other and other.search(clause)) or _NOT_LEVEL_RE.search(clause):
                continue
            # a subordinate unit's figure: the sentence names a body before its first figure
            lead = re.sub(r"\s+", "", s[:(prev[0].start() if prev else m.start())]).replace(body, "")
            if re.search(r"[\u4e00-\u9fff]{2,}(?:中心|总队|支队|大队|站|所|馆|处|医院|学校|分局)(?:本级)?(?:预算|决算|[，,：:]|共|$)", lead):
                continue
            subject = subject_of(clause, body)
            if not subject:
                continue
            value = float((m.group(1) + (m.group(2) or "")).replace(",", ""))
            if value == 0 or (m.group(3) not in _AMOUNT_UNITS and not _COUNTED_RE.search(subject)):
                continue  # a zero answers by chance; a count of what no budget counts (a work plan's targets)
            at = sm.start() + m.start()
            page = max(i for i, st in enumerate(starts) if st <= at) + 1 if starts else 1
            out.append(Said(page, subject, value, m.group(3), m.group(1) + (m.group(2) or ""), s.strip()[:200]))
    return out


def as_rows(doc_id: str, found: list[Said]) -> list[Row]:
    """The figures as the rows probe's ``Row`` s (a count keeps its unit among its words, a page
    stands for a table), so that ``probe_rows.sample`` spreads them over the pages and leaves
    out a subject stated with two values."""
    return [Row(doc_id, f.subject, "", "", () if f.unit in _AMOUNT_UNITS else (f.unit,),
                round(f.value * _AMOUNT_UNITS.get(f.unit, 1.0), 6), f.page, f"p{f.page}", "figure",
                bool(re.search(r"支出|费|经费|资金", f.subject))) for f in found]


def _in_wan(text: str) -> list[float]:
    """Every number ``text`` prints, read as 万元, as 元 and as 亿元 (in 万元)."""
    nums = [float(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", re.sub(r"\s+", "", text))]
    return [v * k for v in nums for k in (1.0, 0.0001, 10000.0)]


def _pages_printing(pages: list[str], s: Said, tol_wan: float) -> list[int]:
    """The pages whose raw text prints the figure within its print's rounding, in any unit (the
    narrative's 30,441万元 is the table's 304,413,900元)."""
    if s.unit not in _AMOUNT_UNITS:
        return [i + 1 for i, p in enumerate(pages) if s.printed in re.sub(r"\s+", "", p)]
    want = s.value * _AMOUNT_UNITS[s.unit]
    return [i + 1 for i, p in enumerate(pages) if any(abs(v - want) <= tol_wan for v in _in_wan(p))]


@dataclass(frozen=True)
class Asked:
    """One stated figure asked: the question, the value in the unit asked and the print's rounding."""
    file: str
    part: str
    form: str  # label | short (probe_rows.questions)
    verb: str  # shi | hua | anpai | wan | yuan | yi | count
    question: str
    measure: str
    unit: str  # the unit asked
    want: float  # the value in the unit asked
    tol: float  # half the print's last digit, in the unit asked
    printed: str  # the sentence's number and unit as printed
    page: int
    allowed: tuple[tuple[str, int], ...]  # (doc_id, page) printing the value


def rounding(s: Said, unit: str) -> float:
    """Half the last digit ``s`` is printed to, in ``unit`` (163.46万元 asked in 元: 50元)."""
    return _print_rounding(s.value * _AMOUNT_UNITS.get(s.unit, 1.0) / _AMOUNT_UNITS.get(unit, 1.0), s.unit, unit,
                           [s.printed]) or 0.0 if s.unit in _AMOUNT_UNITS else 0.0


def judge(p: Asked, answer) -> tuple[str, str]:
    """``right`` the value within the print's rounding (and the answer's two decimals) in the unit
    asked (个 and 项 one unit), cited on a page printing it; ``uncited`` cited elsewhere; ``wrong`` another number or unit; ``not_found`` a decline."""
    if answer.kind in DECLINED or answer.value is None:
        return "not_found", f"declined ({answer.kind})"
    if answer.unit and _SAME_UNIT.get(answer.unit, answer.unit) != _SAME_UNIT.get(p.unit, p.unit):
        return "wrong", f"unit {answer.unit}, asked {p.unit}"
    # the print's rounding and the answer's own (two decimals: the table's 94,386.4999996 shown 94,386.50
    # where the narrative prints 94386.49)
    if abs(answer.value - p.want) > p.tol + 0.0051:
        return "wrong", f"value {answer.value} ≠ {p.want} (printed {p.printed})"
    if not any((c.doc_id, c.page) in p.allowed for c in answer.citations):
        return "uncited", f"value right, cites pages {sorted({c.page for c in answer.citations})}, on {p.page}"
    return "right", ""


def probes(index, part: str) -> list[Asked]:
    """The probes of every filing of ``part`` (an index's ``docs``)."""
    filings = catalogue(index.docs.values())
    out: list[Asked] = []
    for f in filings_of_part(index, filings, part):
        d = index.docs[f.doc_id]
        pages = raw_pages(Path(d.path))
        found = stated(pages, f.body, f.year, f.doc_type)
        by_row = {(r.measure, r.quals, r.value_wan): s for r, s in zip(as_rows(f.doc_id, found), found)}
        picked = sample(as_rows(f.doc_id, found), PER_FILING)
        siblings = [g.doc_id for g in filings if g.body == f.body and g.year == f.year and g.doc_type == f.doc_type]
        scope = f"{d.scope}" if len(siblings) > 1 and d.scope else ""
        word = scope + _TYPE_WORD.get(f.doc_type or "", "预算")
        short = [s for s, rule in forms(f.body).items() if rule == "city" and "的" not in s]
        body = short[0] if short and len(out) % 2 and len(fits(short[0], filings, f.year, f.doc_type)) == 1 else f.body
        asks = [(by_row[(r.measure, r.quals, r.value_wan)], form, verb, text, unit)
                for r, form, verb, text, unit in questions(body, f.year, word, [r for r in picked if not r.quals], len(out))]
        asks += [(s, "label", "count", f"{body}{f.year}年{word}的{s.subject}{_COUNT_VERB[s.unit]}？", s.unit)
                 for s in (by_row[(r.measure, r.quals, r.value_wan)] for r in picked if r.quals)]
        for s, form, verb, text, unit in asks:
            scale = _AMOUNT_UNITS.get(s.unit, 1.0) / _AMOUNT_UNITS.get(unit, 1.0)
            tol = rounding(s, unit)
            allowed = tuple((f.doc_id, p) for p in _pages_printing(pages, s, max(tol * _AMOUNT_UNITS.get(unit, 1.0), 0.006)))
            out.append(Asked(d.path, part, form, verb, text, s.subject, unit, round(s.value * scale, 6), tol,
                             s.printed + s.unit, s.page, allowed))
    return out


def summarise(cases: list[dict]) -> dict:
    def keys(c: dict) -> tuple[str, ...]:
        return "ALL", f"form/{c['form']}", f"verb/{c['verb']}", f"unit/{c['unit']}"

    return tally(((c["part"], keys(c), c["outcome"]) for c in cases), OUTCOMES)


def markdown(summary: dict, cases: list[dict]) -> str:
    return report("Stated-figures probe", f"Up to {PER_FILING} figures per filing that a narrative sentence states of a "
                  "named subject (found in the raw page text), asked as a journalist would. wrong: another number (or "
                  "unit) stated as the answer; uncited: the value right, its page not cited; not found: declined or "
                  "asked back; right: the value in the unit asked, cited on a page printing it.", summary, cases)


def evaluate(settings, *, parts=("dev",), out: Path | None = None, log=None) -> dict:
    from budgetlens.eval.probes import run_probes

    return run_probes(settings, "probe_stated", lambda engine, part: probes(engine.index, part), judge, record,
                      summarise, markdown, parts=parts, out=out, log=log, line=line)
