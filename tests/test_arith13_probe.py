"""The computed probe: what it asks of printed rows, the value it computes, and its judge."""

from __future__ import annotations

import pytest

from budgetlens.eval.probe_computed import Probe, changes, differences, judge, on_page, shares, sums, table_total
from budgetlens.eval.probe_rows import Row
from budgetlens.schemas.answer import Answer

T = "一般公共预算支出表"


def _r(measure, value, code="", column="", title=T, quals=("一般公共预算",)):
    return Row("d", measure, code, column, quals, value, 3, title, "cell", True)


rows = [_r("一般公共服务支出", 500.0, "201"), _r("人大事务", 120.0, "20101"), _r("政协事务", 80.0, "20102"),
        _r("行政运行", 100.0, "2010101"), _r("人大会议", 20.0, "2010102"),
        _r("人大事务", 110.0, "20101", "上年数")]


def test_a_difference_of_two_sibling_lines_larger_first():
    (op, form, head, text, want, ops, unit), = differences(rows, 1)
    assert (op, head, ops[0].measure, ops[1].measure) == ("difference", "一般公共预算", "人大事务", "政协事务")
    assert want == pytest.approx(40.0) and "人大事务比政协事务多多少万元" in text


def test_a_share_of_a_line_in_its_parent_class():
    made = shares(rows, 2)
    assert made[0][4] == pytest.approx(24.0) and made[0][5][1].measure == "一般公共服务支出"
    assert all(unit == "%" for *_, unit in made)


def test_a_sum_of_siblings_and_a_change_on_the_year_before():
    (op, _, _, text, want, ops, _), = sums(rows, 1)
    assert {r.measure for r in ops} == {"人大事务", "政协事务"} and want == pytest.approx(200.0)
    (op, form, _, text, want, ops, unit), = changes(rows, 1)
    assert (form, want, unit) == ("size_up", pytest.approx(10.0), "元") and "比上年增加了多少元" in text  # in 万元 until asked


def test_the_total_only_of_a_fund_s_spending_table():
    assert table_total(rows[0]) == "一般公共预算支出"
    assert table_total(_r("公务接待费", 5.0, title="一般公共预算“三公”经费支出表")) == ""


def test_an_operand_on_its_page():
    assert on_page("人大事务12000", _r("人大事务", 1.2), "120.00")
    assert not on_page("人大事务9999", _r("人大事务", 1.2), "120.00")


def test_judge():
    p = Probe("f", "dev", "share", "in_parent", "q", "%", 24.0, ())
    assert judge(p, Answer(question="q", answer="24.00%", kind="compare", value=24.0, unit="%"))[0] == "right"
    assert judge(p, Answer(question="q", answer="0.19%", kind="compare", value=0.19, unit="%"))[0] == "wrong"
    assert judge(p, Answer(question="q", answer="没有找到", kind="not_found"))[0] == "not_found"
