"""Follow-up turns keeping the conversation's body and year: another line said with 又
(机关运行经费又是多少？), a line named and asked in another unit (收入用亿元说是多少？), 出国 said bare
for the 三公 line (其中出国的呢？), and 公车购置和运行维护 for the line of both."""

from __future__ import annotations

import pytest

from budgetlens.qa.followup import pointing
from budgetlens.qa.plan import rewrite
from qa_corpus import asker_over
from test_qa_engine import _filing


@pytest.mark.parametrize("turn, read", [
    ("机关运行经费又是多少？", "那机关运行经费呢？"),
    ("招待费又是多少万元？", "那招待费是多少万元呢？"),
    ("收入用亿元说是多少？", "那收入是多少亿元呢？"),
    ("支出总计换成元呢？", "那支出总计是多少元呢？"),
])
def test_a_turn_naming_a_line_is_read_as_the_elliptical_turn(turn, read):
    assert pointing(turn) == read


@pytest.mark.parametrize("turn", ["这个合多少元？", "用元说是多少？", "那2024年呢？", "其中公务接待费呢？"])
def test_turns_naming_no_line_are_left_to_their_own_readings(turn):
    assert "又" not in pointing(turn) and not pointing(turn).startswith("那这")


@pytest.mark.parametrize("asked", ["其中出国的呢？", "出国呢？", "“三公”经费里出国占多少比例？"])
def test_outbound_said_bare_is_the_three_public_line(asked):
    assert "因公出国（境）费" in rewrite(asked)


@pytest.mark.parametrize("asked", ["出国团组有几个？", "因公出国（境）费是多少？"])
def test_outbound_in_other_words_is_left_as_it_is(asked):
    assert rewrite(asked).count("因公出国（境）费") == asked.count("因公出国（境）费")


def test_cars_bought_and_run_said_in_full_are_the_line_of_both():
    assert "公务用车购置及运行维护费" in rewrite("无锡水利局2026年公车购置和运行维护一共预算了多少？")


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _filing("c" * 16, "澄岚县水利局", 2026, (30.00, 8.00, 12.00, 10.00)))
    yield a
    a.close()


def test_a_line_said_with_again_keeps_the_body_and_year(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚县水利局2026年三公经费预算是多少？").value == pytest.approx(30.0)
    assert conv.ask("其中出国的呢？").value == pytest.approx(8.0)
    again = conv.ask("行政运行又是多少？")
    assert again.kind == "value" and again.value == pytest.approx(120.5), again.answer


def test_a_line_in_another_unit_after_a_change_is_that_line(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚县水利局2026年公务接待费是多少？").value == pytest.approx(12.0)
    conv.ask("和上年比呢？")
    a = conv.ask("公务接待费用元说是多少？")
    assert (a.unit, a.value) == ("元", pytest.approx(120000.0)), a.answer


def test_a_printed_name_of_the_car_line_with_he_stays_as_printed():
    said = rewrite("2026年公车（公务用车购置和运行维护费）预算谁最高？")
    assert "公务用车购置和运行维护费" in said
