"""Journalists' words for the 三公 lines and other measures, read as the filings print them:
出国 alone (三公经费里出国占多少 / 出国呢), 公车费用 with anything after it, 买公车的预算,
公车购置和运行 (one line), 多少台车 (the count of cars), 三公 listed bare (三公、会议费和培训费),
a 项 line said with its level (防汛（项）支出), a body said twice in a bracket with 本级, a form
asked after the question (占了几成？给我百分比。), and 怎么 asking why with the year compared
said first (怎么从上年大幅降到6.4万元 / 怎么比2025年少了30万元)."""

from __future__ import annotations

import pytest

from budgetlens.qa.plan import plain_asking, rewrite
from budgetlens.qa.why import plain_why


@pytest.mark.parametrize("asked, printed", [
    ("澄岚中心2026年三公经费里出国占多少比例？", "三公经费里因公出国（境）费占多少比例"),
    ("其中出国的呢？", "其中因公出国（境）费呢"),
    ("出国呢？", "因公出国（境）费呢"),
    ("澄岚局2026年出国比公车多多少？", "因公出国（境）费比公务用车购置及运行维护费多多少"),
])
def test_going_abroad_alone_is_the_line_of_official_travel_abroad(asked, printed):
    assert printed in rewrite(asked)


def test_going_abroad_listed_with_the_other_lines_stays_a_word():
    # (the parts check reads 出国、接待、公车 as the three 三公 lines itself)
    assert rewrite("出国、接待、公车三项加起来对得上吗").startswith("出国、接待、")


@pytest.mark.parametrize("asked, printed", [
    ("澄岚局2026年公车费用比出国费多多少？", "公务用车购置及运行维护费比因公出国（境）费多多少"),
    ("澄岚局2026年出国费比公车费用多多少万元？", "因公出国（境）费比公务用车购置及运行维护费多多少"),
    ("澄岚街道2025年三公经费里公车购置和运行占几成？", "三公经费里公务用车购置及运行维护费占几成"),
    ("澄岚院2026年买公车的预算是多少？", "公务用车购置费的预算是多少"),
    ("澄岚局2026年公车购置和运行维护一共预算了多少？", "公务用车购置及运行维护费一共"),
])
def test_official_car_words_name_the_printed_car_lines(asked, printed):
    assert printed in rewrite(asked)


def test_car_purchase_and_running_asked_each_stay_two_lines():
    assert "购置及运行维护费" not in rewrite("澄岚局公车购置和运维费分别是多少？")


@pytest.mark.parametrize("asked", ["澄岚宣传部本级手上一共有多少台车？", "澄岚交警局共有多少辆车？",
                                   "澄岚局2022年车辆有几辆？", "澄岚局公车一共有多少辆？"])
def test_how_many_cars_asks_the_count_of_official_cars(asked):
    assert "公务用车车辆数" in rewrite(asked)
    assert "车辆有" not in rewrite(asked) and "车一共有" not in rewrite(asked)


@pytest.mark.parametrize("asked", ["西岚这几家局里谁的车最多？", "哪家车辆数量最少？"])
def test_whose_cars_are_most_ranks_the_count_of_cars(asked):
    assert "公务用车车辆数最" in rewrite(asked)


def test_how_many_machines_is_no_count_of_cars():
    assert "车辆数" not in rewrite("澄岚局有多少台设备？")


def test_three_public_listed_bare_is_its_line():
    assert "三公经费、会议费和培训费" in rewrite("澄岚发改委2019年三公、会议费和培训费一共预算了多少？")


def test_an_item_said_with_its_level_before_spending_is_that_item():
    # (防汛（项）支出 had been read as the body's 支出总计: 支出 after a bracket)
    t = rewrite("澄岚水利局2026年防汛（项）支出多少？")
    assert "防汛支出" in t and "总计" not in t


def test_a_body_said_again_in_a_bracket_with_its_own_level_is_said_once():
    assert "交通管理局（本级）共有" in rewrite("深圳交警局（公安局交通管理局本级）共有多少辆车？")


@pytest.mark.parametrize("asked", ["澄岚局2026年三公经费里，招待费占了几成？给我百分比。",
                                   "澄岚局2026年基本支出占几成？用百分比回答。"])
def test_a_percent_form_asked_after_a_share_is_no_word_of_it(asked):
    assert plain_asking(asked).endswith("几成？")


@pytest.mark.parametrize("asked", ["澄岚局2026年三公经费怎么从上年大幅降到6.4万元？",
                                   "澄岚局2026年公务用车购置费怎么比2025年少了30万元？"])
def test_how_come_with_the_year_compared_first_asks_why(asked):
    assert "为什么" in plain_why(asked)


def test_how_to_compute_is_no_why():
    assert plain_why("澄岚局会议费怎么算的？") == "澄岚局会议费怎么算的？"


def test_the_car_lines_name_printed_with_and_stays_as_said():
    # (some filings print 公务用车购置和运行维护费: a ranking over them reads it as asked)
    assert "公务用车购置和运行维护费" in rewrite("2026年公车（公务用车购置和运行维护费）预算谁最高？")


def test_a_line_ending_in_fee_before_the_next_of_a_list_is_its_sibling_not_a_gloss():
    # (the compared question has lost its 、 and brackets: 三公经费会议费和培训费 lists three
    # lines; 行政经费机关运行经费 is one line glossed, 行政经费（机关运行经费）)
    from budgetlens.qa.finder import _qualified_otherwise

    assert not _qualified_otherwise("三公经费会议费和培训费一共预算了多少", "会议", "会议")
    assert _qualified_otherwise("行政经费机关运行经费安排了多少", "机关运行", "机关运行")
