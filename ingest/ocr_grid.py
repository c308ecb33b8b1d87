"""Image analysis for scanned pages: binarise, deskew, find ruled tables and cells.

Everything here works in pixels on a grey page image (0 black, 255 white) and knows
nothing of the OCR engine. Ruled tables are found from their ruling lines with
morphology: long horizontal and vertical runs of ink are the lines, their positions
the row and column boundaries, and a boundary missing between two neighbouring cells
(no ink along it) means the cells are merged.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import cv2
import numpy as np

MAX_SKEW_DEG = 5.0


@dataclass(frozen=True)
class CellBox:
    """One (possibly merged) cell of a ruled table, in pixels of the deskewed image."""

    row: int
    col: int
    rowspan: int
    colspan: int
    x0: int
    y0: int
    x1: int
    y1: int


@dataclass(frozen=True)
class RuledTable:
    """A table found from its ruling lines: boundaries and cells, in pixels."""

    x0: int
    y0: int
    x1: int
    y1: int
    rows: tuple[int, ...]  # y of each horizontal boundary, top to bottom
    cols: tuple[int, ...]  # x of each vertical boundary, left to right
    cells: tuple[CellBox, ...]


def binarize(gray: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0, robust to grey backgrounds and uneven scans."""
    smooth = cv2.GaussianBlur(gray, (3, 3), 0)
    binary = cv2.adaptiveThreshold(smooth, 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                   cv2.THRESH_BINARY_INV, 31, 15)
    return binary


def estimate_skew(binary: np.ndarray) -> float:
    """The page's tilt in degrees (positive: lines fall to the right), 0 when unsure.

    Long ruling lines give the angle when there are any; otherwise text lines, smeared
    into bars by a horizontal dilation, do. The result is a width-weighted median.
    """
    h, w = binary.shape
    lines = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (max(20, w // 40), 1)))
    lines = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (w // 30, 3)))
    angles = _component_angles(lines, min_width=w // 5)
    if len(angles) < 2:
        bars = cv2.dilate(binary, cv2.getStructuringElement(cv2.MORPH_RECT, (max(9, w // 60), 1)))
        bars = cv2.erode(bars, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 3)))
        angles += _component_angles(bars, min_width=w // 4)
    if not angles:
        return 0.0
    values = np.array([a for a, _ in angles])
    weights = np.array([wt for _, wt in angles], dtype=float)
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    median = float(values[order][np.searchsorted(cumulative, cumulative[-1] / 2)])
    return median if abs(median) <= MAX_SKEW_DEG else 0.0


def _component_angles(mask: np.ndarray, min_width: int) -> list[tuple[float, float]]:
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[tuple[float, float]] = []
    for i in range(1, count):
        x, y, cw, ch, _area = stats[i]
        if cw < min_width or ch > cw / 8:
            continue
        ys, xs = np.nonzero(labels[y:y + ch, x:x + cw] == i)
        if len(xs) < 10:
            continue
        slope = np.polyfit(xs.astype(float), ys.astype(float), 1)[0]
        out.append((math.degrees(math.atan(slope)), float(cw)))
    return out


def rotate(gray: np.ndarray, angle_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """The image turned by ``-angle_deg`` about its centre (undoing a tilt), and the
    2x3 affine matrix that maps original pixels to the turned image."""
    h, w = gray.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle_deg, 1.0)
    turned = cv2.warpAffine(gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    return turned, matrix


def line_masks(binary: np.ndarray, dpi: float) -> tuple[np.ndarray, np.ndarray]:
    """Horizontal and vertical ruling-line masks (ink runs longer than text strokes)."""
    h_len = max(20, int(dpi * 0.35))
    v_len = max(12, int(dpi * 0.17))
    horizontal = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (h_len, 1)))
    vertical = cv2.morphologyEx(binary, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, v_len)))
    # close small breaks in scanned lines
    gap = max(3, int(dpi * 0.02))
    horizontal = cv2.morphologyEx(horizontal, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (gap * 2, 1)))
    vertical = cv2.morphologyEx(vertical, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, (1, gap * 2)))
    return horizontal, vertical


def find_ruled_tables(horizontal: np.ndarray, vertical: np.ndarray, dpi: float) -> list[RuledTable]:
    """Every ruled table on the page: at least two rows and two columns of lines."""
    h, w = horizontal.shape
    tol = max(3, int(dpi * 0.025))
    grid = cv2.dilate(horizontal | vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (tol, tol)))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(grid, connectivity=8)
    tables: list[RuledTable] = []
    for i in range(1, count):
        x, y, cw, ch, _area = stats[i]
        if cw < w * 0.15 or ch < dpi * 0.25:
            continue
        table = _table_in_region(horizontal, vertical, (x, y, x + cw, y + ch), dpi)
        if table is not None:
            tables.append(table)
    tables.sort(key=lambda t: (t.y0, t.x0))
    return tables


def _segments(mask: np.ndarray, axis: int, min_len: int) -> list[tuple[float, int, int]]:
    """Line segments in a mask: (position across, start, end along) for each component."""
    count, labels, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out = []
    for i in range(1, count):
        x, y, cw, ch, _area = stats[i]
        if axis == 0 and cw >= min_len:
            out.append((float(centroids[i][1]), int(x), int(x + cw)))
        elif axis == 1 and ch >= min_len:
            out.append((float(centroids[i][0]), int(y), int(y + ch)))
    return out


def _cluster(positions: list[float], tol: float) -> list[int]:
    if not positions:
        return []
    positions = sorted(positions)
    groups: list[list[float]] = [[positions[0]]]
    for p in positions[1:]:
        if p - groups[-1][-1] <= tol:
            groups[-1].append(p)
        else:
            groups.append([p])
    return [int(round(sum(g) / len(g))) for g in groups]


def _table_in_region(horizontal: np.ndarray, vertical: np.ndarray,
                     region: tuple[int, int, int, int], dpi: float) -> RuledTable | None:
    x0, y0, x1, y1 = region
    tol = max(3, int(dpi * 0.025))
    min_gap = max(6, int(dpi * 0.06))
    hsub = horizontal[y0:y1, x0:x1]
    vsub = vertical[y0:y1, x0:x1]
    hsegs = _segments(hsub, 0, min_len=max(int(dpi * 0.3), 10))
    vsegs = _segments(vsub, 1, min_len=max(int(dpi * 0.12), 8))
    rows = _merge_close(_cluster([s[0] for s in hsegs], tol), min_gap)
    cols = _merge_close(_cluster([s[0] for s in vsegs], tol), min_gap)
    cols = [x for x in cols if _is_rule(x, vsegs, rows, (0, y1 - y0), 2 * tol + 2)]
    if len(rows) < 2 or len(cols) < 2:
        return None
    # open-sided tables: the outer frame is where the lines end
    width, height = x1 - x0, y1 - y0
    if rows[0] > min_gap:
        rows.insert(0, 0)
    if rows[-1] < height - min_gap:
        rows.append(height - 1)
    if cols[0] > min_gap:
        cols.insert(0, 0)
    if cols[-1] < width - min_gap:
        cols.append(width - 1)
    if len(rows) < 3 or len(cols) < 3:
        return None  # a frame with nothing inside, or a single rule: not a table
    cells = _cells(hsub, vsub, rows, cols, tol)
    return RuledTable(
        x0=x0, y0=y0, x1=x1, y1=y1,
        rows=tuple(r + y0 for r in rows), cols=tuple(c + x0 for c in cols),
        cells=tuple(CellBox(c.row, c.col, c.rowspan, c.colspan, c.x0 + x0, c.y0 + y0,
                            c.x1 + x0, c.y1 + y0) for c in cells),
    )


def _is_rule(x: int, vsegs: list[tuple[float, int, int]], rows: list[int],
             frame: tuple[int, int], tol: int) -> bool:
    """A vertical boundary is real when one of its segments runs from one horizontal
    rule (or the frame) to another; a tall character stroke inside a cell does not."""
    ends = list(rows) + list(frame)
    for pos, start, end in vsegs:
        if abs(pos - x) > tol:
            continue
        if min(abs(start - e) for e in ends) <= tol and min(abs(end - e) for e in ends) <= tol:
            return True
    return False


def _merge_close(values: list[int], min_gap: int) -> list[int]:
    out: list[int] = []
    for v in values:
        if out and v - out[-1] < min_gap:
            continue  # a double rule or a thick border: one boundary
        out.append(v)
    return out


def _has_line(mask: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> bool:
    """True when ink covers most of the band (a ruling line runs along it)."""
    band = mask[max(y0, 0):max(y1, 0), max(x0, 0):max(x1, 0)]
    if band.size == 0:
        return False
    if band.shape[0] >= band.shape[1]:  # vertical band: coverage along y
        coverage = np.count_nonzero(band.max(axis=1)) / band.shape[0]
    else:
        coverage = np.count_nonzero(band.max(axis=0)) / band.shape[1]
    return coverage >= 0.6


def _cells(hmask: np.ndarray, vmask: np.ndarray, rows: list[int], cols: list[int], tol: int) -> list[CellBox]:
    n_r, n_c = len(rows) - 1, len(cols) - 1
    parent = list(range(n_r * n_c))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    def union(a: int, b: int) -> None:
        parent[find(a)] = find(b)

    for r in range(n_r):
        m = max(2, (rows[r + 1] - rows[r]) // 5)
        for c in range(n_c - 1):
            x = cols[c + 1]
            if not _has_line(vmask, x - tol, rows[r] + m, x + tol + 1, rows[r + 1] - m):
                union(r * n_c + c, r * n_c + c + 1)
    for c in range(n_c):
        m = max(2, (cols[c + 1] - cols[c]) // 5)
        for r in range(n_r - 1):
            y = rows[r + 1]
            if not _has_line(hmask, cols[c] + m, y - tol, cols[c + 1] - m, y + tol + 1):
                union(r * n_c + c, (r + 1) * n_c + c)
    # make every group a rectangle (an L-shaped group takes its bounding box)
    changed = True
    while changed:
        changed = False
        spans: dict[int, list[int]] = {}
        for idx in range(n_r * n_c):
            root = find(idx)
            r, c = divmod(idx, n_c)
            s = spans.setdefault(root, [r, c, r, c])
            s[0], s[1], s[2], s[3] = min(s[0], r), min(s[1], c), max(s[2], r), max(s[3], c)
        for root, (r0, c0, r1, c1) in spans.items():
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if find(r * n_c + c) != find(root):
                        union(r * n_c + c, root)
                        changed = True
    seen: set[int] = set()
    out: list[CellBox] = []
    for idx in range(n_r * n_c):
        root = find(idx)
        if root in seen:
            continue
        seen.add(root)
        members = [i for i in range(n_r * n_c) if find(i) == root]
        rs = [i // n_c for i in members]
        cs = [i % n_c for i in members]
        r0, r1, c0, c1 = min(rs), max(rs), min(cs), max(cs)
        out.append(CellBox(r0, c0, r1 - r0 + 1, c1 - c0 + 1, cols[c0], rows[r0], cols[c1 + 1], rows[r1 + 1]))
    out.sort(key=lambda b: (b.row, b.col))
    return out


def text_strips(ink: np.ndarray, min_height: int) -> list[tuple[int, int, int, int]]:
    """Text lines inside a cell crop of ``ink`` (255 = ink): ``(x0, y0, x1, y1)`` each.

    A cell may hold a wrapped label over two lines; recognising the crop as one line
    would garble it, so lines are split at empty pixel rows. Specks lower than
    ``min_height`` are dropped.
    """
    rows_ink = np.count_nonzero(ink, axis=1)
    runs: list[list[int]] = []
    for y, n in enumerate(rows_ink):
        if n:
            if runs and y - runs[-1][1] <= 2:
                runs[-1][1] = y
            else:
                runs.append([y, y])
    strips = []
    for y0, y1 in runs:
        if y1 - y0 + 1 < min_height:
            continue
        cols_ink = np.nonzero(np.count_nonzero(ink[y0:y1 + 1], axis=0))[0]
        if cols_ink.size == 0:
            continue
        strips.append((int(cols_ink[0]), y0, int(cols_ink[-1]) + 1, y1 + 1))
    return strips


def separator_marks(ink: np.ndarray, gray: np.ndarray) -> list[str]:
    """The small marks on the baseline of a line of digits, left to right: ``"."`` for a
    dot sitting on the baseline, ``","`` for a comma that hangs below it, ``"?"`` when
    the shape does not tell.

    The recogniser confuses the two, and a thousands comma read as a decimal point
    turns ``3,494`` into ``3.494``. A comma's tail is often too faint to survive
    binarisation, so the tail is looked for in the grey image under the mark.
    """
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    comps = [tuple(int(v) for v in stats[i][:4]) for i in range(1, count) if stats[i][4] >= 4]
    if not comps:
        return []
    height = max(h for _x, _y, _w, h in comps)
    tall = [(x, y, w, h) for x, y, w, h in comps if h >= 0.6 * height]
    if not tall:
        return []
    baseline = int(np.median([y + h for _x, y, _w, h in tall]))
    paper = float(np.percentile(gray, 90))
    marks = []
    for x, y, w, h in sorted(comps):
        if h >= 0.45 * height or w >= 0.45 * height or y + h / 2 < baseline - 0.3 * height:
            continue  # a digit, a minus sign or a speck above the baseline
        below = gray[baseline + 1:baseline + 1 + max(2, int(0.3 * height)), max(0, x - 1):x + w + 1]
        tail = below.size and float(below.min()) < paper - 60
        if tail or y + h - baseline >= 0.12 * height:
            marks.append(",")
        elif y + h - baseline <= 1 and h <= 1.2 * w:
            marks.append(".")
        else:
            marks.append("?")
    return marks
