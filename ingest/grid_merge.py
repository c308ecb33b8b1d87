"""Page tables into document ``Grid``s: title and note lines, tables continued over pages.

A table continues on the next page when it is the last table of its page, the next
page's first table has no title of its own and the same columns; the repeated header
rows are dropped and every cell keeps its own page.
"""

from __future__ import annotations

import re
from dataclasses import replace

from budgetlens.ingest.grid import PageTable, TextLine, built
from budgetlens.ingest.normalize import nospace
from budgetlens.schemas.document import Grid, GridCell, Line, Word

MAX_TITLE_LINES = 6
TITLE_GAP = 45.0  # points: a title sits close above its table
EDGE_TOL = 8.0  # points: column edges of two parts of one table agree this well
_TITLE_RE = re.compile(r"(公开\s*\d+\s*表|^表\s*[一二三四五六七八九十\d]+|附表|^\d{1,2}[.、．]?\s*\S*表$|(?<!报)表$"
                       r"|单位[:：]|编制(部门|单位)[:：])")
_NOTE_RE = re.compile(r"^\s*(注|说明|备注)\s*[:：\d１-９(（]")
_NARRATIVE_END = ("。", "；", ";")


def to_line(line: TextLine) -> Line:
    return Line(text=line.text, bbox=line.bbox,
                words=[Word(text=w.text, bbox=w.bbox) for w in line.words])


def with_context(tables: list[PageTable], lines: list[TextLine]) -> list[PageTable]:
    """Each table with the lines just above it (title, label, unit) and the 注 below."""
    out: list[PageTable] = []
    for i, table in enumerate(tables):
        ceiling = tables[i - 1].bbox[3] if i > 0 else -1.0
        floor = tables[i + 1].bbox[1] if i + 1 < len(tables) else float("inf")
        out.append(replace(table, title_lines=tuple(_title_lines(table, lines, ceiling)),
                           note_lines=tuple(_note_lines(table, lines, floor))))
    return out


def _title_lines(table: PageTable, lines: list[TextLine], ceiling: float) -> list[TextLine]:
    above = [l for l in lines if l.bbox[3] <= table.bbox[1] + 2 and l.bbox[1] >= ceiling - 1
             and _overlaps_x(l, table)]
    picked: list[TextLine] = []
    edge = table.bbox[1]
    for line in reversed(above):
        height = max(line.bbox[3] - line.bbox[1], 6.0)
        if edge - line.bbox[3] > max(TITLE_GAP, 3 * height) or len(picked) >= MAX_TITLE_LINES:
            break
        text = line.text.strip()
        if text.endswith(_NARRATIVE_END) or len(nospace(text)) > 60:
            break
        picked.append(line)
        edge = line.bbox[1]
    return list(reversed(picked))


def _note_lines(table: PageTable, lines: list[TextLine], floor: float) -> list[TextLine]:
    below = [l for l in lines if l.bbox[1] >= table.bbox[3] - 2 and l.bbox[3] <= floor + 1]
    picked: list[TextLine] = []
    edge = table.bbox[3]
    for line in below:
        height = max(line.bbox[3] - line.bbox[1], 6.0)
        if line.bbox[1] - edge > 2.5 * height:
            break
        if not picked and not _NOTE_RE.match(line.text):
            break
        if picked and _TITLE_RE.search(line.text.strip()):
            break
        picked.append(line)
        edge = line.bbox[3]
        if len(picked) >= MAX_TITLE_LINES:
            break
    return picked


def _overlaps_x(line: TextLine, table: PageTable) -> bool:
    return line.bbox[2] > table.bbox[0] - 20 and line.bbox[0] < table.bbox[2] + 20


def has_title(table: PageTable) -> bool:
    """True when a table carries a title, label or unit line of its own."""
    return any(_TITLE_RE.search(l.text.strip()) for l in table.title_lines)


def _continues(prev: PageTable, nxt: PageTable, prev_is_last: bool, nxt_is_first: bool) -> bool:
    if not (prev_is_last and nxt_is_first) or nxt.page != prev.page + 1:
        return False
    if has_title(nxt) or prev.note_lines or prev.n_cols != nxt.n_cols:
        return False
    if prev.col_edges and nxt.col_edges and len(prev.col_edges) == len(nxt.col_edges):
        if any(abs(a - b) > EDGE_TOL for a, b in zip(prev.col_edges, nxt.col_edges)):
            return False
    if nxt.header_rows:
        return _header_texts(nxt, nxt.header_rows) == _header_texts(prev, nxt.header_rows)
    return True


def _header_texts(table: PageTable, rows: int) -> list[list[str]]:
    return [[nospace(c.text) for c in table.cells if c.row == r] for r in range(rows)]


def merge_tables(page_tables: list[list[PageTable]]) -> tuple[list[Grid], list[list[tuple[int, int]]]]:
    """Document grids and, for each, the ``(page, index on page)`` parts it was built from."""
    groups: list[list[tuple[int, int]]] = []
    previous: tuple[int, int] | None = None
    for p_index, tables in enumerate(page_tables):
        for t_index, table in enumerate(tables):
            key = (p_index + 1, t_index)
            if previous is not None and t_index == 0:
                pp, pt = previous
                prev = page_tables[pp - 1][pt]
                if _continues(prev, table, pt == len(page_tables[pp - 1]) - 1, True):
                    groups[-1].append(key)
                    previous = key
                    continue
            groups.append([key])
            previous = key
    grids = [_grid([page_tables[p - 1][i] for p, i in group]) for group in groups]
    return grids, groups


def _grid(parts: list[PageTable]) -> Grid:
    first = parts[0]
    cells: list[GridCell] = []
    offset = 0
    for n, part in enumerate(parts):
        skip = part.header_rows if n > 0 else 0
        for c in part.cells:
            if c.row < skip:
                continue
            cells.append(built(GridCell, row=c.row - skip + offset, col=c.col, text=c.text, page=part.page,
                               bbox=c.bbox, rowspan=c.rowspan, colspan=c.colspan, conf=None))
        offset += part.n_rows - skip
    return Grid(kind=first.kind, pages=sorted({p.page for p in parts}), bbox=first.bbox,  # type: ignore[arg-type]
                n_rows=offset, n_cols=max(p.n_cols for p in parts), cells=cells,
                header_rows=first.header_rows,
                title_lines=[to_line(l) for l in first.title_lines],
                note_lines=[to_line(l) for l in parts[-1].note_lines])
