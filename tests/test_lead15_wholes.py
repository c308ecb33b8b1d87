"""A share of a body's own budget said with 本级 (深圳财政局本级的预算里，公用经费占多少 /
公用经费占本级预算的比重): the whole is the budget the filing states under the body's name and its
本级 tag, as it is without the tag."""

from __future__ import annotations

import pytest
from budgetlens.qa.wholes import budget_whole
from budgetlens.schemas.document import Line, Page

from qa_corpus import asker_over, stored_pdf, text_block

OFFICE = "澄岚市统计局"


def _office():
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{OFFICE}部门预算")] if p == 1 else [])
             for p in (1, 2)]
    pages[1].blocks.extend(text_block(t) for t in (
        "第三部分 部门预算支出具体情况",
        f"一、{OFFICE}（本级）",
        f"{OFFICE}（本级）预算5,417.80万元，包括在职人员经费2,830.73万元、公用经费502.22万元、"
        "对个人和家庭的补助支出571.04万元、项目支出1,313.80万元。",
    ))
    return stored_pdf("l15w" + "0" * 12, OFFICE, [], pages=pages)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _office())
    yield a
    a.close()


def test_the_bodys_own_budget_said_with_its_tag_is_a_budget_whole():
    assert budget_whole("公用经费占本级预算的比重是多少", (5, 14))
    assert not budget_whole("公用经费占本级支出的比重是多少", (5, 14))


@pytest.mark.parametrize("question", [
    f"{OFFICE}本级2026年的预算里，公用经费占多少百分比？",
    f"{OFFICE}（本级）2026年预算里，公用经费占本级预算的比重是多少？",
])
def test_a_share_of_the_budget_of_the_body_itself(asker, question):
    a = asker.ask(question)
    assert a.value == pytest.approx(9.27, abs=0.01), a.answer  # 502.22 ÷ 5,417.80
