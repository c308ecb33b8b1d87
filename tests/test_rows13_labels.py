"""A printed label said in other words (qa.labels): its words reordered or with 的 between them
name the row; two rows fitting the same words name none; the rows probe asks such forms."""

from __future__ import annotations

from budgetlens.eval import probe_rows as pr
from budgetlens.index.facts import DocInfo, Fact, FactIndex, canon
from budgetlens.qa.engine import Engine
from budgetlens.qa.labels import in_printed_words, label_said_apart, said_apart


def test_words_in_another_order_or_with_de_say_the_label():
    s = said_apart("救助流浪乞讨人员的支出是多少", "流浪乞讨人员救助")
    assert (s.start, s.end) == (0, 8)
    assert in_printed_words("救助流浪乞讨人员的支出是多少", s) == "流浪乞讨人员救助的支出是多少"
    s = said_apart("公务用车的运行维护费是多少", "公务用车运行维护")
    assert (s.start, s.end) == (0, 9)
    assert in_printed_words("公务用车的运行维护费是多少", s) == "公务用车运行维护的费是多少"


def test_other_words_between_or_a_word_missing_say_no_label():
    assert said_apart("流浪乞讨人员救助是多少", "流浪乞讨人员救助") is None  # printed as is: the finder's
    assert said_apart("救助流浪人员的支出", "流浪乞讨人员救助") is None  # 乞讨 not said
    assert said_apart("人员经费里救助流浪的支出", "流浪人员救助") is None  # 的支出 apart, 里 between
    assert said_apart("救助的困难人员和流浪群众", "流浪人员救助") is None  # 困难 between


def test_the_longest_stretch_names_the_label_and_a_tie_names_none():
    cq = "救助流浪乞讨人员的支出"
    assert [s.label for s in label_said_apart(cq, ["流浪乞讨人员救助", "人员救助", "行政运行"])] == ["流浪乞讨人员救助"]
    tie = label_said_apart("运行维护公务用车费", ["公务用车运行维护", "运行公务用车维护"])
    assert len(tie) == 2


def _doc(doc_id):
    return DocInfo(doc_id, f"{doc_id}.pdf", doc_id, "某市民政局", 2021, "budget", "部门", ("某市民政局",))


def _cell(row, value, code="", page=5, col="合计"):
    return Fact("d1", "cell", "T05", "一般公共预算支出表", row, code, col, value, "万元", page, None, "", None, 0, "",
                canon_row=canon(row))


def _engine(facts):
    return Engine(FactIndex({"d1": _doc("d1")}, facts))


def test_a_row_named_in_other_order_is_answered_and_two_rows_alike_are_declined():
    eng = _engine([_cell("流浪乞讨人员救助支出", 1809.51, "2082002"), _cell("行政运行", 300.0, "2080201"),
                   _cell("支出合计", 5000.0)])
    ans, _ = eng.ask("某市民政局2021年救助流浪乞讨人员的支出是多少万元？")
    assert ans.value == 1809.51 and ans.citations[0].page == 5
    eng = _engine([_cell("流浪乞讨人员救助支出", 1809.51, "2082002"), _cell("乞讨流浪人员救助支出", 12.0, "2082099"),
                   _cell("支出合计", 5000.0)])
    ans, _ = eng.ask("某市民政局2021年救助乞讨流浪人员的支出是多少万元？")
    assert ans.value is None


def test_probe_asks_the_label_reordered_and_with_de():
    assert pr.reworded("流浪乞讨人员救助支出") == {"reorder": "救助流浪乞讨人员的支出", "de": "流浪乞讨人员的救助支出"}
    assert pr.reworded("代理银行手续费") == {"de": "代理银行的手续费"}
    assert pr.reworded("行政运行") == {}  # two words: no other way to say it
    assert pr.reworded("社会保障和就业支出") == {}


def test_a_unit_named_by_its_departments_stem_is_answered_from_its_own_row():
    doc = DocInfo("d2", "d2.pdf", "d2", "湖州市财政局", 2026, "budget", "部门", ("湖州市财政局",))

    def cell(row, col, value, title="收入预算总表"):
        return Fact("d2", "cell", "B02", title, row, "", col, value, "万元", 19, None, "", None, 0, "",
                    canon_row=canon(row))

    eng = Engine(FactIndex({"d2": doc}, [
        cell("本年收入合计", "金额", 6838.41, "收支预算总表"), cell("合计", "本年收入", 6838.41),
        cell("湖州市财政局（本级）", "本年收入", 4467.55), cell("湖州市财政票据管理中心", "本年收入", 273.77),
        cell("湖州市市级财政国库支付中心", "本年收入", 724.3)]))
    ans, _ = eng.ask("湖州市财政票据管理中心2026年本年收入是多少万元？")
    assert ans.value == 273.77
    ans, _ = eng.ask("湖州市财政局下属的财政票据管理中心2026年本年收入是多少万元？")
    assert ans.value == 273.77
    ans, _ = eng.ask("湖州市财政局下属的财政结算管理中心2026年本年收入是多少万元？")  # printed nowhere
    assert ans.value is None


def test_a_project_named_with_its_year_and_kind_is_its_row():
    doc = DocInfo("d3", "d3.pdf", "d3", "烟台市住房和城乡建设局", 2026, "budget", "部门", ("烟台市住房和城乡建设局",))

    def cell(row, value, year=None):
        return Fact("d3", "grid", "g9", "项目支出表", row, "", "合计", value, "万元", 29, None, "", year, 0, "",
                    canon_row=canon(row))

    eng = Engine(FactIndex({"d3": doc}, [cell("烟台市2026年城市体检项目 其他运转类", 170.0, 2026),
                                         cell("老旧小区改造项目 特定目标类", 900.0), cell("合计", 5000.0)]))
    ans, _ = eng.ask("烟台市住房和城乡建设局的“烟台市2026年城市体检项目”安排了多少钱？")
    assert ans.value == 170.0
    ans, _ = eng.ask("烟台市住房和城乡建设局2026年老旧小区改造项目安排了多少钱？")
    assert ans.value == 900.0
    ans, _ = eng.ask("烟台市住房和城乡建设局2025年的烟台市城市体检项目安排了多少钱？")  # another year's project
    assert ans.value is None
