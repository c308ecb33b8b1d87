"""Mutations of questions with no single value (``eval.mutate_kinds``): what each edits and
what must happen, and the judging of the answers (a fake answerer that always states its
verdict, its reason or its first place is caught as confidently wrong)."""

from __future__ import annotations

from types import SimpleNamespace

from budgetlens.eval.mutate import Mutation, classify
from budgetlens.eval.mutate_kinds import kind_mutations
from budgetlens.schemas.answer import Answer, AnswerCitation, AnswerRow

WS = SimpleNamespace(names=["无锡市统计局", "无锡市商务局", "无锡市水利局", "湖州市财政局"])


def _muts(q: dict) -> dict:
    base = {"id": "k1", "part": "dev", **q}
    made = kind_mutations(base, WS, lambda k, v, n, e, d="": Mutation(
        qid="k1", part="dev", set="", kind=k, variant=v, question=n, original=q["question"], expect=e,
        gold=None, gold_unit="万元", detail=d), 2023, "成都市")
    return {(m.kind, m.variant): m for m in made}


def test_consistency_mutations_move_year_and_body_and_change_a_quoted_figure():
    ms = _muts({"kind": "consistency", "expect_status": "pass",
                "question": "无锡市统计局2026年机关运行经费58.44万元，比上年少3.81万元，对吗？"})
    assert ms[("consistency", "year")].question.startswith("无锡市统计局2023年")
    assert ms[("consistency", "body")].question.startswith("成都市统计局2026年")
    assert ms[("consistency", "figure")].question == "无锡市统计局2026年机关运行经费59.44万元，比上年少3.81万元，对吗？"
    assert ms[("consistency", "figure")].expect == "fail"
    # a question found 不一致 already: a changed figure need not change the verdict
    assert ("consistency", "figure") not in _muts({"kind": "consistency", "expect_status": "fail",
                                                  "question": "无锡市统计局2026年机关运行经费58.44万元对吗？"})


def test_why_direction_is_flipped_only_where_the_premise_held():
    ms = _muts({"kind": "why", "question": "无锡市统计局2026年“三公”经费为什么增加了？",
                "passage_contains": "新增农业普查，经费增加"})
    assert ms[("why", "direction")].question == "无锡市统计局2026年“三公”经费为什么减少了？"
    assert ms[("why", "direction")].expect == "premise" and ms[("why", "year")].expect == "decline"
    held = _muts({"kind": "why", "question": "无锡市统计局2026年“三公”经费为什么增加了？",
                  "passage_contains": "比上年减少2万元，主要原因是压减开支"})
    assert ("why", "direction") not in held  # the filing prints 减少: the question's premise is false already


def test_ranking_operand_and_clarify_mutations():
    r = _muts({"kind": "ranking", "question": "无锡市统计局、商务局、水利局这三个部门，2026年谁的“三公”经费最多？"})
    m = r[("ranking", "phantom")]
    assert m.question == "无锡市统计局、档案局、水利局这三个部门，2026年谁的“三公”经费最多？" and m.detail == "档案局"
    d = _muts({"kind": "difference", "question": "湖州市财政局2026年机关运行经费比湖州卫健委多多少？"})
    assert d[("operand", "body")].question == "湖州市财政局2026年机关运行经费比成都卫健委多多少？"
    c = _muts({"kind": "change", "question": "无锡市统计局2026年“三公”经费与2025年相比变化了多少？"})
    assert c[("operand", "year")].question == "无锡市统计局2026年“三公”经费与2023年相比变化了多少？"
    k = _muts({"kind": "clarify", "question": "商务局2026年公务接待费是多少？"})
    assert k[("clarify", "measure")].question == "商务局2026年“三公”经费是多少？" and k[("clarify", "measure")].expect == "ask"


def _m(kind, variant, expect, detail="") -> Mutation:
    return Mutation(qid="k1", part="dev", set="", kind=kind, variant=variant, question="…", original="…",
                    expect=expect, gold=None, gold_unit="万元", detail=detail)


def _said(text, kind="consistency", verdict=None, quote="", table=()) -> Answer:
    cites = [AnswerCitation(doc_id="d", path="/f.pdf", page=3, quote=quote or "1.00")]
    rows = [AnswerRow(entity=e, value=1, unit="万元", value_wan=1, citation=1) for e in table]
    return Answer(question="…", answer=text, kind=kind, citations=cites, table=rows,
                  understood={"verdict": verdict} if verdict else {})


def test_an_answerer_that_always_states_is_caught():
    declined = Answer(question="…", answer="没有找到。", kind="not_found")
    # a verdict on a changed figure
    assert classify(_m("consistency", "figure", "fail"), _said("一致。", verdict="pass"))[0] == "confident_wrong"
    assert classify(_m("consistency", "figure", "fail"), _said("不一致。", verdict="fail"))[0] == "right"
    # a verdict or a reason of another body or year
    assert classify(_m("consistency", "body", "decline"), _said("一致。", verdict="pass"))[0] == "confident_wrong"
    assert classify(_m("why", "year", "decline"), _said("说明：…", kind="why"))[0] == "confident_wrong"
    assert classify(_m("why", "year", "decline"), declined)[0] == "right"
    # a flipped direction: the reason quoted as if it answered, or the premise said
    reason = "主要原因是新增农业普查"
    flipped = _m("why", "direction", "premise", reason)
    assert classify(flipped, _said(f"说明：“{reason}”", kind="why", quote=reason))[0] == "confident_wrong"
    assert classify(flipped, _said(f"注意：问题说减少，文件写的是增加。“{reason}”", kind="why", quote=reason))[0] == "right"
    # a body in no filing ranked first; left out and said; declined
    phantom = _m("ranking", "phantom", "rank", "档案局")
    assert classify(phantom, _said("…", kind="compare", table=["无锡市档案局"]))[0] == "confident_wrong"
    assert classify(phantom, _said("档案局没有文件，未计入。", kind="compare", table=["无锡市水利局"]))[0] == "right"
    assert classify(phantom, _said("…", kind="compare", table=["无锡市水利局"]))[0] == "wrong"
    assert classify(phantom, declined)[0] == "not_found"
    # a short name answered from one body
    assert classify(_m("clarify", "measure", "ask"), _said("为 6.40 万元。", kind="value"))[0] == "confident_wrong"
    assert classify(_m("clarify", "measure", "ask"), Answer(question="…", answer="哪一个？", kind="clarify"))[0] == "right"
