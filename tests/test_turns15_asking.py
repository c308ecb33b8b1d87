"""How to compute a change, said after the question (按印出来的金额算 / （按金额自己算）), names
nothing of the measure: the question is read without it."""

from __future__ import annotations

import pytest

from budgetlens.qa.plan import plain_asking
from qa_corpus import asker_over
from test_qa_engine import _filing


@pytest.mark.parametrize("asked, read", [
    ("某局2026年职业年金缴费支出比上年涨了百分之几？按印出来的金额算。", "某局2026年职业年金缴费支出比上年涨了百分之几？"),
    ("某局职业年金缴费支出较上年增长了百分之多少（按金额自己算）？", "某局职业年金缴费支出较上年增长了百分之多少？"),
    ("某局2026年支出比上年增长了百分之几？请用印出的数字计算。", "某局2026年支出比上年增长了百分之几？"),
])
def test_how_to_compute_said_after_the_question_is_dropped(asked, read):
    assert plain_asking(asked) == read


def test_an_amount_said_with_an_accounting_word_is_kept():
    assert plain_asking("某局按金额算的支出是多少？") == "某局按金额算的支出是多少？"


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"),
                   _filing("c" * 16, "澄岚县水利局", 2026, (30.00, 8.00, 4.10, 10.00),
                           change="比上年减少0.90万元，下降18.00%"))
    yield a
    a.close()


def test_a_change_asked_to_be_computed_from_printed_amounts_is_answered(asker):
    a = asker.ask("澄岚县水利局2026年公务接待费比上年下降了百分之几？按印出来的金额算。")
    assert (a.unit, a.value) == ("%", pytest.approx(18.0)), a.answer
