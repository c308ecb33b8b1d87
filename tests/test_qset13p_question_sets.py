"""Set p (eval/questions/journalists_p.json): its shape, its split and the counts its "about" states.

A malformed gold entry scores silently as wrong, and this round's fresh sets must stay on
development filings (the test part is fixed); both are checked here against eval/split.tsv.
The consistency verdicts that rest on a printed percentage, on printed parts and their total, or
on levels printed in two years' filings are recomputed from the operands the question records,
so a changed operand or a flipped verdict fails here too.
"""

from __future__ import annotations

import re
from collections import Counter

from budgetlens.eval.journalists import default_files, load_questions
from question_sets import assert_about_counts, assert_ids_numbered, assert_judged_fields, assert_parts_follow_the_split, set_data, set_path

SET_P = set_path("p")
KINDS = {"why", "consistency", "ranking", "followup", "clarify", "not_found"}


def _questions() -> list[dict]:
    return load_questions([SET_P])


def test_set_p_is_loaded_by_default() -> None:
    assert SET_P in default_files()


def test_set_p_ids_are_unique_and_numbered() -> None:
    assert_ids_numbered("p")


def test_set_p_is_over_development_filings_only() -> None:
    assert_parts_follow_the_split(_questions(), only="dev")


def test_set_p_asks_only_its_kinds() -> None:
    assert {q["kind"] for q in set_data("p")["questions"]} == KINDS


def test_set_p_counts_are_those_its_about_states() -> None:
    assert_about_counts("p")


def test_set_p_kinds_carry_what_they_are_judged_on() -> None:
    for q in _questions():
        assert_judged_fields(q)
        if q["kind"] == "followup":
            assert all(t["page"] for t in q["turns"]), q["id"]


def test_set_p_false_premises_ask_why_and_carry_no_value() -> None:
    false = [q for q in _questions() if q.get("premise_false")]
    assert false
    assert all(q["kind"] == "why" and q["value"] is None and q["note"] for q in false)


def test_set_p_consistency_has_both_verdicts() -> None:
    verdicts = Counter(q["expect_status"] for q in _questions() if q["kind"] == "consistency")
    assert verdicts["pass"] and verdicts["fail"]


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


def test_set_p_printed_change_percentages_are_judged_as_the_operands_say() -> None:
    judged = [(q["id"], _printed_change_verdict(q), q["expect_status"]) for q in _questions() if q["kind"] == "consistency"]
    judged = [j for j in judged if j[1] is not None]
    assert len(judged) >= 10
    assert [j for j in judged if j[1] != j[2]] == []


def test_set_p_repeats_no_question_of_the_earlier_sets() -> None:
    earlier = {re.sub(r"\s+", "", q["question"]) for q in load_questions(
        [f for f in default_files() if f != SET_P])}
    assert not [q["id"] for q in _questions() if re.sub(r"\s+", "", q["question"]) in earlier]


_SANGONG_PARTS = ["“三公”经费合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"]


def test_set_p_three_public_parts_add_up_as_judged() -> None:
    """A “三公” total checked against its three printed parts: pass exactly when they add up."""
    judged = [q for q in _questions() if q["kind"] == "consistency"
              and [o["label"] for o in q["operands"]] == _SANGONG_PARTS]
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
