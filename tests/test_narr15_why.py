"""Why questions about one class line (项) of the narrative's 功能分类 account: the line named
without its levels (政协事务行政运行（项） for 政协事务（款）行政运行（项）), its sentence broken
over a heading and a text block or over a page and its printed number, and 离休 asked of a
离退休 line."""

from __future__ import annotations

import pytest

from qa_corpus import asker_over, blocks_page, heading_block, stored_pdf, text_block, text_page


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    entity = "澄岚县政协办公厅"
    pages = [
        text_page(1, f"{entity}2019年部门预算"),
        blocks_page(2, text_block("五、财政拨款支出预算情况说明"),
              text_block("1.政协事务（款）行政运行（项）支出3,233.03万元，与上年相比减少108.56万元，下降3.25%。"
                         "主要原因是本年在职人员和商品服务公用定额数减少等。"),
              text_block("2.政协事务（款）一般行政管理事务（项）支出1,577.82万元，与上年相比增加20万元，增长1.28%。"
                         "主要原因是会议场次增加。"),
              heading_block("3.政协事务（款）委员视察（项）426万元，与上年相比减"),
              text_block("少3.3万元，下降0.77%。主要原因是县政协委员人数减少，支出减少。"),
              heading_block("（二）社会保障和就业支出（类）"),
              heading_block("1．行政事业单位离退休（类）未归口管理的行政单位离退"),
              text_block("─ 11 ─")),
        blocks_page(3, text_block("休支出（项）271.45万元，与上年相比增加14.69万元，增加5.72%。"),
              text_block("主要原因是离休人员离休费支出增加。"),
              heading_block("2．行政事业单位离退休（类）机关事业单位基本养老保险"),
              text_block("缴费支出（项）607.1万元，与上年相比增加27.09万元，增加4.67%。"),
              text_block("主要原因是增人增资后，相应的养老保险支出增加。")),
    ]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("e" * 16, entity, [], pages=pages, year=2019))
    yield a
    a.close()


def test_a_line_asked_without_its_levels_is_answered_with_its_reason(asker):
    a = asker.ask("澄岚县政协办公厅2019年政协事务行政运行（项）比上年少了108万，原因是什么？")
    assert a.kind == "why" and "商品服务公用定额数减少" in a.answer, a.answer
    assert "会议场次增加" not in a.answer


def test_a_sentence_broken_after_its_amount_inside_the_change_is_read_whole(asker):
    a = asker.ask("澄岚县政协办公厅2019年委员视察（项）为什么减少？")
    assert a.kind == "why" and "委员人数减少" in a.answer, a.answer


def test_a_line_broken_over_a_page_and_its_number_is_read_whole(asker):
    a = asker.ask("澄岚县政协办公厅2019年离休支出为什么比上年多了？")
    assert a.kind == "why" and "离休人员离休费支出增加" in a.answer, a.answer


def test_retirement_pay_asked_is_the_line_of_retirees_not_the_pension_under_the_same_class(asker):
    a = asker.ask("澄岚县政协办公厅2019年离休费为什么比上年多？")
    assert a.kind == "why" and "离休人员离休费支出增加" in a.answer, a.answer
    assert "养老保险支出增加" not in a.answer


@pytest.mark.parametrize("asked, plain", [
    ("下降0.77%，这个百分比核得上吗？", "下降0.77%，这个百分比对得上吗？"),
    ("增加15.85%，这个数核不上吧？", "增加15.85%，这个数对不上吧？"),
])
def test_asked_whether_it_tallies_is_a_check(asked, plain):
    from budgetlens.qa.consistency import plain_check

    assert plain_check(asked) == plain


def test_a_rate_of_a_line_asked_whether_it_tallies_is_checked(asker):
    a = asker.ask("澄岚县政协办公厅2019年委员视察（项）426万元，比上年减少3.3万元，下降0.77%，这个百分比核得上吗？")
    assert a.kind == "consistency" and "一致" in a.answer and "不一致" not in a.answer, a.answer


@pytest.fixture(scope="module")
def whole_budget(tmp_path_factory):
    entity = "澄岚县城市管理局"
    pages = [
        text_page(1, f"{entity}2026年部门预算"),
        blocks_page(2, text_block("第二部分 部门预算收支总体情况"),
              text_block(f"2026年{entity}部门预算收入10,692.90万元，较2025年年初预算减少633.43万元，下降5.6%。"
                         f"2026年{entity}部门预算支出10,692.90万元，较2025年年初预算减少633.43万元，下降5.6%。"),
              text_block("预算收支减少主要原因说明：１.预算准备金较上年减少；"),
              text_block("2.因职责分工调整，将个别项目调整至下属单位实施，相应划转项目经费。")),
    ]
    a = asker_over(tmp_path_factory.mktemp("ws"), stored_pdf("9" * 16, entity, [], pages=pages))
    yield a
    a.close()


def test_a_change_asked_in_whole_wan_is_answered_with_the_reason_the_budget_gives_for_it(whole_budget):
    a = whole_budget.ask("澄岚县城市管理局2026年预算支出比上年少了633万，主要是什么原因？")
    assert a.kind == "why" and "预算准备金较上年减少" in a.answer, a.answer
