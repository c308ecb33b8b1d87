"""Shape of the journalists' question sets: every set the scorer loads is well formed.

A malformed gold entry scores silently as wrong, so the fields each kind is judged on are
checked here, and every question's part must be the part eval/split.tsv gives its filings.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from budgetlens.eval.journalists import COMPUTED, default_files, load_questions
from question_sets import split_parts

EVAL = Path(__file__).resolve().parents[1] / "eval"
KINDS = COMPUTED | {"lookup", "why", "consistency", "clarify", "ranking", "followup", "not_found"}


def test_every_set_on_disk_is_loaded_by_default() -> None:
    on_disk = sorted(p.name for p in (EVAL / "questions").glob("journalists_*.json"))
    assert sorted(p.name for p in default_files()) == on_disk


@pytest.mark.parametrize("path", default_files(), ids=lambda p: p.stem)
def test_questions_carry_what_their_kind_is_judged_on(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data.get("about"), "a set says how it was written and checked"
    ids = [q["id"] for q in data["questions"]]
    assert len(ids) == len(set(ids))
    for q in data["questions"]:
        kind = q["kind"]
        assert kind in KINDS, q["id"]
        assert q["question"] and q["part"] in ("dev", "test"), q["id"]
        assert q["files"] or kind in ("not_found", "clarify"), q["id"]
        if kind == "why":
            assert q["passage_contains"], q["id"]
        elif kind == "consistency":
            assert q["expect_status"] in ("pass", "fail"), q["id"]
        elif kind == "clarify":
            assert len(q["candidates"]) >= 1, q["id"]
        elif kind == "ranking":
            assert q["answer_name"] and q["value"] is not None, q["id"]
        elif kind == "followup":
            assert all(t["question"] and t["value"] is not None for t in q["turns"]), q["id"]
        elif kind in COMPUTED or kind == "lookup":
            assert isinstance(q["value"], (int, float)) and q["unit"], q["id"]


def test_set_h_parts_follow_the_split_and_never_mix() -> None:
    parts = split_parts()
    for q in load_questions([EVAL / "questions" / "journalists_h.json"]):
        assert {parts[f] for f in q["files"]} == {q["part"]}, q["id"]
        for e in q.get("evidence", []):
            assert e["file"] in q["files"] and e["text"], q["id"]


def test_set_h_clarify_lists_every_candidate_once_per_filing() -> None:
    for q in load_questions([EVAL / "questions" / "journalists_h.json"]):
        if q["kind"] == "clarify":
            assert len(q["candidates"]) == len(q["files"]) >= 2, q["id"]
            assert q["note"], q["id"]


def test_set_h_false_premises_ask_why_and_carry_no_value() -> None:
    false = [q for q in load_questions([EVAL / "questions" / "journalists_h.json"]) if q.get("premise_false")]
    assert false
    assert all(q["kind"] == "why" and q["value"] is None and q["note"] for q in false)
