"""Computed answers over lines the filings name by their class and changes they state in their
own way: a 项 asked with the 款 it stands under (宣传事务的一般行政管理事务, where several 款
print a 一般行政管理事务), a list of 款 said once with their 项 (组织事务、宣传事务两个一般行政管理
事务), a paragraph going on about the line named just before it (2022年当年预算执行数为…，比2022年
预算执行数增加25.41%), a line's change stated as its name and a verb under a 增减变化情况 heading
(项目支出减少13,586.12万元), 本年支出预算 as the 本年支出合计 line, a change stated in 万元 shown in
the 元 asked, and a final account's 年初预算 / 支出决算 clauses after the class line."""

from __future__ import annotations

import pytest
from budgetlens.qa.plan import each_of, rewrite
from budgetlens.schemas.document import Line, Page

from qa_corpus import asker_over, ruled_grid, stored_pdf, text_block

STREET = "澄岚市青枫街道办事处"
BUREAU = "澄岚市园林局"
CLINIC = "澄岚市卫生监督所"


def _street():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2023年{STREET}部门预算")] if p == 1 else [])
             for p in (1, 2, 3)]
    pages[1].blocks.extend(text_block(t) for t in (
        "4.“一般公共服务支出（类）组织事务（款）一般行政管理事务（项）”65.69万元，主要用于组织事务一般行政管理事务。"
        "2022年当年预算执行数为60.51万元，2023年预算安排65.69万元，比2022年预算执行数增加8.56%。",
        "5.“一般公共服务支出（类）宣传事务（款）一般行政管理事务（项）”100.20万元，主要用于宣传事务一般行政管理事务。"
        "2022年当年预算执行数为79.90万元，2023年预算安排100.20万元，比2022年预算执行数增加25.41%。",
    ))
    grid = ruled_grid([["科目编码", "科目名称", "合计", "财政拨款收入"],
                       ["20132", "组织事务", "656,900", "656,900"],
                       ["2013202", "一般行政管理事务", "656,900", "656,900"],
                       ["20133", "宣传事务", "1,002,000", "1,002,000"],
                       ["2013302", "一般行政管理事务", "1,002,000", "1,002,000"]], 3, "收入预算总表")
    grid.title_lines = [Line(text="收入预算总表"), Line(text="单位：元")]
    return stored_pdf("a11s" + "0" * 12, STREET, [grid], pages=pages, year=2023)


def _bureau():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{BUREAU}部门预算")] if p == 1 else [])
             for p in (1, 2, 3)]
    pages[1].blocks.extend(text_block(t) for t in (
        "（二）支出预算：2026年支出预算191,394.79万元，其中：基本支出8,882.89万元，项目支出182,511.9万元。",
        "（三）增减变化情况：2026年收支预算191,394.79万元，比上年减少13,469.96万元。"
        "2.支出预算减少13,469.96万元，其中基本支出增加116.16万元，项目支出减少13,586.12万元。",
        "2026年本年支出预算41,580.84万元，与上年相比减少2,219.02万元，主要原因是压减了公用经费。",
        "2026年度收入、支出预算总计9,146.79万元，与上年相比收、支预算总计各增加498.72万元，增长5.77%。",
    ))
    totals = ruled_grid([["项目", "金额"], ["本年支出合计", "41,580.84"], ["支出总计", "9,146.79"]], 3,
                        "收支预算总表")
    totals.title_lines = [Line(text="收支预算总表"), Line(text="单位：万元")]
    return stored_pdf("a11b" + "0" * 12, BUREAU, [totals], pages=pages)


def _clinic():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2023年{CLINIC}部门决算")] if p == 1 else [])
             for p in (1, 2, 3)]
    pages[1].blocks.extend(text_block(t) for t in (
        "4. 卫生健康支出（类）行政事业单位医疗（款）其他行政事业单位医疗支出（项）。年初预算 287.00 万元，"
        "支出决算 283.10 万元，完成年初预算的 98.6%。决算数小于年初预算数的主要原因是体检人数减少。",
        "5. 社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）支出决算数为4.28万元。",
    ))
    # the glossary names the same 项 under another 款: it defines the line, it states no figure of it
    pages[2].blocks.extend(text_block(t) for t in (
        "6. 社会保障和就业支出（类）行政事业单位离退休（款）机关事业单位职业年金缴费支出（项）：指反映单位缴纳的职业年金。",
    ))
    grid = ruled_grid([["科目编码", "科目名称", "本年支出合计", "基本支出", "项目支出"],
                       ["2101199", "其他行政事业单位医疗支出", "283.10", "0.00", "283.10"]], 3, "支出决算表")
    grid.title_lines = [Line(text="支出决算表"), Line(text="单位：万元")]
    return stored_pdf("a11c" + "0" * 12, CLINIC, [grid], pages=pages, year=2023, doc_type="final_accounts")


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _street(), _bureau(), _clinic())
    yield a
    a.close()


def test_an_item_asked_with_its_kuan_is_that_kuans_line(asker):
    a = asker.ask(f"{STREET}2023年宣传事务的一般行政管理事务预算是多少万元？")
    assert a.value == pytest.approx(100.2), a.answer
    a = asker.ask(f"{STREET}2023年组织事务一般行政管理事务预算是多少万元？")
    assert a.value == pytest.approx(65.69), a.answer


def test_an_item_asked_without_its_kuan_is_not_answered_with_either(asker):
    a = asker.ask(f"{STREET}2023年一般行政管理事务预算是多少万元？")
    assert a.value is None, a.answer


def test_a_listed_kuan_each_with_the_item_said_once_is_summed(asker):
    assert each_of("预算里组织事务、宣传事务两个一般行政管理事务加起来") == \
        "预算里组织事务一般行政管理事务、宣传事务一般行政管理事务加起来"
    assert each_of("组织事务、宣传事务三个一般行政管理事务加起来").startswith("组织事务、宣传事务三个")  # 2 named, not 3
    a = asker.ask(f"{STREET}2023年预算里组织事务、宣传事务两个一般行政管理事务加起来是多少万元？")
    assert a.value == pytest.approx(165.89), a.answer


def test_the_paragraph_going_on_about_the_line_gives_its_rate(asker):
    a = asker.ask(f"{STREET}2023年宣传事务的一般行政管理事务预算比2022年执行数增长了百分之几？")
    assert a.value == pytest.approx(25.41), a.answer
    a = asker.ask(f"{STREET}2023年组织事务的一般行政管理事务预算比2022年执行数增长了百分之几？")
    assert a.value == pytest.approx(8.56), a.answer


def test_a_lines_change_stated_as_name_and_verb(asker):
    a = asker.ask(f"{BUREAU}2026年项目支出比上年减少了多少万元？")
    assert a.value == pytest.approx(13586.12), a.answer
    a = asker.ask(f"{BUREAU}2026年基本支出比上年增加了多少万元？")
    assert a.value == pytest.approx(116.16), a.answer


def test_this_years_spending_is_its_own_line():
    assert "本年支出合计" in rewrite("某局2026年本年支出预算比上年少了多少万元？")
    assert "支出总计" in rewrite("某局2026年支出预算比上年少了多少万元？")


def test_this_years_spending_change_as_stated(asker):
    a = asker.ask(f"{BUREAU}2026年本年支出预算比上年少了多少万元？")
    assert a.value == pytest.approx(2219.02), a.answer


def test_a_change_stated_in_wan_is_shown_in_the_yuan_asked(asker):
    a = asker.ask(f"与2025年度相比，{BUREAU}2026年部门支出预算增减了多少元？")
    assert a.value == pytest.approx(4987200), a.answer
    assert "4,987,200 元" in a.answer and "4,987,200 万元" not in a.answer


def test_a_final_accounts_budget_and_spending_clauses_after_the_class_line(asker):
    a = asker.ask(f"{CLINIC}2023年其他行政事业单位医疗支出的年初预算和决算差了多少万元？")
    assert a.value == pytest.approx(3.9), a.answer
    a = asker.ask(f"{CLINIC}2023年机关事业单位职业年金缴费支出决算是多少万元？")
    assert a.value == pytest.approx(4.28), a.answer
