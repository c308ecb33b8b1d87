"""Set j (eval/questions/journalists_j.json): its shape, its split and the counts its "about" states.

A malformed gold entry scores silently as wrong, and a question naming filings of both parts
would leak test filings into development; both are checked here against eval/split.tsv.
"""

from __future__ import annotations

from collections import Counter

from budgetlens.eval.journalists import default_files, load_questions
from question_sets import assert_about_counts, assert_ids_numbered, assert_judged_fields, assert_parts_follow_the_split, set_path

SET_J = set_path("j")


def test_set_j_is_loaded_by_default() -> None:
    assert SET_J in default_files()


def test_set_j_ids_are_unique_and_numbered() -> None:
    assert_ids_numbered("j")


def test_set_j_parts_follow_the_split_and_never_mix() -> None:
    assert_parts_follow_the_split(load_questions([SET_J]))


def test_set_j_counts_are_those_its_about_states() -> None:
    assert_about_counts("j")


def test_set_j_kinds_carry_what_they_are_judged_on() -> None:
    for q in load_questions([SET_J]):
        assert_judged_fields(q)


def test_set_j_false_premises_ask_why_and_carry_no_value() -> None:
    false = [q for q in load_questions([SET_J]) if q.get("premise_false")]
    assert false
    assert all(q["kind"] == "why" and q["value"] is None and q["note"] for q in false)


def test_set_j_consistency_has_both_verdicts() -> None:
    verdicts = Counter(q["expect_status"] for q in load_questions([SET_J]) if q["kind"] == "consistency")
    assert verdicts["pass"] and verdicts["fail"]
