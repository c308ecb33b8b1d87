"""Figures a narrative states: counts of projects as answerable facts (编报绩效目标的项目5个,
涉及一级预算项目11个), a count asked never answered with an amount, a figure whose block opens
with its own 支出, a section's heading scoping its figures to the part it names, and the
stated-figures probe's reading of the raw page text (which figure is a level of a named
subject, and its print's rounding)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from budgetlens.eval.probe_stated import Asked, Said, judge, rounding, stated, subject_of
from budgetlens.index.facts import _sentence_facts
from budgetlens.qa.plan import make_plan
from budgetlens.schemas.document import Page

from qa_corpus import asker_over, stored_pdf, text_block

ENTITY = "澄岚市青枫区住房和城乡建设局"


def _page(number: int, *texts: str) -> Page:
    return Page(number=number, source="text", lines=[], blocks=[text_block(t) for t in texts])


def test_a_count_of_projects_is_a_fact_in_its_own_unit():
    page = _page(29, "本部门编报绩效目标的项目5个，涉及项目预算资金3328.13万元。在建工程1项。")
    facts = {(f.value, f.unit) for f in _sentence_facts("x" * 16, page)}
    assert (5.0, "个") in facts and (1.0, "个") in facts and (3328.13, "万元") in facts


@pytest.mark.parametrize("question, unit", [
    ("某局2026年绩效目标管理涉及几个一级预算项目？", "个"),
    ("某局2026年编报绩效目标的项目有多少项？", "个"),
    ("某局2026年项目支出有多少个亿？", "亿元"),  # 亿元 said short, no count
    ("某局2026年公务接待费比上年减少了几个百分点？", "%"),
    ("某局2026年项目支出是多少？", "万元"),
])
def test_a_count_is_the_unit_asked(question, unit):
    assert make_plan(question, 1).unit == unit


def test_a_count_asked_is_answered_by_the_count_never_by_an_amount(tmp_path):
    pages = [_page(1, "部门预算说明"),
             _page(2, "2026年本部门绩效目标管理全覆盖，涉及一级预算项目11个，预算资金1201.64万元。")]
    asker = asker_over(tmp_path, stored_pdf("c" * 16, ENTITY, [], pages=pages + [_page(3)]))
    try:
        a = asker.ask(f"{ENTITY}2026年绩效目标管理涉及几个一级预算项目？")
        assert a.value == 11 and a.unit == "个"
        b = asker.ask(f"{ENTITY}2026年有多少个预算项目？")
        assert b.value is None or b.unit == "个"  # an amount is never the count asked
    finally:
        asker.close()


@pytest.mark.parametrize("clause, subject", [
    ("本部门当年机关运行经费预算安排", "机关运行经费"),
    ("十、机关运行经费安排情况说明本部门当年机关运行经费预算安排", "机关运行经费"),
    ("3、在京租赁车辆", "在京租赁车辆"),
    ("2022年本部门当年一般公共预算支出", "一般公共预算支出"),
    ("较上年增加", ""),  # a change, no level
    ("涉及项目预算资金", ""),  # of what the clause before counts
    ("深圳市东江水源工程管理处", ""),  # a body
])
def test_the_subject_a_clause_names(clause, subject):
    assert subject_of(clause) == subject


def test_only_the_filings_own_levels_of_a_named_subject_are_stated():
    pages = ["一、部门预算说明\n本部门当年机关运行经费预算安排163.46 万元，较上年增加46.26 万元，主要原因是增\n加新成立的中心。"
             "2021年执行数为117.20万元。单价50万元以上设备2台。\n三、深圳市东江水源工程管理处预算35,786.06万元，包括在职人员经费4,543.13万元。"]
    found = stated(pages, "某局", 2022, "budget")
    assert [(s.subject, s.value, s.unit) for s in found] == [("机关运行经费", 163.46, "万元")]
    # a final account's 年初预算 is not its level
    final = stated(["本部门机关运行经费年初预算为20.00万元，支出决算为18.50万元。"], "某局", 2022, "final_accounts")
    assert [(s.subject, s.value) for s in final] == []


@dataclass
class _Answer:
    kind: str
    value: float | None
    unit: str
    citations: list


@dataclass
class _Cite:
    doc_id: str
    page: int


def test_a_figure_printed_round_is_judged_within_its_print():
    said = Said(6, "财政拨款收入", 30441.0, "万元", "30,441", "财政拨款收入30,441万元")
    assert rounding(said, "元") == pytest.approx(5000.0)
    p = Asked("f.pdf", "dev", "label", "yuan", "q", "财政拨款收入", "元", 304410000.0, rounding(said, "元"),
              "30,441万元", 6, (("d", 9),))
    assert judge(p, _Answer("value", 304413900.0, "元", [_Cite("d", 9)])) == ("right", "")
    assert judge(p, _Answer("value", 304513900.0, "元", [_Cite("d", 9)]))[0] == "wrong"
    assert judge(p, _Answer("value", 304413900.0, "万元", [_Cite("d", 9)]))[0] == "wrong"  # another unit
    assert judge(p, _Answer("value", 304413900.0, "元", [_Cite("d", 3)]))[0] == "uncited"
    assert judge(p, _Answer("not_found", None, "", []))[0] == "not_found"


def test_a_figure_whose_block_starts_with_its_own_word_is_of_the_line_before():
    page = _page(36, "1.城乡社区管理事务（款）其他城乡社区管理事务支出（项）", "支出10,000 万元，与上年预算数相同。")
    first = _sentence_facts("x" * 16, page)[0]
    assert first.value == 10000 and "其他城乡社区管理事务" in first.canon_row


def test_a_sections_heading_scopes_its_figures_to_the_part_it_names():
    pages = [_page(5, "七、一般公共预算财政拨款项目支出决算情况说明",
                   "本部门2023年度一般公共预算财政拨款项目支出决算1,517.15万元，其中：",
                   "（二）商品和服务支出224.50万元。主要包括：办公费37.28万元、委托业务费88.48万元。"),
             _page(6, "八、机关运行经费支出决算情况说明", "本部门机关运行经费支出决算20.00万元。")]
    carry: list[str] = []
    facts = [f for p in pages for f in _sentence_facts("x" * 16, p, carry)]
    by_value = {f.value: f for f in facts}
    assert "项目支出" in by_value[88.48].title  # the section's part carried to its items
    assert by_value[20.0].title == ""  # the next heading names no part: the scope ends


def test_an_item_of_a_section_naming_its_part_is_answered_with_the_part(tmp_path):
    pages = [_page(1, "七、一般公共预算财政拨款项目支出决算情况说明",
                   "本部门2023年度一般公共预算财政拨款项目支出决算1,517.15万元，其中：",
                   "（二）商品和服务支出224.50万元。主要包括：办公费37.28万元、委托业务费88.48万元。"),
             _page(2, "八、机关运行经费支出决算情况说明", "本部门机关运行经费支出决算20.00万元。")]
    asker = asker_over(tmp_path, stored_pdf("d" * 16, ENTITY, [], pages=pages, year=2023, doc_type="final_accounts"))
    try:
        a = asker.ask(f"{ENTITY}2023年项目支出里委托业务费花了多少元？")
        assert a.value == 884800 and a.unit == "元"
        assert any("项目支出" in c.where for c in a.citations)  # the section's heading said with the figure
    finally:
        asker.close()
