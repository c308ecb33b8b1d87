"""Units × years: pick a unit, see its filings, its key figures over the years, each table
as printed (two-sided tables kept two-sided) and the checks a journalist can act on:
the filing's own, then those across the body's other filings (``checks.across``: its
budget, last year's filing, its department's), shown under each of the two filings."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import altair as alt
import pandas as pd
import streamlit as st

from budgetlens.checks.names import FIGURES, column_name, figure_name, row_name, table_name
from budgetlens.render import clip, unnamed
from budgetlens.schemas.filing import CheckResult, Filing, Table
from budgetlens.store import DocRecord, Store
from budgetlens.ui.common import lang, page_png, unit_name
from budgetlens.ui.text import STATUS_ORDER, UNIT_EN, VERDICTS_EN, amount, doc_type, plain, readable, status, t

def figure_label(name: str) -> str | None:
    """The printed name of a key figure (公务接待费); None for one without a name, which
    is not shown (an internal id never reaches the page)."""
    if name not in FIGURES:
        return None
    zh, en = figure_name(name)
    return en if lang() == "en" else zh


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
        by_unit.setdefault(unit_name(r), []).append(r)
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
        across = across_results(store, choice.doc_id, _signature(records))
        checks_panel(choice, filing, across)


_CHARTED = ("expenditure_total", "basic_expenditure", "project_expenditure")  # drawn unless others are picked


def _key_figures_over_years(records: list[DocRecord], filings: dict[str, Filing | None]) -> None:
    """A row per key figure (in the order the filings print them), a column per filing, and
    a chart of the ones picked over the years, with level labels (2021 决算, 2022 决算)."""
    figure, filing, wan = t("key_figures", lang()), t("filing", lang()), t("wan", lang())
    rows = []
    for r in records:
        f = filings.get(r.doc_id)
        for name, fig in (f.key_figures.items() if f else []):
            if fig.unit in ("万元", "元") and figure_label(name):
                rows.append({figure: figure_label(name), filing: f"{r.fiscal_year} {doc_type(r.doc_type, lang())}",
                             wan: fig.value if fig.unit == "万元" else fig.value / 10_000})
    if not rows:
        return
    st.subheader(t("key_figures_years", lang()))
    df = pd.DataFrame(rows).drop_duplicates([figure, filing])
    order = [label for name in FIGURES if (label := figure_label(name)) in set(df[figure])]
    wide = df.pivot(index=figure, columns=filing, values=wan).reindex(order)
    st.dataframe(wide.map(lambda v: amount(v, "万元", lang=lang()) if pd.notna(v) else "—"), use_container_width=True)
    if wide.shape[1] > 1:
        default = [x for x in map(figure_label, _CHARTED) if x in order] or order[:3]
        pick = st.multiselect(figure, order, default=default, key="explore_chart")
        if pick:
            st.altair_chart(_lines(df[df[figure].isin(pick)], figure, filing, wan), use_container_width=True)


def _lines(df: pd.DataFrame, figure: str, filing: str, wan: str) -> alt.Chart:
    """Lines over the filings, level labels, amounts with thousands separators."""
    return alt.Chart(df).mark_line(point=True).encode(
        x=alt.X(f"{filing}:N", sort=sorted(set(df[filing])), axis=alt.Axis(labelAngle=0, labelLimit=240)),
        y=alt.Y(f"{wan}:Q", axis=alt.Axis(format=",.2f")),
        color=alt.Color(f"{figure}:N", legend=alt.Legend(orient="bottom", labelLimit=320)),
        tooltip=[figure, filing, alt.Tooltip(f"{wan}:Q", format=",.2f")],
    ).properties(height=280)


def _table_frame(table: Table, rows) -> pd.DataFrame:
    cols: list[str] = []
    for r in rows:
        cols += [c for c in r.cells if c not in cols]
    en = lang() == "en"
    data = [{t("page", lang()): next((c.citation.page for c in r.cells.values()), ""),
             t("item", lang()): r.label or row_name(r.key)[1 if en else 0],
             **{_column_label(c): (amount(r.cells[c].value) if c in r.cells else "") for c in cols}} for r in rows]
    return pd.DataFrame(data)


def _column_label(col: str) -> str:
    """The printed header of a column id (基本支出 for ``basic``); a qualified id such as
    ``outbound.general_budget`` names each part."""
    names = [column_name(part)[1 if lang() == "en" else 0] for part in col.split(".")]
    return "·".join(names)


def show_table(table: Table) -> None:
    """A table as printed: a two-sided summary table (收入 | 支出) stays two-sided."""
    empty = table.empty and not table.rows
    pages = ", ".join(map(str, table.pages))
    where = f"（{table.unit}，第 {pages} 页）" if lang() != "en" else f" ({UNIT_EN.get(table.unit, table.unit)}, page {pages})"
    head = f"{table.label or table_name(table.table_id)[1 if lang() == 'en' else 0]} {table.title}{where}"
    with st.expander(head + (t("colon", lang()) + t("published_empty", lang()) if empty else "")):
        income = [r for r in table.rows if r.key.startswith("income.")]
        spend = [r for r in table.rows if not r.key.startswith("income.")]
        if income and spend:
            left, right = st.columns(2)
            left.dataframe(_table_frame(table, income), hide_index=True, use_container_width=True)
            right.dataframe(_table_frame(table, spend), hide_index=True, use_container_width=True)
        elif table.rows:
            st.dataframe(_table_frame(table, table.rows), hide_index=True, use_container_width=True)


def _sorted(checks: Sequence[CheckResult]) -> list[CheckResult]:
    return sorted(checks, key=lambda c: STATUS_ORDER.index(status(c)))


def _signature(records: list[DocRecord]) -> tuple:
    return tuple(sorted((r.doc_id, r.extractor_version) for r in records))


@st.cache_data(show_spinner=False, max_entries=256)
def across_results(_store: Store, doc_id: str, signature: tuple) -> list[CheckResult]:
    """The checks across the body's other filings that concern ``doc_id`` (either side);
    ``signature`` (the workspace's filings and versions) keys the cache."""
    from budgetlens.checks.across import across_for

    filing = _store.filing(doc_id)
    return across_for(filing, _store.filings()) if filing is not None else []


def _counts(checks: Sequence[CheckResult]) -> str:
    counts = Counter(status(c) for c in checks)
    return (", " if lang() == "en" else "，").join(f"{status_word(k)} {counts[k]}" for k in STATUS_ORDER if counts[k])


def status_word(label: str) -> str:
    return VERDICTS_EN[label] if lang() == "en" else label


_RAW_STATUS = re.compile(r"[:：]\s*(pass|warn|fail|skipped)\.?\s*$")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def english_message(c: CheckResult) -> str:
    """A check's message for the English interface. Its own English when it has one (a raw
    status at its end worded: '…: warn' → '…: rounding'); else, for a message only in
    Chinese (more Chinese characters than Latin letters), a sentence from its numbers:
    'Computed 685.07, printed 685.08: a difference of 0.01 (within rounding).'"""
    text = (c.message_en or "").strip()
    latin = len(re.findall(r"[A-Za-z]", text))
    if text and latin >= len(_CJK.findall(text)):
        return _RAW_STATUS.sub(lambda m: ": " + VERDICTS_EN[status(c)], text)
    word = VERDICTS_EN[status(c)]
    if c.expected is None or c.actual is None:
        return f"{word[:1].upper()}{word[1:]} (the check's own wording is in Chinese only)."
    gap = f": a difference of {abs(c.difference):,.2f}" if c.difference else ""
    return f"Computed {c.expected:,.2f}, printed {c.actual:,.2f}{gap} ({word})."


def _message(c: CheckResult) -> str:
    return readable(english_message(c) if lang() == "en" else (c.message or c.message_en), lang())


def _findings(checks: Sequence[CheckResult], most: int = 30) -> None:
    """Each finding that is not 一致, in a whole sentence with its status and pages (the
    table below cuts long sentences): '**不一致**（第 12 页）：…行政运行行：基本支出 167.78 + …'."""
    shown = [c for c in checks if c.status in ("fail", "warn")]
    for c in shown[:most]:
        pages = "、".join(map(str, c.pages)) or "—"
        where = t("page_n", lang(), page=pages)
        st.markdown(f"**{status(c, lang())}** ({where}): {plain(_message(c))}" if lang() == "en"
                    else f"**{status(c, lang())}**（{where}）：{plain(_message(c))}")
    if len(shown) > most:
        st.caption(t("more_in_table", lang(), n=len(shown) - most))


def _checks_table(checks: list[CheckResult]) -> None:
    df = pd.DataFrame([{t("status", lang()): status(c, lang()), t("explanation", lang()): _message(c),
                        t("page", lang()): (", " if lang() == "en" else "、").join(map(str, c.pages))} for c in checks])
    st.dataframe(df, hide_index=True, use_container_width=True,
                 column_config={t("explanation", lang()): st.column_config.TextColumn(width="large")})


def checks_panel(record: DocRecord, filing: Filing, across: Sequence[CheckResult] = ()) -> None:
    checks = _sorted(filing.checks)
    if not checks and not across:
        st.info(t("no_checks", lang()))
        return
    st.subheader(t("check_counts", lang(), counts=_counts(checks) or "—"))
    if checks:
        _findings(checks)
        _checks_table(checks)
    if across:
        st.subheader(t("across_counts", lang(), counts=_counts(across)))
        _findings(_sorted(across))
        _checks_table(_sorted(across))
    st.download_button(t("export", lang()), findings_markdown(record, filing, across).encode("utf-8"),
                       file_name=f"{Path(record.name).stem}-核对结果.md", mime="text/markdown")
    message = _message
    flagged = [c for c in checks if c.status in ("fail", "warn") and c.pages]
    if flagged and Path(record.path).suffix.lower() == ".pdf":
        pick = st.selectbox(t("show_page", lang()), flagged,
                            format_func=lambda c: t("finding", lang(), s=status(c, lang()), m=clip(message(c), 60),
                                                    p=t("page_n", lang(), page=c.pages[0])))
        for page, boxes in involved_boxes(pick):
            png = page_png(record.path, page, boxes)
            if png:
                st.image(png, caption=plain(t("boxed_cells", lang(), name=record.name, page=page, n=len(boxes))))


def involved_boxes(check: CheckResult) -> list[tuple[int, tuple[tuple[float, ...], ...]]]:
    """Each page a check involves with the boxes of its cells there, in page order: a sum
    whose parts are on page 12 and its total on page 13 gives both pages, each boxed
    [(12, (part, part)), (13, (total,))]; a check without boxed cells gives its first page."""
    pages: dict[int, list[tuple[float, ...]]] = {}
    for o in check.operands:
        if o.bbox and o.page:
            boxes = pages.setdefault(o.page, [])
            if tuple(o.bbox) not in boxes:
                boxes.append(tuple(o.bbox))
    if not pages and check.pages:
        pages[check.pages[0]] = []
    return [(page, tuple(boxes)) for page, boxes in sorted(pages.items())]


def _operand(o) -> str:
    """Where an operand is, as printed: 「三公」经费支出决算表 公务接待费 决算数 (never ids)."""
    if o.figure:
        return f"说明文字 {figure_name(o.figure)[0]}" if o.figure in FIGURES else "说明文字"
    parts = [table_name(o.table_id)[0] if o.table_id else "", row_name(o.key)[0] if o.key else "",
             column_name(o.col)[0] if o.col else ""]
    return " ".join(p for p in parts if p)


def findings_markdown(record: DocRecord, filing: Filing, across: Sequence[CheckResult] = ()) -> str:
    """A filing's findings as Markdown for a story draft: each finding that is not 一致
    with its status, pages and the printed values it involves; then those across the
    body's other filings. In Chinese, whatever the interface language."""
    said = (filing.entity or unnamed(record.name, scanned=record.ocr_pages > 0), filing.fiscal_year, doc_type(filing.doc_type) if filing.doc_type else "")
    lines = [f"# {' '.join(str(x) for x in said if x)} 核对结果",
             "", f"文件：{record.name}（{filing.source.pages} 页）", ""]
    for title, checks in (("本文件", filing.checks), ("与同一单位其他文件", list(across))):
        if not checks:
            continue
        counts = Counter(status(c) for c in checks)
        lines += [f"## {title}：" + "，".join(f"{k} {counts[k]} 项" for k in STATUS_ORDER if counts[k]), ""]
        for c in _sorted(checks):
            if c.status in ("fail", "warn"):
                pages = "、".join(map(str, c.pages)) or "—"
                lines.append(f"- **{status(c)}**（第 {pages} 页）：{readable(c.message)}")
                for o in c.operands:
                    if o.value is not None:
                        lines.append(f"  - {_operand(o)} = {amount(o.value)}"
                                     + (f"（第 {o.page} 页）" if o.page else "") + (f"：「{o.quote}」" if o.quote else ""))
        lines.append("")
    return "\n".join(lines)
