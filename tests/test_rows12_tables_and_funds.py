"""Which printed table a number is of: a grid's title read whole when its first line only
numbers it (公开表12 | 政府采购预算表); a 政府采购 table's class lines answer only questions about
procurement; 财政拨款 asked is carried like the other funds; a line printed with different numbers
in the 支出总表 and the fund's tables is answered with the one the narrative states; a figure named
by its sentence's subject (编报绩效目标的项目…涉及项目预算资金); paying verbs (发奖金, 给职工缴的)."""

from __future__ import annotations

import pytest
from budgetlens.index.facts import _title_of
from budgetlens.schemas.document import Grid, GridCell, Line, Page

from qa_corpus import asker_over, stored_pdf, text_block

ENTITY = "澄岚市水务局"


def _grid(rows: list[list[str]], page: int, *title: str) -> Grid:
    cells = [GridCell(row=r, col=c, text=text, page=page, bbox=(50.0 + 60 * c, 100.0 + 20 * r, 100.0 + 60 * c,
                                                                   115.0 + 20 * r))
             for r, row in enumerate(rows) for c, text in enumerate(row)]
    return Grid(kind="ruled", pages=[page], n_rows=len(rows), n_cols=len(rows[0]), cells=cells, header_rows=1,
                title_lines=[Line(text=t) for t in title] + [Line(text="单位：万元")])


@pytest.mark.parametrize("lines, title", [
    (["公开表12", "政府采购预算表", "部门（单位）：某局 单位：万元"], "公开表12政府采购预算表"),
    (["公开05表", "财政拨款支出表（功能科目）"], "公开05表财政拨款支出表（功能科目）"),
    (["表14-9", "一般公共预算“三公”经费支出表"], "表14-9一般公共预算“三公”经费支出表"),
    (["政策和项目预算绩效目标表", "(2026年度)"], "政策和项目预算绩效目标表"),
    (["公开表7"], "公开表7"),
])
def test_a_grids_title_is_its_number_and_its_name(lines, title):
    assert _title_of([Line(text=t) for t in lines]) == title


def _pages(n: int, **blocks: list[str]) -> list[Page]:
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{ENTITY}部门预算")] if p == 1 else [])
             for p in range(1, n + 1)]
    for p, texts in blocks.items():
        pages[int(p[1:]) - 1].blocks.extend(text_block(t) for t in texts)
    return pages


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    head = ["科目编码", "科目名称", "合计"]
    tables = [
        _grid([head, ["213", "农林水支出", "5,977.95"], ["2130304", "水利行业业务管理", "868.50"]], 2,
              "公开表3", "支出总体情况表"),
        _grid([head, ["213", "农林水支出", "5,977.95"], ["2130304", "水利行业业务管理", "724.50"]], 3,
              "公开表5", "财政拨款支出表（功能科目）"),
        _grid([head, ["213", "农林水支出", "1,494.24"]], 4, "公开表12", "政府采购预算表"),
        _grid([["项目", "合计"], ["住房公积金", "491.99"], ["奖金", "291.95"]], 5, "公开表10", "基本支出预算情况表"),
    ]
    pages = _pages(6, p6=[
        "3.水利（款）水利行业业务管理（项）支出724.5万元，主要用于水利业务。",
        "1.一般公共服务（类）支出7,827.46万元，主要用于单位行政运行。",
        "2026年度，本单位编报绩效目标的项目共12个，涉及项目预算资金4,222.51万元。",
    ])
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("ab" * 8, ENTITY, tables, pages=pages, year=2026))
    yield a
    a.close()


@pytest.mark.parametrize("question", [
    f"{ENTITY}2026年功能分类科目213预算有多少万元？",
    f"2026年{ENTITY}的财政拨款中的功能分类科目213预算有多少万元？",
    f"{ENTITY}2026年农林水支出预算是多少？",
])
def test_a_procurement_tables_class_line_is_not_the_class_spending(asker, question):
    a = asker.ask(question)
    assert a.value == pytest.approx(5977.95), a.answer


def test_a_procurement_question_reads_the_procurement_table(asker):
    a = asker.ask(f"{ENTITY}2026年政府采购中的农林水支出是多少万元？")
    assert a.value == pytest.approx(1494.24), a.answer
    assert a.citations[0].page == 4


def test_the_line_the_narrative_states_between_the_total_and_the_funds_table(asker):
    a = asker.ask(f"{ENTITY}2026年“水利行业业务管理”这一项预算了多少万元？")
    assert a.value == pytest.approx(724.5), a.answer


def test_a_fund_asked_is_never_answered_by_a_sentence_that_does_not_say_it(asker):
    # 一般公共服务 7,827.46 is stated with no fund; no table says its 财政拨款 figure
    said = asker.ask(f"{ENTITY}2026年财政拨款中的一般公共服务支出预算是多少？")
    assert said.value is None, said.answer
    plain = asker.ask(f"{ENTITY}2026年一般公共服务支出预算是多少？")
    assert plain.value == pytest.approx(7827.46), plain.answer


@pytest.mark.parametrize("question", [
    f"{ENTITY}2026年编报绩效目标的项目涉及预算资金多少万元？",
    f"{ENTITY}2026年编报绩效目标的项目涉及多少预算资金？",
])
def test_a_figure_named_by_its_sentences_subject(asker, question):
    a = asker.ask(question)
    assert a.value == pytest.approx(4222.51), a.answer
    assert a.citations[0].page == 6


def test_a_subject_the_sentence_does_not_say_is_not_that_figure(asker):
    a = asker.ask(f"{ENTITY}2026年开展重点绩效评价的项目涉及预算资金多少万元？")
    assert a.value != pytest.approx(4222.51), a.answer


@pytest.mark.parametrize("question, value", [
    (f"{ENTITY}2026年给职工缴的住房公积金预算是多少万元？", 491.99),
    (f"2026年{ENTITY}发奖金的预算有多少万？", 291.95),
])
def test_paying_verbs_ask_rather_than_name(asker, question, value):
    a = asker.ask(question)
    assert a.value == pytest.approx(value), a.answer


def test_other_words_before_the_measure_still_doubt(asker):
    a = asker.ask(f"{ENTITY}2026年给银行的住房公积金预算是多少万元？")
    assert a.value is None, a.answer


def test_an_aside_a_lines_name_ends_with_is_not_its_name():
    from budgetlens.index.facts import canon

    held = "安全生产业务费（含聘请专家费用、许可证发放、标准化建设、隐患排查经费）"
    assert canon(held) == canon("安全生产业务费")
    assert canon("单价100万元（含）以上设备（不含车辆）") != canon("单价100万元")  # no aside of what it holds
    assert canon("其他（含其他收入）") != canon("其他")  # a name too short to stand alone


def test_words_asking_for_precision_name_no_measure():
    from budgetlens.qa.plan import only_asking

    assert only_asking("听说准确数字") and only_asking("具体数字")
    assert not only_asking("驻京数字")


def test_a_final_accounts_narrative_does_not_choose_between_its_tables(tmp_path):
    entity = "澄岚大学"
    head = ["科目编码", "科目名称", "合计"]
    tables = [_grid([head, ["2050204", "高中教育", "24,239.28"]], 2, "表3", "支出决算表"),
              _grid([head, ["2050204", "高中教育", "16,769.73"]], 3, "表4", "财政拨款支出决算表")]
    pages = [Page(number=p, source="text", lines=[Line(text=f"2023年{entity}部门决算")] if p == 1 else [])
             for p in (1, 2, 3, 4)]
    pages[3].blocks.append(text_block("2.高中教育（2050204），2023年度决算数为16,769.73万元，主要用于附中。"))
    a = asker_over(tmp_path, stored_pdf("cd" * 8, entity, tables, pages=pages, year=2023, doc_type="final_accounts"))
    try:
        said = a.ask(f"{entity}2023年高中教育支出决算是多少万元？")
        assert said.value == pytest.approx(24239.28), said.answer  # every source's spending, as the table prints it
    finally:
        a.close()
