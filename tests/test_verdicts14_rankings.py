"""Rankings by a share each body's filing gives: a share said with no whole (基本支出占比最高的是),
or with the spending's total for its whole (占支出预算的比例), is the part over the total column of
the row it is printed in — and a ranking asked in % never ranks the amounts in its place."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, ruled_grid, stored_pdf

# 基本支出 900 of 1,000 (90%), 2,000 of 10,000 (20%), 3,000 of 5,000 (60%): the largest amount
# (水务局) is not the largest share (农业局)
_BODIES = (("a" * 16, "澄岚县农业局", "1,000.00", "900.00", "100.00"),
           ("b" * 16, "澄岚县林业局", "10,000.00", "2,000.00", "8,000.00"),
           ("c" * 16, "澄岚县水务局", "5,000.00", "3,000.00", "2,000.00"))


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    filings = []
    for doc_id, entity, total, basic, project in _BODIES:
        grid = ruled_grid([["项目", "合计", "基本支出", "项目支出"], ["合计", total, basic, project]], 1, "支出总表")
        filings.append(stored_pdf(doc_id, entity, [grid], pages=1))
    a = asker_over(tmp_path_factory.mktemp("ws"), *filings)
    yield a
    a.close()


@pytest.mark.parametrize("asked, first, value", [
    ("2026年澄岚县农业局、林业局、水务局三家，基本支出占比最高的是？", "澄岚县农业局", 90.0),
    ("澄岚县农业局、林业局、水务局，2026年哪家基本支出占支出预算的比例最高？", "澄岚县农业局", 90.0),
    ("澄岚县农业局、林业局、水务局，2026年哪家基本支出占比最低？", "澄岚县林业局", 20.0),
])
def test_a_share_ranked_is_each_bodys_part_over_its_total(asker, asked, first, value):
    a = asker.ask(asked)
    assert a.kind == "compare" and a.unit == "%" and a.table[0].entity == first, a.answer
    assert a.value == pytest.approx(value, abs=0.01), a.answer
    assert len(a.understood["covered"]) == 3


def test_a_share_ranking_whose_share_is_not_read_ranks_no_amounts(asker, monkeypatch):
    import budgetlens.qa.ranking as ranking

    # the share's words unread: the amounts found (基本支出 3,000.00 万元) are never ranked as a share
    monkeypatch.setattr(ranking, "_share_words", lambda cq: None)
    a = asker.ask("澄岚县农业局、林业局、水务局，2026年哪家基本支出占支出预算的比例最高？")
    assert a.kind in ("not_found", "clarify") and "3,000.00 %" not in a.answer, a.answer
