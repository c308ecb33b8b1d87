"""The evaluation's fast subset, run in CI: scores below eval/thresholds.toml fail the build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from budgetlens.eval.harness import evaluate
from budgetlens.eval.report import thresholds_failed, write_report

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = ROOT / "eval" / "thresholds.toml"


def _enforce(result: dict, suite: str, tmp_path: Path) -> None:
    report = write_report(result, tmp_path)  # the report renders for every run
    assert report.exists() and "| document |" in report.read_text(encoding="utf-8")
    failed = thresholds_failed(result, THRESHOLDS, suite)
    assert not failed, "\n".join(failed) + "\n\n" + report.read_text(encoding="utf-8")[:4000]


def test_seeds_meet_thresholds(seeds_dir, settings, tmp_path):
    result = evaluate(ROOT / "eval" / "gold" / "seeds", seeds_dir, settings)
    assert result["overall"]["documents"] == 5 and result["overall"]["errors"] == 0
    _enforce(result, "seeds", tmp_path)


def test_samples_meet_thresholds(settings, tmp_path):
    result = evaluate(ROOT / "samples", None, settings)
    assert result["overall"]["documents"] >= 4 and result["overall"]["errors"] == 0
    _enforce(result, "samples", tmp_path)


@pytest.mark.slow
def test_generated_families_meet_thresholds(settings, tmp_path):
    from budgetlens.eval.suite import generate

    generate(tmp_path / "fixtures", n=1, layouts=("ruled", "borderless", "split", "wrapped", "docx", "text"))
    result = evaluate(tmp_path / "fixtures", None, settings)
    assert set(result["layouts"]) == {"ruled", "borderless", "split", "wrapped", "docx", "text"}
    _enforce(result, "fixtures", tmp_path)


def test_thresholds_catch_a_drop(tmp_path):
    """A score under its bound is reported (the gate itself can fail)."""
    fake = {"overall": {"cell_f1": 0.5, "key_figure_accuracy": 1.0, "planted_error_recall": 1.0,
                        "false_fail_documents": 2}}
    failed = thresholds_failed(fake, THRESHOLDS, "seeds")
    assert any("cell_f1" in f for f in failed) and any("false_fail_documents" in f for f in failed)


@pytest.mark.model_requests
def test_side_by_side_scores_rules_and_llm_in_one_run(settings, tmp_path):
    """With a model that proposes nothing groundable, LLM-assisted scores equal rule-only
    ones: a rule value is never replaced, an ungrounded one never added."""
    from langchain_core.language_models.fake_chat_models import FakeListChatModel

    from budgetlens.eval.harness import side_by_side, side_by_side_lines

    gold = tmp_path / "gold"
    gold.mkdir()
    for name in ("fx0004_text.txt", "fx0004_text.json"):
        (gold / name).write_bytes((ROOT / "samples" / name).read_bytes())
    model = FakeListChatModel(responses=['{"cells": [], "figures": [], "table_id": "T03"}'] * 50)
    result = side_by_side(gold, None, settings, model)
    assert result["llm"]["overall"]["cell_f1"] == result["overall"]["cell_f1"] == 1.0
    assert "| cell_f1 | 1.0 | 1.0 |" in side_by_side_lines(result)


def test_a_document_that_fails_still_counts_against_its_scores(settings, tmp_path):
    """A crash or a missing file is scored as all misses, its known errors unfound."""
    import json

    gold = {"doc": "missing.txt", "layout": "text", "key_figures": {"income_total": 1.0},
            "known_errors": [{"kind": "entity", "description": "x"}],
            "tables": [{"table_id": "T03", "rows": [{"key": "total", "cells": {"total": 1.0}}]}]}
    (tmp_path / "missing.json").write_text(json.dumps(gold), encoding="utf-8")
    result = evaluate(tmp_path, None, settings)
    o = result["overall"]
    assert o["errors"] == 1 and o["cell_recall"] == 0.0 and o["key_figures_correct"] == 0
    assert o["planted_errors_total"] == 1 and o["planted_errors_found"] == 0
    assert "text" in result["layouts"]


def test_a_run_is_saved_whole_as_json_and_a_page(tmp_path):
    from budgetlens.eval.report import save_run

    out = tmp_path / "runs" / "one"
    save_run(out, "scores", {"summary": {"right": 3}, "questions": ["甲"]}, "# 三题\n")
    save_run(out, "mutations", {"cases": []}, "# 变体\n")
    assert json.loads((out / "scores.json").read_text(encoding="utf-8"))["questions"] == ["甲"]
    assert (out / "report.md").read_text(encoding="utf-8") == "# 三题\n"
    assert (out / "mutations.md").read_text(encoding="utf-8") == "# 变体\n"
    assert sorted(p.name for p in out.iterdir()) == ["mutations.json", "mutations.md", "report.md", "scores.json"]
