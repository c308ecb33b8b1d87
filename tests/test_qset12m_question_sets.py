"""Set m (eval/questions/journalists_m.json): its changes, recomputed from the operands they list
(its shape, split, stated counts and the other value kinds are checked with the other sets in
tests/test_question_sets_written.py).
"""

from __future__ import annotations

import re

import pytest

from budgetlens.eval.journalists import load_questions
from question_sets import in_unit, set_path

SET_M = set_path("m")


def _questions(kind: str) -> list[dict]:
    qs = [q for q in load_questions([SET_M]) if q["kind"] == kind]
    assert qs, kind
    return qs


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
