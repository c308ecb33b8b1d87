"""A 决算 asked for a line's 年初预算 by that column's name (镇安县医保局2023年决算里，行政单位医疗
支出（项）年初预算是多少万元？): the figure printed as the line's 年初预算 answers, not the amount
spent that the account's tables print under the same line — and not a decline saying the account
prints only what was spent."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, ruled_grid, stored_pdf, text_page


@pytest.fixture(scope="module")
def final_account(tmp_path_factory):
    spent = ruled_grid([["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                        ["2101101", "行政单位医疗", "23.44", "0.00", "23.44"]], page=2, title="支出决算表")
    pages = [text_page(1, "3. 卫生健康支出（类）行政事业单位医疗（款）行政单位医疗支出（项）。年初预算 80.00 万元，支出决算 23.44 万元，"
                       "完成年初预算的 29.3%。决算数小于年初预算数的主要原因是项目支出减少。"),
             text_page(2), text_page(3)]
    a = asker_over(tmp_path_factory.mktemp("ws"),
                   stored_pdf("e" * 16, "澄岚县医疗保障局", [spent], pages=pages, year=2023, doc_type="final_accounts"))
    yield a
    a.close()


def test_a_final_accounts_budget_column_named_is_read(final_account):
    a = final_account.ask("澄岚县医疗保障局2023年决算里，行政单位医疗支出（项）年初预算是多少万元？")
    assert a.kind == "value" and a.value == pytest.approx(80.0), a.answer


def test_the_amount_spent_is_still_the_final_accounts_figure(final_account):
    a = final_account.ask("澄岚县医疗保障局2023年决算里，行政单位医疗支出是多少万元？")
    assert a.kind == "value" and a.value == pytest.approx(23.44), a.answer
