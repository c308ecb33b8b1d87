"""Columns of a borderless table from the alignment of its body cells.

Amounts are right-aligned in their cell, labels and codes left-aligned, so each body
chunk gives an anchor: its right edge when it is an amount, its left edge otherwise.
Anchors of one kind that sit together form a cluster. Two clusters are one column when
their x spans overlap and no row has a chunk in both (a column of centred numbers, a
``-`` placeholder among amounts, indented sub-labels); clusters that share a row are
always different columns, however close. Boundaries between columns lie in the middle
of the white space between them, and a chunk outside the body (a header) goes to the
column(s) whose zone it covers.
"""

from __future__ import annotations

from dataclasses import dataclass

from budgetlens.ingest.grid import BBox, is_amount

ANCHOR_TOL = 0.5  # line heights: anchors closer than this share a cluster
MERGE_OVERLAP = 0.25  # share of the narrower span two merged clusters must overlap


@dataclass(frozen=True)
class Chunk:
    """A cell-sized piece of one line; ``amount`` when it reads as a printed amount."""

    text: str
    bbox: BBox
    amount: bool

    @property
    def strong(self) -> bool:
        """An amount with decimals or thousands separators: never a code, 行次 or 栏次."""
        return self.amount and ("." in self.text or "," in self.text)


@dataclass(frozen=True)
class Column:
    x0: float
    x1: float
    members: tuple[tuple[int, Chunk], ...]  # (body line index, chunk)

    @property
    def rows(self) -> frozenset[int]:
        return frozenset(r for r, _ in self.members)


def _anchor(c: Chunk) -> tuple[str, float]:
    return ("r", c.bbox[2]) if c.amount and is_amount(c.text) else ("l", c.bbox[0])


def find_columns(body: list[list[Chunk]], height: float) -> list[Column]:
    """Columns, left to right, from the chunks of the body lines (one list per line)."""
    tol = ANCHOR_TOL * max(height, 4.0)
    clusters: list[list[tuple[int, Chunk]]] = []
    for kind in ("r", "l"):
        items = sorted(((_anchor(c)[1], r, c) for r, line in enumerate(body) for c in line
                        if _anchor(c)[0] == kind), key=lambda t: t[0])
        current: list[tuple[int, Chunk]] = []
        last = None
        for x, r, c in items:
            if last is not None and x - last > tol:
                clusters.append(current)
                current = []
            current.append((r, c))
            last = x
        if current:
            clusters.append(current)
    cols = [_column(m) for m in clusters]
    cols = _split_shared_rows(cols)
    return _merge(cols)


def _column(members: list[tuple[int, Chunk]]) -> Column:
    return Column(min(c.bbox[0] for _, c in members), max(c.bbox[2] for _, c in members),
                  tuple(members))


def _split_shared_rows(cols: list[Column]) -> list[Column]:
    """A cluster holding two chunks of one line (anchors chained across two columns)
    is cut at the widest anchor gap until no line repeats."""
    out: list[Column] = []
    todo = list(cols)
    while todo:
        col = todo.pop()
        rows = [r for r, _ in col.members]
        if len(rows) == len(set(rows)) or len(col.members) < 2:
            out.append(col)
            continue
        ordered = sorted(col.members, key=lambda m: _anchor(m[1])[1])
        gaps = [(_anchor(b[1])[1] - _anchor(a[1])[1], i) for i, (a, b) in enumerate(zip(ordered, ordered[1:]))]
        _, cut = max(gaps)
        todo += [_column(ordered[:cut + 1]), _column(ordered[cut + 1:])]
    return out


def _overlap(a: Column, b: Column) -> float:
    inter = min(a.x1, b.x1) - max(a.x0, b.x0)
    narrow = max(min(a.x1 - a.x0, b.x1 - b.x0), 1.0)
    return inter / narrow


def _merge(cols: list[Column]) -> list[Column]:
    cols = list(cols)
    while True:
        best: tuple[float, int, int] | None = None
        for i in range(len(cols)):
            for j in range(i + 1, len(cols)):
                if cols[i].rows & cols[j].rows:
                    continue
                ov = _overlap(cols[i], cols[j])
                if ov >= MERGE_OVERLAP and (best is None or ov > best[0]):
                    best = (ov, i, j)
        if best is None:
            break
        _, i, j = best
        merged = _column(list(cols[i].members) + list(cols[j].members))
        cols = [c for k, c in enumerate(cols) if k not in (i, j)] + [merged]
    return sorted(cols, key=_centre)


def _centre(col: Column) -> float:
    if not col.members:
        return (col.x0 + col.x1) / 2
    xs = sorted((c.bbox[0] + c.bbox[2]) / 2 for _, c in col.members)
    return xs[len(xs) // 2]


def add_header_columns(cols: list[Column], header: list[list[Chunk]]) -> list[Column]:
    """Columns the body leaves empty (上级补助收入 with no amounts), found in the header.

    When two cells of one header line fall in the zone of one body column, the one
    nearest the column's body keeps it and each other gets a column of its own (with
    no members), placed where the header cell is. Lines with more cells go first.
    """
    cols = list(cols)
    for line in sorted(header, key=len, reverse=True):
        bounds = boundaries(cols)
        by_col: dict[int, list[Chunk]] = {}
        for c in line:
            col, span = place(c.bbox, bounds, cols)
            if span == 1:
                by_col.setdefault(col, []).append(c)
        extra: list[Column] = []
        for k, chunks in by_col.items():
            if len(chunks) < 2:
                continue
            mid = _centre(cols[k]) if cols[k].members else (cols[k].x0 + cols[k].x1) / 2
            keep = min(chunks, key=lambda c: abs((c.bbox[0] + c.bbox[2]) / 2 - mid))
            extra += [Column(c.bbox[0], c.bbox[2], ()) for c in chunks
                      if c is not keep and not any(_hits(c, col) for col in cols if col.members)]
        if extra:
            cols = sorted(cols + extra, key=_centre)
    return cols


def _hits(c: Chunk, col: Column) -> bool:
    return min(c.bbox[2], col.x1) - max(c.bbox[0], col.x0) > 0


def boundaries(cols: list[Column]) -> list[float]:
    """x of the boundary between each pair of neighbouring columns.

    A long label that runs under the next column does not move the boundary: the
    current column's right edge counts only chunks ending before the next one starts.
    """
    out: list[float] = []
    for a, b in zip(cols, cols[1:]):
        left = b.x0
        ends = [c.bbox[2] for _, c in a.members if c.bbox[2] <= left + 1.0]
        right = max(ends) if ends else min(a.x1, left)
        out.append((right + left) / 2)
    return out


def place(box: BBox, bounds: list[float], cols: list[Column]) -> tuple[int, int]:
    """``(column, colspan)`` of a chunk that is not part of the body (a header cell).

    A chunk spans several columns when it covers half of the body width of two or more
    of them; otherwise it belongs to the column whose zone holds its centre (a header is
    centred over its cell, which is wider than the amounts printed in it).
    """
    x0, x1 = box[0], box[2]
    covered = [i for i, col in enumerate(cols)
               if min(x1, col.x1) - max(x0, col.x0) >= 0.5 * max(col.x1 - col.x0, 1.0)]
    if len(covered) >= 2:
        return covered[0], covered[-1] - covered[0] + 1
    cx = (x0 + x1) / 2
    return sum(1 for b in bounds if cx > b), 1
