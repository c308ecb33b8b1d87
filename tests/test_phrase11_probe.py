"""eval.probe_phrasing: rewordings that keep a journalists' question's meaning, judged against its
gold, counted per template only where the question as written is answered right."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from budgetlens.eval import probe_phrasing as pp


def _q(text, kind="lookup", entity="烟台市商务局", qid="x1", **kw):
    return {"id": qid, "kind": kind, "question": text, "part": "dev", "value": 12.5, "unit": "万元",
            "understood": {"entity": entity, "scope": "部门预算"}, **kw}


@dataclass(frozen=True)
class Case:
    template: str
    question: str
    want: str | None  # None: the template does not apply


CASES = [
    Case("polite/qingwen", "烟台市商务局2026年公务接待费是多少万元？", "请问烟台市商务局2026年公务接待费是多少万元？"),
    Case("punct/half", "烟台市商务局2026年因公出国（境）费是多少？", "烟台市商务局2026年因公出国(境)费是多少?"),
    Case("qmark/none", "烟台市商务局2026年公务接待费是多少？", "烟台市商务局2026年公务接待费是多少"),
    Case("year/cn", "烟台市商务局2026年比2025年多多少？", "烟台市商务局二〇二六年比二〇二五年多多少？"),
    Case("year/du", "烟台市商务局2026年度公务接待费是多少？", None),
    Case("year/short", "烟台市商务局2026年公务接待费是多少？", "烟台市商务局26年公务接待费是多少？"),
    Case("order/swap", "烟台市商务局2026年公务接待费是多少？", "2026年烟台市商务局的公务接待费是多少？"),
    Case("order/swap", "2026年烟台市商务局的公务接待费是多少？", "烟台市商务局2026年公务接待费是多少？"),
    Case("order/clauses", "烟台市商务局2026年公务接待费是多少？", "烟台市商务局，2026年，公务接待费是多少？"),
    Case("order/year_mid", "烟台市商务局2026年公务接待费是多少？", "烟台市商务局公务接待费2026年是多少？"),
    Case("order/measure_first", "烟台市商务局2026年公务接待费是多少？", "公务接待费，烟台市商务局2026年是多少？"),
    Case("de/add", "烟台市商务局2026年公务接待费是多少？", "烟台市商务局的2026年公务接待费是多少？"),
    Case("verb/有多少", "烟台市商务局2026年公务接待费是多少万元？", "烟台市商务局2026年公务接待费有多少万元？"),
    Case("verb/有多少", "烟台市商务局2026年公务接待费安排了多少？", None),  # the verb is the question's own
    Case("verb/安排了多少", "烟台市商务局2026年事业收入是多少？", None),  # an income is not arranged
    Case("unit/wan", "烟台市商务局2026年公务接待费是多少万元？", "烟台市商务局2026年公务接待费是多少万？"),
    Case("pct/swap", "烟台市商务局2026年公务接待费比上年增长了百分之几？", "烟台市商务局2026年公务接待费比上年增长了百分之多少？"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.template}:{c.question}")
def test_each_template_rewords_without_changing_the_meaning(case):
    kind = "change" if "百分之" in case.question else "lookup"
    assert pp.TEMPLATES[case.template](pp.parse(_q(case.question, kind=kind))) == case.want


def test_the_body_is_the_question_head_when_the_gold_names_it_otherwise():
    p = pp.parse(_q("烟台商务局2026年因公出国（境）费安排了多少万元？"))
    assert p.body == "烟台商务局" and p.year == "2026年"


def test_a_verb_is_not_added_where_the_question_has_one():
    assert pp.TEMPLATES["order/year_mid"](pp.parse(_q("烟台市商务局2026年公务接待费预算安排了多少？"))) is None


def test_rewordings_are_bounded_one_per_family_and_the_same_on_every_run():
    q = _q("烟台市商务局2026年公务接待费是多少万元？")
    made = pp.rewordings(q)
    assert made == pp.rewordings(dict(q))
    assert 0 < len(made) <= pp.PER_QUESTION
    families = [name.split("/")[0] for name, _ in made]
    assert len(families) == len(set(families))
    assert all(text != q["question"] for _, text in made)
    assert len(pp.rewordings(_q("烟台市商务局2026年公务接待费为什么增加了？", kind="why"))) <= 2
    assert pp.rewordings(_q("哪家最多？", kind="ranking")) == []


def test_rewordings_count_only_where_the_question_as_written_is_right():
    cases = [{"part": "dev", "qid": "a", "kind": "lookup", "template": "original", "outcome": "right"},
             {"part": "dev", "qid": "a", "kind": "lookup", "template": "year/cn", "outcome": "not_found"},
             {"part": "dev", "qid": "b", "kind": "lookup", "template": "original", "outcome": "wrong"},
             {"part": "dev", "qid": "b", "kind": "lookup", "template": "year/cn", "outcome": "wrong"}]
    s = pp.summarise(cases)["dev"]
    assert s["original"]["n"] == 2 and s["original"]["right"] == 1
    assert s["year/cn"]["n"] == 1 and s["year/cn"]["not_found"] == 1 and s["ALL"]["wrong"] == 0


class _Answer:
    def __init__(self, kind, value, unit="万元"):
        self.kind, self.value, self.unit, self.answer, self.citations = kind, value, unit, "…", []


def test_a_rewording_is_judged_by_the_original_gold_and_test_cases_keep_counts_only():
    q = _q("烟台市商务局2026年公务接待费是多少万元？")
    p = pp.Probe("x1", "dev", "lookup", "verb/有多少", "烟台市商务局2026年公务接待费有多少万元？", q)
    assert pp.judge(p, _Answer("value", 12.5))[0] == "right"
    assert pp.judge(p, _Answer("value", 13.5))[0] == "wrong"
    assert pp.judge(p, _Answer("not_found", None))[0] == "not_found"
    hidden = pp.record(pp.Probe("x1", "test", "lookup", "year/cn", "…", q), _Answer("value", 12.5), "right", "")
    assert set(hidden) == {"qid", "part", "kind", "template", "outcome"}
