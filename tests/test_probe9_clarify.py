"""A short name that several bodies' filings fit is asked back — whatever the question then
asks (a 支出总计 is no sum over them), with every body, the filing that would answer and its
file; a name fitting one body (for the year and kind asked) is answered from it. Made-up
bodies of made-up cities, in the workspace's layouts."""

from __future__ import annotations

import pytest
from budgetlens.schemas.document import Document
from budgetlens.schemas.filing import Filing
from qa_corpus import asker_over, asks_back, ruled_grid, stored_pdf

BODIES = (("澄州市统计局", 2026, "budget"), ("岚州市统计局", 2026, "budget"),
          ("岚州市应急管理局", 2026, "budget"), ("岚州市应急管理综合行政执法监督局", 2026, "budget"),
          ("澄州市审计局", 2024, "final_accounts"), ("岚州市审计局", 2026, "budget"),
          ("岚州市文化和旅游局", 2026, "budget"), ("澄州市文化和旅游局执法总队", 2026, "budget"))


def _filing(k: int, entity: str, year: int, doc_type: str) -> tuple[Document, Filing]:
    doc_id = f"{k:x}" * 16
    three = ruled_grid([["单位", "合计", "公务接待费"], [f"{entity} {year} 年", f"{10 + k}.00", f"{k}.00"]], 2,
                       "财政拨款“三公”经费支出表")
    return stored_pdf(doc_id, entity, [three], year=year, doc_type=doc_type)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), *(_filing(k + 1, *b) for k, b in enumerate(BODIES)))
    yield a
    a.close()


def test_a_short_name_of_two_bodies_is_asked_back_with_their_filings(asker):
    a = asker.ask("统计局2026年公务接待费是多少？")
    asks_back(a, ["澄州市统计局", "岚州市统计局"])
    assert all(c["filing"] == "2026年部门预算" and c["citation"]["path"] for c in a.candidates)


def test_asking_words_before_the_short_name_are_no_place(asker):
    # 2026年预算里统计局: 预算里 is no place of a body the filings lack
    asks_back(asker.ask("2026年预算里统计局的公务接待费有多少万元？"), ["澄州市统计局", "岚州市统计局"])


def test_a_total_of_one_short_name_is_no_sum_over_its_bodies(asker):
    asks_back(asker.ask("统计局的“三公”经费合计是多少？"), ["澄州市统计局", "岚州市统计局"])


def test_a_body_whose_name_another_holds_is_listed_too(asker):
    # 岚州市应急管理局 is a body of its own beside 岚州市应急管理综合行政执法监督局
    asks_back(asker.ask("应急管理局2026年公务接待费是多少？"), ["岚州市应急管理局", "岚州市应急管理综合行政执法监督局"])


def test_a_short_name_fitting_one_body_for_the_kind_asked_is_answered(asker):
    # only 澄州市审计局 filed a final account: 审计局2024年决算 is its figure
    a = asker.ask("审计局2024年决算公务接待费是多少？")
    assert a.value == pytest.approx(5.0), a.answer


def test_a_name_said_whole_is_answered(asker):
    assert asker.ask("岚州市统计局2026年公务接待费是多少？").value == pytest.approx(2.0)
    assert asker.ask("岚州市应急管理局2026年公务接待费是多少？").value == pytest.approx(3.0)


def test_a_body_said_after_its_parent_word_is_that_body(asker):
    # 文化和旅游局执法总队: 澄州's 执法总队, never 岚州市文化和旅游局 (the one 文化和旅游局 filed)
    for q in ("2026年预算里文化和旅游局执法总队的公务接待费有多少万元？", "市文化和旅游局执法总队2026年公务接待费是多少？"):
        a = asker.ask(q)
        assert a.value == pytest.approx(8.0), a.answer
