"""The fact-index answerer: every operation, follow-ups, clarify, units, and never a substitute.

Filings are built by hand (a layout with one 三公 table, one function-class table and a
narrative sentence each), stored, and asked through ``Asker`` as the CLI and the app do.
"""

from __future__ import annotations

import json

import pytest
from budgetlens.eval.journalists import judge, judge_value
from budgetlens.qa.session import load_state, save_state
from budgetlens.schemas.answer import Answer, AnswerCitation
from budgetlens.schemas.document import Block, Document, Grid, GridCell, Line, Page
from budgetlens.schemas.filing import Filing, Source

from budgetlens.errors import UsageError
from qa_corpus import asker_over


def _grid(rows: list[list[str]], page: int, title: str, unit: str = "万元") -> Grid:
    cells = [GridCell(row=r, col=c, text=text, page=page, bbox=(50.0 + 60 * c, 100.0 + 20 * r, 100.0 + 60 * c,
                                                                   115.0 + 20 * r))
             for r, row in enumerate(rows) for c, text in enumerate(row)]
    return Grid(kind="ruled", pages=[page], n_rows=len(rows), n_cols=len(rows[0]), cells=cells, header_rows=1,
                title_lines=[Line(text=title), Line(text=f"单位：{unit}")])


def _filing(doc_id: str, entity: str, year: int, three: tuple[float, float, float, float], *,
            admin: float | None = 120.5, change: str = "比上年减少0.90万元", unit: str = "万元") -> tuple:
    total, outbound, reception, car = three
    k = 10000 if unit == "元" else 1
    t09 = _grid([["项目", "合计", "一般公共预算"],
                 ["“三公”经费", f"{total * k:.2f}", f"{total * k:.2f}"],
                 ["其中：（一）因公出国（境）支出", f"{outbound * k:.2f}", f"{outbound * k:.2f}"],
                 ["（二）公务用车购置及运行维护费", f"{car * k:.2f}", f"{car * k:.2f}"],
                 ["（三）公务接待费支出", f"{reception * k:.2f}", f"{reception * k:.2f}"]],
                page=9, title="财政拨款“三公”经费预算表", unit=unit)
    rows = [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
            ["201", "一般公共服务支出", "500.00", "300.00", "200.00"]]
    if admin is not None:
        rows.append(["2010401", "行政运行", f"{admin:.2f}", f"{admin:.2f}", "0.00"])
    rows.append(["", "合计", "800.00", "450.00", "350.00"])
    t05 = _grid(rows, page=7, title="一般公共预算支出预算表")
    sentence = f"公务接待费预算{reception:.2f}万元，{change}，主要原因是压缩接待。"
    pages = [Page(number=p, source="text", lines=[Line(text=f"{entity}{year}年部门预算")] if p == 1 else [])
             for p in range(1, 10)]
    pages[4].blocks.append(Block(kind="text", text=sentence, bbox=(50, 300, 500, 320),
                                 lines=[Line(text=sentence, bbox=(50, 300, 500, 320))]))
    path = f"/filings/{doc_id}.pdf"
    document = Document(doc_id=doc_id, sha256=doc_id * 4, path=path, media="pdf", pages=pages, tables=[t05, t09])
    filing = Filing(doc_id=doc_id, source=Source(path=path, sha256=doc_id * 4, pages=9, media="pdf"),
                    entity=entity, fiscal_year=year, doc_type="budget")
    return document, filing


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    home = tmp_path_factory.mktemp("ws")
    a = asker_over(
        home,
        _filing("a" * 16, "澄岚县医疗保障局", 2023, (35.10, 28.00, 4.10, 3.00)),
        _filing("b" * 16, "澄岚县医疗保障局", 2022, (36.00, 28.00, 5.00, 3.00), change="比上年增加1.00万元"),
        _filing("c" * 16, "澄岚县卫生健康委员会", 2023, (50.00, 40.00, 6.00, 4.00), admin=None),
        _filing("d" * 16, "澄岚县公安局", 2023, (80.00, 50.00, 10.00, 20.00)),
        _filing("e" * 16, "澄岚县公安局交通管理局", 2023, (90.00, 60.00, 10.00, 20.00), unit="元"),
    )
    yield a
    a.close()


def test_lookup_cites_the_page_and_answers_in_the_unit_asked(asker):
    a = asker.ask("澄岚县医保局2023年公务接待费是多少万元？")
    assert (a.kind, a.value, a.unit) == ("value", 4.10, "万元")
    assert 9 in {c.page for c in a.citations} and a.verified
    assert a.understood["entity"] == "澄岚县医疗保障局" and a.understood["year"] == 2023
    a = asker.ask("澄岚县医保局2023年公务接待费是多少元？")
    assert (a.value, a.unit) == (41000.0, "元")
    assert "文件印作" in a.answer  # says what the filing printed
    a = asker.ask("澄岚县公安局交通管理局2023年因公出国（境）费是多少万元？")  # printed in 元
    assert (a.value, a.unit) == (60.0, "万元")


def test_difference_sum_share_and_change_show_their_operands(asker):
    a = asker.ask("2023年澄岚县卫健委的“三公”经费比澄岚县医保局多多少万元？")
    assert a.kind == "compare" and a.value == pytest.approx(14.90) and len(a.citations) == 2
    assert "50" in a.answer and "35.10" in a.answer and a.verified
    a = asker.ask("澄岚县医保局2023年因公出国（境）费和公务接待费一共多少万元？")
    assert a.value == pytest.approx(32.10) and len(a.citations) == 2
    a = asker.ask("澄岚县医保局2023年公务接待费占“三公”经费的比重是多少？")
    assert a.unit == "%" and a.value == pytest.approx(11.68, abs=0.01)
    a = asker.ask("澄岚县医保局2023年“三公”经费比上年增长了百分之几？")  # both years printed
    assert a.value == pytest.approx(-2.5, abs=0.01)
    a = asker.ask("澄岚县卫健委2023年公务接待费比上年减少了多少万元？")  # only the statement says
    assert a.value == pytest.approx(0.90) and a.verified


def test_ranking_names_what_it_covered(asker):
    a = asker.ask("澄岚县2023年哪个部门的“三公”经费最多？")
    assert a.kind == "compare" and a.table[0].entity == "澄岚县公安局交通管理局"
    assert len(a.understood["covered"]) == 4 and "比较了 4 份2023年的文件" in a.answer


def test_follow_ups_reuse_the_previous_turn(asker):
    conv = asker.conversation()
    assert conv.ask("澄岚县医保局2023年“三公”经费是多少？").value == pytest.approx(35.10)
    assert conv.ask("那2022年呢？").value == pytest.approx(36.00)
    assert conv.ask("其中公务接待费呢？").value == pytest.approx(5.00)
    state = conv.state.to_dict()
    assert state["names"] == ["澄岚县医疗保障局"] and state["years"] == [2022]


def test_ambiguous_entity_is_a_question_back(asker):
    a = asker.ask("澄岚公安2023年“三公”经费是多少？")
    assert a.kind == "clarify" and a.value is None
    assert {c["label"] for c in a.candidates} == {"澄岚县公安局", "澄岚县公安局交通管理局"}


def test_never_a_total_in_place_of_a_row_the_filing_does_not_print(asker):
    # the 卫健委 filing prints no 行政运行 row: its 合计 (800) must not stand in
    a = asker.ask("澄岚县卫健委2023年行政运行（2010401）支出是多少？")
    assert a.kind == "not_found" and a.value is None
    a = asker.ask("澄岚县卫健委2023年一般公共预算基本支出中的办公费是多少？")
    assert a.kind == "not_found" and a.value is None
    a = asker.ask("澄岚县医保局2023年行政运行（2010401）支出是多少？")
    assert a.value == pytest.approx(120.5)


def test_two_tables_printing_the_same_words_with_different_numbers_are_candidates(tmp_path):
    doc, filing = _filing("f" * 16, "澄岚县统计局", 2023, (10.0, 5.0, 3.0, 2.0))
    for page, value in ((3, "12.00"), (4, "30.00")):  # a project table on each page, nothing to prefer one
        doc.tables.append(_grid([["项目", "金额"], ["专项调查经费", value]], page=page, title="项目支出表"))
    a = asker_over(tmp_path, (doc, filing))
    try:
        ans = a.ask("澄岚县统计局2023年专项调查经费是多少？")
    finally:
        a.close()
    assert ans.kind == "not_found" and ans.value is None
    assert {c["value"] for c in ans.candidates} >= {12.0, 30.0}


def test_a_body_no_filing_is_about_is_not_found(asker):
    a = asker.ask("澄岚县教育局2023年“三公”经费是多少？")
    assert a.kind == "not_found" and a.value is None and not a.citations


def test_session_state_is_its_own_file_written_whole(tmp_path):
    assert load_state(tmp_path, "s1") is None
    save_state(tmp_path, "s1", {"names": ["澄岚县医疗保障局"], "years": [2023]})
    assert load_state(tmp_path, "s1")["years"] == [2023]
    assert [p.name for p in (tmp_path / "sessions").iterdir()] == ["s1.json"]
    (tmp_path / "sessions" / "s1.json").write_text("{broken", encoding="utf-8")
    assert load_state(tmp_path, "s1") is None
    with pytest.raises(UsageError):
        save_state(tmp_path, "../escape", {})


def _answer(**kw) -> Answer:
    base = {"question": "q", "answer": "a", "kind": "value", "verified": True}
    base.update(kw)
    return Answer(**base)


def test_judge_counts_a_wrong_unit_or_page_against_the_answer():
    cite = AnswerCitation(doc_id="x", path="/s/corpus/docs/f.pdf", page=9, quote="4.10")
    gold = {"value": 4.10, "unit": "万元", "page": 9, "kind": "lookup", "files": ["corpus/docs/f.pdf"]}
    assert judge(_answer(value=4.10, unit="万元", citations=[cite]), gold)[0] == "right"
    assert judge(_answer(value=41000, unit="元", citations=[cite]), gold)[0] == "wrong"
    assert judge(_answer(value=4.10, unit="万元", citations=[cite.model_copy(update={"page": 3})]),
                 gold)[0] == "incomplete"
    assert judge(_answer(kind="not_found"), gold)[0] == "not_found"
    assert judge_value(_answer(value=35.87, unit="%"), {"value": 35.86, "unit": "%"}, computed=True,
                       files=[])[0] == "right"
    nf = {"kind": "not_found", "files": []}
    assert judge(_answer(value=1.0), nf)[0] == "wrong" and judge(_answer(kind="not_found"), nf)[0] == "right"
    clar = {"kind": "clarify", "candidates": ["甲局", "乙局"], "files": []}
    assert judge(_answer(kind="clarify", candidates=[{"label": "甲局"}, {"label": "乙局（本级）"}]),
                 clar)[0] == "right"
    assert json.loads(_answer(kind="clarify").model_dump_json())["candidates"] == []
