"""The rows probe (eval.probe_rows): which printed rows it asks, how, and how it judges."""

from __future__ import annotations

from budgetlens.eval import probe_rows as pr
from budgetlens.index.facts import Fact
from budgetlens.schemas.answer import Answer, AnswerCitation


def _cell(row, value, *, col="合计", title="一般公共预算支出表", code="", page=5, year=None, kind="cell", key=""):
    return Fact("d1", kind, "T05", title, row, code, col, value, "万元", page, None, "", year, 0, key)


def test_labels_as_a_journalist_copies_them():
    assert pr.printed_label("9. 卫生健康支出") == "卫生健康支出"
    assert pr.printed_label("其中：（一）因公出国（境）费") == "因公出国（境）费"
    assert pr.printed_label("2010101 行政运行") == "行政运行"
    assert pr.short_label("机关事业单位基本养老保险缴费支出") == "机关事业单位基本养老保险缴费"
    assert pr.short_label("行政运行") == ""  # nothing to drop
    assert pr.short_label("一般公共预算收入") == ""  # the fund itself, no line of it


def test_rows_name_the_column_fund_and_part():
    rows = pr.rows_of([
        _cell("行政运行", 12.5, code="2010101"),
        _cell("行政运行", 10.0, col="基本支出", code="2010101"),
        _cell("办公费", 3.0, col="金额", title="一般公共预算财政拨款基本支出表"),
        _cell("决算数", 0.78, col="公务接待费", title="财政拨款“三公”经费支出决算表"),
        _cell("行政运行", 11.0, col="上年预算数", year=-1),
        _cell("上年", 0.9, col="公务接待费", title="“三公”经费支出预算表", year=-1),
        _cell("深圳市某某管理处", 40.0, col="合计"),  # a body's row: the names probe's
        _cell("行政运行", 0.0, col="项目支出"),  # a zero: never asked
        _cell("合计", 5.0, col="2026年比2025年增减"),  # a change: never asked
    ])
    got = {(r.measure, r.column, r.quals, r.value_wan) for r in rows}
    assert ("行政运行", "", ("一般公共预算",), 12.5) in got
    assert ("行政运行", "基本支出", ("一般公共预算",), 10.0) in got
    assert ("办公费", "", ("一般公共预算", "财政拨款", "基本支出"), 3.0) in got
    assert ("公务接待费", "", ("财政拨款",), 0.78) in got  # the 三公 table's column is the measure
    assert ("行政运行", "上年数", ("一般公共预算",), 11.0) in got
    assert ("公务接待费", "上年数", (), 0.9) in got
    assert len(got) == 6


def test_a_label_printed_twice_with_two_values_is_not_asked():
    rows = pr.rows_of([_cell("行政运行", 12.5, code="2010101"), _cell("行政运行", 7.0, code="2040601"),
                       _cell("办公费", 3.0)])
    picked = pr.sample(rows)
    assert [r.measure for r in picked] == ["办公费"]
    assert pr.sample(rows) == picked  # the same rows on every run


def test_questions_turn_over_forms_and_units():
    rows = pr.rows_of([_cell(f"行项{k}支出", 100.0 + k, code=f"20101{k:02d}") for k in range(12)]
                      + [_cell("大项支出", 25000.0, code="20102")])
    asked = pr.questions("某市某局", 2026, "预算", rows)
    forms = {form for _, form, _, _, _ in asked}
    verbs = {verb for _, _, verb, _, _ in asked}
    assert forms == {"label", "code", "short"}
    assert {"shi", "anpai", "wan", "yuan"} <= verbs
    for r, form, verb, text, unit in asked:
        assert text.startswith(("某市某局2026年", "2026年某市某局"))
        assert unit == {"yuan": "元", "yi": "亿元"}.get(verb, "万元")
        if form == "code":
            assert r.code in text and r.measure not in text
        if verb == "yi":
            assert r.value_wan >= 10000  # 亿元 only of a line of 1亿元 or more


def _probe(want=12.5, unit="万元", allowed=(("d1", 5),)):
    return pr.Probe("f.pdf", "dev", "label", "shi", "q", "行政运行", "", unit, want, 12.5, 5, allowed)


def _answer(value, unit="万元", page=5, kind="value"):
    cites = [AnswerCitation(doc_id="d1", path="f.pdf", page=page, quote="12.50")]
    return Answer(question="q", answer="", value=value, unit=unit, kind=kind, citations=cites)


def test_judge():
    assert pr.judge(_probe(), _answer(12.5))[0] == "right"
    assert pr.judge(_probe(), _answer(12.5, page=9))[0] == "uncited"
    assert pr.judge(_probe(), _answer(13.0))[0] == "wrong"
    assert pr.judge(_probe(), _answer(125000.0, unit="元"))[0] == "wrong"  # not the unit asked
    assert pr.judge(_probe(125000.0, "元"), _answer(125000.0, unit="元"))[0] == "right"
    assert pr.judge(_probe(), _answer(None, kind="not_found"))[0] == "not_found"
    assert pr.judge(_probe(), _answer(12.5, kind="clarify"))[0] == "not_found"
