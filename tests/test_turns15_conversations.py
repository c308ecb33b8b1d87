"""Conversations about one line: a fall asked in 百分比 is its size, a change pointed at as 少的那部分
is what a bare conversion converts, a conversion is its own turn's (the next part comes in the
unit of the whole), and a bare 用元说是多少？ after a change says the line itself converted beside
the change."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, stored_pdf, text_page
from test_qa_engine import _filing


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    # 公务接待费 4.10 万元, 比上年减少0.90万元 (5.00 the year before: −18.00%)
    a = asker_over(tmp_path_factory.mktemp("ws"),
                   _filing("c" * 16, "澄岚县水利局", 2026, (30.00, 8.00, 4.10, 10.00),
                           change="比上年减少0.90万元，下降18.00%"),
                   stored_pdf("d" * 16, "澄岚县退役军人事务局", [], pages=[
                       text_page(1, "澄岚县退役军人事务局2026年部门预算"),
                       text_page(2, "（五）项目支出520.50万元，主要用于：1.综合管理35.90万元；2.优抚安置484.60万元。")]))
    yield a
    a.close()


def test_a_fall_asked_in_percentage_points_is_answered_by_its_size(asker):
    a = asker.ask("澄岚县水利局2026年公务接待费比上年少了几个百分比？")
    assert (a.unit, a.value) == ("%", pytest.approx(18.0)), a.answer


def test_the_fallen_part_pointed_at_is_the_change_converted(asker):
    conv = asker.conversation()
    conv.ask("澄岚县水利局2026年公务接待费是多少？")
    conv.ask("比上年少了多少？")
    a = conv.ask("少的那部分用元说是多少？")
    assert (a.unit, a.value) == ("元", pytest.approx(9000.0)), a.answer


def test_a_part_after_a_conversion_comes_in_the_unit_of_the_whole(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚县退役军人事务局2026年项目支出是多少？").value == pytest.approx(520.5)
    assert conv.ask("换成亿元呢？").value == pytest.approx(0.05205)
    a = conv.ask("其中综合管理多少？")
    assert (a.unit, a.value) == ("万元", pytest.approx(35.9)), a.answer


def test_a_bare_conversion_after_a_change_says_the_line_itself_too(asker):
    conv = asker.conversation()
    level = conv.ask("澄岚县水利局2026年公务接待费是多少？")
    conv.ask("比上年少了多少？")
    a = conv.ask("用元说是多少？")
    # the change stays the value; the line itself is said converted and cited beside it
    assert (a.unit, a.value) == ("元", pytest.approx(9000.0)), a.answer
    assert "41,000 元" in a.answer and a.verified, a.answer
    assert any(c.quote == level.citations[0].quote for c in a.citations)


def test_a_conversion_after_a_lookup_says_one_figure(asker):
    conv = asker.conversation()
    conv.ask("澄岚县水利局2026年公务接待费是多少？")
    a = conv.ask("用元说是多少？")
    assert (a.unit, a.value) == ("元", pytest.approx(41000.0)) and "若指" not in a.answer, a.answer
