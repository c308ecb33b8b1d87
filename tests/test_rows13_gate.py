"""The last gate (qa.gate) reads a class line's name printed with its level and 支出 as the measure
asked with 经费 after it."""

from __future__ import annotations

from budgetlens.qa.gate import _bare_label


def test_a_class_lines_name_with_its_spending_end_is_the_measure_said_with_jingfei():
    assert _bare_label("员视察经费", "4.政协事务款委员视察支出429.30万元")  # 委员视察（项）支出, its level glossed off
    assert not _bare_label("员视察经费", "委员视察调研支出12.00万元")  # another line going on
