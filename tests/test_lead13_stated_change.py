"""The change a sentence states is the change of the amount it follows: an amount printed
between the value and the change (其中 / 包括 a part) takes the change for itself."""

from __future__ import annotations

from types import SimpleNamespace

from budgetlens.index.facts import Fact
from budgetlens.qa.compose import stated_change


def _change(quote: str, value: float):
    f = Fact("d", "sentence", "", "", "公务用车购置及运行维护费", "", "", value, "万元", 35, None, quote)
    got = stated_change(SimpleNamespace(index=SimpleNamespace(by_doc={"d": [f]})), SimpleNamespace(fact=f, label=f.row))
    return None if got is None else got[0]


def test_a_change_said_after_a_part_is_the_parts():
    assert _change("2022年公务用车购置和运行维护费预算7.5万元，其中：公务用车购置费预算0元，与2021年持平；", 7.5) is None
    assert _change("2.公务用车购置及运行费206.42万元，包括公务用车购置费0万元，与上年基本持平；", 206.42) is None


def test_a_change_said_right_after_the_value_is_its_own():
    assert _change("公务接待费预算44.90万元，比上年减少5.10万元。", 44.9) == -5.1
    assert _change("会议费预算5.00万元，与上年持平。", 5.0) == 0.0


def test_the_value_printed_again_as_the_part_keeps_the_change():
    assert _change("收入预算833万元，其中：财政拨款收入833万元，比2025年预算减少136万元；", 833.0) == -136.0
