"""The question read the same whatever its surface (qa.plan.plain_asking and the rules beside it):
one row per phrasing family the phrasing probe (eval.probe_phrasing) found unread."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from budgetlens.qa.consistency import plain_check
from budgetlens.qa.followup import _PRIOR_ELLIPTIC
from budgetlens.qa.gate import _bare_label
from budgetlens.qa.plan import lone_sum, plain_asking, rewrite
from budgetlens.qa.why import plain_why


@dataclass(frozen=True)
class Case:
    asked: str
    read: str


CASES = [
    # context leads and hearsay name nothing asked
    Case("听说这些数字都公开了，烟台市商务局2026年公务接待费是多少？", "烟台市商务局2026年公务接待费是多少？"),
    Case("我在写稿，烟台市商务局2026年公务接待费是多少？", "烟台市商务局2026年公务接待费是多少？"),
    Case("请问，另外，烟台市商务局2026年公务接待费是多少？", "烟台市商务局2026年公务接待费是多少？"),
    Case("听说烟台市商务局2026年公务接待费少了2万元，为什么？", "烟台市商务局2026年公务接待费少了2万元，为什么？"),
    # a lead clause that names a unit, a body or a measure stays
    Case("按元计，烟台市商务局2026年公务接待费是多少？", "按元计，烟台市商务局2026年公务接待费是多少？"),
    Case("西南大学，2023年，事业收入是多少？", "西南大学，2023年，事业收入是多少？"),
    Case("最近公务接待费涨了，烟台市商务局2026年是多少？", "最近公务接待费涨了，烟台市商务局2026年是多少？"),
    # years
    Case("烟台市商务局26年公务接待费比25年多了多少？", "烟台市商务局2026年公务接待费比2025年多了多少？"),
    Case("福利院：年金缴费，24年预算比23年涨了百分之几？", "福利院：年金缴费，2024年预算比2023年涨了百分之几？"),
    Case("烟台市商务局2026年度公务接待费是多少？", "烟台市商务局2026年公务接待费是多少？"),
    Case("烟台市商务局近10年来公务接待费为啥涨了？", "烟台市商务局近10年来公务接待费为啥涨了？"),
    Case("重庆科技局今年（2026年）项目支出是多少？", "重庆科技局2026年项目支出是多少？"),
    Case("烟台自然资源和规划局（2026年预算公开）有几台设备？", "烟台自然资源和规划局2026年预算有几台设备？"),
    # asking words and units
    Case("烟台市商务局2026年公务接待费达到多少？", "烟台市商务局2026年公务接待费是多少？"),
    Case("西安市司法局2026年货物类预算折合多少元？", "西安市司法局2026年货物类预算是多少元？"),
    Case("烟台市商务局2026年会议费列了多少？", "烟台市商务局2026年会议费安排了多少？"),
    Case("烟台市商务局2026年项目支出有多少个亿？", "烟台市商务局2026年项目支出有多少亿元？"),
    Case("烟台市商务局2026年项目支出有多少万？", "烟台市商务局2026年项目支出有多少万元？"),
    Case("烟台市商务局2026年项目支出有多少万人次？", "烟台市商务局2026年项目支出有多少万人次？"),
    Case("单价100万元以上的设备有多少台（件、套）？", "单价100万元以上的设备有多少台？"),
    Case("广州规自局2026年打算购置的固定资产是多少？", "广州规自局2026年拟购置的固定资产是多少？"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.asked)
def test_the_question_is_read_as_asked_whatever_its_surface(case):
    assert plain_asking(case.asked) == case.read
    assert plain_asking(case.read) == case.read  # read once is read


def test_the_rewrite_reads_the_plain_question_and_the_cars_lines():
    assert rewrite("听说烟台市商务局26年买公车的钱少了").startswith("烟台市商务局2026年公务用车购置费")
    assert "公务用车运行维护费" in rewrite("X局2026年公车运维费安排了多少？")
    assert "公务用车购置及运行维护费" in rewrite("X局公车购置和运行费")


def test_a_printed_name_holding_a_conjunction_is_one_measure():
    assert lone_sum("灾害防治及应急管理支出合计多少", ["灾害防治及应急管理"])
    assert not lone_sum("灾害防治及应急管理支出合计多少")
    assert not lone_sum("社会保障和就业支出卫生健康支出三项合计多少", ["社会保障和就业"])
    assert not lone_sum("会议费和培训费加起来是多少", ["灾害防治及应急管理"])


def test_a_measure_said_with_jingfei_is_the_printed_line_only_when_whole():
    assert _bare_label("案件审判经费", "b10「案件审判」合计")
    assert not _bare_label("公务用车购置经费", "公务用车购置及运行维护费")
    assert not _bare_label("会议费", "会议费")  # no 经费 / 费用 said after it: the plain check holds


def test_why_and_check_phrasings():
    assert "原因是什么" in plain_why("X局运行维护费下降20.4%是咋回事？")
    assert plain_check("却说下降50.00%，这说得通吗？").endswith("对吗？")


@pytest.mark.parametrize("turn, read", [("上一年呢？", True), ("那前一年呢？", True), ("去年的预算呢？", True),
                                        ("和上年比呢？", False), ("上一年是多少？", False)])
def test_an_elliptical_turn_of_the_year_before(turn, read):
    assert bool(_PRIOR_ELLIPTIC.match(turn)) is read
