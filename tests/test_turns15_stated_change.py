"""The change a sentence states for its value, however far the sentence goes on before it
(项目支出…万元，主要用于…等重点工作，比2025年增加…万元), is the value's — not the next sentence's
breakdown of another total (支出比2025年增加…，其中项目支出增加…)."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, ruled_grid, stored_pdf, text_page

_LONG = ("项目支出520.50万元，主要用于澄岚县政务服务便民热线运营、政务服务工作运行分析、信息公开与督查督办等"
         "重点工作，比2025年增加100.00万元，主要原因是增加了便民热线运营项目二期预算。")
_NEXT = "支出比2025年增加150.00万元，主要是基本支出增加47.00万元，项目支出增加103.00万元。"


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"),
                   stored_pdf("e" * 16, "澄岚县人民政府办公室", [ruled_grid(
                       [["科目名称", "合计", "基本支出", "项目支出"], ["合计", "900.00", "379.50", "520.50"]],
                       page=3, title="一般公共预算支出预算表")], pages=[
                       text_page(1, "澄岚县人民政府办公室2026年部门预算"), text_page(2, _LONG, _NEXT), text_page(3)]))
    yield a
    a.close()


def test_a_change_far_on_in_the_values_own_sentence_is_its_change(asker):
    a = asker.ask("澄岚县人民政府办公室2026年项目支出比2025年多了多少？")
    assert (a.unit, a.value) == ("万元", pytest.approx(100.0)), a.answer


def test_a_change_after_another_amount_is_not_the_values(asker):
    # 支出…增加150.00万元 names 基本支出 47.00 before 项目支出 103.00: 103.00 is read for 项目支出 only
    # from its own words, never as the change of 支出's level
    a = asker.ask("澄岚县人民政府办公室2026年项目支出比2025年多了多少？")
    assert a.value != pytest.approx(150.0), a.answer
