"""Set p (eval/questions/journalists_p.json): what is particular to it (its shape, split, stated
counts and printed change rates are checked with the other sets in
tests/test_question_sets_written.py).

The consistency verdicts that rest on printed parts and their total, or on levels printed in two
years' filings, are recomputed from the operands the question records, so a changed operand or
a flipped verdict fails here too.
"""

from __future__ import annotations

from budgetlens.eval.journalists import load_questions
from question_sets import set_path

SET_P = set_path("p")


def _questions() -> list[dict]:
    return load_questions([SET_P])


_SANGONG_PARTS = ["“三公”经费合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"]


def test_set_p_three_public_parts_add_up_as_judged() -> None:
    """A “三公” total checked against its three printed parts: pass exactly when they add up."""
    judged = [
        q for q in _questions() if q["kind"] == "consistency" and [o["label"] for o in q["operands"]] == _SANGONG_PARTS
    ]
    assert len(judged) >= 3
    for q in judged:
        total, *parts = (o["value"] for o in q["operands"])
        assert ("pass" if abs(sum(parts) - total) < 0.006 else "fail") == q["expect_status"], q["id"]


def test_set_p_cross_filing_levels_are_judged_as_the_operands_say() -> None:
    """A level and its printed change in one year's filing against the level the year before's
    filing prints: pass exactly when level ∓ change gives that earlier level."""
    judged = [q for q in _questions() if q["understood"]["measure"].endswith("（跨年核对）")]
    assert len(judged) >= 5 and all(len(q["files"]) == 2 for q in judged)
    verdicts = set()
    for q in judged:
        level, change, earlier = (o["value"] for o in q["operands"])
        fell = "减少" in q["operands"][1]["label"]
        verdict = "pass" if abs((level + change if fell else level - change) - earlier) < 0.006 else "fail"
        assert verdict == q["expect_status"], q["id"]
        assert q["operands"][2]["file"] != q["operands"][0]["file"], q["id"]
        verdicts.add(verdict)
    assert verdicts == {"pass", "fail"}
