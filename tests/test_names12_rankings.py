"""Rankings asked in a journalist's words: a change said with a one-character verb or as a
speed (涨得快, 降得最少, 按百分比 said apart), and a list of bodies saying no scope, each ranked
by its own filing (the 单位预算 of a body that filed nothing else), the kinds said."""

from __future__ import annotations

import pytest

from budgetlens.schemas.document import Line
from qa_corpus import asker_over
from test_qa_engine import _filing


def _unit_filing(doc_id: str, entity: str, year: int, three, **kw):
    """A filing whose cover calls it a 单位预算 (the body's own, printed as X（本级）)."""
    document, filing = _filing(doc_id, entity, year, three, **kw)
    document.pages[0].lines = [Line(text=f"{entity}（本级）{year}年单位预算")]
    return document, filing


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(
        tmp_path_factory.mktemp("ws"),
        # 公务接待费 10.00 (+2.00 = +25%), 6.00 (−0.90 = −13.04%), 4.00 (+1.50 = +60%)
        _filing("a" * 16, "澄岚县公安局", 2023, (30.00, 10.00, 10.00, 10.00), change="比上年增加2.00万元"),
        _filing("b" * 16, "澄岚县水利局", 2023, (20.00, 8.00, 6.00, 6.00), change="比上年减少0.90万元"),
        _filing("c" * 16, "澄岚县统计局", 2023, (10.00, 3.00, 4.00, 3.00), change="比上年增加1.50万元"),
        # a body whose only filing of the year is its own 单位预算: 12.00 of 公务接待费, the most
        _unit_filing("d" * 16, "澄岚县交通运输局", 2023, (40.00, 20.00, 12.00, 8.00), change="比上年减少3.00万元"),
    )
    yield a
    a.close()


@pytest.mark.parametrize("asked, first, value, unit", [
    ("澄岚县公安局和澄岚县统计局，2023年公务接待费谁涨得快？", "澄岚县统计局", 60.00, "%"),
    ("澄岚县公安局和澄岚县统计局，2023年公务接待费谁涨得慢？", "澄岚县公安局", 25.00, "%"),
    ("澄岚县公安局、水利局、统计局，2023年公务接待费涨得最多的是哪家？", "澄岚县公安局", 2.00, "万元"),
    ("澄岚县公安局、水利局、统计局，2023年公务接待费降得最多的是哪家？", "澄岚县水利局", -0.90, "万元"),
    ("澄岚县公安局、水利局、统计局，2023年公务接待费降得最多（按百分比）的是哪家？", "澄岚县水利局", -13.04, "%"),
    ("澄岚县公安局和澄岚县水利局，2023年公务接待费哪个降得更狠（按百分比）？", "澄岚县水利局", -13.04, "%"),
])
def test_a_change_said_in_few_words_ranks_each_bodys_change(asker, asked, first, value, unit):
    a = asker.ask(asked)
    assert a.kind == "compare" and a.table[0].entity == first
    assert a.value == pytest.approx(value, abs=0.01) and a.unit == unit
    assert "比上年" in a.answer  # a change ranked, never the level in its place


def test_a_list_saying_no_scope_ranks_each_body_by_its_own_filing(asker):
    a = asker.ask("澄岚县交通运输局、公安局、水利局，2023年公务接待费哪家最多？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县交通运输局" and a.value == pytest.approx(12.00)
    assert "单位预算" in a.answer and "部门预算" in a.answer  # the kinds compared are said
    assert len(a.understood["covered"]) == 3


def test_a_list_naming_a_scope_keeps_to_it(asker):
    # 部门预算 said: the body that filed only its 单位预算 is left out and could hold the first place
    a = asker.ask("澄岚县交通运输局、公安局、水利局的2023年部门预算，公务接待费哪家最多？")
    assert a.kind == "clarify" and a.value is None
    assert "澄岚县交通运输局" in a.answer


def test_a_ranking_of_one_bodys_years_compares_budgets_with_budgets(tmp_path):
    from budgetlens.schemas.document import Line as _Line

    final, f_final = _filing("f" * 16, "澄岚县审计局", 2023, (90.00, 30.00, 50.00, 10.00))
    final.pages[0].lines = [_Line(text="澄岚县审计局2023年部门决算")]
    f_final = f_final.model_copy(update={"doc_type": "final_accounts"})
    a = asker_over(tmp_path,
                   _filing("1" * 16, "澄岚县审计局", 2022, (30.00, 10.00, 10.00, 10.00)),
                   _filing("2" * 16, "澄岚县审计局", 2023, (20.00, 8.00, 6.00, 6.00)),
                   (final, f_final))
    try:
        got = a.ask("澄岚县审计局哪一年的公务接待费最多？")
        # the 2023 final account (50.00) is no figure beside 2022's budget: 2022's budget (10.00) leads
        assert got.kind == "compare" and got.table[0].entity == "2022年" and got.value == pytest.approx(10.00)
        assert "口径不同" in got.answer
    finally:
        a.close()
