"""One item printed in several rows of one table, split by a second classification.

Shandong-style 基本支出 tables classify each row twice, by the department's economic class and
by the government's (部门预算支出经济分类 × 政府预算支出经济分类), so one item stands in a row per
government class it falls under:

    302 11 差旅费 502 01 办公经费            6.00     (the body's own office, 机关)
    302 11 差旅费 505 02 商品和服务支出      1.00     (its institutions, 对事业单位经常性补助)

Asked 差旅费 (一共 / 合计 or not), the item is the sum of its rows, each cited: 6.00 + 1.00 = 7.00.
Asked of one half (机关的 / 事业单位的 / the class printed, 办公经费), that row alone answers.

Only rows of one table (a table continued over pages is one: its title), with the item's own
code (30211, never a class subtotal such as 302) and name, each under another second code. Every
other table printing the item must print the same total (公开表6 and 公开表10 print the same
basic spending); a table printing another number, a row printing the item with no second code, or
a narrative stating another number leaves the question declined, as before.
"""

from __future__ import annotations

import re
from dataclasses import replace

from budgetlens.index.facts import Fact, FactIndex, canon
from budgetlens.qa.compute import NotFound
from budgetlens.qa.wording import Match, in_wan

# 302 11 差旅费 502 01 办公经费 6.00 6.00: two codes, each followed by its name, then the amounts
_TWO_CODES_RE = re.compile(r"^\s*(?P<c1>\d{3}(?:\s?\d{2}){0,2})\s*(?P<n1>[^\d\s][^\d]*?)\s*"
                           r"(?P<c2>\d{3}(?:\s?\d{2}){0,2})\s*(?P<n2>[^\d\s][^\d]*?)\s+-?\d")
# the government classes of a body's own office (501–504 机关…) and of its institutions (505–506)
_OFFICE = ("501", "502", "503", "504")
_INSTITUTION = ("505", "506")
_CLASS_WORDS = ("商品和服务", "工资福利", "其他商品和服务", "资本性")


# 机关和下属事业单位加起来 / 机关的和事业单位的都算上 / （机关和事业单位两行）: both halves asked together
_BOTH_HALVES_RE = re.compile(r"机关(?:本级)?的?(?:和|与|及|加上?|跟|、)(?:下属|所属|直属)?的?事业单位的?"
                             r"(?=加起来|加在一起|合起来|相加|之和|一共|总共|合计|两行|两项|都算|都加)(?:两行|两项)?")


# 差旅费，基本支出和项目支出加起来: the line of the 基本支出 table and of the 项目支出 table, added
_BOTH_PARTS_RE = re.compile(r"基本支出的?(?:和|与|及|加上?|跟|、)项目支出的?"
                            r"(?=加起来|加在一起|合起来|相加|之和|一共|总共|合计|两项|都算|都加)(?:两项)?")


def both_halves(cq: str) -> tuple[str, bool]:
    """The question without the words asking both halves (or both parts) together, which list no
    operand of their own: 差旅费机关和下属事业单位加起来一共多少 → 差旅费加起来一共多少 (the item's
    rows, added); and whether they were the 基本支出 and 项目支出 parts."""
    parts = _BOTH_PARTS_RE.search(cq) is not None
    return _BOTH_PARTS_RE.sub("", _BOTH_HALVES_RE.sub("", cq)), parts


def parts_rows(considered: list[Match]) -> list[Match] | None:
    """The line printed once in the 基本支出 table and once in the 项目支出 table (差旅费 23.00 and
    11.70, no total of both printed), for a question asking both parts together: the two rows, or
    None when the best matches stand elsewhere too or a part prints two numbers."""
    if not considered:
        return None
    top = considered[0].score
    tops = [m for m in considered if m.score == top and m.label == considered[0].label]
    if len({m.fact.doc_id for m in tops}) != 1:
        return None
    parts: dict[str, list[Match]] = {}
    for m in tops:
        title = m.fact.title or ""
        if m.fact.kind not in ("grid", "cell") or ("基本支出" in title) == ("项目支出" in title):
            return None  # a statement, or a table of neither part (or of both): not two parts alone
        parts.setdefault("基本" if "基本支出" in title else "项目", []).append(m)
    if len(parts) != 2 or any(len({round(in_wan(m.fact), 4) for m in ms}) != 1 for ms in parts.values()):
        return None
    return [min(parts[p], key=lambda m: (m.fact.kind != "grid", m.fact.col_index, m.fact.page)) for p in ("基本", "项目")]


class Split(NotFound):
    """The measure is one item printed in several rows (``rows``), none of which is the whole."""

    def __init__(self, text: str, candidates: list[dict], rows: list[Match]):
        super().__init__(text, candidates)
        self.rows = rows


def second_class(f: Fact) -> tuple[str, str] | None:
    """(code, name) of the other classification a grid row prints beside its own code, or None:
    302 11 差旅费 502 01 办公经费 … (own code 30211) → ("50201", "办公经费")."""
    if f.kind != "grid" or not f.code:
        return None
    m = _TWO_CODES_RE.match(f.quote or "")
    if m is None:
        return None
    c1, c2 = re.sub(r"\s", "", m.group("c1")), re.sub(r"\s", "", m.group("c2"))
    if c1 == f.code and c2 != f.code:
        return c2, m.group("n2").strip()
    if c2 == f.code and c1 != f.code:
        return c1, m.group("n1").strip()
    return None


def crossed(f: Fact) -> bool:
    """A row printed with a second class (a grid row's two codes, a keyed cell's B06/50201|30211)."""
    return second_class(f) is not None or (f.kind == "cell" and re.search(r"/\d{3,7}\|\d{3,7}/", f.key) is not None)


def crossed_rows(index: FactIndex, considered: list[Match], cq: str) -> list[Match] | None:
    """The rows of one item split by a second classification that answer the question (all of
    them, or the half it names), or None when the best matches are not such an item."""
    if not considered:
        return None
    top = considered[0].score
    tops = [m for m in considered if m.score == top]
    if len({m.fact.doc_id for m in tops}) != 1:
        return None
    anchor = next((m for m in tops if m.fact.kind == "grid" and len(m.fact.code) >= 5
                   and second_class(m.fact) is not None), None)
    if anchor is None:
        return None
    f0 = anchor.fact
    # (会议费和培训费: two items named as strongly — the first one's rows here, the other's next)
    tops = [m for m in tops if m.label == anchor.label]
    printed = [g for g in index.by_doc.get(f0.doc_id, []) if g.kind == "grid" and g.col_index == 0
               and g.code == f0.code and g.canon_row == f0.canon_row]
    by_title: dict[str, list[Fact]] = {}
    for g in printed:
        by_title.setdefault(g.title or "", []).append(g)
    split: dict[str, list[tuple[Fact, tuple[str, str]]]] = {}
    for title, gs in by_title.items():
        seconds = [second_class(g) for g in gs]
        if len(gs) > 1:
            if any(s is None for s in seconds) or len({s[0] for s in seconds if s}) != len(gs):
                return None  # a row of the item with no second class, or two under one: not this shape
            split[title] = [(g, s) for g, s in zip(gs, seconds) if s]
    if f0.title not in split:
        return None
    total = round(sum(in_wan(g) for g, _ in split[f0.title]), 4)
    # every table printing the item prints the same total (one row of it, or its rows' sum)
    for gs in by_title.values():
        if abs(sum(in_wan(g) for g in gs) - total) > 0.005:
            return None
    parts = {round(in_wan(g), 4) for g, _ in split[f0.title]}
    for m in tops:
        f = m.fact
        if f.kind == "grid":
            if (f.code, f.canon_row) != (f0.code, f0.canon_row):
                return None  # another line matched as well: not this item's question alone
        elif round(in_wan(f), 4) not in parts and abs(in_wan(f) - total) > 0.005:
            return None  # a keyed cell or a statement printing another number
    rows = _half_asked(split[f0.title], cq, anchor)
    # each row named by its second class as the table prints it, the class line's name first:
    # 差旅费（机关商品和服务支出—办公经费）, 差旅费（对事业单位经常性补助—商品和服务支出）
    classes = {s[0]: s[1] for g in index.by_doc.get(f0.doc_id, []) if g.kind == "grid" and g.title == f0.title
               and len(g.code) == 3 and (s := second_class(g)) and len(s[0]) == 3}
    return [Match(score=anchor.score, fact=replace(g, row=f"{g.row}（{_named(classes.get(code[:3], ''), name)}）"),
                  span=anchor.span, label=anchor.label, words=anchor.words) for g, (code, name) in rows] or None


def _named(cls: str, name: str) -> str:
    return f"{cls}—{name}" if cls and cls != name else name


def _half_asked(rows: list[tuple[Fact, tuple[str, str]]], cq: str, anchor: Match
                ) -> list[tuple[Fact, tuple[str, str]]]:
    """The rows the question names: 机关的 → the office's (501–504), 事业单位的 → the
    institutions' (505–506), a second class printed (办公经费) → its row; all when it names none
    or both (机关和事业单位加起来). The item's own words are no half (机关事业单位基本养老保险缴费)."""
    a, b = anchor.span
    rest = cq[:a] + " " + cq[b:] if a >= 0 else cq
    # 50199其他工资福利支出 (30199 printed under 50199 and under 50501): the second class's code said
    coded = [r for r in rows if re.search(rf"(?<!\d){r[1][0]}(?!\d)", rest)]
    if len(coded) == 1:
        return coded
    rest = re.sub(r"机关运行|机关事务|机关服务", " ", rest)
    office, institution = bool(re.search(r"机关", rest)), bool(re.search(r"事业单位", rest))
    if office != institution:
        want = _OFFICE if office else _INSTITUTION
        return [r for r in rows if r[1][0][:3] in want]
    if office:
        return rows
    own = canon(anchor.fact.row)
    # (商品和服务支出 / 工资福利支出 name the department's classes too: 商品和服务支出中的差旅费 is all of it)
    named = [r for r in rows if (c := canon(r[1][1])) and c != own and c not in _CLASS_WORDS and c in rest]
    return named if len(named) == 1 else rows
