"""A page titled as a standard table that prints no table and does not say it is empty."""

from __future__ import annotations

from budgetlens.checks import run_checks
from budgetlens.checks.pages import page_checks
from budgetlens.schemas.document import Document, Grid, GridCell, Line, Page
from test_checks_support import filing, table


def _page(number: int, *texts: str) -> Page:
    return Page(number=number, source="text", width=595, height=842,
                lines=[Line(text=t, bbox=(72.0, 60.0 + 20 * i, 500.0, 75.0 + 20 * i))
                       for i, t in enumerate(texts)])


def _doc(*pages: Page, grids: tuple[int, ...] = ()) -> Document:
    tables = [Grid(kind="ruled", pages=[p], n_rows=1, n_cols=1,
                   cells=[GridCell(row=0, col=0, text="1.00", page=p)]) for p in grids]
    return Document(doc_id="0" * 16, sha256="0" * 64, path="x.pdf", media="pdf",
                    pages=list(pages), tables=tables)


_TITLE = ("2023年国有资本经营预算财政拨款支出决算表", "公开08表", "单位：万元")


def test_titled_page_without_table_or_empty_note_fails() -> None:
    doc = _doc(_page(1, "目录"), _page(14, *_TITLE), _page(15, "第三部分 名词解释"))
    results = list(page_checks(filing(), doc))
    assert [(r.check_id, r.status, r.pages) for r in results] == [
        ("document.page.14.T08", "fail", [14])]
    assert results[0].operands[0].quote == _TITLE[0]
    assert "没有表格" in results[0].message
    # run_checks gives it when the document is passed, and not without it
    assert any(r.check_id == "document.page.14.T08" for r in run_checks(filing(), doc))
    assert not any(r.check_id.startswith("document.page") for r in run_checks(filing()))


def test_empty_notes_tables_and_contents_are_normal() -> None:
    empty = _doc(_page(14, *_TITLE, "本表无数据"))
    said = _doc(_page(14, *_TITLE, "注：本部门2023年度无国有资本经营预算财政拨款支出，故本表为空。"))
    printed = _doc(_page(14, *_TITLE), grids=(14,))
    next_page = _doc(_page(14, *_TITLE), _page(15, "合计 1.00"), grids=(15,))
    extracted = filing(table("T08", {"total": {"total": "0.00"}}, page=14))
    contents = _doc(_page(2, "2023年收入支出决算总表", "2023年收入决算表", "2023年支出决算表",
                          "2023年国有资本经营预算财政拨款支出决算表"))
    chart = _doc(_page(12, "预算支出情况构成表"))
    for doc, f in ((empty, filing()), (said, filing()), (printed, filing()),
                   (next_page, filing()), (_doc(_page(14, *_TITLE)), extracted),
                   (contents, filing()), (chart, filing())):
        assert list(page_checks(f, doc)) == []
