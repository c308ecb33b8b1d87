"""A body's own (本级) figures: the narrative of a 深圳-style filing states the body's budget and
its parts (…（本级）预算5,417.80万元，包括在职人员经费2,830.73万元、公用经费502.22万元…), and questions
ask shares and differences of them in their own words (占几成？算个百分比 / 预算5417.8万元，在职人员经费
占几成 / 人头费（在职人员经费）和公用经费相差多少)."""

from __future__ import annotations

import pytest
from budgetlens.qa.wholes import share_segments

from qa_corpus import asker_over, own_budget_office

OFFICE = "澄岚市统计局"


def _office():
    return own_budget_office("o16w" + "0" * 12, OFFICE)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _office())
    yield a
    a.close()


def test_asking_for_a_percentage_after_the_share_names_no_whole():
    # 占几成？算个百分比: the whole is the budget before 里, not 算个
    assert share_segments("本级的预算里在职人员经费占几成?算个百分比") == ((6, 12), (0, 5), True)


def test_a_whole_said_with_its_amount_before_the_part():
    # 本级2026年预算5417.8万元，在职人员经费占几成 (as compared): the whole ends with its amount
    assert share_segments("本级预算54178万元在职人员经费占几成?") == ((11, 17), (0, 11), True)


@pytest.mark.parametrize("question", [
    f"{OFFICE}（本级）2026年的预算里，在职人员经费占几成？算个百分比。",
    f"{OFFICE}本级2026年预算5417.8万元，在职人员经费占几成？",
])
def test_a_share_of_the_bodys_own_budget_in_the_askers_words(asker, question):
    a = asker.ask(question)
    assert a.value == pytest.approx(52.25, abs=0.01), a.answer  # 2,830.73 ÷ 5,417.80


def test_a_short_colloquial_fee_glossed_with_the_printed_line_is_that_line():
    from budgetlens.qa.plan import rewrite

    assert "人头费" not in rewrite("深圳市财政局2026年人头费（在职人员经费）和公用经费相差多少万？")
    assert "在职人员经费和公用经费" in rewrite("深圳市财政局2026年人头费（在职人员经费）和公用经费相差多少万？")


def test_an_item_of_the_budgets_list_is_labelled_alone(asker):
    # …预算5,417.80万元，包括在职人员经费2,830.73万元、公用经费502.22万元: 公用经费 is the list's item, not
    # “…预算5,417.80万元，公用经费” (which a question naming the body without 本级 did not find)
    labels = {f.row for f in asker.engine.index.by_doc["o16w" + "0" * 12] if f.kind == "sentence"}
    assert "公用经费" in labels and not any("，公用经费" in x for x in labels)


@pytest.mark.parametrize("question", [
    f"{OFFICE}2026年人头费（在职人员经费）和公用经费相差多少万？",
    f"{OFFICE}（本级）2026年人头费（在职人员经费）和公用经费相差多少万？",
])
def test_the_difference_of_two_items_of_the_bodys_own_budget(asker, question):
    a = asker.ask(question)
    assert a.value == pytest.approx(2328.51, abs=0.01), a.answer  # 2,830.73 − 502.22


def test_a_question_opening_with_the_filing_being_read_names_it(asker):
    # 我在看…的2026年部门预算，…: the words before the body say what the asker reads, not the measure
    a = asker.ask(f"我在看{OFFICE}（本级）的2026年部门预算，公用经费安排了多少万元？")
    assert a.value == pytest.approx(502.22), a.answer
