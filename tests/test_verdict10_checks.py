"""Verdicts on figures a question states in its own words: amounts said in 万 (出国多123.85万),
changes said plainly (少了 / 多 / 降了), a total asked as the sum of its parts (是A加B吗 /
合计对吗 / 相抵), two years' amounts and the change between them, a line whose parts' changes
stand in brackets before its own — each figure the filing does not print declined, never
compared with a level of another line."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, stored_pdf, text_page


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    entity = "澄岚县水务局"
    pages = [
        text_page(1, f"{entity}2026年部门预算"),
        text_page(2, "2026年本部门财政拨款安排“三公”经费860.78万元，比上年增加71.94万元，增长9.1%，主要原因是业务增加。",
              "其中：因公出国（境）费140.49万元，比上年增加7.48万元，主要原因是出访任务增加；",
              "公务用车购置及运行维护费701.34万元（公务用车购置费331万元，比上年增加331万元；",
              "公务用车运行维护费370.34万元，比上年减少264.21万元。",
              "）比上年增加66.79万元，增长10.5%，主要原因是更新车辆；",
              "公务接待费18.95万元，比上年减少2.33万元，主要原因是压减接待。"),
        text_page(3, "2026年“三公经费”预算数为7.61万元，2025年预算数为9.23万元，和2025年相比预算减少1.62万元。",
              "培训费预算16.84万元，较上年增加14.99万元（810.27%），主要原因是培训任务增加。"),
    ]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("b" * 16, entity, [], pages=pages))
    yield a
    a.close()


def _verdict(answer) -> str | None:
    return (answer.understood or {}).get("verdict")


@pytest.mark.parametrize("question, verdict", [
    # parts' changes that net to the total's, said in 万 and with 加 / 减
    ("澄岚县水务局2026年“三公”经费增加71.94万元，出国加7.48万、公车加66.79万、接待减2.33万，相抵是这个数吗？", "pass"),
    ("澄岚县水务局2026年“三公”经费多了71.94万元，出国多7.48万、公车多66.79万、接待少2.33万，加起来对吗？", "pass"),
    # the parts of a total: 合计对吗 / 是A加B吗
    ("澄岚县水务局2026年公务用车购置及运行维护费701.34万元，购置331万、运维370.34万，合计对吗？", "pass"),
    ("澄岚县水务局2026年公务用车购置及运行维护费701.34万元，是购置费331万元加运维370.34万元吗？", "pass"),
    # two years and the change, all quoted
    ("澄岚县水务局说2026年“三公”经费7.61万元、2025年9.23万元、减少1.62万元，这三个数自洽吗？", "pass"),
    # level, change said plainly, rate; 这两个数 names no measure
    ("澄岚县水务局2026年培训费比上年多14.99万元、增长810.27%，这两个数和16.84万元对得上吗？", "pass"),
    # the line's own change past its parts' changes in brackets
    ("澄岚县水务局2026年公务用车购置及运行维护费701.34万元，比上年多66.79万元，说增长10.5%，对吗？", "pass"),
])
def test_the_question_s_own_figures_are_checked(asker, question, verdict):
    a = asker.ask(question)
    assert a.kind == "consistency" and _verdict(a) == verdict, a.answer


@pytest.mark.parametrize("question", [
    "澄岚县水务局说2026年“三公”经费7.61万元、2025年9.23万元、减少2.62万元，这三个数自洽吗？",
    "澄岚县水务局2026年“三公”经费增加71.94万元，出国加7.48万、公车加67.79万、接待减2.33万，相抵是这个数吗？",
])
def test_a_figure_the_filing_does_not_print_gets_no_verdict(asker, question):
    a = asker.ask(question)
    assert _verdict(a) is None and a.kind == "not_found", a.answer


def test_a_rate_the_filing_does_not_print_is_never_found_right(asker):
    a = asker.ask("澄岚县水务局2026年公务用车购置及运行维护费701.34万元，比上年多66.79万元，说增长12.5%，对吗？")
    assert _verdict(a) != "pass", a.answer


def test_a_quoted_change_is_never_compared_with_a_level(asker):
    """较上年少5.32万元 with parts said in 万 is a sum of changes, not 5.32 against the total."""
    a = asker.ask("澄岚县水务局2026年“三公”经费较上年少71.94万元，出国多7.48万、公车多66.79万，相抵对吗？")
    assert "860.78" not in a.answer, a.answer


@pytest.mark.parametrize("question, verdict", [
    ("澄岚县水务局2026年因公出国（境）费占“三公”经费的16.32%，这个比例对吗？", "pass"),  # 140.49 ÷ 860.78
    ("澄岚县水务局2026年因公出国（境）费占“三公”经费的17.32%，这个比例对吗？", "fail"),
])
def test_a_figure_computed_from_the_printed_operands_is_compared_with_the_one_quoted(asker, question, verdict):
    a = asker.ask(question)
    assert a.kind == "consistency" and _verdict(a) == verdict, a.answer
    assert "140.49" in a.answer and "860.78" in a.answer


@pytest.fixture(scope="module")
def final(tmp_path_factory):
    pages = [text_page(1, "澄岚县医保局2023年部门决算"),
             text_page(2, "2023年度财政拨款安排公务接待费预算0.6万元，支出决算0.32万元，完成预算的53.3%。")]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("d" * 16, "澄岚县医保局", [], pages=pages, year=2023,
                                                             doc_type="final_accounts"))
    yield a
    a.close()


@pytest.mark.parametrize("question, verdict", [
    ("澄岚县医保局2023年公务接待费预算0.6万元、决算0.32万元，说完成预算的53.3%，对吗？", "pass"),
    ("澄岚县医保局2023年公务接待费预算0.6万元、决算0.32万元，说完成预算的63.3%，对吗？", "fail"),
    ("澄岚县医保局2023年公务接待费预算0.6万元、决算0.42万元，说完成预算的70%，对吗？", None),  # 0.42 printed nowhere
])
def test_the_share_of_its_budget_a_line_spent(final, question, verdict):
    a = final.ask(question)
    assert _verdict(a) == verdict, a.answer
