"""Set l (eval/questions/journalists_l.json): its shape, its split and the counts its "about" states.

A malformed gold entry scores silently as wrong, and this round's fresh sets must stay on
development filings (the test part is fixed); both are checked here against eval/split.tsv.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

from budgetlens.eval.journalists import default_files, load_questions

EVAL = Path(__file__).resolve().parents[1] / "eval"
SET_L = EVAL / "questions" / "journalists_l.json"
KINDS = {"why", "consistency", "ranking", "followup", "clarify", "not_found"}


def _parts() -> dict[str, str]:
    with open(EVAL / "split.tsv", encoding="utf-8") as fh:
        return {f"{r['collection']}/{r['file']}": r["part"] for r in csv.DictReader(fh, delimiter="\t")}


def _data() -> dict:
    return json.loads(SET_L.read_text(encoding="utf-8"))


def test_set_l_is_loaded_by_default() -> None:
    assert SET_L in default_files()


def test_set_l_ids_are_unique_and_numbered() -> None:
    ids = [q["id"] for q in _data()["questions"]]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"l\d{3}", i) for i in ids)


def test_set_l_is_over_development_filings_only() -> None:
    parts = _parts()
    for q in load_questions([SET_L]):
        assert q["files"], q["id"]
        assert q["part"] == "dev" and {parts[f] for f in q["files"]} == {"dev"}, q["id"]
        for e in q.get("evidence", []):
            assert e["file"] in q["files"] and e["text"] and e["page"] >= 1, q["id"]


def test_set_l_asks_only_its_kinds() -> None:
    assert {q["kind"] for q in _data()["questions"]} == KINDS


def test_set_l_counts_are_those_its_about_states() -> None:
    data = _data()
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
        kind = q["kind"]
        if kind == "why":
            assert q["passage_contains"] and q["value"] is None and q["page"], q["id"]
        elif kind == "consistency":
            assert q["expect_status"] in ("pass", "fail") and len(q["operands"]) >= 2, q["id"]
            assert all(o["file"] in q["files"] for o in q["operands"]), q["id"]
        elif kind == "ranking":
            assert q["answer_name"] and q["value"] is not None, q["id"]
            assert sorted(q["covered"]) == sorted(q["files"]) and len(q["files"]) >= 2, q["id"]
            best = max if q["understood"]["operation"] == "rank_max" else min
            top = best(q["operands"], key=lambda o: o["value"])
            assert top["label"] == q["answer_name"] and top["value"] == q["value"], q["id"]
        elif kind == "followup":
            assert len(q["turns"]) >= 2 and q["turns"][0]["question"] == q["question"], q["id"]
            assert all(t["question"] and t["value"] is not None and t["unit"] and t["page"] for t in q["turns"]), q["id"]
        elif kind == "clarify":
            assert len(q["candidates"]) == len(q["files"]) >= 2 and q["note"], q["id"]
        elif kind == "not_found":
            assert q["absent_check"] and q["value"] is None, q["id"]
            assert all(f in q["files"] for f, _ in q["absent_check"]), q["id"]


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
