"""eval.probes: every probe run asks each probe through the CLI's Asker, judges it, and
writes one report whose markdown lists the cases not right."""

from __future__ import annotations

import json
from dataclasses import dataclass

from budgetlens.eval import probes as run


@dataclass
class _Probe:
    question: str
    want: str


class _Answer:
    def __init__(self, text):
        self.answer, self.kind = text, "value"


class _Asker:
    closed = False

    def __init__(self, settings):
        self.engine = "engine"

    def ask(self, q):
        return _Answer("一致" if "对" in q else "不一致")

    def close(self):
        _Asker.closed = True


def _summarise(cases):
    return {"right": sum(c["outcome"] == "right" for c in cases), "n": len(cases)}


def _markdown(summary, cases):
    return f"right {summary['right']} of {summary['n']}\n" + "".join(f"- {c['question']}\n" for c in cases
                                                                     if c["outcome"] != "right")


def test_each_probe_of_each_part_is_asked_judged_and_reported(tmp_path, monkeypatch):
    import budgetlens.qa

    monkeypatch.setattr(budgetlens.qa, "Asker", _Asker)
    made = {"dev": [_Probe("甲对吗", "一致"), _Probe("乙对吗", "不一致")], "test": [_Probe("丙错吗", "不一致")]}
    logged = []
    report = run.run_probes(
        None, "probe_demo", lambda engine, part: made[part] if engine == "engine" else [],
        lambda p, a: (("right", "") if a.answer == p.want else ("wrong", a.answer)),
        lambda p, a, outcome, why: {"question": p.question, "outcome": outcome, "why": why},
        _summarise, _markdown, parts=("dev", "test"), out=tmp_path, log=logged.append,
        line=lambda p, outcome, why: f"{p.question}\t{outcome}")
    assert [c["outcome"] for c in report["cases"]] == ["right", "wrong", "right"]
    assert report["summary"] == {"right": 2, "n": 3} and _Asker.closed
    assert logged == ["甲对吗\tright", "乙对吗\twrong", "丙错吗\tright"]
    saved = json.loads((tmp_path / "probe_demo.json").read_text(encoding="utf-8"))
    assert saved["summary"] == report["summary"] and len(saved["cases"]) == 3
    # the saved page lists the case not right; the report's own markdown only the summary
    assert (tmp_path / "probe_demo.md").read_text(encoding="utf-8") == "right 2 of 3\n- 乙对吗\n"
    assert report["markdown"] == "right 2 of 3\n"
