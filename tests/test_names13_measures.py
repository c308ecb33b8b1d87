"""A rate computed from two years' figures that the filing's stated change contradicts (the year
before read from a row of several measures' total) is answered by the stated change, or
declined when the filing counts it from another base; the polite lead of a question
(帮我查…) names nothing; a budget compared with the year before's 执行数 is read as a budget."""

from __future__ import annotations

import pytest

from budgetlens.qa.plan import rewrite
from qa_corpus import asker_over, ruled_grid, stored_pdf, text_page


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    # the year before's row of a table of three measures, printed in 元: 合计 is their sum
    grid = ruled_grid([["项目", "合计", "“三公”经费小计", "会议费", "培训费"],
                       ["2021年", "421672.50", "18500.00", "0", "403172.50"]],
                      page=4, title="表13 2022年一般公共预算拨款“三公”经费、会议费、培训费表")
    grid.title_lines[1].text = "单位：元"
    page = text_page(2, "2022年本部门当年一般公共预算“三公”经费预算支出16.84万元，较上年增加14.99万元（810.27%），"
                        "增加的主要原因是公务用车运行维护费列入预算。")
    doc, f = stored_pdf("c" * 16, "澄岚县工业和信息化局", [grid], pages=[text_page(1), page, text_page(3), text_page(4)],
                        year=2022)
    a = asker_over(tmp_path_factory.mktemp("ws"), (doc, f))
    yield a
    a.close()


def test_a_change_is_never_computed_from_the_listed_total(asker):
    a = asker.ask("澄岚县工信局2022年“三公”经费预算比上年增长了百分之几？")
    assert a.value is None or a.value == pytest.approx(810.27, abs=0.01)
    assert a.value != pytest.approx((16.84 - 42.17) / 42.17 * 100, abs=0.1)


@pytest.mark.parametrize("asked", ["帮我查江苏高院的提租补贴安排了多少钱", "麻烦帮我看一下江苏高院的提租补贴安排了多少钱",
                                   "我想了解江苏高院的提租补贴安排了多少钱", "请帮忙查查江苏高院的提租补贴安排了多少钱"])
def test_a_polite_lead_names_nothing(asked):
    assert rewrite(asked).startswith("江苏")


def test_a_budget_against_the_year_befores_execution_is_read_as_a_budget(tmp_path):
    page = text_page(2, "湖州市澄岚委员会2026年收入预算515313.35万元，比上年执行数减少10087.38万元，下降1.9%。")
    grid = ruled_grid([["项目", "金额"], ["收入总计", "515313.35"]], page=3, title="收支预算总表")
    doc, f = stored_pdf("d" * 16, "湖州市澄岚委员会", [grid], pages=[text_page(1), page, text_page(3)], year=2026)
    asker = asker_over(tmp_path, (doc, f))
    try:
        a = asker.ask("湖州市澄岚委员会2026年收入预算比上年执行数少了多少？")
        assert a.value == pytest.approx(10087.38) and a.unit == "万元"
    finally:
        asker.close()


def _contradicted_rate(tmp_path, said: str):
    # the year before's row prints another figure than the narrative's change implies: one of
    # the two is not the measure's
    grid = ruled_grid([["项目", "“三公”经费"], ["2021年", "42.17"], ["2022年", "16.84"]],
                      page=4, title="一般公共预算“三公”经费预算表")
    page = text_page(2, f"2022年本部门当年一般公共预算“三公”经费预算支出16.84万元，{said}。")
    doc, f = stored_pdf("e" * 16, "澄岚县商务局", [grid], pages=[text_page(1), page, text_page(3), text_page(4)],
                        year=2022)
    asker = asker_over(tmp_path, (doc, f))
    try:
        return asker.ask("澄岚县商务局2022年“三公”经费预算比上年增长了百分之几？")
    finally:
        asker.close()


def test_a_rate_computed_against_the_rate_the_filing_states_answers_the_stated_rate(tmp_path):
    # computed from the two rows: −60.07%; the filing states +810.27% beside the figure
    a = _contradicted_rate(tmp_path, "较上年增加14.99万元（810.27%）")
    assert a.value == pytest.approx(810.27, abs=0.01)
    assert "与文件所写不符" in a.answer and "-60.07" in a.answer


def test_a_stated_rate_counted_from_another_base_declines_the_computed_one(tmp_path):
    # the filing's rate is over the year before's 执行数, the question names no base: neither
    # the computed −60.07% nor the stated rate answers it
    a = _contradicted_rate(tmp_path, "比上年执行数增加14.99万元，增长810.27%")
    assert a.kind == "not_found" and a.value is None
    assert "810.27" in a.answer and "不作回答" in a.answer
