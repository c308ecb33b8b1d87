"""A share of a line within a whole the question names: the part read under that whole — the
words before the last 里 / 中 before the part say where it stands (基本支出中，商品和服务支出里，
差旅费), and the line standing under the whole's class (住房公积金 30113 under 工资福利支出 301)
comes before a line of another classification printed in the same words (the function class
2210201 住房公积金 of the spending table); a column of the whole's own row, matched by the whole's
name again, is no part of it (其他行政事业单位养老支出占行政事业单位养老支出); and a grid line read
without its code column takes the code its keyed cell prints, so the whole is read from the part's
table (政府采购预算表's 工业和信息产业, not the 收入总体情况表's). A two-character line listed after a
、 (津贴补贴、奖金) is that line, not the tail of a longer word."""

from __future__ import annotations

import pytest
from budgetlens.index.facts import Fact, canon
from budgetlens.qa.wholes import within_one_table
from budgetlens.qa.wording import Match
from budgetlens.schemas.document import Line, Page

from qa_corpus import asker_over, ruled_grid, stored_pdf

BUREAU = "澄岚市水利局"


def _bureau():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{BUREAU}部门预算")] if p == 1 else [])
             for p in (1, 2, 3, 4)]
    spending = ruled_grid([["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                           ["20805", "行政事业单位养老支出", "300.00", "300.00", "0.00"],
                           ["2080505", "机关事业单位基本养老保险缴费支出", "170.00", "170.00", "0.00"],
                           ["2080506", "机关事业单位职业年金缴费支出", "100.00", "100.00", "0.00"],
                           ["2080599", "其他行政事业单位养老支出", "30.00", "30.00", "0.00"],
                           ["22102", "住房改革支出", "180.00", "150.00", "30.00"],
                           ["2210201", "住房公积金", "180.00", "150.00", "30.00"]], 2, "一般公共预算支出表")
    spending.title_lines = [Line(text="一般公共预算支出表"), Line(text="单位：万元")]
    basic = ruled_grid([["科目编码", "科目名称", "合计", "人员经费", "公用经费"],
                        ["301", "工资福利支出", "1,200.00", "1,200.00", "0.00"],
                        ["30102", "津贴补贴", "300.00", "300.00", "0.00"],
                        ["30103", "奖金", "100.00", "100.00", "0.00"],
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


def test_the_whole_s_name_again_is_no_part(asker):
    # the whole's row prints 基本支出 300.00 beside its 合计: the part is the row 其他行政事业单位养老支出
    a = asker.ask(f"{BUREAU}2026年一般公共预算中，其他行政事业单位养老支出占行政事业单位养老支出的比例是多少？")
    assert a.value == pytest.approx(10.0), a.answer  # 30 ÷ 300


def _f(kind, row, value, table, title, page, code=""):
    return Fact("d", kind, table, title, row, code, "合计", value, "万元", page, None, "", canon_row=canon(row))


class _Index:
    def __init__(self, facts):
        self.by_doc = {"d": facts}


def test_a_grid_line_takes_its_keyed_cell_s_code():
    income, buys = "收入总体情况表", "政府采购预算表"
    whole = _f("grid", "工业和信息产业", 2715.1, "g2", income, 11)
    part = _f("grid", "其他工业和信息产业支出", 8.0, "g9", buys, 29)
    in_buys = _f("grid", "工业和信息产业", 93.5, "g9", buys, 29)
    cells = [_f("cell", "工业和信息产业", 2715.1, "B02", income, 11, "21505"),
             _f("cell", "工业和信息产业", 93.5, "B13", buys, 29, "21505"),
             _f("cell", "其他工业和信息产业支出", 8.0, "B13", buys, 29, "2150599")]
    got = within_one_table(_Index([whole, part, in_buys, *cells]), Match(900, part, (0, 9), part.row),
                           Match(700, whole, (10, 17), whole.row))
    assert isinstance(got, Match) and got.fact is in_buys


def test_a_short_line_listed_after_a_comma(asker):
    # 津贴补贴、奖金: 奖金 follows the list's 、 (the compared form drops it: 津贴补贴奖金), no 补贴奖金
    a = asker.ask(f"{BUREAU}2026年一般公共预算基本支出中，津贴补贴、奖金2项合计多少万元？")
    assert a.value == pytest.approx(400.0), a.answer
