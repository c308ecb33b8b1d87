"""Follow-up turns said in other words: the last figure in a unit said by 用 / 以 / 按 (用元说是多少？),
the same line related to another of its columns (完成了年初预算的百分之多少？ / 比年初预算多了多少？),
and a line's fund said in a bracket after it (城市建设支出（土地出让收入安排的）)."""

from __future__ import annotations

import pytest

from budgetlens.qa.followup import _IN_UNIT
from budgetlens.qa.plan import rewrite
from qa_corpus import asker_over, final_accounts_filing
from test_qa_engine import _filing


@pytest.mark.parametrize("turn, unit", [
    ("用元说是多少？", "元"), ("以万元为单位是多少？", "万元"), ("按亿元算是多少？", "亿元"),
    ("如果换算为元呢？", "元"), ("用元表示呢？", "元"), ("这个合多少元？", "元"), ("单位换成元是多少？", "元"),
])
def test_the_last_figure_in_a_unit_said_many_ways(turn, unit):
    m = _IN_UNIT.match(turn)
    assert m is not None and m.group("u") == unit


@pytest.mark.parametrize("turn", ["用了多少万元？", "用于会议的是多少元？", "以前是多少元？", "按人均算是多少元？"])
def test_a_question_of_its_own_is_no_unit_turn(turn):
    assert _IN_UNIT.match(turn) is None


@pytest.mark.parametrize("asked, said", [
    ("某局2026年城市建设支出（土地出让收入安排的）有多少？", "国有土地使用权出让收入安排的城市建设支出"),
    ("某局2026年土地出让金安排的支出是多少？", "国有土地使用权出让收入安排的支出"),
    ("某局2026年土地出让业务支出是多少？", "土地出让业务支出"),  # a line of its own
])
def test_the_fund_said_short_or_after_its_line_is_the_printed_fund_before_it(asked, said):
    assert said in rewrite(asked)


def test_a_unit_turn_after_a_lookup_converts_its_figure(tmp_path):
    doc, f = _filing("b" * 16, "澄岚县科学技术局", 2022, (30.00, 10.00, 10.00, 10.00))
    asker = asker_over(tmp_path, (doc, f))
    try:
        conv = asker.conversation()
        assert conv.ask("澄岚县科技局2022年公务接待费是多少？").value == pytest.approx(10.0)
        a = conv.ask("用元说是多少？")
        assert (a.unit, a.value) == ("元", pytest.approx(100000.0)) and a.citations
    finally:
        asker.close()


@pytest.fixture(scope="module")
def final_asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), final_accounts_filing())
    yield a
    a.close()


def test_a_turn_relating_the_line_to_its_budget_reads_the_same_line(final_asker):
    conv = final_asker.conversation()
    assert conv.ask("澄岚县医保局2023年住房公积金决算花了多少？").value == pytest.approx(59.84)
    assert conv.ask("年初预算是多少？").value == pytest.approx(46.80)
    rate = conv.ask("完成了年初预算的百分之多少？")
    assert rate.unit == "%" and rate.value == pytest.approx(127.86, abs=0.01)
    more = conv.ask("比年初预算多了多少？")
    assert more.value == pytest.approx(13.04) and more.unit == "万元"
    # the line stays the conversation's after a relating turn
    assert conv.ask("年初预算是多少？").value == pytest.approx(46.80)


def test_a_relating_turn_with_no_line_before_is_not_completed(final_asker):
    conv = final_asker.conversation()
    conv.ask("澄岚县医保局2023年一般公共预算财政拨款支出决算是多少？")
    a = conv.ask("完成了年初预算的百分之多少？")
    assert a.value is None or a.value == pytest.approx(812.50 / 800.00 * 100, abs=0.01)
