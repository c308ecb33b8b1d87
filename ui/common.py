"""Pieces every view shares: the language, page images with boxes, a citation in context."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from budgetlens.render import render_page
from budgetlens.store import Store
from budgetlens.ui.text import t


def lang() -> str:
    return st.session_state.get("lang", "zh")


@st.cache_data(show_spinner=False, max_entries=64)
def page_png(path: str, page: int, boxes: tuple[tuple[float, ...], ...] = ()) -> bytes | None:
    return render_page(path, page, boxes=[list(b) for b in boxes])


def context_of(store: Store, doc_id: str, page: int, quote: str, width: int = 160) -> str | None:
    """The text around ``quote`` on its page, for sources without page images (.docx,
    .txt): the paragraph or table row in context. None when the quote is not found."""
    layout = store.layout(doc_id)
    if layout is None:
        return None
    pages = [p for p in layout.pages if p.number == page] or layout.pages
    text = "\n".join(line.text for p in pages for line in p.lines)
    needle = "".join(quote.split())[:40]
    flat = "".join(text.split())
    at = flat.find(needle)
    if at < 0:
        return None
    start, end = max(0, at - width), min(len(flat), at + len(needle) + width)
    return ("…" if start else "") + flat[start:end] + ("…" if end < len(flat) else "")


def show_citation(store: Store, i: int, c) -> None:
    """One citation: name, page and where; opens on the page image with its box, or on
    the paragraph in context for a .docx or .txt source."""
    name = Path(c.path).name
    where = f"{c.where}：" if getattr(c, "where", "") else ""
    label = f"[{i}] {t('page_of', lang(), name=name, page=c.page)} {where}{c.quote[:60]}"
    with st.expander(label):
        st.text(c.quote)  # plain text, wrapped: never Markdown or HTML from a filing
        boxes = (tuple(c.bbox),) if c.bbox else ()
        png = page_png(c.path, c.page, boxes) if Path(c.path).suffix.lower() == ".pdf" else None
        if png:
            st.image(png, caption=t("box_caption", lang(), name=name, page=c.page))
        else:
            around = context_of(store, c.doc_id, c.page, c.quote)
            if around:
                st.caption(t("context", lang()))
                st.text(around)
