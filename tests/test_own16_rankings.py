"""Rankings over bodies listed with their own scope (深圳公安局（本级）、卫健委（本级）…): a name said
with （本级） is the body whose own name it is (澄岚市公安局), not a body inside it (澄岚市公安局交通管理局);
a question opening with 比较一下 names nothing by it; 哪个最小 ranks the lowest first."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, ruled_grid, stored_pdf

_BODIES = (("a" * 16, "澄岚市公安局", "900.00"),
           ("b" * 16, "澄岚市公安局交通管理局", "1,200.00"),
           ("c" * 16, "澄岚市卫生健康委员会", "300.00"))


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    filings = []
    for doc_id, entity, staff in _BODIES:
        grid = ruled_grid([["项目", "金额"], ["在职人员经费", staff]], 1, "基本支出表")
        filings.append(stored_pdf(doc_id, entity, [grid], pages=1))
    a = asker_over(tmp_path_factory.mktemp("ws"), *filings)
    yield a
    a.close()


def test_a_short_name_said_with_its_own_scope_is_the_body_of_that_name(asker):
    a = asker.ask("澄岚公安局（本级）、卫健委（本级），2026年在职人员经费哪个最多？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚市公安局", a.answer
    assert a.value == pytest.approx(900.0), a.answer


def test_a_comparison_asked_with_bijiao_yixia_and_the_smallest(asker):
    a = asker.ask("比较一下澄岚公安局（本级）、公安局交通管理局（本级）、卫健委（本级）这几家2026年的在职人员经费，哪个最小？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚市卫生健康委员会", a.answer
    assert a.value == pytest.approx(300.0), a.answer
