"""The cars a filing's narrative counts (本部门所属预算单位共有车辆6辆), asked and ranked: 车辆有几辆
and 谁的车最多 read that count, also when the question calls the budget 部门综合预算 (西安's filings' title)."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, stored_pdf, text_page

_BODIES = {"a" * 16: ("西岚市工业和信息化局", 6), "b" * 16: ("西岚市生态环境局", 76), "c" * 16: ("西岚市商务局", 11)}


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    filings = [stored_pdf(doc_id, entity, [], year=2022, pages=[
        text_page(1, f"{entity}2022年部门综合预算"),
        text_page(2, f"截止2021年底，本部门所属预算单位共有车辆{cars}辆，单价20万元以上的设备11台（套）。")])
        for doc_id, (entity, cars) in _BODIES.items()]
    a = asker_over(tmp_path_factory.mktemp("ws"), *filings)
    yield a
    a.close()


def test_cars_said_before_their_count_ask_the_count(asker):
    a = asker.ask("西岚市生态环境局2022年车辆有几辆？")
    assert a.value == 76 and a.unit == "辆", a.answer


@pytest.mark.parametrize("question", ["2022年工信局、生态环境局、商务局，谁的车最多？",
                                      "2022年部门综合预算里，工信局、生态环境局、商务局，谁的车最多？"])
def test_whose_cars_are_most_ranks_the_counts_the_narratives_state(asker, question):
    a = asker.ask(question)
    assert "最多的是西岚市生态环境局（76 辆）" in a.answer, a.answer
    for entity, cars in _BODIES.values():
        assert f"{entity} {cars} 辆" in a.answer
