"""Where the rules stop: which grids and passages go to the LLM, within a fixed budget.

The rules run first and always. The model is asked only about
- grids that look like tables (a title line with 表) but were located as no standard
  table, or whose table left rows unmapped;
- narrative paragraphs that mention a key figure the rules did not find.
Everything it returns is grounded in ``extract.llm_assist`` and merged with
``merge_llm``, which never replaces a rule value. A model error leaves the rule filing.
"""

from __future__ import annotations

from budgetlens.schemas.document import Document
from budgetlens.schemas.filing import Filing, KeyFigure, Table

MAX_TABLE_CALLS = 6
MAX_NARRATIVE_CALLS = 6

# key figure → words a paragraph stating it must contain
FIGURE_CUES = {
    "income_total": ("收入总计",), "expenditure_total": ("支出总计",),
    "basic_expenditure": ("基本支出",), "project_expenditure": ("项目支出",),
    "personnel_expenditure": ("人员经费",), "public_expenditure": ("公用经费",),
    "three_public_actual": ("三公",), "reception_actual": ("接待",),
    "operating_expenses": ("机关运行经费", "运行经费"), "procurement_total": ("政府采购",),
}


def assist(filing: Filing, document: Document, model, settings) -> Filing:
    from budgetlens.errors import ModelError
    from budgetlens.llm import LLMCache
    from budgetlens.extract.llm_assist import assist_narrative_report, assist_table, merge_llm

    cache = LLMCache.for_settings(settings) if settings is not None else None
    tables: list[Table] = []
    figures: dict[str, KeyFigure] = {}
    try:
        for grid, hint in _grids_to_ask(filing, document)[:MAX_TABLE_CALLS]:
            table, dropped = assist_table(model, grid, hint, cache)
            filing.unmapped.extend(dropped)
            if table is not None:
                tables.append(table)
        for page, text in _passages_to_ask(filing, document)[:MAX_NARRATIVE_CALLS]:
            found, dropped = assist_narrative_report(model, text, page, cache)
            filing.unmapped.extend(dropped)
            for name, kf in found.items():
                figures.setdefault(name, kf)
    except ModelError as exc:
        filing.warnings.append(f"LLM assistance stopped: {exc}")
    return merge_llm(filing, tables, figures)


def _grids_to_ask(filing: Filing, document: Document):
    covered = {p for t in filing.tables if t.rows for p in t.pages}
    unmapped_pages = {(u.table_id, u.page) for u in filing.unmapped if u.kind == "row" and u.page}
    out = []
    for grid in document.tables:
        title = "".join(l.text for l in grid.title_lines)
        if "绩效" in title:
            continue  # performance tables have their own reader
        if not set(grid.pages) & covered and "表" in title:
            out.append((grid, None))
            continue
        hints = {tid for tid, page in unmapped_pages if page in grid.pages and tid}
        if len(hints) == 1:
            out.append((grid, hints.pop()))
    return out


def _passages_to_ask(filing: Filing, document: Document):
    missing = [name for name in FIGURE_CUES if name not in filing.key_figures]
    out = []
    for page in document.pages:
        for block in page.blocks:
            if block.kind != "text":
                continue
            if any(cue in block.text for name in missing for cue in FIGURE_CUES[name]):
                out.append((page, block.text))
    return out
