"""Computed answers read as the filings print their operands: one precision for both sides of
a share (657 ÷ 833 from the narrative, never 657 ÷ 8,332,285 元), counts kept as counts
(单价100万元以上设备 in 台, 计划买车 as the cars the budget plans to buy), the 绩效目标 narrative's
count clause set apart from its money, a change the filing states read where it stands (a unit
the line broke, 和2025年相比…减低, a table's 元 beside the narrative's 万元), an item the
narrative explains after its class line and a colon, and 比…多安排多少 as a difference."""

from __future__ import annotations

import pytest
from budgetlens.qa.plan import make_plan
from budgetlens.qa.wording import codes_in
from budgetlens.schemas.document import Line, Page

from qa_corpus import asker_over, ruled_grid, stored_pdf, text_block

BODY = "澄岚市花卉试验场"


def _filing():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{BODY}单位预算")] if p == 1 else [])
             for p in (1, 2, 3, 4)]
    pages[1].blocks.extend(text_block(t) for t in (
        f"2026年，{BODY}收入预算833万元，其中：财政拨款收入833万元，比2025年预算减少136万元。",
        "3.“农林水支出”科目657万元，主要用于农业新品种推广。",
        "项目绩效目标共1个，涉及项目预算资金382.00万元。",
        "政策绩效目标0个、涉及预算资金0万元；",
        f"截至2025年8月31日，{BODY}共有车辆5辆，其中：其他用车5辆。",
        "2026年单位预算安排购置车辆3辆，其中：其他用车3辆。",
        "单价100万元（含）以上设备（不含车辆）20台（套）。",
        "单位预算安排购置单价100万元（含）以上设备（不含车辆）6台（套）。",
        "2026年公务接待费为0.86万元，和2025年相比预算减低0.27万元，主要原因是过紧日子。",
        "6. 卫生健康（类）医疗保障管理事务（款）行政运行（项）：支出决算数为455.47万元。",
        "9. 卫生健康（类）医疗保障管理事务（款）其他医疗保障管理事务支出（项）：支出决算数为985.21万元。",
        "实验室及相关设施（2060204），2026年预算数为1,707.93万元，比2025年度预算数增长134.61%。",
        "科技成果转化（2060404），2026年预算数为50.00万元，比2025年度预算数下降20.00%。",
    ))
    # a number whose unit the line broke: 103 万 | 元
    pages[2].blocks.extend(text_block(t) for t in (
        "2.保障性安居工程支出（款）老旧小区改造（项）支出103 万",
        "元，与上年相比减少147 万元，减少58.8%。主要原因是工程已结束。",
    ))
    by_class = ruled_grid([["科目编码", "科目名称", "合计", "财政拨款收入"],
                           ["213", "农林水支出", "6,568,112", "6,568,112"],
                           ["", "合计", "8,332,285", "8,332,285"]], 3, "收入预算总表")
    by_class.title_lines = [Line(text="收入预算总表"), Line(text="单位：元")]
    items = ruled_grid([["科目编码", "科目名称", "合计"],
                        ["2210108", "老旧小区改造", "1,030,000"],
                        ["2060204", "实验室及相关设施", "17,079,300"],
                        ["2060404", "科技成果转化", "500,000"]], 4, "项目支出表")
    items.title_lines = [Line(text="项目支出表"), Line(text="单位：元")]
    return stored_pdf("a10" + "0" * 13, BODY, [by_class, items], pages=pages)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _filing())
    yield a
    a.close()


def test_a_share_takes_both_operands_at_the_narratives_precision(asker):
    a = asker.ask(f"{BODY}2026年“农林水支出”科目占财政拨款收入的比重是多少？")
    assert a.value == pytest.approx(78.87, abs=0.005), a.answer  # 657 ÷ 833, not 657 ÷ 833.2285 (78.85)
    assert "833.2285" not in a.answer


def test_the_performance_targets_count_clause_names_no_money(asker):
    for q in (f"{BODY}2026年项目绩效目标涉及的项目预算资金是多少万元？",
              f"{BODY}2026年项目绩效目标所涉项目预算资金是多少万元？"):
        a = asker.ask(q)
        assert a.value == pytest.approx(382.0), a.answer
    a = asker.ask(f"{BODY}2026年政策绩效目标涉及的预算资金是多少万元？")
    assert a.value == pytest.approx(0.0), a.answer


def test_equipment_above_a_price_is_a_count():
    assert codes_in("单价100万元以上的设备有几台") == [] and codes_in("工资福利支出（301）") == ["301"]
    assert make_plan("哪家单价100万元以上的设备最多？", 2).unit == "台"
    assert make_plan("单价100万元以上设备的预算资金是多少万元？").unit == "万元"


def test_equipment_held_and_planned_are_told_apart(asker):
    a = asker.ask(f"{BODY}2026年单价100万元以上的设备有多少台？")
    assert (a.value, a.unit) == (20.0, "台"), a.answer


def test_a_line_printed_with_or_without_de_is_one_line():
    """单位价值100万元以上的设备6台 (烟台) and 单价100万元以上设备 (others): asked either way."""
    from budgetlens.index.facts import canon

    assert canon("单位价值100万元以上的设备") == canon("单位价值100万元以上设备")
    assert canon("单位价值100万元以上的设备") != canon("单位价值100万元的设备")


def test_cars_to_buy_are_not_the_cars_held(asker):
    a = asker.ask(f"{BODY}2026年单位预算计划买几辆车？")
    assert (a.value, a.unit) == (3.0, "辆"), a.answer
    a = asker.ask(f"{BODY}2026年有几辆车？")
    assert (a.value, a.unit) == (5.0, "辆"), a.answer


def test_a_stated_fall_said_with_he_and_jiandi(asker):
    a = asker.ask(f"{BODY}2026年公务接待费比2025年预算降了百分之几？")
    assert a.value == pytest.approx(23.89, abs=0.01), a.answer  # 0.27 ÷ (0.86 + 0.27)


def test_a_stated_change_whose_unit_the_line_broke(asker):
    a = asker.ask(f"{BODY}2026年老旧小区改造比上年少了多少万元？")
    assert a.value == pytest.approx(147.0), a.answer


def test_items_explained_after_a_colon_are_operands(asker):
    a = asker.ask(f"{BODY}2026年其他医疗保障管理事务支出比行政运行多花了多少万元？")
    assert a.value == pytest.approx(529.74), a.answer


def test_more_arranged_than_is_a_difference():
    assert make_plan("妇幼保健医院比中医（民族）医院多安排多少万元？").operation == "difference"
    assert make_plan("大气这一项比水体多安排了多少万元？").operation == "difference"
    assert make_plan("大气支出比上年多安排了多少万元？").operation == "change"


def test_a_rate_stated_without_its_amount_answers_a_change_in_percent(asker):
    a = asker.ask(f"{BODY}2026年实验室及相关设施比2025年增长了百分之多少？")
    assert (a.value, a.unit) == (pytest.approx(134.61), "%"), a.answer
    a = asker.ask(f"{BODY}2026年科技成果转化比2025年下降了百分之几？")
    assert (a.value, a.unit) == (pytest.approx(20.0), "%"), a.answer  # the size of the fall asked
    a = asker.ask(f"{BODY}2026年实验室及相关设施比2025年增加了多少万元？")
    assert a.kind == "not_found", a.answer  # a rate is no amount
