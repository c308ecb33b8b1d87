"""The answer must not depend on incidental wording: the same question put with colloquial
or formal words for the operation (多多少 / 相差 / 差额 / 高出; 加起来 / 合计 / 总共 / 加总;
占比 / 占多大比例 / 百分之几; 增长 / 涨了 / 较上年增减 / 从…到…), the body by its full or
short name, the year said or left out, the unit asked in 元 / 万元 / 亿元, and the question
words first or last, gets the same number — or a decline, never another number."""

from __future__ import annotations

import pytest
from budgetlens.schemas.document import Document, Page
from budgetlens.schemas.filing import Filing
from qa_corpus import asker_over, ruled_grid as _grid, stored_pdf, text_block as _block

BODY = "澄岚市水务局"
OTHER = "青峰市水务局"


def _filing(doc_id: str, entity: str, year: int, scale: float = 1.0) -> tuple[Document, Filing]:
    def n(v: float) -> str:
        return f"{v * scale:,.2f}"

    spending = _grid([["项目", "合计", "基本支出", "项目支出"],
                      ["合计", n(1000), n(600), n(400)]], 2, "一般公共预算支出情况表")
    basic = _grid([["科目名称", "合计"], ["办公费", n(30)], ["培训费", n(12)], ["委托业务费", n(8)]], 3,
                  "一般公共预算基本支出情况表")
    three = _grid([["单位", "合计", "因公出国（境）费", "公务接待费"],
                   [f"{entity} {year} 年", n(30), n(10), n(20)]], 4, "财政拨款“三公”经费支出表")
    units = _grid([["单位名称", "合计", "一般公共预算", "政府性基金"],
                   [entity, n(750), n(700), n(50)],
                   [f"{entity[:3]}河道管理中心", n(250), n(200), n(50)]], 5, "收入总体情况表")
    procurement = _grid([["项目", "合计", "一般公共预算拨款", "其他资金"],
                         ["合计", n(90), n(60), n(30)]], 6, "政府采购预算表")
    pages = [Page(number=p, source="text", lines=[]) for p in range(1, 8)]
    pages[6].blocks.extend([_block(f"{year}年机关运行经费财政拨款预算{n(45)}万元。"),
                            _block(f"{year}年政府采购预算总额{n(90)}万元，其中一般公共预算拨款政府采购{n(60)}万元。")])
    return stored_pdf(doc_id, entity, [spending, basic, three, units, procurement], pages=pages, year=year)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    home = tmp_path_factory.mktemp("ws")
    a = asker_over(home, _filing("a" * 16, BODY, 2025, 1.25), _filing("b" * 16, BODY, 2026),
                   _filing("c" * 16, OTHER, 2026, 0.5))
    yield a
    a.close()


def _same(asker, questions, value, unit=None):
    """Every wording gets ``value`` (within rounding), in the unit asked."""
    for q in questions:
        a = asker.ask(q)
        assert a.value == pytest.approx(value, abs=0.011), (q, a.answer)
        if unit:
            assert a.unit == unit, (q, a.answer)


def _never_other(asker, questions, value):
    """Every wording gets ``value`` or declines; none states another number."""
    for q in questions:
        a = asker.ask(q)
        assert a.kind in ("not_found", "clarify") or a.value == pytest.approx(value, abs=0.011), (q, a.answer)


def test_a_lookup_by_full_or_short_name_with_or_without_the_year(asker):
    _same(asker, [f"{BODY}2026年公务接待费是多少万元？",
                  "澄岚水务局2026年公务接待费是多少？",
                  f"公务接待费，{BODY}2026年安排了多少？",  # the measure first
                  f"{BODY}今年招待费花了多少？"], 20.0)
    # no year, and its 2025 and 2026 filings print different numbers: asked which
    assert asker.ask(f"请问{BODY}的公务接待费预算有多少？").kind == "clarify"


def test_the_unit_asked_is_the_unit_answered(asker):
    a = asker.ask(f"{BODY}2026年公务接待费是多少元？")
    assert a.value == pytest.approx(200000.0) and a.unit == "元"
    b = asker.ask(f"{BODY}2026年一般公共预算支出是多少亿元？")
    assert b.value == pytest.approx(0.1) and b.unit == "亿元"


def test_a_difference_between_bodies_in_any_words(asker):
    _same(asker, [f"2026年{BODY}的公务接待费比{OTHER}多多少？",
                  f"2026年{BODY}和{OTHER}的公务接待费相差多少万元？",
                  f"2026年{BODY}的公务接待费比{OTHER}高出多少？",
                  f"2026年{BODY}与{OTHER}公务接待费的差额是多少？"], 10.0)


def test_a_difference_between_years_in_any_words(asker):
    _same(asker, [f"{BODY}2026年公务接待费比2025年少多少？",
                  f"{BODY}2026年的公务接待费比2025年少了多少万元？"], 5.0)


def test_a_sum_of_two_measures_in_any_words(asker):
    _same(asker, [f"{BODY}2026年办公费和培训费加起来是多少？",
                  f"{BODY}2026年办公费和培训费一共多少？",
                  f"{BODY}2026年办公费和培训费总共多少万元？",
                  f"{BODY}2026年办公费与培训费合计多少？"], 42.0)


def test_a_sum_over_the_years_named_adds_every_year(asker):
    _same(asker, [f"{BODY}2025、2026两年的公务接待费加总是多少？",
                  f"{BODY}2025年和2026年公务接待费加起来是多少？"], 45.0)


def test_a_share_in_any_words(asker):
    _same(asker, [f"{BODY}2026年一般公共预算支出中项目支出占比多少？",
                  f"{BODY}2026年一般公共预算支出中项目支出占多大比例？",
                  f"{BODY}2026年项目支出占一般公共预算支出的百分之几？",
                  f"{BODY}2026年项目支出占一般公共预算支出的比重是多少？"], 40.0, "%")


def test_a_share_of_the_money_is_read_against_the_row_its_part_stands_in(asker):
    # 今年的钱里 / 花的钱里 name no measure: the total column of the row 项目支出 is printed in
    a = asker.ask(f"{BODY}2026年花的钱里，项目支出占了多大比例？")
    assert a.value == pytest.approx(40.0) and a.unit == "%"
    b = asker.ask(f"{BODY}今年的钱里，基本支出占了多大比例？")
    assert b.value == pytest.approx(60.0) and b.unit == "%"


def test_a_change_in_any_words(asker):
    _same(asker, [f"{BODY}2026年公务接待费比上年增长了百分之几？",
                  f"{BODY}公务接待费从2025年到2026年变动了百分之几？",
                  f"{BODY}公务接待费从2025年到2026年涨了几成（百分比）？",
                  f"{BODY}2026年公务接待费增速是多少？"], -20.0, "%")
    _same(asker, [f"{BODY}2026年公务接待费较上年增减了多少万元？",
                  f"{BODY}2026年公务接待费比2025年变化了多少？"], -5.0)


def test_a_fall_asked_as_a_fall_is_its_size(asker):
    _same(asker, [f"{BODY}2026年公务接待费比2025年下降了几成（百分比）？",
                  f"{BODY}2026年公务接待费比上年减少了百分之多少？",
                  f"{BODY}的公务接待费今年比去年降了多少个百分点？"], 20.0, "%")
    _same(asker, [f"{BODY}2026年公务接待费比上年减少了多少万元？"], 5.0)
    a = asker.ask(f"{BODY}2026年公务接待费比上年下降了几成？")
    assert "下降 20.00%" in a.answer


def test_a_whole_less_its_part(asker):
    _same(asker, [f"{BODY}2026年政府采购预算总额中，一般公共预算拨款以外的部分有多少？",
                  f"{BODY}2026年政府采购预算总额里，除了一般公共预算拨款以外还有多少？"], 30.0)


def test_a_unit_row_named_without_the_place(asker):
    _same(asker, [f"{BODY}下属的河道管理中心2026年收入合计是多少？"], 250.0)


def test_a_short_name_fitting_two_bodies_is_asked_back_with_both(asker):
    a = asker.ask("水务局2026年公务接待费是多少？")
    assert a.kind == "clarify" and a.value is None
    assert BODY in a.answer and OTHER in a.answer


def test_a_column_the_question_does_not_name_is_never_the_answer(asker):
    # 政府性基金 of the unit's row is not its 合计 nor its 一般公共预算
    _never_other(asker, [f"{BODY}2026年政府性基金收入是多少？"], 50.0)
    # a measure the filing does not print is declined, not answered with a neighbour's row
    a = asker.ask(f"{BODY}2026年印刷费是多少？")
    assert a.kind == "not_found" and a.value is None


def test_the_words_around_the_question_change_nothing(asker):
    _same(asker, [f"请问{BODY}2026年公务接待费是多少？",
                  f"麻烦查一下，{BODY}2026年公务接待费是多少？",
                  f"请列示{BODY}2026年公务接待费（万元）。",
                  f"2026年{BODY}的公务接待费是多少？",  # the year first
                  f"二〇二六年{BODY}公务接待费是多少？",  # the year in Chinese numerals
                  f"{BODY}2026年度公务接待费预算是多少？",
                  f"{BODY}2026年请客吃饭（招待费）花了多少？",  # a colloquial word glossed in brackets
                  f"{BODY}2026年接待客人的钱（公务接待费）是多少？",
                  f"2026年{BODY}接待客人的钱（公务接待费）是多少？"], 20.0)


def test_a_share_said_with_suo_zhan_and_the_year_first(asker):
    _same(asker, [f"{BODY}2026年一般公共预算支出中项目支出所占比重多少？",
                  f"2026年{BODY}一般公共预算支出中项目支出所占比重多少？"], 40.0, "%")


def test_a_sum_of_one_measure_alone_is_its_own_total(asker):
    # 加起来 with nothing listed beside the measure: that measure's printed total, never a sum of
    # two unrelated numbers
    _never_other(asker, [f"{BODY}2026年“三公”经费加起来是多少？", f"{BODY}2026年“三公”经费一共多少？"], 30.0)


def test_a_difference_said_as_exceeding(asker):
    _same(asker, [f"{BODY}2026年基本支出超出项目支出多少？",
                  f"{BODY}2026年基本支出较项目支出多出多少？",
                  f"{BODY}2026年基本支出比项目支出多多少？"], 200.0)
