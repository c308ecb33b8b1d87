"""Why asked as the basis of an amount (怎么安排了7.98万出国费 / 是怎么测算的 / 如何安排): the
sentence stating the amount and what it was worked out from, quoted; an amount said in 万 read
in 万元; a question about something else is not read so."""

from __future__ import annotations

import pytest
from budgetlens.qa.why import plain_why
from budgetlens.schemas.document import Page

from qa_corpus import asker_over, stored_pdf, text_block


def _page(n: int, *sentences: str) -> Page:
    page = Page(number=n, source="text", lines=[])
    page.blocks.extend(text_block(s) for s in sentences)
    return page


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    entity = "澄岚县规划局"
    pages = [
        _page(1, f"{entity}2026年部门预算"),
        _page(2, "1.因公出国（境）费7.98万元，比上年增加7.98万元，增长100％，主要原因是根据上年临时安排的出访任务"
                 "产生的国际旅费等，测算2026年需出国经费7.98万元。",
              "2.公务接待费3.5万元，比上年减少0.5万元，主要原因是压减接待批次。",
              "3.会议费12万元，与上年持平；"),
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
