"""A line named by its 政府经济分类 code (西安's 5xxxx) where the table prints each row under its
部门经济分类 code and name first, the government's code and name after (30113 住房公积金 50103
住房公积金 491.91 …): the second code names the row too. A government line several rows share
(50901 社会福利和救助 beside 30304 抚恤金 and 30305 生活补助) names none of them; an item printed
in a row per government class (30199 under 50199 and under 50501) is the row of the code said."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, ruled_grid, stored_pdf

_HEAD = ["部门经济分类科目编码", "部门经济分类科目名称", "政府经济分类科目编码", "政府经济分类科目名称", "合计", "人员经费支出"]


@pytest.fixture(scope="module")
def crossed(tmp_path_factory):
    basic = ruled_grid([_HEAD,
                        ["30113", "住房公积金", "50103", "住房公积金", "491.91", "491.91"],
                        ["30199", "其他工资福利支出", "50199", "其他工资福利支出", "1982.48", "1982.48"],
                        ["30199", "其他工资福利支出", "50501", "工资福利支出", "879.21", "879.21"],
                        ["30304", "抚恤金", "50901", "社会福利和救助", "72.37", "72.37"],
                        ["30305", "生活补助", "50901", "社会福利和救助", "10.00", "10.00"],
                        ["30213", "维修（护）费", "50209", "维修（护）费", "3.00", "3.00"]],
                       page=8, title="表8一般公共预算基本支出明细表")
    # a table printing a 部门预算 column: the filing's name said in a question is no column of it
    funds = ruled_grid([["项目", "部门预算", "其他资金"], ["收入合计", "5000.00", "20.00"]], page=2,
                       title="表1部门综合预算收支总表")
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("d" * 16, "澄岚市统计局", [funds, basic], pages=9))
    yield a
    a.close()


def test_a_government_class_code_names_the_row_printed_beside_it(crossed):
    a = crossed.ask("澄岚市统计局2026年按经济分类科目 50209 维修（护）费 合计数是多少万元？")
    assert a.kind == "value" and a.value == pytest.approx(3.0), a.answer


def test_the_filings_name_before_a_coded_line_is_no_column(crossed):
    a = crossed.ask("澄岚市统计局2026年部门综合预算，科目50209“维修（护）费”合计（万元）？")
    assert a.kind == "value" and a.value == pytest.approx(3.0), a.answer


def test_a_sum_of_two_lines_named_by_government_codes(crossed):
    a = crossed.ask("澄岚市统计局2026年部门综合预算科目50103和50199合计数之和（万元）？")
    assert a.kind != "not_found" and a.value == pytest.approx(491.91 + 1982.48), a.answer


def test_an_item_split_by_government_class_is_the_row_of_the_code_said(crossed):
    a = crossed.ask("澄岚市统计局2026年50199其他工资福利支出与50103住房公积金的合计数相差多少万元？")
    assert a.kind != "not_found" and a.value == pytest.approx(1982.48 - 491.91), a.answer


def test_a_government_line_several_rows_share_is_declined(crossed):
    a = crossed.ask("澄岚市统计局2026年科目50901“社会福利和救助”合计是多少万元？")
    assert a.value is None, a.answer


def test_a_title_leaving_out_the_carry_over_asks_no_year_before(crossed):
    a = crossed.ask("澄岚市统计局2026年《一般公共预算基本支出明细表（按支出经济分类科目-不含上年结转）》"
                    "科目50103和50199合计数之和（万元）？")
    assert a.kind != "not_found" and a.value == pytest.approx(491.91 + 1982.48), a.answer
