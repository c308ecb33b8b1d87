"""Operands and wholes said the short way: a row named by its first words with its last words
said once for it and a sibling (服务类采购预算比货物类, 货物类和工程类采购预算, 政府采购里服务类),
a share of the body's budget (占部门预算 / 其预算: the budget the filing states under the body's
name, declined when it states none), A与B之比 as A over B, a line's change stated under a fund
the question does not name (never taken for that fund's line), and a line asked with 经费 added."""

from __future__ import annotations

import pytest
from budgetlens.qa.plan import make_plan
from budgetlens.qa.wholes import budget_whole
from budgetlens.qa.wording import said_head
from budgetlens.schemas.document import Line, Page

from qa_corpus import asker_over, ruled_grid, stored_pdf, text_block

OFFICE = "澄岚市口岸办公室"
PARK = "澄岚市湿地公园管理处"


def _office():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{OFFICE}部门预算")] if p == 1 else [])
             for p in (1, 2, 3)]
    pages[1].blocks.extend(text_block(t) for t in (
        f"{OFFICE}预算5,588.47万元，包括在职人员经费309.89万元、公用经费91.92万元、项目支出5,186.66万元。",
        "2026年本部门政府采购安排483.05万元，其中：货物类采购预算64.3万元，工程类采购预算0.5万元，"
        "服务类采购预算418.25万元等。",
        "支出比2025年增加627.65万元，主要是基本支出减少537.27万元，项目支出增加1,164.92万元。",
    ))
    grid = ruled_grid([["项目", "金额"], ["委员视察", "429.30"], ["项目支出", "5,186.66"]], 3, "项目支出预算表")
    grid.title_lines = [Line(text="项目支出预算表"), Line(text="单位：万元")]
    return stored_pdf("a11o" + "0" * 12, OFFICE, [grid], pages=pages)


def _park():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{PARK}部门预算")] if p == 1 else [])
             for p in (1, 2)]
    pages[1].blocks.extend(text_block(t) for t in (
        "（一）在职人员经费120.50万元，主要是在职人员工资福利。",
        "（二）公用经费30.25万元，主要包括水电费。",
    ))
    return stored_pdf("a11p" + "0" * 12, PARK, [], pages=pages)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _office(), _park())
    yield a
    a.close()


def test_a_row_named_by_its_first_words():
    assert said_head("货物类采购", "服务类采购预算比货物类多了多少") == (8, 11)
    assert said_head("货物类采购", "货物类和工程类采购预算总共多少") == (0, 3)
    assert said_head("服务类采购", "政府采购里服务类的比重") == (5, 8)
    assert said_head("货物类采购", "货物类采购预算是多少") is None  # said whole: an ordinary match
    assert said_head("其他收入", "事业收入和其他多少") is None  # 其他 names no line of its own


def test_procurement_lines_said_the_short_way(asker):
    a = asker.ask(f"{OFFICE}2026年服务类采购预算比货物类多了多少万元？")
    assert a.value == pytest.approx(353.95), a.answer
    a = asker.ask(f"{OFFICE}2026年货物类和工程类采购预算总共多少万元？")
    assert a.value == pytest.approx(64.8), a.answer
    a = asker.ask(f"{OFFICE}2026年政府采购里服务类的比重是多少？")
    assert a.value == pytest.approx(86.59, abs=0.01), a.answer  # 418.25 ÷ 483.05


def test_a_share_of_the_bodys_budget(asker):
    assert budget_whole("公用经费占部门预算的比例是多少", (5, 15))
    assert not budget_whole("项目支出占支出预算的比例", (5, 12))
    a = asker.ask(f"{OFFICE}2026年公用经费占部门预算的比例是多少？")
    assert a.value == pytest.approx(1.64, abs=0.01), a.answer  # 91.92 ÷ 5,588.47
    a = asker.ask(f"2026年{OFFICE}的预算里项目支出占了百分之多少？")
    assert a.value == pytest.approx(92.81, abs=0.01), a.answer


def test_no_budget_stated_under_the_name_is_no_whole(asker):
    a = asker.ask(f"{PARK}2026年公用经费占部门预算的比例是多少？")
    assert a.value is None, a.answer


def test_a_ratio_is_the_first_over_the_second(asker):
    assert make_plan("公用经费与在职人员经费之比是百分之多少？").operation == "share"
    a = asker.ask(f"{PARK}2026年公用经费与在职人员经费之比是百分之多少？")
    assert a.value == pytest.approx(25.10, abs=0.01), a.answer  # 30.25 ÷ 120.50
    a = asker.ask(f"{PARK}2026年在职人员经费与公用经费之比是百分之多少？")
    assert a.value == pytest.approx(398.35, abs=0.01), a.answer  # 120.50 ÷ 30.25


def test_a_lines_change_of_all_funds_is_not_a_funds_line(asker):
    a = asker.ask(f"{OFFICE}2026年项目支出比2025年多了多少万元？")
    assert a.value == pytest.approx(1164.92), a.answer
    a = asker.ask(f"{OFFICE}2026年一般公共预算财政拨款里的项目支出比2025年多了多少万元？")
    assert a.value is None, a.answer


def test_a_line_asked_with_funds_word_added(asker):
    a = asker.ask(f"{OFFICE}2026年委员视察经费是多少万元？")
    assert a.value == pytest.approx(429.3), a.answer
