"""A body with a 部门预算 and a 部门决算 of one year: a question saying 预算 in words the rewrites
fold into a printed line (本年收入预算 → 本年收入合计, 部门预算收入 → 收入总计) asks the budget,
not which filing; a question saying neither kind is still asked back."""

from __future__ import annotations

import pytest

from budgetlens.qa.plan import make_plan
from qa_corpus import asker_over, ruled_grid, stored_pdf


@pytest.mark.parametrize("asked", [
    "西南大学2023年本年收入预算是多少亿元？",
    "某局2026年部门预算收入是多少？",
    "某局2026年收入预算比上年增长了百分之几？",
    "某局2026年支出预算里，基本支出占几成？",
])
def test_a_budget_word_folded_into_the_line_still_asks_the_budget(asked):
    assert make_plan(asked).final is False


@pytest.mark.parametrize("asked, final", [
    ("某局2026年一般公共预算拨款支出是多少？", None),  # a fund's name, no kind
    ("某局2023年本年收入决算是多少？", True),
])
def test_a_funds_name_or_the_final_word_keep_their_reading(asked, final):
    assert make_plan(asked).final is final


@pytest.fixture(scope="module")
def two_kinds(tmp_path_factory):
    budget = ruled_grid([["项目", "预算数"], ["本年收入合计", "403,484.64"], ["本年支出合计", "400,000.00"]],
                        page=2, title="收支总表")
    final = ruled_grid([["项目", "决算数"], ["本年收入合计", "412,345.67"], ["本年支出合计", "405,000.00"]],
                       page=2, title="收入支出决算总表")
    a = asker_over(tmp_path_factory.mktemp("ws"),
                   stored_pdf("b" * 16, "澄岚大学", [budget], pages=3, year=2023),
                   stored_pdf("f" * 16, "澄岚大学", [final], pages=3, year=2023, doc_type="final_accounts"))
    yield a
    a.close()


def test_the_years_income_budget_is_read_from_the_budget(two_kinds):
    a = two_kinds.ask("澄岚大学2023年本年收入预算是多少万元？")
    assert a.kind == "value" and a.value == pytest.approx(403484.64), a.answer


def test_a_question_naming_no_kind_is_asked_back(two_kinds):
    a = two_kinds.ask("澄岚大学2023年本年收入是多少万元？")
    assert a.kind == "clarify" and "部门预算" in a.answer and "部门决算" in a.answer, a.answer
