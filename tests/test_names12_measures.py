"""A table about one subject (政府采购预算明细表) gives its 合计 of a fund only to a question about
that subject: 一般公共预算财政拨款支出 is the fund's spending, not what it buys."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, ruled_grid, stored_pdf, text_block


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    spending = ruled_grid([["项目", "一般公共预算财政拨款", "政府性基金预算财政拨款"],
                           ["支出合计", "2,279.55", "462.09"]], page=3, title="2026年财政拨款收支总体情况表")
    buying = ruled_grid([["项目", "合计", "一般公共预算财政拨款"], ["合计", "1,103.91", "501.06"]],
                        page=5, title="2026年政府采购预算明细表")
    doc, f = stored_pdf("c" * 16, "澄岚县水利局", [spending, buying], pages=6, year=2026)
    doc.pages[3].blocks.append(text_block("2026年一般公共预算财政拨款收入2,279.55万元，一般公共预算财政拨款支出"
                                          "2,279.55万元，比2025年增加83.48万元。"))
    a = asker_over(tmp_path_factory.mktemp("ws"), (doc, f))
    yield a
    a.close()


def test_a_funds_spending_is_not_the_procurement_tables_total(asker):
    a = asker.ask("澄岚县水利局2026年一般公共预算财政拨款支出是多少？")
    assert a.kind == "value" and a.value == pytest.approx(2279.55)


def test_the_procurement_tables_total_answers_a_procurement_question(asker):
    a = asker.ask("澄岚县水利局2026年政府采购预算中一般公共预算财政拨款是多少？")
    assert a.kind == "value" and a.value == pytest.approx(501.06)
