"""Why asked as the basis of an amount (怎么安排了7.98万出国费 / 是怎么测算的 / 如何安排): the
sentence stating the amount and what it was worked out from, quoted; an amount said in 万 read
in 万元; a question about something else is not read so."""

from __future__ import annotations

import pytest
from budgetlens.qa.why import plain_why

from qa_corpus import asker_over, stored_pdf, text_page


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    entity = "澄岚县规划局"
    pages = [
        text_page(1, f"{entity}2026年部门预算"),
        text_page(2, "1.因公出国（境）费7.98万元，比上年增加7.98万元，增长100％，主要原因是根据上年临时安排的出访任务"
                 "产生的国际旅费等，测算2026年需出国经费7.98万元。",
              "2.公务接待费3.5万元，比上年减少0.5万元，主要原因是压减接待批次。",
              "3.会议费12万元，与上年持平；",
              "公务用车购置费30万元，比上年减少10万元，主要原因是购置需求减少。",
              "公务用车运行维护费3.60万元，较2025年年初预算减少2.40万元，主要是用于一般公务车维修、加油等开支。"
              "较2025年年初部门预算减少主要是因为新购置车辆属于混合动力车。"),
        text_page(3, "项目支出148.8万元，主要用于创新平台、科技攻关等。",
              "比2025年增加8.34万元，主要原因是新增研究院的事项。",
              "基本支出53.62万元，比2025年减少5.37万元，主要原因是下属单位划转。"),
        text_page(4, "4. 医疗保障管理事务（款）医疗保障经办事务（项）。",
              "年初预算70万元，支出决算50.81万元，完成年初预算的72.59%。",
              "决算数与年初预算数的差异原因：档案数字化加工服务项目废标。",
              "5. 行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）。",
              "年初预算28.74万元，支出决算13.76万元，完成年初预算的47.88%。",
              "决算数与年初预算数的差异原因：实际退休人数比年初预算退休人数少。",
              "6. 其他医疗保障管理事务支出（项）：支出决算数为985.21万元，完成预算89.87%。",
              "没完成预算的原因是补助资金项目跨年度实施。"),
    ]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("d" * 16, entity, [], pages=pages))
    yield a
    a.close()


@pytest.mark.parametrize("question", [
    "澄岚县规划局2026年怎么安排了7.98万出国费？",
    "澄岚县规划局2026年出国费7.98万元是怎么测算的？",
    "澄岚县规划局2026年因公出国（境）费如何安排？",
])
def test_the_basis_of_an_amount_is_its_reason(asker, question):
    a = asker.ask(question)
    quotes = "".join(c.quote for c in a.citations)
    assert a.kind == "why" and "临时安排的出访任务" in quotes, a.answer
    assert "压减接待" not in quotes


@pytest.mark.parametrize("question, plain", [
    ("怎么安排了7.98万出国费？", "为什么安排了7.98万元出国费？"),
    ("会议费如何测算？", "会议费为什么测算？"),
    ("会议费怎么查？", "会议费怎么查？"),  # no basis asked
    ("会议费安排了多少？", "会议费安排了多少？"),
])
def test_basis_words_read_as_why(question, plain):
    assert plain_why(question) == plain


def test_a_premise_the_statement_contradicts_is_answered_by_it(asker):
    a = asker.ask("澄岚县规划局2026年会议费为什么增加了？")
    assert a.kind == "why" and "持平" in a.answer and "会议费12万元" in a.citations[0].quote, a.answer


def test_a_change_stated_without_a_reason_is_no_answer(asker):
    a = asker.ask("澄岚县规划局2026年会议费为什么持平？")
    assert a.kind == "not_found", a.answer


@pytest.mark.parametrize("question, passage", [
    # a clause restating the change (较…预算减少) to give its cause, after a clause saying what the money is for
    ("澄岚县规划局26年公车运维费为什么比上年年初预算少了2.4万？", "混合动力车"),
    # 比2025年增加… names no line: the clause before does (项目支出)
    ("澄岚县规划局2026年项目支出为什么多了八万多？", "新增研究院的事项"),
    # 买公车的钱: 公务用车购置费, not the 购置及运行维护 total
    ("澄岚县规划局二〇二六年买公车的钱少了10万元，是什么原因？", "购置需求减少"),
    ("澄岚县规划局2026年基本支出减少5.37万元是咋回事？", "下属单位划转"),
    # a final account's shortfall against its budget, the line named in the clauses before the reason
    ("澄岚县规划局2026年医疗保障经办事务只花了年初预算的72.59%，是什么原因？", "档案数字化加工服务项目废标"),
    ("澄岚县规划局2026年职业年金缴费为啥只用了年初预算的一半不到？", "实际退休人数比年初预算退休人数少"),
    ("澄岚县规划局2026年其他医疗保障管理事务支出只完成预算89.87%，怎么没花完？", "跨年度实施"),
])
def test_reasons_in_more_layouts_and_words(asker, question, passage):
    a = asker.ask(question)
    assert a.kind == "why" and passage in "".join(c.quote for c in a.citations), a.answer


@pytest.mark.parametrize("question, plain", [
    ("审计局26年公车运维费为何下降？", "审计局2026年公务用车运行维护费为何下降?"),
    ("近10年来公车运维费", "近10年来公务用车运行维护费"),  # a span of years, not a year
    ("2026年和25年比", "2026年和2025年比"),  # beside a four-digit year, two digits are a year too (2024到25年)
])
def test_a_year_said_in_two_digits(question, plain):
    from budgetlens.qa.plan import rewrite

    assert rewrite(question) == plain
