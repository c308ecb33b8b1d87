"""A count the narrative states, asked by its own words: kinds of car, cars held and cars bought."""

from __future__ import annotations

from budgetlens.index.facts import Fact, FactIndex, canon
from budgetlens.qa.cars import held_or_bought
from budgetlens.qa.plan import rewrite
from budgetlens.qa.wording import Match

_HELD = "截至2025年12月，所属各预算单位共有车辆411辆，其中业务用车292辆，机要通信用车24辆。"
_BOUGHT = "2026年一般公共预算安排购置车辆14辆，其中业务用车14辆。"


def _s(row: str, value: float, quote: str) -> Fact:
    return Fact("d", "sentence", "", "", row, "", "", value, "辆", 6, None, quote, canon_row=canon(row))


def _index():
    held, bought = _s("其中业务用车", 292.0, _HELD), _s("其中业务用车", 14.0, _BOUGHT)
    return FactIndex({}, [_s("所属各预算单位共有车辆", 411.0, _HELD), held,
                          _s("2026年一般公共预算安排购置车辆", 14.0, _BOUGHT), bought]), held, bought


def test_a_kind_of_car_counted_apart_is_asked_by_its_own_words():
    # 其他用车 / 计划购置车辆 are lines of their own, not the count of all cars held
    assert "其他用车有多少辆" in rewrite("湖州卫生健康委员会2026年预算的其他用车有多少辆？")
    assert "购置车辆有多少辆" in rewrite("深圳市水务局2026年预算的计划购置车辆有多少辆？")
    assert "购置车辆有多少辆" in rewrite("万里街道办事处2025年预算的预算安排购置车辆有多少辆？")
    assert "公务用车车辆数" in rewrite("深圳市水务局有多少辆车？")


def test_a_kind_held_and_bought_with_different_counts_is_not_stated_unasked():
    index, held, bought = _index()
    m, refusal = held_or_bought(index, Match(400, held, (0, 6), "其中业务用车"), "业务用车有多少辆")
    assert m is None and "292" in refusal and "14" in refusal


def test_the_words_of_the_question_choose_held_or_bought():
    index, held, bought = _index()
    m, _ = held_or_bought(index, Match(400, held, (0, 6), "其中业务用车"), "计划购置的业务用车有多少辆")
    assert m.fact is bought
    m, _ = held_or_bought(index, Match(400, bought, (0, 6), "其中业务用车"), "截至底共有业务用车多少辆")
    assert m.fact is held
    m, _ = held_or_bought(index, Match(400, bought, (0, 6), "其中业务用车"), "预算公开:下属单位的业务用车有多少辆")
    assert m.fact is held


def test_a_kind_counted_once_is_left_alone():
    index = FactIndex({}, [_s("机要通信用车", 24.0, _HELD)])
    f = index.facts[0]
    assert held_or_bought(index, Match(400, f, (0, 6), "机要通信用车"), "机要通信用车有多少辆") == (None, None)


def test_a_stated_count_is_labelled_by_what_it_counts():
    from budgetlens.index.facts import _sentence_facts

    from qa_corpus import text_page

    page = text_page(20, "2026年度，本单位编报绩效目标的项目共9个，涉及项目预算资金1,887.00万元。",
                     "截至2025年12月，本部门共有车辆2辆。")
    facts = {f.row: f.value for f in _sentence_facts("d", page, [])}
    assert facts.get("编报绩效目标的项目") == 9.0, facts
    assert facts.get("本部门共有车辆") == 2.0, facts  # the words it names are kept whole
