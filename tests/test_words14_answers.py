"""Journalists' words answered over a filing's 三公 narrative: a change stated inside a bracket
opened after a value is the bracketed part's, not the value's; 同比 asks, it names nothing;
手上有 says whose cars, not which; 三公、会议费和培训费 lists three lines (the 费 ending a line
before the next, once the 、 is read away); 怎么从上年…降到 asks why, 从上年 compares;
又 and 两家 ask, they name nothing."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, stored_pdf, text_page


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    page2 = text_page(2, "其中：因公出国（境）费用207.5万元，比2025年减少62.49万元；"
                      "公务用车购置及运行维护费24.8万元（公务用车购置费0万元，比上年减少19.6万元；"
                      "公务用车运行维护费24.8万元，比上年减少5.45万元）。",
                      "截至2025年12月，本部门共有车辆4辆。")
    page3 = text_page(3, "2026年本部门一般公共预算“三公”经费及会议费、培训费预算支出共263.72万元，"
                         "其中：1、“三公”经费预算18.6万元。",
                      "2、会议费预算174.6万元，较上年预算增加151.6万元。",
                      "3、培训费预算70.52万元，较上年预算增加57.52万元。")
    page4 = text_page(4, "澄岚县气象局2026年度一般公共预算拨款安排的“三公”经费支出预算6.4万元，比上年预算减少71.5万元，"
                         "变动原因是2026年因公出国（境）费不纳入年初预算。")
    doc, f = stored_pdf("w" * 16, "澄岚县气象局", [], pages=[text_page(1), page2, page3, page4], year=2026)
    a = asker_over(tmp_path_factory.mktemp("ws"), (doc, f))
    yield a
    a.close()


def test_a_lines_change_is_read_after_its_own_name(asker):
    # 24.80 − 5.45 from the year before's 30.25, never − 19.60 (the purchase's, in the bracket)
    a = asker.ask("澄岚县气象局2026年公车运维费比上年下降了多少百分比？")
    assert a.value == pytest.approx(18.02, abs=0.01)


def test_year_on_year_asks_and_names_nothing(asker):
    a = asker.ask("澄岚县气象局2026年出国（境）费用同比下降了百分之几？")
    assert a.value == pytest.approx(23.15, abs=0.01)


def test_in_hand_says_whose_cars(asker):
    a = asker.ask("澄岚县气象局手上有多少辆车？")
    assert a.value == pytest.approx(4)


def test_three_public_meetings_and_training_listed_are_three_lines(asker):
    a = asker.ask("澄岚县气象局2026年三公、会议费和培训费一共预算了多少？")
    assert a.value == pytest.approx(263.72)


def test_how_come_it_fell_from_the_year_before_asks_why(asker):
    a = asker.ask("澄岚县气象局2026年三公经费怎么从上年大幅降到6.4万元？")
    assert a.kind == "why" and "不纳入年初预算" in a.answer


def test_a_key_figures_change_is_the_one_after_its_own_line(asker):
    # a key figure quotes its whole passage; the sentence before it on the page states the same
    # 24.8 for the line of both car lines, its change (−19.6) inside a bracket of the purchase's
    from budgetlens.index.facts import Fact, canon
    from budgetlens.qa.wording import Match

    quote = ("公务用车购置及运行维护费24.8万元（公务用车购置费0万元，比上年减少19.6万元；"
             "公务用车运行维护费24.8万元，比上年减少5.45万元）")
    f = Fact("w" * 16, "figure", "", "", "公务用车运行维护费预算", "", "", 24.8, "万元", 2, None, quote,
             canon_row=canon("公务用车运行维护费预算"))
    delta, said = asker.engine._stated_change(Match(800, f, (0, 8), "公务用车运行维护"))
    assert delta == pytest.approx(-5.45)


def test_again_in_a_follow_up_asks_and_names_nothing(asker):
    conv = asker.conversation(None)
    conv.ask("澄岚县气象局2026年会议费预算是多少？")
    assert conv.ask("培训费又是多少？").value == pytest.approx(70.52)


def test_two_bodies_counted_in_a_sum_name_nothing(tmp_path):
    filings = [stored_pdf(c * 16, body, [], pages=[text_page(1), text_page(2, f"2026年“三公”经费预算数为{v}万元。")])
               for c, body, v in (("x", "澄岚县统计局", "44.10"), ("y", "澄岚县水务局", "43.50"))]
    a = asker_over(tmp_path, *filings)
    try:
        assert a.ask("澄岚县统计局与澄岚县水务局，2026年三公经费预算两家加起来多少？").value == pytest.approx(87.6)
    finally:
        a.close()
