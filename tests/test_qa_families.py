"""Families of questions the answerer must answer right or decline, never answer with
another body's, another scope's or a part's number: a subordinate body named by its own
row, a table with a section per unit, a department's 本级 and subordinate rows, a sum
listing more parts than the filing prints, a class code beside another row's name, the
year before printed as a row, sentences a block break cuts, thousands separators inside
a sentence, a title broken over two lines, a row total holding the number another table
prints as its part, and a final account's budget sentence."""

from __future__ import annotations

import pytest
from budgetlens.index.facts import _sentence_facts, cover_names
from budgetlens.schemas.document import Document, Line, Page
from budgetlens.schemas.filing import Filing, Source
from qa_corpus import asker_over, ruled_grid as _grid, text_block as _block

ENTITY = "澄岚市建设工务署"


def _filing(doc_id: str = "f" * 16, year: int = 2026) -> tuple[Document, Filing]:
    units = _grid([["单位名称", "收入总计", "一般公共预算"],
                   [f"{ENTITY}（本级）", "1,000.00", "900.00"],
                   [f"{ENTITY}文体工程管理中心", "500.00", "500.00"],
                   [f"{ENTITY}工程管理中心", "800.00", "800.00"],
                   ["合计", "2,300.00", "2,200.00"]], 2, "部门收入总表")
    # a basic-expenditure table with a section per unit: the same row under each body
    sections = _grid([["项目", "总计", "财政拨款"],
                      ["工资福利支出", "300.00", "300.00"],
                      ["工资福利支出", "120.00", "120.00"]], 3, "部门预算基本支出预算表")
    economic = _grid([["科目名称", "合计"], ["工资福利支出", "420.00"], ["办公费", "30.00"]], 4,
                     "一般公共预算基本支出表")
    three = _grid([["单位", "总计", "因公出国（境）费", "公务接待费"],
                   [f"{ENTITY}（本级） {year - 1} 年", "79.00", "70.00", "9.00"],
                   [f"{ENTITY}文体工程管理中心 {year - 1} 年", "13.80", "13.80", "0.00"],
                   [f"{ENTITY} {year} 年", "100.00", "80.00", "20.00"]], 5, "财政拨款“三公”经费支出表")
    prior = _grid([["项目", "合计", "公务接待费"], ["本年", "20.00", "20.00"], ["上年", "25.00", "25.00"]], 6,
                  "公务接待费预算表")
    income = _grid([["项目", "合计", "一般公共预算", "政府性基金", "其他收入"],
                    ["合计", "1,000.00", "900.00", "80.00", "20.00"]], 7, "收入总体情况表")
    classes = _grid([["科目编码", "科目名称", "合计"],
                     ["2200509", "气象服务", "139.62"],
                     ["2200509", "全额", "68.65"]], 8, "一般公共预算支出表")
    base = _grid([["项目", "总计", "财政拨款"], ["差旅费", "15.50", "15.50"]], 9, "基本支出总表")
    economic2 = _grid([["科目名称", "支出总计", "基本支出", "项目支出"], ["差旅费", "93.20", "15.50", "77.70"]], 10,
                      "一般公共预算支出表（按经济分类）")
    pages = [Page(number=p, source="text", lines=[]) for p in range(1, 13)]
    pages[0].lines.extend([Line(text=f"{year}年{ENTITY}部门"), Line(text="预算")])  # a title over two lines
    pages[10].blocks.extend([
        _block("政府采购预算6,143.52万元：政府采购货物预算5,242.52万元、政府采购服务预算901万元；"),
        _block(f"{year}年委托业务费涉及财拨资金"),  # a sentence a block break cuts
        _block("116,699.16万元，主要用于研发项目支出。"),
    ])
    pages[11].blocks.append(_block(f"{year}年度财政拨款安排公务接待预算0.60万元，实际支出0.32万元。"))
    path = f"/filings/{doc_id}.pdf"
    document = Document(doc_id=doc_id, sha256=doc_id * 4, path=path, media="pdf", pages=pages,
                        tables=[units, sections, economic, three, prior, income, classes, base, economic2])
    filing = Filing(doc_id=doc_id, source=Source(path=path, sha256=doc_id * 4, pages=12, media="pdf"),
                    entity=ENTITY, fiscal_year=year, doc_type="budget")
    return document, filing


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    home = tmp_path_factory.mktemp("ws")
    doc, f = _filing()
    a = asker_over(home, (doc, f))
    yield a
    a.close()


def test_a_title_broken_over_two_lines_names_the_body():
    doc, _ = _filing()
    assert ENTITY in cover_names(doc)


def test_a_subordinate_body_is_its_own_row_never_a_longer_name(asker):
    a = asker.ask(f"{ENTITY}下属的工程管理中心2026年收入总计是多少？")
    assert a.value == pytest.approx(800.0)  # never 文体工程管理中心's 500
    assert 2 in {c.page for c in a.citations}


def test_a_table_with_a_section_per_unit_does_not_answer_for_the_department(asker):
    a = asker.ask(f"{ENTITY}2026年基本支出中工资福利支出是多少？")
    assert a.value == pytest.approx(420.0) and a.citations[0].page == 4


def test_never_the_own_unit_or_a_subordinate_row_for_the_department(asker):
    a = asker.ask(f"{ENTITY}2025年“三公”经费是多少？")
    assert a.kind == "not_found"  # only 本级 (79) and a subordinate (13.80) print 2025
    assert a.value is None


def test_a_sum_of_some_of_the_parts_listed_is_no_answer(asker):
    a = asker.ask(f"{ENTITY}2026年收入中，政府性基金和其他收入加起来有多少？")
    assert a.value == pytest.approx(100.0) and {c.page for c in a.citations} == {7}
    a = asker.ask(f"{ENTITY}2026年收入中，政府性基金、国有资本经营预算和其他收入加起来有多少？")
    assert a.kind == "not_found" and a.value is None  # 国有资本经营 is not printed: never 80 + 20


def test_a_class_code_answers_with_the_row_printing_its_name(asker):
    a = asker.ask(f"{ENTITY}2026年“气象服务”（2200509）科目安排了多少万元？")
    assert a.value == pytest.approx(139.62)


def test_the_year_before_printed_as_a_row(asker):
    a = asker.ask(f"{ENTITY}上年（2025年）公务接待费预算是多少？")
    assert a.value == pytest.approx(25.0) and a.citations[0].page == 6


def test_a_sentence_cut_by_a_block_break_keeps_its_words(asker):
    a = asker.ask(f"{ENTITY}2026年委托业务费涉及财政拨款资金多少万元？")
    assert a.value == pytest.approx(116699.16) and a.verified


def test_a_thousands_separator_does_not_end_a_clause():
    page = Page(number=1, source="text", lines=[],
                blocks=[_block("政府采购货物预算5,242.52万元、政府采购服务预算901万元。")])
    got = {(f.row, f.value) for f in _sentence_facts("x", page)}
    assert ("政府采购货物预算", 5242.52) in got
    assert any(row.endswith("政府采购服务预算") and not row.startswith("242") for row, v in got if v == 901)


def test_a_row_total_holding_the_other_tables_number_as_a_part(asker):
    a = asker.ask(f"{ENTITY}2026年差旅费一共安排了多少？")
    assert a.value == pytest.approx(93.2)  # 15.50 is its 基本支出 part


def test_a_final_accounts_question_is_not_answered_with_a_budget_sentence(tmp_path):
    doc, f = _filing("e" * 16, 2023)
    f = f.model_copy(update={"doc_type": "final_accounts"})
    a = asker_over(tmp_path, (doc, f))
    try:
        ans = a.ask(f"{ENTITY}2023年公务接待费决算是多少？")
        assert ans.value != pytest.approx(0.6)
    finally:
        a.close()


def test_a_line_named_with_he_ji_keeps_its_name():
    from budgetlens.qa.plan import rewrite

    assert "本年收入合计" in rewrite("珠海市商务局2026年本年支出合计比本年收入合计多出多少万元？")
    assert "收入总计" in rewrite("澄岚县教育局2023年部门预算收入是多少？")


def test_a_change_compares_one_measure_across_the_years():
    from budgetlens.index.facts import Fact
    from budgetlens.qa.compute import Match
    from budgetlens.qa.engine import _same_measure

    def m(label, code=""):
        f = Fact("x", "sentence", "", "", label, code, "", 1.0, "万元", 1, None, label)
        return Match(400, f, (0, len(label)), label)

    assert not _same_measure(m("执行数"), m("机关事业单位基本养老保险缴费"))
    assert _same_measure(m("培训费"), m("培训费预算"))


def test_he_ji_after_two_listed_measures_asks_their_sum():
    from budgetlens.index.facts import Fact, FactIndex, canon
    from budgetlens.qa.compute import Finder, Match

    labels = ("公用经费合计", "人员经费和公用经费", "公务用车购置费")
    facts = [Fact("x", "grid", "g0", "", lab, "", "合计", 1.0, "万元", 1, None, lab, canon_row=canon(lab))
             for lab in labels]
    finder = Finder(FactIndex({}, facts))
    cq = "在职人员经费和公用经费合计多少万元"
    i = cq.find("公用")
    part = Match(200, facts[0], (i, i + 2), "公用")
    assert finder.longer_label(cq, part, [(0, 4)]) is None  # 合计 asks the sum; 和 joins two operands
    cq = "公务用车购置费是多少"
    assert finder.longer_label(cq, Match(400, facts[2], (0, 4), "公务用车")) == "公务用车购置"


def test_a_ranking_over_listed_bodies_of_which_one_is_known_states_no_first_place(asker):
    """城管局、财政局、…谁最高 where only this body is recognised: its own figure is no first place."""
    a = asker.ask(f"{ENTITY}、澄岚市财政局、澄岚市公安局，2026年谁的公务接待费最高？")
    assert a.kind == "not_found" and a.value is None and not a.table
    assert ENTITY in a.answer and "排名" in a.answer
