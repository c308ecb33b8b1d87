"""eval.probe_absent: questions about what a filing does not print — each absence checked on the
filing's page text — and the judge that counts any number stated as wrong."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from budgetlens.eval import probe_absent as pa
from budgetlens.eval.probe_names import Filing
from budgetlens.eval.probe_rows import Row
from budgetlens.schemas.answer import Answer, AnswerRow

_TEXT = pa.squash("""深圳市统计局2026年部门预算 一般公共服务支出 统计信息事务 2010501 行政运行 120.00
2010505 专项统计业务 30.00 办公费 12.5 专用材料支出 3.0 因公出国(境)费 0 公务接待费 1.2
收入总计 150.00 支出总计 150.00 政府性基金预算财政拨款收入 0""")


@pytest.mark.parametrize("name, want", [
    ("专项普查活动", True),      # a sibling 项 on no page
    ("专项统计业务", False),     # printed
    ("因公出国（境）费", False),  # printed with half-width brackets
    ("专用材料费", False),       # printed as 专用材料支出: the name less its ending stands
    ("培训费", True),
    ("国有资本经营", True),
    ("政府性基金", False),
])
def test_a_name_is_absent_only_when_no_form_of_it_stands_on_a_page(name, want):
    assert pa.absent(name, _TEXT) is want


def test_siblings_are_the_classification_rows_beside_a_printed_one_that_no_page_prints():
    got = dict(pa.siblings({"2010501", "2010505"}, _TEXT))
    assert "2010501" not in got and "2010505" not in got  # printed by code
    assert got and all(c.startswith("20105") and len(c) == 7 for c in got)
    assert all(pa.absent(n, _TEXT) for n in got.values())
    # a name the filing prints is never asked, even under another code
    assert "行政运行" not in got.values() and "专项统计业务" not in got.values()


def _row(measure: str, value: float = 10.0) -> Row:
    return Row("d" * 16, measure, "", "", (), value, 3, "支出预算表", "cell", True)


def test_every_question_names_something_the_filing_does_not_print():
    f = Filing("d" * 16, "深圳市统计局", 2026, "budget", "/x/深圳市统计局_2026.pdf")
    printed = [_row("一般公共服务支出"), _row("统计信息事务"), _row("公务接待费", 1.2)]
    ps = pa.questions(f, _TEXT, printed, {"2010501", "2010505"}, ["深圳市统计局", "深圳市财政局"], {2025, 2026}, "dev")
    variants = {p.variant for p in ps}
    assert {"sibling", "standard", "fund", "year", "body", "computed"} <= variants
    assert {p.form for p in ps if p.variant == "year"} == {"lookup", "total", "near"}
    for p in ps:
        assert p.question.startswith(("深圳市", "2026年")) and p.question.endswith("？")
        if p.variant in ("sibling", "longer", "standard", "fund", "column") or p.form in ("difference", "sum", "share", "change", "whole", "less"):
            assert pa.absent(p.absent, _TEXT), p
        if p.variant == "year" and p.form == "near":
            assert p.absent == "2027" and "2027年" in p.question  # the year after, no filing of it or the next
        elif p.variant == "year" or p.form == "change_year":
            assert p.absent == "2022" and "2022年" in p.question  # three years before the first filing
        if p.variant == "body":
            assert p.absent.startswith("深圳市") and p.absent not in ("深圳市统计局", "深圳市财政局")
    # 政府性基金 is printed (a line of 0): only 国有资本经营 is asked as an absent fund
    assert {p.absent for p in ps if p.variant == "fund"} == {"国有资本经营"}


def test_a_body_word_any_stored_body_holds_is_never_the_absent_body():
    f = Filing("d" * 16, "深圳市统计局", 2026, "budget", "/x/a.pdf")
    bodies = ["深圳市统计局"] + [f"深圳市{b}" for b in pa._OTHER_BODIES if b != "档案局"]
    ps = pa.questions(f, _TEXT, [_row("一般公共服务支出")], set(), bodies, {2026}, "dev")
    assert {p.absent for p in ps if p.variant == "body"} == {"深圳市档案局"}


def _probe() -> pa.Probe:
    return pa.Probe("/x/a.pdf", "dev", "standard", "lookup", "深圳市统计局2026年培训费预算是多少？", "培训费")


@dataclass(frozen=True)
class Case:
    name: str
    answer: Answer
    want: str


CASES = [
    Case("declined", Answer(question="q", answer="未找到", kind="not_found"), "right"),
    Case("asked back with candidates",
         Answer(question="q", answer="您问的是哪一项？", kind="clarify", candidates=[{"label": "会议费 3.0"}]), "right"),
    Case("a value stated", Answer(question="q", answer="12.5万元", value=12.5, unit="万元", kind="value"), "wrong"),
    Case("a zero stated", Answer(question="q", answer="0万元", value=0.0, unit="万元", kind="value"), "wrong"),
    Case("a table stated", Answer(question="q", answer="…", kind="compare",
                                  table=[AnswerRow(entity="深圳市统计局", value=1.0, unit="万元", value_wan=1.0, citation=1)]), "wrong"),
    Case("a text without a number", Answer(question="q", answer="……", kind="why"), "other"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_the_judge_counts_any_number_stated_as_wrong(case):
    assert pa.judge(_probe(), case.answer)[0] == case.want


def test_a_test_case_is_kept_as_counts_only():
    a = Answer(question="q", answer="12.5万元", value=12.5, unit="万元")
    p = pa.Probe("/x/a.pdf", "test", "standard", "lookup", "某问题", "培训费")
    assert pa.record(p, a, "wrong", "") == {"part": "test", "variant": "standard", "form": "lookup", "outcome": "wrong"}
    dev = pa.record(_probe(), a, "wrong", "why")
    assert dev["question"] == _probe().question and dev["value"] == 12.5


def test_a_year_next_to_a_filing_is_asked_only_when_no_filing_prints_it():
    f = Filing("d" * 16, "深圳市统计局", 2024, "budget", "/x/a.pdf")
    rows = [_row("一般公共服务支出")]
    # a 2025 budget's 上年 column prints 2024's, a 2026 budget 2025's: neither 2025 nor 2023 is asked
    ps = pa.questions(f, _TEXT, rows, set(), [], {2024, 2026}, "dev")
    assert not [p for p in ps if p.form == "near"]
    ps = pa.questions(f, _TEXT, rows, set(), [], {2024}, "dev")
    assert [p.absent for p in ps if p.form == "near"] == ["2025"]
