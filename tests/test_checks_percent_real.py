"""Shares, completion rates and changes on real filing sentences, verified by hand.

The narrative reader cites each key figure with its sentence; the percentage checks read
the percentage from that sentence. Cases are sentences copied from the seeds (wraps
kept where the seed has them); each expected status was recomputed by hand:

- a share of the whole the sentence names before 其中 (not of another table's total);
- a rate that differs from the recomputed one only by the rounding of its amounts is a
  warning (78.36% against 0.78 / 1.00), never a failure;
- 004 prints 机关运行经费 94.66 万元, 增加 10.02 万元, 增长 11.94%: 10.02 / 84.64 is
  11.84%, a real disagreement, so a failure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from budgetlens.checks import run_checks
from budgetlens.checks.percent import percent_checks
from budgetlens.extract import extract
from budgetlens.extract.narrative import extract_narrative
from budgetlens.ingest import read
from budgetlens.schemas.document import Document, Line, Page
from budgetlens.schemas.filing import Filing, Source
from shared import missing

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def _filing(text: str, doc_type_line: str) -> Filing:
    lines = [Line(text=t, index=i) for i, t in enumerate((doc_type_line + "\n" + text).split("\n"))]
    doc = Document(doc_id="0" * 16, sha256="0" * 64, path="t.txt", media="text",
                   pages=[Page(number=1, source="plain", lines=lines)])
    narrative = extract_narrative(doc)
    return Filing(doc_id=doc.doc_id, source=Source(path="t.txt", sha256="0" * 64, pages=1, media="text"),
                  doc_type=narrative.doc_type, key_figures=narrative.key_figures)


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    want: dict[str, tuple[str, float]]  # check_id -> (status, recomputed percentage)
    absent: tuple[str, ...] = ()
    doc_type_line: str = "2023年度部门决算"


CASES = [
    Case("000 shares of the 本年支出合计 the sentence names",
         "2023 年度本年支出合计 526.04 万元，其中：基本支出 160.72 万元，占 30.55%；项目支出 365.33 万元，占 69.45%。",
         {"narrative.pct.basic_expenditure": ("pass", 30.5528),
          "narrative.pct.project_expenditure": ("pass", 69.4491)}),
    Case("002 shares of the general budget named in the sentence before 其中",
         "获嘉县医疗保障局 2023 年一般公共预算支出年初预算\n为 6648.47 万元。其中：基本支出 380.37 万元，占 5.72%；\n"
         "项目支出 6268.09 万元，占 94.28%。",
         {"narrative.pct.basic_expenditure": ("pass", 5.7212),
          "narrative.pct.project_expenditure": ("pass", 94.2787)}, doc_type_line="2023年部门预算"),
    Case("002 人员经费 and 公用经费 as shares of 基本支出",
         "获嘉县医疗保障局 2023 年一般公共预算基本支出年初预算为 380.37 万元。其中：人员经费支出 370.19 万元，占\n"
         "97.32%；公用经费支出 10.19 万元，占 2.68%。",
         {"narrative.pct.personnel_expenditure": ("pass", 97.3237),
          "narrative.pct.public_expenditure": ("pass", 2.679)}, doc_type_line="2023年部门预算"),
    Case("000 三公 completion 53.3%",
         "2023 年度财政拨款安排“三公”经费支出预算 0.6 万元，支出决算 0.32 万元，完成预算的 53.3%。",
         {"narrative.completion.three_public_actual": ("pass", 53.3333)}),
    Case("001 completion 78.36% of 1.00 by 0.78: rounding, a warning",
         "乌海市医疗保障局 2023 年度财政拨款“三公”经费全年预算 1.00 万元，支出决算 0.78 万元，完成预算的 78.36%。",
         {"narrative.completion.three_public_actual": ("warn", 78.0)}),
    Case("000 收支总计 下降 24.02% (24.03 computed): rounding",
         "2023 年收入总计、支出总计均为 526.04 万元，与上年相比，收、支总计减少 166.35 万元，下降 24.02%。",
         {"narrative.change.income_total.1": ("warn", 24.0255),
          "narrative.change.expenditure_total.1": ("warn", 24.0255)}),
    Case("003 机关运行经费 增长 0.9%",
         "2023年机关运行经费支出6.75万元，比2022年增加0.06万元，增长0.9%，主要\n原因是人员晋升。",
         {"narrative.change.operating_expenses.1": ("pass", 0.8969)}),
    Case("004 机关运行经费 增长 11.94% where the amounts give 11.84%",
         "2021年，广元市医疗保障局机关运行经费支出94.66万元，比2020年增加10.02万元， 增长11.94%。主要原因是在编人员增加。",
         {"narrative.change.operating_expenses.1": ("fail", 11.8384)}, doc_type_line="2021年度部门决算"),
    Case("004 三公 parts 占比为 0% and 占 100% of the 三公 total",
         "2021年“三公”经费财政拨款支出决算为1万元，完成预算100%。2021年“三公”经费财政拨款支出决算中，"
         "因公出国（境）费支出决算0万元，占比为0%；公务用车购置及运行维护费支出决算0万元，占比为0%；"
         "公务接待费支出决算1万元，占100%。",
         {"narrative.pct.outbound_actual": ("pass", 0.0),
          "narrative.pct.reception_actual": ("pass", 100.0)}, doc_type_line="2021年度部门决算"),
    Case("a share printed one unit off in its last digit (63.75% for 63.74%) is a warning",
         "省检察院本年支出预算合计 21,955.35 万元，其中：基本支出 13,994.31万元，占 63.75%；"
         "项目支出 5,573 万元，占 25.38%。",
         {"narrative.pct.basic_expenditure": ("warn", 63.7393),
          "narrative.pct.project_expenditure": ("pass", 25.3834)}, doc_type_line="2018年部门预算"),
    Case("占总支出的 is the 财政拨款 total the sentence names, not the tables' 本年支出合计",
         "学校2023年度财政拨款支出总计为237,100.00万元， 其中基本支出199,015.13万元，占总支出的83.94%；"
         "项目支出38,084.87万元，占总支出的16.06%。",
         {"narrative.pct.basic_expenditure": ("pass", 83.9372),
          "narrative.pct.project_expenditure": ("pass", 16.0628)}),
    Case("002 a change naming 收入 is not the change of 支出总计",
         "获嘉县医疗保障局 2023 年收入总计 6675.68 万元，支\n出总计6675.68万元，与2022年预算相比，收入增加5713.38\n"
         "万元，增加 593.72%。",
         {}, absent=("narrative.change.expenditure_total.1", "narrative.change.income_total.1"),
         doc_type_line="2023年部门预算"),
    Case("a share of another whole (占政府采购支出总额的) is not checked",
         "2021年，本局政府采购支出总额407.45万元，其中政府采购货物支出179.54万元,占政府采购支出总额的44.06%。",
         {}, absent=("narrative.pct.procurement_total",), doc_type_line="2021年度部门决算"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_seed_sentence(case: Case) -> None:
    results = {r.check_id: r for r in percent_checks(_filing(case.text, case.doc_type_line))}
    for check_id, (status, computed) in case.want.items():
        assert check_id in results, f"{check_id} not among {sorted(results)}"
        got = results[check_id]
        assert got.status == status, got.message
        assert got.expected == pytest.approx(computed, abs=1e-3)
        assert got.message and got.operands and got.operands[0].quote
    for check_id in case.absent:
        assert check_id not in results


def test_quote_carries_the_percentage_the_check_reads() -> None:
    f = _filing(CASES[0].text, CASES[0].doc_type_line)
    basic = f.key_figures["basic_expenditure"].citation
    assert basic.quote.endswith("基本支出 160.72 万元，占 30.55%")
    assert basic.quote[basic.span[0]:basic.span[1]] == "160.72"


# --- whole seeds: every percentage check that runs, as verified by hand ------------------

VERIFIED: dict[str, dict[str, str]] = {
    "000": {"narrative.change.income_total.1": "warn", "narrative.change.expenditure_total.1": "warn",
            "narrative.pct.fiscal_grant_income": "pass", "narrative.pct.basic_expenditure#m1": "pass",
            "narrative.pct.project_expenditure": "pass", "narrative.completion.three_public_actual": "pass",
            "narrative.completion.reception_actual": "pass", "narrative.completion.meeting_actual": "pass",
            "narrative.completion.operating_expenses": "pass",
            "narrative.change.income_total_change_pct": "warn"},
    "001": {"narrative.pct.fiscal_grant_income": "pass", "narrative.pct.basic_expenditure#m1": "pass",
            "narrative.pct.project_expenditure#m1": "pass", "narrative.completion.three_public_actual": "warn",
            "narrative.completion.reception_actual": "warn", "narrative.pct.outbound_actual#m1": "pass",
            "narrative.pct.reception_actual#m1": "pass", "narrative.change.income_total_change_pct": "pass"},
    "002": {"narrative.pct.basic_expenditure#m1": "pass", "narrative.pct.basic_expenditure#m2": "pass",
            "narrative.pct.project_expenditure": "pass", "narrative.pct.project_expenditure#m1": "pass",
            "narrative.pct.personnel_expenditure": "pass", "narrative.pct.public_expenditure": "pass",
            "narrative.change.income_total_change_pct": "pass"},
    "003": {"narrative.pct.fiscal_grant_income": "pass", "narrative.pct.basic_expenditure#m1": "pass",
            "narrative.pct.project_expenditure": "pass", "narrative.completion.public_expenditure#m1": "pass",
            "narrative.change.operating_expenses.1": "pass",
            "narrative.change.income_total_change_pct": "pass"},
    "004": {"narrative.pct.project_expenditure": "pass", "narrative.pct.project_expenditure#m1": "pass",
            "narrative.pct.basic_expenditure#m1": "pass", "narrative.pct.outbound_actual": "pass",
            "narrative.pct.reception_actual": "pass", "narrative.change.operating_expenses.1": "fail",
            "narrative.change.income_total_change_pct": "pass"},
}


@pytest.mark.parametrize("stem", sorted(VERIFIED))
def test_seed_percentage_checks(stem: str) -> None:
    path = next(iter(sorted(SEEDS.glob(f"{stem}_*.txt"))), None)
    if path is None:
        missing("seed text not available")
    results = {r.check_id: r for r in run_checks(extract(read(path)))
               if r.kind in {"percent", "change"}}
    for check_id, status in VERIFIED[stem].items():
        assert check_id in results, f"{check_id} not run on {stem}: {sorted(results)}"
        assert results[check_id].status == status, results[check_id].message
    # a check not verified here may run, but never accuses the filing
    extra = [r for k, r in results.items() if k not in VERIFIED[stem] and r.status == "fail"]
    assert not extra, [r.message for r in extra]
