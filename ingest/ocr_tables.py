"""Tables of an OCR page as ``Grid``s: ruled tables framed from their cells, and
borderless tables rebuilt from rows of detected text boxes.

A borderless grid is a guess from geometry alone (rows by y-centre, columns by
overlapping x extents), so its cells carry the recogniser's confidence scaled by
``BORDERLESS_CONF``: lower than a cell read inside its ruling lines.
"""

from __future__ import annotations

from collections.abc import Callable

from budgetlens.ingest.layout import union_bbox
from budgetlens.ingest.ocr_grid import CellBox, RuledTable
from budgetlens.ingest.ocr_text import looks_numeric
from budgetlens.schemas.document import BBox, Grid, GridCell, Line

BORDERLESS_CONF = 0.8
MIN_BORDERLESS_ROWS = 3
MAX_HEADER_ROWS = 4


def frame_grid(table: RuledTable, cells: list[tuple[CellBox, str, float | None]],
               to_points: Callable[..., BBox], page: int) -> Grid:
    """A ruled table's grid: every cell (empty ones with ``""``) with its span and box."""
    out = [
        GridCell(row=box.row, col=box.col, text=text, page=page,
                 bbox=to_points(box.x0, box.y0, box.x1, box.y1), rowspan=box.rowspan,
                 colspan=box.colspan, conf=None if conf is None else round(conf, 4))
        for box, text, conf in cells
    ]
    grid = Grid(kind="ruled", pages=[page], bbox=to_points(table.x0, table.y0, table.x1, table.y1),
                n_rows=len(table.rows) - 1, n_cols=len(table.cols) - 1, cells=out)
    grid.header_rows = guess_header_rows(grid)
    return grid


def guess_header_rows(grid: Grid) -> int:
    """Leading rows holding no amount: the header, as far as geometry can tell."""
    count = 0
    for row in grid.rows():
        if any(c is not None and looks_numeric(c.text) and not c.text.isdigit() for c in row):
            break
        count += 1
        if count >= MAX_HEADER_ROWS:
            break
    return count if count < grid.n_rows else 0


def borderless_grids(lines: list[Line], page: int) -> tuple[list[Grid], list[Line]]:
    """Runs of lines that hold several boxes, one of them a number, as grids.

    Returns the grids and the lines left over (narrative). A run needs at least
    ``MIN_BORDERLESS_ROWS`` such lines one after the other.
    """
    runs: list[list[Line]] = []
    current: list[Line] = []
    for line in lines:
        if _is_table_row(line):
            current.append(line)
            continue
        if len(current) >= MIN_BORDERLESS_ROWS:
            runs.append(current)
        current = []
    if len(current) >= MIN_BORDERLESS_ROWS:
        runs.append(current)
    taken = {id(l) for run in runs for l in run}
    grids = [_grid_from_rows(run, page) for run in runs]
    return [g for g in grids if g is not None], [l for l in lines if id(l) not in taken]


def _is_table_row(line: Line) -> bool:
    return len(line.words) >= 2 and any(looks_numeric(w.text) for w in line.words)


def _grid_from_rows(rows: list[Line], page: int) -> Grid | None:
    spans = sorted((w.bbox[0], w.bbox[2]) for line in rows for w in line.words if w.bbox)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    if len(columns) < 2:
        return None
    cells: list[GridCell] = []
    for r, line in enumerate(rows):
        by_col: dict[int, list] = {}
        for word in line.words:
            if word.bbox is None:
                continue
            centre = (word.bbox[0] + word.bbox[2]) / 2
            col = min(range(len(columns)), key=lambda c: _distance(centre, columns[c]))
            by_col.setdefault(col, []).append(word)
        for col, words in sorted(by_col.items()):
            confs = [w.conf for w in words if w.conf is not None]
            cells.append(GridCell(
                row=r, col=col, text=" ".join(w.text for w in words), page=page,
                bbox=union_bbox([w.bbox for w in words]),
                conf=round(BORDERLESS_CONF * sum(confs) / len(confs), 4) if confs else None))
    grid = Grid(kind="borderless", pages=[page], bbox=union_bbox([l.bbox for l in rows]),
                n_rows=len(rows), n_cols=len(columns), cells=cells)
    grid.header_rows = guess_header_rows(grid)
    return grid


def _distance(x: float, span: list[float]) -> float:
    if span[0] <= x <= span[1]:
        return 0.0
    return min(abs(x - span[0]), abs(x - span[1]))
