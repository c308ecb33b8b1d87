"""A short name fitting two or more printed bodies is asked back with every candidate as
printed, never answered with one of them: a body word without its place (应急管理局), a
parent named with its place whose units file apart (澄岚市规划和自然资源局 → its 东湖管理局
and 西山管理局, never another place's 规划和自然资源局), a place said with 的 (澄岚的…)."""

from __future__ import annotations

import pytest
from budgetlens.schemas.document import Document
from budgetlens.schemas.filing import Filing
from qa_corpus import asker_over, asks_back as _asks_back, ruled_grid as _grid, stored_pdf

BODIES = ("澄岚市规划和自然资源局东湖管理局", "澄岚市规划和自然资源局西山管理局", "青峰市规划和自然资源局",
          "白石市应急管理局执法总队", "青峰市应急管理局")
# two bodies of one place, the first's name said whole inside the second's characters in order
NEIGHBOURS = ("紫云市应急管理局", "紫云市应急管理综合行政执法监督局")


def _filing(k: int, entity: str) -> tuple[Document, Filing]:
    doc_id = f"{k:x}" * 16
    three = _grid([["单位", "合计", "公务接待费"], [f"{entity} 2026 年", f"{10 + k}.00", f"{k}.00"]], 2,
                  "财政拨款“三公”经费支出表")
    return stored_pdf(doc_id, entity, [three])


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"),
                   *(_filing(k + 1, e) for k, e in enumerate(BODIES + NEIGHBOURS)))
    yield a
    a.close()


def test_a_parent_named_with_its_place_offers_its_units_never_another_place(asker):
    _asks_back(asker.ask("澄岚市规划和自然资源局2026年公务接待费是多少？"), BODIES[:2], ("青峰市",))


def test_a_body_word_without_a_place_offers_every_body_it_may_be(asker):
    _asks_back(asker.ask("应急管理局2026年公务接待费是多少？"), BODIES[3:])
    _asks_back(asker.ask("规划和自然资源局2026年公务接待费是多少？"), BODIES[:3])


def test_a_place_said_with_de(asker):
    _asks_back(asker.ask("澄岚的规划和自然资源局2026年公务接待费是多少？"), BODIES[:2], ("青峰市",))


def test_a_name_said_whole_is_answered(asker):
    assert asker.ask(f"{BODIES[1]}2026年公务接待费是多少？").value == pytest.approx(2.0)
    assert asker.ask("青峰市应急管理局2026年公务接待费是多少？").value == pytest.approx(5.0)


def test_a_place_no_filing_is_of_is_not_found(asker):
    a = asker.ask("北川市规划和自然资源局2026年公务接待费是多少？")
    assert a.kind == "not_found" and a.value is None, a.answer


def test_a_name_said_whole_less_its_level_word_is_that_body(asker):
    # 紫云应急管理局 is 紫云市应急管理局 (value 6), never the 执法监督局 (value 7) whose name also
    # holds 应急管理…局 in order
    a = asker.ask("紫云应急管理局2026年公务接待费是多少？")
    assert a.value == pytest.approx(6.0), a.answer
    b = asker.ask("紫云应急执法监督局2026年公务接待费是多少？")
    assert b.value == pytest.approx(7.0) or b.kind in ("not_found", "clarify"), b.answer
