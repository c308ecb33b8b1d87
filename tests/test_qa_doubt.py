"""A number is the answer only when it carries every word of the question that chooses it:
the fund or part named (国有资本经营预算安排的基本工资 is not 基本工资's total), every word of
the measure (公立医院补助 is not the row 公立医院, 水电费 not 电费, 学费收入 not the class of
高等职业教育), a rate never an amount, a budget asked of a final account printed as a budget,
and a 部门预算 never answered from a body's 单位预算."""

from __future__ import annotations

import pytest
from budgetlens.schemas.document import Document, Line, Page
from budgetlens.schemas.filing import Filing, Source
from qa_corpus import asker_over, ruled_grid as _grid


def _filing(doc_id: str, entity: str, year: int, doc_type: str = "budget", scope: str = "部门"):
    word = "决算" if doc_type == "final_accounts" else "预算"
    economic = _grid([["科目名称", "合计", "人员经费", "公用经费"],
                      ["基本工资", "927.20", "927.20", "0.00"],
                      ["电费", "63.95", "0.00", "63.95"],
                      ["会议费", "1.10", "0.00", "1.10"]], 3, f"一般公共预算基本支出经济分类{word}表")
    classes = _grid([["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                     ["21002", "公立医院", "2,727.93", "27.93", "2,700.00"],
                     ["2050305", "高等职业教育", "1,651.60", "651.60", "1,000.00"],
                     ["", "合计", "10,000.00", "3,000.00", "7,000.00"]], 4, f"一般公共预算支出{word}表")
    three = _grid([["项目", "合计", "因公出国（境）费", "公务接待费"], [f"{word}数", "32.56", "20.00", "12.56"],
                   ["上年预算数", "40.00", "25.00", "15.00"]], 5, f"“三公”经费{word}表")
    totals = _grid([["收入", "金额", "支出", "金额"], ["收入总计", "12,000.00", "支出总计", "12,000.00"]], 2,
                   f"收支{word}总表")
    pages = [Page(number=p, source="text", lines=[Line(text=f"{year}年{entity}{scope}{word}")] if p == 1 else [])
             for p in range(1, 6)]
    path = f"/filings/{doc_id}.pdf"
    document = Document(doc_id=doc_id, sha256=doc_id * 4, path=path, media="pdf", pages=pages,
                        tables=[totals, economic, classes, three])
    filing = Filing(doc_id=doc_id, source=Source(path=path, sha256=doc_id * 4, pages=5, media="pdf"),
                    entity=entity, fiscal_year=year, doc_type=doc_type)
    return document, filing


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    home = tmp_path_factory.mktemp("ws")
    a = asker_over(home, _filing("a" * 16, "澄岚市统计局", 2026),
                         _filing("b" * 16, "澄岚县医疗保障局", 2023, "final_accounts"),
                         _filing("c" * 16, "澄岚市审计局", 2026, scope="单位"))
    yield a
    a.close()


@pytest.mark.parametrize("question, value", [
    ("澄岚市统计局2026年一般公共预算基本工资是多少？", 927.2),
    ("澄岚市统计局2026年公立医院支出是多少？", 2727.93),
    ("澄岚市统计局2026年电费是多少？", 63.95),
    ("澄岚市统计局2026年“三公”经费是多少？", 32.56),
    ("澄岚县医保局2023年会议费决算是多少？", 1.1),
    ("澄岚市审计局2026年单位预算的支出总计是多少？", 12000.0),
])
def test_the_numbers_the_filings_print_are_answered(asker, question, value):
    a = asker.ask(question)
    assert a.value == pytest.approx(value), a.answer


@pytest.mark.parametrize("question", [
    "澄岚市统计局2026年国有资本经营预算安排的基本工资是多少？",  # a fund no column prints
    "澄岚市统计局2026年项目支出中的基本工资是多少？",  # a part the economic table does not hold
    "澄岚市统计局2026年公立医院补助是多少？",  # 补助: a word the row 公立医院 does not print
    "澄岚市统计局2026年高等职业教育学费收入是多少？",  # 学费 is not the class
    "澄岚市统计局2026年水电费是多少？",  # the row 电费 is only part of the word asked
    "澄岚市统计局2026年“三公”经费执行率是多少？",  # a rate, never the amount
    "澄岚市统计局2026年公务用车购置数量是多少？",  # a count
    "澄岚县医保局2023年会议费预算是多少？",  # a final account prints what was spent
    "澄岚市审计局2026年部门预算的支出总计是多少？",  # only the body's own 单位预算 is filed
])
def test_a_number_not_carrying_every_word_asked_is_declined(asker, question):
    a = asker.ask(question)
    assert a.kind in ("not_found", "clarify") and a.value is None, a.answer


def test_the_year_before_asked_of_a_filing_is_its_prior_column(asker):
    # 上年 in a question naming the filing's year is the year before it, never the year itself
    assert asker.ask("澄岚市统计局2026年预算表里列的上年公务接待费是多少？").value == pytest.approx(15.0)
    assert asker.ask("澄岚市统计局去年的公务接待费是多少？").value == pytest.approx(15.0)
    # a year glossed as 上年 is that year
    assert asker.ask("澄岚市统计局2025年（上年）的公务接待费是多少？").value == pytest.approx(15.0)
    assert asker.ask("澄岚市统计局2026年公务接待费是多少？").value == pytest.approx(12.56)


def test_a_share_whose_part_is_larger_than_its_whole_is_declined(asker):
    a = asker.ask("澄岚市统计局2026年基本工资占公务接待费的比例是多少？")  # 927.20 of 12.56: not its part
    assert a.kind == "not_found" and a.value is None, a.answer
    a = asker.ask("澄岚市统计局2026年公务接待费占“三公”经费的比例是多少？")
    assert a.value == pytest.approx(38.57, abs=0.01), a.answer
