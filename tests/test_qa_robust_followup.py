"""Follow-ups among the parts of one whole read from the list the last part was read from
(``qa.same_list``), and why questions comparing with a named year read for the measure alone."""

from __future__ import annotations

import pytest
from budgetlens.qa.why import measure_words

from qa_corpus import asker_over, text_block
from test_qa_engine import _filing


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    doc, f = _filing("a" * 16, "澄岚县公安局", 2023, (80.00, 50.00, 10.00, 20.00))
    doc.pages[6].blocks.append(text_block(
        "本部门当年机关运行经费预算安排100.00万元，其中办公费40.00万元，差旅费30.00万元，会议费5.00万元，培训费25.00万元。"))
    doc.pages[7].blocks.append(text_block("本部门当年一般公共预算会议费预算支出80.00万元，主要用于全市工作会议。"))
    doc.pages[8].blocks.append(text_block(
        "本部门政府采购预算60.00万元，其中：政府采购货物预算10.00万元、政府采购工程预算20.00万元、政府采购服务预算30.00万元。"))
    a = asker_over(tmp_path_factory.mktemp("ws"), (doc, f))
    yield a
    a.close()


def test_a_part_after_a_part_is_read_from_the_same_list(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚县公安局2023年机关运行经费预算安排是多少？").value == pytest.approx(100.0)
    assert conv.ask("其中差旅费呢？").value == pytest.approx(30.0)
    a = conv.ask("会议费多少元？")  # the 会议费 of this list (5.00), not the 80.00 said elsewhere
    assert (a.kind, a.value, a.unit) == ("value", 50000.0, "元") and a.verified
    assert a.citations[0].page == 7 and "会议费5.00万元" in a.citations[0].quote
    assert conv.ask("培训费呢？").value == pytest.approx(250000.0)


def test_a_turn_naming_a_year_or_a_body_leaves_the_list(asker):
    conv = asker.conversation()
    conv.ask("澄岚县公安局2023年机关运行经费预算安排是多少？")
    assert conv.ask("其中差旅费呢？").value == pytest.approx(30.0)
    assert "同一处" in conv.ask("会议费多少元？").answer
    assert "同一处" not in conv.ask("那2022年呢？").answer  # another year: not this list
    assert "同一处" not in conv.ask("澄岚县公安局公务接待费是多少？").answer  # a body named: asked afresh


def test_a_part_the_usual_way_misses_is_found_in_the_list_by_its_words(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚县公安局2023年政府采购预算是多少？").value == pytest.approx(60.0)
    a = conv.ask("其中服务类占了多少钱？")
    assert a.kind == "value" and a.value == pytest.approx(30.0) and "政府采购服务预算" in a.answer


def test_the_year_compared_with_is_no_part_of_the_measure():
    assert measure_words("公务接待费较 减少的原因是什么？".replace(" ", "2025年")) == "公务接待费"
    assert measure_words("公务接待费与2025年相比减少的原因是什么？") == "公务接待费"
    assert measure_words("公务接待费比上年少了？") == "公务接待费"


def test_a_figure_read_from_a_list_puts_the_next_bare_measure_in_that_list(asker):
    conv = asker.conversation()
    conv.ask("澄岚县公安局2023年机关运行经费预算安排是多少？")
    first = conv.ask("差旅费是多少？")  # no 其中: read from the list all the same
    assert first.value == pytest.approx(30.0)
    a = conv.ask("会议费多少元？")
    assert a.value == pytest.approx(50000.0) and "同一处" in a.answer


def test_switching_the_year_said_in_other_words():
    from budgetlens.qa.followup import pointing

    assert pointing("换成2018年呢？") == "那2018年呢？" and pointing("那改成2022年呢？") == "那2022年呢？"
