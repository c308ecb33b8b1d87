"""Borderless tables: rows and columns from word positions alone.

A line is cut into chunks at wide gaps, and between an amount and a label (a two-sided
table prints ``371,514,655.00 一、一般公共服务支出`` with one space). A run of at least
three lines with two or more chunks, amounts among them, is a table. Columns come from
the body lines: amounts cluster by their right edge (numbers are right-aligned), labels
and codes by their left edge; overlapping clusters are one column. A label-only line
inside the body is a wrapped label and joins the row it belongs to, unless it starts a
row of its own (numbered, coded, or spaced like a row).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.grid import (
    BBox,
    PageTable,
    TableCell,
    TextLine,
    TextWord,
    header_row_count,
    is_amount,
    is_code,
    union,
)

CHUNK_GAP = 1.0  # sizes: a wider gap between words separates two cells
MIN_LINES = 3  # lines with two or more chunks that make a table
MAX_ROW_GAP = 3.0  # line heights: a wider vertical gap ends a table
_UNIT_START = ("万元", "元", "亿元", "%", "％", "个", "人", "辆", "次", "年")
_OWN_ROW_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．]|\d{3,9}\b|其中|合计|总计|小计)")


@dataclass(frozen=True)
class Chunk:
    text: str
    bbox: BBox
    amount: bool


def chunks_of(line: TextLine) -> list[Chunk]:
    """A line cut into cell-sized pieces."""
    out: list[list[TextWord]] = []
    for w in line.words:
        if out:
            prev = out[-1][-1]
            gap = w.bbox[0] - prev.bbox[2]
            size = min(prev.size, w.size)
            a_prev, a_w = is_amount(prev.text), is_amount(w.text)
            glued = gap <= CHUNK_GAP * size
            if a_prev and not a_w and not w.text.startswith(_UNIT_START):
                glued = False
            if a_w and not a_prev and gap > 0.3 * size:
                glued = False
            if a_w and a_prev and gap > 0.3 * size:
                glued = False
            if glued:
                out[-1].append(w)
                continue
        out.append([w])
    chunks = []
    for group in out:
        text = _join(group)
        chunks.append(Chunk(text, union([w.bbox for w in group]), is_amount(text)))
    return chunks


def _join(words: list[TextWord]) -> str:
    parts = [words[0].text]
    for prev, w in zip(words, words[1:]):
        if w.bbox[0] - prev.bbox[2] > 0.5 * min(prev.size, w.size):
            parts.append(" ")
        parts.append(w.text)
    return "".join(parts)


def _is_tabular(chunks: list[Chunk]) -> bool:
    return len(chunks) >= 2


def _ends_region(line: TextLine, chunks: list[Chunk]) -> bool:
    text = line.text.strip()
    return len(chunks) == 1 and (text.endswith(("。", "；")) or len(text) > 30)


def find_borderless(lines: list[TextLine], ruled: list[PageTable], page: int) -> list[PageTable]:
    """Borderless tables among the lines not inside a ruled table."""
    free = [l for l in lines if not any(_inside(l.bbox, t.bbox) for t in ruled)]
    tables: list[PageTable] = []
    for region in _regions(free):
        table = _build(region, page)
        if table is not None:
            tables.append(table)
    return tables


def _inside(box: BBox, table: BBox) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return table[0] - 2 <= cx <= table[2] + 2 and table[1] - 2 <= cy <= table[3] + 2


def _regions(lines: list[TextLine]) -> list[list[tuple[TextLine, list[Chunk]]]]:
    regions: list[list[tuple[TextLine, list[Chunk]]]] = []
    current: list[tuple[TextLine, list[Chunk]]] = []

    def close() -> None:
        while current and not _is_tabular(current[-1][1]):
            current.pop()
        tabular = sum(1 for _, ch in current if _is_tabular(ch))
        with_amounts = sum(1 for _, ch in current if any(c.amount for c in ch))
        if tabular >= MIN_LINES and with_amounts >= 2:
            regions.append(list(current))
        current.clear()

    for line in lines:
        chunks = chunks_of(line)
        height = max(line.bbox[3] - line.bbox[1], 4.0)
        if current and line.bbox[1] - current[-1][0].bbox[3] > MAX_ROW_GAP * height:
            close()
        if _ends_region(line, chunks):
            close()
            continue
        if not current and not _is_tabular(chunks):
            continue
        current.append((line, chunks))
    close()
    return regions


def _columns(body: list[list[Chunk]]) -> list[tuple[float, float]]:
    """Column x-ranges from the body chunks: amounts by right edge, labels by left edge."""
    groups: list[tuple[str, float, list[Chunk]]] = []
    for chunks in body:
        for c in chunks:
            kind, anchor = ("r", c.bbox[2]) if c.amount else ("l", c.bbox[0])
            tol = 0.6 * max(c.bbox[3] - c.bbox[1], 4.0)
            for g in groups:
                if g[0] == kind and abs(g[1] - anchor) <= tol:
                    g[2].append(c)
                    break
            else:
                groups.append((kind, anchor, [c]))
    spans = sorted((min(c.bbox[0] for c in g[2]), max(c.bbox[2] for c in g[2])) for g in groups)
    merged: list[list[float]] = []
    for x0, x1 in spans:
        if merged and x0 < merged[-1][1] - 0.5:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _column_of(c: Chunk, cols: list[tuple[float, float]]) -> int:
    """The column a chunk overlaps most, each column widened to the middle of its gaps."""
    best, best_overlap = 0, float("-inf")
    for i, (x0, x1) in enumerate(cols):
        lo = (cols[i - 1][1] + x0) / 2 if i > 0 else float("-inf")
        hi = (x1 + cols[i + 1][0]) / 2 if i + 1 < len(cols) else float("inf")
        overlap = min(hi, c.bbox[2]) - max(lo, c.bbox[0])
        if overlap > best_overlap:
            best, best_overlap = i, overlap
    return best


def _build(region: list[tuple[TextLine, list[Chunk]]], page: int) -> PageTable | None:
    first_body = next(i for i, (_, ch) in enumerate(region) if any(c.amount for c in ch))
    body = [ch for _, ch in region[first_body:] if _is_tabular(ch)]
    cols = _columns(body)
    if len(cols) < 2:
        return None
    pitch = _pitch([l for l, _ in region[first_body:]])
    rows: list[dict[int, list[Chunk]]] = []
    row_boxes: list[BBox] = []
    pending: int | None = None  # a label line waiting for the amounts printed below it
    for i, (line, chunks) in enumerate(region):
        placed: dict[int, list[Chunk]] = {}
        for c in chunks:
            placed.setdefault(_column_of(c, cols), []).append(c)
        if pending is not None and not set(placed) & set(rows[pending]):
            for col, cs in placed.items():
                rows[pending].setdefault(col, []).extend(cs)
            row_boxes[pending] = union([row_boxes[pending], line.bbox])
            pending = None
            continue
        pending = None
        if i > first_body and rows and len(chunks) == 1 and not chunks[0].amount \
                and not _OWN_ROW_RE.match(chunks[0].text):
            col = next(iter(placed))
            gap_prev = line.bbox[1] - row_boxes[-1][3]
            nxt = region[i + 1] if i + 1 < len(region) else None
            gap_next = nxt[0].bbox[1] - line.bbox[3] if nxt else float("inf")
            height = line.bbox[3] - line.bbox[1]
            next_free = nxt is not None and not any(
                _column_of(c, cols) == col for c in nxt[1])
            if next_free and gap_next < gap_prev - 0.1 * height:
                pending = len(rows)  # top half of a label whose amounts sit lower
            elif gap_prev < max(0.5 * (pitch - height), 0.15 * height):
                for c in chunks:
                    rows[-1].setdefault(col, []).append(c)
                row_boxes[-1] = union([row_boxes[-1], line.bbox])
                continue
        rows.append(placed)
        row_boxes.append(line.bbox)
    cells: list[TableCell] = []
    for r, placed in enumerate(rows):
        for col, cs in sorted(placed.items()):
            cs = sorted(cs, key=lambda c: (round(c.bbox[1]), c.bbox[0]))
            same_line = len({round(c.bbox[1]) for c in cs}) == 1
            text = (" " if same_line else "").join(c.text for c in cs)
            cells.append(TableCell(r, col, text, union([c.bbox for c in cs])))
    matrix = [["" for _ in cols] for _ in rows]
    for c in cells:
        matrix[c.row][c.col] = c.text
    edges = tuple([cols[0][0]] + [(a[1] + b[0]) / 2 for a, b in zip(cols, cols[1:])] + [cols[-1][1]])
    box = union([l.bbox for l, _ in region])
    return PageTable("borderless", page, box, len(rows), len(cols), tuple(cells),
                     header_row_count(matrix), edges)


def _pitch(lines: list[TextLine]) -> float:
    gaps = sorted(b.bbox[1] - a.bbox[1] for a, b in zip(lines, lines[1:]) if b.bbox[1] > a.bbox[1])
    return gaps[len(gaps) // 2] if gaps else 20.0
