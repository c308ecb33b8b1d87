"""The mutation harness (``eval.mutate``): from a journalists' question it makes questions whose
answer changes or is not printed, and it reports an answerer that states the original
number anyway (the check can fail: a fake answerer that always answers is caught)."""

from __future__ import annotations

import pytest
from budgetlens.eval.mutate import classify, mutations, run, summarise, Workspace
from budgetlens.schemas.answer import Answer, AnswerCitation
from budgetlens.schemas.document import Document, Line, Page
from budgetlens.schemas.filing import Filing, Source

from qa_corpus import asker_over, ruled_grid, text_block


def _budget(doc_id: str, entity: str, reception: str) -> tuple[Document, Filing]:
    """A 2026 部门预算 with a 三公 table and one sentence; no 本级, 汇总 or 政府性基金 printed."""
    three = ruled_grid([["项目", "预算数"], ["“三公”经费", "175.00"], ["因公出国（境）费", "169.00"],
                        ["公务用车购置及运行费", "4.00"], ["公务接待费", reception]],
                       page=3, title="财政拨款“三公”经费预算表")
    pages = [Page(number=p, source="text", lines=[Line(text=f"{entity}2026年部门预算")] if p == 1 else [])
             for p in range(1, 5)]
    pages[3].blocks.append(text_block(f"公务接待费{reception}万元，主要用于业务交流。"))
    path = f"/filings/{doc_id}.pdf"
    document = Document(doc_id=doc_id, sha256=doc_id * 4, path=path, media="pdf", pages=pages, tables=[three])
    filing = Filing(doc_id=doc_id, source=Source(path=path, sha256=doc_id * 4, pages=4, media="pdf"),
                    entity=entity, fiscal_year=2026, doc_type="budget")
    return document, filing


QUESTION = {"id": "m001", "kind": "lookup", "part": "dev", "set": "test",
            "question": "乌海市水利局2026年公务接待费预算是多少万元？", "files": ["filings/" + "w" * 16 + ".pdf"],
            "value": 2.0, "unit": "万元", "page": 3,
            "understood": {"entity": "乌海市水利局", "year": 2026, "measure": "公务接待费", "operation": "lookup"}}


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("mutate"), _budget("w" * 16, "乌海市水利局", "2.00"),
                   _budget("c" * 16, "澄岚市水利局", "3.50"))
    yield a
    a.close()


def test_mutations_edit_one_element_and_know_what_must_happen(asker):
    ms = {(m.kind, m.variant): m for m in mutations(QUESTION, Workspace(asker.engine))}
    assert ms[("year", "moved")].question == "乌海市水利局2023年公务接待费预算是多少万元？"
    assert ms[("body", "city")].question.startswith("成都市水利局2026年")
    assert ms[("body", "sibling")].question.startswith("乌海市气象局2026年")
    assert ms[("body", "short")].question.startswith("水利局2026年")  # two printed bodies end so
    assert ms[("scope", "本级")].question.startswith("乌海市水利局（本级）2026年")
    assert ms[("scope", "政府性基金")].question == "乌海市水利局2026年政府性基金公务接待费预算是多少万元？"
    assert ms[("measure", "item")].question == "乌海市水利局2026年取暖费预算是多少万元？"
    assert all(m.expect == "decline" for k, m in ms.items() if k[0] in ("year", "body", "measure"))
    assert ms[("unit", "元")].question == "乌海市水利局2026年公务接待费预算是多少元？"
    assert ms[("unit", "元")].want == pytest.approx(20000) and ms[("unit", "亿元")].want == pytest.approx(0.0002)
    # a question of another kind is not mutated
    assert mutations({**QUESTION, "kind": "ranking"}, Workspace(asker.engine)) == []


class _Always:
    """A fake answerer stating the same answer to every question (or declining every one)."""

    def __init__(self, engine, answer: Answer):
        self.engine, self.answer = engine, answer

    def ask(self, text):
        return self.answer.model_copy(update={"question": text})


def _stated(value: float, unit: str = "万元", where: str = "表「公务接待费」预算数") -> Answer:
    return Answer(question="", answer=f"为 {value} {unit}。", value=value, unit=unit, kind="value",
                  citations=[AnswerCitation(doc_id="w" * 16, path="/filings/w.pdf", page=3, quote="公务接待费 2.00",
                                            where=where)])


def test_an_answerer_stating_the_original_number_is_reported(asker):
    cases = run(_Always(asker.engine, _stated(2.0)), [QUESTION])
    summary = summarise(cases)["dev"]
    for kind in ("year", "body", "measure"):
        assert summary[kind]["confident_wrong"] == summary[kind]["n"] > 0
    assert summary["unit"]["confident_wrong"] == summary["unit"]["n"] == 2  # 2 万元 stated as 2 元
    assert summary["ALL"]["right"] == 0
    other = summarise(run(_Always(asker.engine, _stated(7.5)), [QUESTION]))["dev"]
    assert other["body"]["wrong"] == other["body"]["n"]  # another number stated as fact


def test_declining_is_right_except_for_a_unit_asked(asker):
    no = Answer(question="", answer="没有找到。", kind="not_found")
    summary = summarise(run(_Always(asker.engine, no), [QUESTION]))["dev"]
    assert summary["ALL"]["confident_wrong"] == summary["ALL"]["wrong"] == 0
    assert summary["unit"]["not_found"] == 2 and summary["year"]["right"] == summary["year"]["n"]


def test_a_unit_mutation_is_right_only_converted_and_a_printed_variant_needs_its_cell():
    from budgetlens.eval.mutate import Mutation

    base = dict(qid="q", part="dev", set="s", original="", gold=2.0, gold_unit="万元")
    unit = Mutation(kind="unit", variant="元", question="…多少元？", expect="convert", want=20000.0, **base)
    assert classify(unit, _stated(20000.0, "元"))[0] == "right"
    assert classify(unit, _stated(2.0, "元"))[0] == "confident_wrong"
    scope = Mutation(kind="scope", variant="本级", question="…（本级）…", expect="differ", **base)
    assert classify(scope, _stated(2.0))[0] == "confident_wrong"  # the same cell, no 本级 in it
    assert classify(scope, _stated(2.0, where="表「乌海市水利局（本级）」公务接待费"))[0] == "right"
    assert classify(scope, _stated(1.2))[0] == "right"  # another cell's value


def test_the_answerer_states_no_original_number_for_these_mutations(asker):
    cases = run(asker, [QUESTION])
    bad = [(c.mutation.question, c.answer) for c in cases if c.outcome in ("confident_wrong", "wrong")]
    assert cases and not bad
