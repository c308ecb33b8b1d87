"""How a citation is shown: page images with the cited region highlighted, for checking a
citation in one click, and quotes cut short for a one-line label."""

from __future__ import annotations

from pathlib import Path

import pymupdf


def clip(text: str, most: int) -> str:
    """``text`` cut to ``most`` characters for a label, marked with … when cut, and never
    cut inside a number: a cut number reads as another number (…项目支出 0 = 195.12 cut
    after 60 characters read 「0 = 1」)::

        clip("基本支出 167.78 + 项目支出 0 = 195.12，表中合计", 26) → "基本支出 167.78 + 项目支出 0 =…"
    """
    if len(text) <= most:
        return text
    cut = text[:most]
    if text[most].isdigit() or (text[most] in ".,，" and cut[-1:].isdigit()):
        cut = cut.rstrip("0123456789.,")
    return cut.rstrip() + "…"


DOC_TYPES = {"budget": ("预算", "budget"), "final_accounts": ("决算", "final accounts")}


def doc_type_word(value: str | None, *, en: bool = False) -> str:
    """A filing's kind in the reader's words, wherever one is named (the check report's
    header, the first-run report, the app): ``doc_type_word("final_accounts") → "决算"``,
    ``doc_type_word("budget", en=True) → "budget"``; an unknown kind is ``""``."""
    pair = DOC_TYPES.get(value or "")
    return (pair[1] if en else pair[0]) if pair else ""


def unnamed(name: str = "", *, scanned: bool = False, en: bool = False) -> str:
    """How a filing whose body could not be read is named, everywhere it is listed (the
    upload card, a ranking's left-out filings, the units list, the first-run report): in a
    journalist's words, never a bare file name or an empty 「（未识别单位）」::

        unnamed("scan3.pdf", scanned=True) → "未能识别单位的扫描件 scan3.pdf"
        unnamed("x.pdf") → "未能识别单位的文件 x.pdf"
        unnamed("scan3.pdf", scanned=True, en=True) → "scan3.pdf (a scan whose body could not be read)"
    """
    if en:
        what = "a scan" if scanned else "a filing"
        return f"{name} ({what} whose body could not be read)" if name else f"{what} whose body could not be read"
    what = "未能识别单位的扫描件" if scanned else "未能识别单位的文件"
    return f"{what} {name}".strip()


def render_page(path: str | Path, page: int, bbox: list[float] | None = None, *, zoom: float = 1.6,
                boxes: list[list[float]] | None = None) -> bytes | None:
    """PNG of a PDF page (1-based) with ``bbox`` (and every box of ``boxes``: all the cells a
    check involves) outlined; None for sources without pages."""
    path = Path(path)
    if path.suffix.lower() != ".pdf" or not path.is_file():
        return None
    with pymupdf.open(path) as doc:
        if not 1 <= page <= doc.page_count:
            return None
        p = doc[page - 1]
        pix = p.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom), alpha=False)
        for box in ([bbox] if bbox else []) + list(boxes or []):
            # draw on the pixmap, not the document: the source file is never modified
            x0, y0, x1, y1 = (v * zoom for v in box)
            pad = 3
            rect = pymupdf.IRect(int(x0 - pad), int(y0 - pad), int(x1 + pad), int(y1 + pad)) & pix.irect
            if not rect.is_empty:
                _outline(pix, rect)
        return pix.tobytes("png")


def _outline(pix: pymupdf.Pixmap, rect: pymupdf.IRect, width: int = 3) -> None:
    red = (220, 30, 30)
    for r in (
        pymupdf.IRect(rect.x0, rect.y0, rect.x1, rect.y0 + width),
        pymupdf.IRect(rect.x0, rect.y1 - width, rect.x1, rect.y1),
        pymupdf.IRect(rect.x0, rect.y0, rect.x0 + width, rect.y1),
        pymupdf.IRect(rect.x1 - width, rect.y0, rect.x1, rect.y1),
    ):
        r = r & pix.irect
        if not r.is_empty:
            pix.set_rect(r, red)
