"""The answerer's measures beyond one cell: a share's part and whole read in their own words,
the two budget lines of a 收支总表 row kept apart, every page printing the value cited, and
the scope said as the filing calls itself (a final account is no 部门预算)."""

from __future__ import annotations

import pytest
from budgetlens.index.facts import facts_of
from budgetlens.qa.wholes import share_segments
from budgetlens.schemas.document import Block, Document, Line, Page
from budgetlens.schemas.filing import Filing, Source
from qa_corpus import asker_over, ruled_grid as _grid


def _filing(doc_id: str, entity: str, year: int, doc_type: str = "budget") -> tuple[Document, Filing]:
    word = "决算" if doc_type == "final_accounts" else "预算"
    t01 = _grid([["收入", "金额", "支出", "金额"],
                 ["一、一般公共预算", "900.00", "一、一般公共服务支出", "0.00"],
                 ["二、政府性基金预算", "100.00", "二、教育支出", "1,000.00"],
                 ["收入总计", "1,000.00", "支出总计", "1,000.00"]], page=5, title=f"收支{word}总表")
    t03 = _grid([["项目", "合计", "基本支出", "项目支出"],
                 ["合计", "1,000.00", "700.00", "300.00"]], page=7, title=f"支出{word}表")
    t06 = _grid([["科目名称", "合计", "公用经费"], ["公务接待费", "4.00", "4.00"]], page=6,
                title=f"一般公共预算基本支出经济分类{word}表")
    t09 = _grid([["项目", "合计", "因公出国（境）费", "公务接待费"], ["预算数", "14.10", "10.00", "4.10"]], page=8,
                title=f"“三公”经费{word}表")
    t05 = _grid([["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                 ["20828", "退役军人管理事务", "300.00", "100.00", "200.00"],
                 ["2082801", "行政运行", "100.00", "100.00", "0.00"],
                 ["2082850", "事业运行", "200.00", "0.00", "200.00"],
                 ["", "合计", "1,000.00", "700.00", "300.00"]], page=4, title=f"一般公共预算支出{word}表")
    sentence = f"{year}年收入{word}1,000.00万元，其中基本支出700.00万元。"
    pages = [Page(number=p, source="text", lines=[Line(text=f"{entity}{year}年部门{word}")] if p == 1 else [])
             for p in range(1, 9)]
    pages[2].blocks.append(Block(kind="text", text=sentence, bbox=(50, 300, 500, 320),
                                 lines=[Line(text=sentence, bbox=(50, 300, 500, 320))]))
    path = f"/filings/{doc_id}.pdf"
    document = Document(doc_id=doc_id, sha256=doc_id * 4, path=path, media="pdf", pages=pages, tables=[t01, t03, t05, t06, t09])
    filing = Filing(doc_id=doc_id, source=Source(path=path, sha256=doc_id * 4, pages=8, media="pdf"),
                    entity=entity, fiscal_year=year, doc_type=doc_type)
    return document, filing


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    home = tmp_path_factory.mktemp("ws")
    a = asker_over(home, _filing("a" * 16, "澄岚县教育局", 2023),
                         _filing("b" * 16, "澄岚县水利局", 2022, "final_accounts"))
    yield a
    a.close()


def test_an_item_named_under_its_class_and_a_table_qualifying_its_total(asker):
    a = asker.ask("澄岚县教育局2023年“退役军人管理事务—行政运行”安排了多少钱？")
    assert a.value == pytest.approx(100.0)  # the 项 under the 款, never the 款's 300
    a = asker.ask("澄岚县教育局2023年一般公共预算基本支出是多少？")
    assert a.value == pytest.approx(700.0) and 4 in {c.page for c in a.citations}


def test_two_measures_joined_by_jia_are_a_sum():
    from budgetlens.qa.plan import make_plan

    assert make_plan("会议费加培训费预算是多少？").operation == "sum"
    assert make_plan("公务接待费是多少？").operation == "lookup"


def test_the_two_halves_of_a_receipts_and_spending_row_stay_apart():
    from budgetlens.index.facts import _grid_facts

    grid = _grid([["收 入", "收入金额", "支 出", "支出金额"],
                  ["一般公共预算", "37,018.75", "基础研究", "83.78"]], 5, "收支总表")
    grid = grid.model_copy(update={"header_rows": 1})
    facts = {(f.row, f.value) for f in _grid_facts("x", 0, grid, "万元")}
    assert facts == {("一般公共预算", 37018.75), ("基础研究", 83.78)}


def test_a_plan_reads_the_year_a_change_starts_from():
    from budgetlens.qa.plan import make_plan

    plan = make_plan("比2025年多了多少？", 1, 2026)
    assert plan.operation == "change" and plan.base_year == 2025 and plan.years == []
    plan = make_plan("澄岚县教育局2026年收入比2025年多了多少？", 1, 2026)
    assert plan.years == [2026, 2025] and plan.base_year is None


def test_numbered_lines_of_a_three_column_row_stay_apart():
    from budgetlens.index.facts import _grid_facts

    grid = _grid([["收入", "金额", "支出（功能）", "金额", "支出（经济）", "金额"],
                  ["2、上级补助收入", "", "6、科学技术支出", "0.00", "2、专项业务经费支出", "1,715.97"]], 5, "收支总表")
    facts = {(f.row, f.value) for f in _grid_facts("x", 0, grid, "万元")}
    assert facts == {("6、科学技术支出", 0.0), ("2、专项业务经费支出", 1715.97)}


def test_one_measure_in_two_tables_the_question_names(asker):
    a = asker.ask("澄岚县教育局2023年基本支出经济分类表里的公务接待费，和“三公”经费表里的公务接待费一致吗？")
    assert a.kind == "consistency" and a.understood["verdict"] == "fail"
    assert {c.page for c in a.citations} == {6, 8} and a.verified


def test_share_segments_part_and_whole():
    # part before 占, whole after it
    assert share_segments("公务接待费占三公经费的比重") == ((0, 5), (6, 13), False)
    # the whole before 中, the part between 中 and 占 (read within the whole)
    assert share_segments("一般公共预算支出中项目支出占比多少") == ((9, 13), (0, 8), True)
    assert share_segments("基本支出是多少") is None


def test_a_paired_row_keeps_its_two_budget_lines_apart():
    document, filing = _filing("c" * 16, "澄岚县教育局", 2023)
    facts = [f for f in facts_of(filing, document) if f.kind == "grid" and f.page == 5]
    by_label = {(f.row, f.value) for f in facts}
    assert ("一、一般公共预算", 900.0) in by_label and ("一、一般公共服务支出", 0.0) in by_label
    assert ("一、一般公共预算", 0.0) not in by_label  # the 支出 half's number is not the 收入 line's


def test_a_share_reads_its_part_within_its_whole(asker):
    a = asker.ask("澄岚县教育局2023年支出中项目支出占比多少？")
    assert (a.kind, a.unit) == ("compare", "%") and a.value == pytest.approx(30.0)
    a = asker.ask("澄岚县教育局2023年基本支出占支出总计的比重是多少？")
    assert a.value == pytest.approx(70.0) and a.verified


def test_a_lookup_cites_every_page_printing_the_value(asker):
    a = asker.ask("澄岚县教育局2023年收入总计是多少？")
    assert a.value == pytest.approx(1000.0)
    assert {3, 5} <= {c.page for c in a.citations}  # the table and the narrative stating it


def test_the_scope_is_what_the_filing_calls_itself(asker):
    a = asker.ask("澄岚县水利局2022年支出总计是多少？")
    assert a.value == pytest.approx(1000.0)
    assert a.understood["scope"] == "部门决算" and a.understood["filing_year"] == 2022
    a = asker.ask("澄岚县教育局2023年支出总计是多少？")
    assert a.understood["scope"] == "部门预算"


def test_a_stated_figure_naming_only_its_year_is_of_the_measure_named_before():
    from budgetlens.index.facts import _sentence_facts

    def facts(text):
        page = Page(number=9, source="text", lines=[],
                    blocks=[Block(kind="text", text=text, bbox=(0, 0, 1, 1), lines=[Line(text=text)])])
        return {(f.row, f.value, f.year) for f in _sentence_facts("x", page)}

    got = facts("2026年“三公经费”预算数为7.61万元，2025年预算数为9.23万元。")
    assert ("2025年“三公经费”", 9.23, 2025) in got
    got = facts("2.公务接待费。2026 年预算数11.56 万元。")
    assert ("2026 年公务接待费", 11.56, 2026) in got
    got = facts("公务接待费2026年预算数11.56万元，上年为12.00万元。")
    assert ("上年公务接待费", 12.0, -1) in got  # the filing's year before
    got = facts("2022年本部门预算收入94386.49万元，其中：上年实户资金余额721.71万元。")
    assert ("上年实户资金余额", 721.71, None) in got  # a line's name, not the year before
