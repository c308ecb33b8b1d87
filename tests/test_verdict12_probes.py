"""The probes' new shapes on hand-written raw pages: the consistency probe's 完成预算 %, share with
its whole and total with its listed parts (each with a perturbed twin), its three-way gold for a
rate (as printed / within the amounts' rounding only / beyond it); the why probe's final account
against its budget, with the reason of the gap and the false premise of the other direction."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from budgetlens.eval.probe_checks import Probe, judge, rate_status, shaped, statements
from budgetlens.eval.probe_why import Filing, gap_questions, gaps, single

_CHECKS = """（二）收入支出预算总体情况
学校2026年度财政拨款支出总计为237,100.00万元，其中基本支出199,015.13万元，占总支出的83.94%；
行政运行（项）。年初预算 598.25 万元，支出决算 699.64 万元，完成年初预算的 116.95%。
2026年度政府采购支出预算总额2744.84万元，其中：拟采购货物支出303.4万元、拟购买服务支出2441.44万元。
会议费58.46万元，较上年增加27.84万元，增长90.89%。
"""

_GAPS = """4. 卫生健康支出（类）行政事业单位医疗（款）其他行政事业单位医疗支出（项）。年初预算 287.00 万元，
支出决算 283.10 万元，完成年初预算的 98.6%。决算数小于年初预算数的主要原因是干部职工体检费项目支出减少。
5. 住房改革支出（款）住房公积金（项）。年初预算 46.8 万元，支出决算 59.84 万元，完成年初预算的 127.86%。
决算数与年初预算数的差异原因：本年新增在职人员 2 名，住房公积金缴费基数提高。
"""

_FILING = Filing(Path("x.pdf"), "corpus/docs/x.pdf", "澄岚县医保局", 2026)


def test_the_shapes_found_with_their_gold_and_twins():
    qs = shaped([_CHECKS], _FILING, "dev")
    by = {q.variant: q for q in qs}
    assert set(by) == {"done", "done+1", "share", "share+1", "parts", "parts+1"}
    assert by["done"].expect == "pass" and "116.95%" in by["done"].question and "行政运行" in by["done"].question
    assert by["done+1"].expect == "not_pass" and "117.95%" in by["done+1"].question
    assert by["share"].expect == "pass" and "237,100.00万元" in by["share"].question
    assert by["parts"].expect == "pass" and "2744.84万元" in by["parts"].question and "2项" in by["parts"].question
    assert "2745.84万元" in by["parts+1"].question


@pytest.mark.parametrize("exact, rate, lo, hi, status", [
    (90.92, "90.92", 90.875, 90.97, "pass"),
    (90.92, "90.89", 90.875, 90.97, "unsure"),  # only amounts within their rounding give it
    (90.92, "91.89", 90.875, 90.97, "fail"),
    (45.87, "45.9", 45.86, 45.88, "pass"),  # a rate printed to one decimal
])
def test_rate_status(exact, rate, lo, hi, status):
    assert rate_status(exact, rate, lo, hi) == status


def test_a_stated_rate_within_rounding_only_is_unsure():
    found = {s.measure: s for s in statements([_CHECKS])}
    assert found["会议费"].status == "unsure"  # 27.84 ÷ 30.62 = 90.92%, 90.89% printed


def _answer(kind: str, verdict: str | None, text: str = ""):
    return SimpleNamespace(kind=kind, understood={"verdict": verdict} if verdict else {}, answer=text, citations=[])


@pytest.mark.parametrize("kind, verdict, text, outcome", [
    ("consistency", "pass", "差别在金额四舍五入的范围之内：在四舍五入误差内一致。", "right"),
    ("consistency", "pass", "一致。", "wrong"),  # 一致 as if the rate were printed as computed
    ("consistency", "fail", "不一致。", "wrong"),
    ("not_found", None, "", "not_found"),
])
def test_judge_unsure(kind, verdict, text, outcome):
    p = Probe("f", "dev", "printed", "q", "m", "unsure", "c", 1)
    assert judge(p, _answer(kind, verdict, text))[0] == outcome


def test_a_final_account_s_gaps_with_their_reasons_and_premises():
    found = single(gaps([_GAPS]))
    assert [(s.measure, s.direction) for s in found] == [("其他行政事业单位医疗支出", -1), ("住房公积金", 1)]
    qs = gap_questions(_FILING, found, "dev")
    assert [q.variant for q in qs] == ["gap", "premise", "gap", "premise"]
    assert "体检费项目支出减少" in qs[0].gold and "比年初预算少" in qs[0].question
    assert "比年初预算多" in qs[1].question  # the other direction: a false premise
    assert "为什么没花完预算" not in qs[2].question and "比年初预算多" in qs[2].question
