"""Follow-up turns: the last figure in another unit (换成元呢？ after a change), a year said by
its last two digits (19年), the year before said relatively (上一年呢？), and the parts of a
whole asked of one fund (财政拨款支出总计 → 其中基本支出呢？ → 项目支出呢？)."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, text_block
from test_qa_engine import _filing, _grid


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    doc, f = _filing("a" * 16, "澄岚县民政局", 2019, (30.00, 10.00, 10.00, 10.00), change="比上年减少2.50万元")
    # the fund's whole and its parts, in a sentence cut at its ；, and in the fund's own table;
    # the all-funds table (一般公共预算支出预算表: 800 / 450 / 350) prints the same words
    doc.pages[5].blocks.append(text_block("本部门财政拨款支出总计为100.00万元，其中基本支出60.00万元；"))
    doc.tables.append(_grid([["项目", "合计", "基本支出", "项目支出"], ["合计", "100.00", "60.00", "40.00"]],
                            page=6, title="财政拨款支出预算表"))
    before, f2 = _filing("b" * 16, "澄岚县民政局", 2018, (33.00, 10.00, 12.50, 10.50))
    a = asker_over(tmp_path_factory.mktemp("ws"), (doc, f), (before, f2))
    yield a
    a.close()


def test_the_last_figure_in_another_unit_is_that_figure_converted(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚县民政局2019年公务接待费是多少？").value == pytest.approx(10.0)
    change = conv.ask("比上年少了多少？")
    assert change.value is not None and abs(change.value) == pytest.approx(2.5)
    a = conv.ask("换成元呢？")  # the change in 元, not the level re-read in 元
    assert (a.unit, a.value) == ("元", pytest.approx(change.value * 10000)) and a.citations


def test_a_year_said_by_its_last_two_digits_and_the_year_before_it(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚县民政局19年公务接待费预算多少？").value == pytest.approx(10.0)
    a = conv.ask("上一年呢？")
    assert a.kind == "value" and a.value == pytest.approx(12.5)
    from budgetlens.qa.plan import plain_asking

    assert plain_asking("车龄满15年的车") == "车龄满15年的车" and plain_asking("近3年") == "近3年"


def test_the_parts_of_a_fund_s_whole_are_of_that_fund(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚县民政局2019年财政拨款支出总计多少？").value == pytest.approx(100.0)
    assert conv.ask("其中基本支出呢？").value == pytest.approx(60.0)  # not the all-funds 450
    assert conv.ask("项目支出呢？").value == pytest.approx(40.0)  # not the all-funds 350
