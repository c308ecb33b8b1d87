"""Verdicts asked in more shapes: two measures' changes the question says are stated in two places
(each read in its own sentence, the nearest words naming its measure), a quoted figure asked as
对应得上吗 / 相匹配吗 / 有没有差别, parts' changes asked as 算下来 / 加减下来, a fall's rate within the
rounding of its printed amounts — a change the filing does not print declined."""

from __future__ import annotations

import pytest
from budgetlens.qa.consistency import plain_check

from qa_corpus import asker_over, stored_pdf, text_page


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    entity = "澄岚县工业局"
    pages = [
        text_page(1, f"{entity}2026年部门预算"),
        text_page(2, "2026年本部门财政拨款收入1053.27万元，其中一般公共预算拨款收入1053.27万元，"
                 "2026年本部门财政拨款收入较上年增加294.58万元，主要原因是专项资金增加；",
              "2026年本部门财政拨款支出1053.27万元，其中一般公共预算拨款支出1053.27万元，"
              "2026年本部门财政拨款支出较上年增加290.58万元，主要原因是专项资金增加。"),
        text_page(3, "2026年本部门当年一般公共预算拨款支出1053.27万元，较上年增加294.58万元，主要原因是专项资金增加。",
              "2026年本部门基本支出预算数为300.12万元，比上年减少12.5万元，主要原因是人员减少。"),
        text_page(4, "公务接待费13.31万元，较上年减少4.76万元（26.30%），主要原因是压缩公务接待经费；",
              "会议费31.08万元，较上年减少33.76万元（52.06%），主要原因是压减会议；"),
        text_page(5, "2026年支出预算比上年减少1,058.64万元，其中基本支出增加274.78万元，项目支出减少1,333.42万元。",
              "培训费0.70万元，较上年减少0.70万元，下降50.00%，主要原因是压减培训。",
              "2026年“三公”经费84万元，其中因公出国（境）费30万元，公务用车购置及运行维护费49万元，公务接待费5万元。"),
    ]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("c" * 16, entity, [], pages=pages))
    yield a
    a.close()


def _verdict(answer) -> str | None:
    return (answer.understood or {}).get("verdict")


@pytest.mark.parametrize("question, verdict, pages", [
    # the 一般公共预算 side is read in its own sentence (p3), not in the 财政拨款支出 one that lists it under 其中
    ("澄岚县工业局2026年财政拨款收入比上年多294.58万元，一般公共预算拨款支出也说多了294.58万元，两处一致吗？",
     "pass", {2, 3}),
])
def test_two_measures_changes_stated_in_two_places(asker, question, verdict, pages):
    a = asker.ask(question)
    assert a.kind == "consistency" and _verdict(a) == verdict, a.answer
    assert {c.page for c in a.citations} == pages


@pytest.mark.parametrize("question", [
    # a change the filing does not print for the side (290.58 is the 财政拨款支出's, not the 一般公共预算's)
    "澄岚县工业局2026年财政拨款收入比上年多294.58万元，一般公共预算拨款支出也说多了290.58万元，两处一致吗？",
    # two different changes: each side's own figure asked, not one change said twice
    "澄岚县工业局2026年财政拨款收入较上年增加294.58万元，财政拨款支出又说增加290.58万元，两处一致吗？",
    "澄岚县工业局2026年财政拨款收入和财政拨款支出分别比上年增加294.58万元和290.58万元，两处一致吗？",
    # a change of the other direction
    "澄岚县工业局2026年财政拨款收入比上年少294.58万元，一般公共预算拨款支出也说少了294.58万元，两处一致吗？",
])
def test_a_change_not_printed_for_its_side_gets_no_verdict(asker, question):
    a = asker.ask(question)
    assert _verdict(a) is None, a.answer


@pytest.mark.parametrize("question, verdict", [
    # 4.76 ÷ (13.31 + 4.76) = 26.34%: the printed level and change each rounded, the year before derived
    # from them, give at least 26.31% — 26.30% is not within rounding
    ("澄岚县工业局2026年公务接待费13.31万元，比上年少4.76万元，说下降26.30%，这个数有没有出入？", "fail"),
    # 33.76 ÷ 64.84 = 52.07%: 52.06% only within the amounts' rounding, not as printed — the printed
    # figures show no slip: 一致 said as within rounding, the computation said
    ("澄岚县工业局2026年会议费31.08万元，比上年减少33.76万元，说下降52.06%，对吗？", "rounding"),
])
def test_a_fall_s_rate_within_the_printed_amounts_rounding(asker, question, verdict):
    a = asker.ask(question)
    if verdict == "rounding":
        assert _verdict(a) == "pass" and "52.07%" in a.answer and "四舍五入误差内一致" in a.answer, a.answer
    else:
        assert a.kind == "consistency" and _verdict(a) == verdict, a.answer


@pytest.mark.parametrize("question, verdict", [
    ("澄岚县工业局2026年支出减少1,058.64万元，基本支出多了274.78万元、项目支出少了1,333.42万元，算下来一致吗？", "pass"),
    ("澄岚县工业局2026年支出减少1,058.64万元，是基本支出增加274.78万加项目支出减少1,333.42万吗？", "pass"),
    ("澄岚县工业局2026年支出减少1,068.64万元，基本支出多274.78万、项目支出少1,333.42万，加减下来对吗？", None),
    ("澄岚县工业局2026年培训费0.70万元，较上年减少0.70万元，却说下降50.00%，这说得通吗？", "pass"),
    ("澄岚县工业局2026年“三公”84万元，是出国30万、公车49万、接待5万这三块的合计吗？", "pass"),
    ("澄岚县工业局2026年“三公”经费84万元，是出国30万元、公车49万元、接待5万元三项加起来吗？", "pass"),
    ("澄岚县工业局2026年支出少了1058.64万元，基本支出多274.78万、项目支出少1333.42万，这么算对得上吗？", "pass"),
    ("澄岚县工业局2026年培训费0.70万元，较上年减少0.70万元，却说下降40.00%，这说得通吗？", "fail"),
])
def test_parts_changes_and_rates_asked_in_more_words(asker, question, verdict):
    a = asker.ask(question)
    assert _verdict(a) == verdict, a.answer
    if verdict:
        assert a.kind == "consistency"


@pytest.mark.parametrize("question, plain", [
    ("说明里的数和表8有没有差别？", "说明里的数和表8一致吗？"),
    ("说明里的数和表8能对应上吗？", "说明里的数和表8对得上吗？"),
    ("说明里的数和表8相匹配吗？", "说明里的数和表8一致吗？"),
    ("这是一个数字游戏吗？", "这是一个数字游戏吗？"),  # no check asked
])
def test_same_number_asked_in_other_words(question, plain):
    assert plain_check(question) == plain
