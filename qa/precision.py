"""The operands of one computation read at one precision.

A narrative states its figures rounded (财政拨款收入833万元, “农林水支出”科目657万元) while the
tables of the same filing print them exact (8,332,285 元, 6,568,112 元). A share, change,
difference or sum that takes one operand from each mixes two roundings: 657 ÷ 833.2285 =
78.85%, where the narrative gives 657 ÷ 833 = 78.87% and the tables 6,568,112 ÷ 8,332,285 =
78.83%. So, when the operands are of one filing and one of them is a narrative figure printed
coarser than another operand's value:

1. the exact operand is read again from the narrative: the narrative figure of the same filing
   under the same words whose printed value is the exact one at the narrative's precision
   (财政拨款收入833万元 for 合计（财政拨款收入）8,332,285 元);
2. failing that, the rounded operand is read again from the tables: the table cell of the same
   filing under the same words whose value, at the narrative's precision, is the printed one
   (农林水支出 6,568,112 元 for “农林水支出”科目657万元) — one value, or nothing;
3. failing both, the operands stay as found.
"""

from __future__ import annotations

from dataclasses import replace

from budgetlens.index.facts import Fact, canon
from budgetlens.ingest.normalize import find_numbers, fold
from budgetlens.qa.wording import Match, convert

_NARRATIVE = ("sentence", "figure")
_TABLE = ("cell", "grid")


def printed_decimals(f: Fact) -> int | None:
    """How many decimals a narrative fact's number is printed with (657万元 → 0, 70.70万元 → 2);
    None for a table cell or a number its quote does not show."""
    if f.kind not in _NARRATIVE or not f.quote:
        return None
    folded = fold(f.quote)
    for v, a, b in find_numbers(f.quote):
        if abs(v - f.value) < 1e-9:
            digits = folded[a:b]
            return len(digits.split(".", 1)[1]) if "." in digits else 0
    return None


def _at(value: float, decimals: int) -> float:
    return round(value + (5e-10 if value >= 0 else -5e-10), decimals)


def _coarser(table: Fact, narrative: Fact, decimals: int) -> bool:
    """Whether the table's value carries digits the narrative's precision rounds away."""
    v = convert(table.value, table.unit, narrative.unit)
    return v is not None and abs(v - _at(v, decimals)) > 1e-9


def _same_words(a: str, b: str) -> bool:
    ca, cb = canon(a), canon(b)
    return len(ca) >= 2 and len(cb) >= 2 and (ca in cb or cb in ca)


def _names(m: Match) -> list[str]:
    """The words an operand was found under: the matched words, its row and its last column."""
    f = m.fact
    return [w for w in (m.label, f.row, (f.col or "").split("|")[-1]) if w and canon(w)]


def _narrative_twin(index, m: Match, decimals: int, unit: str) -> Fact | None:
    f0 = m.fact
    v = convert(f0.value, f0.unit, unit)
    if v is None:
        return None
    want = _at(v, decimals)
    for g in index.by_doc.get(f0.doc_id, []):
        if g.kind in _NARRATIVE and g.unit == unit and abs(g.value - want) < 1e-9 \
                and printed_decimals(g) == decimals and any(_same_words(g.row, w) for w in _names(m)):
            return g
    return None


def _table_twin(index, m: Match, decimals: int) -> Fact | None:
    f0 = m.fact
    found: dict[float, Fact] = {}
    for g in index.by_doc.get(f0.doc_id, []):
        if g.kind not in _TABLE or not any(_same_words(g.row, w) for w in (m.label, f0.row)):
            continue
        v = convert(g.value, g.unit, f0.unit)
        if v is not None and abs(_at(v, decimals) - f0.value) < 1e-9 and abs(v - f0.value) > 1e-9:
            found.setdefault(round(v, 6), g)
    return next(iter(found.values())) if len(found) == 1 else None


def one_precision(index, operands: list[tuple[str, Match]]) -> list[tuple[str, Match]]:
    """``operands`` read at one precision (see the module's docstring); unchanged when they are of
    several filings, all of one kind of source, or no twin is printed."""
    if len(operands) < 2 or len({m.fact.doc_id for _, m in operands}) > 1:
        return operands
    rounded: list[tuple[int, int]] = []
    for i, (_, m) in enumerate(operands):
        d = printed_decimals(m.fact)
        if d is not None:
            rounded.append((i, d))
    exact = [i for i, (_, m) in enumerate(operands) if m.fact.kind in _TABLE]
    if not rounded or not exact:
        return operands
    i0, decimals = min(rounded, key=lambda x: x[1])
    unit = operands[i0][1].fact.unit
    if not any(_coarser(operands[i][1].fact, operands[i0][1].fact, decimals) for i in exact):
        return operands
    out = list(operands)
    twins = {i: g for i in exact if (g := _narrative_twin(index, operands[i][1], decimals, unit)) is not None}
    if len(twins) < len(exact):
        twins = {i: g for i, d in rounded if (g := _table_twin(index, operands[i][1], d)) is not None}
        if len(twins) < len(rounded):
            return operands
    for i, g in twins.items():
        out[i] = (out[i][0], replace(out[i][1], fact=g, also=None))
    return out
