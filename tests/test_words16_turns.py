"""A reporter's turns: another body's figure of the same line (乙局同一项是多少？ is 那乙局呢？) and
the two bodies' figures set apart (两家差多少？ / 这两个单位相差多少？ / 谁多？多多少？)."""

from __future__ import annotations

import pytest

from budgetlens.qa.followup import pointing
from qa_corpus import asker_over, ruled_grid, stored_pdf


def _office(doc_id: str, body: str, office: str):
    grid = ruled_grid([["科目编码", "科目名称", "合计"],
                       ["302", "商品和服务支出", "500.00"],
                       ["30201", "办公费", office],
                       ["30211", "差旅费", "20.00"]], 2, "一般公共预算基本支出表（按经济分类）")
    return stored_pdf(doc_id, body, [grid], pages=3, year=2026)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _office("p" * 16, "澄岚市人民检察院", "370.00"),
                   _office("q" * 16, "澄岚市人民法院", "130.00"))
    yield a
    a.close()


@pytest.mark.parametrize("asked", ["澄岚市人民法院同一项是多少？", "澄岚市人民法院的同一项呢？", "那澄岚市人民法院同样的项目是多少？"])
def test_the_same_line_of_another_body_is_that_body_asked_elliptically(asked):
    assert pointing(asked) == "那澄岚市人民法院呢？"


def test_another_bodys_same_line_is_its_figure_of_that_line(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚市人民检察院2026年办公用品预算多少？").value == pytest.approx(370)
    assert conv.ask("澄岚市人民法院同一项是多少？").value == pytest.approx(130)


@pytest.mark.parametrize("asked", ["两家差多少？", "这两个单位相差多少？", "谁多？多多少？"])
def test_the_two_bodies_figures_are_set_apart(asker, asked):
    conv = asker.conversation()
    conv.ask("澄岚市人民法院2026年办公用品预算多少？")
    conv.ask("那澄岚市人民检察院呢？")
    a = conv.ask(asked)
    assert a.value == pytest.approx(240) and a.kind == "compare"
    assert "澄岚市人民检察院多" in a.answer and len(a.citations) == 2


def test_the_two_bodies_set_apart_in_the_unit_asked(asker):
    conv = asker.conversation()
    conv.ask("澄岚市人民检察院2026年办公费预算多少？")
    conv.ask("澄岚市人民法院同一项是多少？")
    assert conv.ask("两家差多少元？").value == pytest.approx(2_400_000)


def test_two_figures_of_one_body_are_no_two_bodies(asker):
    conv = asker.conversation()
    conv.ask("澄岚市人民检察院2026年办公费预算多少？")
    conv.ask("澄岚市人民检察院2026年差旅费预算多少？")
    assert conv.ask("两家差多少？").kind != "compare"
