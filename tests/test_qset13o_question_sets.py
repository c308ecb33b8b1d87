"""Set o (eval/questions/journalists_o.json): what is particular to it (its shape, split, stated
counts, lookups and operands are checked with the other sets in tests/test_question_sets_written.py).

Each computed value, changes among them, is recomputed here from the operands the question
records, in the unit asked, so a changed operand or value fails; and the set asks in other units
and across filings as its "about" says.
"""

from __future__ import annotations

from budgetlens.eval.journalists import load_questions
from question_sets import in_unit, set_path

SET_O = set_path("o")


def _questions() -> list[dict]:
    return load_questions([SET_O])


def _recomputed(q: dict) -> float:
    """The gold value from the question's operands: a sum, a difference (first minus second),
    a share (two decimals), or a change (a stated one, two levels, or a level and its printed
    increase / decrease)."""
    ops, unit = q["operands"], q["unit"]
    v = [in_unit(unit, o["value"], o["printed_unit"]) for o in ops]
    raw = [in_unit("元", o["value"], o["printed_unit"]) for o in ops]
    kind = q["kind"]
    if kind == "sum":
        return sum(v)
    if kind == "difference":
        return v[0] - v[1]
    if kind == "share":
        return round(raw[0] / raw[1] * 100, 2)
    if len(ops) == 1:
        return v[0]
    if unit != "%":
        return abs(v[0] - v[1]) if q["value"] >= 0 > v[0] - v[1] else v[0] - v[1]
    if "增加" in ops[1]["label"]:
        return round(raw[1] / (raw[0] - raw[1]) * 100, 2)
    if "减少" in ops[1]["label"]:
        return round(raw[1] / (raw[0] + raw[1]) * 100, 2)
    rate = round((raw[0] - raw[1]) / raw[1] * 100, 2)
    return abs(rate) if q["value"] >= 0 > rate else rate


def test_set_o_computed_values_follow_from_their_operands() -> None:
    """Every computed value, changes among them (stated, from two levels, or from a level and
    its printed increase / decrease)."""
    computed = [q for q in _questions() if q["kind"] != "lookup"]
    assert computed
    for q in computed:
        assert len(q["operands"]) in (1, 2, 3, 4) and all(o["file"] in q["files"] for o in q["operands"]), q["id"]
        assert abs(_recomputed(q) - q["value"]) < 1e-6, q["id"]


def test_set_o_asks_in_other_units_and_across_filings() -> None:
    qs = _questions()
    assert sum(1 for q in qs if q["unit"] in ("元", "万元", "亿元") and q["unit"] != q["printed_unit"]) >= 10
    assert sum(1 for q in qs if len(q["files"]) > 1) >= 5
