"""A table printing a class code in columns of its own (类 / 款 / 项, 科目编码): the 款 and 项 digits
are the row's code, never an amount; a second class's code and name after the label are not the row's."""

from __future__ import annotations

from budgetlens.index.facts import _grid_facts
from qa_corpus import ruled_grid


def _facts(rows, title="部门经济分类与政府经济分类对照表"):
    grid = ruled_grid(rows, 20, title).model_copy(update={"header_rows": 2})
    return _grid_facts("x", 0, grid, "万元")


def test_code_digits_in_their_columns_are_no_amounts():
    facts = _facts([["部门经济分类科目编码", "", "部门经济分类科目名称", "政府经济分类科目编码", "", "政府经济分类科目名称", "合计"],
                    ["类", "款", "", "类", "款", "", ""],
                    ["303", "02", "退休费", "509", "05", "离退休费", "12,342.53"],
                    ["302", "11", "差旅费", "505", "02", "商品和服务支出", "13.40"]])
    got = {(f.row, f.code, f.value, f.col_index) for f in facts}
    assert got == {("退休费", "30302", 12342.53, 0), ("差旅费", "30211", 13.4, 0)}


def test_the_kuan_and_xiang_digits_join_the_class_code():
    facts = _facts([["科目编码", "", "", "科目名称", "预算金额"],
                    ["类", "款", "项", "", ""],
                    ["201", "06", "02", "财政监察", "16,778,500.00"]], title="项目支出表")
    assert {(f.code, f.value) for f in facts} == {("2010602", 16778500.0)}


def test_a_class_lines_name_with_its_spending_end_is_the_measure_said_with_jingfei():
    from budgetlens.qa.gate import _bare_label

    assert _bare_label("员视察经费", "4.政协事务款委员视察支出429.30万元")  # 委员视察（项）支出, its level glossed off
    assert not _bare_label("员视察经费", "委员视察调研支出12.00万元")  # another line going on
