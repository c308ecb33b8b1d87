"""OCR of image-only PDF pages into the layout model: lines, blocks and table grids.

``ocr_page`` is what the PDF reader calls for a page with no usable text layer. It
takes the page image (the embedded scan at its own resolution when the page is one
full-page image, else a rendering at ``settings.ocr_dpi``), undoes a small tilt, finds
ruled tables from their ruling lines and reads them **cell by cell** (recognition only,
on a crop per text line of a cell), so numbers of neighbouring cells are never glued.
The rest of the page goes through text detection on a reduced image and recognition
at full resolution; rows of several detected boxes become a borderless grid.

Boxes are PDF points on the page (the deskew is undone on every box). Cell texts are
repaired by ``ingest.ocr_text.clean_cell_text``, and a number's ``.``/``,`` is checked
against the glyph (a comma hangs below the baseline), since a thousands comma read as
a point would make ``3,494`` into ``3.494``. ``Block.table`` of a table block
indexes the returned grid list: the caller shifts it by the number of grids already in
its document (``shift_table_refs``).
"""

from __future__ import annotations

import atexit
import os
import re
import threading
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

import cv2
import numpy as np
import pymupdf

from budgetlens import progress
from budgetlens.ingest.layout import build_blocks, union_bbox
from budgetlens.ingest.ocr_grid import (
    RuledTable,
    binarize,
    estimate_skew,
    find_ruled_tables,
    line_masks,
    rotate,
    separator_marks,
    text_strips,
)
from budgetlens.ingest.ocr_rec import detect, engine, recognise
from budgetlens.ingest.ocr_text import clean_cell_text
from budgetlens.ingest.ocr_tables import borderless_grids, frame_grid
from budgetlens.schemas.document import Block, Grid, Line, Page, Word

__all__ = ["ocr_page", "ocr_pages", "ocr_workers", "page_image", "shift_table_refs", "engine", "PageImage"]

DET_LONG_SIDE = 1280  # text detection runs on the page reduced to this long side
MIN_SKEW_DEG = 0.05
MIN_PARALLEL_PAGES = 3  # fewer pages than this are read in this process (a worker takes ~2 s to start)
TASKS_PER_WORKER = 3  # a scan's pages go to the pool in about this many tasks per worker


@dataclass(frozen=True)
class PageImage:
    """A grey page image and how its pixels map to PDF points."""

    gray: np.ndarray
    dpi: float  # pixels per inch along x
    sx: float  # pixels per point, x
    sy: float  # pixels per point, y


def page_image(pdf_page: pymupdf.Page, dpi: int = 200) -> PageImage:
    """The page as a grey image: its single full-page scan as stored when there is one
    (reduced if far finer than ``dpi``), else a rendering at ``dpi``."""
    rect = pdf_page.rect
    image = _embedded_scan(pdf_page)
    if image is not None:
        scale = image.shape[1] / rect.width
        if scale * 72 > dpi * 1.5:
            factor = dpi / (scale * 72)
            image = cv2.resize(image, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA)
        gray = image
    else:
        pix = pdf_page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY, alpha=False)
        gray = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width].copy()
    sx, sy = gray.shape[1] / rect.width, gray.shape[0] / rect.height
    return PageImage(gray=gray, dpi=sx * 72, sx=sx, sy=sy)


def _embedded_scan(pdf_page: pymupdf.Page) -> np.ndarray | None:
    """The page's one image when it covers the page upright and unflipped, else None."""
    if pdf_page.rotation:
        return None
    images = pdf_page.get_images(full=True)
    if len(images) != 1:
        return None
    xref = images[0][0]
    try:
        placements = pdf_page.get_image_rects(xref, transform=True)
    except Exception:  # noqa: BLE001 - an odd image dictionary: render instead
        return None
    if len(placements) != 1:
        return None
    bbox, matrix = placements[0]
    page = pdf_page.rect
    if matrix.b or matrix.c or matrix.a <= 0 or matrix.d <= 0:
        return None
    if (bbox & page).get_area() < 0.9 * page.get_area():
        return None
    try:
        pix = pymupdf.Pixmap(pdf_page.parent, xref)
        if pix.alpha:
            pix = pymupdf.Pixmap(pix, 0)
        if pix.colorspace is None or pix.colorspace.n != 1:
            pix = pymupdf.Pixmap(pymupdf.csGRAY, pix)
    except Exception:  # noqa: BLE001 - undecodable stream: render instead
        return None
    gray = np.frombuffer(pix.samples, dtype=np.uint8).reshape(pix.height, pix.stride)[:, : pix.width]
    if abs(bbox.width - page.width) > 2 or abs(bbox.height - page.height) > 2:
        return None  # placed with a margin: rendering keeps the coordinates right
    return gray.copy()


@dataclass(frozen=True)
class _Geometry:
    """Maps boxes of the deskewed image back to PDF points."""

    inverse: np.ndarray  # 2x3
    sx: float
    sy: float

    def to_points(self, x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        corners = np.array([[x0, y0, 1], [x1, y0, 1], [x0, y1, 1], [x1, y1, 1]], dtype=float)
        mapped = corners @ self.inverse.T
        xs, ys = mapped[:, 0] / self.sx, mapped[:, 1] / self.sy
        return (round(float(xs.min()), 2), round(float(ys.min()), 2),
                round(float(xs.max()), 2), round(float(ys.max()), 2))


def ocr_page(pdf_page: pymupdf.Page, settings=None) -> tuple[Page, list[Grid]]:
    """Read an image-only page: its lines and blocks, and the tables on it as grids."""
    dpi = int(getattr(settings, "ocr_dpi", 200) or 200)
    image = page_image(pdf_page, dpi)
    binary = binarize(image.gray)
    angle = estimate_skew(binary)
    gray = image.gray
    matrix = np.array([[1.0, 0, 0], [0, 1.0, 0]])
    if abs(angle) >= MIN_SKEW_DEG:
        gray, matrix = rotate(image.gray, angle)
        binary = binarize(gray)
    geometry = _Geometry(cv2.invertAffineTransform(matrix), image.sx, image.sy)
    horizontal, vertical = line_masks(binary, image.dpi)
    tables = find_ruled_tables(horizontal, vertical, image.dpi)
    ink = cv2.bitwise_and(binary, cv2.bitwise_not(cv2.dilate(horizontal | vertical, np.ones((3, 3), np.uint8))))
    raw = ink  # keeps the small marks (points, commas) the median filter may erase
    ink = cv2.medianBlur(ink, 3)
    number = pdf_page.number + 1
    grids = [_read_ruled(t, gray, ink, raw, image.dpi, geometry, number) for t in tables]
    lines = _read_text(gray, tables, image.dpi, geometry)
    loose_grids, lines = borderless_grids(lines, number)
    grids += loose_grids
    return _assemble(pdf_page, number, angle, grids, lines), grids


def ocr_workers(settings=None) -> int:
    """How many processes OCR a document: ``settings.ocr_workers`` when set, else one per
    core up to two (each runs a one-thread engine)."""
    if _in_worker:
        return 1  # a worker never starts workers of its own
    wanted = int(getattr(settings, "ocr_workers", 0) or 0)
    return wanted if wanted > 0 else max(1, min(2, os.cpu_count() or 1))


def ocr_pages(doc: pymupdf.Document, data: bytes, numbers: list[int],
              settings=None) -> list[tuple[Page, list[Grid]]]:
    """OCR the 1-based pages ``numbers`` of an open PDF whose bytes are ``data``.

    Recognition is CPU-bound and its engine runs one thread, so with two or more
    workers the pages go to worker processes in runs of a few pages (about
    ``TASKS_PER_WORKER`` tasks per worker, each sent the document's bytes), and
    ``progress.report("ocr", done, total)`` tells how many are done as they finish.
    Results are in the order of ``numbers`` and are the same as ``ocr_page`` on each
    page. A failed pool falls back to this process. Workers are
    spawned, so a script calling this must keep its top-level work under
    ``if __name__ == "__main__":`` (as for any ``multiprocessing`` use).
    """
    workers = min(ocr_workers(settings), len(numbers))
    total = len(numbers)
    progress.report("ocr", 0, total)
    if workers > 1 and len(numbers) >= MIN_PARALLEL_PAGES:
        # a few pages per task, so that progress shows as pages finish and the pool
        # balances itself; each task is sent the document's bytes
        size = max(1, -(-len(numbers) // (workers * TASKS_PER_WORKER)))
        shares = [numbers[i:i + size] for i in range(0, len(numbers), size)]
        try:
            pool = _pool(workers)
            futures = {pool.submit(_ocr_share, data, share, settings): share for share in shares}
            done: dict[int, tuple[Page, list[Grid]]] = {}
            for future in as_completed(futures):
                done.update(zip(futures[future], future.result()))
                progress.report("ocr", len(done), total)
            return [done[n] for n in numbers]
        except (BrokenProcessPool, OSError, RuntimeError):
            _drop_pool()
    out = []
    for k, n in enumerate(numbers):
        progress.report("ocr", k, total)
        out.append(ocr_page(doc.load_page(n - 1), settings))
    progress.report("ocr", total, total)
    return out


_pool_lock = threading.Lock()
_pool_state: dict[str, object] = {}


def _pool(workers: int) -> ProcessPoolExecutor:
    """The process-wide OCR pool (spawned workers: the engine's threads make fork unsafe)."""
    import multiprocessing

    with _pool_lock:
        pool = _pool_state.get("pool")
        if pool is None or _pool_state.get("workers") != workers:
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)  # type: ignore[attr-defined]
            pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                       initializer=_worker_init)
            _pool_state.update(pool=pool, workers=workers)
        return pool  # type: ignore[return-value]


def _drop_pool() -> None:
    with _pool_lock:
        pool = _pool_state.pop("pool", None)
        _pool_state.pop("workers", None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)  # type: ignore[attr-defined]


atexit.register(_drop_pool)


_in_worker = False


def _worker_init() -> None:
    global _in_worker
    _in_worker = True
    from budgetlens.limits import die_with_parent

    die_with_parent()  # a killed ingest takes its OCR workers with it
    cv2.setNumThreads(1)
    engine()  # load the models while the first task is on its way


def _ocr_share(data: bytes, numbers: list[int], settings) -> list[tuple[Page, list[Grid]]]:
    """In a worker: OCR some pages of a document."""
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return [ocr_page(doc.load_page(n - 1), settings) for n in numbers]


def _read_ruled(table: RuledTable, gray: np.ndarray, ink: np.ndarray, raw: np.ndarray, dpi: float,
                geometry: _Geometry, page: int) -> Grid:
    """Recognise each cell of a ruled table from its own crops (one per text line)."""
    inset = max(2, int(dpi * 0.012))
    min_h = max(4, int(dpi * 0.03))
    crops: list[np.ndarray] = []
    owners: list[int] = []
    strips: list[tuple[slice, slice]] = []
    for index, cell in enumerate(table.cells):
        x0, y0, x1, y1 = cell.x0 + inset, cell.y0 + inset, cell.x1 - inset, cell.y1 - inset
        if x1 - x0 < 4 or y1 - y0 < 4:
            continue
        for sx0, sy0, sx1, sy1 in text_strips(ink[y0:y1, x0:x1], min_h):
            if (sx1 - sx0) * (sy1 - sy0) < min_h * min_h:
                continue
            crops.append(_crop(gray, x0 + sx0, y0 + sy0, x0 + sx1, y0 + sy1))
            owners.append(index)
            tail = (sy1 - sy0) // 3  # a comma hangs below the digits; the median filter cut it
            strips.append((slice(y0 + sy0, min(y1, y0 + sy1 + tail)), slice(x0 + sx0, x0 + sx1)))
    results = recognise(crops)
    texts: dict[int, list[tuple[str, float]]] = {}
    for owner, strip, (text, conf) in zip(owners, strips, results):
        if text.strip():
            texts.setdefault(owner, []).append((_check_separators(text.strip(), raw[strip], gray[strip]), conf))
    pixel_cells = []
    for index, cell in enumerate(table.cells):
        parts = texts.get(index, [])
        text = clean_cell_text("".join(t for t, _ in parts)) if parts else ""
        conf = float(np.mean([c for _, c in parts])) if parts else None
        pixel_cells.append((cell, text, conf))
    return frame_grid(table, pixel_cells, geometry.to_points, page)


_NUMBER_WITH_SEPARATORS = re.compile(r"^[-+(]?\d[\d.,]*\d[)%]?$")


def _check_separators(text: str, ink: np.ndarray, gray: np.ndarray) -> str:
    """Replace each ``.``/``,`` of a numeric reading by what the glyph shape shows, when
    the marks found on the baseline match the reading's separators one to one."""
    cleaned = clean_cell_text(text)
    if not _NUMBER_WITH_SEPARATORS.match(cleaned) or not re.search(r"[.,]", cleaned):
        return text
    marks = separator_marks(ink, gray)
    seps = [ch for ch in cleaned if ch in ".,"]
    if len(marks) != len(seps) or marks == seps or "?" in marks:
        return cleaned
    it = iter(marks)
    return "".join(next(it) if ch in ".," else ch for ch in cleaned)


def _crop(gray: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> np.ndarray:
    """A text-line crop with a white margin, the way the recogniser expects it."""
    pad_y = max(2, (y1 - y0) // 4)
    pad_x = max(4, (y1 - y0) // 2)
    x0, y0 = max(0, x0 - 1), max(0, y0 - 1)
    piece = gray[y0:y1 + 1, x0:x1 + 1]
    return cv2.copyMakeBorder(piece, pad_y, pad_y, pad_x, pad_x, cv2.BORDER_CONSTANT, value=255)


def _read_text(gray: np.ndarray, tables: list[RuledTable], dpi: float, geometry: _Geometry) -> list[Line]:
    """Detect and read the text outside ruled tables, as lines of boxes (words)."""
    work = gray.copy()
    margin = max(2, int(dpi * 0.02))
    for t in tables:
        work[max(0, t.y0 - margin):t.y1 + margin, max(0, t.x0 - margin):t.x1 + margin] = 255
    h, w = work.shape
    factor = min(1.0, DET_LONG_SIDE / max(h, w))
    small = cv2.resize(work, None, fx=factor, fy=factor, interpolation=cv2.INTER_AREA) if factor < 1 else work
    boxes = detect(small)
    if not boxes:
        return []
    rects = []
    for quad in boxes:
        xs, ys = quad[:, 0] / factor, quad[:, 1] / factor
        x0, y0 = int(max(0, xs.min())), int(max(0, ys.min()))
        x1, y1 = int(min(w, xs.max())), int(min(h, ys.max()))
        if x1 - x0 >= 4 and y1 - y0 >= 4:
            rects.append((x0, y0, x1, y1))
    crops = [cv2.copyMakeBorder(work[y0:y1, x0:x1], 2, 2, 4, 4, cv2.BORDER_CONSTANT, value=255)
             for x0, y0, x1, y1 in rects]
    words: list[tuple[tuple[int, int, int, int], str, float]] = []
    for rect, (text, conf) in zip(rects, recognise(crops)):
        text = text.strip()
        if text and conf >= 0.5:
            words.append((rect, text, conf))
    return _group_lines(words, geometry)


def _group_lines(words, geometry: _Geometry) -> list[Line]:
    """Words whose boxes share most of their height form one line, left to right."""
    words = sorted(words, key=lambda w: ((w[0][1] + w[0][3]) / 2, w[0][0]))
    rows: list[list] = []
    for word in words:
        (x0, y0, x1, y1), _t, _c = word
        if rows:
            ry0 = min(w[0][1] for w in rows[-1])
            ry1 = max(w[0][3] for w in rows[-1])
            overlap = min(y1, ry1) - max(y0, ry0)
            if overlap > 0.5 * min(y1 - y0, ry1 - ry0):
                rows[-1].append(word)
                continue
        rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w[0][0])
        ws = [Word(text=clean_cell_text(t), bbox=geometry.to_points(*r), conf=round(c, 4)) for r, t, c in row]
        lines.append(Line(text=" ".join(w.text for w in ws), bbox=union_bbox([w.bbox for w in ws]),
                          words=ws, conf=round(float(np.mean([w.conf for w in ws])), 4)))
    return lines


def _assemble(pdf_page: pymupdf.Page, number: int, angle: float, grids: list[Grid], lines: list[Line]) -> Page:
    """Reading order top to bottom: narrative lines, and each grid's rows as lines."""
    items: list[tuple[float, str, object]] = [((l.bbox or (0, 0, 0, 0))[1], "line", l) for l in lines]
    for index, grid in enumerate(grids):
        items.append(((grid.bbox or (0, 0, 0, 0))[1], "grid", index))
    items.sort(key=lambda it: it[0])
    page_lines: list[Line] = []
    blocks: list[Block] = []
    pending: list[Line] = []
    for _y, kind, item in items:
        if kind == "line":
            pending.append(item)  # type: ignore[arg-type]
            page_lines.append(item)  # type: ignore[arg-type]
            continue
        blocks += build_blocks(pending)
        pending = []
        grid = grids[item]  # type: ignore[index]
        rows = _grid_lines(grid)
        page_lines += rows
        blocks.append(Block(kind="table", text="\n".join(r.text for r in rows), bbox=grid.bbox,
                            lines=rows, table=item))  # type: ignore[arg-type]
    blocks += build_blocks(pending)
    _attach_captions(grids, lines)
    confs = [l.conf for l in page_lines if l.conf is not None]
    return Page(number=number, width=pdf_page.rect.width, height=pdf_page.rect.height, source="ocr",
                rotation=round(angle, 3), lines=page_lines, blocks=blocks,
                ocr_conf=round(float(np.mean(confs)), 4) if confs else None)


def _grid_lines(grid: Grid) -> list[Line]:
    out = []
    for row in grid.rows():
        cells = [c for c in row if c is not None and c.text]
        if not cells:
            continue
        words = [Word(text=c.text, bbox=c.bbox, conf=c.conf) for c in cells]
        confs = [c.conf for c in cells if c.conf is not None]
        out.append(Line(text=" ".join(w.text for w in words), bbox=union_bbox([w.bbox for w in words]),
                        words=words, conf=round(float(np.mean(confs)), 4) if confs else None))
    return out


def _attach_captions(grids: list[Grid], lines: list[Line]) -> None:
    """Up to three lines just above each grid are its title lines; lines just below
    starting with 注 (or directly under it) are its notes. A line is above the grid when its
    middle is: on a skewed scan the 编制单位 line's box dips a few pixels into the frame."""
    heights = [l.bbox[3] - l.bbox[1] for l in lines if l.bbox]
    unit = float(np.median(heights)) if heights else 12.0
    for grid in grids:
        if grid.bbox is None:
            continue
        gx0, gy0, gx1, gy1 = grid.bbox
        above = [l for l in lines if l.bbox and (l.bbox[1] + l.bbox[3]) / 2 <= gy0 and gy0 - l.bbox[3] < 4 * unit
                 and l.bbox[2] > gx0 and l.bbox[0] < gx1]
        grid.title_lines = sorted(above, key=lambda l: l.bbox[1])[-3:]
        below = [l for l in lines if l.bbox and l.bbox[1] >= gy1 - 2 and l.bbox[1] - gy1 < 2 * unit
                 and l.bbox[2] > gx0 and l.bbox[0] < gx1]
        grid.note_lines = [l for l in sorted(below, key=lambda l: l.bbox[1])
                           if l.text.lstrip().startswith(("注", "说明"))][:3]


def shift_table_refs(page: Page, offset: int) -> None:
    """Make the page's table blocks index a document's table list that already holds
    ``offset`` grids before this page's."""
    for block in page.blocks:
        if block.kind == "table" and block.table is not None:
            block.table += offset
