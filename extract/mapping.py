"""Rows and columns of a located table grid into keyed, cited cells.

Three readings, chosen by what the table is and how its grid was read:

- *positional* (ruled, borderless, tabbed, docx, OCR grids): each column gets a role
  from its header (code, name, 行次, or a col_id); columns are grouped into sides
  (``code name values``, repeated for two-sided summary tables);
- *template* (flattened text): the 栏次 row, or the header words, give the slot order
  ``[code] label [行次] value…`` of a row; tokens fill slots across wrapped lines;
- *stream* (T06, economic codes printed in 3-4 groups side by side): ``code name value``
  triples read in order, whatever the row breaks.

Column roles and sides (the header's reading) are in ``mapping_columns``; row keys in
``mapping_keys``; the text readings in ``mapping_text``.

A value is ``parse_number`` of the printed text; an empty or dashed cell is absent; a
row or column that cannot be keyed is reported as ``Unmapped``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.extract import vocab
from budgetlens.extract.mapping_columns import (
    _CODE,
    SUMMARY,
    THREE_PUBLIC,
    _column_roles,
    _data_start,
    _Group,
    _groups,
    _header_cells,
    _inherited_roles,
    _is_text,
    _LABEL_ROLES,
    _unkeyed_columns,
)
from budgetlens.ingest.normalize import parse_number
from budgetlens.schemas.document import Grid, GridCell
from budgetlens.schemas.filing import Row, Unmapped

STREAM = {"T06"}
_FUNC_CODE = re.compile(r"^2\d{2}(?:\d{2}){0,2}$")
_ECON_CODE = re.compile(r"^[35]\d{2}(?:\d{2}){0,2}$")
_UNIT_CODE = re.compile(r"^\d{6}$")
_DATE = re.compile(r"^\d{4}[-/.年]\d{1,2}")
_PARTIAL = re.compile(r"^\d{2}$|^\d{4}$")
_CODE_IN_LABEL = re.compile(r"^[\[【(（]?(\d{3}(?:\d{2}){0,2})[\]】)）]?\s*[-－—_.、:：]?\s*(?=[^\d\s年])(.+)$")


def split_code(label: str) -> tuple[str, str]:
    """A code printed in the label cell, and the name: ``[2010101]行政运行``,
    ``2010101-行政运行``, ``2010101 行政运行``, ``301 工资福利支出`` → (code, name);
    ("", label) when the label starts with no code (a year such as 2026年 is not one)."""
    m = _CODE_IN_LABEL.match(label.strip())
    if not m:
        return "", label
    return m.group(1), m.group(2).strip()



@dataclass
class Mapped:
    rows: list[Row] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    has_values: bool = False


@dataclass
class _Record:
    side: int
    code: str = ""
    label: str = ""
    cells: dict[str, GridCell] = field(default_factory=dict)
    page: int = 1
    unit: str = ""  # the subordinate unit the row belongs to (预算单位 column)
    unit_row: bool = False  # the row is a unit's total (a 单位名称 label column)
    item: str = ""  # a purchase or unit line of a 政府采购 list (see mapping_procurement)
    list_item: str = ""  # a line of a list under its unit and code (a Xi'an 政府采购 item): what it is


def map_grid(grid: Grid, table_id: str, header_from: Grid | None = None,
             state: dict | None = None, names: dict[str, list[str]] | None = None) -> Mapped:
    """Keyed rows of one grid of a known table.

    ``header_from`` is the grid a header-less continuation (the same table carried
    over a page break, re-read with other column boundaries) takes its columns from:
    each column gets the role of the header column it overlaps most.
    """
    if table_id in STREAM or grid.kind == "flattened":
        from budgetlens.extract.mapping_text import stream, template

        records, problems = stream(grid) if table_id in STREAM else template(grid, table_id)
    else:
        state = {} if state is None else state
        records, problems = _positional(grid, table_id, header_from, state)
    from budgetlens.extract.mapping_keys import key_records

    summary = table_id in SUMMARY or bool((state or {}).get("summary"))
    out = key_records(records, table_id, names or {}, summary=summary, state=state)
    out.unmapped[:0] = [Unmapped(kind="column", table_id=table_id, text=p[0], page=grid.pages[0], reason=p[1],
                                 bbox=p[2] if len(p) > 2 else None) for p in problems]
    return out





def _positional(grid: Grid, table_id: str, header_from: Grid | None = None, state: dict | None = None
                ) -> tuple[list[_Record], list[tuple[str, str]]]:
    """Rows of a grid read by column roles. ``state`` carries the last 类 and the current
    预算单位 from one grid of a table to the next (a table continued over pages)."""
    state = {} if state is None else state
    rows = grid.rows()
    start = _data_start(rows)
    roles = _column_roles(grid, rows, start, table_id)
    if header_from is not None and (start == 0 or not any(roles)):
        # a continuation without a header of its own (a first row spilled over the page
        # break is data too): the columns of the table's first grid
        inherited = _inherited_roles(grid, header_from, table_id)
        if inherited:
            roles, start = inherited, 0
    if table_id not in SUMMARY and _income_and_expenditure(rows, start, roles):
        state["summary"] = True
    groups = _groups(roles, table_id, bool(state.get("summary")))
    for g in groups:  # a second column read as the same id (政府采购项目 | 合计) is not that id
        seen: set[str] = set()
        for c in sorted(g.value_cols):
            if g.value_cols[c] in seen:
                del g.value_cols[c]
                roles[c] = None
            else:
                seen.add(g.value_cols[c])
    kept = {c for g in groups for c in g.value_cols}
    for c, role in enumerate(roles):  # a column the table's reading drops (a 三公 table's 合计
        if role and role not in _LABEL_ROLES and c not in kept:  # of everything) is reported
            roles[c] = None
    if table_id in THREE_PUBLIC:
        transposed = _transposed_three_public(grid, rows, start, roles)
        if transposed is not None:
            return transposed, []
    labelless = table_id not in THREE_PUBLIC and all(g.name_col is None and not g.code_cols for g in groups)
    problems: list[tuple[str, str]] = []
    records: list[_Record] = []
    carry = state.setdefault("carry", ["", ""])  # last 类 and 款 printed, for codes split over columns
    last_class = state.get("last_class", "")  # last 类 printed, for partial codes (02 under 201)
    units: dict[int, str] = state.setdefault("units", {})  # the 预算单位 the rows below belong to
    for row in rows[start:]:
        row_recs: dict[int, _Record] = {}
        for side, g in enumerate(groups):
            rec = _Record(side=side)
            parts = [row[c].text.strip() if row[c] is not None else "" for c in g.code_cols]
            code_text = "".join(parts)
            if len(parts) > 1 and code_text.isdigit():
                # 款/项 columns hold two digits; an export that drops the leading zero prints 2 for 02
                parts = [parts[0]] + [q.zfill(2) if len(q) == 1 else q for q in parts[1:]]
                if parts[0]:
                    carry[:] = [parts[0], parts[1] if len(parts) > 1 else ""]
                elif len(parts) > 1 and parts[1]:
                    parts[0] = carry[0]
                    carry[1] = parts[1]
                elif len(parts) > 2 and parts[2]:
                    parts[0], parts[1] = carry
                code_text = "".join(parts)
            if len(parts) == 1 and _PARTIAL.match(code_text) and last_class:
                code_text = last_class + code_text  # 02 / 0201 printed under its 类 201
            if code_text and _CODE.match(code_text):
                rec.code = code_text
            elif code_text and not set(code_text) <= set("类款项"):  # 类 款 项 is header, not label
                rec.label = code_text
            if g.name_col is not None and row[g.name_col] is not None and row[g.name_col].text.strip():
                name = row[g.name_col].text.strip()
                rec.label = name if not rec.label else rec.label + name
            if not rec.code and rec.label:
                rec.code, rec.label = split_code(rec.label)
            if rec.code and len(rec.code) == 3:
                last_class = rec.code
            if not rec.code and _UNIT_CODE.match(code_text) and rec.label.startswith(code_text) \
                    and len(rec.label) > len(code_text) + 3:
                # a unit's line inside a coded table (125001 西安市安全生产监督管理局): its total,
                # and the unit of the coded rows under it
                rec.label = _own_unit(rec.label[len(code_text):].strip(), state, side)
                units[side], rec.unit_row = rec.label, True
            elif g.unit_col is None and units.get(side):
                rec.unit = units[side]
            if g.unitcode_col is not None and rec.code and g.unit_col is None and not g.unit_rows:
                _list_line(rec, row, g, units, state, side)
            if g.qual_cols and rec.code:
                qual = [row[c].text.strip() if row[c] is not None else "" for c in g.qual_cols]
                qual = [qual[0]] + [q.zfill(2) if len(q) == 1 else q for q in qual[1:]]
                if "".join(qual).isdigit():  # 301 01 基本工资 under 501 01: 50101|30101
                    rec.unit = f"{rec.unit}|{''.join(qual)}" if rec.unit else "".join(qual)
            if g.unit_col is not None:
                unit_cell = row[g.unit_col]
                unit_text = unit_cell.text.strip() if unit_cell is not None else ""
                if unit_text and vocab.norm(unit_text) not in ("合计", "总计"):
                    units[side] = unit_text
                    if not rec.code and not rec.label:  # the unit's own line: its total
                        rec.label, rec.unit_row = unit_text, True
                elif unit_text and not rec.label:
                    rec.label = unit_text
                if not rec.unit_row:
                    rec.unit = units.get(side, "")
            if g.unit_rows and not rec.unit_row and rec.label:
                rec.label = _own_unit(rec.label, state, side)
            rec.unit_row = rec.unit_row or g.unit_rows
            for c, col_id in g.value_cols.items():
                cell = row[c]
                if cell is not None and cell.text.strip():
                    cell = _spilled_label(rec, g, c, cell, row is rows[start])
                    if cell is not None:
                        rec.cells[col_id] = cell
            page = next((c.page for c in row if c is not None), grid.pages[0])
            rec.page = page
            if labelless and rec.cells:
                rec.label = "合计"  # a table of one data row under its header (合计 | 基本支出 | …)
            elif rec.cells and not rec.label and not rec.code and side == 0:
                first = next((c.text.strip() for c in row if c is not None and c.text.strip()), "")
                if vocab.norm(first) in ("合计", "总计") or (table_id == "B13" and vocab.procurement_row(first)):
                    rec.label = first  # 合计 / 货物 printed in a column with no role (项目编号, 采购品目大类)
            if table_id == "B13" and rec.cells and not rec.code and side == 0:
                from budgetlens.extract.mapping_procurement import procurement_line

                procurement_line(row, roles, rec, state)
            prev = row_recs.get(side - 1)
            if prev is not None and prev.label and not prev.cells and not rec.code and not rec.label and rec.cells:
                prev.cells = rec.cells  # a label spanning into the next side: 当年支出小计 … 13,377.11
                continue
            for prefix, row_label in (("py:", "上年"), ("chg:", "增减"), ("bud:", "预算数"), ("act:", "决算数")):
                other = {k[len(prefix):]: v for k, v in rec.cells.items() if k.startswith(prefix)}
                if not other:  # a 三公 table's earlier-year or change columns: their own row
                    continue
                rec.cells = {k: v for k, v in rec.cells.items() if not k.startswith(prefix)}
                if "all_total" in other and "total" not in other:
                    other["total"] = other.pop("all_total")
                extra = _Record(side=side, label=row_label, cells=other, page=rec.page, unit=rec.unit)
                if rec.unit_row and vocab.norm(rec.label).rstrip(":") not in ("合计", "总计"):
                    extra.unit = rec.label
                records.append(extra)
            if rec.code or rec.label or rec.cells:
                records.append(rec)
                row_recs[side] = rec
    state["last_class"] = last_class
    if not any(g.value_cols for g in groups):
        problems.append(("|".join(str(r) for r in roles), "no value column recognised in the header"))
    problems += _unkeyed_columns(rows, start, roles)
    return records, problems


_SPILLED = re.compile(r"^([\u4e00-\u9fff)）]{1,2})\s*(-?[\d,]+(?:\.\d+)?)?$")


def _spilled_label(rec: _Record, g: _Group, c: int, cell: GridCell, first: bool) -> GridCell | None:
    """A value cell holding the end of the label beside it, cut by a misplaced column
    boundary (Xi'an 2019 表1: ``(3)对个人和家庭的补`` | ``助 4.82``, ``3、机关资本性支出（一`` |
    ``） 104.31``): the characters go back to the label, the number stays (None when none).
    In the first data row, a value column's cell may begin with the end of its header
    (Xi'an 2021 收入总表: ``对附属单位上缴收`` over ``入0.00``): the number alone is read."""
    m = _SPILLED.match(cell.text.strip())
    if m is None or parse_number(cell.text) is not None:
        return cell
    if g.name_col is not None and c == g.name_col + 1 and rec.label:
        rec.label += m.group(1)
    elif not (first and m.group(2)):
        return cell
    return cell.model_copy(update={"text": m.group(2)}) if m.group(2) else None


def _list_line(rec: _Record, row, g: _Group, units: dict[int, str], state: dict, side: int) -> None:
    """A coded line of a table with a 单位编码 column (Xi'an 政府采购 list): ``211 01 02 | 1 |
    全额`` is the code's own line (``2110102``); ``211 01 02 | 252001 | 西安市生态环境局`` the
    unit's share of it (``西安市生态环境局|2110102``), and the lines under it printing the same
    code and no unit code are its items (``西安市生态环境局|2110102|<item>|<catalogue>``)."""
    cell = row[g.unitcode_col]
    text = cell.text.strip() if cell is not None else ""
    lines = state.setdefault("unit_code_lines", {})
    first_value = min(g.value_cols, default=len(row))
    words = [row[c].text.strip() for c in range(g.name_col + 1 if g.name_col is not None else 0, first_value)
             if row[c] is not None and c not in g.tail_code_cols and _is_text(row[c].text.strip())
             and not _DATE.match(row[c].text.strip())]
    tail = any(row[c] is not None and row[c].text.strip() for c in g.tail_code_cols)
    if _UNIT_CODE.match(text) and rec.label and (words or tail):
        # an item printing its unit's code on its own line (2019: 224 01 06 | 125001 | 事故应急救援 |
        # 其他专用汽车 …): ``125001|2240106|事故应急救援|其他专用汽车|…``
        rec.unit, rec.list_item = text, "|".join([rec.label] + words)
    elif _UNIT_CODE.match(text) and rec.label:
        units[side] = rec.unit = rec.label
        lines[side] = rec.code
    elif text:
        units[side] = rec.unit = ""
        lines[side] = ""
    elif lines.get(side) == rec.code and rec.unit and rec.label:
        rec.list_item = "|".join([rec.label] + words)


def _income_and_expenditure(rows, start: int, roles: list[str | None]) -> bool:
    """A table printed as a 收支表 (Xi'an 政府性基金收支表: 收 入 | 支 出 over 项目 | 预算数 |
    支出功能分类科目 | 预算数 | …): sides of labels and amounts, read as a summary table."""
    words = {vocab.norm(c.text) for row in rows[:start] for c in row if c is not None}
    return {"收入", "支出"} <= words and roles.count("name") >= 2


def _own_unit(label: str, state: dict, side: int) -> str:
    """A unit line named like a unit line above it is the department's own unit:
    ``252 西安市生态环境局`` (the department, all its units) then ``252001 西安市生态环境局``
    (its own office) key as ``西安市生态环境局|total`` and ``西安市生态环境局（本级）|total``."""
    bare = vocab.norm(label)
    if bare in ("合计", "总计") or label.endswith(("本级", "本级）", "本级)")):
        return label
    named = state.setdefault("unit_names", {}).setdefault(side, set())
    if bare in named:
        return label + "（本级）"
    named.add(bare)
    return label


def _transposed_three_public(grid: Grid, rows, start: int, roles: list[str | None]) -> list[_Record] | None:
    """A 三公 table printed with the items as rows (Guangzhou 表8: 行政经费 / “三公”经费 /
    其中：因公出国（境）支出 … down, 合计 | 一般公共预算 | 政府性基金预算 … across): one
    ``budget`` row whose columns are the items (``outbound`` from the 合计 column,
    ``outbound.general_budget`` from a fund's column). None when the rows are not items."""
    if "name" not in roles:
        return None
    name_col = roles.index("name")
    header = _header_cells(rows, start)
    cols: dict[int, str] = {}
    for c in range(grid.n_cols):
        if c == name_col:
            continue
        text = "|".join(h[c].text for h in header if c < len(h) and h[c] is not None and h[c].text.strip())
        fund = vocab.fund_of(vocab.norm(text))
        if fund:
            cols[c] = "." + fund
        elif any(w in vocab.norm(text) for w in ("合计", "小计", "总计", "预算数", "金额")):
            cols[c] = ""
    if not cols:
        return None
    rec = _Record(side=0, label="")
    items = 0
    for row in rows[start:]:
        cell = row[name_col]
        label = vocab.norm(cell.text) if cell is not None else ""
        if not label:
            continue
        item = vocab.three_public_item(label)
        if item is None:
            continue
        items += 1
        for c, suffix in cols.items():
            value = row[c] if c < len(row) else None
            if value is not None and value.text.strip() and (item + suffix) not in rec.cells:
                rec.cells[item + suffix] = value
                rec.page = value.page
    return [rec] if items >= 2 else None
