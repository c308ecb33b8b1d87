"""Ruled tables: cell rectangles from the ruling lines a page draws.

Segments come from PyMuPDF's drawings (stroked lines, thin filled rectangles, the edges
of stroked rectangles). Collinear pieces are joined, connected horizontal and vertical
lines form a lattice, and two neighbouring lattice cells are one merged cell when no
rule separates them. Glyphs are then assigned to cells by their centre, never by the
library's own table text (which garbles decimals in PyMuPDF 2.0).
"""

from __future__ import annotations

from bisect import bisect_right
from typing import Any, Callable, Iterable

from budgetlens.ingest.grid import (
    BBox,
    Glyph,
    PageTable,
    Segment,
    TableCell,
    header_row_count,
    join_glyphs,
)

THIN = 3.0  # a filled rectangle thinner than this is a rule
SNAP = 2.0  # coordinates closer than this are one line
COVER = 0.6  # share of a cell side a rule must cover to separate two cells
OPEN_EDGE = 5.0  # points: column rules running this far past the last row rule leave an open row
OPEN_EDGE_MAX = 80.0  # points: ... but no further than a few wrapped lines


def segments_from_drawings(drawings: Iterable[dict[str, Any]],
                           turn: Callable[[BBox], BBox] | None = None) -> list[Segment]:
    """Horizontal and vertical rules in a page's drawings (white strokes ignored).

    ``turn`` maps unrotated coordinates onto a rotated page as shown.
    """
    out: list[Segment] = []
    for d in drawings:
        kind = d.get("type") or ""
        color = d.get("color") if "s" in kind else d.get("fill")
        if color is not None and len(color) >= 3 and min(color[:3]) > 0.85:
            continue  # white: a background or an eraser, not a rule
        for item in d.get("items", ()):
            op = item[0]
            if op == "l":
                p, q = item[1], item[2]
                _add_line(out, p[0], p[1], q[0], q[1])
            elif op in ("re", "qu"):
                r = item[1]
                if op == "qu":
                    xs = [pt[0] for pt in r]
                    ys = [pt[1] for pt in r]
                    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
                else:
                    x0, y0, x1, y1 = r[0], r[1], r[2], r[3]
                    x0, x1 = min(x0, x1), max(x0, x1)
                    y0, y1 = min(y0, y1), max(y0, y1)
                w, h = x1 - x0, y1 - y0
                if h <= THIN and w > h:
                    out.append(Segment(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2))
                elif w <= THIN and h > w:
                    out.append(Segment((x0 + x1) / 2, y0, (x0 + x1) / 2, y1))
                elif "s" in kind:
                    out += [Segment(x0, y0, x1, y0), Segment(x0, y1, x1, y1),
                            Segment(x0, y0, x0, y1), Segment(x1, y0, x1, y1)]
    if turn is not None:
        out = [Segment(*turn((s.x0, s.y0, s.x1, s.y1))) for s in out]
    return out


def _add_line(out: list[Segment], x0: float, y0: float, x1: float, y1: float) -> None:
    if abs(y1 - y0) <= 1.0 and abs(x1 - x0) > 1.0:
        out.append(Segment(min(x0, x1), (y0 + y1) / 2, max(x0, x1), (y0 + y1) / 2))
    elif abs(x1 - x0) <= 1.0 and abs(y1 - y0) > 1.0:
        out.append(Segment((x0 + x1) / 2, min(y0, y1), (x0 + x1) / 2, max(y0, y1)))


def _join(segs: list[Segment], horizontal: bool) -> list[Segment]:
    """Join collinear pieces that touch or overlap into longer rules."""
    if horizontal:
        keyed = sorted(((s.y0, s.x0, s.x1) for s in segs))
    else:
        keyed = sorted(((s.x0, s.y0, s.y1) for s in segs))
    # group by the fixed coordinate, then merge intervals along the line
    out: list[Segment] = []
    groups: list[list[tuple[float, float, float]]] = []
    for k in keyed:
        if groups and k[0] - groups[-1][-1][0] <= SNAP:
            groups[-1].append(k)
        else:
            groups.append([k])
    for group in groups:
        fixed = sum(g[0] for g in group) / len(group)
        spans = sorted((g[1], g[2]) for g in group)
        a, b = spans[0]
        for s, e in spans[1:]:
            if s <= b + SNAP:
                b = max(b, e)
            else:
                out.append(_seg(fixed, a, b, horizontal))
                a, b = s, e
        out.append(_seg(fixed, a, b, horizontal))
    return out


def _seg(fixed: float, a: float, b: float, horizontal: bool) -> Segment:
    return Segment(a, fixed, b, fixed) if horizontal else Segment(fixed, a, fixed, b)


def _components(hs: list[Segment], vs: list[Segment]) -> list[tuple[list[Segment], list[Segment]]]:
    """Groups of horizontal and vertical rules that touch each other."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(hs):
        for j, v in enumerate(vs):
            if h.x0 - SNAP <= v.x0 <= h.x1 + SNAP and v.y0 - SNAP <= h.y0 <= v.y1 + SNAP:
                a, b = find(i), find(len(hs) + j)
                if a != b:
                    parent[a] = b
    comps: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for i, h in enumerate(hs):
        comps.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vs):
        comps.setdefault(find(len(hs) + j), ([], []))[1].append(v)
    return [c for c in comps.values() if len(c[0]) >= 2 and len(c[1]) >= 2]


def _levels(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out


def _covers(index: dict[int, list[tuple[float, float]]], level: int, a: float, b: float) -> bool:
    """True when the rules at one lattice level cover enough of ``[a, b]``."""
    need = COVER * (b - a)
    got = 0.0
    for lo, hi in index.get(level, ()):
        got += max(0.0, min(hi, b) - max(lo, a))
        if got >= need:
            return True
    return False


def _index(segs: list[Segment], levels: list[float], horizontal: bool) -> dict[int, list[tuple[float, float]]]:
    """Rules grouped by the lattice level they lie on."""
    out: dict[int, list[tuple[float, float]]] = {}
    for s in segs:
        fixed = s.y0 if horizontal else s.x0
        i = bisect_right(levels, fixed + SNAP) - 1
        if i >= 0 and abs(levels[i] - fixed) <= SNAP:
            out.setdefault(i, []).append((s.x0, s.x1) if horizontal else (s.y0, s.y1))
    return out


def find_ruled(glyphs: list[Glyph], segments: list[Segment], page: int) -> list[PageTable]:
    """Every ruled table on a page, glyphs assigned to their cells."""
    hs = _join([s for s in segments if s.horizontal], True)
    vs = _join([s for s in segments if not s.horizontal], False)
    tables: list[PageTable] = []
    for ch, cv in _components(hs, vs):
        table = _lattice(ch + _open_edges(ch, cv, glyphs), cv, glyphs, page)
        if table is not None:
            tables.append(table)
    tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return tables


def _open_edges(hs: list[Segment], vs: list[Segment], glyphs: list[Glyph]) -> list[Segment]:
    """Closing rules for a table whose first or last row has no rule of its own.

    A table cut by a page break is often drawn with its column rules running on to the
    page margin but without the rule that would close the row there, so the row
    (the first row of a continued table, the last one before the break) would fall
    outside the lattice and be lost. When both outer column rules run past the
    top (bottom) row rule by more than ``OPEN_EDGE`` and text sits in that band, the
    band is closed with a rule at the outer column rules' end.
    """
    if len(vs) < 2 or not hs:
        return []
    left = min(vs, key=lambda v: v.x0)
    right = max(vs, key=lambda v: v.x0)
    top, bottom = min(h.y0 for h in hs), max(h.y0 for h in hs)
    out: list[Segment] = []
    end = max(left.y0, right.y0)
    if OPEN_EDGE < top - end <= OPEN_EDGE_MAX and _text_in(glyphs, left.x0, end, right.x0, top):
        out.append(Segment(left.x0, end, right.x0, end))
    end = min(left.y1, right.y1)
    if OPEN_EDGE < end - bottom <= OPEN_EDGE_MAX and _text_in(glyphs, left.x0, bottom, right.x0, end):
        out.append(Segment(left.x0, end, right.x0, end))
    return out


def _text_in(glyphs: list[Glyph], x0: float, y0: float, x1: float, y1: float) -> bool:
    return any(x0 < (g[1] + g[3]) / 2 < x1 and y0 < (g[2] + g[4]) / 2 < y1 and g[0].strip() for g in glyphs)


def _lattice(hs: list[Segment], vs: list[Segment], glyphs: list[Glyph], page: int) -> PageTable | None:
    ys = _levels([h.y0 for h in hs])
    xs = _levels([v.x0 for v in vs])
    if len(ys) < 2 or len(xs) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    v_index, h_index = _index(vs, xs, False), _index(hs, ys, True)
    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covers(v_index, c + 1, ys[r], ys[r + 1]):
                join(r * nc + c, r * nc + c + 1)
            if r + 1 < nr and not _covers(h_index, r + 1, xs[c], xs[c + 1]):
                join(r * nc + c, (r + 1) * nc + c)
    regions: dict[int, list[int]] = {}
    for i in range(nr * nc):
        regions.setdefault(find(i), []).append(i)
    if len(regions) < 2:
        return None  # a frame around text, not a table
    box = (xs[0], ys[0], xs[-1], ys[-1])
    owner = {i: root for root, members in regions.items() for i in members}
    texts: dict[int, list[Glyph]] = {root: [] for root in regions}
    x0, y0, x1, y1 = box
    for g in glyphs:
        cx, cy = (g[1] + g[3]) / 2, (g[2] + g[4]) / 2
        if x0 < cx < x1 and y0 < cy < y1:  # strictly inside: the lattice cell is in range
            texts[owner[(bisect_right(ys, cy) - 1) * nc + bisect_right(xs, cx) - 1]].append(g)
    cells: list[TableCell] = []
    for root, members in regions.items():
        rows = [m // nc for m in members]
        cols = [m % nc for m in members]
        r0, r1, c0, c1 = min(rows), max(rows), min(cols), max(cols)
        bbox: BBox = (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])
        cells.append(TableCell(r0, c0, join_glyphs(texts[root]), bbox, r1 - r0 + 1, c1 - c0 + 1))
    cells.sort(key=lambda c: (c.row, c.col))
    cells, nr = _drop_empty_rows(cells, nr)
    cells, nc, xs = _drop_empty_cols(cells, nc, xs)
    if nr < 1 or not any(c.text for c in cells):
        return None
    matrix = [["" for _ in range(nc)] for _ in range(nr)]
    for c in cells:
        matrix[c.row][c.col] = c.text
    return PageTable("ruled", page, box, nr, nc, tuple(cells), header_row_count(matrix), tuple(xs))


def _drop_empty_rows(cells: list[TableCell], nr: int) -> tuple[list[TableCell], int]:
    """Drop lattice rows that no cell starts in, or whose cells are all empty slivers
    (a double rule draws a 1-2 pt row); spans shrink to the rows kept."""
    starting: list[list[TableCell]] = [[] for _ in range(nr)]
    for c in cells:
        starting[c.row].append(c)
    keep = [r for r in range(nr)
            if starting[r] and not all(c.bbox[3] - c.bbox[1] < 4.0 and not c.text for c in starting[r])]
    remap = {r: i for i, r in enumerate(keep)}
    kept_before = _kept_before(keep, nr)
    out = []
    for c in cells:
        if c.row not in remap:
            continue
        span = kept_before[min(c.row + c.rowspan, nr)] - kept_before[c.row]
        out.append(TableCell(remap[c.row], c.col, c.text, c.bbox, span, c.colspan))
    return out, len(keep)


def _drop_empty_cols(cells: list[TableCell], nc: int, xs: list[float]) -> tuple[list[TableCell], int, list[float]]:
    """The same for columns: slivers between double rules and columns no cell starts in."""
    starting: list[list[TableCell]] = [[] for _ in range(nc)]
    for c in cells:
        starting[c.col].append(c)
    keep = [col for col in range(nc)
            if starting[col] and not all(c.bbox[2] - c.bbox[0] < 4.0 and not c.text for c in starting[col])]
    remap = {c: i for i, c in enumerate(keep)}
    kept_before = _kept_before(keep, nc)
    out = []
    for c in cells:
        if c.col not in remap:
            continue
        span = kept_before[min(c.col + c.colspan, nc)] - kept_before[c.col]
        out.append(TableCell(c.row, remap[c.col], c.text, c.bbox, c.rowspan, span))
    edges = [xs[k] for k in keep] + [xs[-1]]
    return out, len(keep), edges


def _kept_before(keep: list[int], n: int) -> list[int]:
    """``out[i]`` = how many kept indices are below ``i`` (``0 <= i <= n``): the kept rows
    a span ``[a, b)`` covers are ``out[b] - out[a]``."""
    out = [0] * (n + 1)
    kept = set(keep)
    for i in range(n):
        out[i + 1] = out[i] + (i in kept)
    return out
