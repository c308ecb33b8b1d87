"""Borderless tables: rows and columns from word positions alone.

A line is cut into chunks at wide gaps, and between an amount and a label (a two-sided
table prints ``371,514,655.00 一、一般公共服务支出`` with one space). A table's body
starts at a line holding an amount among two or more chunks and runs down while lines
follow at table spacing; a title, label or unit line (公开01表, 单位：万元), a 注 line or
a sentence ends it, so that two tables on one page stay apart. Its header is the
text-only lines just above (multi-line headers, the 栏次 row), up to a title line.

Columns come from the body alone (``ingest.grid_columns``): amounts by their right
edge, labels and codes by their left edge. Header cells go to the column whose zone
holds them, or span the columns they cover. A body line with one text chunk and no
amount is a wrapped label (or code) and joins the row it sits closest to, unless it
starts a row of its own (numbered, coded, or spaced like a row). A header line whose
cells all continue cells of the line above is a wrapped header and joins it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlens.ingest.grid import (
    BBox,
    PageTable,
    TableCell,
    TextLine,
    TextWord,
    is_amount,
    union,
)
from budgetlens.ingest.grid_columns import Chunk, Column, add_header_columns, boundaries, find_columns, place
from budgetlens.ingest.normalize import nospace

__all__ = ["Chunk", "chunks_of", "find_borderless"]

CHUNK_GAP = 1.0  # sizes: a wider gap between words separates two cells
MAX_ROW_GAP = 2.5  # line heights: a wider vertical gap ends a table
MAX_HEADER_LINES = 8
HEADER_GAP = 4.0  # line heights: the header may sit this far above the first amounts
WRAP_GAP = 0.6  # line heights: a closer line below continues the cells above
_UNIT_RE = re.compile(r"^(万元|元|亿元|%|％|个|人|辆|次|年|台|套)[)）,，。]?$")  # a unit glued to its amount
_PAGE_NO_RE = re.compile(r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$")
_OWN_ROW_RE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．]"
                         r"|其中|合计|总计|小计|本年|年初|年末|上年|结余|收入总计|支出总计)")
_TITLE_RE = re.compile(r"公开\s*\d+\s*表|^表\s*[一二三四五六七八九十\d]+|^附表|单位\s*[:：]|^部门\s*[:：]"
                       r"|编制(部门|单位)|^(单位|金额单位)\s*[(（]?(万元|元)")
_NOTE_RE = re.compile(r"^\s*(注|说明|备注|资料来源)\s*[:：\d１-９(（]")
# an amount's unit followed by a clause mark ("222.5 万元，占…", "183.6万元；"): a sentence
# wrapped around amounts, never a table cell (cells put the unit in the header)
_CLAUSE_UNIT_RE = re.compile(r"(?:^|\d)\s*(?:万元|亿元|元)[，；。,;]")


@dataclass(frozen=True)
class _Line:
    line: TextLine
    chunks: tuple[Chunk, ...]
    kind: str  # "data" | "text" | "title" | "prose" | "note"

    @property
    def top(self) -> float:
        return self.line.bbox[1]

    @property
    def bottom(self) -> float:
        return self.line.bbox[3]

    @property
    def height(self) -> float:
        return max(self.line.bbox[3] - self.line.bbox[1], 4.0)


def chunks_of(line: TextLine) -> list[Chunk]:
    """A line cut into cell-sized pieces."""
    out: list[list[TextWord]] = []
    for w in line.words:
        if out:
            prev = out[-1][-1]
            gap = w.bbox[0] - prev.bbox[2]
            size = min(prev.size, w.size)
            a_prev, a_w = is_amount(prev.text), is_amount(w.text)
            glued = gap <= CHUNK_GAP * size or (_spaced(prev.text) and _spaced(w.text) and gap <= 3 * size)
            if a_prev and not a_w and not _UNIT_RE.match(w.text):
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


def _spaced(text: str) -> bool:
    """One CJK character: a letter-spaced label (收 入 总 计) is one cell."""
    return len(text) == 1 and "\u3400" <= text <= "\u9fff"


def _join(words: list[TextWord]) -> str:
    parts = [words[0].text]
    for prev, w in zip(words, words[1:]):
        if w.bbox[0] - prev.bbox[2] > 0.5 * min(prev.size, w.size):
            parts.append(" ")
        parts.append(w.text)
    return "".join(parts)


def _classify(line: TextLine) -> _Line:
    chunks = tuple(chunks_of(line))
    text = nospace(line.text)
    strong = sum(1 for c in chunks if c.strong)
    if _NOTE_RE.match(line.text) or _PAGE_NO_RE.match(line.text):
        kind = "note"
    elif strong == 0 and any(_TITLE_RE.search(c.text.strip()) for c in chunks):
        kind = "title"
    elif len(chunks) == 1 and strong == 0 and text.endswith("表") and len(text) >= 4:
        kind = "title"
    elif "。" in text or (len(chunks) == 1 and len(text) > 30) or _CLAUSE_UNIT_RE.search(text) or (
            len(text) > 20 and re.search(r"[，；：]", text) and len(chunks) <= 2):
        kind = "prose"
    elif strong and len(chunks) >= 2:
        kind = "data"
    else:
        kind = "text"
    return _Line(line, chunks, kind)


def find_borderless(lines: list[TextLine], ruled: list[PageTable], page: int) -> list[PageTable]:
    """Borderless tables among the lines not inside a ruled table."""
    free = [_classify(l) for l in lines if not any(_inside(l.bbox, t.bbox) for t in ruled)]
    tables: list[PageTable] = []
    for header, body in _regions(free):
        table = _build(header, body, page)
        if table is not None:
            tables.append(table)
    return tables


def _inside(box: BBox, table: BBox) -> bool:
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return table[0] - 2 <= cx <= table[2] + 2 and table[1] - 2 <= cy <= table[3] + 2


def _close(a: _Line, b: _Line, step: float = 0.0) -> bool:
    """``b`` (below ``a``) follows at table spacing: within a few line heights, or not
    much further than the page's usual step between rows of amounts (tall rows)."""
    gap = b.top - a.bottom
    return gap <= MAX_ROW_GAP * max(a.height, b.height) or b.top - a.top <= 1.25 * step


def _row_step(lines: list[_Line]) -> float:
    """The usual top-to-top distance between neighbouring lines of amounts on a page."""
    steps = sorted(b.top - a.top for a, b in zip(lines, lines[1:])
                   if a.kind == b.kind == "data" and 0 < b.top - a.top <= 6 * a.height)
    return steps[len(steps) // 2] if steps else 0.0


def _regions(lines: list[_Line]) -> list[tuple[list[_Line], list[_Line]]]:
    """(header lines, body lines) of each table, top to bottom."""
    out: list[tuple[list[_Line], list[_Line]]] = []
    step = _row_step(lines)
    used = -1  # index of the last line given to a table
    i = 0
    while i < len(lines):
        if lines[i].kind != "data":
            i += 1
            continue
        end = i
        while end + 1 < len(lines) and lines[end + 1].kind in ("data", "text") \
                and _close(lines[end], lines[end + 1], step):
            end += 1
        while end > i and lines[end].kind != "data" and not _trailing_row(lines, end):
            end -= 1
        start = i
        while (start - 1 > used and i - start < MAX_HEADER_LINES and lines[start - 1].kind == "text"
               and (_close(lines[start - 1], lines[start], step)
                    or start == i and lines[i].top - lines[i - 1].bottom <= HEADER_GAP * lines[i].height)):
            start -= 1
        body = lines[i:end + 1]
        header = lines[start:i]
        if out and start == i and used == i - 1 and _same_columns(out[-1][1], body, step):
            out[-1] = (out[-1][0], out[-1][1] + body)  # blank rows between two parts
        elif _enough(header, body):
            out.append((header, body))
        used = end
        i = end + 1
    return out


def _same_columns(above: list[_Line], below: list[_Line], step: float) -> bool:
    """``below`` continues ``above`` after a few blank rows: near enough, and every
    amount of it right-aligned with an amount above."""
    h = below[0].height
    if below[0].top - above[-1].bottom > max(8 * h, 5 * step):
        return False
    rights = [c.bbox[2] for l in above for c in l.chunks if c.strong]
    mine = [c.bbox[2] for l in below for c in l.chunks if c.strong]
    return bool(rights and mine) and all(any(abs(x - r) <= 0.5 * h for r in rights) for x in mine)


def _trailing_row(lines: list[_Line], k: int) -> bool:
    """A text line after the last amounts that is still a row (年末结转和结余 | 结余分配)."""
    line = lines[k]
    return len(line.chunks) >= 2 or bool(_OWN_ROW_RE.match(line.line.text)) or (
        line.top - lines[k - 1].bottom < WRAP_GAP * line.height)


def _enough(header: list[_Line], body: list[_Line]) -> bool:
    data = [l for l in body if l.kind == "data"]
    if len(data) >= 2:
        return True
    if len(data) != 1 or sum(c.strong for c in data[0].chunks) < 2:
        return False
    lone_total = len(data[0].chunks) >= 3 and not data[0].chunks[0].amount
    return lone_total or any(len(h.chunks) >= 2 for h in header)


def _build(header: list[_Line], body: list[_Line], page: int) -> PageTable | None:
    height = sorted(l.height for l in body)[len(body) // 2]
    cols = find_columns([list(l.chunks) for l in body], height)
    cols = add_header_columns(cols, [list(l.chunks) for l in header])
    if len(cols) < 2:
        return None
    bounds = boundaries(cols)
    col_of = {id(c): k for k, col in enumerate(cols) for _, c in col.members}
    rows: list[dict[int, list[tuple[Chunk, int]]]] = []  # column -> (chunk, colspan)
    for group in _header_rows(header, bounds, cols):
        rows.append(group)
    n_header = len(rows)
    for group in _body_rows(body):
        placed: dict[int, list[tuple[Chunk, int]]] = {}
        for line in group:
            for c in line.chunks:
                placed.setdefault(col_of[id(c)], []).append((c, 1))
        rows.append(placed)
    cells: list[TableCell] = []
    for r, placed in enumerate(rows):
        for col, items in sorted(placed.items()):
            chunks = [c for c, _ in items]
            span = max(s for _, s in items)
            cells.append(TableCell(r, col, _cell_text(chunks), union([c.bbox for c in chunks]),
                                   colspan=min(span, len(cols) - col)))
    edges = tuple([cols[0].x0] + bounds + [cols[-1].x1])
    box = union([l.line.bbox for l in header + body])
    return PageTable("borderless", page, box, len(rows), len(cols), tuple(cells), n_header, edges)


def _cell_text(chunks: list[Chunk]) -> str:
    """Chunks of one cell: lines top to bottom (joined without a space), left to right."""
    ordered = sorted(chunks, key=lambda c: (round(c.bbox[1]), c.bbox[0]))
    parts: list[str] = []
    prev: Chunk | None = None
    for c in ordered:
        if prev is not None:
            same_line = abs(c.bbox[1] - prev.bbox[1]) < 0.5 * (c.bbox[3] - c.bbox[1])
            parts.append(" " if same_line else "")
        parts.append(c.text)
        prev = c
    return "".join(parts)


def _header_rows(header: list[_Line], bounds: list[float],
                 cols: list[Column]) -> list[dict[int, list[tuple[Chunk, int]]]]:
    rows: list[dict[int, list[tuple[Chunk, int]]]] = []
    last: _Line | None = None
    for line in header:
        placed: dict[int, list[tuple[Chunk, int]]] = {}
        for c in line.chunks:
            col, span = place(c.bbox, bounds, cols)
            placed.setdefault(col, []).append((c, span))
        wraps = (last is not None and rows and line.top - last.bottom < WRAP_GAP * line.height
                 and not _column_numbers(line) and all(_continues(c, last) for c in line.chunks))
        if wraps:
            for col, items in placed.items():
                rows[-1][col].extend(items)
        else:
            rows.append(placed)
        last = line
    return rows


def _continues(chunk: Chunk, above: _Line) -> bool:
    """A header chunk that carries on a cell of the line above: centred or left-aligned
    under one of its chunks."""
    h = max(chunk.bbox[3] - chunk.bbox[1], 4.0)
    cx = (chunk.bbox[0] + chunk.bbox[2]) / 2
    return any(abs((a.bbox[0] + a.bbox[2]) / 2 - cx) < 0.6 * h or abs(a.bbox[0] - chunk.bbox[0]) < 0.6 * h
               for a in above.chunks)


def _column_numbers(line: _Line) -> bool:
    """The 栏次 row: small integers, with or without the word 栏次 / 行次."""
    texts = [nospace(c.text) for c in line.chunks]
    nums = [t for t in texts if t.isdigit() and int(t) <= 60]
    return len(nums) >= 1 and all(t.isdigit() and int(t) <= 60 or t in ("栏次", "行次", "栏号") for t in texts) \
        and len(nums) >= len(texts) - 2


def _body_rows(body: list[_Line]) -> list[list[_Line]]:
    """Body lines grouped into rows: a wrapped label line joins the row it belongs to."""
    anchors = [l for l in body if not _fragment(l)]
    steps = sorted(b.top - a.top for a, b in zip(anchors, anchors[1:]) if b.top > a.top)
    pitch = steps[len(steps) // 2] if steps else 2.0 * body[0].height
    groups: list[list[_Line]] = []
    waiting = False  # the last group is a label waiting for the amounts printed below it
    for k, line in enumerate(body):
        if waiting:
            groups[-1].append(line)
            waiting = _fragment(line) and _direction(body, k, pitch) == "next"
            continue
        way = _direction(body, k, pitch) if _fragment(line) else "own"
        if way == "prev" and groups:
            groups[-1].append(line)
            continue
        groups.append([line])
        waiting = way == "next" and k + 1 < len(body)
    return groups


def _fragment(line: _Line) -> bool:
    """A line of one text chunk (a wrapped label or a code) that is not a row by itself."""
    if len(line.chunks) != 1 or line.chunks[0].strong:
        return False
    return not _OWN_ROW_RE.match(line.chunks[0].text)


def _direction(body: list[_Line], k: int, pitch: float) -> str:
    """Where a fragment belongs: the row above (``prev``), below (``next``) or its own."""
    line = body[k]
    limit = max(0.5 * (pitch - line.height), 0.25 * line.height)
    gap_prev = line.top - body[k - 1].bottom if k > 0 else float("inf")
    gap_next = body[k + 1].top - line.bottom if k + 1 < len(body) else float("inf")
    if min(gap_prev, gap_next) > limit:
        return "own"
    if gap_next < gap_prev - 0.1 * line.height:
        return "next"
    return "prev"
