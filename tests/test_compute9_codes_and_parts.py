"""Computed answers over class codes and parts printed apart: each class code a question says
names its own operand (基本养老保险缴费（2080505）和职业年金缴费（2080506）; 工资福利支出（301）占
一般公共预算支出), a row printing its code after its name is of that class ((8)对企业补助（312）),
a narrative label that is only a year names the words after it (2026年支出预算), and one line
printed in two tables is the statement that adds both (委托业务费 36.00 + 442.20 = 478.20)."""

from __future__ import annotations

import pytest
from budgetlens.qa.finder import bare_name, trailing_code
from budgetlens.qa.wholes import budget_vs_final
from budgetlens.schemas.document import Line, Page

from qa_corpus import asker_over, ruled_grid, stored_pdf, text_block

BODY = "澄岚市司法局"


def _filing():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{BODY}部门预算")] if p == 1 else [])
             for p in (1, 2, 3, 4)]
    pages[1].blocks.extend(text_block(t) for t in (
        "2026年支出预算16,375.67万元，其中，基本支出2,200.67万元。",
        "2026年本部门一般公共预算安排委托业务费478.20万元。",
        "机关运行经费444.39万元。",
        "工资福利支出(301)10,497.37万元。"))
    by_class = ruled_grid([["科目编码", "科目名称", "合计"],
                           ["2080505", "机关事业单位基本养老保险缴费支出", "893.60"],
                           ["2080506", "机关事业单位职业年金缴费支出", "506.80"],
                           ["", "合计", "13,650.79"]], 3, "一般公共预算支出情况表")
    basic = ruled_grid([["项目", "预算"], ["委托业务费", "36.00"], ["对企业补助", "0.00"]], 3, "经济分类支出表")
    project = ruled_grid([["项目", "预算"], ["委托业务费", "442.20"]], 4, "项目经济分类表")
    economic = ruled_grid([["项目", "2026 年"], ["(8)对企业补助（312）", "87,446.00"]], 4, "按经济分类支出表")
    return stored_pdf("d9" * 8, BODY, [by_class, basic, project, economic], pages=pages)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _filing())
    yield a
    a.close()


def test_each_class_code_names_its_own_operand(asker):
    a = asker.ask(f"{BODY}2026年机关事业单位基本养老保险缴费（2080505）和职业年金缴费（2080506）合计多少万元？")
    assert a.value == pytest.approx(1400.40), a.answer


def test_a_class_code_said_in_a_shares_part_is_the_parts(asker):
    a = asker.ask(f"{BODY}2026年工资福利支出（301）占一般公共预算支出的比重是多少？")
    assert a.value == pytest.approx(76.90), a.answer


def test_a_row_printing_its_code_after_its_name_is_of_that_class(asker):
    assert trailing_code("(8)对企业补助（312）") == "312" and trailing_code("对企业补助") == ""
    a = asker.ask(f"{BODY}2026年对企业补助（312）是多少万元？")
    assert a.value == pytest.approx(87446.0), a.answer


def test_a_label_that_is_only_a_year_names_the_words_after_it(asker):
    assert bare_name("2026年支出预算", "2026年", "基本支出占支出预算的比重") == "支出预算"
    assert bare_name("2026年支出预算", "2026年", "项目支出预算是多少亿元") == ""
    assert bare_name("其中，基本支出", "基本", "基本支出占支出预算的比重") == ""
    a = asker.ask(f"{BODY}2026年基本支出占支出预算的比重是多少？")
    assert a.value == pytest.approx(13.44), a.answer


def test_a_line_printed_in_two_tables_is_the_statement_adding_both(asker):
    a = asker.ask(f"{BODY}2026年委托业务费比机关运行经费多多少万元？")
    assert a.value == pytest.approx(33.81), a.answer


def test_final_against_a_bare_budget():
    assert budget_vs_final("财政拨款收入决算比预算多了多少万元")
    assert not budget_vs_final("一般公共预算财政拨款支出决算是多少")
