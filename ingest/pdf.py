"""PDF text layer into a ``Document``: lines, words, tables; unusable pages go to OCR.

PyMuPDF gives glyphs with boxes (``rawdict``). Chinese has no spaces, so a "word" is a
run of glyphs without whitespace or a wide gap, and a line's text joins words without
spaces unless they sit apart like table columns. Tables are found per page by
``ingest.grid_ruled`` (ruling lines) and ``ingest.grid_text`` (alignment), then joined
over page breaks by ``ingest.grid_merge``. A page whose text layer is missing or garbage
(``needs_ocr``) is handed to ``ingest.ocr`` when OCR is on.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from pathlib import Path

import pymupdf

from budgetlens import progress
from budgetlens.errors import CorruptFileError, EncryptedError, TooManyPagesError
from budgetlens.settings import Settings
from budgetlens.ingest.grid import Glyph, PageTable, TextLine, TextWord, built, union
from budgetlens.ingest.grid_merge import merge_tables, with_context
from budgetlens.ingest.grid_ruled import find_ruled, segments_from_drawings
from budgetlens.ingest.grid_text import find_borderless
from budgetlens.ingest.layout import build_blocks
from budgetlens.ingest.marks import without_marks
from budgetlens.schemas.document import Block, Document, Grid, Line, Page, Word

_FLAGS = (pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_PRESERVE_LIGATURES
          | pymupdf.TEXT_MEDIABOX_CLIP)
WORD_GAP = 0.8  # a gap wider than this many font sizes splits a span into words
LINE_GAP = 0.5  # words further apart than this many sizes are joined with a space
MIN_CHARS = 12  # fewer visible characters than this is "no text layer"
GARBAGE_SHARE = 0.3  # more unmapped glyphs than this share is "garbage"
_GLUED_RE = re.compile(r"^([-+]?\d[\d,]*\.\d+)(?=[^\d\s.,%])")


def read_pdf(path: Path, data: bytes, sha: str, settings: Settings) -> Document:
    """Read a PDF's text layer (and OCR its image-only pages) into a ``Document``."""
    name = str(path)
    doc = _open(name, data, settings)
    pages: list[Page | None] = []
    page_tables: list[list[PageTable]] = []
    ocr_grids: list[tuple[int, list[Grid]]] = []
    warnings: list[str] = []
    progress.report("read", 0, doc.page_count)
    try:
        scans: list[int] = []  # pages without a usable text layer, read together below
        for index in range(doc.page_count):
            try:
                pdf_page = doc.load_page(index)
            except Exception as exc:  # noqa: BLE001 - MuPDF raises plain RuntimeError
                raise CorruptFileError(name, f"page {index + 1} cannot be read ({exc})") from exc
            number = index + 1
            words, glyphs = page_words(pdf_page)
            if needs_ocr(pdf_page, "".join([g[0] for g in glyphs])):
                if settings.ocr:
                    _refuse_huge(pdf_page, name, number, settings.ocr_dpi)
                scans.append(number)
                pages.append(None)
                page_tables.append([])
                continue
            page, tables = read_page(pdf_page, number, words, glyphs)
            pages.append(page)
            page_tables.append(tables)
        for number, (page, grids) in zip(scans, _ocr(doc, data, scans, settings, warnings)):
            pages[number - 1] = page
            ocr_grids.append((number, grids))
    finally:
        doc.close()
    done = [p for p in pages if p is not None]
    grids, owners = merge_tables(without_marks(page_tables, done))
    tables = _collect(done, page_tables, grids, owners, ocr_grids)
    return Document(doc_id=sha[:16], sha256=sha, path=name, media="pdf", pages=done,
                    tables=tables, warnings=warnings)


MAX_PIXELS = 200_000_000  # an image, or a page rendered for OCR, past this is refused


def _refuse_huge(pdf_page: pymupdf.Page, name: str, number: int, dpi: int) -> None:
    """A page for OCR whose image or rendering would not fit in memory is refused before
    it is decoded (a 40000 × 40000 image is 1.6 GB of grey; an A0 page at 200 dpi is 62
    million pixels)::

        CorruptFileError: page 1 holds an image of 40000×40000 pixels (over 200 million)"""
    for info in pdf_page.get_images(full=True):
        width, height = int(info[2]), int(info[3])
        if width * height > MAX_PIXELS:
            raise CorruptFileError(name, f"page {number} holds an image of {width}×{height} pixels "
                                         f"(over {MAX_PIXELS // 10**6} million)")
    rect = pdf_page.rect
    if rect.width / 72 * dpi * rect.height / 72 * dpi > MAX_PIXELS:
        raise CorruptFileError(name, f"page {number} is {rect.width:.0f}×{rect.height:.0f} pt: rendered at {dpi} dpi "
                                     f"it would be over {MAX_PIXELS // 10**6} million pixels")


def _open(name: str, data: bytes, settings: Settings) -> pymupdf.Document:
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception as exc:  # noqa: BLE001
        raise CorruptFileError(name, f"not a readable PDF ({exc})") from exc
    if doc.needs_pass and not doc.authenticate(""):
        doc.close()
        raise EncryptedError(name, "encrypted PDF: a password is needed to open it")
    if doc.page_count == 0:
        doc.close()
        raise CorruptFileError(name, "the PDF has no pages (truncated or damaged)")
    if getattr(doc, "is_repaired", False) and b"%%EOF" not in data[-2048:]:
        doc.close()  # MuPDF rebuilt a file that stops short: what it shows is incomplete
        raise CorruptFileError(name, "truncated PDF (no end-of-file marker; MuPDF had to repair it)")
    if doc.page_count > settings.max_pages:
        count = doc.page_count
        doc.close()
        raise TooManyPagesError(name, f"{count} pages, more than the limit of {settings.max_pages}")
    return doc


def needs_ocr(page: pymupdf.Page, text: str | None = None) -> bool:
    """True when a page's text layer cannot be used: (almost) no text on a page that
    shows an image, or mostly unmapped glyphs (private-use, U+FFFD, control codes)."""
    if text is None:
        text = page.get_text("text", flags=_FLAGS)
    visible = bad = 0
    for ch, n in Counter(text).items():  # each distinct character once: pages repeat many
        if ch.isspace():
            continue
        visible += n
        if _unmapped(ch):
            bad += n
    if visible < MIN_CHARS:
        return _has_large_image(page)
    return bad / visible > GARBAGE_SHARE


def _unmapped(ch: str) -> bool:
    if ch == "\ufffd":
        return True
    return unicodedata.category(ch) in {"Co", "Cc", "Cs", "Cn"}


def _has_large_image(page: pymupdf.Page) -> bool:
    area = abs(page.rect)
    try:
        infos = page.get_image_info()
    except Exception:  # noqa: BLE001
        return False
    covered = sum(abs(pymupdf.Rect(i["bbox"]) & page.rect) for i in infos)
    return area > 0 and covered / area > 0.3


def _ocr(doc: pymupdf.Document, data: bytes, numbers: list[int], settings: Settings,
         warnings: list[str]) -> list[tuple[Page, list[Grid]]]:
    """The pages ``numbers`` read by OCR, or empty OCR pages with a warning each."""
    if not numbers:
        return []
    reason = "OCR is off" if not settings.ocr else ""
    if not reason:
        try:
            from budgetlens.ingest.ocr import ocr_pages
        except ImportError:
            reason = "OCR is not available"
    if reason:
        out = []
        for number in numbers:
            rect = doc.load_page(number - 1).rect
            warnings.append(f"page {number}: no usable text layer and {reason}")
            out.append((Page(number=number, width=rect.width, height=rect.height, source="ocr"), []))
        return out
    return [(page, list(grids)) for page, grids in ocr_pages(doc, data, numbers, settings)]


def read_page(pdf_page: pymupdf.Page, number: int, words: list[TextWord] | None = None,
              glyphs: list[Glyph] | None = None) -> tuple[Page, list[PageTable]]:
    """One text-layer page: its lines in reading order and the tables on it."""
    if words is None or glyphs is None:
        words, glyphs = page_words(pdf_page)
    lines = group_lines(words)
    segments = segments_from_drawings(_drawings(pdf_page), _turner(pdf_page))
    tables = find_ruled(glyphs, segments, number) if segments else []
    tables += find_borderless(lines, tables, number)
    tables = with_context(sorted(tables, key=lambda t: (t.bbox[1], t.bbox[0])), lines)
    page = Page(number=number, width=pdf_page.rect.width, height=pdf_page.rect.height,
                source="text", lines=[_line_model(l) for l in lines])
    return page, tables


def _drawings(pdf_page: pymupdf.Page) -> list[dict]:
    try:
        return pdf_page.get_cdrawings()
    except Exception:  # noqa: BLE001
        return pdf_page.get_drawings()


# A glyph's spot packs (character, x and y in half points) into one int; a glyph drawn
# again over one kept finds it among its own spot and the eight around it (nine lookups:
# cheaper than marking nine spots for every glyph kept, as most glyphs are kept).
_OFF = 1 << 20  # half points, so that a glyph slightly left of or above the page packs too
_NEIGHBOURS = tuple((dx << 21) + dy for dx in (-1, 0, 1) for dy in (-1, 0, 1))


def page_words(pdf_page: pymupdf.Page) -> tuple[list[TextWord], list[Glyph]]:
    """Words (span pieces split at whitespace and wide gaps) and every glyph.

    Boxes are in the page as shown: a page with ``/Rotate`` has its coordinates turned
    so that its tables read left to right, top to bottom.
    """
    raw = pdf_page.get_text("rawdict", flags=_FLAGS)
    turn = _turner(pdf_page)
    words: list[TextWord] = []
    glyphs: list[Glyph] = []
    add_glyph = glyphs.append
    keep_invisible = _is_searchable_scan(pdf_page, raw)
    near: set[int] = set()  # the spots of the glyphs kept (see _NEIGHBOURS)
    for block in raw.get("blocks", ()):
        for line in block.get("lines", ()):
            if is_diagonal(line["dir"]):
                continue  # a watermark laid across the page (内部资料 at 20°): never content
            upright = turn is None and abs(line["dir"][1]) < 1e-3
            for span in line.get("spans", ()):
                if span.get("alpha", 255) == 0 and not keep_invisible:
                    continue  # invisible text (render mode 3) on a page that prints its own
                size = float(span.get("size") or 10.0)
                gap = WORD_GAP * size
                sy0, sy1 = span["bbox"][1], span["bbox"][3]
                run: list[Glyph] = []
                last_x1 = None
                for ch in span.get("chars", ()):
                    c = ch["c"]
                    box = ch["bbox"]
                    if upright:
                        g = (c, box[0], sy0, box[2], sy1)
                    else:
                        x0, y0, x1, y1 = turn(box) if turn else box
                        g = (c, x0, y0, x1, y1)
                    if not c.isspace():
                        # a title printed six times over itself reads 收收收收收收: keep one
                        # (the same character within half a point of one already kept)
                        spot = (ord(c) << 42) | ((round(g[1] * 2) + _OFF) << 21) | (round(g[2] * 2) + _OFF)
                        if not near.isdisjoint(map(spot.__add__, _NEIGHBOURS)):
                            continue
                        near.add(spot)
                    add_glyph(g)
                    if c.isspace() or not c.isprintable():
                        if run:
                            _flush(run, words, size)
                            run = []
                        last_x1 = None
                        continue
                    if last_x1 is not None and abs(g[1] - last_x1) > gap:
                        _flush(run, words, size)
                        run = []
                    run.append(g)
                    last_x1 = g[3]
                _flush(run, words, size)
    return words, glyphs


DIAGONAL = 0.17  # sine of 10°: text turned further than this from both axes is diagonal


def is_diagonal(direction) -> bool:
    """True for a line set at a slant, neither along nor across the page (a watermark's
    内部资料 turned 20° or 45°). Upright, vertical and upside-down text is kept, and a
    slightly skewed OCR text layer (a few degrees) too::

        is_diagonal((1.0, 0.0)) → False    is_diagonal((0.0, -1.0)) → False
        is_diagonal((0.94, -0.34)) → True   is_diagonal((0.999, 0.04)) → False
    """
    dx, dy = abs(float(direction[0])), abs(float(direction[1]))
    return min(dx, dy) > DIAGONAL * max(1e-9, (dx * dx + dy * dy) ** 0.5)


def _is_searchable_scan(pdf_page: pymupdf.Page, raw: dict) -> bool:
    """A scanned page with an OCR text layer: its text is invisible (render mode 3, alpha
    0) over a page-sized image, and it is the only text the page has. On a born-digital
    page invisible text is not what a reader sees (a hidden figure could make an honest
    check fail), so it is dropped there."""
    spans = [span for block in raw.get("blocks", ()) for line in block.get("lines", ())
             for span in line.get("spans", ())]
    if not any(span.get("alpha", 255) == 0 for span in spans):
        return False  # no invisible text at all: the common page, decided without counting
    visible = invisible = 0
    for span in spans:
        n = sum(1 for ch in span.get("chars", ()) if not ch["c"].isspace())
        if span.get("alpha", 255) == 0:
            invisible += n
        else:
            visible += n
    return invisible > 0 and visible < MIN_CHARS and _has_large_image(pdf_page)


def _turner(pdf_page: pymupdf.Page):
    """A function mapping an unrotated box to the shown page, or None when not rotated."""
    if pdf_page.rotation % 360 == 0:
        return None
    m = pdf_page.rotation_matrix
    a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f

    def turn(box):
        x0, y0, x1, y1 = box[0], box[1], box[2], box[3]
        p = (a * x0 + c * y0 + e, b * x0 + d * y0 + f)
        q = (a * x1 + c * y1 + e, b * x1 + d * y1 + f)
        return (min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))

    return turn


def _flush(run: list[Glyph], words: list[TextWord], size: float) -> None:
    if not run:
        return
    text = "".join([g[0] for g in run])
    if text[0].isdigit() or text[0] in "-+":  # only a number can be glued to a label
        m = _GLUED_RE.match(text)
        if m and len(m.group(1)) < len(text):  # 371,514,655.00一、一般… glued: cut after the number
            cut = len(m.group(1))
            _flush(run[:cut], words, size)
            _flush(run[cut:], words, size)
            return
    box = (run[0][1], min([g[2] for g in run]), run[-1][3], max([g[4] for g in run]))
    words.append(TextWord(text, box, tuple(run), size))


def group_lines(words: list[TextWord]) -> list[TextLine]:
    """Words into visual lines (shared vertical band), top to bottom, left to right."""
    bands: list[list[TextWord]] = []
    y0 = y1 = 0.0
    for w in sorted(words, key=lambda w: (w.cy, w.bbox[0])):
        if bands:
            cy = (y0 + y1) / 2
            if y0 <= w.cy <= y1 and w.bbox[1] <= cy <= w.bbox[3]:
                bands[-1].append(w)
                y0, y1 = min(y0, w.bbox[1]), max(y1, w.bbox[3])
                continue
        bands.append([w])
        y0, y1 = w.bbox[1], w.bbox[3]
    return [make_line(band) for band in bands]


def make_line(words: list[TextWord]) -> TextLine:
    ordered = sorted(words, key=lambda w: w.bbox[0])
    parts: list[str] = []
    for prev, w in zip([None, *ordered[:-1]], ordered):
        if prev is not None and w.bbox[0] - prev.bbox[2] > LINE_GAP * min(prev.size, w.size):
            parts.append(" ")
        parts.append(w.text)
    return TextLine(tuple(ordered), union([w.bbox for w in ordered]), "".join(parts))


def _line_model(line: TextLine) -> Line:
    # built from checked values: skip re-validation (tens of thousands of words a file)
    return built(Line, text=line.text, bbox=line.bbox,
                 words=[built(Word, text=w.text, bbox=w.bbox, conf=None) for w in line.words], conf=None, index=None)


def _collect(pages: list[Page], page_tables: list[list[PageTable]], grids: list[Grid],
             owners: list[list[tuple[int, int]]], ocr_grids: list[tuple[int, list[Grid]]]) -> list[Grid]:
    """Document tables in page order, and each page's blocks pointing at them."""
    by_page: dict[int, list[tuple[PageTable, int]]] = {}
    ordered: list[Grid] = []
    sources: list[tuple[int, float, Grid, list[tuple[int, int]]]] = []
    for grid, own in zip(grids, owners):
        first_page, first_idx = own[0]
        sources.append((first_page, page_tables[first_page - 1][first_idx].bbox[1], grid, own))
    for number, extra in ocr_grids:
        for g in extra:
            sources.append((number, (g.bbox or (0, 0, 0, 0))[1], g, []))
    sources.sort(key=lambda s: (s[0], s[1]))
    for index, (_, _, grid, own) in enumerate(sources):
        ordered.append(grid)
        for page_no, idx in own:
            by_page.setdefault(page_no, []).append((page_tables[page_no - 1][idx], index))
    for page in pages:
        if page.source == "text":
            page.blocks = _blocks(page, by_page.get(page.number, []))
        elif not page.blocks:
            page.blocks = build_blocks(page.lines)
    return ordered


def _blocks(page: Page, tables: list[tuple[PageTable, int]]) -> list[Block]:
    """Narrative blocks and table blocks in reading order (top to bottom)."""
    tables = sorted(tables, key=lambda t: t[0].bbox[1])
    out: list[Block] = []
    pending: list[Line] = []
    t_index = 0
    for line in page.lines:
        box = line.bbox or (0.0, 0.0, 0.0, 0.0)
        cy = (box[1] + box[3]) / 2
        while t_index < len(tables) and tables[t_index][0].bbox[1] <= cy:
            table, grid_index = tables[t_index]
            out += build_blocks(pending)
            pending = []
            out.append(Block(kind="table", bbox=table.bbox, table=grid_index))
            t_index += 1
        if any(_inside(box, t.bbox) for t, _ in tables):
            continue
        pending.append(line)
    out += build_blocks(pending)
    for table, grid_index in tables[t_index:]:
        out.append(Block(kind="table", bbox=table.bbox, table=grid_index))
    return out


def _inside(box: tuple[float, float, float, float], table: tuple[float, float, float, float]) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return table[0] - 2 <= cx <= table[2] + 2 and table[1] - 2 <= cy <= table[3] + 2
