"""Verification that cannot be talked around: number forms, units, signs, the operand a
number was cited for, and markup (issue: an LLM-worded answer passed verification with
Chinese numerals, a changed unit, swapped values and Markdown images)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings as hsettings
from hypothesis import strategies as st
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from budgetlens.qa import Asker
from budgetlens.qa.verify import Evidence, check_numbers, quantities, unsafe_markup
from qa_corpus import build_store

_DIGITS = "零一二三四五六七八九"


def chinese(n: int) -> str:
    """An integer below 10^8 in Chinese numerals: 999 → 九百九十九, 35000 → 三万五千."""
    def below_10k(m: int) -> str:
        out, zero = "", False
        for unit, size in (("千", 1000), ("百", 100), ("十", 10), ("", 1)):
            d = m // size % 10
            if d:
                out += ("零" if zero and out else "") + _DIGITS[d] + unit
                zero = False
            else:
                zero = True
        return out
    if n == 0:
        return "零"
    high, low = divmod(n, 10000)
    return (below_10k(high) + "万" if high else "") + (("零" if high and low < 1000 and low else "") + below_10k(low))


def _wan(quote: str) -> list[Evidence]:
    return [Evidence(quote, "万元")]


amounts = st.decimals(min_value="0.01", max_value="999999.99", places=2).map(float)


@hsettings(max_examples=150, deadline=None)
@given(amounts)
def test_the_same_quantity_in_any_form_is_verified(v):
    quote = f"合计 {v:,.2f}"
    for text in (f"为{v:.2f}万元[1]", f"为{v:,.2f}万元[1]", f"为 {v:,.2f} 万元[1]",
                 f"为{v:.2f}万元[1]".translate(str.maketrans("0123456789.", "０１２３４５６７８９．")),
                 f"为{round(v * 10000):,}元[1]"):
        assert check_numbers(text, _wan(quote)) == [], text


@hsettings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=99_999_999))
def test_chinese_numerals_are_read(n):
    (q,) = quantities(chinese(n) + "元")
    assert round(q.wan(None) * 10000, 4) == n  # 一万元 is read as 1 万元: the same quantity
    assert check_numbers(f"共{chinese(n)}元[1]", [Evidence(f"合计 {n:,}.00", "元")]) == []
    assert check_numbers(f"共{chinese(n)}元[1]", [Evidence(f"合计 {n + 1:,}.00", "元")]) != []


@hsettings(max_examples=150, deadline=None)
@given(amounts)
def test_a_changed_unit_or_value_is_caught(v):
    quote = f"合计 {v:,.2f}"
    assert check_numbers(f"为{v:.2f}亿元[1]", _wan(quote)) != []
    assert check_numbers(f"为{v:.2f}%[1]", _wan(quote)) != []
    assert check_numbers(f"为{v:.2f}元[1]", _wan(quote)) != []
    assert check_numbers(f"为{v + 0.01:.2f}万元[1]", _wan(quote)) != []
    assert check_numbers(f"为-{v:.2f}万元[1]", _wan(quote)) != []


@hsettings(max_examples=100, deadline=None)
@given(amounts, amounts)
def test_values_swapped_between_two_units_are_caught(a, b):
    if round(a, 2) == round(b, 2):
        return
    ev = [Evidence(f"决算数 {a:.2f}", "万元", "甲县教育局"), Evidence(f"决算数 {b:.2f}", "万元", "乙县民政局")]
    right = f"甲县教育局{a:.2f}万元，乙县民政局{b:.2f}万元。[1][2]"
    assert check_numbers(right, ev) == []
    assert check_numbers(f"甲县教育局{b:.2f}万元[1]，乙县民政局{a:.2f}万元[2]。", ev) != []
    assert check_numbers(f"甲县教育局{b:.2f}万元，乙县民政局{a:.2f}万元。[1][2]", ev) != []


@pytest.mark.parametrize("text,quote,ok", [
    ("九百九十九万元[1]", "支出 999.00 万元", True),
    ("九百九十九万元[1]", "支出 9.99 万元", False),
    ("一千二百三十四点五六万元[1]", "合计 1,234.56", True),
    ("百分之五十[1]", "占 50%", True),
    ("百分之五十[1]", "合计 50.00 万元", False),
    ("负十二点五万元[1]", "减少 -12.50 万元", True),
    ("“三公”经费0.32万元[1]", "决算数 0.32", True),  # 三公 is a term, not the number 3
    ("一般公共预算支出0.32万元[1]", "0.32", True),
])
def test_chinese_forms(text, quote, ok):
    assert (check_numbers(text, _wan(quote)) == []) is ok


@pytest.mark.parametrize("text,unsafe", [
    ("见 ![图](http://example.com/a.png)", True), ("[链接](http://x.y)", True), ("<img src=x>", True),
    ("<script>alert(1)</script>", True), ("为 0.32 万元。[1][2]", False), ("（见公开09表）", False),
])
def test_markup_is_refused(text, unsafe):
    assert unsafe_markup(text) is unsafe


# ---------------------------------------------------------------- a model trying each bypass

@pytest.fixture
def asker(settings):
    build_store(settings.db_path).close()
    a = Asker(settings)
    yield a
    a.close()


@pytest.mark.model_requests
@pytest.mark.parametrize("reply", [
    "镇安县医疗保障局2023年公务接待费决算为零点三二亿元。[1]",
    "镇安县医疗保障局2023年公务接待费决算为0.32亿元。[1]",
    "镇安县医疗保障局2023年公务接待费决算为0.32%。[1]",
    "镇安县医疗保障局2023年公务接待费决算为九百九十九万元。[1]",
    "镇安县医疗保障局2023年公务接待费决算为0.32万元。[1] ![x](http://evil.example/p.png)",
    "镇安县医疗保障局2023年公务接待费决算为0.32万元，[来源](http://evil.example)。[1]",
])
def test_a_model_cannot_talk_its_way_past_verification(asker, reply):
    asker.llm = FakeListChatModel(responses=[reply])
    ans = asker.ask("镇安县医保局2023年公务接待费是多少？")
    assert ans.mode == "extractive" and ans.value == 0.32
    assert any(c["check_id"] == "llm.rejected" for c in ans.checks)


@pytest.mark.model_requests
def test_an_honest_model_answer_is_kept(asker):
    asker.llm = FakeListChatModel(responses=["镇安县医疗保障局2023年公务接待费决算为三千二百元。[1]"])
    ans = asker.ask("镇安县医保局2023年公务接待费是多少？")
    assert ans.mode == "llm" and ans.verified
