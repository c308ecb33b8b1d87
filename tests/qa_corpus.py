"""A small fact store built from hand-made filings, for question-answering tests."""

from __future__ import annotations

from pathlib import Path

from budgetlens.store import Store
from budgetlens.schemas.document import Block, Document, Grid, GridCell, Line, Page
from budgetlens.schemas.filing import (
    CellValue,
    CheckOperand,
    CheckResult,
    Citation,
    Filing,
    KeyFigure,
    Row,
    Source,
    Table,
)


def _cell(value: float, page: int, quote: str) -> CellValue:
    return CellValue(value=value, citation=Citation(page=page, bbox=[72.0, 300.0, 520.0, 318.0], quote=quote))


def filing(doc_id: str, entity: str, year: int, reception: float, three_public: float, *,
           basic_narrative: float | None = None, basic_table: float = 160.72,
           reason: str = "主要原因是压缩开支。") -> tuple[Document, Filing]:
    path = f"/filings/{doc_id}.pdf"
    t09_quote = f"决算数 {three_public} 0.00 {reception}"
    tables = [
        Table(table_id="T09", title="财政拨款“三公”经费支出决算表", unit="万元", pages=[17], rows=[
            Row(key="actual", label="决算数", cells={"total": _cell(three_public, 17, t09_quote),
                                                   "reception": _cell(reception, 17, t09_quote)}),
        ]),
        Table(table_id="T03", title="支出决算表", unit="万元", pages=[14], rows=[
            Row(key="total", label="合计", cells={"basic": _cell(basic_table, 14, f"合计 526.04 {basic_table} 365.33")}),
        ]),
    ]
    key_figures = {}
    checks = []
    if basic_narrative is not None:
        quote = f"其中：基本支出 {basic_narrative} 万元，占 30.55%"
        key_figures["basic_expenditure"] = KeyFigure(value=basic_narrative, unit="万元",
                                                     citation=Citation(page=5, bbox=[72, 200, 500, 215], quote=quote))
        ok = abs(basic_narrative - basic_table) < 0.01
        checks.append(CheckResult(
            check_id="narrative.basic_expenditure=T03.total.basic", kind="narrative",
            status="pass" if ok else "fail", severity="info" if ok else "error",
            expected=basic_table, actual=basic_narrative,
            message="正文基本支出与支出决算表一致。" if ok else
            f"正文基本支出 {basic_narrative} 与支出决算表 {basic_table} 不一致。",
            operands=[CheckOperand(figure="basic_expenditure", value=basic_narrative, page=5, quote=quote),
                      CheckOperand(table_id="T03", key="total", col="basic", value=basic_table, page=14,
                                   quote=f"合计 526.04 {basic_table} 365.33")],
            pages=[5, 14]))
    lines = [Line(text=f"{entity}{year}年度部门决算", bbox=(72, 72, 400, 90)),
             Line(text="九、财政拨款“三公”经费支出决算情况说明", bbox=(72, 100, 400, 115)),
             Line(text=f"公务接待费支出决算{reception}万元，较上年减少。{reason}", bbox=(72, 120, 500, 135))]
    document = Document(doc_id=doc_id, sha256=doc_id * 4, path=path, media="pdf",
                        pages=[Page(number=1, source="text", lines=lines)])
    f = Filing(doc_id=doc_id, source=Source(path=path, sha256=doc_id * 4, pages=1, media="pdf"),
               entity=entity, fiscal_year=year, doc_type="final_accounts", key_figures=key_figures,
               tables=tables, checks=checks)
    return document, f


def build_store(db: Path) -> Store:
    store = Store(db)
    for doc, f in (
        filing("a" * 16, "镇安县医疗保障局", 2023, 0.32, 0.32, basic_narrative=154.78, reason="主要原因是压缩开支。"),
        filing("b" * 16, "澄岚县医疗保障局", 2023, 1.5, 2.75, basic_narrative=160.72, reason="主要是接待任务增加。"),
        filing("c" * 16, "乌海市医疗保障局", 2023, 0.8, 4.1),
    ):
        store.put(doc, f, path=doc.path, extractor_version="test")
    return store


def ruled_grid(rows: list[list[str]], page: int, title: str) -> Grid:
    """A ruled grid with one header row, titled ``title`` in 万元, its cells boxed in a row."""
    cells = [GridCell(row=r, col=c, text=text, page=page, bbox=(50.0 + 60 * c, 100.0 + 20 * r, 100.0 + 60 * c,
                                                                   115.0 + 20 * r))
             for r, row in enumerate(rows) for c, text in enumerate(row)]
    return Grid(kind="ruled", pages=[page], n_rows=len(rows), n_cols=len(rows[0]), cells=cells, header_rows=1,
                title_lines=[Line(text=title), Line(text="单位：万元")])


def text_block(text: str) -> Block:
    """One text block of one line."""
    return Block(kind="text", text=text, bbox=(50, 300, 500, 320), lines=[Line(text=text, bbox=(50, 300, 500, 320))])


def heading_block(text: str) -> Block:
    """One heading block of one line (a sentence a layout read as a heading)."""
    return Block(kind="heading", text=text, bbox=(50, 280, 500, 295), lines=[Line(text=text, bbox=(50, 280, 500, 295))])


def blocks_page(n: int, *blocks: Block) -> Page:
    """Page ``n`` of a text layer holding the blocks given, in order."""
    page = Page(number=n, source="text", lines=[])
    page.blocks.extend(blocks)
    return page


def text_page(n: int, *sentences: str) -> Page:
    """Page ``n`` of a text layer holding each sentence as a block of its own."""
    return blocks_page(n, *(text_block(s) for s in sentences))


def stored_pdf(doc_id: str, entity: str, tables, *, pages: int | list[Page] = 2, year: int = 2026,
               doc_type: str = "budget") -> tuple[Document, Filing]:
    """A PDF's document and filing as the reader stores them: ``pages`` (a count of blank text
    pages, or the pages themselves) holding ``tables``, filed by ``entity`` for ``year``."""
    path = f"/filings/{doc_id}.pdf"
    if isinstance(pages, int):
        pages = [Page(number=p, source="text", lines=[]) for p in range(1, pages + 1)]
    document = Document(doc_id=doc_id, sha256=doc_id * 4, path=path, media="pdf", pages=pages, tables=list(tables))
    filing = Filing(doc_id=doc_id, source=Source(path=path, sha256=doc_id * 4, pages=len(pages), media="pdf"),
                    entity=entity, fiscal_year=year, doc_type=doc_type)
    return document, filing


def asks_back(answer, names, not_named=()) -> None:
    """``answer`` asks which body was meant, naming every one of ``names`` and none of ``not_named``."""
    assert answer.kind == "clarify" and answer.value is None, answer.answer
    for n in names:
        assert n in answer.answer, (n, answer.answer)
    for n in not_named:
        assert n not in answer.answer, (n, answer.answer)


def asker_over(home: Path, *filings: tuple[Document, Filing]):
    """An answerer (``qa.Asker``) over a workspace at ``home`` holding ``filings``, each a
    document and its filing as the reader would store them."""
    from budgetlens.qa import Asker
    from budgetlens.settings import load

    settings = load(home)
    store = Store(settings.db_path)
    for doc, f in filings:
        store.put(doc, f, path=doc.path, extractor_version="test")
    store.close()
    return Asker(settings)


def final_accounts_filing() -> tuple[Document, Filing]:
    """A 2023 final account (澄岚县医疗保障局) whose spending table prints each line's 年初预算
    beside its 支出决算: 住房公积金 46.80 / 59.84, 一般公共预算财政拨款支出 800.00 / 812.50."""
    grid = ruled_grid([["项目", "年初预算", "支出决算"], ["住房公积金", "46.80", "59.84"],
                       ["一般公共预算财政拨款支出", "800.00", "812.50"]], page=3, title="财政拨款支出决算明细表")
    return stored_pdf("f" * 16, "澄岚县医疗保障局", [grid], pages=4, year=2023, doc_type="final_accounts")


def own_budget_office(doc_id: str, office: str = "澄岚市统计局") -> tuple[Document, Filing]:
    """A 2026 budget of ``office`` whose narrative states its own (本级) budget with the parts it
    includes: 预算5,417.80万元，包括在职人员经费2,830.73万元、公用经费502.22万元、…"""
    pages = [Page(number=p, source="text", lines=[Line(text=f"2026年{office}部门预算")] if p == 1 else [])
             for p in (1, 2)]
    pages[1].blocks.extend(text_block(t) for t in (
        "第三部分 部门预算支出具体情况",
        f"一、{office}（本级）",
        f"{office}（本级）预算5,417.80万元，包括在职人员经费2,830.73万元、公用经费502.22万元、"
        "对个人和家庭的补助支出571.04万元、项目支出1,313.80万元。",
    ))
    return stored_pdf(doc_id, office, [], pages=pages)

