"""The journalists' sets written with a stated "about", each checked the same way.

A malformed gold entry scores silently as wrong, and a question naming filings of the wrong
part would leak test filings into development; so each set's ids, split, stated counts and
the fields its kinds are judged on are checked here against eval/split.tsv, and the value
sets' numbers against the prints they quote. What is particular to one set stays in its own
test file.
"""

from __future__ import annotations

from collections import Counter

import pytest

from budgetlens.eval.journalists import default_files, load_questions
from question_sets import (
    assert_about_counts,
    assert_ids_numbered,
    assert_judged_fields,
    assert_parts_follow_the_split,
    assert_value_fields,
    assert_value_follows,
    repeated_questions,
    set_path,
)

# each set: the part it was written over (None: both, never mixed in one question), and
# whether it asks the value kinds (lookup and computed) or the others
WRITTEN = {"j": (None, False), "k": ("dev", True), "l": ("dev", False), "m": ("dev", True), "n": ("dev", False)}
VALUE_SETS = [s for s, (_, values) in WRITTEN.items() if values]
OTHER_SETS = [s for s, (_, values) in WRITTEN.items() if not values]
OTHER_KINDS = {"why", "consistency", "ranking", "followup", "clarify", "not_found"}


@pytest.mark.parametrize("letter", WRITTEN)
def test_the_set_is_loaded_by_default_with_numbered_ids(letter: str) -> None:
    assert set_path(letter) in default_files()
    assert_ids_numbered(letter)


@pytest.mark.parametrize("letter", WRITTEN)
def test_the_set_follows_the_split(letter: str) -> None:
    assert_parts_follow_the_split(load_questions([set_path(letter)]), only=WRITTEN[letter][0])


@pytest.mark.parametrize("letter", WRITTEN)
def test_the_set_counts_are_those_its_about_states(letter: str) -> None:
    assert_about_counts(letter)


@pytest.mark.parametrize("letter", [s for s in WRITTEN if s >= "l"])
def test_the_set_repeats_no_question_of_the_others(letter: str) -> None:
    assert repeated_questions(letter) == []


@pytest.mark.parametrize("letter", VALUE_SETS)
def test_value_sets_carry_their_fields_and_their_values_follow(letter: str) -> None:
    qs = load_questions([set_path(letter)])
    assert {"lookup", "sum", "difference", "share"} <= {q["kind"] for q in qs}
    for q in qs:
        assert_value_fields(q)
        assert_value_follows(q)


@pytest.mark.parametrize("letter", OTHER_SETS)
def test_other_sets_carry_what_their_kinds_are_judged_on(letter: str) -> None:
    qs = load_questions([set_path(letter)])
    if WRITTEN[letter][0]:
        assert {q["kind"] for q in qs} == OTHER_KINDS
    for q in qs:
        assert_judged_fields(q)
        if q["kind"] == "followup" and WRITTEN[letter][0]:
            assert all(t["page"] for t in q["turns"]), q["id"]
    false = [q for q in qs if q.get("premise_false")]
    assert false and all(q["kind"] == "why" and q["value"] is None and q["note"] for q in false)
    verdicts = Counter(q["expect_status"] for q in qs if q["kind"] == "consistency")
    assert verdicts["pass"] and verdicts["fail"]
