"""Guards against numbers the filing does not print under the words asked: a keyed cell's column
named by the contract where the page prints other words over it (B02 经营支出 over an income
table's 事业单位经营收入), a column printing the year each row is of (年度 2022: no amount), and a
项 said under its 款 with 下的 (医疗保障管理事务下的行政运行: the 项, never the 款's total), a line
compared with another (甲比乙少多少) whose name says more than the row found for it (上缴上级支出
found as 支出总计, 未归口管理的行政单位离退休 as 行政单位离退休), and a
department's figure asked of its 本级 where 本级 stands only in what the money is spent on
(主要用于局本级数字财政建设支出)."""

from __future__ import annotations

import pytest
from budgetlens.schemas.document import Line, Page
from budgetlens.schemas.filing import CellValue, Citation, Row, Table

from qa_corpus import asker_over, ruled_grid, stored_pdf, text_page

BODY = "澄岚市确权登记事务中心"
BUREAU = "澄岚市医疗保障局"
TREASURY = "澄岚市财政局"


def _cell(value: float, page: int, quote: str) -> CellValue:
    return CellValue(value=value, citation=Citation(page=page, bbox=[72.0, 300.0, 520.0, 318.0], quote=quote))


def _centre():
    """An income table (收入预算总表) the reader keyed as B02, its 事业单位经营收入 column under the
    key ``operating`` — the contract's 经营支出 — and a table of 购房补贴 by 年度."""
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{BODY}部门预算")] if p == 1 else [])
             for p in (1, 2, 3)]
    income = ruled_grid([["项目", "合计", "财政拨款收入", "事业单位经营收入"],
                         ["合计", "500.00", "300.00", "200.00"]], 2, "2026年预算单位收入预算总表")
    by_year = ruled_grid([["项目", "年度", "合计", "人员经费"],
                          ["购房补贴", "2022", "226.13", "226.13"]], 3, "基本支出情况表")
    doc, filing = stored_pdf("g12c" + "0" * 12, BODY, [income, by_year], pages=pages)
    quote = "合计 500.00 300.00 200.00"
    filing.tables.append(Table(table_id="B02", title="2026年预算单位收入预算总表", unit="万元", pages=[2], rows=[
        Row(key="total", label="合计", cells={"total": _cell(500.0, 2, quote), "fiscal_grant": _cell(300.0, 2, quote),
                                              "operating": _cell(200.0, 2, quote)})]))
    return doc, filing


def _bureau():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2022年{BUREAU}部门预算")] if p == 1 else [])
             for p in (1, 2)]
    grid = ruled_grid([["科目编码", "科目名称", "合计"],
                       ["21015", "医疗保障管理事务", "4,843.76"],
                       ["2101501", "行政运行", "1,807.53"],
                       ["2101502", "一般行政管理事务", "712.99"],
                       ["2101506", "医疗保障政策管理", "1,011.85"],
                       ["2101550", "医疗保障经办事务", "1,311.38"]], 2, "一般公共预算支出预算表")
    return stored_pdf("g12b" + "0" * 12, BUREAU, [grid], pages=pages, year=2022)


def _treasury():
    """A department's filing whose item is spent on the 局本级's project: a purpose, not its scope."""
    pages = [Page(number=1, source="text", lines=[Line(text=f"2026年{TREASURY}部门预算")]),
             text_page(2, "（2）一般公共服务支出（类）财政事务（款）信息化建设（项）113.75万元，主要用于局本级数字财政建设支出。")]
    return stored_pdf("g12t" + "0" * 12, TREASURY, [], pages=pages)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _centre(), _bureau(), _treasury())
    yield a
    a.close()


def test_a_contract_word_the_filing_does_not_print_names_no_column(asker):
    a = asker.ask(f"{BODY}2026年经营支出预算是多少？")
    assert a.value is None and a.kind in ("not_found", "clarify"), a.answer


def test_the_column_is_found_by_the_words_printed_over_it(asker):
    a = asker.ask(f"{BODY}2026年事业单位经营收入是多少？")
    assert a.value == pytest.approx(200.0), a.answer


def test_a_contract_word_the_filing_prints_still_names_its_column(asker):
    a = asker.ask(f"{BODY}2026年财政拨款收入是多少？")
    assert a.value == pytest.approx(300.0), a.answer


def test_a_year_printed_in_a_year_column_is_no_amount(asker):
    facts = asker.engine.index.by_doc["g12c" + "0" * 12]
    assert not [f for f in facts if f.row == "购房补贴" and f.value == 2022]
    a = asker.ask(f"{BODY}2026年购房补贴是多少万元？")
    assert a.value == pytest.approx(226.13), a.answer


def test_a_xiang_said_under_its_kuan_with_xia_de(asker):
    a = asker.ask(f"{BUREAU}2022年医疗保障管理事务下的行政运行是多少万元？")
    assert a.value == pytest.approx(1807.53), a.answer
    a = asker.ask(f"{BUREAU}2022年医疗保障管理事务下的行政运行、医疗保障政策管理、医疗保障经办事务三项一共多少万元？")
    assert a.value == pytest.approx(4130.76), a.answer


def test_a_purpose_naming_the_own_unit_is_no_figure_of_it(asker):
    assert asker.engine.docs["g12t" + "0" * 12].scope == "部门"
    a = asker.ask(f"{TREASURY}2026年财政事务里的信息化建设（项）安排了多少万元？")
    assert a.value == pytest.approx(113.75), a.answer
    a = asker.ask(f"{TREASURY}（本级）2026年财政事务里的信息化建设（项）安排了多少万元？")
    assert a.value is None and a.kind in ("not_found", "clarify"), a.answer


@pytest.mark.parametrize("first", ["上缴上级支出", "未归口管理的行政运行", "医疗保障管理事务下的上缴上级支出"])
def test_a_compared_line_named_by_more_than_its_row_is_not_compared(asker, first):
    a = asker.ask(f"{BUREAU}2022年{first}比医疗保障政策管理少多少万元？")
    assert a.value is None and a.kind in ("not_found", "clarify"), a.answer


def test_a_compared_line_named_as_printed_is_compared(asker):
    a = asker.ask(f"{BUREAU}2022年医疗保障管理事务下的行政运行比医疗保障政策管理多多少万元？")
    assert a.value == pytest.approx(795.68), a.answer
    a = asker.ask(f"{BUREAU}2022年医疗保障政策管理比医疗保障经办事务少多少万元？")
    assert a.value is not None and abs(a.value) == pytest.approx(299.53), a.answer
