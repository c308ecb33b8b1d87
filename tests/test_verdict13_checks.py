"""Checks asked in the fresh development set's words: 算得上吗 / 靠得住吗 as 对吗 (对得上吗 stays
a check of two figures); a total's change with its parts' changes quoted after 明细里 or asked
一加一减, checked with the signs said — and a part's change the filing does not print declined."""

from __future__ import annotations

import pytest
from budgetlens.qa.consistency import plain_check

from qa_corpus import asker_over, stored_pdf, text_page


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    entity = "澄岚县商务局"
    pages = [
        text_page(1, f"{entity}2026年部门预算"),
        text_page(2, "2026年本部门“三公”经费19.84万元，比上年减少5.96万元，下降23.1%。",
                  "其中：因公出国（境）费13.2万元，比上年减少6.8万元；",
                  "公务接待费6.64万元，比上年增加0.84万元；",
                  "公务用车购置及运行维护费0万元。",
                  "本部门机关运行经费安排4,656.19万元，比上年减少822.34万元，下降15%。",
                  "政府性基金支出预算支出67,808万元。与上年相比减少68,212万元，减少50.15%。",
                  "城市建设支出（项）支出67,808万元，与上年相比减少57,761.58万元。",
                  "农村基础设施建设支出（项）支出0万元，与上年相比减少10,450.42万元。"),
        text_page(3, "2026年“三公”经费预算176.31万元，其中：因公出国（境）费80万元，公务用车购置及运行维护费74.1万元，"
                  "公务接待费22.21万元。"),
    ]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("f" * 16, entity, [], pages=pages))
    yield a
    a.close()


def _verdict(answer) -> str | None:
    return (answer.understood or {}).get("verdict")


@pytest.mark.parametrize("question, plain", [
    ("这个15%算得上吗？", "这个15%对吗？"),
    ("这个比例靠得住吗？", "这个比例对吗？"),
    ("这个说法信得过吗？", "这个说法对吗？"),
    # a check of two figures keeps its words
    ("基本支出和支出预算合计对得上吗？", "基本支出和支出预算合计对得上吗？"),
    ("两处对得上吗？", "两处对得上吗？"),
])
def test_ways_of_asking_whether_a_figure_holds(question, plain):
    assert plain_check(question) == plain


@pytest.mark.parametrize("question, verdict", [
    ("澄岚县商务局2026年机关运行经费压了15%，4656.19万元比上年少822.34万元，这个15%算得上吗？", "pass"),
    ("澄岚县商务局2026年机关运行经费压了25%，4656.19万元比上年少822.34万元，这个25%靠得住吗？", "fail"),
    ("澄岚县商务局2026年“三公”少了5.96万元，出国少6.8万、招待多0.84万、公车没变，这几项一加一减对得上吗？", "pass"),
    ("澄岚县商务局2026年“三公”少了5.96万元，出国少6.8万、招待少0.84万、公车没变，这几项一加一减对得上吗？", "fail"),
    ("澄岚县商务局2026年政府性基金支出少了68,212万元，明细里城市建设支出少57,761.58万、农村基础设施建设支出少10,450.42万，"
     "两处对得上吗？", "pass"),
])
def test_verdicts_of_quoted_changes(asker, question, verdict):
    a = asker.ask(question)
    assert a.kind == "consistency" and _verdict(a) == verdict, a.answer


@pytest.mark.parametrize("question, verdict", [
    # the total named after its amount (和…万元的总数), the parts in brackets
    ("澄岚县商务局2026年“三公”经费分项（出国80万、公车74.1万、接待22.21万）和176.31万元的总数一致吗？", "pass"),
    ("澄岚县商务局2026年“三公”经费分项（出国80万、公车74.1万、接待19.84万）和176.31万元的总数一致吗？", "fail"),
    # 总共…，其中…: the total first, its parts after 其中
    ("核一下澄岚县商务局2026年“三公”：总共176.31万元，其中出国80万元、公车74.1万元、接待22.21万元。", "pass"),
])
def test_a_quoted_total_and_its_quoted_parts(asker, question, verdict):
    a = asker.ask(question)
    assert a.kind == "consistency" and _verdict(a) == verdict, a.answer


def test_one_figure_against_a_second_place_said_in_words_gets_no_verdict(asker):
    a = asker.ask("澄岚县商务局2026年“三公”经费预算说明里写了176.31万元，表下注却说本部门无“三公”经费预算、本表为空表，"
                  "这两处一致吗？")
    assert _verdict(a) is None and "另一处" in a.answer, a.answer


def test_a_part_the_filing_does_not_print_gets_no_verdict(asker):
    a = asker.ask("澄岚县商务局2026年政府性基金支出少了68,212万元，明细里城市建设支出少57,000万、农村基础设施建设支出少11,212万，"
                  "两处对得上吗？")
    assert a.kind != "consistency" and _verdict(a) is None and "57,000" in a.answer, a.answer
