"""Computed answers over wordings seen fresh: a list that says its items' first words once
(机关事业单位基本养老保险缴费和职业年金缴费), a final account's budget stated bare beside what
was spent (支出决算 2,251.27 万元。与年初预算 1,014.86 万元相比), a fund's name that says 预算
(政府性基金预算拨款支出) asking no budget figure, a class code after a narrative line's name
(资本性支出(基本建设)(309)), a share of a line named in brackets after its description."""

from __future__ import annotations

import pytest
from budgetlens.index.facts import _sentence_facts
from budgetlens.qa.finder import class_line
from budgetlens.qa.plan import make_plan
from budgetlens.qa.wholes import vague_whole
from budgetlens.qa.wording import shared_start
from budgetlens.schemas.document import Line, Page

from qa_corpus import asker_over, ruled_grid, stored_pdf, text_block

BUDGET_BODY = "澄岚市国有资产监督管理委员会"
FINAL_BODY = "澄岚市医疗保障局"


def _budget():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2022年{BUDGET_BODY}部门预算")] if p == 1 else [])
             for p in (1, 2)]
    pages[1].blocks.extend(text_block(t) for t in (
        "2022年本部门一般公共预算支出2,000.00万元。",
        "资本性支出(基本建设)(309)500.00万元，主要用于办公楼维修。",
        "其他支持中小企业发展和管理支出(2150899)300.00万元。"))
    grid = ruled_grid([["科目名称", "合计", "人员经费"],
                       ["机关事业单位基本养老保险缴费支出", "98.90", "98.90"],
                       ["机关事业单位职业年金缴费支出", "49.45", "49.45"],
                       ["行政运行", "800.00", "600.00"]], 2, "一般公共预算支出情况表")
    return stored_pdf("c9" * 8, BUDGET_BODY, [grid], pages=pages, year=2022)


def _final():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2023年{FINAL_BODY}部门决算")] if p == 1 else [])
             for p in (1, 2)]
    pages[1].blocks.extend(text_block(t) for t in (
        f"{FINAL_BODY}2023年度一般公共预算财政拨款支出决算2,251.27万元。与年初预算1,014.86万元相比，"
        "完成年初预算的221.83%。",
        "2023年度财政拨款安排会议费预算1.2万元，支出决算1.1万元，完成预算的91.7%。",
        "2023年政府性基金预算拨款支出429.45万元。",
        "卫生健康支出2,113.02万元，占93.86%。",
        "人员经费509.32万元，日常公用经费94.66万元。"))
    return stored_pdf("f9" * 8, FINAL_BODY, [], pages=pages, year=2023, doc_type="final_accounts")


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _budget(), _final())
    yield a
    a.close()


def test_a_list_saying_its_items_first_words_once_sums_both_lines(asker):
    a = asker.ask(f"{BUDGET_BODY}2022年机关事业单位基本养老保险缴费和职业年金缴费两项合计多少万元？")
    assert a.value == pytest.approx(148.35), a.answer


def test_shared_start_needs_the_first_item_between():
    assert shared_start("机关事业单位职业年金缴", "机关事业单位基本养老保险缴费和职业年金缴费合计") is not None
    # the shared words must open the list's first item, not stand anywhere before the row's end
    assert shared_start("机关事业单位职业年金缴", "机关事业单位的职业年金缴费是多少") is None
    assert shared_start("机关事业单位职业年金缴", "职业年金缴费和机关事业单位基本养老保险缴费") is None


def test_a_final_accounts_budget_said_bare_beside_its_final_figure(asker):
    a = asker.ask(f"{FINAL_BODY}2023年一般公共预算财政拨款支出决算与年初预算相比，变动幅度是多少？")
    assert a.value == pytest.approx(121.83), a.answer
    b = asker.ask(f"{FINAL_BODY}2023年会议费预算和支出决算差了多少万元？")
    assert b.value == pytest.approx(0.1), b.answer


def test_a_funds_name_asks_no_budget_figure_of_a_final_account(asker):
    assert make_plan("广元市医保局2021年政府性基金预算拨款支出是多少元？").final is None
    assert make_plan("广元市医保局2021年会议费预算是多少？").final is False
    a = asker.ask(f"{FINAL_BODY}2023年政府性基金预算拨款支出是多少万元？")
    assert a.value == pytest.approx(429.45), a.answer


def test_a_part_printed_beside_its_whole_is_of_the_wholes_fund(asker):
    a = asker.ask(f"{FINAL_BODY}2023年一般公共预算财政拨款支出中卫生健康支出占比多少？")
    assert a.value == pytest.approx(93.86), a.answer


def test_two_lines_added_as_said_together(asker):
    a = asker.ask(f"{FINAL_BODY}2023年人员经费与日常公用经费合起来多少万元？")
    assert a.value == pytest.approx(603.98), a.answer


def test_a_class_line_named_with_its_code_is_compared_whole():
    assert class_line("资本性支出(基本建设)(309)") == "资本性支出基本建设"
    assert class_line("9.培训支出（2050803）") == "培训支出"  # a class of spending, no 培训费
    assert class_line("培训费") == ""


def test_a_share_of_a_bracketed_line_asked_as_percent(asker):
    a = asker.ask(f"资本性支出（基本建设）占{BUDGET_BODY}2022年一般公共预算支出的百分之几？")
    assert a.value == pytest.approx(25.0), a.answer


def test_a_line_named_in_brackets_after_its_description(asker):
    a = asker.ask(f"{BUDGET_BODY}2022年：支持中小企业发展那一项（其他支持中小企业发展和管理支出）"
                  "占一般公共预算支出的几成？")
    assert a.value == pytest.approx(15.0), a.answer


def test_a_line_asked_in_yi_yuan(asker):
    a = asker.ask(f"{BUDGET_BODY}2022年“其他支持中小企业发展和管理支出”安排了多少亿元？")
    assert a.value == pytest.approx(0.03) and a.unit == "亿元", a.answer


def test_a_whole_said_as_the_filings_money_is_vague():
    assert vague_whole("决算里花的钱中项目支出占了多大比例", (0, 6))
    assert not vague_whole("一般公共预算支出中项目支出占比多少", (0, 8))


def test_equipment_is_counted_in_tai():
    page = Page(number=3, source="text", lines=[], blocks=[text_block(
        "截至2025年8月31日，单价100万元（含）以上设备（不含车辆）20台（套）。")])
    counts = [f for f in _sentence_facts("x" * 16, page) if f.unit == "台"]
    assert [f.value for f in counts] == [20.0]
    assert make_plan("某研究院有几台单价100万元以上的设备？").unit == "台"
