"""Set k (eval/questions/journalists_k.json): its shape, its split and the counts its "about" states.

Set k is written over development filings only (the test part stays fixed this round), so
every question must name development filings alone. A malformed gold entry scores silently as
wrong, so the value kinds' fields are checked, and the sums, differences and shares are
recomputed from the operands they list.
"""

from __future__ import annotations

import pytest

from budgetlens.eval.journalists import default_files, load_questions
from question_sets import assert_about_counts, assert_ids_numbered, assert_parts_follow_the_split, in_unit, set_path

SET_K = set_path("k")


def test_set_k_is_loaded_by_default() -> None:
    assert SET_K in default_files()


def test_set_k_ids_are_unique_and_numbered() -> None:
    assert_ids_numbered("k")


def test_set_k_names_development_filings_only() -> None:
    assert_parts_follow_the_split(load_questions([SET_K]), only="dev")


def test_set_k_counts_are_those_its_about_states() -> None:
    assert_about_counts("k")


def test_set_k_asks_only_value_kinds_with_their_fields() -> None:
    for q in load_questions([SET_K]):
        assert q["kind"] in ("lookup", "difference", "change", "share", "sum"), q["id"]
        assert q["value"] is not None and q["unit"] and q["printed_unit"] and q["page"], q["id"]
        assert q["quote_contains"] and q["understood"]["entity"] and q["understood"]["year"], q["id"]
        if q["kind"] == "lookup":
            pages = q["page"] if isinstance(q["page"], list) else [q["page"]]
            assert set(pages) == {e["page"] for e in q["evidence"]}, q["id"]
            if q["unit"] != q["printed_unit"]:
                assert "conversion" in q["note"], q["id"]
        else:
            assert q["operands"] and q["note"], q["id"]
            assert all(o["file"] in q["files"] and o["page"] >= 1 for o in q["operands"]), q["id"]


@pytest.mark.parametrize("kind", ["sum", "difference", "share"])
def test_set_k_computed_values_follow_from_their_operands(kind: str) -> None:
    qs = [q for q in load_questions([SET_K]) if q["kind"] == kind]
    assert qs
    for q in qs:
        ops = q["operands"]
        assert len(ops) >= 2, q["id"]
        if kind == "share":
            part, whole = (in_unit("元", o["value"], o["printed_unit"]) for o in ops[:2])
            want = round(100 * part / whole, 2)
        else:
            vals = [in_unit(q["unit"], o["value"], o["printed_unit"]) for o in ops]
            want = sum(vals) if kind == "sum" else vals[0] - vals[1]
        assert q["value"] == pytest.approx(want, abs=1e-6), q["id"]


def test_set_k_lookup_values_are_the_quoted_print_in_the_unit_asked() -> None:
    for q in load_questions([SET_K]):
        if q["kind"] != "lookup":
            continue
        printed = float(q["quote_contains"].replace(",", ""))
        assert any(q["quote_contains"] in e["text"] for e in q["evidence"]), q["id"]
        assert q["value"] == pytest.approx(in_unit(q["unit"], printed, q["printed_unit"]), rel=1e-9), q["id"]
