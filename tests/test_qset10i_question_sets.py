"""Set i of the journalists' questions: well formed, on the split, and as its "about" says.

Set i holds only value questions (lookup and the computed kinds). Each is judged on its
value and unit, a lookup also on its page, a computed one on its operands; a malformed
entry would score silently as wrong, so the fields are checked here, and the counts by
kind and part that "about" states must be the counts of the file.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from budgetlens.eval.journalists import COMPUTED, default_files
from question_sets import split_parts

EVAL = Path(__file__).resolve().parents[1] / "eval"
SET_I = EVAL / "questions" / "journalists_i.json"
VALUE_KINDS = COMPUTED | {"lookup"}
MONEY = {"元", "万元", "亿元"}


@pytest.fixture(scope="module")
def data() -> dict:
    return json.loads(SET_I.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parts() -> dict[str, str]:
    return split_parts()


def test_set_i_is_loaded_by_the_scorer() -> None:
    assert SET_I in default_files()


def test_ids_are_unique_and_numbered_in_order(data: dict) -> None:
    ids = [q["id"] for q in data["questions"]]
    assert ids == [f"i{n:03d}" for n in range(1, len(ids) + 1)]


def test_every_question_is_a_value_question_with_its_fields(data: dict) -> None:
    for q in data["questions"]:
        assert q["kind"] in VALUE_KINDS, q["id"]
        assert q["question"] and q["files"], q["id"]
        assert isinstance(q["value"], (int, float)) and q["unit"], q["id"]
        assert q["evidence"] and q["quote_contains"], q["id"]
        assert q["understood"]["entity"] and q["understood"]["year"], q["id"]
        pages = q["page"] if isinstance(q["page"], list) else [q["page"]]
        assert all(isinstance(p, int) and p >= 1 for p in pages), q["id"]
        assert any(e["page"] in pages for e in q["evidence"]), q["id"]
        if q["kind"] == "lookup":
            assert "operands" not in q, q["id"]
            if q["unit"] != q["printed_unit"]:
                assert q["note"], f"{q['id']}: a converted unit is noted"
        else:
            assert q["operands"], q["id"]
            for o in q["operands"]:
                assert o["file"] in q["files"] and o["page"] >= 1 and o["label"], q["id"]
                assert isinstance(o["value"], (int, float)), q["id"]


def test_evidence_is_in_the_questions_files(data: dict) -> None:
    for q in data["questions"]:
        for e in q["evidence"]:
            assert e["file"] in q["files"] and e["text"], q["id"]


def test_parts_follow_the_split_and_never_mix(data: dict, parts: dict[str, str]) -> None:
    for q in data["questions"]:
        assert {parts[f] for f in q["files"]} == {q["part"]}, q["id"]


def test_shares_and_sums_follow_from_their_operands(data: dict) -> None:
    for q in data["questions"]:
        ops = q.get("operands") or []
        if q["kind"] == "share":
            assert q["unit"] == "%" and len(ops) == 2, q["id"]
            assert abs(100 * ops[0]["value"] / ops[1]["value"] - q["value"]) <= 0.006, q["id"]
        elif q["kind"] == "sum" and all(o["printed_unit"] == q["unit"] for o in ops):
            assert abs(sum(o["value"] for o in ops) - q["value"]) <= 0.006, q["id"]
        elif q["kind"] == "difference" and all(o["printed_unit"] == q["unit"] for o in ops):
            assert abs(abs(ops[0]["value"] - ops[1]["value"]) - abs(q["value"])) <= 0.006, q["id"]


def test_money_lookups_convert_exactly(data: dict) -> None:
    scale = {"元": 1, "万元": 10_000, "亿元": 100_000_000}
    for q in data["questions"]:
        if q["kind"] == "lookup" and q["unit"] in MONEY and q["printed_unit"] in MONEY:
            printed = q["value"] * scale[q["unit"]] / scale[q["printed_unit"]]
            squashed = "".join(e["text"] for e in q["evidence"]).replace(",", "")
            assert f"{printed:.2f}".rstrip("0").rstrip(".") in squashed, q["id"]


def test_counts_by_kind_and_part_are_those_about_states(data: dict) -> None:
    about = data["about"]
    counts = Counter((q["kind"], q["part"]) for q in data["questions"])
    stated = re.findall(r"(lookup|difference|change|share|sum) (\d+) dev / (\d+) test", about)
    assert {k for k, _, _ in stated} == {k for k, _ in counts}
    for kind, dev, test in stated:
        assert (counts[(kind, "dev")], counts[(kind, "test")]) == (int(dev), int(test)), kind
    n_dev = sum(1 for q in data["questions"] if q["part"] == "dev")
    assert f"{n_dev} development and {len(data['questions']) - n_dev} test" in about
    assert f"of {len(data['questions'])} fresh questions" in about
