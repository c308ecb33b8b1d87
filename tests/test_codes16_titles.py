"""A specialist's question: lines named by their class codes, in a table named by its title in
《》 (《一般公共预算基本支出明细表（按支出功能分类科目）》，2080501行政单位离退休与2080502事业单位
离退休的合计数相差多少): each code names its operand, also right after the comma, and the title
says which table's 合计 is read — not the 支出明细表 beside it printing the same lines with other
numbers."""

from __future__ import annotations

import pytest

from budgetlens.qa.wording import codes_in, title_fit, titles_said
from qa_corpus import asker_over, ruled_grid, stored_pdf


def test_a_code_right_after_a_comma_is_a_code():
    said = "某局2026年《支出总体情况表》,2080501行政单位离退休与2080502事业单位离退休的合计数相差多少万元?"
    assert codes_in(said) == ["2080501", "2080502"]


def test_a_thousands_comma_starts_no_code():
    assert codes_in("合计1,234万元,其中123") == ["123"]


def test_a_titles_words_are_taken_out_of_the_question():
    rest, titles = titles_said("某局2026年《财政拨款支出表（功能科目）》，A与B的合计数相差多少？")
    assert "财政拨款" not in rest and titles == ["财政拨款支出表功能科目"]


@pytest.mark.parametrize("asked, printed, fits", [
    ("支出总体情况表", "表3本年支出总体情况表", True),
    ("财政拨款支出表（功能科目）", "财政拨款支出表（按功能分类科目）", True),
    ("部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）",
     "表7部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）", True),
    ("部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）",
     "表5部门综合预算一般公共预算支出明细表（按支出功能分类科目）", False),
    ("支出总体情况表", "收支总体情况表", False),
])
def test_a_title_fits_the_printed_table_of_that_name_only(asked, printed, fits):
    assert bool(title_fit(titles_said(f"《{asked}》")[1][0], printed)) is fits


@pytest.fixture(scope="module")
def two_tables(tmp_path_factory):
    whole = ruled_grid([["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                        ["2080501", "行政单位离退休", "300.00", "250.00", "50.00"],
                        ["2080502", "事业单位离退休", "120.00", "100.00", "20.00"]],
                       page=5, title="表5一般公共预算支出明细表（按支出功能分类科目）")
    basic = ruled_grid([["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
                        ["2080501", "行政单位离退休", "250.00", "240.00", "10.00"],
                        ["2080502", "事业单位离退休", "100.00", "95.00", "5.00"]],
                       page=7, title="表7一般公共预算基本支出明细表（按支出功能分类科目）")
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("c" * 16, "澄岚市财政局", [whole, basic], pages=8))
    yield a
    a.close()


def test_the_titled_tables_total_column_answers_a_difference_of_two_coded_lines(two_tables):
    a = two_tables.ask("澄岚市财政局2026年《一般公共预算基本支出明细表（按支出功能分类科目）》，"
                       "2080501行政单位离退休与2080502事业单位离退休的合计数相差多少万元？")
    assert a.kind != "not_found" and a.value == pytest.approx(150.0), a.answer
    assert {c.page for c in a.citations} == {7}, a.answer


def test_the_other_titled_table_answers_with_its_own_numbers(two_tables):
    a = two_tables.ask("澄岚市财政局2026年《一般公共预算支出明细表（按支出功能分类科目）》，"
                       "2080501行政单位离退休与2080502事业单位离退休的合计数相差多少万元？")
    assert a.kind != "not_found" and a.value == pytest.approx(180.0), a.answer
    assert {c.page for c in a.citations} == {5}, a.answer
