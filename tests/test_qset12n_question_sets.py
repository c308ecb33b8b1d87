"""Set n (eval/questions/journalists_n.json): what is particular to it (its shape, split and
stated counts are checked with the other sets in tests/test_question_sets_written.py).

The consistency verdicts that rest on a printed percentage are recomputed from the operands
the question records, so a changed operand or a flipped verdict fails here too.
"""

from __future__ import annotations

import re

from budgetlens.eval.journalists import load_questions
from question_sets import set_path

SET_N = set_path("n")


def _questions() -> list[dict]:
    return load_questions([SET_N])


def _printed_change_verdict(q: dict) -> str | None:
    """A level, its printed change against last year and the printed change % (the three
    operands of such a question): pass when some level and change that round to those
    printed give a rate that rounds to the printed % (a printed rate is an inconsistency
    only when no such figures give it); None for other consistency shapes."""
    ops = q["operands"]
    if len(ops) != 3 or not ops[2]["label"].endswith("幅（印）") or not re.search(r"增加|减少", ops[1]["label"]):
        return None
    level, change, printed = (o["value"] for o in ops)
    quotes = "".join(e["text"] for e in q["evidence"] if e["file"] == ops[2]["file"] and e["page"] == ops[2]["page"])
    shown = [m for m in re.findall(r"(\d+(?:\.(\d+))?)\s*[%％]", quotes) if float(m[0]) == printed]
    assert shown, q["id"]
    half_rate = 0.5 * 10 ** -len(shown[0][1])
    half_level, half_change = (0.5 * 10 ** -_decimals(o["value"], quotes) for o in ops[:2])
    fell = "减少" in ops[1]["label"]

    def rate(lv: float, ch: float) -> float:
        return ch / (lv + ch if fell else lv - ch) * 100

    # the rate grows with the change and, for a fall, shrinks with the level
    lows = [rate(level + s * half_level, change - half_change) for s in (-1, 1)]
    highs = [rate(level + s * half_level, change + half_change) for s in (-1, 1)]
    low, high = min(lows), max(highs)
    return "pass" if low - half_rate <= printed <= high + half_rate else "fail"


def _decimals(value: float, quotes: str) -> int:
    """The decimals ``value`` is printed with in ``quotes`` (2.60: 2)."""
    for m in re.finditer(r"\d+(?:\.(\d+))?", quotes.replace(",", "")):
        if abs(float(m.group(0)) - value) < 1e-9:
            return len(m.group(1) or "")
    raise AssertionError(f"{value} is not printed in {quotes!r}")


def test_set_n_printed_change_percentages_are_judged_as_the_operands_say() -> None:
    judged = [
        (q["id"], _printed_change_verdict(q), q["expect_status"]) for q in _questions() if q["kind"] == "consistency"
    ]
    judged = [j for j in judged if j[1] is not None]
    assert len(judged) >= 10
    assert [j for j in judged if j[1] != j[2]] == []
