"""A share of a body's own budget said with 本级 (深圳财政局本级的预算里，公用经费占多少 /
公用经费占本级预算的比重): the whole is the budget the filing states under the body's name and its
本级 tag, as it is without the tag."""

from __future__ import annotations

import pytest
from budgetlens.qa.wholes import budget_whole

from qa_corpus import asker_over, own_budget_office

OFFICE = "澄岚市统计局"


def _office():
    return own_budget_office("l15w" + "0" * 12, OFFICE)


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
