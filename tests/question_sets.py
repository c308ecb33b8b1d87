"""What every journalists' question set (``eval/questions/journalists_<letter>.json``) is checked
against, the same way for each set: the split its files fall in, its ids, and the fields each
kind of question is judged on (``eval.journalists.judge``), and for the value kinds that each value
is the print it quotes or follows from the operands it lists. ``tests/test_question_sets_written.py``
applies them to every set written with a stated "about"; a set's own test file adds what is
particular to it."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from budgetlens.eval.journalists import default_files, load_questions

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


VALUE_KINDS = ("lookup", "difference", "change", "share", "sum")


def assert_value_fields(q: dict) -> None:
    """A value question's fields: its value, units, page and quote; a lookup's pages are those of
    its evidence; a computed question's operands stand, with their printed values, in its evidence."""
    assert q["kind"] in VALUE_KINDS, q["id"]
    assert q["value"] is not None and q["unit"] and q["printed_unit"] and q["page"], q["id"]
    assert q["quote_contains"] and q["understood"]["entity"] and q["understood"]["year"], q["id"]
    assert any(q["quote_contains"] in e["text"] for e in q["evidence"]), q["id"]
    if q["kind"] == "lookup":
        pages = q["page"] if isinstance(q["page"], list) else [q["page"]]
        assert set(pages) == {e["page"] for e in q["evidence"]}, q["id"]
        if q["unit"] != q["printed_unit"]:
            assert "conversion" in q["note"], q["id"]
        return
    assert q["operands"] and q["note"], q["id"]
    for o in q["operands"]:
        assert o["file"] in q["files"] and o["page"] >= 1, q["id"]
        texts = [e["text"] for e in q["evidence"] if (e["file"], e["page"]) == (o["file"], o["page"])]
        printed = {float(x.replace(",", "")) for t in texts for x in re.findall(r"\d[\d,]*(?:\.\d+)?", t)}
        # a table row's text may run its cells together (825,956172,800587,090): then the
        # operand's digits stand in it
        digits = str(int(o["value"])) if float(o["value"]).is_integer() else str(o["value"])
        run_together = any(digits in t.replace(",", "") for t in texts)
        assert o["value"] in printed or run_together, (q["id"], o["label"])


def assert_value_follows(q: dict) -> None:
    """A lookup's value is its quoted print in the unit asked; a sum, difference or share is
    recomputed from its operands (a share from its first two, part then whole, in %)."""
    ops = q.get("operands") or []
    if q["kind"] == "lookup":
        want = in_unit(q["unit"], float(q["quote_contains"].replace(",", "").rstrip("%")), q["printed_unit"])
        assert q["value"] == pytest.approx(want, rel=1e-9), q["id"]
        return
    if q["kind"] not in ("sum", "difference", "share"):
        return
    assert len(ops) >= 2, q["id"]
    if q["kind"] == "share":
        part, whole = (in_unit("元", o["value"], o["printed_unit"]) for o in ops[:2])
        want = round(100 * part / whole, 2)
    else:
        vals = [in_unit(q["unit"], o["value"], o["printed_unit"]) for o in ops]
        want = sum(vals) if q["kind"] == "sum" else vals[0] - vals[1]
    assert q["value"] == pytest.approx(want, abs=1e-6), q["id"]


def repeated_questions(letter: str) -> list[str]:
    """The ids of a set's questions that another set already asks word for word."""
    path = set_path(letter)
    earlier = {re.sub(r"\s+", "", q["question"]) for q in load_questions([f for f in default_files() if f != path])}
    return [q["id"] for q in load_questions([path]) if re.sub(r"\s+", "", q["question"]) in earlier]
