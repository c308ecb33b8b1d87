"""Procurement kinds (货物 / 工程 / 服务) asked every way: a kind named again in another unit right
after the conversation asked it (服务类换成元是多少？ / 用元说服务类是多少？ after 其中服务类呢？) is the
last figure converted; bodies ranked by a kind printed as 政府采购服务预算 and asked as 服务类采购预算;
a kind printed after a figure with no unit (政府采购工程预算为0、政府采购服务预算439.51万元) or as what
the body 拟采购; 最小 ranks the smallest first; 比较一下…这几家 before the list and 把 before a sum are
no measure words; the kinds quoted each with its name before one 万元 (货物20.95、工程18、服务586.7万元)
are checked against the total quoted."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, ruled_grid, stored_pdf, text_page

JUSTICE = "澄岚县司法局"
WATER = "澄岚县水利局"
VETERANS = "澄岚县退役军人服务中心"
CIVIL = "澄岚县民政局"
HOUSING = "澄岚县住房和城乡建设局"
PETITION = "澄岚县信访局"
AUDIT = "澄岚县审计局"
PORT = "澄岚县人民政府口岸办公室"


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    justice = [text_page(1, f"{JUSTICE}2026年部门预算"),
               text_page(2, "四、政府采购情况2026年本部门政府采购安排17,951.4万元，其中：货物类采购预算2,300.46万元，"
                            "工程类采购预算1,618.96万元，服务类采购预算14,031.98万元。")]
    water = [text_page(1, f"{WATER}2026年部门预算"),
             text_page(2, "五、政府采购情况2026年政府采购预算1,494.24万元，其中：政府采购货物预算59.4万元，"
                          "政府采购工程预算356.77万元，政府采购服务预算1,078.07万元。")]
    veterans = [text_page(1, f"{VETERANS}2026年部门预算"),
                text_page(2, "2026年度本单位政府采购预算446.71万元，其中：政府采购货物预算7.2万元、政府采购工程预算为0、"
                             "政府采购服务预算439.51万元。")]
    civil = [text_page(1, f"{CIVIL}2026年部门预算"),
             text_page(2, "五、政府采购情况2026年政府采购预算623.63万元，其中：政府采购货物预算34.44万元，"
                          "政府采购工程预算280.65万元，政府采购服务预算308.54万元。")]
    housing = [text_page(1, f"{HOUSING}2026年部门预算"),
               text_page(2, "2026年度政府采购支出预算总额25.3万元，其中：拟采购货物支出2万元、拟采购工程支出0万元、"
                            "拟采购服务支出23.3万元。")]
    petition = [text_page(1, f"{PETITION}2026年部门预算"),
                text_page(2, "2026年本部门政府采购安排625.65万元，其中：货物类采购预算20.95万元，工程类采购预算18万元，"
                             "服务类采购预算586.7万元等。")]
    audit = [text_page(1, f"{AUDIT}2026年部门预算"),
             text_page(2, f"{AUDIT}纳入2026年部门预算的政府采购项目共有775.86万元，其中：货物类项目36.50万元、"
                          "工程类项目2.07万元、服务类项目737.29万元。")]
    # the total printed in a table's row and in the narrative, the parts in the narrative only
    port_grid = ruled_grid([["单位名称", "合计", "政府采购"], [PORT, "55,884.67", "3,966.73"]], 3, "政府采购预算表")
    port = [text_page(1, f"{PORT}2026年部门预算"),
            text_page(2, f"{PORT}纳入2026年部门预算的政府采购项目共有3,966.73万元，其中：货物类项目0.00万元、"
                         "工程类项目0.00万元、服务类项目3,966.73万元。"), text_page(3, "政府采购预算表")]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("g" * 16, AUDIT, [], pages=audit),
                   stored_pdf("h" * 16, PORT, [port_grid], pages=port), stored_pdf("a" * 16, JUSTICE, [], pages=justice),
                   stored_pdf("b" * 16, WATER, [], pages=water), stored_pdf("c" * 16, VETERANS, [], pages=veterans),
                   stored_pdf("d" * 16, CIVIL, [], pages=civil), stored_pdf("e" * 16, HOUSING, [], pages=housing),
                   stored_pdf("f" * 16, PETITION, [], pages=petition))
    yield a
    a.close()


def test_a_kind_named_again_in_another_unit_is_the_last_figure_converted(asker):
    conv = asker.conversation()
    assert conv.ask(f"{JUSTICE}2026年政府采购一共安排了多少？").value == pytest.approx(17951.4)
    assert conv.ask("其中服务类呢？").value == pytest.approx(14031.98)
    a = conv.ask("服务类换成元是多少？")
    assert (a.unit, a.value) == ("元", pytest.approx(140319800.0)), a.answer


def test_the_unit_said_before_the_kind(asker):
    conv = asker.conversation()
    assert conv.ask(f"{WATER}2026年政府采购里货物类多少钱？").value == pytest.approx(59.4)
    assert conv.ask("那服务类呢？").value == pytest.approx(1078.07)
    a = conv.ask("用元说服务类是多少？")
    assert (a.unit, a.value) == ("元", pytest.approx(10780700.0)), a.answer


def test_another_line_in_another_unit_is_no_conversion_of_the_last():
    from types import SimpleNamespace

    from budgetlens.qa.followup import line_in_unit

    prev = SimpleNamespace(kind="value", value=59.4, unit="万元", understood={"measure": "政府采购货物预算"})
    # 工程类 was not the last turn's line: asked afresh, not the 货物 figure converted
    assert line_in_unit("工程类换成元是多少？", "那货物类呢？", prev) is None


def _ranked(asker, question):
    got = asker.ask(question)
    assert got.kind == "compare", got.answer
    return got


def test_bodies_ranked_by_a_kind_printed_after_the_procurement_words(asker):
    # 政府采购服务预算 printed, 服务类采购预算 asked: the kind alone names it, as in a lookup
    got = _ranked(asker, f"{WATER}、{CIVIL}2026年服务类采购预算哪个最大？")
    assert got.value == pytest.approx(1078.07), got.answer


def test_a_kind_printed_after_a_figure_with_no_unit(asker):
    got = asker.ask(f"{VETERANS}2026年服务类采购比货物类采购多多少万元？")
    assert got.value == pytest.approx(432.31), got.answer


def test_the_smallest_asked_as_zui_xiao(asker):
    got = _ranked(asker, f"{JUSTICE}、{WATER}、{CIVIL}，2026年政府采购预算哪个最小？")
    assert got.value == pytest.approx(623.63), got.answer


def test_the_asking_before_the_list_is_no_measure_word(asker):
    got = _ranked(asker, f"比较一下{JUSTICE}、{WATER}、{CIVIL}这几家2026年的政府采购预算，哪家最高？")
    assert got.value == pytest.approx(17951.4), got.answer


def test_a_share_of_what_the_body_means_to_buy_by_kind(asker):
    got = asker.ask(f"{HOUSING}2026年的政府采购预算，货物类占了百分之多少？")
    assert got.value == pytest.approx(7.91, abs=0.01), got.answer


def test_the_object_marker_before_a_sum_is_no_measure_word(asker):
    got = asker.ask(f"把{AUDIT}2026年政府采购的货物和服务两块合起来是多少万？")
    assert got.value == pytest.approx(773.79), got.answer


@pytest.mark.parametrize("quoted, verdict", [("586.7", "一致"), ("580.7", "不一致")])
def test_kinds_quoted_each_with_its_name_before_one_unit(asker, quoted, verdict):
    got = asker.ask(f"{PETITION}2026年政府采购总额625.65万元，货物20.95、工程18、服务{quoted}万元，三项加起来对得上总数吗？")
    if verdict == "一致":
        assert got.kind == "consistency" and "，一致" in got.answer, got.answer
    else:  # a figure the filing does not print: no verdict, the figure named
        assert got.kind == "not_found" and "580.70" in got.answer, got.answer


def test_a_part_after_a_total_cited_from_a_table_is_read_from_the_narrative_s_list(asker):
    conv = asker.conversation()
    total = conv.ask(f"{PORT}2026年政府采购一共安排了多少？")
    assert total.value == pytest.approx(3966.73) and total.citations[0].page == 3, total.answer
    # the table's row holds no 服务类; the narrative printing the same total lists it
    a = conv.ask("其中服务类呢？")
    assert "服务类项目" in a.answer and a.citations[0].page == 2, a.answer
