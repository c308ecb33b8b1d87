"""A body's budget total asked by its own words, and a table's last page read in its table's unit."""

from __future__ import annotations

from budgetlens.index.facts import facts_of
from budgetlens.qa.plan import rewrite
from budgetlens.schemas.filing import Row, Table

from qa_corpus import _cell, ruled_grid, stored_pdf


def test_spending_said_with_hua_after_its_own_zhichu_is_the_total_line():
    # 要花 is read as 支出: 预算支出要花多少钱 once read 预算支出支出多少钱, no line at all
    assert "支出总计" in rewrite("西安生态环境局2022年预算支出要花多少钱？")
    assert "支出总计" in rewrite("无锡市交通运输局2026年支出预算要花多少钱？")


def test_spending_said_with_anpai_is_the_total_line():
    assert "支出总计" in rewrite("深圳市建筑工务署2026年预算支出安排了多少？")
    assert "收入总计" in rewrite("江苏人民检察院2018年收入预算安排了多少？")
    # a fund's spending keeps its own words
    assert "支出总计" not in rewrite("西南大学2023年社会保障和就业支出安排了多少？")


def _last_page(title_lines: bool):
    """A 收支总表 keyed in 元 over pages 21-22, and the grid of page 22 with no unit line."""
    q = "收入总计 1059464715.06 支出总计 1059464715.06"
    table = Table(table_id="B01", title="2022年部门综合预算收支总表", unit="元", pages=[21, 22], rows=[
        Row(key="income_total", label="收入总计", cells={"amount": _cell(1059464715.06, 22, q)}),
        Row(key="expenditure_total", label="支出总计", cells={"amount": _cell(1059464715.06, 22, q)})])
    grid = ruled_grid([["项目", "金额", "项目", "金额"],
                       ["收入总计", "1059464715.06", "支出总计", "1059464715.06"]], page=22, title="")
    if not title_lines:
        grid = grid.model_copy(update={"title_lines": []})
    doc, filing = stored_pdf("x" * 16, "西安市工业和信息化局", [grid], pages=22, year=2022)
    filing = filing.model_copy(update={"tables": [table]})
    return [f for f in facts_of(filing, doc) if f.kind == "grid"]


def test_a_grid_without_a_unit_line_takes_the_unit_of_the_keyed_cells_it_prints():
    grid = _last_page(title_lines=False)
    assert grid and {f.unit for f in grid} == {"元"}


def test_a_grid_stating_its_unit_keeps_it():
    assert {f.unit for f in _last_page(title_lines=True)} == {"万元"}


def _b04(key: str, value: float):
    from budgetlens.index.facts import Fact

    return Fact("d", "cell", "B04", "2026年财政拨款收支总体情况表", "（一）一般公共预算拨款", "", "合计", value, "万元",
                14, None, "", key=key)


def test_a_funds_carry_over_is_not_its_budget():
    from budgetlens.qa.finder import Finder

    carried = _b04("B04/income.carryover_begin.general_budget/total", 865.06)
    this_year = _b04("B04/income.general_budget/total", 18417.70)
    assert Finder._penalty(carried, "一般公共预算拨款安排了多少?", None) > \
        Finder._penalty(this_year, "一般公共预算拨款安排了多少?", None)
    # asked with 上年结转, the carry-over is what is asked
    assert Finder._penalty(carried, "上年结转的一般公共预算拨款是多少?", None) == \
        Finder._penalty(this_year, "上年结转的一般公共预算拨款是多少?", None)


def _spending_index(stated: float):
    from budgetlens.index.facts import Fact, FactIndex

    total = Fact("d", "cell", "B01", "2022年部门综合预算收支总表", "支出总计", "", "金额", 1059464715.06, "元", 22, None, "")
    said = Fact("d", "sentence", "", "", "2022 年本部门预算支出", "", "", stated, "万元", 8, None,
                f"2022 年本部门预算支出{stated}万元，其中一般公共预算拨款支出105364.27万元")
    return FactIndex({}, [total, said]), total


def test_budget_spending_the_narrative_states_apart_from_the_total_line_is_named_not_chosen():
    from budgetlens.qa.wholes import stated_total_apart
    from budgetlens.qa.wording import Match

    index, total = _spending_index(105590.77)
    apart = stated_total_apart(index, Match(400, total, (0, 4), "支出总计"), "西安工业和信息化局2022年的预算支出有多少万元")
    assert apart is not None and apart.fact.value == 105590.77
    # asked as 支出总计, the line is what is asked
    assert stated_total_apart(index, Match(400, total, (0, 4), "支出总计"), "2022年的支出总计有多少万元") is None
    # stated alike, nothing to name apart
    index, total = _spending_index(105946.47)
    assert stated_total_apart(index, Match(400, total, (0, 4), "支出总计"), "2022年的预算支出有多少万元") is None
