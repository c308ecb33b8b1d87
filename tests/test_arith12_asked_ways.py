"""Computed answers asked in ways the rules had not read: a final account's figure as a rate of
its budget (完成了年初预算的百分之几, 决算相当于年初预算的多少%, 决算是年初预算的百分之几 —
over 100% as printed, never turned round), a measure said before 决算比年初预算, a fall asked
as 减了 / 降了 / 砍了 (its size), the kinds of procurement listed 货物、工程、服务, a whole
printed as 总金额, two bodies compared as 前者比后者, and a change across a 预算 and a 决算
declined rather than computed."""

from __future__ import annotations

import pytest
from budgetlens.qa.plan import asks_fall, make_plan, rewrite
from budgetlens.schemas.document import Line, Page

from qa_corpus import asker_over, ruled_grid, stored_pdf, text_block

CLINIC = "澄岚市医疗保障局"
PARKS = "澄岚市园林局"
WATER = "澄岚市水务局"


def _clinic():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2023年{CLINIC}部门决算")] if p == 1 else [])
             for p in (1, 2, 3)]
    pages[1].blocks.extend(text_block(t) for t in (
        f"{CLINIC}2023年度一般公共预算财政拨款支出年初预算553.88万元，支出决算526.04万元。",
        "1. 行政事业单位养老支出（款）行政单位离退休（项）。年初预算 15.82 万元，支出决算 16.61 万元。",
        "3. 行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）。年初预算 28.74 万元，支出决算 13.76 万元。",
        "4. 住房改革支出（款）住房公积金（项）。年初预算 46.8 万元，支出决算 59.84 万元。",
    ))
    return stored_pdf("a12c" + "0" * 12, CLINIC, [], pages=pages, year=2023, doc_type="final_accounts")


def _parks(year: int, doc_type: str = "budget"):
    pages = [Page(number=p, source="text", lines=[Line(text=f"{year}年{PARKS}部门预算")] if p == 1 else [])
             for p in (1, 2, 3)]
    pages[1].blocks.extend(text_block(t) for t in (
        f"{year}年政府采购预算623.63万元，其中：政府采购货物预算34.44万元，政府采购工程预算280.65万元，"
        "政府采购服务预算308.54万元。",
        f"{year}年本部门一般公共预算安排委托业务费5,424.49万元，比上年减少1,049.13万元。",
    ))
    grid = ruled_grid([["项目", "合计"], ["公务接待费", "12.00" if year == 2026 else "10.00"]], 3,
                      "“三公”经费支出表")
    return stored_pdf(f"a12p{year}{doc_type[:1]}" + "0" * 7, PARKS, [grid], pages=pages, year=year,
                      doc_type=doc_type)


def _water():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{WATER}部门预算")] if p == 1 else [])
             for p in (1, 2)]
    pages[1].blocks.extend(text_block(t) for t in (
        "2026年本部门一般公共预算安排委托业务费1,689.50万元，比上年增加20.00万元。",
        "2026年我部门政府采购预算总金额为4641.62万元。其中拟购买货物962.86万元；拟购买工程539万元。",
    ))
    return stored_pdf("a12w" + "0" * 12, WATER, [], pages=pages)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _clinic(), _parks(2026), _parks(2025, "final_accounts"),
                   _water())
    yield a
    a.close()


@pytest.mark.parametrize("question, value", [
    ("2023年行政单位离退休支出，完成了年初预算的百分之几？", 104.99),
    ("2023年住房公积金支出，决算相当于年初预算的多少%？", 127.86),
    ("2023年度职业年金缴费支出决算占年初预算的比例是多少？", 47.88),
])
def test_a_final_figure_as_a_rate_of_its_budget(asker, question, value):
    a = asker.ask(CLINIC + question)
    assert a.value == pytest.approx(value, abs=0.01), a.answer
    assert "年初预算" in a.answer


def test_the_measure_said_before_final_against_budget(asker):
    a = asker.ask(f"{CLINIC}2023年一般公共预算财政拨款支出，决算比年初预算少花了多少万元？")
    assert a.value == pytest.approx(27.84), a.answer


def test_a_fall_asked_by_its_verb_is_answered_by_its_size(asker):
    for q in ("比上年减了多少万元", "比上年降了多少万元", "比上年砍了多少万元", "比上年少花了多少万元"):
        assert asks_fall(make_plan(f"{PARKS}2026年委托业务费{q}？")), q
    assert not asks_fall(make_plan(f"{PARKS}2026年委托业务费比上年增减了多少万元？"))
    # (the year before is filed only as a final account: the change the budget states answers)
    a = asker.ask(f"{PARKS}2026年委托业务费比上年减了多少万元？")
    assert a.value == pytest.approx(1049.13), a.answer


def test_procurement_kinds_listed_are_each_an_operand(asker):
    a = asker.ask(f"{PARKS}2026年政府采购里的货物、工程、服务三块加起来是多少万元？")
    assert a.value == pytest.approx(623.63), a.answer


def test_a_whole_printed_as_its_total_amount(asker):
    a = asker.ask(f"{WATER}2026年的政府采购预算里，拟购买货物占了多少？（百分比）")
    assert a.value == pytest.approx(20.74, abs=0.01), a.answer


def test_the_former_against_the_latter():
    assert "相差" in rewrite("甲局和乙局2026年的委托业务费，前者比后者多出多少万元？")
    a_ = rewrite("甲局和乙局2026年的委托业务费，前者比后者多出多少万元？")
    assert "前者" not in a_ and "后者" not in a_


def test_two_bodies_compared_as_former_and_latter(asker):
    a = asker.ask(f"{PARKS}和{WATER}2026年的委托业务费，前者比后者多出多少万元？")
    assert a.value == pytest.approx(3734.99), a.answer


def test_a_change_across_a_budget_and_a_final_account_is_declined(asker):
    # the year before is filed only as a final account: no year-on-year change of the budget
    a = asker.ask(f"{PARKS}2026年公务接待费比2025年多了多少万元？")
    assert a.value is None, a.answer
    assert "决算" in a.answer


def _relief(doc_id: str, entity: str, year: int, amount: str):
    grid = ruled_grid([["科目编码", "科目名称", "合计"], ["224", "灾害防治及应急管理支出", amount],
                       ["22401", "应急管理事务", amount]], 2, "一般公共预算支出表")
    return stored_pdf(doc_id, entity, [grid], year=year)


@pytest.fixture(scope="module")
def relief(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws2"), _relief("a12r" + "0" * 12, "澄岚市应急管理局", 2026, "880.50"),
                   _relief("a12s" + "0" * 12, "青枫市应急管理局", 2025, "312.00"))
    yield a
    a.close()


def test_a_joined_name_is_one_measure_once_the_body_is_chosen_by_its_year(relief):
    # the short name fits two bodies; only one filed for 2026: 灾害防治及应急管理 is still one line
    a = relief.ask("应急管理局2026年灾害防治及应急管理支出合计多少万元？")
    assert a.value == pytest.approx(880.5), a.answer


def test_the_first_named_as_a_rate_of_the_second():
    from budgetlens.qa.plan import of_whole

    assert make_plan(f"{WATER}2026年拟购买货物是政府采购预算总金额的百分之几？").operation == "share"
    assert of_whole("基本支出相当于项目支出的百分之几")
    assert not of_whole("2026年预算是2025年的百分之几")  # two years: a change, not a share


def test_a_rate_over_the_second_is_kept_in_the_order_named(asker):
    a = asker.ask(f"{WATER}2026年拟购买货物是拟购买工程的百分之几？")
    assert a.value == pytest.approx(178.64, abs=0.01), a.answer  # 962.86 ÷ 539, not turned round


def test_the_sum_asked_as_zhihe_lists_two(asker):
    a = asker.ask(f"{WATER}2026年拟购买货物与拟购买工程之和是多少万元？")
    assert a.value == pytest.approx(1501.86), a.answer


OFFICE = "澄岚市审计局"


def _office():
    basic = ruled_grid([["科目编码", "科目名称", "合计", "年度"],
                        ["30205", "水费", "40.00", "2026"],
                        ["30206", "电费", "80.00", "2026"],
                        ["30207", "邮电费", "100.00", "2026"],
                        ["301", "工资福利支出", "1,000.00", "2026"],
                        ["30103", "奖金", "250.00", "2026"]], 3, "一般公共预算基本支出表")
    medical = ruled_grid([["科目编码", "科目名称", "合计"],
                          ["21011", "行政事业单位医疗", "183.04"],
                          ["2101101", "行政单位医疗", "47.33"],
                          ["2101102", "事业单位医疗", "90.57"],
                          ["2101103", "公务员医疗补助", "45.14"]], 4, "一般公共预算支出表")
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{OFFICE}部门预算")] if p == 1 else [])
             for p in (1, 2, 3, 4)]
    pages[1].blocks.append(text_block("2026年因公出国（境）费预算13.20万元，比上年减少6.80万元。"))
    return stored_pdf("a12o" + "0" * 12, OFFICE, [basic, medical], pages=pages)


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws3"), _office())
    yield a
    a.close()


def test_an_item_that_is_a_row_is_not_read_as_a_longer_row_said_once(office):
    # 行政单位医疗、事业单位医疗: 事业单位医疗 is its own row, never 行政事业单位医疗 with 行政 said once
    a = office.ask(f"{OFFICE}2026年行政单位医疗、事业单位医疗和公务员医疗补助三项加一块是多少万元？")
    assert a.value == pytest.approx(183.04), a.answer


def test_a_stated_count_is_the_least_number_of_operands(office):
    a = office.ask(f"{OFFICE}2026年水费、电费、不存在费三项一共多少万元？")
    assert a.value is None, a.answer


def test_a_year_column_is_no_amount(office):
    # 电费 | 年度 2026: the year the row is of, never an operand
    finder = office.engine.finder
    found = finder.matches("电费年度", ["a12o" + "0" * 12], [])
    assert found and all(m.fact.value != 2026 for m in found), [(m.label, m.fact.col, m.fact.value) for m in found]


def test_within_said_as_limian_and_this_part(office):
    a = office.ask(f"{OFFICE}2026年工资福利支出里面，奖金这一块占百分之几？")
    assert a.value == pytest.approx(25), a.answer


def test_a_cut_asked_as_yajian(office):
    a = office.ask(f"{OFFICE}2026年出国经费压减了百分之几？")
    assert a.value == pytest.approx(34), a.answer
