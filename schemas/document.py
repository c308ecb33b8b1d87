"""The layout model every reader produces: one shape for PDF, scans, .docx and text.

A ``Document`` is a list of ``Page``s; each page holds its text ``Line``s (with
``Word``s and boxes) in reading order, grouped into ``Block``s (headings, narrative
paragraphs, tables). Tables are ``Grid``s of ``GridCell``s, kept at document level so
that a table continued over a page break is one grid whose cells name their own page.

Coordinates are PDF points on the page, origin top-left, ``(x0, y0, x1, y1)``. Sources
without geometry (plain text, .docx) leave ``bbox`` as ``None`` and use ``page`` 1 (text)
or the paragraph/table index (``Line.index``) as location.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

BBox = tuple[float, float, float, float]

Media = Literal["pdf", "docx", "text"]
PageSource = Literal["text", "ocr", "docx", "plain"]
GridKind = Literal["ruled", "borderless", "flattened", "tabbed", "docx", "ocr"]
BlockKind = Literal["heading", "text", "table"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Word(_Model):
    """A run of text with one box: a PyMuPDF span piece, an OCR text line, a docx run."""

    text: str
    bbox: BBox | None = None
    conf: float | None = None  # OCR confidence in [0, 1]; None for a text layer


class Line(_Model):
    """One visual line of text in reading order."""

    text: str
    bbox: BBox | None = None
    words: list[Word] = Field(default_factory=list)
    conf: float | None = None
    index: int | None = None  # paragraph index (docx) or line number (text), 0-based


class Block(_Model):
    """A unit of reading order: a heading, a narrative paragraph or a table."""

    kind: BlockKind
    text: str = ""
    bbox: BBox | None = None
    lines: list[Line] = Field(default_factory=list)
    heading_level: int | None = None  # 1 第一部分, 2 一、, 3 （一）, 4 1.
    table: int | None = None  # index into Document.tables when kind == "table"


class Page(_Model):
    number: int  # 1-based
    width: float | None = None
    height: float | None = None
    source: PageSource
    rotation: float = 0.0  # degrees the scan was deskewed by (OCR pages)
    lines: list[Line] = Field(default_factory=list)
    blocks: list[Block] = Field(default_factory=list)
    ocr_conf: float | None = None  # mean OCR confidence of the page

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


class GridCell(_Model):
    row: int
    col: int
    text: str
    page: int
    bbox: BBox | None = None
    rowspan: int = 1
    colspan: int = 1
    conf: float | None = None


class Grid(_Model):
    """A table as rows x columns of cells, in source order.

    ``header_rows`` is how many leading rows the reader believes are header (0 when it
    cannot tell); extraction decides for itself but may use the hint. ``title_lines``
    are the lines just above the table (title, label such as 公开01表, unit line,
    编制单位) in reading order, and ``note_lines`` the lines just below (注：…).
    """

    kind: GridKind
    pages: list[int]
    bbox: BBox | None = None  # on the first page
    n_rows: int
    n_cols: int
    cells: list[GridCell]
    header_rows: int = 0
    title_lines: list[Line] = Field(default_factory=list)
    note_lines: list[Line] = Field(default_factory=list)

    def rows(self) -> list[list[GridCell | None]]:
        """The grid as a dense row-major matrix (spanned positions hold ``None``)."""
        out: list[list[GridCell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            out[cell.row][cell.col] = cell
        return out


class Document(_Model):
    doc_id: str  # first 16 hex digits of sha256
    sha256: str
    path: str
    media: Media
    pages: list[Page]
    tables: list[Grid] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    @property
    def n_pages(self) -> int:
        return len(self.pages)

    @property
    def ocr_pages(self) -> int:
        return sum(1 for p in self.pages if p.source == "ocr")
