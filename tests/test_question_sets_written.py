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
    printed_change_verdict,
    repeated_questions,
    set_path,
)

# each set: the part it was written over (None: both, never mixed in one question), and the
# kinds it asks: the value kinds (lookup and the computed ones), the others, or both
WRITTEN = {
    "j": (None, "others"),
    "k": ("dev", "values"),
    "l": ("dev", "others"),
    "m": ("dev", "values"),
    "n": ("dev", "others"),
    "o": ("dev", "values"),
    "p": ("dev", "others"),
    "q": ("dev", "both"),
    "r": ("dev", "both"),
    "s": ("dev", "both"),
    "t": ("dev", "both"),
    "u": ("dev", "both"),
    "v": ("dev", "both"),
    "w": ("dev", "both"),
}
VALUE_SETS = [s for s, (_, kinds) in WRITTEN.items() if kinds != "others"]
OTHER_SETS = [s for s, (_, kinds) in WRITTEN.items() if kinds != "values"]
VALUE_KINDS = {"lookup", "sum", "difference", "share", "change"}
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
    qs = [q for q in load_questions([set_path(letter)]) if q["kind"] in VALUE_KINDS]
    assert {"lookup", "difference", "share"} <= {q["kind"] for q in qs}
    if WRITTEN[letter][1] == "values":
        assert {q["kind"] for q in qs} >= {"lookup", "sum", "difference", "share"}
    for q in qs:
        assert_value_fields(q)
        assert_value_follows(q)


@pytest.mark.parametrize("letter", OTHER_SETS)
def test_other_sets_carry_what_their_kinds_are_judged_on(letter: str) -> None:
    qs = [q for q in load_questions([set_path(letter)]) if q["kind"] not in VALUE_KINDS]
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


@pytest.mark.parametrize("letter", ["n", "p", "q", "r", "s", "t", "u", "v", "w"])
def test_printed_change_rates_are_judged_as_the_operands_say(letter: str) -> None:
    """A level, its printed change and the printed change %: the verdict is recomputed within the
    printed rounding, so a changed operand or a flipped verdict fails."""
    judged = [
        (q["id"], printed_change_verdict(q), q["expect_status"])
        for q in load_questions([set_path(letter)])
        if q["kind"] == "consistency"
    ]
    judged = [j for j in judged if j[1] is not None]
    assert len(judged) >= 10
    assert [j for j in judged if j[1] != j[2]] == []
