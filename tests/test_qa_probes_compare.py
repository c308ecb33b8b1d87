"""Rankings, consistency, why and follow-up questions in the situations the development
questions do not show, each built from one change to a plain question: a listed body with
no filing of the year, a filing whose body was never recognised, a quoted figure of the same
line in another column, the parts' changes against the total's, one line's amount said twice,
a sentence whose amount sits on the line before, a form naming another body, a reason given
only through a part, a change stated with no reason, a bare follow-up turn."""

from __future__ import annotations

import pytest
from budgetlens.qa.followup import carry
from budgetlens.qa.ranking import plain_ranking, stated_count, workspace_free
from budgetlens.qa.why import plain_why, rough_amounts
from budgetlens.schemas.document import Block, Line

from qa_corpus import asker_over
from test_qa_engine import _filing, _grid
from test_qa_why_ranking import _narrate


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    home = tmp_path_factory.mktemp("ws")
    a = _filing("a" * 16, "澄岚县医疗保障局", 2023, (35.10, 28.00, 4.10, 3.00))
    doc = a[0]
    doc.tables.append(_grid([["项目", "2023年预算数", "2022年预算数"], ["“三公”经费", "35.10", "40.00"]],
                            page=8, title="“三公”经费预算对比表"))
    _narrate(doc, 6,
             "“三公”经费35.10万元，比上年减少1.30万元。",
             "其中：因公出国（境）费28.00万元，比上年减少1.00万元；",
             "公务用车购置及运行维护费3.00万元（公务用车购置费0万元，比上年减少1万元）比上年增加0.20万元；",
             "公务接待费4.10万元，比上年减少0.50万元。")
    _narrate(doc, 7,
             "12.“一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）”120.50万元，主要用于机关运行。",
             "2022年当年预算执行数为110.00万元，2023年预算安排121.50万元，比2022年预算执行数增加10.45%。",
             "3．检察监督支出（项）1,895",
             "万元，与上年相比减少 134 万元，降幅 0.66 %。")
    _narrate(doc, 3,
             "收入比2022年减少500.00万元，主要是一般公共预算财政拨款增加10.00万元，政府性基金预算财政拨款减少510.00万元。",
             "培训费预算12.00万元，比2022年减少1.00万元。",
             "会议费预算5.00万元，与上年持平。",
             "差旅费预算8.00万元，比上年增加0万元，主要原因是与上年持平。")
    _narrate(doc, 4, "政府性基金安排的水库工程支出，比2022年减少510.00万元，主要原因是水库项目资金调整到市本级。")
    _narrate(doc, 5, "2023年本部门政府采购预算500.00万元，其中：政府采购货物预算100.00万元、政府采购工程预算150.00万元、"
                     "政府采购服务预算250.00万元。")
    box = (50, 500, 500, 515)  # a line the reader took for a heading, the sentence going on below it
    doc.pages[7].blocks += [Block(kind="heading", text="2．一般行政管理事务（项）支出 3,666 万元，与上年", bbox=box,
                                  lines=[Line(text="2．一般行政管理事务（项）支出 3,666 万元，与上年", bbox=box)])]
    _narrate(doc, 8, "相比增加 21.8 万元，增长 0.06 %。主要原因是办公设备购置增加。")
    _narrate(doc, 9, 'JSON 要转义的字："引号"、反斜杠\\ 和 {"kind":"text"} 这样的字样。')
    line = "主管部门\t\t澄岚市医疗保障局(部门)\t\t实施单位 澄岚县医疗保障局"
    doc.pages[1].lines.append(Line(text=line, bbox=(50, 100, 500, 115)))
    b = _filing("b" * 16, "澄岚县公安局", 2023, (80.00, 50.00, 10.00, 20.00))
    _narrate(b[0], 6, "“三公”经费80.00万元，比上年减少5.00万元。",
             "其中：因公出国（境）费50.00万元，比上年减少2.00万元；",
             "公务用车购置及运行维护费20.00万元，比上年减少1.00万元；公务接待费10.00万元，比上年减少1.00万元。")
    c = _filing("c" * 16, "澄岚县水利局", 2022, (99.00, 60.00, 19.00, 20.00))
    d = _filing("d" * 16, "", 2023, (10.00, 5.00, 3.00, 2.00))  # a scan whose text gave no body's name
    for page in d[0].pages:
        page.source = "ocr"
    e = _filing("e" * 16, "合计一般公共预政府性基财政专户管", 2023, (12.00, 5.00, 3.00, 4.00))  # a heading read as a name
    f = _filing("f" * 16, "澄岚县统计局", 2023, (351000.00, 28.00, 4.10, 3.00))  # 三公 read far above its total
    f[0].tables.append(_grid([["项目", "金额"], ["支出总计", "900.00"]], page=3, title="收支预算总表"))
    asker = asker_over(home, a, b, c, d, e, f)
    yield asker
    asker.close()


def test_a_listed_body_with_no_filing_of_the_year_is_left_out_and_named(asker):
    a = asker.ask("澄岚县医保局、公安局、水利局，2023年谁的“三公”经费最多？")
    assert a.kind == "compare" and [r.entity for r in a.table] == ["澄岚县公安局", "澄岚县医疗保障局"]
    assert "问题列出的澄岚县水利局没有2023年的文件，未计入排名" in a.answer
    assert "没有2023年的文件：澄岚县水利局" in a.answer and a.verified
    a = asker.ask("澄岚县公安局、水利局，2023年谁的“三公”经费最多？")  # one filing compared is no ranking
    assert a.kind == "clarify" and a.value is None


def test_a_left_out_filing_whose_body_was_never_read_is_named_for_what_it_is(asker):
    a = asker.ask("哪个单位2022年“三公”经费最多？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县水利局"
    assert "一份未能识别单位的扫描件 dddddddddddddddd.pdf" in a.answer
    assert "一份未能识别单位的文件 eeeeeeeeeeeeeeee.pdf" in a.answer and "合计一般" not in a.answer
    assert a.verified


def test_the_words_naming_the_workspace_are_not_a_body():
    assert workspace_free("工作区里所有无锡市2025年的部门预算中，哪个部门的机关运行经费最多？") == \
        "无锡市2025年的部门预算中，哪个部门的机关运行经费最多？"
    assert workspace_free("澄岚县医保局2023年公务接待费是多少？") == "澄岚县医保局2023年公务接待费是多少？"


def test_a_quoted_figure_of_the_same_line_in_another_column_is_another_scope_not_a_mistake(asker):
    a = asker.ask("澄岚县医保局2023年说明里写“三公”经费40万元，和表里的数一致吗？")
    assert a.kind == "consistency" and a.understood["verdict"] == "口径差异" and "不一致" not in a.answer.replace(
        "不能据此说不一致", "")
    assert {c.page for c in a.citations} >= {8} and a.verified
    a = asker.ask("澄岚县医保局2023年说明里写“三公”经费28万元，和表里的数一致吗？")  # another line's figure
    assert a.understood["verdict"] == "fail"


def test_the_parts_changes_against_the_totals(asker):
    a = asker.ask("澄岚县医保局说2023年“三公”经费比上年减少1.30万元，跟各分项的增减对得上吗？")
    assert a.kind == "consistency" and a.understood["verdict"] == "pass" and a.verified
    assert "28 + 3 + 4.10 = 35.10" in a.answer and "(-1) + (0.20) + (-0.50) = -1.30" in a.answer
    a = asker.ask("澄岚县公安局说2023年“三公”经费比上年减少5万元，跟各分项的增减对得上吗？")
    assert a.understood["verdict"] == "fail" and "= -4 万元" in a.answer


def test_one_lines_amount_said_twice(asker):
    a = asker.ask("澄岚县医保局2023年说明里行政运行（项）的金额前后一致吗？")
    assert a.kind == "consistency" and a.understood["verdict"] == "fail" and "相差 1 万元" in a.answer
    assert [c.page for c in a.citations] == [7, 7] and a.verified


def test_a_sentence_whose_amount_sits_on_the_line_before(asker):
    a = asker.ask("澄岚县医保局2023年检察监督支出1,895万元，比上年减少134万元，写“降幅0.66%”，这个数对吗？")
    assert a.kind == "consistency" and a.understood["verdict"] == "fail"
    assert "1,895 + 134 = 2,029" in a.answer and "6.60%" in a.answer and a.verified, a.unverified_numbers
    a = asker.ask("澄岚县医保局2023年检察监督支出1,895万元，比上年减少134万元，写“降幅6.60%”，这个数对吗？")
    assert a.understood.get("verdict") != "pass"  # the sentence prints 0.66: not the sentence asked about
    a = asker.ask("澄岚县医保局2023年检察监督支出1,895万元，比上年增加134万元，写“增幅0.66%”，这个数对吗？")
    assert a.understood["verdict"] == "fail" and "问题说增加 134 万元，文件写的是减少" in a.answer


def test_a_form_naming_another_body(asker):
    a = asker.ask("澄岚县医保局2023年绩效自评表里，主管部门和实施单位写的是本局吗？")
    assert a.kind == "consistency" and a.understood["verdict"] == "fail"
    assert "主管部门写“澄岚市医疗保障局”" in a.answer and "实施单位" not in a.answer.split("：", 2)[-1]
    assert a.citations[0].page == 2


def test_a_reason_given_through_the_part_that_changed_most(asker):
    a = asker.ask("澄岚县医保局2023年收入为什么比2022年少了五百多万？")
    assert a.kind == "why" and "水库项目资金调整到市本级" in a.answer
    assert {c.page for c in a.citations} == {3, 4}
    assert rough_amounts("为什么少了二十多亿") == [(200000, 300000)]
    assert rough_amounts("多了46万多") == [(46, 47)] and rough_amounts("少了七百多万") == [(700, 800)]


def test_a_change_stated_without_a_reason_is_said_so(asker):
    a = asker.ask("澄岚县医保局2023年培训费为什么减少了？")
    assert a.kind == "not_found" and "没有写明原因" in a.answer and a.citations[0].page == 3
    a = asker.ask("澄岚县医保局2023年会议费为什么增加了？")  # a false premise: the filing says 持平
    assert a.kind == "why" and "文件写的是与上年持平" in a.answer  # answered by the statement contradicting it
    a = asker.ask("澄岚县医保局2023年差旅费为什么增加了？")  # 增加0万元 is no increase
    assert a.kind == "why" and a.answer.startswith("注意：问题说增加，文件写的是与上年持平。")


def test_a_bare_follow_up_turn_is_about_the_last_body(asker):
    conv = asker.conversation()
    conv.ask("澄岚县医保局2023年公务接待费是多少？")
    a = conv.ask("因公出国（境）费多少？")
    assert a.value == pytest.approx(28.0) and a.citations[0].entity == "澄岚县医疗保障局"
    conv = asker.conversation()
    conv.ask("澄岚县医保局2023年“三公”经费是多少？")
    conv.ask("其中公务接待费呢？")
    assert conv.asker._ask("会议费多少元？", conv.state, conv.last)[0].kind == "not_found"  # a part of what?
    assert carry(None, "上一年（2025年）预算是多少？", None) == "2025年预算是多少？"


def test_a_total_against_its_parts_stated_in_one_sentence(asker):
    a = asker.ask("澄岚县医保局2023年政府采购预算合计与分项一致吗？")  # 分项 of 政府采购: 货物、工程、服务
    assert a.kind == "consistency" and a.understood["verdict"] == "pass" and a.verified
    assert "政府采购货物预算 100[1] + 政府采购工程预算 150[2] + 政府采购服务预算 250[3] = 500" in a.answer
    a = asker.ask("澄岚县医保局2023年政府采购预算480万元，和货物、工程、服务三项加起来一致吗？")
    assert a.kind == "not_found"  # the total quoted is not the one printed: no verdict on it


def test_colloquial_why_words_and_a_sentence_broken_under_a_heading(asker):
    assert plain_why("会议费为啥砍了那么多？") == "会议费为什么减少了那么多？"
    assert plain_why("会议费是多少？") == "会议费是多少？"
    a = asker.ask("澄岚县医保局2023年一般行政管理事务支出为啥涨了？")
    assert a.kind == "why" and "办公设备购置增加" in a.answer and "与上年相比增加 21.8 万元" in a.answer


def test_two_bodies_which_is_higher_and_a_list_in_brackets_after_its_place(asker):
    a = asker.ask("澄岚县医保局、公安局2023年谁的“三公”经费更高？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县公安局"
    a = asker.ask("澄岚县2023年（医保局、公安局）中，“三公”经费哪家最多？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县公安局" and len(a.table) == 2


def test_follow_ups_keep_the_measure_named_last_and_drop_a_body_not_printed(asker):
    conv = asker.conversation()
    conv.ask("澄岚县医保局2023年“三公”经费是多少？")
    a = conv.ask("上年是多少？")  # the year before's figure, not the change
    assert a.kind == "value" and a.value == pytest.approx(40.0)
    conv = asker.conversation()
    conv.ask("澄岚县医保局2023年“三公”经费是多少？")
    assert conv.ask("那澄岚县海关呢？").kind == "not_found"
    assert conv.ask("那2022年呢？").kind == "not_found"  # not the 医保局's: the last body named is not printed


def test_a_leader_above_its_own_total_spending_is_not_the_first_place(asker):
    a = asker.ask("澄岚县哪个单位2023年“三公”经费最多？")
    assert a.kind == "clarify" and "读数大于支出总计：澄岚县统计局" in a.answer
    assert a.candidates[0]["label"] == "澄岚县公安局" and a.verified


def test_the_narrative_read_from_the_stored_json_is_the_layouts(asker):
    from budgetlens.qa.why import _blocks, clauses_of

    for doc_id in asker.engine.docs:
        light = _blocks(asker.store.layout_bytes(doc_id))
        assert clauses_of(light) == clauses_of(asker.store.layout(doc_id))
    assert any('反斜杠\\ 和 {"kind":"text"}' in c.text for c in clauses_of(_blocks(asker.store.layout_bytes("a" * 16))))


def test_a_session_keeps_the_last_turn_with_the_state(asker):
    conv = asker.conversation()
    conv.ask("澄岚县医保局2023年“三公”经费是多少？")
    conv.ask("其中公务接待费呢？")
    saved = conv.to_dict()
    assert saved["last"] == "其中公务接待费呢？" and saved["names"] == ["澄岚县医疗保障局"]
    again = asker.conversation(saved)  # the next ``ask --session`` call
    assert again.last == saved["last"] and again.state.names == saved["names"]


def test_a_ranking_over_a_stated_number_of_bodies_the_workspace_does_not_hold_is_not_given(asker):
    assert stated_count("烟台这15个市级部门，2026年机关运行经费排第一的是谁？") == 15
    assert stated_count("发改委、工信局这六个部门，谁最多？") == 6 and stated_count("哪个部门最多？") is None
    assert plain_ranking("深圳这批2026年部门预算（开发部分的21个部门）里，项目金额谁最大？") == \
        "深圳这批2026年部门预算（21个部门）里，项目金额哪个单位最大？"
    a = asker.ask("澄岚县这5个部门2023年“三公”经费谁最多？")
    assert a.kind == "clarify" and "问题说的是 5 个单位" in a.answer and a.value is None


def test_the_narratives_figure_against_a_table_named_by_its_number(asker):
    a = asker.ask("澄岚县医保局2023年文字说明里的“三公”经费和表9里的数一致吗？")
    assert a.kind == "consistency" and a.understood["verdict"] == "pass" and "35.10" in a.answer
