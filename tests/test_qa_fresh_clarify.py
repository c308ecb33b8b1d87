"""Near-duplicate printed names: a body word fitting two or more of them is asked back with
every one listed, never answered with one; a name said whole is that body. The names are
the workspace's own (a district's 教育局 beside its city's, a 中共…市委 beside its 宣传部)."""

from __future__ import annotations

import pytest
from budgetlens.schemas.document import Document
from budgetlens.schemas.filing import Filing
from qa_corpus import asker_over, asks_back as _asks_back, ruled_grid as _grid, stored_pdf

# a city's body and its district's body of the same name; a party committee and its department;
# two districts of one city filing the same body
BODIES = ("岚州市教育局", "岚州市东湖区教育局", "中共岚州市委", "中共岚州市委宣传部",
          "岚州市西山区水务局", "岚州市南塘区水务局")


def _filing(k: int, entity: str, year: int = 2026) -> tuple[Document, Filing]:
    doc_id = f"{k:x}" * 16
    three = _grid([["单位", "合计", "公务接待费"], [f"{entity} {year} 年", f"{10 + k}.00", f"{k}.00"]], 2,
                  "财政拨款“三公”经费支出表")
    return stored_pdf(doc_id, entity, [three], year=year)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), *(_filing(k + 1, e) for k, e in enumerate(BODIES)))
    yield a
    a.close()


def test_body_word_lists_every_printed_body(asker):
    _asks_back(asker.ask("教育局2026年公务接待费是多少？"), BODIES[:2])
    _asks_back(asker.ask("水务局2026年公务接待费是多少？"), BODIES[4:], BODIES[:4])


def test_a_city_named_with_a_body_its_district_also_files_lists_both_or_answers_the_city(asker):
    # 岚州的水务局: two districts of 岚州 file one, the city none — both districts, never one
    _asks_back(asker.ask("岚州的水务局2026年公务接待费是多少？"), BODIES[4:])


def test_a_name_said_whole_is_that_body(asker):
    assert asker.ask("岚州市教育局2026年公务接待费是多少？").value == pytest.approx(1.0)
    assert asker.ask("岚州市东湖区教育局2026年公务接待费是多少？").value == pytest.approx(2.0)
    assert asker.ask("东湖区教育局2026年公务接待费是多少？").value == pytest.approx(2.0)


def test_a_party_committee_is_never_its_department(asker):
    assert asker.ask("中共岚州市委宣传部2026年公务接待费是多少？").value == pytest.approx(4.0)
    assert asker.ask("岚州市委宣传部2026年公务接待费是多少？").value == pytest.approx(4.0)
    a = asker.ask("中共岚州市委2026年公务接待费是多少？")
    assert a.value == pytest.approx(3.0) or a.kind == "clarify", a.answer
    assert a.value != pytest.approx(4.0)


def test_a_body_filing_its_own_and_its_whole_budget_is_asked_which(tmp_path):
    # 岚州市财政局（本级） and 岚州市财政局（汇总）, both of 2026: the body named bare may mean either
    a = asker_over(tmp_path, _filing(1, "岚州市财政局（本级）"), _filing(2, "岚州市财政局（汇总）"))
    try:
        asked = a.ask("岚州市财政局2026年公务接待费是多少？")
        _asks_back(asked, ("岚州市财政局（本级）", "岚州市财政局（汇总）"))
        assert a.ask("岚州市财政局（汇总）2026年公务接待费是多少？").value in (None, pytest.approx(2.0))
    finally:
        a.close()


def test_a_short_form_glossed_by_the_full_name_is_that_body(asker):
    # 东湖教育局（岚州市东湖区教育局）: the body said twice, the short form is no measure word
    assert asker.ask("东湖教育局（岚州市东湖区教育局）2026年公务接待费是多少？").value == pytest.approx(2.0)
    assert asker.ask("岚州市东湖区教育局（东湖教育局）2026年公务接待费是多少？").value == pytest.approx(2.0)
