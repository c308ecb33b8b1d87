"""A change stated beside a whole number (支出1500万元，比上年增加440万元: the amount printed
bare, no decimals), and a follow-up naming the last figure by what it is (这个少的合多少元？:
the fall's size, in the unit asked)."""

from __future__ import annotations

import pytest

from budgetlens.qa.compose import printed_at
from qa_corpus import asker_over, final_accounts_filing, text_block
from test_qa_engine import _filing, _grid


@pytest.mark.parametrize("text, value, at", [
    ("支出1500万元，比上年增加440万元", 1500.0, 2),
    ("支出1,500万元", 1500.0, 2),
    ("支出1500.00万元", 1500.0, 2),
    ("支出15000万元", 1500.0, -1),  # inside a longer figure
    ("支出21500万元", 1500.0, -1),
    ("支出1500.5万元", 1500.0, -1),
    ("2025年安排0万元", 0.0, 7),  # never the 0 of a year
])
def test_an_amount_is_found_however_it_is_printed_never_inside_another(text, value, at):
    assert printed_at(text, value) == at


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    doc, f = _filing("a" * 16, "澄岚县科学技术局", 2022, (30.00, 10.00, 10.00, 10.00), change="比上年减少0.79万元")
    # a 项 line of a table, stated in the narrative as a whole number of 万元 with its change; no
    # 2021 filing to compute the change from
    doc.tables.append(_grid([["科目编码", "科目名称", "合计"], ["2080116", "引进人才费用", "1500.00"]],
                            page=8, title="项目支出预算表"))
    doc.pages[6].blocks.append(text_block("引进人才费用（2080116）支出1500万元，比上年增加440万元，原因是专项资金增加。"))
    a = asker_over(tmp_path_factory.mktemp("ws"), (doc, f))
    yield a
    a.close()


def test_the_change_stated_beside_a_whole_number_answers_the_change(asker):
    a = asker.ask("澄岚县科技局2022年引进人才费用比上年多了多少？")
    assert a.kind == "compare" and a.value == pytest.approx(440.0) and a.unit == "万元"
    assert "1500万元，比上年增加440万元" in "".join(c.quote for c in a.citations)


def test_the_fall_named_by_what_it_is_is_its_size_in_the_unit_asked(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚县科技局2022年公务接待费是多少？").value == pytest.approx(10.0)
    change = conv.ask("和上年比呢？")
    assert change.value == pytest.approx(-0.79)
    a = conv.ask("这个少的合多少元？")
    assert (a.unit, a.value) == ("元", pytest.approx(7900.0)) and a.citations
    # a rise asked of a fall is not the last figure converted
    conv = asker.conversation()
    conv.ask("澄岚县科技局2022年公务接待费是多少？")
    conv.ask("和上年比呢？")
    assert conv.ask("这个增加的合多少元？").value != pytest.approx(-7900.0)


@pytest.fixture(scope="module")
def final_asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), final_accounts_filing())
    yield a
    a.close()


def test_a_turn_naming_only_another_column_reads_the_same_line(final_asker):
    conv = final_asker.conversation()
    assert conv.ask("澄岚县医保局2023年住房公积金决算花了多少？").value == pytest.approx(59.84)
    a = conv.ask("年初预算是多少？")
    assert a.kind == "value" and a.value == pytest.approx(46.80)
    assert conv.ask("那决算数呢？").value == pytest.approx(59.84)
    # a fund's own 预算 stays in the line's name (一般公共预算财政拨款支出)
    conv = final_asker.conversation()
    assert conv.ask("澄岚县医保局2023年一般公共预算财政拨款支出决算是多少？").value == pytest.approx(812.50)
    assert conv.ask("年初预算呢？").value == pytest.approx(800.00)


@pytest.fixture(scope="module")
def places_asker(tmp_path_factory):
    a = asker_over(
        tmp_path_factory.mktemp("ws"),
        _filing("1" * 16, "江州省人民检察院", 2019, (30.00, 10.00, 10.00, 10.00)),
        _filing("2" * 16, "江州省高级人民法院", 2019, (40.00, 10.00, 20.00, 10.00)),
        _filing("3" * 16, "澄岚县统计局", 2019, (20.00, 8.00, 6.00, 6.00)),
        _filing("4" * 16, "澄岚县财政局", 2019, (20.00, 8.00, 7.00, 5.00)),
        _filing("5" * 16, "溪川县财政局", 2019, (20.00, 8.00, 8.00, 4.00)),
        _filing("6" * 16, "溪川县统计局", 2019, (20.00, 8.00, 9.00, 3.00)),
        _filing("7" * 16, "澄岚县会计核算中心", 2019, (5.00, 1.00, 2.00, 2.00)),
        _filing("8" * 16, "澄岚县信息中心", 2019, (6.00, 1.00, 3.00, 2.00)),
    )
    yield a
    a.close()


@pytest.mark.parametrize("first, turn, value", [
    ("江州省检察院2019年公务接待费是多少？", "那省高院呢？", 20.00),  # the level word alone: the place
    ("澄岚县统计局2019年公务接待费是多少？", "那财政局呢？", 7.00),  # two 财政局: the conversation's place
])
def test_a_body_said_without_its_place_is_the_conversations_places(places_asker, first, turn, value):
    conv = places_asker.conversation()
    conv.ask(first)
    a = conv.ask(turn)
    assert a.kind == "value" and a.value == pytest.approx(value)


def test_a_body_without_its_place_asked_afresh_is_still_asked_back(places_asker):
    a = places_asker.ask("财政局2019年公务接待费是多少？")
    assert a.kind == "clarify" and "澄岚县财政局" in a.answer and "溪川县财政局" in a.answer


def test_two_bodies_each_said_without_a_place_are_both_asked_back(places_asker):
    from qa_corpus import asks_back

    a = places_asker.ask("财政局和统计局2019年公务接待费一共多少？")
    asks_back(a, ["澄岚县财政局", "溪川县财政局", "澄岚县统计局", "溪川县统计局"])
    # a name holding 和 is one body's (发展和改革委员会), never split
    a = places_asker.ask("江州省人民检察院和江州省高级人民法院2019年公务接待费一共多少？")
    assert a.kind == "compare" and a.value == pytest.approx(30.00)


def test_a_place_and_a_unit_word_alone_asks_back_every_body_of_that_place(places_asker):
    from qa_corpus import asks_back

    a = places_asker.ask("澄岚县那个中心2019年公务接待费是多少？")
    asks_back(a, ["澄岚县会计核算中心", "澄岚县信息中心"], not_named=["澄岚县统计局"])
