"""What every journalists' question set (``eval/questions/journalists_<letter>.json``) is checked
against, the same way for each set: the split its files fall in, its ids, and the fields each
kind of question is judged on (``eval.journalists.judge``). A set's own test file adds what is
particular to it (the counts its "about" states, its computed values)."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

EVAL = Path(__file__).resolve().parents[1] / "eval"


_TO_YUAN = {"元": 1, "万元": 10_000, "亿元": 100_000_000}


def in_unit(unit: str, value: float, printed: str) -> float:
    """A printed amount in the unit asked (元 / 万元 / 亿元); other units (%, counts) as printed."""
    if unit in _TO_YUAN and printed in _TO_YUAN:
        return value * _TO_YUAN[printed] / _TO_YUAN[unit]
    return value


def set_path(letter: str) -> Path:
    return EVAL / "questions" / f"journalists_{letter}.json"


def set_data(letter: str) -> dict:
    return json.loads(set_path(letter).read_text(encoding="utf-8"))


def split_parts() -> dict[str, str]:
    """Each filing's part (dev / test) as ``eval/split.tsv`` fixes it, keyed as questions name files."""
    with open(EVAL / "split.tsv", encoding="utf-8") as fh:
        return {f"{r['collection']}/{r['file']}": r["part"] for r in csv.DictReader(fh, delimiter="\t")}


def assert_ids_numbered(letter: str) -> None:
    ids = [q["id"] for q in set_data(letter)["questions"]]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(rf"{letter}\d{{3}}", i) for i in ids)


def assert_parts_follow_the_split(questions: list[dict], only: str | None = None) -> None:
    """Each question's files are all of its part (``only``: of that part alone, as a set written
    over development filings), and its evidence stands in its own files."""
    parts = split_parts()
    for q in questions:
        assert q["files"], q["id"]
        assert {parts[f] for f in q["files"]} == {q["part"]} and q["part"] == (only or q["part"]), q["id"]
        for e in q.get("evidence", []):
            assert e["file"] in q["files"] and e["text"] and e["page"] >= 1, q["id"]


def assert_about_counts(letter: str) -> None:
    """The set's "about" states its size and its counts by part and by kind, as they are."""
    data = set_data(letter)
    about, qs = data["about"], data["questions"]
    parts = Counter(q["part"] for q in qs)
    assert f"{len(qs)} fresh questions" in about
    assert f"{parts['dev']} development and {parts['test']} test" in about
    for kind, n in Counter(q["kind"] for q in qs).items():
        dev = sum(1 for q in qs if q["kind"] == kind and q["part"] == "dev")
        assert f"{kind} {n} ({dev} dev, {n - dev} test)" in about, kind


def assert_judged_fields(q: dict) -> None:
    """The fields a why, consistency, ranking, follow-up, clarify or not-found question is judged on."""
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
        assert all(t["question"] and t["value"] is not None and t["unit"] for t in q["turns"]), q["id"]
    elif kind == "clarify":
        assert len(q["candidates"]) == len(q["files"]) >= 2 and q["note"], q["id"]
    elif kind == "not_found":
        assert q["absent_check"] and q["value"] is None, q["id"]
        assert all(f in q["files"] for f, _ in q["absent_check"]), q["id"]
