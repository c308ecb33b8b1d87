"""Exact or declined: a measure the question names is answered only by a number printed
under those words, in the column, scope and fund asked. A neighbour row, a 其中 row,
another column (上年 / 决算数), another scope (本级) or another fund (政府性基金) is never
the answer: the question is declined with the closest printed rows, each with its page."""

from __future__ import annotations

import pytest
from budgetlens.schemas.document import Document
from budgetlens.schemas.filing import Filing
from qa_corpus import asker_over, ruled_grid as _grid, stored_pdf

BODY = "澄岚市林业局"


def _filing() -> tuple[Document, Filing]:
    basic = _grid([["科目名称", "合计", "人员经费", "公用经费"],
                   ["公用经费", "80.00", "0.00", "80.00"],
                   ["其中：办公费", "30.00", "0.00", "30.00"],
                   ["水电费", "12.00", "0.00", "12.00"]], 2, "一般公共预算基本支出表")
    three = _grid([["项目", "上年预算数", "本年预算数"],
                   ["公务接待费", "25.00", "20.00"],
                   ["因公出国（境）费", "10.00", "8.00"]], 3, "一般公共预算“三公”经费支出表")
    fund = _grid([["项目", "合计"], ["合计", "300.00"], ["城乡社区支出", "300.00"]], 4,
                 "政府性基金预算支出表")
    return stored_pdf("e" * 16, BODY, [basic, three, fund], pages=4)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _filing())
    yield a
    a.close()


def _declined_with_pages(a):
    assert a.kind == "not_found" and a.value is None, a.answer
    assert "第" in a.answer and "页" in a.answer, a.answer  # the closest printed rows, with their pages


def test_the_column_asked_answers(asker):
    assert asker.ask(f"{BODY}2026年公务接待费是多少？").value == pytest.approx(20.0)
    assert asker.ask(f"{BODY}2026年上年公务接待费预算数是多少？").value == pytest.approx(25.0)


def test_a_neighbour_row_never_answers(asker):
    # 电费 is no 水电费; 印刷费 is printed nowhere
    _declined_with_pages(asker.ask(f"{BODY}2026年电费是多少？"))
    a = asker.ask(f"{BODY}2026年印刷费是多少？")
    assert a.kind == "not_found" and a.value is None, a.answer


def test_a_part_is_its_own_row_and_the_whole_is_not_the_part(asker):
    assert asker.ask(f"{BODY}2026年办公费是多少？").value == pytest.approx(30.0)
    assert asker.ask(f"{BODY}2026年公用经费是多少？").value == pytest.approx(80.0)


def test_another_fund_never_answers(asker):
    # 办公费 is printed only in the 一般公共预算 table: its 政府性基金 figure is not printed
    a = asker.ask(f"{BODY}2026年政府性基金安排的办公费是多少？")
    assert a.kind == "not_found" and a.value is None, a.answer
    b = asker.ask(f"{BODY}2026年政府性基金预算支出是多少？")
    assert b.value == pytest.approx(300.0)


def test_a_final_figure_asked_of_a_budget_is_declined(asker):
    a = asker.ask(f"{BODY}2026年公务接待费实际支出是多少？")
    assert a.kind == "not_found" and a.value is None, a.answer


def test_a_units_own_figure_asked_of_a_department_that_prints_none_is_declined(asker):
    a = asker.ask(f"{BODY}本级2026年公务接待费是多少？")
    assert a.kind == "not_found" and a.value is None, a.answer


def _kind(doc_id: str, doc_type: str, value: str) -> tuple[Document, Filing]:
    income = _grid([["项目", "合计", "财政拨款收入"], ["合计", value, value]], 2, "收入总表")
    return stored_pdf(doc_id, "澄岚大学", [income], year=2023, doc_type=doc_type)


def test_a_final_account_against_its_budget_reads_each_filing(tmp_path):
    a = asker_over(tmp_path, _kind("1" * 16, "budget", "200.00"), _kind("2" * 16, "final_accounts", "230.00"))
    try:
        d = a.ask("澄岚大学2023年财政拨款收入，决算数比年初预算数多了多少万元？")
        assert d.value == pytest.approx(30.0) and "[1]为预算数" in d.answer, d.answer
        c = a.ask("澄岚大学2023年财政拨款收入决算比预算数增长了百分之几？")
        assert c.value == pytest.approx(15.0) and c.unit == "%", c.answer
        # the final account's own figure, asked alone, is the final account's
        assert a.ask("澄岚大学2023年财政拨款收入决算数是多少？").value == pytest.approx(230.0)
    finally:
        a.close()


def test_the_items_of_one_measure_ranked_are_not_answered_with_its_total(asker):
    a = asker.ask(f"{BODY}2026年“三公”经费里哪项最多？")
    assert a.kind == "not_found" and a.value is None, a.answer


def test_the_second_half_of_a_joined_name_is_not_a_line_of_its_own(tmp_path):
    from qa_corpus import text_block

    doc, f = _filing()
    doc.pages[3].blocks.append(text_block("2026年公务用车购置及运行维护费预算50.00万元，公务用车购置费预算30.00万元。"))
    a = asker_over(tmp_path, (doc, f))
    try:
        # 运行维护费 said alone is not 公务用车购置及运行维护费 (50): no 运行维护 line is printed
        b = a.ask(f"{BODY}2026年运行维护费是多少？")
        assert b.value != pytest.approx(50.0), b.answer
    finally:
        a.close()
