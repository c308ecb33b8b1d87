"""A narrative that explains its items one by one (1.“社会保障和就业支出(类)行政事业单位养老支出(款)
机关事业单位基本养老保险缴费支出(项)”76.76万元。2023年当年预算执行数为70.70万元，2024年预算安排
76.76万元，比2023年预算执行数增加8.57%): each year's figure is of the item its class line names,
and a change asked against the earlier year's 执行数 is computed from both, each cited."""

from __future__ import annotations

import pytest
from budgetlens.index.facts import _sentence_facts
from budgetlens.schemas.document import Document, Line, Page
from budgetlens.schemas.filing import Filing

from qa_corpus import asker_over, ruled_grid, stored_pdf, text_block

ENTITY = "澄岚市东湖区养老院"
ITEMS = ["1.“社会保障和就业支出(类)行政事业单位养老支出(款)机关事业单位基本养老保险缴费支出(项)”76.76万元。"
         "2023年当年预算执行数为70.70万元，2024年预算安排76.76万元，比2023年预算执行数增加8.57%，主要原因是人员调整。",
         "2.“卫生健康支出(类)行政事业单位医疗(款)事业单位医疗(项)”50.37万元。"
         "2023年当年预算执行数为44.17万元，2024年预算安排50.37万元，比2023年预算执行数增加14.04%。",
         "2024年单位预留机动经费预算为12.50万元。"]


def _filing() -> tuple[Document, Filing]:
    doc_id = "ab" * 8
    pages = [Page(number=p, source="text", lines=[Line(text=f"2024年{ENTITY}单位预算")] if p == 1 else [])
             for p in (1, 2)]
    pages[1].blocks.extend(text_block(t) for t in ITEMS)
    other = ruled_grid([["项目", "预算数"], ["单位预留机动经费", "12.50"], ["公务用车购置及运行费", "8.00"]], 2,
                       "其他支出预算表")
    return stored_pdf(doc_id, ENTITY, [other], pages=pages, year=2024)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _filing())
    yield a
    a.close()


def test_each_years_figure_is_of_the_item_its_class_line_names():
    doc, _ = _filing()
    facts = _sentence_facts(doc.doc_id, doc.pages[1])
    executed = [f for f in facts if "执行数为" in f.col]
    assert [(f.row, f.year, f.value) for f in executed] == [
        ("机关事业单位基本养老保险缴费支出", 2023, 70.70), ("事业单位医疗", 2023, 44.17)]
    # the stated change keeps the item in its label, never a bare 比2023年预算执行数增加
    assert any(f.row == "事业单位医疗比2023年预算执行数增加" and f.unit == "%" for f in facts)


def test_the_executed_figure_is_looked_up(asker):
    a = asker.ask(f"{ENTITY}2023年事业单位医疗执行数是多少万元？")
    assert a.value == pytest.approx(44.17), a.answer
    assert a.citations and a.citations[0].page == 2


def test_a_change_against_the_earlier_years_executed_figure(asker):
    a = asker.ask(f"{ENTITY}2024年事业单位医疗预算比2023年执行数增长了百分之几？")
    assert a.value == pytest.approx(14.04, abs=0.01), a.answer
    b = asker.ask(f"{ENTITY}2024年机关事业单位基本养老保险缴费支出预算较2023年预算执行数增加了多少万元？")
    assert b.value == pytest.approx(6.06, abs=0.005), b.answer


def test_executed_asked_of_the_budget_year_is_still_declined(asker):
    # 2024年…执行数: a budget prints no 2024 execution — never the 2024 budget in its place
    a = asker.ask(f"{ENTITY}2024年事业单位医疗执行数是多少万元？")
    assert a.value is None, a.answer


def test_a_sum_said_with_jia_shang(asker):
    # 加上 joins two operands as 加 / 和 do; it names no measure of its own
    a = asker.ask(f"{ENTITY}2024年事业单位医疗预算加上机关事业单位基本养老保险缴费支出预算，一共是多少万元？")
    assert a.value == pytest.approx(127.13), a.answer


def test_a_row_printing_the_longer_words_whole_is_that_measure(asker):
    # 单位预留机动经费 is compared as 预留机动 (its 单位 cut): the row prints the longer words itself
    a = asker.ask(f"表述里的“单位预留机动经费”，{ENTITY}2024年安排了多少？")
    assert a.value == pytest.approx(12.5), a.answer
    # 公务用车购置费 is still no 公务用车购置及运行费
    b = asker.ask(f"{ENTITY}2024年公务用车购置费是多少万元？")
    assert b.value is None, b.answer


def test_longer_words_printed_on_the_matched_row_are_no_other_line():
    from types import SimpleNamespace

    from budgetlens.index.facts import Fact, canon
    from budgetlens.qa.compute import Finder, Match, question_canon

    def fact(row, kind="grid"):
        return Fact("d", kind, "g1", "表", row, "", "", 1.0, "万元", 1, None, row, canon_row=canon(row))

    finder = Finder(SimpleNamespace(facts=[fact("单位预留机动经费"), fact("公务用车购置费"), fact("预留机动经费")]))
    cq = question_canon("表述里的单位预留机动经费安排了多少", [])
    said = fact("单位预留机动经费预算为", "sentence")
    i = cq.find("预留机动")
    assert finder.longer_label(cq, Match(100, said, (i, i + 4), "预留机动")) is None
    bare = fact("预留机动经费")
    assert finder.longer_label(cq, Match(100, bare, (i, i + 4), "预留机动")) == "单位预留机动"
    cq2 = question_canon("公务用车购置费是多少", [])
    car = fact("公务用车购置及运行费")
    assert finder.longer_label(cq2, Match(100, car, (0, 4), "公务用车")) == "公务用车购置"


def test_an_item_explained_under_two_classes_names_neither():
    from budgetlens.index.facts import _sentence_facts

    page = Page(number=2, source="text", lines=[], blocks=[text_block(t) for t in (
        "1.“一般公共服务支出(类)群众团体事务(款)一般行政管理事务(项)”45.41万元。2022年当年预算执行数为11.67万元。",
        "2.“一般公共服务支出(类)组织事务(款)一般行政管理事务(项)”8.00万元。2022年当年预算执行数为6.00万元。")])
    facts = _sentence_facts("d", page)
    assert not any(f.row == "一般行政管理事务" for f in facts)
    assert {f.value for f in facts if "执行数" in f.row} == {11.67, 6.0}


def test_a_stated_figure_says_its_year_and_its_verb_once():
    from budgetlens.qa.wording import stated

    assert stated("深圳市统计局2026年", "2026年预算数为") == "深圳市统计局2026年预算数为"
    assert stated("深圳市统计局2026年", "2025年预算数为") == "深圳市统计局2026年2025年预算数为"
    assert stated("无锡市发改委2025年", "机关运行经费预算是") == "无锡市发改委2025年机关运行经费预算为"
    assert stated("X2025年", "公务接待费") == "X2025年公务接待费为"
