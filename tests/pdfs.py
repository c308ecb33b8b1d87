"""Tiny PDFs made inside tests (positioned CJK text with PyMuPDF)."""

from __future__ import annotations

import pymupdf

_FONT = None


def font() -> pymupdf.Font:
    global _FONT
    if _FONT is None:
        _FONT = pymupdf.Font("cjk")
    return _FONT


def text_pdf(pages: list[list[str]], *, size: float = 11) -> bytes:
    """A text-layer PDF: each page a list of lines written top to bottom."""
    doc = pymupdf.open()
    for lines in pages:
        page = doc.new_page(width=595, height=842)
        tw = pymupdf.TextWriter(page.rect)
        y = 72.0
        for line in lines:
            tw.append((72, y), line, font=font(), fontsize=size)
            y += size * 1.8
        tw.write_text(page)
    doc.subset_fonts()
    data = doc.tobytes(garbage=3, deflate=True, no_new_id=True)
    doc.close()
    return data


SIMPLE_FILING = [
    ["某某县医疗保障局", "2023 年度部门决算"],
    ["第二部分 2023 年度部门决算情况说明", "一、收入支出决算总体情况说明",
     "2023 年收入总计、支出总计均为 526.04 万元。"],
]
