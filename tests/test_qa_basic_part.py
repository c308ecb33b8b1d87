"""A line of the 基本支出 tables (printed under their table codes, as 江苏's filings print them) is the basic part of a measure: where a table of the measure's
own (the “三公”经费、会议费、培训费 table) and the narrative print the whole, a question naming
no part is answered with the whole; one naming 基本支出 with the part."""

from __future__ import annotations

import pytest
from budgetlens.schemas.document import Document, Line, Page
from budgetlens.schemas.filing import Filing, Source

from qa_corpus import asker_over, ruled_grid, text_block


def _filing(doc_id: str, entity: str, tables: list, sentences: dict[int, list[str]]) -> tuple[Document, Filing]:
    pages = [Page(number=p, source="text", lines=[Line(text=f"2019年{entity}部门预算")] if p == 1 else [])
             for p in range(1, 9)]
    for p, texts in sentences.items():
        pages[p - 1].blocks.extend(text_block(t) for t in texts)
    path = f"/filings/{doc_id}.pdf"
    document = Document(doc_id=doc_id, sha256=doc_id * 4, path=path, media="pdf", pages=pages, tables=tables)
    filing = Filing(doc_id=doc_id, source=Source(path=path, sha256=doc_id * 4, pages=8, media="pdf"),
                    entity=entity, fiscal_year=2019, doc_type="budget")
    return document, filing


def _court() -> tuple[Document, Filing]:
    basic = ruled_grid([["科目编码", "科目名称", "金额"],
                        ["30215", "会议费", "111.30"],
                        ["30216", "培训费", "41.37"],
                        ["30217", "办公费", "80.00"]],
                       page=3, title="公开06表")
    running = ruled_grid([["科目编码", "科目名称", "基本支出"],
                          ["30215", "会议费", "111.30"],
                          ["30216", "培训费", "41.37"]],
                         page=5, title="公开08表")
    running = [running, ruled_grid([["科目编码", "科目名称", "机关运行经费支出"],
                                    ["30215", "会议费", "111.30"],
                                    ["30216", "培训费", "41.37"]],
                                   page=7, title="公开11表")]
    own = ruled_grid([["项目", "会议费", "培训费"],
                      ["预算数", "271.02", "1,597.25"]],
                     page=4, title="“三公”经费、会议费、培训费支出预算表")
    sentences = {6: ["岚州省高级人民法院2019年度一般公共预算拨款安排的培训费预算支出1597.25万元，比上年预算减少69万元。"]}
    return _filing("c" * 16, "岚州省高级人民法院", [basic, *running, own], sentences)


def _office() -> tuple[Document, Filing]:
    """A filing printing 培训费 only in its 基本支出 table: that line is the answer."""
    basic = ruled_grid([["科目编码", "科目名称", "金额"],
                        ["30216", "培训费", "12.00"]],
                       page=3, title="财政拨款基本支出预算表")
    return _filing("d" * 16, "岚州省档案馆", [basic], {})


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"), _court(), _office())
    yield a
    a.close()


def test_a_measure_named_without_a_part_is_the_whole_not_its_basic_line(asker):
    a = asker.ask("岚州省高级人民法院2019年培训费预算是多少？")
    assert a.value == pytest.approx(1597.25)
    assert {c.page for c in a.citations} <= {4, 6}
    b = asker.ask("岚州省高级人民法院2019年会议费预算是多少？")
    assert b.value == pytest.approx(271.02) and b.citations[0].page == 4


def test_the_basic_part_asked_is_the_basic_line(asker):
    a = asker.ask("岚州省高级人民法院2019年基本支出中的培训费是多少？")
    assert a.value == pytest.approx(41.37)
    assert {c.page for c in a.citations} <= {3, 5, 7}


def test_a_line_printed_only_in_the_basic_table_is_answered(asker):
    assert asker.ask("岚州省档案馆2019年培训费是多少？").value == pytest.approx(12.0)
    assert asker.ask("岚州省高级人民法院2019年办公费是多少？").value == pytest.approx(80.0)



def _fact(kind, row, value, unit, page):
    from budgetlens.index.facts import Fact

    return Fact(doc_id="e" * 16, kind=kind, table=0, title="", row=row, code="2150701", col="", value=value,
                unit=unit, page=page, bbox=None, quote=row, year=None, col_index=0, key=None, canon_row=row)


def test_a_figure_asked_in_yuan_is_read_where_it_is_printed_in_yuan():
    """按元计: the 元 table's 10,936,676.36 answers, not the narrative's 1,093.67 万元 converted."""
    from budgetlens.qa.engine import finest
    from budgetlens.qa.wording import Match

    said = _fact("sentence", "行政运行(2150701)", 1093.67, "万元", 16)
    table = _fact("cell", "行政运行", 10936676.36, "元", 28)
    m = Match(score=100, fact=said, span=(0, 4), label="行政运行", also=[table])
    exact = finest(m, "元")
    assert exact.fact is table and exact.also == [said] and exact.label == "行政运行"
    assert finest(m, "万元") is m and finest(m, None) is m  # asked in the unit found: as found
    coarser = Match(score=100, fact=table, span=(0, 4), label="行政运行", also=[said])
    assert finest(coarser, "万元") is coarser  # never a rounder printing for a finer one


def test_the_words_after_zhong_or_li_name_the_measure_but_never_the_zhong_of_a_word():
    from budgetlens.qa.wording import WITHIN_RE

    for text, after in (("基本支出中的人员经费", "人员经费"), ("机关运行经费里办公费", "办公费"),
                        ("决算中机关事业单位基本养老保险缴费", "机关事业单位基本养老保险缴费"),
                        ("财政拨款支出中项目支出", "项目支出")):
        m = WITHIN_RE.search(text)
        assert m is not None and text[m.end():].lstrip("的") == after, text
    for text in ("高中教育比小学教育多支出多少", "中医（民族）医院", "信息中心运行费", "中央补助"):
        assert WITHIN_RE.search(text) is None, text


def test_listed_parts_are_of_the_words_before_zhong_never_of_a_words_zhong():
    from budgetlens.qa.operands import _OF_RE

    assert _OF_RE.search("政府采购中货物和工程两类预算合起来多少").start() == 4
    assert _OF_RE.search("基本支出里办公费和印刷费").start() == 4
    for text in ("决算高中教育比小学教育多支出多少", "中医（民族）医院和妇幼保健医院", "信息中心运行费和物业费"):
        assert _OF_RE.search(text) is None, text
