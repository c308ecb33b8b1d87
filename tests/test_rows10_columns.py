"""A printed line asked with a column or a table's subject (found by the rows probe,
eval.probe_rows): a class code with a column word is that column's number, or none; a line
of the 政府采购 table asked 政府采购中的… is that table's number, never the class line's total;
要花 asks what is spent."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, ruled_grid, stored_pdf

ENTITY = "澄岚市文旅局"


def _filing():
    spending = ruled_grid([["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                           ["2070113", "旅游宣传", "500.00", "100.00", "400.00"],
                           ["2070101", "行政运行", "800.00", "800.00", "0.00"],
                           ["2070199", "委托业务费", "60.00", "0.00", "60.00"]], 1, "支出总体情况表")
    buying = ruled_grid([["科目编码", "科目名称", "政府采购"],
                         ["2070113", "旅游宣传", "120.00"]], 2, "政府采购预算表")
    # the 政府采购 table of a subject printed in its title only
    goods = ruled_grid([["科目编码", "科目名称", "合计", "财政拨款"],
                        ["2070101", "行政运行", "30.00", "30.00"]], 3, "政府采购预算明细表")
    income = ruled_grid([["项目", "合计", "财政拨款", "单位资金"],
                         ["合计", "1,300.00", "1,250.00", "50.00"]], 2, "收入总体情况表")
    return stored_pdf("cd" * 8, ENTITY, [spending, buying, goods, income], pages=3, year=2026)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _filing())
    yield a
    a.close()


def test_a_class_code_with_a_column_word_is_that_columns_number(asker):
    a = asker.ask(f"{ENTITY}2026年功能分类科目2070113的政府采购是多少万元？")
    assert a.value == pytest.approx(120.0), a.answer
    assert a.citations and a.citations[0].page == 2
    b = asker.ask(f"{ENTITY}2026年功能分类科目2070113的项目支出是多少万元？")
    assert b.value == pytest.approx(400.0), b.answer


def test_a_column_the_codes_row_does_not_print_is_no_row_total(asker):
    a = asker.ask(f"{ENTITY}2026年功能分类科目2070113的单位资金是多少万元？")
    assert a.value != pytest.approx(500.0), a.answer
    assert a.value is None, a.answer


def test_a_line_asked_of_the_procurement_table_is_that_tables(asker):
    a = asker.ask(f"{ENTITY}2026年政府采购中的旅游宣传是多少万元？")
    assert a.value == pytest.approx(120.0), a.answer
    b = asker.ask(f"{ENTITY}2026年政府采购中的行政运行是多少万元？")
    assert b.value == pytest.approx(30.0), b.answer  # never the line's 800.00 of all spending
    assert b.citations and b.citations[0].page == 3


def test_yaohua_asks_what_is_spent(asker):
    a = asker.ask(f"{ENTITY}2026年委托业务费要花多少钱？")
    assert a.value == pytest.approx(60.0), a.answer
