"""A why whose premise the filing contradicts, answered by a reason stated without figures
(预算收支减少主要原因说明：…): the statements of the change's amount right before it are quoted
first, so that the answer shows which way the figures went."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, stored_pdf, text_page


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    entity = "澄岚县建筑工务署"
    pages = [
        text_page(1, f"{entity}2026年部门预算"),
        text_page(2, "2026年澄岚县建筑工务署部门预算收入33,934.54万元，较2025年年初预算减少41,827.00万元，减少55.2%。",
                  "2026年澄岚县建筑工务署部门预算支出33,934.54万元，较2025年年初预算减少41,827.00万元，减少55.2%。",
                  "预算收支减少主要原因说明：2025年部门预算含中央基建资金，2026年部门预算不含中央基建资金。"),
    ]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("d" * 16, entity, [], pages=pages))
    yield a
    a.close()


def test_a_false_premise_is_answered_with_the_figures_of_the_change(asker):
    a = asker.ask("澄岚县建筑工务署2026年预算收支为什么大幅增加？")
    assert a.kind == "why" and a.understood.get("premise") == "contradicted", a.answer
    assert "部门预算支出33,934.54万元，较2025年年初预算减少41,827.00万元" in a.answer, a.answer
    assert "不含中央基建资金" in a.answer  # the reason still quoted


def test_a_premise_the_filing_bears_out_quotes_the_reason_alone(asker):
    a = asker.ask("澄岚县建筑工务署2026年预算收支为什么减少？")
    assert a.kind == "why" and "不含中央基建资金" in a.answer, a.answer
    assert "33,934.54" not in a.answer, a.answer


@pytest.mark.parametrize("asked, plain", [
    # 怎么 with the year compared with before the change: a why
    ("公务用车购置费怎么比2025年少了30万元？", "公务用车购置费为什么比2025年少了30万元？"),
    ("三公经费怎么从上年大幅降到6.4万元？", "三公经费为什么从上年大幅降到6.4万元？"),
    # 怎么 asking how, not why
    ("会议费怎么算的？", "会议费怎么算的？"),
])
def test_how_come_said_with_the_year_compared_is_a_why(asked, plain):
    from budgetlens.qa.why import plain_why

    assert plain_why(asked) == plain


def test_how_come_it_fell_is_answered_with_the_reason(asker):
    a = asker.ask("澄岚县建筑工务署2026年预算收支怎么比2025年少了41827万元？")
    assert a.kind == "why" and "不含中央基建资金" in a.answer, a.answer
