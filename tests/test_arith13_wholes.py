"""A share's part and whole read in one table; a table's 增减 number is a change, not a year's."""

from __future__ import annotations

from dataclasses import dataclass, field

from budgetlens.index.facts import Fact, canon
from budgetlens.qa.engine import a_change
from budgetlens.qa.wholes import within_one_table
from budgetlens.qa.wording import Match


def _f(row, value, table, title, code="", col="合计", page=1):
    return Fact("d", "grid", table, title, row, code, col, value, "万元", page, None, "", canon_row=canon(row))


@dataclass
class _Index:
    facts: list
    by_doc: dict = field(default_factory=dict)

    def __post_init__(self):
        self.by_doc = {"d": self.facts}


def _m(f):
    return Match(100, f, (0, 2), f.row)


SPENDING = "一般公共预算支出表"
PURCHASE = "政府采购预算表"
all_edu = _f("教育支出", 81946.84, "g1", SPENDING, "205")
all_pre = _f("学前教育", 3000.0, "g1", SPENDING, "20502")
buy_edu = _f("教育支出", 6820.24, "g9", PURCHASE, "205")
buy_pre = _f("学前教育", 158.59, "g9", PURCHASE, "20502")


def test_the_whole_of_the_part_s_table():
    index = _Index([all_edu, all_pre, buy_edu, buy_pre])
    got = within_one_table(index, _m(buy_pre), _m(all_edu))
    assert isinstance(got, Match) and got.fact is buy_edu


def test_the_whole_s_table_counting_the_part_otherwise_declines():
    index = _Index([all_edu, all_pre, buy_pre])  # the purchase table prints no 教育支出
    assert isinstance(within_one_table(index, _m(buy_pre), _m(all_edu)), str)


def test_a_whole_that_is_no_parent_class_stands():
    fund = _f("一般公共预算", 90000.0, "g0", "收支总表")
    index = _Index([all_edu, all_pre, buy_edu, buy_pre, fund])
    assert within_one_table(index, _m(buy_pre), _m(fund)) is None
    assert within_one_table(index, _m(buy_pre), _m(all_pre)) is None  # the same class is no whole of it


def test_a_pair_of_one_table_stands():
    index = _Index([all_edu, all_pre, buy_edu, buy_pre])
    assert within_one_table(index, _m(all_pre), _m(all_edu)) is None


def test_a_change_row_or_column():
    assert a_change(_f("增减", -0.9, "g3", "三公经费表", col="公务用车购置及运行维护费"))
    assert a_change(_f("公务接待费", 2.0, "g3", "三公经费表", col="比上年增减"))
    assert not a_change(_f("公务接待费", 2.0, "g3", "三公经费表", col="本年预算数"))
