"""The consistency probe's statement finder on hand-written raw pages, the gold verdict of a
clause's own arithmetic, its questions (as printed, and with a figure changed) and its judge;
and the answers the probe found wrong: a quoted rate the filing does not print, and a rate
asked in words that name no measure (这个幅度算得对吗)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from budgetlens.eval.probe_checks import Probe, judge, questions, statements
from budgetlens.eval.probe_why import Filing
from budgetlens.schemas.document import Page

from qa_corpus import asker_over, stored_pdf, text_block

_PAGE = """二、“三公”经费安排情况
2026年“三公”经费预算支出80.11万元，较上年减少4.70万元，下降5.54%，主要原因是
压减开支。其中：公务接待费1.84万元，较上年减少0.01万元（0.005%）；
公务用车运行维护费15万元，比上年增加12.5万元，增长500％。
一般公共预算支出300.00万元，其中：工资福利支出120.00万元，较上年增加9.00万元，增长8.11%。
"""


def _found():
    return statements([_PAGE], "corpus/docs/x.pdf")


def test_each_stated_rate_is_found_with_its_gold():
    by = {s.measure: s for s in _found()}
    assert (by["三公经费"].level, by["三公经费"].change, by["三公经费"].sign, by["三公经费"].rate) == ("80.11", "4.70", -1, "5.54")
    assert by["三公经费"].status == "pass"  # 4.70 ÷ 84.81 = 5.54%
    assert by["公务接待费"].status == "fail"  # 0.01 ÷ 1.85 = 0.54%, printed 0.005%
    assert by["公务用车运行维护费"].status == "pass"  # 12.5 ÷ 2.5 = 500%
    assert "一般公共预算财政拨款支出" not in by and by["工资福利支出"].level == "120.00"  # the item's change, not its total's


def test_questions_and_their_perturbed_figures():
    f = Filing(Path("x.pdf"), "corpus/docs/x.pdf", "澄岚县统计局", 2026)
    qs = questions(f, _found(), "dev")
    assert len(qs) == 12 and {q.variant for q in qs} == {"printed", "plain", "against", "rate+1", "change+1"}
    first = qs[0]
    assert "80.11万元" in first.question and "4.70万元" in first.question and "5.54%" in first.question
    assert "6.54%" in qs[1].question and qs[1].expect == "not_pass"
    assert "5.70万元" in qs[2].question and qs[2].expect == "not_pass"


def _answer(kind: str, verdict: str | None):
    return SimpleNamespace(kind=kind, understood={"verdict": verdict} if verdict else {}, answer="", citations=[])


@pytest.mark.parametrize("expect, kind, verdict, outcome", [
    ("pass", "consistency", "pass", "right"), ("pass", "consistency", "fail", "wrong"),
    ("fail", "consistency", "fail", "right"), ("pass", "not_found", None, "not_found"),
    ("not_pass", "consistency", "fail", "right"), ("not_pass", "not_found", None, "right"),
    ("not_pass", "consistency", "pass", "wrong"), ("not_pass", "consistency", "口径差异", "wrong"),
])
def test_judge(expect, kind, verdict, outcome):
    p = Probe("f", "dev", "printed", "q", "m", expect, "c", 1)
    assert judge(p, _answer(kind, verdict))[0] == outcome


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    page = Page(number=2, source="text", lines=[])
    page.blocks.extend(text_block(s) for s in (
        "其中：因公出国（境）费25.16万元，比上年增加0万元，增长0%，主要原因是与上年持平；",
        "公务用车运行维护费15万元，比上年增加12.5万元，增长500％，主要原因是新增代管车辆。",
        "本部门当年一般公共预算支出13,650.79万元，其中：1.行政运行（2040601）2,798.63万元，较上年增加90.19万元，"
        "增长3.33%，增长的主要原因是科目调整；"))
    cover = Page(number=1, source="text", lines=[])
    cover.blocks.append(text_block("澄岚县统计局2026年部门预算"))
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("c" * 16, "澄岚县统计局", [], pages=[cover, page]))
    yield a
    a.close()


@pytest.mark.parametrize("question, verdicts", [
    ("澄岚县统计局2026年因公出国（境）费25.16万元，比上年增加0万元，增长1%，这个幅度算得对吗？", ("fail", None)),
    ("澄岚县统计局2026年公务用车运行维护费15万元，比上年增加12.5万元，增长501%，这个幅度算得对吗？", ("fail", None)),
    ("澄岚县统计局2026年公务用车运行维护费15万元，比上年增加12.5万元，增长500%，这个幅度算得对吗？", ("pass",)),
    ("澄岚县统计局2026年行政运行比上年增加90.19万元、增长3.33%，这两个数和2798.63万元对得上吗？", ("pass",)),
])
def test_the_rate_the_question_quotes_is_the_one_checked(asker, question, verdicts):
    a = asker.ask(question)
    assert (a.understood or {}).get("verdict") in verdicts, a.answer
