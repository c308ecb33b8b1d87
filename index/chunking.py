"""Chunks for retrieval: section-aware narrative passages and one chunk per table.

A filing reads as numbered sections (``第二部分`` > ``三、支出决算情况说明`` >
``（一）…``). A narrative chunk never crosses a level-1 or level-2 heading, aims at
200-600 characters, and starts with its heading trail, so that a question naming the
section ("三公经费") finds the passage even when the body does not repeat the words.
A table becomes one chunk: its title, label, unit, header and rows as compact
markdown-like text, which both BM25 and the embedding can read.

Every chunk keeps its pages and one box per page (the union of its lines), so an
answer built from it can cite the page and region it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.ingest.layout import build_blocks, heading_level, union_bbox
from budgetlens.ingest.normalize import fold, is_empty_cell, squash, unit_of
from budgetlens.schemas.document import BBox, Block, Document, Grid, Line

MIN_CHARS = 200  # a chunk shorter than this absorbs the next level-3/4 section
MAX_CHARS = 600  # a chunk longer than this is cut at a sentence end
TRAIL_SEP = " > "

_SENTENCE_END = re.compile(r"(?<=[。；;！？!?])")
_LABEL_RE = re.compile(r"(公开\s*\d+\s*表|附表\s*[\d一二三四五六七八九十]+|表\s*[一二三四五六七八九十]+|表\s*\d+(?![\d.]))")
_UNIT_RE = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元)")  # to cut the unit out of a title line


@dataclass(frozen=True)
class Chunk:
    """One retrievable passage with where it came from and what filing it belongs to."""

    chunk_id: str  # f"{doc_id}:{ordinal:04d}:{kind}", stable for the same document
    doc_id: str
    ordinal: int
    kind: str  # "narrative" | "table"
    text: str  # what is embedded and tokenised: document header, heading trail, body
    section: str = ""  # heading trail, "第二部分 … > 三、支出决算情况说明"
    pages: tuple[int, ...] = ()
    boxes: tuple[tuple[int, BBox], ...] = ()  # (page, union bbox of the chunk's lines there)
    path: str = ""
    entity: str | None = None
    fiscal_year: int | None = None
    doc_type: str | None = None
    table: int | None = None  # index into Document.tables for a table chunk
    table_id: str | None = None  # contract id (T03, B05…) when a Filing names it
    body: str = ""  # the source text alone (no header or trail): quote from this

    def metadata(self) -> dict[str, str | int | float | bool]:
        """Flat scalar metadata for the vector store (absent values are left out)."""
        meta: dict[str, str | int | float | bool] = {
            "doc_id": self.doc_id,
            "kind": self.kind,
            "ordinal": self.ordinal,
            "section": self.section,
            "path": self.path,
            "page": self.pages[0] if self.pages else 0,
        }
        for key in ("entity", "fiscal_year", "doc_type", "table_id"):
            value = getattr(self, key)
            if value is not None:
                meta[key] = value
        return meta


@dataclass
class _Draft:
    """A narrative chunk being filled: its trail, body pieces and lines."""

    section: str
    parts: list[str] = field(default_factory=list)
    lines: list[tuple[int, Line]] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(p) for p in self.parts)


def chunk_document(document: Document, filing=None) -> list[Chunk]:
    """Split a ``Document`` into narrative and table chunks in reading order.

    ``filing`` (a ``schemas.filing.Filing``), when given, supplies entity, fiscal year,
    document type and the contract id of each table it recognised.
    """
    return _Chunker(document, filing).run()


class _Chunker:
    """Walks pages and blocks once, keeping the heading trail and the open chunk."""

    def __init__(self, document: Document, filing=None):
        self.document = document
        self.filing = filing
        self.meta = _filing_meta(filing)
        self.header = document_header(document, filing)
        self.chunks: list[Chunk] = []
        self.trail: dict[int, str] = {}
        self.draft: _Draft | None = None
        self.seen_tables: set[int] = set()

    def run(self) -> list[Chunk]:
        for page in self.document.pages:
            for block in page.blocks or build_blocks(page.lines):
                self._block(block, page.number)
        self._flush()
        for index in range(len(self.document.tables)):
            if index not in self.seen_tables:
                self._table(index, "")
        return self.chunks

    # -- walking -------------------------------------------------------------------

    def _trail_text(self) -> str:
        return TRAIL_SEP.join(self.trail[level] for level in sorted(self.trail))

    def _block(self, block: Block, page: int) -> None:
        if block.kind == "table":
            self._flush()
            index = block.table
            if index is not None and 0 <= index < len(self.document.tables) and index not in self.seen_tables:
                self._table(index, self._trail_text())
            return
        if block.kind == "heading":
            self._heading(block, page)
            return
        self._text(block, page)

    def _heading(self, block: Block, page: int) -> None:
        level = block.heading_level or heading_level(block.text) or 4
        title = squash(block.text)
        small = self.draft is not None and self.draft.size < MIN_CHARS
        if level <= 2 or not small:
            self._flush()
        self.trail = {lv: t for lv, t in self.trail.items() if lv < level}
        self.trail[level] = title
        if self.draft is not None:  # a short section absorbs this sub-heading inline
            self.draft.parts.append(title)
            self.draft.lines.extend((page, line) for line in block.lines)

    def _text(self, block: Block, page: int) -> None:
        text = squash(block.text)
        if not text:
            return
        lines = [(page, line) for line in block.lines]
        for piece in (_split_long(text) if len(text) > MAX_CHARS else [text]):
            if self.draft is not None and self.draft.size + len(piece) > MAX_CHARS:
                self._flush()
            if self.draft is None:
                self.draft = _Draft(section=self._trail_text())
            self.draft.parts.append(piece)
            self.draft.lines.extend(lines)

    # -- emitting ------------------------------------------------------------------

    def _flush(self) -> None:
        draft, self.draft = self.draft, None
        if draft is None or not draft.size:
            return
        body = "\n".join(draft.parts).strip()
        text = "\n".join(p for p in (self.header, draft.section, body) if p)
        self._emit("narrative", text, draft.section, _pages(draft.lines), _boxes(draft.lines), body=body)

    def _table(self, index: int, section: str) -> None:
        self.seen_tables.add(index)
        grid = self.document.tables[index]
        title, label, unit = table_caption(grid)
        table_id = _filing_table_id(self.filing, grid, title)
        rendered = render_table(grid, title, label, unit)
        text = "\n".join(p for p in (self.header, section, rendered) if p)
        boxes = ((grid.pages[0], grid.bbox),) if grid.bbox is not None and grid.pages else _grid_boxes(grid)
        self._emit("table", text, section, tuple(sorted(set(grid.pages))), boxes,
                   table=index, table_id=table_id, body=rendered)

    def _emit(self, kind: str, text: str, section: str, pages: tuple[int, ...],
              boxes: tuple[tuple[int, BBox], ...], table: int | None = None,
              table_id: str | None = None, body: str = "") -> None:
        ordinal = len(self.chunks)
        doc_id = self.document.doc_id
        self.chunks.append(Chunk(
            chunk_id=f"{doc_id}:{ordinal:04d}:{kind}", doc_id=doc_id, ordinal=ordinal,
            kind=kind, text=text, section=section, pages=pages, boxes=boxes,
            path=self.document.path, table=table, table_id=table_id, body=body, **self.meta))


def document_header(document: Document, filing=None) -> str:
    """The line every chunk starts with, naming the filing: "镇安县医疗保障局 2023年 部门决算".

    Chunks deep inside a document rarely repeat the bureau's name, and a question
    almost always gives it. From the ``Filing`` when there is one; otherwise the
    document's own title line (a short line near the top naming a 预算 or 决算), or "".
    """
    if filing is not None and (filing.entity or filing.fiscal_year):
        kind = {"final_accounts": "部门决算", "budget": "部门预算"}.get(filing.doc_type or "", "")
        year = f"{filing.fiscal_year}年" if filing.fiscal_year else ""
        return " ".join(p for p in (filing.entity or "", year, kind) if p)
    for page in document.pages[:1]:
        texts = [squash(line.text) for line in page.lines if squash(line.text)][:6]
        for end, text in enumerate(texts):
            if len(text) > 40 or heading_level(text) is not None:
                break
            if re.search(r"预算|决算", text):
                return " ".join(texts[max(0, end - 2):end + 1])
    return ""


# -- tables ------------------------------------------------------------------------


def table_caption(grid: Grid) -> tuple[str, str, str]:
    """The table's title, printed label (公开01表, 表一) and unit (万元/元) from its title lines.

    Any of the three is "" when the lines do not state it.
    """
    title = label = unit = ""
    for line in grid.title_lines:
        text = squash(line.text)
        if not text:
            continue
        if not unit:
            unit = unit_of(text) or ""
        m = _LABEL_RE.search(text)
        if m and not label:
            label = re.sub(r"\s+", "", m.group(1))
        rest = _LABEL_RE.sub("", _UNIT_RE.sub("", fold(text))).strip(" :：")
        if not title and "表" in rest and not rest.startswith(("编制单位", "单位")):
            title = re.sub(r"\s+", "", rest)
    return title, label, unit


def render_table(grid: Grid, title: str = "", label: str = "", unit: str = "") -> str:
    """The table as compact markdown-like text: caption line, then one line per row.

    Empty cells stay empty (``| |``) so a reader can still count columns; spanned
    positions are skipped.
    """
    caption = " ".join(p for p in (title, f"（{label}）" if label else "", f"单位：{unit}" if unit else "") if p)
    if not caption:
        caption = " ".join(squash(l.text) for l in grid.title_lines[:3])
    out = [caption] if caption else []
    for row in grid.rows():
        cells = [squash(c.text) if c is not None and not is_empty_cell(c.text) else "" for c in row]
        while cells and not cells[-1]:
            cells.pop()
        if not cells:
            continue
        out.append("| " + " | ".join(cells) + " |")
    notes = " ".join(squash(l.text) for l in grid.note_lines)
    if notes:
        out.append(notes)
    return "\n".join(out)


def _grid_boxes(grid: Grid) -> tuple[tuple[int, BBox], ...]:
    by_page: dict[int, list] = {}
    for cell in grid.cells:
        if cell.bbox is not None:
            by_page.setdefault(cell.page, []).append(cell.bbox)
    return tuple((page, union_bbox(boxes)) for page, boxes in sorted(by_page.items()))


def _filing_table_id(filing, grid: Grid, title: str) -> str | None:
    """The contract id of the Filing table printed on the grid's pages with this title."""
    if filing is None or not title:
        return None
    for table in filing.tables:
        same_title = table.title and re.sub(r"\s+", "", table.title) in title
        if same_title and (not table.pages or set(table.pages) & set(grid.pages)):
            return table.table_id
    return None


# -- helpers -----------------------------------------------------------------------


def _filing_meta(filing) -> dict:
    if filing is None:
        return {"entity": None, "fiscal_year": None, "doc_type": None}
    return {"entity": filing.entity, "fiscal_year": filing.fiscal_year, "doc_type": filing.doc_type}


def _split_long(text: str) -> list[str]:
    """Cut a long paragraph at sentence ends into pieces of at most MAX_CHARS."""
    pieces: list[str] = []
    current = ""
    for sentence in (s for s in _SENTENCE_END.split(text) if s):
        while len(sentence) > MAX_CHARS:  # a sentence with no stop in sight
            head, sentence = sentence[:MAX_CHARS], sentence[MAX_CHARS:]
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
        if current and len(current) + len(sentence) > MAX_CHARS:
            pieces.append(current)
            current = ""
        current += sentence
    if current:
        pieces.append(current)
    return pieces


def _pages(lines: list[tuple[int, Line]]) -> tuple[int, ...]:
    return tuple(sorted({page for page, _ in lines}))


def _boxes(lines: list[tuple[int, Line]]) -> tuple[tuple[int, BBox], ...]:
    by_page: dict[int, list] = {}
    for page, line in lines:
        if line.bbox is not None:
            by_page.setdefault(page, []).append(line.bbox)
    return tuple((page, union_bbox(boxes)) for page, boxes in sorted(by_page.items()))
