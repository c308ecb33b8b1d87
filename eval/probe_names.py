"""The name probe: a short name that fits several filings must be asked back, never answered
from one of them.

For every stored filing of a part of the split (``eval/split.tsv``) the short forms a
journalist would use of its body are derived from its printed name by transparent rules
that never call the answerer's resolver (``forms``):

- ``full``      the name as printed, less its （本级）/（汇总） tag (a control: fits its body);
- ``noplace``   the province / city / district prefix dropped: 深圳市统计局 → 统计局;
- ``level``     the level word alone before it: 深圳市统计局 → 市统计局, 上海市普陀区商务委员会 → 区商务委员会;
- ``city``      the place without its level word: 深圳市统计局 → 深圳统计局, 深圳的统计局;
- ``district``  a district's name without the city before it: 上海市普陀区商务委员会 →
                普陀区商务委员会, 普陀商务委员会;
- ``unit``      the unit word said short: 委员会 → 委, 办公室 → 办 (商务委, 信访办); 人民政府X → 政府X;
- ``sub``       the body inside a parent alone: 上海市应急管理局执法总队 → 执法总队;
- ``abbrev``    the first character of each part joined by 和 (发展和改革委员会 → 发改委, 文化和旅游局
                → 文旅局), or of each two-character word of a four-character stem (卫生健康委员会 → 卫健委,
                科学技术局 → 科技局), with and without the city (西安发改委);
- ``party``     中共X市委Y部 (中国共产党X市委员会Y部) → Y部, 市委Y部, X市委Y部;
- ``bracket``   a bracketed second name (上海市统计和大数据研究院（上海市统计数据管理中心）) → each name.

Each form is asked in a few templates (a lookup of 三公经费 / 机关运行经费 / 支出总计, with the
filing's year and its 预算 / 决算 word, the year first, without a year, 今年 of a filing of the
latest year, and — of ``noplace`` forms — three years before any filing, which fits none). The gold comes from the workspace's
catalogue by the same rules: the bodies (a stored name less its tag) one of whose filings has
the form among its own forms — of the year and type asked when the question says them.

Score (``judge``): fits one body → the answer cites a filing of that body (``right``) or
declines (``not_found``); citing another body's filing is ``wrong``. Fits several → a
question back naming every one of them (``right``; ``incomplete`` when one is missing); a
number from one of them is ``confident_wrong``, from another filing ``wrong``. Fits none →
a decline (``right``); a number is ``wrong``.

    budgetlens eval --probes names --split dev --home WS --out DIR

writes ``DIR/probe_names.json`` (summary per part, rule and outcome; every probe with its
question, gold bodies and answer) and ``DIR/probe_names.md``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

OUTCOMES = ("confident_wrong", "wrong", "incomplete", "not_found", "right")
RULES = ("full", "noplace", "level", "city", "district", "unit", "sub", "abbrev", "party", "bracket")
_MEASURES = ("“三公”经费", "机关运行经费", "支出总计")
_TYPE_WORD = {"budget": "预算", "final_accounts": "决算"}
_TAG_RE = re.compile(r"[（(](?:本级|汇总|部门|单位)[)）]$")
# a province or city, then (optionally) a district or county: 2-3 characters before the level word
_TOP_RE = re.compile(r"^([\u4e00-\u9fff]{2,3}?)(省|市|自治区)")
_LOW_RE = re.compile(r"^([\u4e00-\u9fff]{2,3}?)(市|区|县)(?![场政])")
# the word a body's name ends with
_ORG_END = r"(?:局|委员会|办公厅|办公室|厅|署|中心|总队|支队|大队|院|所|站|馆|部)"
_SUB_RE = re.compile(r"^([\u4e00-\u9fff]{2,}?" + _ORG_END + r")([\u4e00-\u9fff]+?" + _ORG_END + r")$")
_PARTY_RE = re.compile(r"^(?:中共|中国共产党)(.{2,3}?[省市区县])(?:委员会|委)([\u4e00-\u9fff]{2,6}部)$")
_UNIT_SHORT = (("委员会", "委"), ("办公室", "办"))


def _sq(text: str) -> str:
    return re.sub(r"\s+", "", text or "").replace("(", "（").replace(")", "）")


def body_of(name: str) -> str:
    """A stored name as one body: no spaces, no （本级）/（汇总） tag."""
    return _TAG_RE.sub("", _sq(name))


def places(name: str) -> list[str]:
    """The place segments a name starts with (上海市, 普陀区), by their level words alone.

    >>> places("上海市普陀区商务委员会"), places("深圳市城市管理和综合执法局"), places("西南大学")
    (['上海市', '普陀区'], ['深圳市'], [])
    """
    m = _TOP_RE.match(name)
    if not m:
        m = _LOW_RE.match(name)  # a county filing alone: 镇安县医疗保障局
        return [m.group(0)] if m and len(name) > len(m.group(0)) + 1 else []
    out = [m.group(0)]
    low = _LOW_RE.match(name[m.end():])
    if low and "和" not in low.group(1) and len(name) > m.end() + low.end() + 1:
        out.append(low.group(0))
    return out


def _abbrev(stem: str, unit: str) -> str:
    """发展和改革 + 委 → 发改委; 卫生健康 + 委 → 卫健委; '' when no rule applies."""
    parts = stem.split("和")
    if len(parts) >= 2 and all(len(p) >= 2 for p in parts):
        return "".join(p[0] for p in parts) + unit
    if len(stem) == 4 and "和" not in stem:
        return stem[0] + stem[2] + unit
    return ""


@lru_cache(maxsize=None)
def forms(name: str) -> dict[str, str]:
    """Every short form of one printed name, each with the rule that made it (the first rule
    to make a form names it).

    >>> f = forms("西安市发展和改革委员会")
    >>> f["发展和改革委员会"], f["西安发改委"], f["发改委"]
    ('noplace', 'abbrev', 'abbrev')
    """
    out: dict[str, str] = {}

    def add(form: str, rule: str) -> None:
        if len(form) >= 3 and not re.fullmatch(_ORG_END, form) and form not in out:
            out[form] = rule

    n = body_of(name)
    add(n, "full")
    bracket = re.fullmatch(r"(.+?)（(.+)）", n)
    if bracket:
        for inner in bracket.groups():
            for form in forms(inner):
                add(form, "bracket")
        return out
    party = _PARTY_RE.match(n)
    if party:
        place, dept = party.groups()
        for form in (dept, place[-1] + "委" + dept, place + "委" + dept, "中共" + place + "委" + dept):
            add(form, "party")
        return out
    ps = places(n)
    rest = n[len("".join(ps)):]
    if not ps or len(rest) < 2:
        return out
    add(rest, "noplace")
    add(ps[-1][-1] + rest, "level")
    stem_place = ps[-1][:-1]
    add(stem_place + "的" + rest, "city")
    add(stem_place + rest if len(ps) == 1 else ps[-1] + rest, "city" if len(ps) == 1 else "district")
    if len(ps) > 1:
        add(stem_place + rest, "district")
    if rest.startswith("人民政府"):
        gov = rest[2:]
        add(gov, "unit")
        if len(gov) > 4:
            add(gov[2:], "unit")  # 万里街道办事处 of 人民政府万里街道办事处
    for long, short in _UNIT_SHORT:
        if rest.endswith(long):
            add(rest[: -len(long)] + short, "unit")
    sub = _SUB_RE.match(rest)
    sub = sub if sub and len(sub.group(2)) >= 4 else None
    if sub:
        add(sub.group(2), "sub")
    unit = next((u for u in ("委员会", "局", "办公室") if rest.endswith(u)), "")
    if unit and not sub:
        short = _abbrev(rest[: -len(unit)], {"委员会": "委", "办公室": "办"}.get(unit, unit))
        if short:
            add(short, "abbrev")
            add(stem_place + short, "abbrev")
    return out


@dataclass(frozen=True)
class Filing:
    doc_id: str
    body: str
    year: int | None
    doc_type: str | None
    path: str


@dataclass
class Probe:
    question: str
    form: str
    rule: str
    template: str  # year | year_first | bare | today | none
    source: str  # the body the form was derived from
    part: str
    gold: list[str]  # the bodies the form fits (for the year / type asked)
    allowed: dict[str, list[str]] = field(default_factory=dict)  # body → its doc_ids


@dataclass
class Case:
    probe: Probe
    outcome: str
    why: str
    answer: str = ""
    answer_kind: str = ""
    value: float | None = None
    cited: list = field(default_factory=list)


def catalogue(docs) -> list[Filing]:
    """The workspace's filings by body (``DocInfo`` records: entity, year, type); a filing that
    names no body is left out, as no question can name it, unless it is the tables-only twin
    of a body's full filing (``qa.resolve.twins``): then it is that body's filing too."""
    from budgetlens.qa.resolve import twins

    docs = list(docs)
    full_of = {t: f for f, ts in twins(docs).items() for t in ts}
    entity = {d.doc_id: d.entity for d in docs}
    return [Filing(d.doc_id, body_of(d.entity or entity[full_of[d.doc_id]]), d.fiscal_year, d.doc_type, d.path)
            for d in docs if body_of(d.entity) or d.doc_id in full_of]


def fits(form: str, filings: list[Filing], year: int | None = None, doc_type: str | None = None) -> dict[str, list[str]]:
    """The bodies ``form`` is a short form of (among ``filings`` of ``year`` / ``doc_type`` when
    given), each with every doc_id of that body (any year: a 上年 column cites the next filing)."""
    out: dict[str, list[str]] = {}
    for f in filings:
        if form in forms(f.body) and (year is None or f.year == year) and (doc_type is None or f.doc_type == doc_type):
            out.setdefault(f.body, [])
    for f in filings:
        if f.body in out:
            out[f.body].append(f.doc_id)
    return out


def probes(filings: list[Filing], part_of) -> list[Probe]:
    """The probes of every filing whose part ``part_of(path)`` names, once per question."""
    seen: set[str] = set()
    out: list[Probe] = []
    latest = max((f.year for f in filings if f.year), default=None)  # 今年: the latest year filed
    for f in sorted(filings, key=lambda f: (f.body, f.year or 0, f.doc_type or "")):
        part = part_of(f.path)
        if part is None:
            continue
        word = _TYPE_WORD.get(f.doc_type or "", "预算")
        for k, (form, rule) in enumerate(forms(f.body).items()):
            m1, m2, m3 = (_MEASURES[(k + i) % len(_MEASURES)] for i in range(3))
            asks: list[tuple[str, str, int | None, str | None]] = []
            if f.year:
                asks.append(("year", f"{form}{f.year}年{m1}{word}是多少？", f.year, f.doc_type))
                asks.append(("year_first", f"{f.year}年{word}里{form}的{m3}有多少万元？", f.year, f.doc_type))
            asks.append(("bare", f"{form}的{m2}是多少？", None, None))
            if f.year == latest and f.doc_type == "budget":
                asks.append(("today", f"{form}今年的{m3}预算安排了多少？", latest, "budget"))
            if rule == "noplace" and f.year:
                # three years before any filing of the bodies it fits: fits none
                first = min((g.year for g in filings if g.year and form in forms(g.body)), default=f.year)
                asks.append(("none", f"{form}{first - 3}年{m1}{word}是多少？", first - 3, f.doc_type))
            for template, text, year, doc_type in asks:
                if text in seen:
                    continue
                seen.add(text)
                allowed = fits(form, filings, year, doc_type)
                out.append(Probe(text, form, rule, template, f.body, part, sorted(allowed), allowed))
    return out


def judge(p: Probe, answer, docs: dict) -> tuple[str, str]:
    """One answer to a probe judged (see the module docstring)."""
    cited = {c.doc_id for c in answer.citations}
    bodies = {b for b, ids in p.allowed.items() if cited & set(ids)}
    if answer.kind == "clarify":
        if len(p.gold) < 2:
            return "not_found", f"asked back where {len(p.gold)} body fits"
        said = _sq(answer.answer) + "".join(_sq(c.get("label", "")) for c in answer.candidates)
        named = {c.get("citation", {}).get("doc_id") for c in answer.candidates}
        missing = [b for b in p.gold if b not in said and not named & set(p.allowed[b])]
        return ("incomplete", f"candidates missing {missing}") if missing else ("right", "asked back")
    stated = answer.value is not None or bool(answer.table)
    if answer.kind == "not_found" or not stated:
        if not p.gold:
            return "right", "declined"
        return "not_found", f"declined ({answer.kind})"
    if not p.gold:
        return "wrong", "a number stated where no filing fits"
    if len(p.gold) == 1:
        if cited and cited <= set(p.allowed[p.gold[0]]):
            return "right", "the one body's filing cited"
        return "wrong", f"cited {sorted(docs[d].entity for d in cited if d in docs)} for {p.gold[0]}"
    if len(bodies) == 1 and cited <= set(p.allowed[next(iter(bodies))]):
        return "confident_wrong", f"answered from {next(iter(bodies))} of {len(p.gold)} bodies"
    return "wrong", f"a number cited from {sorted(docs[d].entity for d in cited if d in docs)}"


def run(asker, part_of, log=None) -> list[Case]:
    docs = asker.engine.docs
    cases = []
    for p in probes(catalogue(docs.values()), part_of):
        a = asker.ask(p.question)
        outcome, why = judge(p, a, docs)
        cases.append(Case(p, outcome, why, a.answer[:300], a.kind, a.value,
                          sorted({f"{docs[c.doc_id].entity if c.doc_id in docs else c.doc_id} p{c.page}"
                                  for c in a.citations})[:4]))
        if log:
            log(f"{p.part}\t{p.rule}/{p.template}\t{outcome}\t{why}\t{p.question}")
    return cases


def summarise(cases: list[Case]) -> dict:
    from budgetlens.eval.mutate import tally

    def keys(p: Probe) -> tuple[str, ...]:
        fit = "none" if not p.gold else "one" if len(p.gold) == 1 else "several"
        return p.rule, f"fits {fit}", f"template {p.template}", "ALL"

    return tally(((c.probe.part, keys(c.probe), c.outcome) for c in cases), OUTCOMES)


def markdown(summary: dict, cases: list[Case]) -> str:
    from budgetlens.eval.mutate import summary_table

    lines = ["# Name probe", "",
             "confident wrong: a number from one of several bodies the name fits; wrong: a number of "
             "another body, or where none fits; incomplete: asked back without every body; right: "
             "the one body's filing cited, asked back naming every body, or declined where none fits."]
    lines += summary_table(summary, "rule", OUTCOMES)
    bad = [c for c in cases if c.outcome in ("confident_wrong", "wrong", "incomplete")]
    if bad:
        lines += ["", "## Failures", ""]
        for c in bad:
            p = c.probe
            lines.append(f"- ({p.part}) {p.rule}/{p.template} **{c.outcome}**: {p.question} → "
                         f"{c.answer[:140]!r} ({c.why}; gold {p.gold})")
    return "\n".join(lines) + "\n"


def evaluate(settings, *, parts=("dev",), out: Path | None = None, log=None) -> dict:
    from budgetlens.eval.probes import finish
    from budgetlens.eval.split import part_of as split_part
    from budgetlens.qa import Asker

    def part_of(path: str) -> str | None:
        try:
            part = split_part(path)
        except KeyError:
            return None
        return part if part in parts else None

    asker = Asker(settings)
    try:
        cases = run(asker, part_of, log=log)
    finally:
        asker.close()
    return finish("probe_names", [{**asdict(c.probe), **{k: v for k, v in asdict(c).items() if k != "probe"}}
                                  for c in cases], lambda _: summarise(cases), markdown, out, shown=cases)
