"""Pieces every view shares: the language, page images with boxes, a citation in context."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from budgetlens.render import clip, render_page, unnamed
from budgetlens.store import Store
from budgetlens.ui.text import plain, t


@st.cache_data(show_spinner=False, max_entries=4096)
def _scope_of(_store: Store, doc_id: str, version: str) -> str:
    from budgetlens.checks.across import scope_of
    from budgetlens.index.facts import cover_scope

    filing = _store.filing(doc_id)
    found = scope_of(filing) if filing is not None else None
    return found or cover_scope(_store.layout(doc_id))


def scope(store: Store, record) -> str:
    """部门 or 单位: what the filing's table titles say (``checks.across.scope_of``), else
    its cover (``index.facts.cover_scope``: 部门 unless it says 单位预算 / 单位决算)."""
    return _scope_of(store, record.doc_id, f"{record.sha256}:{record.extractor_version}")


def lang() -> str:
    return st.session_state.get("lang", "zh")


def unit_name(record) -> str:
    """The body a stored filing is by, or for one whose body could not be read, what it
    is and its file (``render.unnamed``: 未能识别单位的扫描件 scan3.pdf)."""
    return record.entity or unnamed(record.name, scanned=record.ocr_pages > 0, en=lang() == "en")


@st.cache_data(show_spinner=False, max_entries=64)
def page_png(path: str, page: int, boxes: tuple[tuple[float, ...], ...] = ()) -> bytes | None:
    return render_page(path, page, boxes=[list(b) for b in boxes])


def _flat(text: str) -> str:
    return "".join(text.split())


def paragraph_context(store: Store, doc_id: str, page: int, quote: str) -> list[tuple[str, bool]] | None:
    """The paragraph a quote of a .docx or .txt source is in, with the paragraphs before
    and after: ``[(text, cited?), …]``; None when the quote is not found on its page.

    A quote may run over several lines: the lines whose joined text holds its start are
    the cited ones ('…公务接待费支出决算 1.11万元…' → the line of item 4, cited, between
    item 3 and item 5)."""
    layout = store.layout(doc_id)
    if layout is None:
        return None
    lines = [line.text for p in layout.pages if p.number == page for line in p.lines]
    needle = _flat(quote)[:40]
    if not needle:
        return None
    flats = [_flat(x) for x in lines]
    for j in range(len(lines)):  # the first line the quote ends on, with the fewest lines before it
        for i in range(j, max(-1, j - 6), -1):
            if needle in "".join(flats[i:j + 1]):
                before = [(x, False) for x in lines[max(0, i - 1):i]]
                after = [(x, False) for x in lines[j + 1:j + 2]]
                return before + [(x, True) for x in lines[i:j + 1]] + after
    return None


def row_context(store: Store, doc_id: str, page: int, quote: str, where: str):
    """The table row a cell quote was read from, as printed: (table title, one-row frame
    of every cell in the row, the cited column); None when no cell matches. ``where``
    starts with the table id (``T09「决算数」公务接待费``)."""
    import pandas as pd

    from budgetlens.checks.names import column_name, table_name

    filing = store.filing(doc_id)
    if filing is None:
        return None
    en = lang() == "en"
    found = []
    for table in filing.tables:
        if where and not where.startswith(table.table_id):
            continue
        for row in table.rows:
            names = {c: "·".join(column_name(p)[1 if en else 0] for p in c.split(".")) for c in row.cells}
            zh_names = {c: "·".join(column_name(p)[0] for p in c.split(".")) for c in row.cells}
            for col, cell in row.cells.items():
                if cell.citation.page == page and _flat(cell.citation.quote) == _flat(quote):
                    # a row may print the same number twice (合计 and its one part): the
                    # column ``where`` names is the cited one
                    found.append((zh_names[col] in where and (row.label or "") in where, table, row, names, col))
    if not found:
        return None
    _, table, row, names, col = max(found, key=lambda x: x[0])
    data = {t("item", lang()): row.label or row.key, **{names[c]: v.citation.quote for c, v in row.cells.items()}}
    title = f"{table.label or table_name(table.table_id)[1 if en else 0]} {table.title}（{table.unit}）"
    return title, pd.DataFrame([data]), names[col]


def printed_where(where: str) -> str:
    """``checks.names.printed_where`` in the interface's language."""
    from budgetlens.checks.names import printed_where as named

    return named(where, en=lang() == "en")


def show_citation(store: Store, i: int, c, title: str = "") -> None:
    """One citation: name, page and where; opens on the page image with its box, or on
    the paragraph in context for a .docx or .txt source. ``title`` goes first (a
    candidate's label: 蘅溪区民政局, 人员经费（371.05 万元）)."""
    name = Path(c.path).name
    where = f"{printed_where(c.where)}：" if getattr(c, "where", "") else ""
    head = f"{title} · " if title else ""
    label = f"[{i}] {head}{t('page_of', lang(), name=name, page=c.page)} {where}{clip(c.quote, 60)}".rstrip()
    with st.expander(label):
        if c.quote:
            st.markdown(plain(c.quote))  # escaped, wrapped: never Markdown or HTML from a filing
        boxes = (tuple(c.bbox),) if c.bbox else ()
        png = page_png(c.path, c.page, boxes) if Path(c.path).suffix.lower() == ".pdf" else None
        if png:
            st.image(png, caption=t("box_caption" if boxes else "page_caption", lang(), name=name, page=c.page))
        elif c.quote:
            show_context(store, c)
        else:
            st.caption(t("page_of", lang(), name=name, page=c.page))


def show_context(store: Store, c) -> None:
    """A .docx or .txt citation in its place: the table row a cell was read from (the
    cited column marked), or the paragraph with its neighbours (the cited one in bold)."""
    found = row_context(store, c.doc_id, c.page, c.quote, getattr(c, "where", ""))
    if found is not None:
        title, frame, col = found
        st.caption(t("row_context", lang(), title=title, page=c.page))
        st.dataframe(frame.style.set_properties(subset=[col], **{"background-color": "#ffd7d7"}),
                     hide_index=True, use_container_width=True)
        return
    paragraphs = paragraph_context(store, c.doc_id, c.page, c.quote)
    if paragraphs:
        st.caption(t("context", lang(), page=c.page))
        st.markdown("\n\n".join(f"**{plain(x)}**" if cited else plain(x) for x, cited in paragraphs))
