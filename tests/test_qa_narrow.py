"""A ranking's measure looked up once across every filing (``qa.narrow``) reads each filing as
the full reading does: the same fact, or the same refusal, for every question and filing."""

from __future__ import annotations

import pytest
from budgetlens.qa.narrow import narrowed

from qa_corpus import asker_over
from test_qa_engine import _filing

QUESTIONS = ("三公经费最多", "公务接待费", "因公出国境支出", "公务用车购置及运行维护费", "行政运行", "一般公共服务支出",
             "基本支出合计", "项目支出", "公务接待费支出", "2010401", "会议费")


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"),
                   _filing("a" * 16, "澄岚县医疗保障局", 2023, (35.10, 28.00, 4.10, 3.00)),
                   _filing("b" * 16, "澄岚县医疗保障局", 2022, (36.00, 28.00, 5.00, 3.00)),
                   _filing("c" * 16, "澄岚县卫生健康委员会", 2023, (50.00, 40.00, 6.00, 4.00), admin=None),
                   _filing("d" * 16, "澄岚县公安局", 2023, (80.00, 50.00, 10.00, 20.00), unit="元"))
    yield a.engine
    a.close()


@pytest.mark.parametrize("cq", QUESTIONS)
def test_the_narrowed_reading_finds_what_the_full_reading_finds(engine, cq):
    codes = [cq] if cq.isdigit() else []
    view = narrowed(engine, cq, codes)
    found = 0
    for d in engine.docs.values():
        full = engine.find(cq, codes, [d.doc_id], d.fiscal_year, d.fiscal_year)
        narrow = view.find(cq, codes, [d.doc_id], d.fiscal_year, d.fiscal_year)
        assert (full[0] and full[0].fact) is (narrow[0] and narrow[0].fact), (cq, d.entity)
        assert full[2] == narrow[2]
        found += full[0] is not None
    assert found or cq == "会议费"  # the questions do find something (会议费: printed nowhere)
