"""A table's class-code columns (科目编码 | 类 / 款 / 项, 功能分类科目代码, 单位编码) hold codes, never
amounts: the fact index reads their digits as the row's code, however the code is split over
columns, and a second classification printed beside the line's own names the same line again."""

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
