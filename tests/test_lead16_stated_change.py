"""A 项 line's change stated in its sentence: read when the sentence is cut at a line's end
after 与上年相比 and goes on in the next block (增加150万元，增长19.74%), and 与上年一致 read as no
change."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, blocks_page, stored_pdf, text_page
from budgetlens.schemas.document import Block, Line


def _line(text: str, y: int) -> Block:
    box = (50, y, 500, y + 15)
    return Block(kind="text", text=text, bbox=box, lines=[Line(text=text, bbox=box)])


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    entity = "江州省高级人民法院"
    pages = [text_page(1, f"{entity}2017年部门预算"),
             blocks_page(2, _line("4．法院（款）案件审判（项）支出1733.3万元，与上年相比减少200万元，减少10.35%。", 100),
                         _line("5．法院（款）案件执行（项）支出1050万元，与上年一致。", 120),
                         _line("6．法院（款）其他法院支出（项）支出910万元，与上年相比", 140),
                         _line("增加150万元，增长19.74%。", 160),
                         _line("主要原因是增加援藏经费预算。", 180))]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("f" * 16, entity, [], pages=pages, year=2017))
    yield a
    a.close()


@pytest.mark.parametrize("question, value", [
    ("江州省高级人民法院2017年法院（款）其他法院支出（项）比上年涨了百分之几？", 19.74),
    ("江州省高级人民法院2017年法院（款）其他法院支出（项）比上年增加了多少万元？", 150.0),
    ("江州省高级人民法院2017年法院（款）案件审判（项）比上年增减了多少万元？", -200.0),
])
def test_a_change_cut_at_a_lines_end_is_read_on_the_next(asker, question, value):
    a = asker.ask(question)
    assert a.value == pytest.approx(value), a.answer


def test_the_same_as_the_year_before_is_no_change(asker):
    a = asker.ask("江州省高级人民法院2017年法院（款）案件执行（项）比上年增长了百分之几？")
    assert a.value == pytest.approx(0.0) and "与上年持平" in a.answer, a.answer
