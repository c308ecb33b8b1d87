"""Names said short, follow-ups among parts and years, and rankings by a fall: a body's long
words read whole, a city's 人民政府 bodies said without it, a short name none of whose bodies
files the year asked declined (nothing to choose between), a bare part after a part read from
the same list, 那前一年呢？ as the year before's figure, and 降幅最大 ranking the signed changes."""

from __future__ import annotations

import pytest
from budgetlens.qa.rows import _names_subunit

from qa_corpus import asker_over, text_block
from test_qa_engine import _filing


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    buy, f = _filing("a" * 16, "澄岚县公安局", 2023, (80.00, 50.00, 10.00, 20.00))
    buy.pages[8].blocks.append(text_block(
        "本部门政府采购预算60.00万元，其中：政府采购货物预算10.00万元、政府采购工程预算20.00万元、政府采购服务预算30.00万元。"))
    a = asker_over(
        tmp_path_factory.mktemp("ws"),
        (buy, f),
        _filing("b" * 16, "澄岚市自然资源确权登记事务中心", 2023, (9.00, 0.00, 2.50, 6.50)),
        _filing("c" * 16, "澄岚市人民政府国有资产监督管理委员会", 2023, (12.00, 4.00, 3.00, 5.00)),
        _filing("d" * 16, "澄岚市岚山区人民政府万里街道办事处", 2023, (7.00, 0.00, 1.20, 5.80)),
        _filing("e" * 16, "澄岚市信访局", 2023, (3.00, 0.00, 3.00, 0.00)),
        _filing("f" * 16, "岚州市信访局", 2024, (4.00, 0.00, 4.00, 0.00)),
        # two years of one body: 那前一年呢？
        _filing("g" * 16, "岚州市审计局", 2023, (20.00, 8.00, 6.00, 6.00)),
        _filing("h" * 16, "岚州市审计局", 2022, (22.00, 8.00, 7.00, 7.00)),
    )
    yield a
    a.close()


@pytest.mark.parametrize("question, value", [
    # more characters before 中心 than a body word is read with: all of them name the body
    ("自然资源确权登记事务中心2023年公务接待费是多少？", 2.50),
    ("市自然资源确权登记事务中心2023年公务接待费是多少？", 2.50),
    # a city's 人民政府 body said without 人民政府 (国资委)
    ("国资委2023年公务接待费是多少？", 3.00),
    # a district named with 的 before a town's 人民政府 body
    ("岚山的人民政府万里街道办事处2023年公务接待费是多少？", 1.20),
])
def test_a_short_name_of_one_body_is_read_whole(asker, question, value):
    a = asker.ask(question)
    assert a.kind == "value" and a.value == pytest.approx(value)


def test_a_short_name_none_of_whose_bodies_files_the_year_is_declined(asker):
    a = asker.ask("信访局2019年公务接待费是多少？")
    assert a.kind == "not_found" and a.value is None
    assert "2019年" in a.answer and {c["label"] for c in a.candidates} == {"澄岚市信访局", "岚州市信访局"}
    # of a year one body files and the other's next filing prints: asked back, as before
    back = asker.ask("信访局2023年公务接待费是多少？")
    assert back.kind == "clarify" and back.value is None


def test_a_bare_part_after_a_part_is_read_from_the_same_list(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚县公安局2023年政府采购预算是多少？").value == pytest.approx(60.0)
    assert conv.ask("其中工程类呢？").value == pytest.approx(20.0)
    a = conv.ask("服务类呢？")  # no 其中: the next part of the same list all the same
    assert a.kind == "value" and a.value == pytest.approx(30.0) and "政府采购服务预算" in a.answer
    assert conv.ask("货物呢？").value == pytest.approx(10.0)


def test_the_year_before_pointed_at_is_that_year_s_figure(asker):
    conv = asker.conversation()
    assert conv.ask("岚州市审计局2023年公务接待费是多少？").value == pytest.approx(6.00)
    a = conv.ask("那前一年呢？")
    assert a.kind == "value" and a.value == pytest.approx(7.00) and "2022" in a.answer


def test_a_year_a_label_starts_with_is_no_other_body():
    assert _names_subunit("2026信访接待中心运行费", "长春市信访局", "信访接待中心")
    assert _names_subunit("2026年度信访接待中心运行费", "长春市信访局", "信访接待中心")
    assert not _names_subunit("文体和水务工程管理中心2025年", "深圳市建筑工务署", "工程管理中心")


@pytest.fixture(scope="module")
def falls(tmp_path_factory):
    a = asker_over(
        tmp_path_factory.mktemp("falls"),
        # 公务接待费 now 10.00 (−10.00: −50%), 6.00 (−0.60: −9.09%), 4.00 (+2.00: +100%)
        _filing("a" * 16, "澄岚县公安局", 2023, (30.00, 10.00, 10.00, 10.00), change="比上年减少10.00万元"),
        _filing("b" * 16, "澄岚县水利局", 2023, (20.00, 8.00, 6.00, 6.00), change="比上年减少0.60万元"),
        _filing("c" * 16, "澄岚县统计局", 2023, (10.00, 3.00, 4.00, 3.00), change="比上年增加2.00万元"),
    )
    yield a
    a.close()


@pytest.mark.parametrize("asked", ["降幅谁最大", "谁的降幅最大"])
def test_the_largest_fall_ranks_the_signed_changes(falls, asked):
    a = falls.ask(f"澄岚县公安局、水利局、统计局，2023年公务接待费{asked}？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县公安局"
    # the rise is no fall: it comes last, never first as a size
    assert a.table[-1].entity == "澄岚县统计局" and a.table[-1].value > 0 > a.table[0].value


@pytest.fixture(scope="module")
def stated(tmp_path_factory):
    one, f1 = _filing("a" * 16, "澄岚县民政局", 2023, (30.00, 10.00, 10.00, 10.00))
    one.pages[6].blocks.append(text_block("2023年本部门委托业务费财政拨款预算为349.00万元。"))
    one.pages[7].blocks.append(text_block("本部门当年机关运行经费预算安排100.00万元，比上年减少2.00万元。"))
    two, f2 = _filing("b" * 16, "澄岚县商务局", 2023, (20.00, 8.00, 6.00, 6.00))
    two.pages[6].blocks.append(text_block("2023年本部门委托业务费财政拨款预算为647.50万元。"))
    a = asker_over(tmp_path_factory.mktemp("stated"), (one, f1), (two, f2))
    yield a
    a.close()


def test_a_measure_stated_with_its_fund_after_it_is_ranked(stated):
    # 委托业务费财政拨款预算为…: a ranking reads it as the lookup does (the fund said after the name)
    assert stated.ask("澄岚县民政局2023年委托业务费是多少？").value == pytest.approx(349.0)
    a = stated.ask("澄岚县民政局、商务局，2023年委托业务费谁最多？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县商务局" and a.value == pytest.approx(647.5)
    assert "预算为" not in a.answer.split("最多")[0]


@pytest.mark.parametrize("fund", ["一般公共预算", "财政拨款安排的", ""])
def test_the_fund_of_the_running_costs_by_definition_qualifies_nothing(stated, fund):
    a = stated.ask(f"澄岚县民政局2023年{fund}机关运行经费是多少？")
    assert a.kind == "value" and a.value == pytest.approx(100.0)


def test_another_fund_before_the_running_costs_is_no_such_figure(stated):
    a = stated.ask("澄岚县民政局2023年政府性基金机关运行经费是多少？")
    assert a.value is None


@pytest.fixture(scope="module")
def provinces(tmp_path_factory):
    # 深圳 and 广州 are of 广东, 烟台 of 山东, 上海 a province of its own
    a = asker_over(
        tmp_path_factory.mktemp("provinces"),
        _filing("a" * 16, "深圳市商务局", 2023, (30.00, 10.00, 10.00, 10.00)),
        _filing("b" * 16, "广州市商务局", 2023, (20.00, 8.00, 6.00, 6.00)),
        _filing("c" * 16, "烟台市商务局", 2023, (10.00, 3.00, 4.00, 3.00)),
        _filing("d" * 16, "上海市统计局", 2023, (9.00, 3.00, 2.00, 4.00)),
    )
    yield a
    a.close()


def test_a_province_said_before_a_body_keeps_its_places_bodies(provinces):
    a = provinces.ask("广东的商务局2023年公务接待费是多少？")
    assert a.kind == "clarify" and {c["label"] for c in a.candidates} == {"深圳市商务局", "广州市商务局"}
    one = provinces.ask("山东的商务局2023年公务接待费是多少？")
    assert one.kind == "value" and one.value == pytest.approx(4.00)


@pytest.mark.parametrize("question", [
    "浙江的商务局2023年公务接待费是多少？",  # a province none of whose places files
    "北京的商务局2023年公务接待费是多少？",  # a city of province rank that files nothing
    "山东省商务局2023年公务接待费是多少？",  # the province's own body, which files nothing
])
def test_a_province_none_of_the_bodies_is_of_names_none(provinces, question):
    a = provinces.ask(question)
    assert a.value is None and a.kind == "not_found"
