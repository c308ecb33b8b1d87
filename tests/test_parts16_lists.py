"""Lines listed for a sum or a difference within a part the question names: a line printed in
the 基本支出 and 项目支出 tables and stated by the narrative as their sum (委托业务费) is, asked
under 基本支出, the 基本支出 table's line, not the sum; and a 和 within a line found
(支持中小企业发展和管理支出) lists no further line, so 3项合计 adds three lines, no 合计 row."""

from __future__ import annotations

import pytest
from budgetlens.schemas.document import Line, Page

from qa_corpus import asker_over, ruled_grid, stored_pdf, text_block

BUREAU = "澄岚市商务局"
TRADE = "澄岚市经济和信息化委员会"


def _bureau():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{BUREAU}部门预算")] if p == 1 else [])
             for p in (1, 2, 3, 4)]
    pages[1].blocks.append(text_block("2026年本部门一般公共预算安排委托业务费520.00万元，主要用于课题研究。"))
    basic = ruled_grid([["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
                        ["302", "商品和服务支出", "100.00", "0.00", "100.00"],
                        ["30204", "手续费", "1.00", "0.00", "1.00"],
                        ["30227", "委托业务费", "20.00", "0.00", "20.00"]], 3, "一般公共预算基本支出表")
    basic.title_lines = [Line(text="一般公共预算基本支出表"), Line(text="单位：万元")]
    project = ruled_grid([["科目编码", "科目名称", "预算"],
                          ["30227", "委托业务费", "500.00"]], 4, "一般公共预算项目支出表")
    project.title_lines = [Line(text="一般公共预算项目支出表"), Line(text="单位：万元")]
    return stored_pdf("p16l" + "0" * 12, BUREAU, [basic, project], pages=pages)


def _trade():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{TRADE}部门预算")] if p == 1 else [])
             for p in (1, 2, 3)]
    totals = ruled_grid([["项目", "支出预算数"], ["一般公共服务支出", "1,600.00"], ["科学技术支出", "400.00"],
                         ["合 计", "2,000.00"]], 2, "2026年部门收支总体情况表")
    totals.title_lines = [Line(text="2026年部门收支总体情况表"), Line(text="单位：万元")]
    spending = ruled_grid([["科目编码", "科目名称", "合计"],
                           ["21502", "制造业", "70.00"],
                           ["21508", "支持中小企业发展和管理支出", "300.00"],
                           ["21599", "其他资源勘探工业信息等支出", "30.00"]], 3, "一般公共预算支出表")
    spending.title_lines = [Line(text="一般公共预算支出表"), Line(text="单位：万元")]
    return stored_pdf("p16t" + "0" * 12, TRADE, [totals, spending], pages=pages)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _bureau(), _trade())
    yield a
    a.close()


def test_a_line_asked_under_basic_spending_is_not_the_sum_of_both_parts(asker):
    a = asker.ask(f"{BUREAU}2026年一般公共预算基本支出中，手续费和委托业务费加起来是多少万元？")
    assert a.value == pytest.approx(21.0), a.answer  # 1.00 + 20.00, not + 520.00
    a = asker.ask(f"{BUREAU}2026年一般公共预算基本支出中，委托业务费和手续费相差多少万元？")
    assert a.value == pytest.approx(19.0), a.answer


def test_a_he_within_a_line_lists_nothing(asker):
    a = asker.ask(f"{TRADE}2026年一般公共预算中，支持中小企业发展和管理支出、其他资源勘探工业信息等支出、制造业3项合计多少万元？")
    assert a.value == pytest.approx(400.0), a.answer  # 300 + 30 + 70, no 合计 row
