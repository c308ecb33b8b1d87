"""The finder reads a question's words over a filing once and hands each caller matches of its own."""

from types import SimpleNamespace

from budgetlens.index.facts import Fact, canon


def _fact(row: str, value: float, kind: str = "grid", col: str = "") -> Fact:
    return Fact("d", kind, "g1", "一般公共预算基本支出情况表", row, col, "", value, "万元", 17, None, row,
                canon_row=canon(row))


def _finder():
    from budgetlens.qa.finder import Finder

    facts = [_fact("差旅费", 6.0), _fact("会议费", 5.0), _fact("合计", 11.0)]
    return Finder(SimpleNamespace(facts=facts, by_doc={"d": facts}, docs={}))


def test_a_question_asked_again_over_the_same_filing_gets_the_same_matches_as_its_own():
    from budgetlens.qa.wording import question_canon

    finder = _finder()
    cq = question_canon("差旅费比上年增加了多少", [])
    first = finder.matches(cq, ["d"], [])
    assert [(m.label, m.fact.value) for m in first] == [("差旅", 6.0)]
    first[0].also = ["set by the first caller"]  # (engine._value_in sets ``also`` on the match it keeps)
    again = finder.matches(cq, ["d"], [])
    assert [(m.label, m.fact.value) for m in again] == [("差旅", 6.0)]
    assert again[0] is not first[0] and again[0].also is None


def test_other_words_or_other_filings_are_matched_afresh():
    from budgetlens.qa.wording import question_canon

    finder = _finder()
    assert [m.fact.value for m in finder.matches(question_canon("差旅费是多少", []), ["d"], [])] == [6.0]
    assert [m.fact.value for m in finder.matches(question_canon("会议费是多少", []), ["d"], [])] == [5.0]
    assert finder.matches(question_canon("会议费是多少", []), ["other"], []) == []


def test_a_filings_printed_words_are_its_facts_fields_squashed():
    finder = _finder()
    assert finder.printed_words("d") == "|".join(f"一般公共预算基本支出情况表{r}{r}" for r in ("差旅费", "会议费", "合计"))
