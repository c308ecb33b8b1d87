"""Set m (eval/questions/journalists_m.json): its shape, its split and the counts its "about" states.

Set m is written over development filings only (the test part stays fixed this round), so
every question must name development filings alone. A malformed gold entry scores silently as
wrong, so the value kinds' fields are checked, and the sums, differences, shares and changes
are recomputed from the operands they list.
"""

from __future__ import annotations

import re

import pytest

from budgetlens.eval.journalists import default_files, load_questions
from question_sets import assert_about_counts, assert_ids_numbered, assert_parts_follow_the_split, in_unit, set_path

SET_M = set_path("m")


def _questions(kind: str) -> list[dict]:
    qs = [q for q in load_questions([SET_M]) if q["kind"] == kind]
    assert qs, kind
    return qs


def test_set_m_is_loaded_by_default() -> None:
    assert SET_M in default_files()


def test_set_m_ids_are_unique_and_numbered() -> None:
    assert_ids_numbered("m")


def test_set_m_names_development_filings_only() -> None:
    assert_parts_follow_the_split(load_questions([SET_M]), only="dev")


def test_set_m_counts_are_those_its_about_states() -> None:
    assert_about_counts("m")


def test_set_m_asks_only_value_kinds_with_their_fields() -> None:
    for q in load_questions([SET_M]):
        assert q["kind"] in ("lookup", "difference", "change", "share", "sum"), q["id"]
        assert q["value"] is not None and q["unit"] and q["printed_unit"] and q["page"], q["id"]
        assert q["quote_contains"] and q["understood"]["entity"] and q["understood"]["year"], q["id"]
        assert any(q["quote_contains"] in e["text"] for e in q["evidence"]), q["id"]
        if q["kind"] == "lookup":
            pages = q["page"] if isinstance(q["page"], list) else [q["page"]]
            assert set(pages) == {e["page"] for e in q["evidence"]}, q["id"]
            if q["unit"] != q["printed_unit"]:
                assert "conversion" in q["note"], q["id"]
        else:
            assert q["operands"] and q["note"], q["id"]
            for o in q["operands"]:
                assert o["file"] in q["files"] and o["page"] >= 1, q["id"]
                texts = [e["text"] for e in q["evidence"] if (e["file"], e["page"]) == (o["file"], o["page"])]
                printed = {float(x.replace(",", "")) for t in texts for x in re.findall(r"\d[\d,]*(?:\.\d+)?", t)}
                assert o["value"] in printed, (q["id"], o["label"])


@pytest.mark.parametrize("kind", ["sum", "difference", "share"])
def test_set_m_computed_values_follow_from_their_operands(kind: str) -> None:
    for q in _questions(kind):
        ops = q["operands"]
        if kind == "share":
            part, whole = (in_unit("元", o["value"], o["printed_unit"]) for o in ops)
            want = round(100 * part / whole, 2)
        elif kind == "sum":
            assert len(ops) >= 2, q["id"]
            want = sum(in_unit(q["unit"], o["value"], o["printed_unit"]) for o in ops)
        else:
            a, b = (in_unit(q["unit"], o["value"], o["printed_unit"]) for o in ops)
            want = a - b
        assert q["value"] == pytest.approx(want, abs=1e-6), q["id"]


def test_set_m_changes_are_stated_or_follow_from_two_figures() -> None:
    for q in _questions("change"):
        ops = q["operands"]
        if len(ops) == 1:
            assert "文中所述" in ops[0]["label"], q["id"]
            want = in_unit(q["unit"], ops[0]["value"], ops[0]["printed_unit"])
        else:
            new, second = ops[0]["value"], ops[1]["value"]
            if q["unit"] != "%":
                want = abs(
                    in_unit(q["unit"], new, ops[0]["printed_unit"]) - in_unit(q["unit"], second, ops[1]["printed_unit"])
                )
            elif re.search(r"比.*(增加|减少)", ops[1]["label"]):
                old = new - second if "增加" in ops[1]["label"] else new + second
                want = round(100 * second / old, 2)
            else:
                want = round(100 * abs(new - second) / second, 2)
        assert q["value"] == pytest.approx(want, abs=1e-6), q["id"]


def test_set_m_lookup_values_are_the_quoted_print_in_the_unit_asked() -> None:
    for q in _questions("lookup"):
        printed = float(q["quote_contains"].replace(",", "").rstrip("%"))
        assert q["value"] == pytest.approx(in_unit(q["unit"], printed, q["printed_unit"]), rel=1e-9), q["id"]
