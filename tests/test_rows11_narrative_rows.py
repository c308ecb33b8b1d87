"""Rows a narrative prints, read as the rows they are: an item named with its class code
(4.来华留学教育（2050602），2023年度决算数为570.14万元), a class line a block break cuts before its
level mark (…（款）城市建设支出 | （项）支出67,808万元), the parts listed after a fund's total
(一般公共预算支出57398.06万元，其中：商品和服务支出（302）5540.67万元；…), a list joined by 、
(应急保障用车3辆、特种专业技术用车239辆), and the table's number cited where the narrative states
it too (12,789万元 for 127,886,849元)."""

from __future__ import annotations

import pytest
from budgetlens.index.facts import _sentence_facts, canon
from budgetlens.qa.doubt import unsaid
from budgetlens.qa.finder import _rounded_from
from budgetlens.qa.plan import make_plan, rewrite
from budgetlens.schemas.document import Line, Page

from qa_corpus import asker_over, ruled_grid, stored_pdf, text_block

ENTITY = "澄岚市青枫区住房和城乡建设局"


def _page(number: int, *texts: str) -> Page:
    return Page(number=number, source="text", lines=[], blocks=[text_block(t) for t in texts])


def test_an_item_named_with_its_class_code_is_the_row_of_its_figures():
    page = _page(17, "具体包括：1.小学教育（2050202），2023年度决算数为7,970.38万元，比2022年度决算数增长0.39%。"
                     "4.来华留学教育（2050602），2023年度决算数为570.14万元，比2022年度决算数增长28.30%。")
    amounts = [(f.row, f.code, f.year, f.value) for f in _sentence_facts("x" * 16, page) if f.unit == "万元"]
    # the second item's figure is its own, never labelled with the first item's words
    assert amounts == [("小学教育", "2050202", 2023, 7970.38), ("来华留学教育", "2050602", 2023, 570.14)]


def test_a_class_line_cut_before_its_level_mark_keeps_its_name():
    page = _page(32, "5.国有土地使用权出让收入安排的支出（款）城市建设支出",
                 "（项）支出67,808万元，与上年相比减少57,761.58万元，减少46%。")
    first = _sentence_facts("x" * 16, page)[0]
    assert first.value == 67808 and "城市建设" in first.canon_row


def test_the_parts_listed_after_a_funds_total_are_of_that_fund():
    page = _page(26, "（1）2022年本部门当年一般公共预算支出57398.06万元，其中：工资福利支出（301）4131.78万元，"
                     "较上年减少583.55万元；商品和服务支出（302）5540.67万元，较上年增加", "3792.51万元，原因是业务增加；"
                     "对事业单位经常性补助（505）1740.00万元。本部门政府采购预算20万元。")
    facts = {f.value: f for f in _sentence_facts("x" * 16, page)}
    assert facts[5540.67].col == "一般公共预算"
    assert facts[1740.0].col == "一般公共预算"  # the list goes on across the block break
    assert facts[57398.06].col == ""  # the total says its fund in its own words
    assert facts[20.0].col == ""  # the list ended with its sentence


def test_a_list_joined_by_commas_of_enumeration_gives_each_item_its_own_label():
    page = _page(36, "截至2025年12月31日，本部门共有车辆274辆，其中应急保障用车3辆、特种专业技术用车239辆、"
                     "其他按照规定配备的公务用车32辆。单位价值100万元以上的设备12台（件、套）。")
    by_value = {f.value: f for f in _sentence_facts("x" * 16, page)}
    assert by_value[239.0].canon_row == "特种专业技术用车"
    assert by_value[32.0].canon_row == "其他按照规定配备的公务用车"
    assert by_value[12.0].canon_row == canon("单价100万元以上设备")


@pytest.mark.parametrize("question, unit", [
    ("某局2026年项目支出有多少个亿？", "亿元"), ("某局2026年项目支出几个亿？", "亿元"),
    ("某局所属单位有几辆应急保障用车？", "辆"), ("某局的房屋面积是多少平方米？", "平方米"), ("某局有多少台（件、套）单位价值100万元以上的设备？", "台"),
])
def test_the_unit_asked(question, unit):
    assert make_plan(question, 1).unit == unit


def test_a_kind_of_car_is_not_read_as_all_cars():
    assert "公务用车车辆数" not in rewrite("某局下属单位的业务用车有多少辆？")
    assert "公务用车车辆数" in rewrite("某局共有多少辆车？")
    assert "拟购置" in rewrite("某局2026年打算购置的固定资产折合多少元？")


def test_a_narrative_in_round_figures_states_the_tables_number():
    from budgetlens.index.facts import Fact

    said = Fact("x" * 16, "sentence", "", "", "一般公共服务支出科目", "", "", 12789.0, "万元", 6, None, "…12,789万元")
    assert _rounded_from(said, 12788.6849)
    assert not _rounded_from(said, 12787.40)  # another number
    assert not _rounded_from(said, 12789.0)  # the same number needs no rounding


def _filing():
    doc_id = "cd" * 8
    pages = [Page(number=p, source="text", lines=[Line(text=f"2025年{ENTITY}单位预算")] if p == 1 else [])
             for p in (1, 2, 3)]
    pages[2].blocks.extend([
        text_block("财政拨款支出主要内容如下：1.“一般公共服务支出”科目12,789万元，主要用于人员经费。"),
        text_block("截至2024年12月31日，所属各预算单位共有车辆41辆，其中业务用车29辆，应急保障用车7辆，"
                   "其他按照规定配备的公务用车5辆。2025年一般公共预算安排购置车辆3辆，其中业务用车3辆。"),
        text_block("单价100万元（含）以上设备（不含车辆）20台（套）。"),
        text_block("截至2025年1月31日，本部门固定资产金额3,024.76万元，分布构成情况为：房屋6,047.27平方米，车辆7辆。"),
    ])
    table = ruled_grid([["科目名称", "合计", "基本支出", "项目支出"], ["一般公共服务支出", "127,886,849", "84,861,719",
                                                                "43,025,130"]], 2, "支出预算总表（单位：元）")
    return stored_pdf(doc_id, ENTITY, [table], pages=pages, year=2025)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _filing())
    yield a
    a.close()


def test_the_table_value_is_cited_where_the_narrative_states_it_too(asker):
    a = asker.ask(f"{ENTITY}2025年一般公共服务支出安排了多少万元？")
    assert a.value == pytest.approx(12788.6849), a.answer
    assert {2, 3} <= {c.page for c in a.citations}, a.answer


@pytest.mark.parametrize("question, value", [
    (f"{ENTITY}所属单位有几辆应急保障用车？", 7), (f"{ENTITY}下属单位的业务用车有多少辆？", 29),
    (f"{ENTITY}有几台单价100万元以上的设备（不含车辆）？", 20),
    (f"{ENTITY}截至2025年1月31日的固定资产金额是多少万元？", 3024.76), (f"{ENTITY}的房屋面积是多少平方米？", 6047.27),
    (f"{ENTITY}2025年单位预算里，房屋有多少平方米？", 6047.27),
])
def test_a_count_of_one_kind(asker, question, value):
    a = asker.ask(question)
    assert a.value == value, a.answer
    assert a.citations and a.citations[0].page == 3


def test_words_the_question_adds_are_still_unsaid():
    from budgetlens.index.facts import Fact
    from budgetlens.qa.wording import Match

    f = Fact("x" * 16, "sentence", "", "", "单价100万元以上设备", "", "", 20.0, "台", 3, None,
             "单价100万元（含）以上设备（不含车辆）20台（套）。", canon_row="单价100万元以上设备")
    cq = "某院有几台单价100万元以上的进口设备？"
    i = cq.find("单价")
    m = Match(400, f, (i, i + 10), "单价100万元以上")
    assert "进口" in unsaid(cq, m, "单价100万元以上设备")


def test_income_or_spending_unsaid_is_not_read_as_spending(tmp_path):
    doc_id = "ef" * 8
    entity = "澄岚市民政局"
    pages = [Page(number=p, source="text", lines=[Line(text=f"2021年{entity}部门预算")] if p == 1 else [])
             for p in (1, 2)]
    table = ruled_grid([["项目", "金额"], ["4、事业单位经营收入", "14,344.00"], ["4、事业单位经营支出", "14,163.40"]], 2,
                       "收支预算总表（单位：万元）")
    a = asker_over(tmp_path, stored_pdf(doc_id, entity, [table], pages=pages, year=2021))
    try:
        said = a.ask(f"{entity}2021年事业单位经营预算是多少？")
        assert said.value is None, said.answer  # neither row: the question names neither
        spent = a.ask(f"{entity}2021年事业单位经营支出是多少万元？")
        assert spent.value == pytest.approx(14163.40), spent.answer
        earned = a.ask(f"{entity}2021年事业单位经营收入是多少万元？")
        assert earned.value == pytest.approx(14344.00), earned.answer
    finally:
        a.close()


def test_the_own_figure_asked_is_the_one_said_of_the_own_body(tmp_path):
    doc_id = "fa" * 8
    entity = "澄岚市文化广电旅游体育局"
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{entity}部门预算")] if p == 1 else [])
             for p in (1, 2, 3)]
    pages[1].blocks.append(text_block(f"{entity}本级预算3,120.50万元，包括在职人员经费1,200.00万元、公用经费"
                                      "310.20万元、对个人和家庭的补助支出425.99万元。"))
    table = ruled_grid([["项目", "合计"], ["对个人和家庭的补助", "434.45"], ["商品和服务支出", "900.00"]], 3,
                       "部门支出总表（单位：万元）")
    a = asker_over(tmp_path, stored_pdf(doc_id, entity, [table], pages=pages, year=2026))
    try:
        own = a.ask(f"{entity}（本级）2026年对个人和家庭的补助支出是多少？")
        assert own.value == pytest.approx(425.99), own.answer
        whole = a.ask(f"{entity}2026年对个人和家庭的补助是多少万元？")
        assert whole.value == pytest.approx(434.45), whole.answer
    finally:
        a.close()
