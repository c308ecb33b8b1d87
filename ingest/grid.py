"""Tables on one PDF page as rows x columns of cells, and what the page tells around them.

The PDF reader hands every page's words (with their glyphs) and ruling segments here.
Ruled tables come from the ruling lines (``ingest.grid_ruled``): glyphs are assigned to
cell rectangles one by one, so a value glued to the next column's label is still cut at
the rule. What is left is searched for borderless tables by word alignment
(``ingest.grid_text``). ``ingest.grid_merge`` then joins a table continued on the next
page and turns page tables into ``schemas.document.Grid``.

Internal values are frozen dataclasses; only ``Grid`` crosses the module boundary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.ingest.normalize import fold


def built(cls, **values):
    """``cls.model_construct(**values)`` at about a quarter of its cost, for the tens of
    thousands of words and cells a file yields, built from values already checked.
    ``values`` name every field of ``cls``, in the model's order (as ``model_construct``
    would lay them out), and ``cls`` has no private attributes or post-init hook::

        built(Word, text="合计", bbox=(1.0, 2.0, 3.0, 4.0), conf=None)
        == Word.model_construct(text="合计", bbox=(1.0, 2.0, 3.0, 4.0), conf=None)
    """
    obj = _new(cls)
    _set(obj, "__dict__", values)
    _set(obj, "__pydantic_fields_set__", set(values))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


_new, _set = object.__new__, object.__setattr__

BBox = tuple[float, float, float, float]
# one glyph: (character, x0, y0, x1, y1)
Glyph = tuple[str, float, float, float, float]

_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_AMOUNT_RE = re.compile(r"^[-+(（]?\d{1,3}(?:,\d{3})*(?:\.\d+)?[)）%]?$|^[-+(（]?\d+\.\d+[)）%]?$")
_CODE_RE = re.compile(r"^\d{2,9}$")
_NUMBERED_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[.、．]\D)")


@dataclass(frozen=True)
class TextWord:
    """A run of glyphs with no big gap or whitespace inside, on one line."""

    text: str
    bbox: BBox
    glyphs: tuple[Glyph, ...] = ()
    size: float = 10.0

    @property
    def height(self) -> float:
        return self.bbox[3] - self.bbox[1]

    @property
    def cx(self) -> float:
        return (self.bbox[0] + self.bbox[2]) / 2

    @property
    def cy(self) -> float:
        return (self.bbox[1] + self.bbox[3]) / 2


@dataclass(frozen=True)
class TextLine:
    """Words sharing one baseline band, left to right."""

    words: tuple[TextWord, ...]
    bbox: BBox
    text: str


@dataclass(frozen=True)
class Segment:
    """A ruling line: horizontal (``y0 == y1``) or vertical (``x0 == x1``)."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def horizontal(self) -> bool:
        return abs(self.y1 - self.y0) <= abs(self.x1 - self.x0)


@dataclass(frozen=True)
class TableCell:
    row: int
    col: int
    text: str
    bbox: BBox
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class PageTable:
    """One table found on one page, before cross-page merging."""

    kind: str  # "ruled" | "borderless"
    page: int  # 1-based
    bbox: BBox
    n_rows: int
    n_cols: int
    cells: tuple[TableCell, ...]
    header_rows: int = 0
    col_edges: tuple[float, ...] = ()
    title_lines: tuple[TextLine, ...] = field(default=())
    note_lines: tuple[TextLine, ...] = field(default=())

    def row_texts(self, row: int) -> list[str]:
        return [c.text for c in self.cells if c.row == row]


def is_amount(text: str) -> bool:
    """True for a printed amount: ``1,234.56``, ``-3.5``, ``12.0%`` (full-width folded)."""
    t = fold(text).strip().replace(" ", "")
    return bool(t) and _AMOUNT_RE.match(t) is not None


def is_code(text: str) -> bool:
    """True for a bare digit string such as a function code (``2010101``, ``01``)."""
    return _CODE_RE.match(fold(text).strip()) is not None


def has_cjk(text: str) -> bool:
    return _CJK_RE.search(text) is not None


def union(boxes: list[BBox]) -> BBox:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def join_glyphs(glyphs: list[Glyph]) -> str:
    """Text of glyphs in one cell: visual lines top to bottom, glyphs left to right.

    Source spaces are kept (collapsed to one); a wide gap between glyphs becomes a
    space; wrapped lines join without a space, except between two Latin letters.
    """
    if not glyphs:
        return ""
    lines: list[list[Glyph]] = []
    line_y = 0.0  # running mean of the current line's glyph centres
    for g in sorted(glyphs, key=lambda g: ((g[2] + g[4]) / 2, g[1])):
        cy, h = (g[2] + g[4]) / 2, max(g[4] - g[2], 1.0)
        if lines and abs(cy - line_y) < 0.5 * h:
            last = lines[-1]
            last.append(g)
            line_y += (cy - line_y) / len(last)
            continue
        lines.append([g])
        line_y = cy
    parts: list[str] = []
    for line in lines:
        line.sort(key=lambda g: g[1])
        out: list[str] = []
        prev: Glyph | None = None
        for g in line:
            if g[0].isspace():
                if out and out[-1] != " ":
                    out.append(" ")
                prev = g
                continue
            if prev is not None and out and out[-1] != " ":
                size = max(g[4] - g[2], 1.0)
                if g[1] - prev[3] > 0.8 * size:
                    out.append(" ")
            out.append(g[0])
            prev = g
        text = "".join(out).strip()
        if not text:
            continue
        if parts and parts[-1][-1:].isascii() and parts[-1][-1:].isalpha() and text[:1].isascii() and text[:1].isalpha():
            parts.append(" ")
        parts.append(text)
    return "".join(parts)


def header_row_count(rows: list[list[str]]) -> int:
    """How many leading rows are header: those before the first row holding an amount,
    a function/economic code in its first cells, or a 合计/总计 label."""
    for i, cells in enumerate(rows):
        texts = [t for t in cells if t]
        if not texts:
            continue
        if _is_column_number_row(texts):
            continue
        if any(is_amount(t) and ("." in t or "," in t) for t in texts):
            return i
        if any(is_code(t) and len(fold(t).strip()) >= 3 for t in cells[:3] if t):
            return i
        if _NUMBERED_RE.match(texts[0]) or any(_NUMBERED_RE.match(t) for t in texts[1:] if len(t) > 3):
            return i
        if fold(texts[0]).replace(" ", "") in ("合计", "总计"):
            return i
    return 0


def _is_column_number_row(texts: list[str]) -> bool:
    """The 栏次 row: 栏次 / 1 2 3 … (small integers) only."""
    nums = [t for t in texts if fold(t).strip().isdigit()]
    others = [t for t in texts if not fold(t).strip().isdigit()]
    if len(nums) < 2:
        return False
    if any(int(fold(t).strip()) > 60 for t in nums):
        return False
    return all(o.replace(" ", "") in ("栏次", "行次", "栏号", "项目", "科目") or not o.strip() for o in others)
