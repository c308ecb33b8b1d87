"""Set l (eval/questions/journalists_l.json): its shape, its split and the counts its "about" states.

A malformed gold entry scores silently as wrong, and this round's fresh sets must stay on
development filings (the test part is fixed); both are checked here against eval/split.tsv.
"""

from __future__ import annotations

import re
from collections import Counter

from budgetlens.eval.journalists import default_files, load_questions
from question_sets import assert_ids_numbered, assert_judged_fields, set_data, set_path, split_parts

SET_L = set_path("l")
KINDS = {"why", "consistency", "ranking", "followup", "clarify", "not_found"}


def test_set_l_is_loaded_by_default() -> None:
    assert SET_L in default_files()


def test_set_l_ids_are_unique_and_numbered() -> None:
    assert_ids_numbered("l")


def test_set_l_is_over_development_filings_only() -> None:
    parts = split_parts()
    for q in load_questions([SET_L]):
        assert q["files"], q["id"]
        assert q["part"] == "dev" and {parts[f] for f in q["files"]} == {"dev"}, q["id"]
        for e in q.get("evidence", []):
            assert e["file"] in q["files"] and e["text"] and e["page"] >= 1, q["id"]


def test_set_l_asks_only_its_kinds() -> None:
    assert {q["kind"] for q in set_data("l")["questions"]} == KINDS


def test_set_l_counts_are_those_its_about_states() -> None:
    data = set_data("l")
    about = data["about"]
    qs = data["questions"]
    parts = Counter(q["part"] for q in qs)
    assert f"{len(qs)} fresh questions" in about
    assert f"{parts['dev']} development and {parts['test']} test" in about
    for kind, n in Counter(q["kind"] for q in qs).items():
        dev = sum(1 for q in qs if q["kind"] == kind and q["part"] == "dev")
        assert f"{kind} {n} ({dev} dev, {n - dev} test)" in about, kind


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
