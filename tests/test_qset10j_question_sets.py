"""Set j (eval/questions/journalists_j.json): its shape, its split and the counts its "about" states.

A malformed gold entry scores silently as wrong, and a question naming filings of both parts
would leak test filings into development; both are checked here against eval/split.tsv.
"""

from __future__ import annotations

from collections import Counter

from budgetlens.eval.journalists import default_files, load_questions
from question_sets import assert_ids_numbered, assert_judged_fields, set_data, set_path, split_parts

SET_J = set_path("j")


def test_set_j_is_loaded_by_default() -> None:
    assert SET_J in default_files()


def test_set_j_ids_are_unique_and_numbered() -> None:
    assert_ids_numbered("j")


def test_set_j_parts_follow_the_split_and_never_mix() -> None:
    parts = split_parts()
    for q in load_questions([SET_J]):
        assert q["files"], q["id"]
        assert {parts[f] for f in q["files"]} == {q["part"]}, q["id"]
        for e in q.get("evidence", []):
            assert e["file"] in q["files"] and e["text"] and e["page"] >= 1, q["id"]


def test_set_j_counts_are_those_its_about_states() -> None:
    data = set_data("j")
    about = data["about"]
    qs = data["questions"]
    parts = Counter(q["part"] for q in qs)
    assert f"{len(qs)} fresh questions" in about
    assert f"{parts['dev']} development and {parts['test']} test" in about
    for kind, n in Counter(q["kind"] for q in qs).items():
        dev = sum(1 for q in qs if q["kind"] == kind and q["part"] == "dev")
        assert f"{kind} {n} ({dev} dev, {n - dev} test)" in about, kind


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
