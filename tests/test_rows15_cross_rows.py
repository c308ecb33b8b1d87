"""An item printed in several rows of one table, split by a second classification (qa.cross_rows):
asked as a whole it is the sum of its rows, each cited; asked of one half, that row alone; another
table printing another number for it keeps the question declined."""

from __future__ import annotations

from budgetlens.index.facts import DocInfo, Fact, FactIndex, canon
from budgetlens.qa.cross_rows import both_halves, second_class
from budgetlens.qa.engine import Engine

_BASIC = "公开表6一般公共预算基本支出情况表"
_OFFICE = ("50201", "办公经费")
_INSTITUTION = ("50502", "商品和服务支出")


def _row(row, code, second, value, *, page=17, title=_BASIC, table="g10"):
    """One printed row's two columns: 302 11 差旅费 502 01 办公经费 6.00 6.00."""
    c2, n2 = second
    first = f"{code[:3]} {code[3:]}".strip()
    quote = f"{first} {row} {c2[:3]} {c2[3:]} {n2} {value:.2f} {value:.2f}".replace("  ", " ")
    return [Fact("d1", "grid", table, title, row, code, col, value, "万元", page, [0, 0, 1, 1], quote, None, i, "",
                 canon_row=canon(row))
            for i, col in enumerate(("基本支出预算|小计", "基本支出预算|日常公用支出"))]


def _engine(*rows):
    doc = DocInfo("d1", "d1.pdf", "d1", "烟台市某某局", 2026, "budget", "部门", ("烟台市某某局",))
    return Engine(FactIndex({"d1": doc}, [f for r in rows for f in r]))


def _travel(**kw):
    return (_row("商品和服务支出", "302", ("502", "机关商品和服务支出"), 30.0, **kw),
            _row("差旅费", "30211", _OFFICE, 6.0, **kw),
            _row("会议费", "30215", ("50202", "会议费"), 2.0, **kw),
            _row("培训费", "30216", ("50203", "培训费"), 2.0, **kw),
            _row("商品和服务支出", "302", ("505", "对事业单位经常性补助"), 8.0, **kw),
            _row("差旅费", "30211", _INSTITUTION, 1.0, **kw),
            _row("会议费", "30215", _INSTITUTION, 2.7, **kw),
            _row("培训费", "30216", _INSTITUTION, 2.7, **kw))


def test_the_second_class_is_read_beside_the_rows_own_code():
    f = _row("差旅费", "30211", _OFFICE, 6.0)[0]
    assert second_class(f) == ("50201", "办公经费")
    assert second_class(_row("商品和服务支出", "302", ("505", "对事业单位经常性补助"), 8.0)[0]) == ("505", "对事业单位经常性补助")


def test_an_item_split_by_the_second_class_is_the_sum_of_its_rows():
    eng = _engine(*_travel())
    for q in ("烟台市某某局2026年差旅费总共安排了多少万元？", "烟台市某某局2026年差旅费是多少万元？"):
        ans, _ = eng.ask(q)
        assert ans.value == 7.0, ans.answer
        assert "6 + 1 = 7" in ans.answer and len(ans.citations) == 2
        assert {c.quote.split()[4] for c in ans.citations} == {"01", "02"}  # each row cited: 502 01 and 505 02


def test_a_table_continued_over_pages_is_one_table():
    # the office's rows on page 17 (g10), the institutions' on page 18 (g11), one title
    eng = _engine(*_travel()[:4], *_travel(page=18, table="g11")[4:])
    ans, _ = eng.ask("烟台市某某局2026年差旅费一共多少万元？")
    assert ans.value == 7.0, ans.answer
    assert {c.page for c in ans.citations} == {17, 18}


def test_the_half_the_question_names_is_answered_alone():
    eng = _engine(*_travel())
    ans, _ = eng.ask("烟台市某某局2026年机关的差旅费是多少万元？")
    assert ans.value == 6.0, ans.answer
    ans, _ = eng.ask("烟台市某某局2026年事业单位的差旅费是多少万元？")
    assert ans.value == 1.0, ans.answer
    ans, _ = eng.ask("烟台市某某局2026年办公经费里的差旅费是多少万元？")
    assert ans.value == 6.0, ans.answer


def test_both_halves_said_together_are_added():
    assert both_halves("差旅费机关和下属事业单位加起来一共多少万元") == ("差旅费加起来一共多少万元", False)
    assert both_halves("办公费加起来是多少万元机关和事业单位两行") == ("办公费加起来是多少万元", False)
    assert both_halves("机关事业单位基本养老保险缴费是多少") == ("机关事业单位基本养老保险缴费是多少", False)
    eng = _engine(*_travel())
    ans, _ = eng.ask("烟台市某某局2026年的差旅费，机关和下属事业单位加起来一共多少万元？")
    assert ans.value == 7.0, ans.answer


def test_listed_items_each_split_are_all_added():
    # (会议费 2.00 and 培训费 2.00 under 机关: two rows of one table, no line printed twice)
    eng = _engine(*_travel())
    ans, _ = eng.ask("烟台市某某局2026年会议费和培训费一共预算了多少万元？")
    assert ans.value == 9.4, ans.answer
    assert len(ans.citations) == 4


def test_another_table_printing_another_number_keeps_the_decline():
    # (公开表9 prints the item's rows too, adding up to 9.00, not 7.00: which is the item is not said)
    other = (_row("差旅费", "30211", _OFFICE, 6.0, page=30, title="公开表9财政拨款支出表", table="g20"),
             _row("差旅费", "30211", _INSTITUTION, 3.0, page=30, title="公开表9财政拨款支出表", table="g20"))
    eng = _engine(*_travel(), *other)
    ans, _ = eng.ask("烟台市某某局2026年差旅费是多少万元？")
    assert ans.value is None, ans.answer


def test_another_table_printing_the_same_rows_agrees():
    again = _travel(page=25, title="公开表10基本支出预算情况表", table="g17")
    eng = _engine(*_travel(), *again)
    ans, _ = eng.ask("烟台市某某局2026年差旅费是多少万元？")
    assert ans.value == 7.0, ans.answer
    assert len({c.page for c in ans.citations[:2]}) == 1  # the rows of one table, not of both


def test_two_rows_under_one_second_class_are_not_this_shape():
    eng = _engine(*_travel(), _row("差旅费", "30211", _OFFICE, 3.0))
    ans, _ = eng.ask("烟台市某某局2026年差旅费是多少万元？")
    assert ans.value is None, ans.answer


def _part(row, code, value, title, page):
    return [Fact("d1", "grid", f"g{page}", title, row, code, "预算", value, "万元", page, [0, 0, 1, 1],
                 f"[{code}]{row} {value:.2f}", None, 0, "", canon_row=canon(row))]


def _parts_engine():
    return _engine(_part("差旅费", "30211", 23.0, "表6一般公共预算基本支出情况表（按经济分类科目）", 15),
                   _part("维修（护）费", "30213", 34.2, "表6一般公共预算基本支出情况表（按经济分类科目）", 15),
                   _part("差旅费", "30211", 11.7, "表7一般公共预算项目支出情况表（按经济分类科目）", 17))


def test_a_line_of_the_basic_and_the_project_table_asked_together_is_their_sum():
    assert both_halves("差旅费基本支出和项目支出加起来一共多少万元") == ("差旅费加起来一共多少万元", True)
    ans, _ = _parts_engine().ask("烟台市某某局2026年一般公共预算里的差旅费，基本支出和项目支出加起来一共多少万元？")
    assert ans.value == 34.7, ans.answer
    assert {c.page for c in ans.citations} == {15, 17}


def test_a_line_of_both_parts_asked_without_them_stays_declined():
    ans, _ = _parts_engine().ask("烟台市某某局2026年差旅费是多少万元？")
    assert ans.value is None, ans.answer


def test_an_item_printed_alike_in_both_halves_is_still_their_sum():
    # 公务接待费 1.50 under 机关 and 1.50 under 事业单位: one number found twice is half the item
    eng = _engine(*_travel(), _row("公务接待费", "30217", ("50206", "公务接待费"), 1.5),
                  _row("公务接待费", "30217", _INSTITUTION, 1.5))
    ans, _ = eng.ask("烟台市某某局2026年公务接待费是多少万元？")
    assert ans.value == 3.0, ans.answer
    ans, _ = eng.ask("烟台市某某局2026年机关的公务接待费是多少万元？")
    assert ans.value == 1.5, ans.answer
