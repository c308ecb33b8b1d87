"""Nothing printed in a standard table vanishes: every amount the reader did not key is
reported in ``unmapped``, with a reason, its page and its box.

After the tables are keyed, ``unkeyed_amounts`` walks what the located tables print and
returns an ``Unmapped`` (``bbox`` set) for each printed amount that is neither a keyed
cell nor inside the box of an ``unmapped`` entry already made:

- **inside a grid of the table**: every token of a data cell that is an amount
  (``47,944.02``, ``0.00``, ``1682``), except the 栏次 row (``栏次`` or ``1 2 3 …``), a
  row of years (``2025 2026``), and integers that are codes or row numbers: left of the
  row's first word, in a label column (``code``, ``行次``, ``单位编码`` …), under a header
  naming 编码 / 代码 / 序号 / 编号 / 类 / 款 / 项, or with a leading zero (``01``). Numbers
  under a header naming ``%`` / 率 / 增幅 / 数量 / 人数 are percentages and counts, and
  those under 时间 / 日期 pieces of a date (``31`` of 2021-03-31), not amounts. The
  reason names what failed: ``column not recognised (2021年|合计)``, ``row not
  recognised (上年实户资金余额)``, ``cell not keyed in row 合计 (column 其他)``,
  ``printed in the label column (项目)``;
- **on a page of the table, outside its grids**: an amount token of a page line (a
  number word of ``1,234.50`` or ``0.00``, not ``130.00万元`` in a sentence) that no
  located grid holds: ``second table on the page, not located`` when another grid of the
  page holds it, ``amount printed outside the table's grid`` otherwise. Narrative lines
  (a sentence with 。 or ；), page numbers (in the margins, or a line of one to three
  digits in the page's lowest quarter), years (``2025 年``) and codes before a name
  (``2010101 行政运行``) are not amounts.

This is the same notion of a printed amount the coverage report counts
(``eval.coverage_pages``), read from the reader's own grids and lines.
"""

from __future__ import annotations

import re
from typing import Literal

from budgetlens.extract.mapping_columns import (
    _LABEL_ROLES,
    _column_roles,
    _data_start,
    _header_cells,
    _inherited_roles,
)
from budgetlens.ingest.normalize import fold, squash
from budgetlens.schemas.document import Document, Grid
from budgetlens.schemas.filing import Table, Unmapped

_AMOUNT = re.compile(r"^-?(?:\d{1,3}(?:,\d{3})+|\d+,\d{3}|\d+)(?:\.\d+)?$")
_INT = re.compile(r"^\d+$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NO_AMOUNT_HEADERS = ("%", "率", "增幅", "数量", "人数", "时间", "日期")  # no money under these
_CODE_HEADERS = ("编码", "代码", "序号", "编号", "行次", "栏次")
_NARRATIVE = re.compile(r"[。；]")

Box = tuple[float, ...]


def _centre(b) -> tuple[float, float]:
    return (b[0] + b[2]) / 2, (b[1] + b[3]) / 2


def _inside(point: tuple[float, float], box) -> bool:
    return box is not None and box[0] - 1 <= point[0] <= box[2] + 1 and box[1] - 1 <= point[1] <= box[3] + 1


def _tokens(text: str, bbox) -> list[tuple[str, Box | None]]:
    """Whitespace-separated pieces of a cell or word, each with its share of the box."""
    text = fold(text).replace("\u3000", " ")
    pieces = text.split()
    if len(pieces) <= 1 or bbox is None:
        return [(p, tuple(bbox) if bbox else None) for p in pieces]
    out: list[tuple[str, Box | None]] = []
    at = 0
    step = (bbox[2] - bbox[0]) / max(len(text), 1)
    for p in pieces:
        start = text.index(p, at)
        at = start + len(p)
        out.append((p, (bbox[0] + step * start, bbox[1], bbox[0] + step * at, bbox[3])))
    return out


class _Ledger:
    """The boxes already accounted for, by page: keyed cells and unmapped entries."""

    def __init__(self, tables: list[Table], unmapped: list[Unmapped]):
        self.boxes: dict[int, list[Box]] = {}
        for table in tables:
            for row in table.rows:
                for cell in row.cells.values():
                    if cell.citation.bbox:
                        self.boxes.setdefault(cell.citation.page, []).append(tuple(cell.citation.bbox))
        for u in unmapped:
            if u.bbox and u.page is not None:
                self.boxes.setdefault(u.page, []).append(tuple(u.bbox))

    def holds(self, page: int, box) -> bool:
        c = _centre(box)
        return any(_inside(c, b) for b in self.boxes.get(page, []))

    def add(self, page: int, box) -> None:
        self.boxes.setdefault(page, []).append(tuple(box))


def unkeyed_amounts(document: Document, located, tables: list[Table], unmapped: list[Unmapped]) -> list[Unmapped]:
    """An ``Unmapped`` with a reason, page and box for every amount the located tables
    print that no keyed cell and no unmapped entry holds (see the module docstring)."""
    ledger = _Ledger(tables, unmapped)
    out: list[Unmapped] = []
    grid_pages: dict[int, list[tuple[Box, int]]] = {}  # page -> (box of a grid's cells there, grid)
    for index, grid in enumerate(document.tables):
        for number, box in _grid_boxes(grid).items():
            grid_pages.setdefault(number, []).append((box, index))
    located_grids: set[int] = set()
    cells: dict[int, list[Box]] = {}  # page -> boxes of the located grids' cells
    table_pages: dict[int, str] = {}
    for found in located:
        for k, index in enumerate(found.grids):
            located_grids.add(index)
            grid = document.tables[index]
            for cell in grid.cells:
                if cell.bbox is not None:
                    cells.setdefault(cell.page, []).append(tuple(cell.bbox))
            header_from = document.tables[found.grids[0]] if k else None
            out.extend(_grid_amounts(grid, found.table_id, header_from, ledger))
            for number in grid.pages:
                table_pages.setdefault(number, found.table_id)
    for page in document.pages:
        table_id = table_pages.get(page.number)
        if table_id is None:
            continue
        boxes = grid_pages.get(page.number, [])
        for line in page.lines:
            out.extend(_line_amounts(line, page, table_id, boxes, located_grids,
                                     cells.get(page.number, []), ledger))
    return out


def _grid_boxes(grid: Grid) -> dict[int, Box]:
    out: dict[int, Box] = {}
    for cell in grid.cells:
        if cell.bbox is None:
            continue
        b = out.get(cell.page)
        out[cell.page] = tuple(cell.bbox) if b is None else (
            min(b[0], cell.bbox[0]), min(b[1], cell.bbox[1]), max(b[2], cell.bbox[2]), max(b[3], cell.bbox[3]))
    return out


def _roles(grid: Grid, rows, start: int, table_id: str, header_from: Grid | None) -> list[str | None]:
    if grid.kind == "flattened":
        return [None] * grid.n_cols
    roles = _column_roles(grid, rows, start, table_id)
    if header_from is not None and (start == 0 or not any(roles)):
        inherited = _inherited_roles(grid, header_from, table_id)
        if inherited:
            roles = inherited
    return roles


def _skipped_row(texts: list[str]) -> bool:
    """The 栏次 row (栏次, 1 2 3 …) or a row of years (2025 2026)."""
    if any("栏次" in t for t in texts):
        return True
    nums = [t for t in texts if _AMOUNT.match(t)]
    ints = [int(t) for t in nums if _INT.match(t)]
    if not nums or len(ints) != len(nums):
        return False
    seq = len(ints) >= 3 and all(b == a + 1 for a, b in zip(ints, ints[1:])) and ints[0] in (0, 1, 2)
    return seq or all(1990 <= i <= 2035 for i in ints)


def _grid_amounts(grid: Grid, table_id: str, header_from: Grid | None, ledger: _Ledger) -> list[Unmapped]:
    rows = grid.rows()
    start = _data_start(rows)
    roles = _roles(grid, rows, start, table_id, header_from)
    header = _header_cells(rows, start)
    heads = ["|".join(dict.fromkeys(squash(hc.text) for h in header if c < len(h)
                                    and (hc := h[c]) is not None and hc.text.strip())) for c in range(grid.n_cols)]
    if header_from is not None and not any(heads):
        heads = _inherited_heads(grid, header_from)
    out: list[Unmapped] = []
    for row in rows[start:]:
        cells = [c for c in row if c is not None]
        texts = [t for c in cells for t, _ in _tokens(c.text, c.bbox)]
        if _skipped_row(texts):
            continue
        first_cjk = next((c.col for c in cells if _CJK.search(c.text)), None)
        label = squash(" ".join(c.text for c in cells if _CJK.search(c.text)))[:40]
        keyed_in_row = any(c.bbox and ledger.holds(c.page, c.bbox) and _AMOUNT.match(squash(c.text))
                           for c in cells)
        for cell in cells:
            c = cell.col
            head = heads[c] if c < len(heads) else ""
            role = roles[c] if c < len(roles) else None
            if any(w in head for w in _NO_AMOUNT_HEADERS):
                continue
            kind: Literal["row", "column"]
            for text, box in _tokens(cell.text, cell.bbox):
                if not _AMOUNT.match(text) or box is None:
                    continue
                if _INT.match(text) and (
                        (first_cjk is not None and c < first_cjk) or role in _LABEL_ROLES
                        or (len(text) > 1 and text.startswith("0"))
                        or any(w in head for w in _CODE_HEADERS) or head in ("类", "款", "项")):
                    continue  # a code or a row number
                if ledger.holds(cell.page, box):
                    continue
                if role is None:
                    kind, reason = "column", f"amount not keyed: column not recognised ({head or f'第{c + 1}列'})"
                elif role in _LABEL_ROLES:
                    kind, reason = "column", f"amount not keyed: printed in the label column ({head or role})"
                elif keyed_in_row:
                    kind, reason = "row", f"amount not keyed: cell not keyed in row {label or '(no label)'} " \
                                          f"(column {head or role})"
                else:
                    kind, reason = "row", f"amount not keyed: row not recognised ({label or 'no label'})"
                out.append(Unmapped(kind=kind, table_id=table_id, text=text, page=cell.page,
                                    reason=reason, bbox=[round(v, 2) for v in box]))
                ledger.add(cell.page, box)
    return out


def _inherited_heads(grid: Grid, header_from: Grid) -> list[str]:
    """The header text over each column of a header-less continuation: that of the
    header grid's column it overlaps most."""
    rows = header_from.rows()
    start = _data_start(rows)
    header = _header_cells(rows, start)
    ext: dict[int, tuple[float, float]] = {}
    for g, out in ((header_from, {}), (grid, ext)):
        for cell in g.cells:
            if cell.bbox is not None and cell.colspan == 1 and cell.page == g.pages[0]:
                x0, x1 = out.get(cell.col, (cell.bbox[0], cell.bbox[2]))
                out[cell.col] = (min(x0, cell.bbox[0]), max(x1, cell.bbox[2]))
        if g is header_from:
            head_ext = out
    heads = []
    for c in range(grid.n_cols):
        if c not in ext:
            heads.append("")
            continue
        x0, x1 = ext[c]
        best = max(head_ext, key=lambda h: min(x1, head_ext[h][1]) - max(x0, head_ext[h][0]), default=None)
        heads.append("" if best is None else "|".join(dict.fromkeys(
            squash(hc.text) for h in header if best < len(h) and (hc := h[best]) is not None and hc.text.strip())))
    return heads


def _line_amounts(line, page, table_id: str, boxes: list[tuple[Box, int]], located: set[int],
                  cells: list[Box], ledger: _Ledger) -> list[Unmapped]:
    text = squash(line.text)
    if _NARRATIVE.search(text) or "栏次" in text or line.bbox is None:
        return []
    height = page.height or 842.0
    if (line.bbox[1] < 0.07 * height or line.bbox[3] > 0.92 * height) and not re.search(r"\d\.\d", text):
        return []  # a page number or a running head in the margin
    words = line.words or []
    tokens = [(t, b) for w in words for t, b in _tokens(w.text, w.bbox or line.bbox)]
    if _skipped_row([t for t, _ in tokens]):
        return []
    folio = [t for t, _ in tokens if not re.fullmatch(r"[-—–第页]+", t)]
    if line.bbox[1] > 0.75 * height and all(_INT.match(t) and len(t) <= 3 for t in folio):
        return []  # a page number low on the page (``— 8 —``, or ``1 1`` printed a digit a word)
    first_cjk = next((i for i, (t, _) in enumerate(tokens) if _CJK.search(t)), None)
    out = []
    for i, (t, box) in enumerate(tokens):
        if not _AMOUNT.match(t) or box is None:
            continue
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
        if nxt.startswith(("万元", "元", "亿元", "%", "年", "月", "个", "人", "辆")):
            continue  # 130.00 万元 in a sentence, 2025 年
        if i > 0 and tokens[i - 1][0].endswith("表") and len(t) <= 2:
            continue  # a table's label printed as two words: 表 1, 附表 3
        if _INT.match(t) and ((first_cjk is not None and i < first_cjk) or t.startswith("0")
                              or (len(t) in (3, 5, 7) and _CJK.match(nxt))):
            continue  # a code or a row number before its name
        c = _centre(box)
        if ledger.holds(page.number, box) or any(_inside(c, b) for b in cells):
            continue  # keyed, reported, or a located grid's cell (read above)
        holders = [g for b, g in boxes if _inside(c, b)]
        if any(g in located for g in holders):
            reason = "amount not keyed: inside the table's grid but in none of its cells"
        elif holders:
            reason = "amount not keyed: second table on the page, not located"
        else:
            reason = "amount not keyed: printed outside the table's grid"
        out.append(Unmapped(kind="table", table_id=table_id, text=t, page=page.number, reason=reason,
                            bbox=[round(v, 2) for v in box]))
        ledger.add(page.number, box)
    return out


__all__ = ["unkeyed_amounts"]
