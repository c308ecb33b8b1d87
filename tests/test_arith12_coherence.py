"""Operands that may not be computed together (``qa.coherence.incoherent``): one row per pair
that would make a confident wrong answer — a rate with an amount, a change across a 预算 and
a 决算, a class summed with its own sub-class — and the coherent pairs beside them, which pass."""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from budgetlens.index.facts import Fact
from budgetlens.qa.coherence import incoherent
from budgetlens.qa.wording import Match

DOCS = {
    "b25": SimpleNamespace(entity="澄岚市园林局", doc_type="budget", fiscal_year=2025, scope="部门"),
    "b26": SimpleNamespace(entity="澄岚市园林局", doc_type="budget", fiscal_year=2026, scope="部门"),
    "f25": SimpleNamespace(entity="澄岚市园林局", doc_type="final_accounts", fiscal_year=2025, scope="部门"),
    "u26": SimpleNamespace(entity="澄岚市园林局", doc_type="budget", fiscal_year=2026, scope="单位"),
    "x26": SimpleNamespace(entity="澄岚市水务局", doc_type="budget", fiscal_year=2026, scope="部门"),
}


def op(doc: str, label: str, value: float, unit: str = "万元", code: str = "", year: int | None = None) -> Match:
    fact = Fact(doc, "cell", "B01", "表", label, code, "合计", value, unit, 3, None, str(value), year)
    return Match(400, fact, (0, len(label)), label)


@dataclass(frozen=True)
class Case:
    name: str
    op: str
    operands: tuple
    declined: str | None  # a word of the reason, or None when the operands are coherent
    norm: str = ""


CASES = [
    Case("rate with amount", "sum", (op("b26", "会议费", 12.0), op("b26", "增长", 5.0, "%")), "比率"),
    Case("change across budget and final", "change",
         (op("f25", "公务接待费", 10.0), op("b26", "公务接待费", 12.0)), "决算"),
    Case("change naming both kinds", "change",
         (op("f25", "公务接待费", 10.0), op("b26", "公务接待费", 12.0)), None, "2026年预算比2025年决算多了多少"),
    Case("change across scopes", "change_pct",
         (op("b25", "公务接待费", 10.0), op("u26", "公务接待费", 12.0)), "范围"),
    Case("change of one kind", "change_pct",
         (op("b25", "公务接待费", 10.0), op("b26", "公务接待费", 12.0)), None),
    Case("thousandfold change", "change",
         (op("b25", "公务接待费", 12.0), op("b26", "公务接待费", 120000.0)), "上千倍"),
    Case("one body's operands of two years", "share",
         (op("b26", "基本支出", 10.0), op("b26", "支出合计", 40.0, year=2025)), "年度"),
    Case("class with its own sub-class", "sum",
         (op("b26", "行政事业单位养老支出", 90.0, code="20805"),
          op("b26", "机关事业单位基本养老保险缴费支出", 60.0, code="2080505")), "下级科目"),
    Case("two sibling classes", "sum",
         (op("b26", "机关事业单位基本养老保险缴费支出", 60.0, code="2080505"),
          op("b26", "机关事业单位职业年金缴费支出", 24.0, code="2080506")), None),
    Case("share of an unrelated class", "share",
         (op("b26", "机关事业单位职业年金缴费支出", 24.0, code="2080506"),
          op("b26", "一般公共服务支出", 400.0, code="201")), "互不包含"),
    Case("share within its class", "share",
         (op("b26", "机关事业单位职业年金缴费支出", 24.0, code="2080506"),
          op("b26", "社会保障和就业支出", 400.0, code="208")), None),
    Case("bodies by different measures", "difference",
         (op("b26", "公务接待费", 12.0), op("x26", "委托业务费", 30.0)), "不是同一项"),
    Case("bodies by one measure", "difference",
         (op("b26", "本部门委托业务费", 12.0), op("x26", "委托业务费", 30.0)), None),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_operands_computed_together_or_declined(case):
    why = incoherent(case.op, list(case.operands), DOCS, case.norm)
    if case.declined is None:
        assert why is None, why
    else:
        assert why and case.declined in why, why


def test_a_lookup_is_never_judged():
    assert incoherent("lookup", [op("b26", "会议费", 12.0)], DOCS) is None


def test_a_years_final_against_its_budget_is_coherent_when_asked_so():
    pair = [op("f25", "会议费", 10.0), op("b25", "会议费", 12.0)]
    assert incoherent("difference", pair, DOCS) is not None
    assert incoherent("difference", pair, DOCS, kinds_compared=True) is None


def test_one_body_printed_under_two_names_is_one_body():
    # a body's filings may print its name two ways: the body resolved is what counts
    pair = [op("b26", "公务接待费预算", 12.0), op("x26", "三公", 30.0)]
    assert incoherent("share", pair, DOCS) is not None
    assert incoherent("share", pair, DOCS, bodies=["澄岚市园林局", "澄岚市园林局"]) is None
