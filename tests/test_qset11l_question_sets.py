"""Set l (eval/questions/journalists_l.json): its shape, its split and the counts its "about" states.

A malformed gold entry scores silently as wrong, and this round's fresh sets must stay on
development filings (the test part is fixed); both are checked here against eval/split.tsv.
"""

from __future__ import annotations

import re
from collections import Counter

from budgetlens.eval.journalists import default_files, load_questions
from question_sets import assert_about_counts, assert_ids_numbered, assert_judged_fields, assert_parts_follow_the_split, set_data, set_path

SET_L = set_path("l")
KINDS = {"why", "consistency", "ranking", "followup", "clarify", "not_found"}


def test_set_l_is_loaded_by_default() -> None:
    assert SET_L in default_files()


def test_set_l_ids_are_unique_and_numbered() -> None:
    assert_ids_numbered("l")


def test_set_l_is_over_development_filings_only() -> None:
    assert_parts_follow_the_split(load_questions([SET_L]), only="dev")


def test_set_l_asks_only_its_kinds() -> None:
    assert {q["kind"] for q in set_data("l")["questions"]} == KINDS


def test_set_l_counts_are_those_its_about_states() -> None:
    assert_about_counts("l")


def test_set_l_kinds_carry_what_they_are_judged_on() -> None:
    for q in load_questions([SET_L]):
        assert_judged_fields(q)
        if q["kind"] == "followup":
            assert all(t["page"] for t in q["turns"]), q["id"]


def test_set_l_false_premises_ask_why_and_carry_no_value() -> None:
    false = [q for q in load_questions([SET_L]) if q.get("premise_false")]
    assert false
    assert all(q["kind"] == "why" and q["value"] is None and q["note"] for q in false)


def test_set_l_consistency_has_both_verdicts() -> None:
    verdicts = Counter(q["expect_status"] for q in load_questions([SET_L]) if q["kind"] == "consistency")
    assert verdicts["pass"] and verdicts["fail"]


def test_set_l_repeats_no_question_of_the_earlier_sets() -> None:
    earlier = {re.sub(r"\s+", "", q["question"]) for q in load_questions(
        [f for f in default_files() if f != SET_L])}
    assert not [q["id"] for q in load_questions([SET_L]) if re.sub(r"\s+", "", q["question"]) in earlier]
