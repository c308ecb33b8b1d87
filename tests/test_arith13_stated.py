"""A rate from a stated change is computed at the precision the change is printed with."""

from __future__ import annotations

from budgetlens.index.facts import Fact
from budgetlens.qa.compose import _printed_places


def _s(quote: str, value: float) -> Fact:
    return Fact("d", "sentence", "", "", "财政拨款收入", "", "", value, "万元", 6, None, quote)


def test_the_places_of_a_stated_change():
    assert _printed_places(_s("财政拨款收入87万元，比2025年预算减少20万元。", -20.0)) == 0
    assert _printed_places(_s("培训费预算29.45万元，比2021年减少2.60万元，减幅8.12%。", -2.6)) == 2
    assert _printed_places(_s("支出1,234.5万元，比上年增加1,000.5万元。", 1000.5)) == 1
    assert _printed_places(_s("比上年有所减少。", -3.0)) is None
