"""Checks of a figure the question quotes: a change printed without its unit before a bracketed
rate (较上年增加185.24（1026.00%）), a line name a
block broke mid-word (…行政运行（项）支 | 出1,084.14万元), a share quoted with its part before its whole,
a share checked against the parts its passage states shares of (按三项加总), a computed share whose
operands the question quotes — and a sum of one line printed twice never given."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from budgetlens.index.facts import Fact
from budgetlens.qa.compose import _printed_twice
from budgetlens.qa.consistency import computed_check
from budgetlens.qa.stated import parse
from budgetlens.schemas.answer import Answer, AnswerCitation

from qa_corpus import asker_over, stored_pdf, text_page


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    entity = "澄岚县信访局"
    pages = [
        text_page(1, f"{entity}2026年部门预算"),
        # each line a block of its own: two line names broken mid-word by the line's end
        text_page(2, "（一）一般公共服务支出（类）",
                  "1.政府办公厅（室）及相关机构事务（款）行政运行（项）支",
                  "出1,084.14万元，与上年相比增加27.2万元，增长2.57%。主要原因是人员变动。",
                  "1.行政事业单位养老支出（款）机关事业单位基本养老保险缴",
                  "费支出（项）支出175.9万元，与上年相比增加5.42万元，增长3.18%。"),
        text_page(3, "2026年本部门当年一般公共预算“三公”经费预算支出203.31万元，较上年增加185.24（1026.00%），"
                  "增加的主要原因是公务用车运行维护费列入年度预算。",
                  "本年支出预算合计24,169.74万元，其中：基本支出15,844.04万元，占65.56%；"),
        text_page(4, "2026年度一般公共预算拨款安排的“三公”经费预算支出中，因公出国（境）费支出80万元，占“三公”经费的19.1%；",
                  "公务用车购置及运行费支出237万元，占“三公”经费的56.7%；",
                  "公务接待费支出101.26万元，占“三公”经费的24.2%。"),
        text_page(5, f"{entity}机关运行经费"),
        text_page(6, "办公费支出30万元，占机关运行经费的30.1%；", "水电费支出70万元，占机关运行经费的69.9%。"),
    ]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("e" * 16, entity, [], pages=pages))
    yield a
    a.close()


def _verdict(answer) -> str | None:
    return (answer.understood or {}).get("verdict")


@pytest.mark.parametrize("question, verdict", [
    # the line's name broken over two blocks (…（项）支 | 出1,084.14万元), the check asked as a request (核对一下)
    ("澄岚县信访局2026年行政运行（项）支出1084.14万元，比上年增加27.2万元，增长2.57%，核对一下这个增幅。", "pass"),
    ("澄岚县信访局2026年行政运行（项）支出1084.14万元，比上年增加27.2万元，增长2.75%，核对一下这个增幅。", "fail"),
    ("澄岚县信访局2026年机关事业单位基本养老保险缴费175.9万元，增加5.42万元，增长3.18%，这个数对得上吗？", "pass"),
    # 较上年增加185.24（1026.00%）: the change in the level's 万元; 185.24 ÷ 18.07 = 1025.12%
    ("澄岚县信访局2026年三公经费203.31万元，较上年增加185.24万元，写的增长1026.00%，这个增幅对得上吗？", "fail"),
    # the part quoted before its whole: 15,844.04 ÷ 24,169.74 = 65.55%
    ("澄岚县信访局2026年基本支出15844.04万元，支出合计24169.74万元，报告写占65.56%，算下来对不对？", "fail"),
    ("澄岚县信访局2026年基本支出15844.04万元，支出合计24169.74万元，报告写占65.55%，算下来对不对？", "pass"),
    # the whole as the three parts the passage states shares of: 237 ÷ (80 + 237 + 101.26) = 56.66%
    ("澄岚县信访局2026年公车购置及运行费237万元，说占三公经费的56.7%，按三项加总核一下对不对？", "pass"),
    # 30 ÷ (30 + 70) = 30%, printed 30.1% (the shares still add up to 100%)
    ("澄岚县信访局2026年办公费30万元，说占机关运行经费的30.1%，按两项加总核一下对不对？", "fail"),
])
def test_verdicts_on_quoted_figures(asker, question, verdict):
    a = asker.ask(question)
    assert a.kind == "consistency" and _verdict(a) == verdict, a.answer


def test_a_change_printed_without_its_unit_before_its_bracketed_rate():
    assert parse("“三公”经费预算支出203.31万元，较上年增加185.24（1026.00%），增加的主要原因是") == (
        203.31, 185.24, 1, 1026.0, "1026.00")
    assert parse("“三公”经费预算支出203.31万元，较上年增加185.24，主要原因是") is None  # no unit, no rate: no amount


def test_a_computed_share_whose_operands_the_question_quotes_gets_a_verdict():
    cites = [AnswerCitation(doc_id="d", path="/d.pdf", page=p, quote=q) for p, q in ((11, "12,323.48"), (10, "17,996.68"))]
    computed = Answer(question="q", answer="占比 12,323.48 ÷ 17,996.68 = 68.48%。", kind="compare", value=68.48, unit="%",
                      citations=cites)
    a = computed_check("省检察院2017年基本支出12323.48万元占支出合计17996.68万元的68.48%，这个比例对不对？", computed)
    assert a is not None and a.kind == "consistency" and _verdict(a) == "pass", a and a.answer


def _fact(doc_id: str, row: str, col: str, value: float, page: int) -> Fact:
    return Fact(doc_id, "grid", "g1", "", row, "", col, value, "万元", page, None, f"{value}")


def test_a_sum_of_one_line_printed_twice_is_never_given():
    eng = SimpleNamespace(docs={"a": SimpleNamespace(entity="澄岚县政协办公厅", fiscal_year=2017),
                                "b": SimpleNamespace(entity="", fiscal_year=2017),  # its tables printed apart
                                "c": SimpleNamespace(entity="澄岚县人大常委会办公厅", fiscal_year=2017)})
    twice = [_fact("b", "会议费", "预算数", 1094.62, 11), _fact("a", "(8)会议费(款)支出", "", 1094.62, 18)]
    assert _printed_twice(eng, twice)
    assert _printed_twice(eng, [twice[1], _fact("a", "会议费", "预算数", 1094.62, 11)])
    # two lines, or two bodies, with one amount are two parts
    assert not _printed_twice(eng, [twice[1], _fact("a", "培训费", "预算数", 1094.62, 12)])
    assert not _printed_twice(eng, [twice[1], _fact("c", "会议费", "预算数", 1094.62, 12)])
    assert not _printed_twice(eng, [twice[1], _fact("a", "会议费", "预算数", 66.72, 12)])
