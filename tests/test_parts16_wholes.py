"""A share of a line within a whole the question names: the part read under that whole — the
words before the last 里 / 中 before the part say where it stands (基本支出中，商品和服务支出里，
差旅费), and the line standing under the whole's class (住房公积金 30113 under 工资福利支出 301)
comes before a line of another classification printed in the same words (the function class
2210201 住房公积金 of the spending table)."""

from __future__ import annotations

import pytest
from budgetlens.schemas.document import Line, Page

from qa_corpus import asker_over, ruled_grid, stored_pdf

BUREAU = "澄岚市水利局"


def _bureau():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{BUREAU}部门预算")] if p == 1 else [])
             for p in (1, 2, 3, 4)]
    spending = ruled_grid([["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                           ["20805", "行政事业单位养老支出", "300.00", "300.00", "0.00"],
                           ["2080505", "机关事业单位基本养老保险缴费支出", "200.00", "200.00", "0.00"],
                           ["2080506", "机关事业单位职业年金缴费支出", "100.00", "100.00", "0.00"],
                           ["22102", "住房改革支出", "180.00", "150.00", "30.00"],
                           ["2210201", "住房公积金", "180.00", "150.00", "30.00"]], 2, "一般公共预算支出表")
    spending.title_lines = [Line(text="一般公共预算支出表"), Line(text="单位：万元")]
    basic = ruled_grid([["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
                        ["301", "工资福利支出", "1,200.00", "1,200.00", "0.00"],
                        ["30108", "机关事业单位基本养老保险缴费", "200.00", "200.00", "0.00"],
                        ["30113", "住房公积金", "150.00", "150.00", "0.00"],
                        ["302", "商品和服务支出", "400.00", "0.00", "400.00"]], 3, "一般公共预算基本支出表")
    basic.title_lines = [Line(text="一般公共预算基本支出表"), Line(text="单位：万元")]
    # the table runs on over the next page: the part printed a page after its whole
    more = ruled_grid([["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
                       ["30201", "办公费", "40.00", "0.00", "40.00"],
                       ["30211", "差旅费", "50.00", "0.00", "50.00"]], 4, "一般公共预算基本支出表")
    more.title_lines = [Line(text="一般公共预算基本支出表（续）"), Line(text="单位：万元")]
    return stored_pdf("p16w" + "0" * 12, BUREAU, [spending, basic, more], pages=pages)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _bureau())
    yield a
    a.close()


def test_a_part_after_two_wholes_said_with_li(asker):
    # 基本支出中，商品和服务支出里，差旅费: both words before the last 里 say where 差旅费 stands
    a = asker.ask(f"{BUREAU}2026年一般公共预算基本支出中，商品和服务支出里，差旅费占百分之几？")
    assert a.value == pytest.approx(12.5), a.answer  # 50 ÷ 400


def test_the_part_under_the_whole_s_class(asker):
    # 住房公积金 printed as 2210201 (180.00, with project spending) and as 30113 (150.00) under 301
    a = asker.ask(f"{BUREAU}2026年一般公共预算基本支出中，住房公积金占工资福利支出的比例是多少？")
    assert a.value == pytest.approx(12.5), a.answer  # 150 ÷ 1,200
    a = asker.ask(f"{BUREAU}2026年一般公共预算基本支出中，工资福利支出里，机关事业单位基本养老保险缴费占百分之几？")
    assert a.value == pytest.approx(16.67, abs=0.01), a.answer  # 200 ÷ 1,200


def test_a_function_class_in_its_parent(asker):
    a = asker.ask(f"{BUREAU}2026年预算中，行政事业单位养老支出里，机关事业单位职业年金缴费支出占百分之几？")
    assert a.value == pytest.approx(33.33, abs=0.01), a.answer  # 100 ÷ 300
