"""Consistency questions about a figure the narrative states, over hand-built filings: a
question asking whether a quoted rate is right is checked (however it is worded), a rate
between two printed amounts and a share of a printed whole are recomputed from their two
numbers, and a sentence a page breaks over two lines is read whole."""

from __future__ import annotations

import pytest
from budgetlens.qa.stated import parse_levels

from test_qa_engine import _filing
from test_qa_why_ranking import _narrate
from qa_corpus import asker_over


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    home = tmp_path_factory.mktemp("ws")
    doc, f = _filing("a" * 16, "澄岚县医疗保障局", 2023, (35.10, 28.00, 4.10, 3.00))
    _narrate(doc, 6,
             "（一）机关运行经费支出情况2023年，本局机关运行经费支出94.66万元，比2022年增加10.02万元，增长11.94%。",
             "3.“社会保障和就业支出（类）行政事业单位养老支出（款）事业单位离退休（项）”53.84万元，主要用于退休人员补贴。",
             "2022年当年预算执行数为54.60万元，2023年预算安排53.84万元，比2022年预算执行数减少1.39%。",
             "4.“一般公共服务支出（类）群众团体事务（款）一般行政管理事务（项）”45.41万元，主要用于群众团体事务。",
             "2022年当年预算执行数为11.67万元，2023年预算安排45.41万元，比2022年预算执行数增加314.82%。",
             "其中，因公出国（境）费支出28.00万元，占“三公”经费的79.77%；公务接待费4.10万元，占“三公”经费的8.75%。",
             "2023年支出预算合计800.00万元，其中：基本支出450.00万元，占56.25%；")
    _narrate(doc, 7, "2．一般行政管理事务（项）支出 3,666 万元，与上年")
    doc.pages[6].blocks[-1].bbox = (50, 100, 500, 130)
    _narrate(doc, 7, "相比增加 21.8 万元，增长 0.06 %。")
    a = asker_over(home, (doc, f))
    yield a
    a.close()


def test_a_quoted_rate_asked_about_is_checked_however_the_question_is_worded(asker):
    a = asker.ask("澄岚县医保局2023年机关运行经费94.66万元，比2022年增加10.02万元，说是增长11.94%，这个百分比对吗？")
    assert a.kind == "consistency" and a.understood["verdict"] == "fail" and a.verified
    assert "10.02 ÷ 84.64 = 11.84%" in a.answer and a.citations[0].page == 6


def test_a_rate_between_two_printed_amounts_is_recomputed(asker):
    a = asker.ask("澄岚县医保局2023年说明里，群众团体事务的一般行政管理事务（项）从2022年执行数11.67万元到2023年"
                  "45.41万元，写的“增加314.82%”，对吗？")
    assert a.kind == "consistency" and a.understood["verdict"] == "fail" and a.verified
    assert "(45.41 − 11.67) ÷ 11.67 = 289.12%" in a.answer
    a = asker.ask("澄岚县医保局2023年说明里事业单位离退休（项）“比2022年预算执行数减少1.39%”，核对一下对不对？")
    assert a.understood["verdict"] == "pass" and "11.67" not in a.answer  # the sentence of the line asked
    assert parse_levels("2022年当年预算执行数为11.67万元，2023年预算安排45.41万元，比2022年预算执行数增加314.82%") == (
        11.67, 45.41, 1, 314.82, "314.82")


def test_a_stated_share_is_recomputed_from_its_part_and_whole(asker):
    a = asker.ask("澄岚县医保局2023年说明写公务接待费4.10万元“占‘三公’经费的8.75%”，这个比例和三公经费表对得上吗？")
    assert a.kind == "consistency" and a.understood["verdict"] == "fail" and a.verified
    assert "4.10 ÷ 35.10 = 11.68%" in a.answer and {c.page for c in a.citations} == {6, 9}
    a = asker.ask("澄岚县医保局说因公出国（境）费占“三公”经费的79.77%，和各项金额对得上吗？")
    assert a.understood["verdict"] == "pass"
    # the whole the sentence prints itself (支出预算合计800.00万元，其中…) comes before any table's
    a = asker.ask("澄岚县医保局2023年基本支出说占56.25%，和支出预算合计对得上吗？")
    assert a.understood["verdict"] == "pass" and "450 ÷ 800 = 56.25%" in a.answer


def test_a_sentence_broken_over_two_lines_is_read_whole(asker):
    a = asker.ask("澄岚县医保局2023年预算说明里“一般行政管理事务（项）支出3,666万元，与上年相比增加21.8万元，增长0.06%”，"
                  "这个增长率算得对吗？")
    assert a.kind == "consistency" and a.understood["verdict"] == "fail"
    assert "3,666 − 21.80 = 3,644.20" in a.answer


def test_a_why_subject_naming_only_which_figure_takes_the_line_before():
    from budgetlens.qa.why import Clause, _blank_names, best_statement, statements

    clauses = [Clause("2023 年度机关运行经费预算 6.71 万元，支出决算 6.27 万元，完成预算的 93.4%。", 1, None, 1),
               Clause("支出决算比上年减少 0.44 万元，主要原因是压缩各项费用开支。", 1, None, 1),
               Clause("一般公共预算财政拨款支出决算比上年减少 3.00 万元，主要原因是人员减少。", 1, None, 2)]
    best = best_statement(statements(clauses), "机关运行经费决算", "机关运行经费决算为什么比上年少？")
    assert best is not None and "压缩各项费用开支" in best.text and "人员减少" not in best.text
    # what is left of a body's short name is no measure: 广州市委宣传部 of 中共广州市委宣传部
    assert _blank_names("广州市委宣传部2026年三公经费为什么比上年多了", ["中共广州市委宣传部"]).split() == [
        "2026年三公经费为什么比上年多了"]


def test_a_bodys_own_rows_answer_when_its_filing_is_printed_under_its_own_name():
    from types import SimpleNamespace

    from budgetlens.qa.narrow import find_own

    own_row = SimpleNamespace(fact=SimpleNamespace(row="澄岚县统计局（本级） 2025 年"))

    class View:
        def __init__(self, answers):
            self.answers = answers

        def find(self, cq, *a, **kw):
            return self.answers[cq]

    first = View({"三公经费合计": (None, [own_row], "印出的几行都可能是所问的数，但数字不同")})
    views = {"三公经费合计本级": View({"三公经费合计本级": (own_row, [own_row], None)})}
    docs = {"a": SimpleNamespace(entity="澄岚县统计局", names=("澄岚县统计局（本级）",))}
    m, _, _ = find_own(SimpleNamespace(docs=docs), first, "三公经费合计", [], ["a"], 2026, 2026, views)
    assert m is own_row  # the filing names itself 澄岚县统计局（本级）: its 本级 row is its own
    docs["a"] = SimpleNamespace(entity="澄岚县统计局", names=("澄岚县统计局",))
    m, _, refusal = find_own(SimpleNamespace(docs=docs), first, "三公经费合计", [], ["a"], 2026, 2026, views)
    assert m is None and refusal  # a department's filing: a unit's 本级 row is not the department's


def test_a_stated_change_against_the_two_years_the_table_prints(tmp_path):
    from test_qa_engine import _grid

    doc, f = _filing("b" * 16, "澄岚县水利局", 2023, (35.10, 28.00, 4.10, 3.00))
    doc.tables.append(_grid([["项目", "合计", "因公出国（境）费"], ["上年", "40.00", "30.00"], ["预算数", "35.10", "28.00"]],
                            page=8, title="2023年财政拨款“三公”经费支出情况表"))
    _narrate(doc, 5, "“三公”经费预算35.10万元，比2022年减少4.90万元。")
    asker = asker_over(tmp_path, (doc, f))
    try:
        a = asker.ask("澄岚县水利局说2023年“三公”经费比2022年减少4.90万元，和三公经费表上两年的数对得上吗？")
        assert a.kind == "consistency" and a.understood["verdict"] == "pass" and a.verified
        assert "35.10 − 40 = -4.90" in a.answer and len(a.citations) == 2
        a = asker.ask("澄岚县水利局说2023年“三公”经费比2022年减少5.90万元，和三公经费表上两年的数对得上吗？")
        assert a.understood["verdict"] == "fail"
    finally:
        asker.close()


def test_other_wordings_of_a_rate_check_and_a_count_before_the_figure(tmp_path):
    doc, f = _filing("c" * 16, "澄岚县民政局", 2023, (35.10, 28.00, 4.10, 3.00))
    _narrate(doc, 6, "2023年本部门机关运行经费安排102.18万元，较2022年预算增加7.594万元，提高8.03%。",
             "2023年澄岚县民政局本级1家行政单位的培训费财政拨款预算48.78万元，比上年预算减少4.98万元，下降9.0%，"
             "主要是结构性调整压减一般性支出。",
             "其他城乡社区公共设施支出127,692.11万元，与上年相比增加122,063.01万元，增长2,168.43%。")
    asker = asker_over(tmp_path, (doc, f))
    try:
        a = asker.ask("澄岚县民政局机关运行经费102.18万元，较2022年预算增加7.594万元，提高8.03%，核一下？")
        assert a.kind == "consistency" and a.understood["verdict"] == "pass"
        a = asker.ask("澄岚县民政局说2023年培训费48.78万元，比上年预算减少4.98万元、下降9.0%，这个降幅算对了吗？")
        assert a.understood["verdict"] == "fail" and "4.98 ÷ 53.76 = 9.26%" in a.answer
        a = asker.ask("澄岚县民政局的其他城乡社区公共设施支出127,692.11万元、增加122,063.01万元、增长2,168.43%，这三个数彼此吻合吗？")
        assert a.understood["verdict"] == "pass"
        a = asker.ask("澄岚县民政局2023年培训费为什么比上年少了？")
        assert a.kind == "why" and "结构性调整压减一般性支出" in a.answer
    finally:
        asker.close()


def test_parts_named_after_equals_are_summed_against_the_total_before_it(asker):
    a = asker.ask("澄岚县医保局2023年“三公”经费35.10万元，等于因公出国（境）费、公务接待费加公务用车购置及运行维护费吗？")
    assert a.kind == "consistency" and a.understood["verdict"] == "pass" and len(a.citations) == 4


def test_the_narratives_figure_against_the_table_the_question_names(tmp_path):
    from test_qa_engine import _grid

    doc, f = _filing("d" * 16, "澄岚县教育局", 2023, (35.10, 28.00, 4.10, 3.00))
    doc.tables.append(_grid([["项目", "金额"], ["货物", "120.00"], ["合计", "200.00"]], page=8, title="政府采购预算表"))
    _narrate(doc, 5, "2023年政府采购预算0万元，其中：政府采购货物预算0万元。")
    asker = asker_over(tmp_path, (doc, f))
    try:
        a = asker.ask("澄岚县教育局说明里写的政府采购预算，和政府采购预算表对得上吗？")
        assert a.kind == "consistency" and a.understood["verdict"] == "fail" and a.verified
        assert [c.page for c in a.citations] == [5, 8] and "相差 200 万元" in a.answer
    finally:
        asker.close()
