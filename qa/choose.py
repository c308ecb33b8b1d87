"""Which filing a question is about, when it leaves that open: ask back rather than pick one.

A body resolved by name may have filed several filings — budgets of 2017, 2018 and 2019, a
部门预算 and a 单位预算 of one year, a year's 部门预算 and 部门决算. A question that says neither
the year (no 2023年, 今年, 去年, nor a conversation's year), nor the kind (预算 / 决算), nor the
scope (部门 / 单位 / 本级 / 汇总) fits every one of them; answering from the latest would state
one filing's number as the answer to a question about several. ``open_choices`` lists the
filings the question leaves open, one choice per (year, kind, scope) said nowhere;
``ask_which`` answers each and asks back only when they print different numbers (a figure
printed alike in every candidate is the answer whichever was meant, and the answer says so).

A place and a year without a body (无锡2025年的部门预算里“三公”经费) name no filing at all:
``place_bodies`` asks back with the stored filings of that place (of that year, kind and
scope when the question says them), each a candidate with its file.

A question asking each of several bodies' figure (水利水务部门的项目支出各是多少？): ``each_body``
answers each body's figure, each cited, and leaves the choice of one to the reader.

A reply to such a question (2018年的 / 部门决算) names only the choice: ``choice_reply`` reads it
as a follow-up of the question asked back (那2018年呢？), which keeps its body and measure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from budgetlens.qa.compute import NotFound, fmt, not_found
from budgetlens.qa.resolve import _places, bare, label
from budgetlens.schemas.answer import Answer
from budgetlens.schemas.catalogue import KIND_WORD

# the words that say which of one year's filings (scope or kind) is meant
_SAYS_SCOPE = re.compile(r"本级|汇总|部门|单位(?:预算|决算)|含所属|下属")
# a reply naming only a year, a kind or a scope (2018年的 / 部门决算 / 要2023年单位预算那份)
_MAX_SHOWN = 12  # a place's filings listed as candidates at most
_CHOICE_RE = re.compile(r"(?:要|是|选|看|就)?(?P<c>(?:20\d\d\s*年度?)?(?:的)?(?:部门|单位|本级|汇总)?(?:预算|决算)?)"
                        r"(?:的|那份|这份|那个|这个)?(?:吧|呢)?[。？?！!]?")


@dataclass(frozen=True)
class Choice:
    """One filing (or copies of one) a question may mean, named as a journalist picks it."""

    label: str  # 2023年部门决算（西南大学_2023_部门决算.pdf）
    doc_ids: tuple[str, ...]
    final: bool | None  # the kind to read it as (None: the question's own, unsaid)


def kind_label(info) -> str:
    """部门预算 / 单位决算: a filing's scope and kind as its title says them."""
    return f"{info.scope or ''}{KIND_WORD.get(info.doc_type or '', '')}" or "文件"


def _files(docs: dict, ids) -> str:
    return "、".join(docs[d].name for d in ids)


def open_choices(docs: dict, ids: list[str], plan, norm: str) -> list[Choice]:
    """The filings of one body the question leaves open, grouped by what it does not say:
    the year (when it names none, relative or in a conversation), the kind (预算 / 决算) and the
    scope (部门 / 单位 / 本级 / 汇总). [] when it says enough for one group, or names two years."""
    if len(plan.years) > 1:
        return []
    year_open = not plan.years and not plan.prior
    kind_open = plan.final is None
    scope_open = not plan.scope and not _SAYS_SCOPE.search(norm)
    infos = [docs[d] for d in ids]
    if not kind_open:
        want = "final_accounts" if plan.final else "budget"
        typed = [d for d in infos if d.doc_type == want]
        infos = typed if (plan.final or typed) else infos
    if plan.scope:
        infos = [d for d in infos if d.scope == plan.scope] or infos
    if plan.years:  # the year asked, else the filings of the year after (a budget's 上年 column), as read
        y = plan.years[0]
        infos = [d for d in infos if d.fiscal_year == y] or [d for d in infos if d.fiscal_year == y + 1]
    groups: dict[tuple, list[str]] = {}
    for d in sorted(infos, key=lambda d: (d.fiscal_year or 0, d.doc_type or "", d.scope or "", d.name)):
        key = (d.fiscal_year if year_open else None, d.doc_type if kind_open else None,
               d.scope if scope_open else None)
        groups.setdefault(key, []).append(d.doc_id)
    if len(groups) < 2:
        return []
    out = []
    for (_, kind, _), members in groups.items():
        first = docs[members[0]]
        out.append(Choice(label=f"{first.fiscal_year or ''}年{kind_label(first)}（{_files(docs, members)}）",
                          doc_ids=tuple(members),
                          final=(kind == "final_accounts") if kind_open else plan.final))
    return out


def differ(values: list[float | None]) -> bool:
    """Whether two or more choices answer, with different numbers: only then is the choice
    the reader's to make (one answering, or all printing one number, leaves nothing to ask)."""
    got = [v for v in values if v is not None]
    return len(got) >= 2 and max(got) - min(got) > 0.005


def asked_places(resolver, norm: str) -> list[str]:
    """The places a question names (无锡, 西安, 普陀区), none inside another one named."""
    said = [p for p in resolver.places if p in norm]
    return [p for p in said if not any(o != p and p in o for o in said)]


def place_filings(docs: dict, places: list[str], plan) -> list[str]:
    """The filings of bodies of ``places`` of the year, kind and scope the question says."""
    out = []
    for d in sorted(docs.values(), key=lambda d: (bare(d.entity), d.fiscal_year or 0, d.name)):
        where = "".join(_places(bare(d.entity)))
        if not d.entity or not any(p in where for p in places):
            continue
        if plan.years and d.fiscal_year not in plan.years:
            continue
        if plan.final is not None and d.doc_type != ("final_accounts" if plan.final else "budget"):
            continue
        if plan.scope and d.scope != plan.scope:
            continue
        out.append(d.doc_id)
    return out


def filing_label(info) -> str:
    """上海市普陀区社会福利院（2024年单位预算，上海普陀_社会福利院_2024_单位预算.pdf）."""
    return f"{bare(info.entity)}（{info.fiscal_year or ''}年{kind_label(info)}，{info.name}）"


def choice_reply(text: str) -> str:
    """A turn naming only a year, a kind or a scope (2018年的 / 部门决算) as the follow-up it is
    (那2018年呢？ / 那部门决算呢？); any other turn as it is."""
    m = _CHOICE_RE.fullmatch(re.sub(r"\s+", "", text))
    core = m.group("c").rstrip("的") if m else ""
    return f"那{core}呢？" if core else text


def ask_which(eng, text, plan, cq, codes, group, understood, norm
              ) -> tuple[Answer | None, tuple[list[str], float] | None]:
    """A question about one body that leaves open which of its filings (``open_choices``): each
    filing it fits answered, and asked back when they print different numbers — (the question
    asked back, None). (None, (the filings' labels, their number)) when they all print one
    number: the answer is as it was, saying so; (None, None) when one filing fits or fewer
    than two print the measure."""
    name, ids = group
    choices = open_choices(eng.docs, ids, plan, norm)
    if len(choices) < 2:
        return None, None
    answers = []
    for c in choices:
        try:
            answers.append(eng.compute(text, replace(plan, final=c.final), cq, codes, [(name, list(c.doc_ids))],
                                        dict(understood)))
        except NotFound:
            answers.append(None)
    values = [a.value if a is not None else None for a in answers]
    if not differ(values):
        agreed = [v for v in values if v is not None]
        return None, ([c.label for c in choices], agreed[0]) if len(agreed) == len(values) else None
    cands: list[dict] = []
    for c, a in zip(choices, answers):
        path = eng.docs[c.doc_ids[0]].path
        page = next((x.page for x in (a.citations if a is not None else []) if x.path == path), 1)
        # a candidate names its body as well as its filing: it stands alone in a list
        cands.append({"label": f"{label(eng.resolver, name)} {c.label}",
                      "citation": {"path": path, "page": page, "doc_id": c.doc_ids[0]}})
    return Answer(question=text, answer=f"{label(eng.resolver, name)}有不止一份文件合乎问题，各自印出的数不同，"
                  "请指明是哪一份：" + "；".join(f"{c.label}（第{x['citation']['page']}页）"
                                             for c, x in zip(choices, cands)) + "。",
                  kind="clarify", verified=True, understood=understood, candidates=cands), None


def place_bodies(eng, text, plan, cq, codes, norm, understood) -> Answer:
    """A place (and year) named without a body (无锡2025年的部门预算里“三公”经费): the stored
    filings of that place offered as candidates, when any of them prints the measure."""
    declined = not_found(text, "没有认出问题问的是哪个单位。", understood)
    places = asked_places(eng.resolver, norm)
    ids = place_filings(eng.docs, places, plan) if places else []
    measure = cq
    for p in places:
        measure = measure.replace(p, " ")
    if not ids or not eng.finder.matches(measure, ids, codes):
        return declined
    shown = ids[:_MAX_SHOWN]
    cands: list[dict] = [{"label": filing_label(eng.docs[d]), "citation": {"path": eng.docs[d].path, "page": 1, "doc_id": d}}
             for d in shown]
    more = f"（共 {len(ids)} 份，只列出前 {len(shown)} 份）" if len(ids) > len(shown) else ""
    return Answer(question=text, answer=f"问题只说了{'、'.join(places)}，没有说是哪个单位。已载入的文件中合乎问题的有"
                  + "；".join(c["label"] for c in cands) + f"{more}。请指明是哪一个单位。", kind="clarify",
                  verified=True, understood={**understood, "entity": "、".join(places) + "…?"}, candidates=cands)


# 各是多少 / 分别是多少 / 各自有多少: each body's figure is asked, not one of them
EACH_RE = re.compile(r"(?:各|分别|各自)(?:是|为|有|安排了?)?多少")
_WHOSE_RE = re.compile(r"先?(?:说|讲|告诉我)?(?:一下)?(?:各|分别)?(?:是|为)?哪(?:家|个单位|个部门|个)的?")


def each_body(eng, text, plan, cq, codes, groups, understood, described: bool = True) -> Answer:
    """Several bodies fit a question asking each one's figure (2026年水利水务部门的项目支出预算各是多少？):
    each body's figure answered from its own filing and cited, and no one of them stated as
    the answer (``clarify``, every body a candidate with the page of its figure). ``described``:
    one name or description that several bodies fit, rather than a list of bodies."""
    parts, cites, cands, verified = [], [], [], True
    # the words asking for each and whose (各是多少？先说是哪家的) name no measure
    cq = _WHOSE_RE.sub(" ", EACH_RE.sub("是多少", cq))
    for name, ids in groups:
        who = label(eng.resolver, name)
        try:
            a = eng.compute(text, plan, cq, codes, [(name, ids)], dict(understood))
        except NotFound:
            a = None
        if a is None or a.kind in ("not_found", "clarify") or a.value is None or not a.citations:
            parts.append(f"{who}：没有读到所问的数")
            d = eng.docs[ids[0]]
            cands.append({"label": who, "citation": {"path": d.path, "page": 1, "doc_id": d.doc_id}})
            continue
        c = a.citations[0]
        cites.append(c)
        verified = verified and a.verified
        parts.append(f"{who} {fmt(a.value)} {a.unit}（{eng.docs[c.doc_id].fiscal_year or ''}年"
                     f"{kind_label(eng.docs[c.doc_id])}第{c.page}页）[{len(cites)}]")
        cands.append({"label": who, "value": a.value, "unit": a.unit,
                      "citation": {"path": c.path, "page": c.page, "doc_id": c.doc_id}})
    head = "问题所说的单位不止一个，各自的数如下，请指明要哪一个：" if described else "各单位的数如下："
    return Answer(question=text, answer=head + "；".join(parts) + "。",
                  kind="clarify", verified=verified and bool(cites), citations=cites, understood=understood,
                  candidates=cands)
