"""Parts against their total, named in either order, with every operand cited:

    基本支出加项目支出是否等于支出合计？ / 基本支出3,305.86万元，等于人员经费加公用经费吗？ /
    …“三公”经费表里2025年的合计数，和因公出国、公务接待、公务用车三项加起来对得上吗？ /
    政府采购预算4821.20万元，和货物、工程、服务三项加起来一致吗？ / 政府采购预算合计与分项一致吗？
    → 政府采购货物预算 57.43[1] + 政府采购工程预算 3,780.72[2] + 政府采购服务预算 983.05[3] = 4,821.20；
      2025年本部门政府采购预算 印作 4,821.20[4]，相差 0。一致（在四舍五入尾差之内）。

The total is the row of the total's words in a table, else the 合计 row of the table its words
name, else the narrative sentence stating it: the first of these whose parts are printed beside
it (the same table's cells, or the same sentence's figures). A total the question quotes must
be the one printed (in 万元, within half a cent), else no verdict is given. The parts are the
ones the question lists (、 / 和 / 加, or in brackets), else, for 分项 of a 三公 or 政府采购
total, the parts every filing prints (因公出国、公务接待、公务用车 / 货物、工程、服务). Equal
within half a cent a part (and a cent) is pass.
"""

from __future__ import annotations

import re

from budgetlens.ingest.normalize import fold
from budgetlens.qa.compute import Match, cite, convert, fmt
from budgetlens.qa.narrow import find_own
from budgetlens.qa.verify import unverified_numbers
from budgetlens.schemas.answer import Answer

_SUMMED = r"加起来|之和|相加|合起来|加总|合计起来|加在一起"
# the parts every filing prints a total of by rule, when the question says only 分项 / 三项
_STANDARD = (("三公", ("因公出国", "公务接待", "公务用车")), ("政府采购", ("货物", "工程", "服务")))


def parts_total(eng, text, plan, sides, codes, tables, fy, year, quoted, understood) -> Answer | None:
    """(parts, total) words of the question (``_total_and_parts``) checked; None when no total
    with its parts printed beside it is found."""
    left, right = sides
    named = _part_names(_listed(fold(plan.norm)) or left)
    totals = _totals(eng, plan, right, codes, tables, fy, year, quoted)
    for total in totals:
        parts = _parts(eng, plan, left, named, codes, tables, fy, year, total)
        if len(parts) >= 2:
            return _verdict(eng, text, total, parts, understood)
    for total in totals:
        parts = _sentences_after(eng, total, named if len(named) >= 2 else _standard_parts(total.fact, left))
        if parts:
            return _verdict(eng, text, total, parts, understood)
    return None


def _sentences_after(eng, total, named: list[str]) -> list:
    """The parts a narrative states each in a sentence of its own right after the sentence of
    the total (2026年财政拨款“三公”经费预算100.22万元… / 因公出国（境）费用。2026年预算数77.20万元… /
    公务接待费。2026年预算数1.00万元…): for each named part (出国 / 接待 / 公车, read in order
    within the sentence's label), the first such sentence on the total's page or the next whose
    figure is a level, not a change. [] unless every part is found, each in a sentence of its own."""
    from budgetlens.qa.understand import _subsequence

    f0 = total.fact
    if f0.kind != "sentence" or len(named) < 2:
        return []
    after = [f for f in eng.index.by_doc.get(f0.doc_id, [])
             if f.kind == "sentence" and f.page in (f0.page, f0.page + 1) and f.quote != f0.quote]
    out: list = []
    for name in named:
        c = _canon(name)
        fits = [f for f in after if c and _subsequence(c, _canon(re.sub(r"^\s*20\d\d\s*年度?", "", f.label)))
                and not re.match(r"\s*(?:较|比|与|同)", f.label) and all(f.quote != p.fact.quote for p in out)
                and (f.year is None or f0.year is None or f.year == f0.year)]  # the total's year only
        if not fits:
            return []
        out.append(Match(total.score, fits[0], (-1, -1), fits[0].label))
    return out


def _totals(eng, plan, right, codes, tables, fy, year, quoted) -> list:
    """The candidate totals, best first: the row of the total's words, the 合计 row of the
    table its words name, the sentence stating it; of those, only the ones printing the total
    the question quotes (and then any other row of the total's words printing it)."""
    from budgetlens.qa.consistency import _table_total

    total, considered, _ = find_own(eng, eng, right, codes, tables, fy, year, plan=plan, kinds=("grid", "cell"))
    words = re.sub(r"\d+(?:万元|元)", " ", right)
    rest = [_table_total(eng, tables, re.sub(r"总额|总数|合计|总计|共", " ", words)),
            eng.find(words, codes, tables, fy, year, plan=plan, kinds=("sentence",))[0]]
    out = [total, *rest]
    if quoted and quoted[0][1] == "万元":
        out = [m for m in (total, *considered, *rest) if m is not None
               and (w := convert(m.fact.value, m.fact.unit, "万元")) is not None and abs(w - quoted[0][0]) <= 0.006]
    return list({id(m.fact): m for m in out if m is not None}.values())


def _parts(eng, plan, left, named, codes, tables, fy, year, total) -> list:
    parts: list = []
    excl: list = []
    while len(parts) < 6:
        p, _, _ = find_own(eng, eng, left, codes, tables, fy, year, exclude=excl, plan=plan, kinds=("grid", "cell"))
        if p is None or p.span[0] < 0:
            break
        parts.append(p)
        excl.append(p.span)
    named = named if len(named) >= 2 else _standard_parts(total.fact, left) or named
    if len(named) >= 2 and len(parts) != len(named):
        parts = _row_parts(eng, total, named) or _each_part(eng, named, codes, tables, fy, year, plan, total)
    if total.fact.kind == "sentence" and any(p.fact.quote != total.fact.quote for p in parts):
        return []  # a sentence's total against the figures of the same sentence only
    return parts


def _verdict(eng, text, total, parts, understood) -> Answer:
    d = eng.docs[total.fact.doc_id]
    s_parts = sum(p.fact.value for p in parts)
    tol = 0.005 * len(parts) + 0.011
    ok = abs(s_parts - total.fact.value) <= tol
    verdict = "pass" if ok else "fail"
    understood.update({"measure": " + ".join(p.fact.label for p in parts) + " = " + total.fact.label,
                       "verdict": verdict})
    cites = [cite(p.fact, d.path, d.entity) for p in parts] + [cite(total.fact, d.path, d.entity)]
    head = (" + ".join(f"{_shown(p.fact)} {fmt(p.fact.value)}[{i + 1}]" for i, p in enumerate(parts))
            + f" = {fmt(s_parts)}；{_shown(total.fact)} 印作 {fmt(total.fact.value)}[{len(cites)}]，相差 "
            f"{fmt(abs(s_parts - total.fact.value))}。" + ("一致（在四舍五入尾差之内）。" if ok else "不一致。"))
    derived = [fmt(s_parts), fmt(abs(s_parts - total.fact.value))]
    missing = unverified_numbers(head, [c.quote for c in cites] + derived, set())
    return Answer(question=text, answer=head, citations=cites, verified=not missing,
                  unverified_numbers=missing, kind="consistency", understood=understood,
                  checks=[{"check_id": "question.parts=total", "status": verdict, "message": head}])


def _shown(f) -> str:
    """A fact's label as the answer says it: a sentence's own words for its figure (…政府采购货物预算
    57.43万元、政府采购工程预算 → 政府采购工程预算), a cell's row and column."""
    if f.kind == "sentence":
        return re.split(r"[、，,：:；;]", f.label)[-1] or f.label
    return f.label


def _part_names(left: str) -> list[str]:
    """因公出国公务接待公务用车三项加起来 → the names listed, when the list is cut by 、和与加:
    基本支出加项目支出 → [基本支出, 项目支出]; a list in brackets is the list (三个分项（出国、接待、
    公车）→ [出国, 接待, 公车])."""
    inner = re.search(r"[（(]([^（）()]*、[^（）()]*)[)）]", left)
    if inner:
        left = inner.group(1)
    t = re.sub(r"(?:[二三四五六七八九两]项|各项|几项)?(?:加起来|之和|相加|合起来|是否|能否).*$", "", left)
    return [n for n in re.split(r"、|和|与|加上?|及|以及", t) if len(n) >= 2]


def _listed(t: str) -> str:
    """The list of parts a question adds up, with its separators: …合计数，和因公出国、公务接待、
    公务用车三项加起来对得上吗 → 因公出国、公务接待、公务用车."""
    m = re.search(r"(?:^|[，,]|和|与|跟|同)([^，,]*?[、加][^，,]*?)(?:[二三四五六七八九两]项|各项|几项|三类)?"
                  r"(?:" + _SUMMED + ")", t)
    if not m:
        return ""
    got = m.group(1)
    cut = got.find("、")
    if cut > 0 and re.search(r"和|与|跟|同", got[:cut]):  # 政府采购预算总额和货物、工程、服务: the list after 和
        got = re.split(r"和|与|跟|同", got[:cut])[-1] + got[cut:]
    return got


def _row_parts(eng, total, named) -> list:
    """The parts as the total's table prints them beside it: the cells of the same table, row
    and year whose column's first heading holds the part's name (under the same last heading
    as the total: 一般公共预算) — of several (公务用车购置及运行维护费|小计 / |公务用车购置费),
    the 小计 or the one with fewest headings; else the cells of the same column whose row
    holds it (其中：（一）因公出国（境）支出 for 因公出国)."""
    f0 = total.fact
    last = f0.col.split("|")[-1] if "|" in (f0.col or "") else None
    mine = [f for f in eng.index.by_doc.get(f0.doc_id, []) if f.table == f0.table and f is not f0 and f.kind == f0.kind
            and (f.quote == f0.quote if f.kind == "sentence" else f.year == f0.year)]  # a sentence's parts: its own
    beside = [f for f in mine if f.row == f0.row and (last is None or f.col.split("|")[-1] == last)]
    below = [f for f in mine if f.col == f0.col and f.row != f0.row]
    for cells, key in ((beside, lambda f: f.col.split("|")[0]), (below, lambda f: f.row)):
        out: list = []
        for name in named:
            c = _canon(name)
            fits = [f for f in cells if c and c in _canon(key(f))]
            if not fits:
                break
            out.append(min(fits, key=lambda f: ("小计" not in f.col, f.col.count("|"), len(key(f)))))
        if len(out) == len(named) and len({id(f) for f in out}) == len(out):
            return [Match(total.score, f, (-1, -1), f.label) for f in out]
    return []


def _canon(text: str) -> str:
    return re.sub(r"[\s（）()“”\"、，,]|费$|(?<=..)类$", "", text or "")


def _each_part(eng, named, codes, tables, fy, year, plan, total) -> list:
    """Each named part on its own, from the total's table when that table prints it."""
    out: list = []
    for name in named:
        m, considered, _ = eng.find(name, codes, tables, fy, year, plan=plan, kinds=("grid", "cell"))
        same = [c for c in considered if c.fact.table == total.fact.table and c.fact.doc_id == total.fact.doc_id
                and c.fact is not total.fact and (m is None or c.score >= m.score)]
        m = same[0] if same else m
        if m is None or m.fact is total.fact or any(m.fact is p.fact for p in out):
            return []
        out.append(m)
    return out


def _total_and_parts(cq: str) -> tuple[str, str] | None:
    """(parts, total) of a question naming a total and the parts to add up against it, in
    either order: 三公经费表里2025年的合计数和因公出国、公务接待、公务用车三项加起来对得上吗 →
    (因公出国、公务接待、公务用车三项加起来对得上吗, 三公经费表里2025年的合计数). The total side
    need not say 合计 when the other adds up (政府采购预算4821.20万元，和货物、工程、服务三项加起来…),
    nor name its parts when it says 分项 (政府采购预算合计与分项一致吗: ``_standard_parts``)."""
    if not re.search(_SUMMED + r"|分项", cq):
        return None
    for m in re.finditer(r"和|与|跟|同", cq):
        a, b = cq[:m.start()], cq[m.end():]
        if re.search(r"合计|总计|总额|总数|小计", a) and re.search(_SUMMED + r"|分项", b):
            return b, a
        if re.search(_SUMMED, a) and re.search(r"合计|总计|总额|总数|小计", b):
            return a, b
        if re.search(_SUMMED, b) and not re.search(_SUMMED, a) and len(re.findall(r"[\u4e00-\u9fff]", a)) >= 4:
            return b, a
    return None


def _standard_parts(total, left: str) -> list[str]:
    """The parts of a 三公 or 政府采购 total the question does not name (三类分项 / 三个分项):
    因公出国、公务接待、公务用车 / 货物、工程、服务."""
    if not re.search(r"分项|各项|三项|三类|几项", left):
        return []
    label = f"{total.title or ''}{total.row}{total.col}"
    return next((list(parts) for key, parts in _STANDARD if key in label), [])
