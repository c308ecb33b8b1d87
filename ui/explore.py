"""Units × years: pick a unit, see its filings, its key figures over the years, each table
as printed (two-sided tables kept two-sided) and the checks a journalist can act on."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd
import streamlit as st

from budgetlens.qa import METRICS
from budgetlens.schemas.filing import CheckResult, Filing, Table
from budgetlens.store import DocRecord, Store
from budgetlens.ui.common import lang, page_png
from budgetlens.ui.text import STATUS_ORDER, amount, doc_type, plain, status, t

_FIGURE_LABELS = {m.name: m.label for _, actual, budget in METRICS for m in (actual, budget) if m is not None}


def figure_label(name: str) -> str:
    return _FIGURE_LABELS.get(name, name)


def _filing_label(r: DocRecord) -> str:
    return f"{r.fiscal_year or '—'} {doc_type(r.doc_type, lang())} · {r.name}"


def explore_view(store: Store) -> None:
    st.header(t("explore", lang()))
    records = store.documents()
    if not records:
        st.info(t("empty", lang()))
        return
    by_unit: dict[str, list[DocRecord]] = {}
    for r in records:
        by_unit.setdefault(r.entity or r.name, []).append(r)
    unit = st.selectbox(t("unit", lang()), sorted(by_unit), key="explore_unit")
    mine = sorted(by_unit[unit], key=lambda r: (r.fiscal_year or 0, r.doc_type or ""))
    filings = {r.doc_id: store.filing(r.doc_id) for r in mine}
    _key_figures_over_years(mine, filings)
    choice = st.selectbox(t("filings_of", lang(), unit=unit), mine, format_func=_filing_label, key="explore_doc")
    filing = filings.get(choice.doc_id)
    if filing is None:
        return
    tables_tab, checks_tab = st.tabs([t("tables", lang()), t("checks", lang())])
    with tables_tab:
        for table in filing.tables:
            show_table(table)
    with checks_tab:
        checks_panel(choice, filing)


def _key_figures_over_years(records: list[DocRecord], filings: dict[str, Filing | None]) -> None:
    rows = []
    for r in records:
        f = filings.get(r.doc_id)
        for name, fig in (f.key_figures.items() if f else []):
            if fig.unit in ("万元", "元"):
                rows.append({"figure": figure_label(name), "col": f"{r.fiscal_year} {doc_type(r.doc_type, lang())}",
                             "value": fig.value, "page": fig.citation.page})
    if not rows:
        return
    st.subheader(t("key_figures_years", lang()))
    df = pd.DataFrame(rows).drop_duplicates(["figure", "col"])
    wide = df.pivot(index="figure", columns="col", values="value").rename_axis(index=t("key_figures", lang()))
    st.dataframe(wide.map(lambda v: amount(v, "万元") if pd.notna(v) else "—"), use_container_width=True)
    if wide.shape[1] > 1:
        pick = st.multiselect(t("key_figures", lang()), list(wide.index), default=list(wide.index)[:3])
        if pick:
            st.line_chart(wide.loc[pick].T)


def _table_frame(table: Table, rows) -> pd.DataFrame:
    cols: list[str] = []
    for r in rows:
        cols += [c for c in r.cells if c not in cols]
    data = [{t("page", lang()): next((c.citation.page for c in r.cells.values()), ""), "项目": r.label or r.key,
             **{c: (amount(r.cells[c].value) if c in r.cells else "") for c in cols}} for r in rows]
    return pd.DataFrame(data)


def show_table(table: Table) -> None:
    """A table as printed: a two-sided summary table (收入 | 支出) stays two-sided."""
    empty = table.empty and not table.rows
    pages = ", ".join(map(str, table.pages))
    head = f"{table.label or table.table_id} {table.title}（{table.unit}，第 {pages} 页）"
    with st.expander(head + (f"：{t('published_empty', lang())}" if empty else "")):
        income = [r for r in table.rows if r.key.startswith("income.")]
        spend = [r for r in table.rows if not r.key.startswith("income.")]
        if income and spend:
            left, right = st.columns(2)
            left.dataframe(_table_frame(table, income), hide_index=True, use_container_width=True)
            right.dataframe(_table_frame(table, spend), hide_index=True, use_container_width=True)
        elif table.rows:
            st.dataframe(_table_frame(table, table.rows), hide_index=True, use_container_width=True)


def _sorted(checks: list[CheckResult]) -> list[CheckResult]:
    return sorted(checks, key=lambda c: STATUS_ORDER.index(status(c)))


def checks_panel(record: DocRecord, filing: Filing) -> None:
    checks = _sorted(filing.checks)
    if not checks:
        st.info(t("no_checks", lang()))
        return
    counts = Counter(status(c, lang()) for c in checks)
    st.subheader(t("check_counts", lang(), counts="，".join(f"{k} {v}" for k, v in counts.items())))
    message = (lambda c: c.message_en or c.message) if lang() == "en" else (lambda c: c.message or c.message_en)
    df = pd.DataFrame([{t("status", lang()): status(c, lang()), t("explanation", lang()): message(c),
                        t("page", lang()): "、".join(map(str, c.pages))} for c in checks])
    st.dataframe(df, hide_index=True, use_container_width=True)
    st.download_button(t("export", lang()), findings_markdown(record, filing).encode("utf-8"),
                       file_name=f"{Path(record.name).stem}-核对结果.md", mime="text/markdown")
    flagged = [c for c in checks if c.status in ("fail", "warn") and c.pages]
    if flagged and Path(record.path).suffix.lower() == ".pdf":
        pick = st.selectbox(t("show_page", lang()), flagged,
                            format_func=lambda c: f"{status(c, lang())}：{message(c)[:60]}（第 {c.pages[0]} 页）")
        page = pick.pages[0]
        boxes = tuple(tuple(o.bbox) for o in pick.operands if o.bbox and o.page == page)
        png = page_png(record.path, page, boxes)
        if png:
            st.image(png, caption=plain(f"{record.name} 第 {page} 页"))


def findings_markdown(record: DocRecord, filing: Filing) -> str:
    """A filing's findings as Markdown for a story draft: each with its status and pages."""
    lines = [f"# {filing.entity or record.name} {filing.fiscal_year or ''} {doc_type(filing.doc_type)} 核对结果",
             "", f"文件：{record.name}（{filing.source.pages} 页）", ""]
    counts = Counter(status(c) for c in filing.checks)
    lines += ["，".join(f"{k} {counts[k]} 项" for k in STATUS_ORDER if counts[k]), ""]
    for c in _sorted(filing.checks):
        if c.status in ("fail", "warn"):
            pages = "、".join(map(str, c.pages)) or "—"
            lines.append(f"- **{status(c)}**（第 {pages} 页）：{c.message}")
            for o in c.operands:
                if o.value is not None:
                    where = o.table_id or o.figure or ""
                    lines.append(f"  - {where} {o.key or ''} {o.col or ''} = {amount(o.value)}"
                                 f"（第 {o.page} 页）" + (f"：「{o.quote}」" if o.quote else ""))
    return "\n".join(lines) + "\n"
