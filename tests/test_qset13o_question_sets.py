"""Set o (eval/questions/journalists_o.json): its shape, its split and the counts its "about" states.

Set o asks only value kinds (lookup, difference, change, share, sum) over development filings; a
malformed gold entry scores silently as wrong, so each computed value is recomputed here from the
operands the question records, in the unit asked, and a changed operand or value fails.
"""

from __future__ import annotations

import re

from budgetlens.eval.journalists import default_files, load_questions
from question_sets import assert_about_counts, assert_ids_numbered, assert_parts_follow_the_split, in_unit, set_data, set_path

SET_O = set_path("o")
KINDS = {"lookup", "difference", "change", "share", "sum"}


def _questions() -> list[dict]:
    return load_questions([SET_O])


def test_set_o_is_loaded_by_default() -> None:
    assert SET_O in default_files()


def test_set_o_ids_are_unique_and_numbered() -> None:
    assert_ids_numbered("o")


def test_set_o_is_over_development_filings_only() -> None:
    assert_parts_follow_the_split(_questions(), only="dev")


def test_set_o_asks_only_its_kinds() -> None:
    assert {q["kind"] for q in set_data("o")["questions"]} == KINDS


def test_set_o_counts_are_those_its_about_states() -> None:
    assert_about_counts("o")


def _printed(figure: float, texts: list[str]) -> bool:
    """``figure`` stands in one of ``texts`` as printed (with or without thousands separators)."""
    for d in range(5):
        for form in (f"{figure:,.{d}f}", f"{figure:.{d}f}"):
            if float(form.replace(",", "")) == figure and any(form in t for t in texts):
                return True
    return False


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
    computed = [q for q in _questions() if q["kind"] != "lookup"]
    assert computed
    for q in computed:
        assert len(q["operands"]) in (1, 2, 3, 4) and all(o["file"] in q["files"] for o in q["operands"]), q["id"]
        assert abs(_recomputed(q) - q["value"]) < 1e-6, q["id"]


def test_set_o_operands_and_lookups_are_quoted_from_their_pages() -> None:
    for q in _questions():
        if q["kind"] == "lookup":
            pages = q["page"] if isinstance(q["page"], list) else [q["page"]]
            assert sorted({e["page"] for e in q["evidence"]}) == pages, q["id"]
            assert all(q["quote_contains"] in e["text"] for e in q["evidence"]), q["id"]
            printed = float(q["quote_contains"].replace(",", ""))
            assert abs(in_unit(q["unit"], printed, q["printed_unit"]) - q["value"]) < 1e-6, q["id"]
            continue
        for o in q["operands"]:
            texts = [e["text"] for e in q["evidence"] if e["file"] == o["file"] and e["page"] == o["page"]]
            assert _printed(o["value"], texts), (q["id"], o["label"])


def test_set_o_asks_in_other_units_and_across_filings() -> None:
    qs = _questions()
    assert sum(1 for q in qs if q["unit"] in ("元", "万元", "亿元") and q["unit"] != q["printed_unit"]) >= 10
    assert sum(1 for q in qs if len(q["files"]) > 1) >= 5


def test_set_o_repeats_no_question_of_the_earlier_sets() -> None:
    earlier = {re.sub(r"\s+", "", q["question"]) for q in load_questions(
        [f for f in default_files() if f != SET_O])}
    assert not [q["id"] for q in _questions() if re.sub(r"\s+", "", q["question"]) in earlier]
