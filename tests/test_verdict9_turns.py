"""Rankings over listed bodies asked with a count or a framing (这3个部门里 / 就…而言), each listed
body's own filing whatever its scope; follow-ups pointing at the conversation's year (同一年的…呢)
or comparing with 跟上年比; and ``ask --session`` keeping a turn among the parts of a whole."""

from __future__ import annotations

import pytest
from budgetlens.qa.ranking import measure_words
from budgetlens.schemas.document import Line

from qa_corpus import asker_over, text_block
from test_qa_engine import _filing


def _unit_filing(doc_id: str, entity: str, three: tuple):
    """A 单位预算 (its cover says so) of ``entity``, printing the “三公” table of ``three``."""
    doc, f = _filing(doc_id, entity, 2023, three)
    doc.pages[0].lines.append(Line(text=f"{entity}（本级）2023年单位预算"))
    return doc, f


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    doc, f = _filing("a" * 16, "澄岚县公安局", 2023, (80.00, 50.00, 10.00, 20.00))
    doc.pages[6].blocks.append(text_block(
        "本部门当年机关运行经费预算安排100.00万元，其中办公费40.00万元，差旅费30.00万元，会议费5.00万元，培训费25.00万元。"))
    doc.pages[6].blocks.append(text_block("本部门当年“三公”经费预算80.00万元，与上年相比增加8.00万元。"))
    a = asker_over(tmp_path_factory.mktemp("ws"), (doc, f),
                   _filing("b" * 16, "澄岚县医疗保障局", 2023, (35.10, 28.00, 4.10, 3.00)),
                   _unit_filing("c" * 16, "澄岚县交通运输局", (95.00, 60.00, 15.00, 20.00)),
                   _filing("f" * 16, "澄岚县交通运输局", 2023, (70.00, 40.00, 10.00, 20.00)),
                   _filing("d" * 16, "澄岚县城市管理局", 2023, (90.0013, 60.00, 10.0013, 20.00), unit="元"))
    yield a
    a.close()


def test_the_lists_count_and_framing_are_no_words_of_the_measure():
    assert measure_words("四个部门项目支出预算谁最高?").split() == ["项目支出预算", "?"]
    assert measure_words("里一般公共预算机关运行经费最高的是哪家?").split() == ["一般公共预算机关运行经费", "?"]
    assert measure_words("就部门预算的项目支出而言中哪家最少?").split() == ["部门预算的项目支出", "?"]
    assert measure_words("这五家里编报绩效目标的项目涉及项目预算资金谁最多?").split() == ["编报绩效目标的项目涉及项目预算资金", "?"]


def test_a_listed_ranking_with_a_count_ranks_each_bodys_own_filing(asker):
    a = asker.ask("澄岚县公安局、医保局、交通运输局（本级）这3个部门里，2023年“三公”经费最高的是哪家？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县交通运输局", a.answer
    assert len(a.table) == 3 and "单位预算" in a.answer and "部门预算" in a.answer
    assert a.table[0].value_wan == pytest.approx(95.0)  # its 单位预算 (本级), not its 部门预算's 70
    a = asker.ask("澄岚县公安局、医保局、交通运输局这3个部门里，2023年“三公”经费最高的是哪家？")
    assert a.table[0].entity == "澄岚县公安局" and "单位预算" not in a.answer, a.answer  # no 本级 said: 部门 with 部门
    a = asker.ask("就2023年的“三公”经费而言，澄岚县公安局、医保局中哪家最少？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县医疗保障局", a.answer


def test_a_turn_pointing_at_the_conversations_year_or_comparing_with_the_year_before(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚县公安局2023年机关运行经费预算安排了多少？").value == pytest.approx(100.0)
    a = conv.ask("同一年的“三公”经费呢？")
    assert a.kind == "value" and a.value == pytest.approx(80.0), a.answer
    a = conv.ask("跟上年比多了多少？")
    assert a.value == pytest.approx(8.0), a.answer


def test_a_session_keeps_a_turn_among_the_parts_of_a_whole(asker):
    conv = asker.conversation()
    conv.ask("澄岚县公安局2023年机关运行经费预算安排是多少？")
    assert conv.ask("其中差旅费呢？").value == pytest.approx(30.0)
    saved = conv.to_dict()
    assert saved["in_parts"] and saved["last_answer"]["value"] == pytest.approx(30.0)
    again = asker.conversation(saved)  # the next ``ask --session`` call, from the session's file
    a = again.ask("会议费多少元？")  # the 会议费 of the same list
    assert (a.kind, a.value, a.unit) == ("value", 50000.0, "元") and "会议费5.00万元" in a.citations[0].quote
    broken = asker.conversation({**saved, "last_answer": {"kind": 3}})  # a state this version cannot read
    assert broken.last_answer is None


def test_a_figure_quoted_in_wan_yuan_matches_the_yuan_a_table_prints_to_its_rounding(asker):
    a = asker.ask("澄岚县城市管理局2023年说明里“三公”经费90.00万元，和三公经费表里的数对得上吗？")
    assert a.kind == "consistency" and a.understood["verdict"] == "pass", a.answer
    assert "900,013" in a.answer and "90.0013 万元" in a.answer
    a = asker.ask("澄岚县城市管理局2023年说明里“三公”经费90.01万元，和三公经费表里的数对得上吗？")
    assert a.understood.get("verdict") != "pass", a.answer
