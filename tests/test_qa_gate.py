"""The last gate (``qa.gate``): a stated number whose citations do not account for the
question is declined with the cited rows as candidates; an answer they account for passes.

Answers are built by hand, as the answerer returns them (question, value, citations with
``where`` / ``entity`` / ``quote``, ``understood``), over two filings' records."""

from __future__ import annotations

import pytest

from budgetlens.index.facts import DocInfo
from budgetlens.qa.gate import gate
from budgetlens.schemas.answer import Answer, AnswerCitation

DOCS = {
    "sz": DocInfo("sz", "/f/sz.pdf", "sz.pdf", "深圳市卫生健康委员会", 2026, "budget", "部门",
                  ("深圳市卫生健康委员会", "深圳市卫生健康委员会（本级）")),
    "gz": DocInfo("gz", "/f/gz.pdf", "gz.pdf", "广州市水务局", 2026, "budget", "部门", ("广州市水务局",)),
    "wx": DocInfo("wx", "/f/wx.pdf", "wx.pdf", "无锡市水务局", 2026, "budget", "部门", ("无锡市水务局",)),
}


def _answer(question: str, cites: list[tuple[str, int, str, str]], value: float = 11.56,
            operation: str = "lookup", measure: str = "公务接待费") -> Answer:
    citations = [AnswerCitation(doc_id=d, path=DOCS[d].path, page=p, quote=q, entity=DOCS[d].entity, where=w)
                 for d, p, w, q in cites]
    return Answer(question=question, answer=f"…为 {value} 万元。[1]", value=value, unit="万元", kind="value",
                  citations=citations, verified=True,
                  understood={"entity": DOCS[cites[0][0]].entity, "operation": operation, "measure": measure})


RECEPTION = ("sz", 32, "财政拨款“三公”经费支出表「深圳市卫生健康委员会（本级） 2026 年」公务接待费|一般公共预算",
             "2026 年 32.56 0.00 11.56")
NARRATIVE = ("sz", 9, "", "公务接待费2026年预算数11.56万元，较2025年年初预算增加0.00万元。")


@pytest.mark.parametrize("question", [
    "深圳市卫健委2026年公务接待费预算是多少万元？",        # a short form whose characters stand in the name
    "深圳市卫生健康委员会（本级）2026年公务接待费是多少？",  # 本级 carried by the cited row
    "请问深圳卫健委2026年“三公”经费里的公务接待费是多少？",  # 三公: the cited table's catalogue name
])
def test_an_answer_its_citations_account_for_passes(question):
    a = _answer(question, [RECEPTION, NARRATIVE])
    assert gate(a, DOCS) is a


@pytest.mark.parametrize("question, failed", [
    ("成都市卫生健康委员会2026年公务接待费预算是多少？", "body"),       # another city
    ("深圳市卫生档案委员会2026年公务接待费预算是多少？", "body"),       # a sibling word
    ("深圳市卫健委2019年公务接待费预算是多少？", "year"),                 # a year no cited filing is of
    ("深圳市卫健委2026年单位预算公务接待费是多少？", "scope"),           # a 部门 filing, no 单位预算 printed
    ("深圳市卫健委2026年政府性基金公务接待费是多少？", "scope"),         # no 政府性基金 in the cited cells
    ("深圳市卫健委2026年取暖费预算是多少？", "measure"),                 # a measure the citations do not print
    ("深圳市卫健委2026年福利费里的公务接待费是多少？", "measure"),       # a container the citations do not print
    ("深圳市卫健委2026年上年公务接待费是多少？", "scope"),               # 上年: a 2026 cell is no 上年 figure
])
def test_an_answer_its_citations_do_not_account_for_is_declined(question, failed):
    a = _answer(question, [RECEPTION, NARRATIVE])
    out = gate(a, DOCS)
    assert out.kind == "not_found" and out.value is None
    assert any(g.startswith(failed) for g in out.understood["gate"]), out.understood
    # what was understood stays, and the cited rows come back as candidates with their pages
    assert out.understood["entity"] == "深圳市卫生健康委员会"
    assert {c["citation"]["page"] for c in out.candidates} == {32, 9}
    assert "第32页" in out.answer


def test_two_bodies_cited_for_a_short_form_of_both_is_declined():
    a = _answer("水务局2026年部门预算收入一共多少元？",
                [("gz", 8, "B01「收入总计」金额", "300,185.19"), ("wx", 60, "B01「收入总计」金额", "857,808.76")],
                value=1158, operation="sum", measure="收入总计")
    out = gate(a, DOCS)
    assert out.kind == "not_found" and any(g.startswith("body") for g in out.understood["gate"])
    both = _answer("广州市水务局和无锡市水务局2026年收入总计一共多少？",
                   [("gz", 8, "B01「收入总计」金额", "300,185.19"), ("wx", 60, "B01「收入总计」金额", "857,808.76")],
                   value=1158, operation="sum", measure="收入总计")
    assert gate(both, DOCS) is both


def test_a_year_before_is_a_figure_of_that_year_not_a_change_on_it():
    said = ("sz", 34, "", "本部门当年公务接待费预算安排11.56万元，较上年的9.80万元，增加1.76万元。")
    kept = _answer("深圳市卫健委2026年上年的公务接待费是多少？", [said], value=9.8)
    assert gate(kept, DOCS) is kept
    change = ("sz", 34, "", "公务接待费11.56万元，比上年减少0.50万元。")
    assert gate(_answer("深圳市卫健委上年公务接待费是多少？", [change]), DOCS).kind == "not_found"


def test_declines_and_answers_without_a_value_pass_untouched():
    declined = Answer(question="成都市统计局2026年公务接待费是多少？", answer="没有找到。", kind="not_found")
    assert gate(declined, DOCS) is declined
    ranking = _answer("成都市哪个单位公务接待费最多？", [RECEPTION], operation="ranking")
    assert gate(ranking, DOCS) is ranking
