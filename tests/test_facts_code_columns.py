"""A table's class-code columns (科目编码 | 类 / 款 / 项, 功能分类科目代码, 单位编码) hold codes, never
amounts: the fact index reads their digits as the row's code, however the code is split over
columns, and a second classification printed beside the line's own names the same line again.
Under a header that does not say, digits are a code by their place (first in the row, or a
second classification's before its name) and an amount before more amounts; a row number
(序号) is neither."""

from __future__ import annotations

from budgetlens.index.facts import _grid_facts
from qa_corpus import ruled_grid


def _facts(rows: list[list[str]]) -> set[tuple[str, str, str, float]]:
    grid = ruled_grid(rows, 5, "一般公共预算支出预算表")
    return {(f.row, f.code, f.col, f.value) for f in _grid_facts("x", 0, grid, "万元")}


def test_a_code_split_over_class_columns_is_one_code_and_no_amount():
    facts = _facts([["类", "款", "项", "科目名称", "合计"],
                    ["201", "08", "01", "行政运行", "11,447.99"],
                    ["201", "08", "", "审计事务", "13,433.99"],
                    ["", "05", "", "高等职业教育", "165,160.20"]])
    # a 款 printed without its 类 above it (05 alone) is no class code, and no amount
    assert facts == {("行政运行", "2010801", "合计", 11447.99), ("审计事务", "20108", "合计", 13433.99),
                     ("高等职业教育", "", "合计", 165160.2)}


def test_a_second_classification_beside_the_line_names_it_again():
    facts = _facts([["类", "款", "部门经济分类科目名称", "类", "款", "政府经济分类科目名称", "合计", "人员经费"],
                    ["303", "02", "退休费", "509", "05", "离退休费", "12,342.53", "12,342.53"],
                    ["303", "01", "离休费", "509", "05", "离退休费", "455.39", "455.39"]])
    assert facts == {("退休费", "30302", "合计", 12342.53), ("退休费", "30302", "人员经费", 12342.53),
                     ("离休费", "30301", "合计", 455.39), ("离休费", "30301", "人员经费", 455.39)}


def test_a_unit_code_column_is_no_amount():
    facts = _facts([["单位编码", "单位名称", "合计"],
                    ["305001", "无锡市教育局（本级）", "131,349.60"]])
    assert facts == {("无锡市教育局（本级）", "305001", "合计", 131349.6)}


def test_an_amount_in_yuan_after_the_line_is_no_code():
    # 5 digits after the line's code and name, before its other amounts, are its amount in 元
    facts = _facts([["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
                    ["50203", "培训费", "80000", "0", "80000"]])
    assert facts == {("培训费", "50203", "合计", 80000.0), ("培训费", "50203", "人员经费", 0.0),
                     ("培训费", "50203", "公用经费", 80000.0)}


def test_codes_on_a_page_without_header_are_read_by_their_place():
    # a table continued on a page without its header: a code first in the row, and a second
    # classification's code before its name, are codes; digits before more amounts are one
    grid = ruled_grid([["30207", "邮电费", "50502", "商品和服务支出", "2.25", "0", "2.25"],
                       ["2080507", "对机关事业单位基本养老保险基金的补助", "68700", "0", "68700"]],
                      5, "一般公共预算基本支出预算表")
    grid.header_rows = 0
    facts = {(f.row, f.code, f.value) for f in _grid_facts("x", 0, grid, "万元")}
    assert facts == {("邮电费", "30207", 2.25), ("邮电费", "30207", 0.0),
                     ("对机关事业单位基本养老保险基金的补助", "2080507", 68700.0),
                     ("对机关事业单位基本养老保险基金的补助", "2080507", 0.0)}


def test_a_row_number_column_is_no_amount():
    facts = _facts([["序号", "部门经济科目编码", "部门经济科目名称", "合计", "公用经费支出"],
                    ["27", "30202", "印刷费", "60000", "30000"]])
    assert facts == {("印刷费", "30202", "合计", 60000.0), ("印刷费", "30202", "公用经费支出", 30000.0)}
