"""Word (.docx) filings into the layout model: paragraphs as lines, Word tables as grids.

The body is walked in XML order, so paragraphs and tables keep their interleaving.
Merged cells are read from the XML (``w:gridSpan`` across, ``w:vMerge`` down) and put
once, at their top-left position, with ``colspan``/``rowspan``; python-docx's own cell
API would repeat a merged cell's text in every position it covers.

Word has no fixed pages: everything is on page 1 unless the document has explicit page
breaks (``w:br w:type="page"``, ``w:pageBreakBefore``, a section break), which then start
new pages. ``Line.index`` is the paragraph's index among the body's paragraphs.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from budgetlens.errors import CorruptFileError, EncryptedError
from budgetlens.ingest.layout import build_blocks
from budgetlens.ingest.normalize import clean_text, squash
from budgetlens.schemas.document import Block, Document, Grid, GridCell, Line, Page

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_TITLE_LINES = 4
MAX_NOTE_LINES = 4
_NOTE_START = re.compile(r"^\s*(注|说明)\s*[:：]")
_NOTE_CONT = re.compile(r"^\s*\d{1,2}\s*[.、．]")


@dataclass
class _PageBuf:
    """Items of one page while walking the body: lines, and where tables sit among them."""

    number: int
    items: list[Line | int] = field(default_factory=list)  # a Line, or a table index


def read_docx(path: Path, data: bytes, sha: str, settings=None) -> Document:
    """Read a .docx into a ``Document``; ``CorruptFileError`` when it cannot be opened."""
    name = str(path)
    if data[:8] == _OLE_MAGIC:
        raise EncryptedError(name, "a password-protected (encrypted) Word file or an old binary .doc; "
                                   "save it unprotected as .docx")
    _refuse_inflating_parts(name, data, getattr(settings, "docx_max_part_mb", 200))
    body = _open_body(name, data)
    pages: list[_PageBuf] = [_PageBuf(1)]
    tables: list[Grid] = []
    para_index = 0
    for child in body.iterchildren():
        if child.tag == _W + "p":
            pieces = _paragraph_pieces(child)
            for i, text in enumerate(pieces):
                if i > 0:
                    pages.append(_PageBuf(len(pages) + 1))
                text = squash(clean_text(text))
                if text:
                    pages[-1].items.append(Line(text=text, index=para_index))
            if _ends_section(child) and pages[-1].items:
                pages.append(_PageBuf(len(pages) + 1))
            para_index += 1
        elif child.tag == _W + "tbl":
            grid = _grid(child, pages[-1].number)
            if grid is not None:
                pages[-1].items.append(len(tables))
                tables.append(grid)
    while len(pages) > 1 and not pages[-1].items:
        pages.pop()
    _attach_titles_and_notes(pages, tables)
    out_pages = [_page(buf, tables) for buf in pages]
    warnings = [] if any(p.lines for p in out_pages) or tables else ["the document has no text"]
    return Document(doc_id=sha[:16], sha256=sha, path=name, media="docx", pages=out_pages,
                    tables=tables, warnings=warnings)


def _refuse_inflating_parts(name: str, data: bytes, max_mb: int) -> None:
    """Refuse a package with a part that inflates past ``max_mb`` MiB, before inflating it.

    The sizes are those the ZIP's central directory declares; Python's ``zipfile`` never
    inflates a part past its declared size (a part that lies fails its CRC), so a 1 MB
    file that would inflate to 1 GiB is refused here, with nothing read::

        error: bomb.docx: a part of this .docx inflates to 1024 MiB (word/document.xml), over the 200 MiB limit
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(name, f"not a readable .docx (broken ZIP: {exc})") from exc
    for info in infos:
        if info.file_size > max_mb << 20:
            raise CorruptFileError(name, f"a part of this .docx inflates to {info.file_size >> 20} MiB "
                                         f"({info.filename}), over the {max_mb} MiB limit")


def _open_body(name: str, data: bytes):
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise CorruptFileError(name, f"not a readable .docx (broken ZIP: {exc})") from exc
    except KeyError as exc:
        raise CorruptFileError(name, f"not a readable .docx (missing part {exc})") from exc
    except Exception as exc:  # python-docx and lxml raise many kinds for a damaged package
        raise CorruptFileError(name, f"not a readable .docx ({type(exc).__name__}: {exc})") from exc
    return document.element.body


def _paragraph_pieces(p) -> list[str]:
    """The paragraph's text, split where it holds an explicit page break."""
    pieces = [""]
    ppr = p.find(_W + "pPr")
    if ppr is not None and ppr.find(_W + "pageBreakBefore") is not None:
        pieces.insert(0, "")
    for el in p.iter(_W + "t", _W + "br", _W + "tab", _W + "cr"):
        if el.tag == _W + "t":
            pieces[-1] += el.text or ""
        elif el.tag == _W + "tab":
            pieces[-1] += "\t"
        elif el.tag == _W + "cr" or el.get(_W + "type") in (None, "textWrapping"):
            pieces[-1] += " "
        elif el.get(_W + "type") == "page":
            pieces.append("")
    return pieces


def _ends_section(p) -> bool:
    ppr = p.find(_W + "pPr")
    if ppr is None:
        return False
    sect = ppr.find(_W + "sectPr")
    if sect is None:
        return False
    kind = sect.find(_W + "type")
    return kind is None or kind.get(_W + "val") in (None, "nextPage", "oddPage", "evenPage")


def _cell_text(tc) -> str:
    paras = []
    for p in tc.iter(_W + "p"):
        paras.append("".join(t.text or "" for t in p.iter(_W + "t")))
    return squash(clean_text(" ".join(x for x in paras if x.strip())))


def _grid(tbl, page: int) -> Grid | None:
    """A Word table as a ``Grid``; merged cells once, with their spans."""
    cells: list[GridCell] = []
    open_v: dict[int, GridCell] = {}  # column → the cell a vertical merge continues
    n_cols = 0
    rows = [tr for tr in tbl.iterchildren(_W + "tr")]
    for r, tr in enumerate(rows):
        col = 0
        trpr = tr.find(_W + "trPr")
        if trpr is not None and (gb := trpr.find(_W + "gridBefore")) is not None:
            col += int(gb.get(_W + "val", "0") or 0)
        for tc in tr.iterchildren(_W + "tc"):
            tcpr = tc.find(_W + "tcPr")
            span, vmerge = 1, None
            if tcpr is not None:
                if (gs := tcpr.find(_W + "gridSpan")) is not None:
                    span = max(1, int(gs.get(_W + "val", "1") or 1))
                if (vm := tcpr.find(_W + "vMerge")) is not None:
                    vmerge = vm.get(_W + "val") or "continue"
            if vmerge == "continue" and col in open_v:
                above = open_v[col]
                idx = cells.index(above)
                grown = above.model_copy(update={"rowspan": r - above.row + 1})
                cells[idx] = grown
                open_v[col] = grown
            else:
                cell = GridCell(row=r, col=col, text=_cell_text(tc), page=page, colspan=span)
                cells.append(cell)
                for c in range(col, col + span):
                    open_v.pop(c, None)
                if vmerge == "restart":
                    open_v[col] = cell
            col += span
        n_cols = max(n_cols, col)
    if not rows or n_cols == 0:
        return None
    header_rows = 0
    for cell in cells:
        if cell.col == 0 and squash(cell.text).replace(" ", "") == "栏次":
            header_rows = cell.row + 1
            break
    return Grid(kind="docx", pages=[page], n_rows=len(rows), n_cols=n_cols, cells=cells,
                header_rows=header_rows)


def _attach_titles_and_notes(pages: list[_PageBuf], tables: list[Grid]) -> None:
    """Title lines: the short paragraphs just above a table; notes: 注… just below."""
    flat: list[Line | int] = [item for buf in pages for item in buf.items]
    for pos, item in enumerate(flat):
        if not isinstance(item, int):
            continue
        titles: list[Line] = []
        j = pos - 1
        while j >= 0 and len(titles) < MAX_TITLE_LINES and isinstance(flat[j], Line):
            line = flat[j]
            if len(line.text) > 60 or line.text.endswith("。"):
                break
            titles.insert(0, line)
            j -= 1
        notes: list[Line] = []
        j = pos + 1
        while j < len(flat) and len(notes) < MAX_NOTE_LINES and isinstance(flat[j], Line):
            line = flat[j]
            if not (_NOTE_START.match(line.text) or (notes and _NOTE_CONT.match(line.text))):
                break
            notes.append(line)
            j += 1
        tables[item] = tables[item].model_copy(update={"title_lines": titles, "note_lines": notes})


def _page(buf: _PageBuf, tables: list[Grid]) -> Page:
    lines: list[Line] = []
    blocks: list[Block] = []
    run: list[Line] = []
    for item in buf.items:
        if isinstance(item, Line):
            lines.append(item)
            run.append(item)
            continue
        blocks += build_blocks(run)
        run = []
        grid = tables[item]
        row_lines = [Line(text=" ".join(c.text for c in sorted(row_cells, key=lambda c: c.col) if c.text))
                     for row_cells in _cells_by_row(grid)]
        row_lines = [ln for ln in row_lines if ln.text]
        lines += row_lines
        blocks.append(Block(kind="table", text="\n".join(ln.text for ln in row_lines), lines=row_lines,
                            table=item))
    blocks += build_blocks(run)
    return Page(number=buf.number, source="docx", lines=lines, blocks=blocks)


def _cells_by_row(grid: Grid) -> list[list[GridCell]]:
    rows: list[list[GridCell]] = [[] for _ in range(grid.n_rows)]
    for cell in grid.cells:
        rows[cell.row].append(cell)
    return rows
