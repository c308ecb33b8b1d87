"""Why answers and rankings over hand-built filings: the statement of the change asked
about is quoted with its reason, a contradicted premise is said; a ranking compares one
year, one kind of filing and one measure, names what it left out, says ties, and states no
first place that a filing left out could take."""

from __future__ import annotations

import pytest
from budgetlens.qa.why import measure_words, statements, Clause, _subject
from budgetlens.schemas.document import Block, Line

from test_qa_engine import _filing, _grid
from qa_corpus import asker_over


def _narrate(doc, page: int, *texts: str) -> None:
    for i, t in enumerate(texts):
        box = (50, 100 + 40 * i, 500, 130 + 40 * i)
        doc.pages[page - 1].blocks.append(Block(kind="text", text=t, bbox=box, lines=[Line(text=t, bbox=box)]))


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    home = tmp_path_factory.mktemp("ws")
    built = [
        _filing("a" * 16, "澄岚县医疗保障局", 2023, (35.10, 28.00, 4.10, 3.00)),
        _filing("b" * 16, "澄岚县卫生健康委员会", 2023, (50.00, 40.00, 6.00, 4.00)),
        _filing("c" * 16, "澄岚县公安局", 2023, (80.00, 50.00, 10.00, 20.00)),
        _filing("d" * 16, "澄岚县水利局", 2022, (99.00, 60.00, 19.00, 20.00)),  # another year
        _filing("e" * 16, "澄岚县统计局", 2023, (50.00, 30.00, 6.00, 14.00)),  # ties the 卫健委
    ]
    doc = built[0][0]
    _narrate(doc, 6,
             "项目支出预算数为350.00万元。与上年相比减少20.00万元，减少5.41%。主要原因是信息系统运维费的预算减少。",
             "基本支出预算数为450.00万元。与上年相比减少12.00万元，下降2.60%。退休人员退休费由社保机构统一发放，单位支出减少。",
             "2023年“三公”经费预算数为35.10万元，比2022年预算减少2.00万元。其中：（一）因公出国（境）费28.00万元，比2022年预算持平。",
             "（二）公务用车购置及运行费3.00万元，比2022年预算减少2.00万元，主要原因是车辆报废后不再更新。")
    a = asker_over(home, *built)
    yield a
    a.close()


def test_why_quotes_the_statement_of_the_change_asked_and_its_reason(asker):
    a = asker.ask("澄岚县医保局2023年项目支出预算为什么比上年少了？")
    assert a.kind == "why" and a.verified
    assert "信息系统运维费的预算减少" in a.answer and "减少20.00万元" in a.answer
    assert "基本支出" not in a.answer  # not the neighbouring statement
    assert a.citations[0].page == 6


def test_why_challenges_a_premise_the_filing_contradicts(asker):
    a = asker.ask("澄岚县医保局2023年的基本支出为什么比上年增加了？")
    assert a.answer.startswith("注意：问题说增加，文件写的是减少")
    assert "与上年相比减少12.00万元" in a.answer and "退休人员退休费由社保机构统一发放" in a.answer
    assert a.understood["premise"] == "contradicted"


def test_why_a_total_without_a_reason_quotes_the_part_that_gives_one(asker):
    a = asker.ask("澄岚县医保局2023年“三公”经费为什么减少了2万元？")
    assert "比2022年预算减少2.00万元" in a.answer and "车辆报废后不再更新" in a.answer
    assert len(a.citations) == 2  # two printed paragraphs, each cited on its own


def test_why_about_what_the_filing_does_not_explain_is_not_found(asker):
    a = asker.ask("澄岚县医保局2023年培训费为什么增加了？")
    assert a.kind == "not_found" and not a.citations


def test_subject_and_measure_words():
    assert _subject("江苏省高级人民法院2018年度财政拨款收、支总预算33172.15万元") == "财政拨款收支总预算"
    assert _subject("此外，基本支出预算数为18570.82 万元。") == "基本支出"
    assert _subject("财政拨款收入支出减少的主要原因是2026年在编职工退休。") == "财政拨款收入支出"
    assert measure_words("江苏省高院 项目支出预算为什么比 少了？") == "项目支出预算"
    clauses = [Clause("公务用车运行维护费支出0.00万元，主要用于燃料费。", 10, None, 1),
               Clause("比上年预算数减少100%，主要原因是系统更新。", 10, None, 1)]
    (s,) = statements(clauses)  # a change clause without its subject takes the clause before
    assert s.subject == "公务用车运行维护费支出" and s.direction == -1 and len(s.clauses) == 2


def test_ranking_compares_one_year_and_names_the_filings_left_out(asker):
    a = asker.ask("哪个部门的“三公”经费最多？")  # no year: the year most bodies filed
    assert a.kind == "compare" and a.table[0].entity == "澄岚县公安局"
    assert "比较了 4 份2023年的文件" in a.answer and "没有2023年的文件：澄岚县水利局" in a.answer
    assert any(p.endswith("d" * 16 + ".pdf") for p in a.understood["left_out"])
    assert len(a.understood["covered"]) == 4


def test_ranking_says_a_tie(asker):
    a = asker.ask("在澄岚县卫健委和澄岚县统计局中，2023年“三公”经费谁最多？")
    assert "2 份并列" in a.answer and {r.entity for r in a.table[:2]} == {"澄岚县卫生健康委员会", "澄岚县统计局"}


def test_ranking_states_no_first_place_a_filing_left_out_could_take(tmp_path):
    a_doc, a_f = _filing("a" * 16, "澄岚县医疗保障局", 2023, (35.10, 28.00, 4.10, 3.00))
    b_doc, b_f = _filing("b" * 16, "澄岚县公安局", 2023, (80.00, 50.00, 10.00, 20.00))
    c_doc, c_f = _filing("c" * 16, "澄岚县民政局", 2023, (0, 0, 0, 0))
    c_doc.tables = [t for t in c_doc.tables if "三公" not in t.title_lines[0].text]  # prints no 三公 table
    c_doc.pages[4].blocks.clear()
    asker = asker_over(tmp_path, (a_doc, a_f), (b_doc, b_f), (c_doc, c_f))
    try:
        a = asker.ask("澄岚县医保局、澄岚县公安局和澄岚县民政局2023年公务接待费谁最多？")
        assert a.kind == "clarify" and a.value is None
        assert "不能断定" in a.answer and "没有印出这一项：澄岚县民政局" in a.answer
        assert [c["label"] for c in a.candidates] == ["澄岚县公安局", "澄岚县医疗保障局"]
        assert a.understood["covered"] and a.understood["left_out"] == [c_doc.path]
    finally:
        asker.close()


def test_ranking_never_reads_a_unit_funds_column_for_the_word_in_which_unit(tmp_path):
    built = []
    for doc_id, name, fiscal, own in (("a" * 16, "澄岚县医疗保障局", "4.10", "0.00"),
                                       ("b" * 16, "澄岚县公安局", "10.00", "0.00")):
        doc, f = _filing(doc_id, name, 2023, (35.10, 28.00, 4.10, 3.00))
        doc.pages[4].blocks.clear()
        doc.tables = [_grid([["项目", "财政拨款", "单位资金|事业收入"], ["公务接待费", fiscal, own]],
                            page=9, title="“三公”经费预算表")]
        built.append((doc, f))
    asker = asker_over(tmp_path, *built)
    try:
        a = asker.ask("澄岚县哪个单位2023年公务接待费最多？")
        assert a.kind == "compare" and a.table[0].entity == "澄岚县公安局" and a.value == pytest.approx(10.0)
    finally:
        asker.close()


def test_a_stated_change_is_checked_by_its_own_arithmetic():
    from budgetlens.qa.stated import parse

    assert parse("“三公”经费预算支出6.00万元，较上年增加5.00万元(83.33%)，增加的主要原因是…；") == (
        6.0, 5.0, 1, 83.33, "83.33")
    assert parse("政府性基金拨款支出预算0万元，比2022年预算增加1421.25万元；")[:3] == (0.0, 1421.25, 1)
    assert parse("公务接待费1.00万元，与上年持平") is None


@pytest.fixture(scope="module")
def narrated(tmp_path_factory):
    home = tmp_path_factory.mktemp("ws")
    doc, f = _filing("a" * 16, "澄岚县医疗保障局", 2023, (35.10, 28.00, 4.10, 3.00))
    _narrate(doc, 6, "2023年“三公”经费预算支出6.00万元，较上年增加5.00万元(83.33%)，主要原因是车辆运行维护费列入预算。",
             "培训费预算支出12.00万元，比上年增加2.00万元，增长20.00%，主要原因是培训班次增加。",
             "政府性基金拨款支出预算0万元，比2022年预算增加30.00万元；国有资本经营预算拨款支出预算0万元，比2022年预算持平。")
    a = asker_over(home, (doc, f))
    yield a
    a.close()


def test_consistency_of_a_stated_rate_and_of_an_impossible_change(narrated):
    a = narrated.ask("澄岚县医保局2023年“三公”经费比上年增加5万元、说增幅83.33%，这个百分比算对了吗？")
    assert a.kind == "consistency" and a.understood["verdict"] == "fail" and a.verified
    assert "6 − 5 = 1 万元" in a.answer and "500.00%" in a.answer and "以本年为分母" in a.answer
    a = narrated.ask("澄岚县医保局2023年培训费比上年增加2万元、增长20%，这个比例算对了吗？")
    assert a.understood["verdict"] == "pass"  # 2 ÷ (12 − 2) = 20%
    a = narrated.ask("澄岚县医保局2023年政府性基金拨款支出预算0万元却比上年增加30万元，这说法成立吗？")
    assert a.understood["verdict"] == "fail" and "是负数" in a.answer


def test_consistency_of_a_total_and_the_parts_named_after_it(narrated):
    a = narrated.ask("澄岚县医保局2023年“三公”经费预算表里的“三公”经费合计数，和因公出国、公务接待、公务用车三项加起来对得上吗？")
    assert a.kind == "consistency" and a.understood["verdict"] == "pass"
    assert len(a.citations) == 4 and "35.10" in a.answer


def test_a_table_against_its_note_that_it_is_empty(narrated):
    store = narrated.store
    doc = store.layout("a" * 16)
    assert doc is not None
    a = narrated.ask("澄岚县医保局2023年“三公”经费预算表，表里的数和表下的注释一致吗？")
    assert a.kind == "not_found"  # the filing prints no such note: no verdict from other checks


def test_a_note_saying_empty_over_a_table_that_prints_numbers_fails(tmp_path):
    doc, f = _filing("a" * 16, "澄岚县医疗保障局", 2023, (35.10, 28.00, 4.10, 3.00))
    _narrate(doc, 9, "注:本部门2023年无“三公”经费预算，故本表为空表。")
    asker = asker_over(tmp_path, (doc, f))
    try:
        a = asker.ask("澄岚县医保局2023年“三公”经费预算表，表里的数和表下的注释说法一致吗？")
        assert a.kind == "consistency" and a.understood["verdict"] == "fail" and a.verified
        assert "故本表为空表" in a.citations[0].quote and "35.10" in a.answer
    finally:
        asker.close()
