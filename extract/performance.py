"""Performance self-evaluation tables (绩效自评表) into ``PerformanceTable``s, ``P01``… in order.

Two shapes are read, both by their printed labels, never by column position alone:

- a *project* table (项目支出绩效自评表): 项目名称, 主管部门 / 实施单位 (the entity the
  table names, kept so that checks can see a table naming another bureau), the fund row
  (年度资金总额) read against the fund header (年初预算数, 全年预算数, 全年执行数, 分值,
  执行率, 得分), the indicators (一级 / 二级 / 三级指标, 指标值, 实际完成值, 分值, 得分) and
  总分;
- an *overall* table (整体支出绩效自评表): 单位名称, the task rows (任务 1, 任务 2 …) and
  the 金额合计 row kept as ``parts`` with their 全年预算数 / 全年执行数 cells keyed by
  group and sub-column (``actual_fiscal`` …), so that a 合计 that is not the sum of the
  tasks is visible to the checks.

Exported text puts cells of one row under shifted columns; the fund row is therefore
matched to the fund header by order of the printed values (only when the counts agree),
and an indicator row is read from its right end (得分, 分值, then the values).
"""

from __future__ import annotations

import re

from budgetlens.extract.vocab import norm
from budgetlens.ingest.normalize import is_empty_cell, parse_number, squash
from budgetlens.schemas.document import Document, Grid, GridCell, Line
from budgetlens.schemas.filing import CellValue, Citation, PerformanceIndicator, PerformanceTable, Row

_FUND_LABELS = [("年初", "budget_initial"), ("全年预算", "budget_full_year"), ("预算数", "budget_full_year"),
                ("执行数", "actual"), ("分值", "weight"), ("执行率", "rate"), ("得分", "score")]
_LEVEL1 = re.compile(r"^(产出|效益|满意度|成本)指标")
_DIRECTION = re.compile(r"^(正向|反向|定性|定量|大于等于|小于等于|等于|大于|小于)$")
_UNIT = re.compile(r"^(?:%|[万千百]?[元人次项年个家天月分件批户台套]|人次|批次|万人次|小时|分钟|万元)$")
_ENTITY_TAIL = re.compile(r"[(（]部门?[)）]?$")
# an entity names an organisation (a 股 or 科 inside a bureau is not the filer)
_ORG_NAME = re.compile(r"(?:局|委员会|委|厅|院|中心|办公室|办|政府|学校|大学|学院|医院|所|站|馆|会|处|队)$")
# level-2 indicator labels, which wrap over lines in flattened text ("社会效益指" / "标")
_LEVEL2 = re.compile(r"^((?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|满意度)指标)(.*)$")
_LABEL_SUFFIX = re.compile(r"^(?:及代码)?[:：]?")
_SUBCOLS = {"总额": "total", "合计": "total", "财政拨款": "fiscal", "其他资金": "other"}


def extract_performance(document: Document) -> list[PerformanceTable]:
    """Every 绩效自评表 of the document, numbered P01, P02 … in document order."""
    out: list[PerformanceTable] = []
    for grid in document.tables:
        title = _title(document, grid)
        rows = [[c for c in row] for row in grid.rows()]
        head = " ".join(squash(c.text) for row in rows[:2] for c in row if c)
        if "自评表" not in nospace_(title + head):
            continue
        table_id = f"P{len(out) + 1:02d}"
        overall = "整体" in nospace_(title + head)
        table = _overall(rows) if overall else _project(rows)
        out.append(table.model_copy(update={"table_id": table_id, "pages": list(grid.pages)}))
    return out


def nospace_(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _title(document: Document, grid: Grid) -> str:
    """The grid's title lines, with the few page lines above them when those hold the name."""
    texts = [line.text for line in grid.title_lines]
    first = grid.title_lines[0] if grid.title_lines else None
    if first is not None and first.index is not None:
        for page in document.pages:
            lines: list[Line] = page.lines
            pos = next((i for i, l in enumerate(lines) if l.index == first.index), None)
            if pos is not None:
                texts = [l.text for l in lines[max(0, pos - 3):pos]] + texts
                break
    return " ".join(texts)


def _texts(row: list[GridCell | None]) -> list[GridCell]:
    return [c for c in row if c is not None and not is_empty_cell(c.text)]


def _value(cell: GridCell) -> CellValue | None:
    v = parse_number(cell.text)
    if v is None:
        return None
    return CellValue(value=v, citation=Citation(page=cell.page, bbox=list(cell.bbox) if cell.bbox else None,
                                                quote=squash(cell.text)))


def _after(rows: list[list[GridCell | None]], label: str) -> str:
    """The first filled cell after a cell whose text is ``label``."""
    for row in rows:
        cells = _texts(row)
        for i, c in enumerate(cells):
            if norm(c.text).startswith(label):
                rest = _LABEL_SUFFIX.sub("", norm(c.text)[len(label):])
                if rest:
                    return squash(c.text)[len(label):].strip()
                if i + 1 < len(cells):
                    return squash(cells[i + 1].text)
                return _next_row_value(rows, row)
    return ""


def _next_row_value(rows: list[list[GridCell | None]], row: list[GridCell | None]) -> str:
    """A label alone on its line (flattened text): its value is the next line, when that
    line is a single cell."""
    index = next(i for i, r in enumerate(rows) if r is row)
    following = [_texts(r) for r in rows[index + 1:index + 2]]
    if following and len(following[0]) == 1 and parse_number(following[0][0].text) is None:
        return squash(following[0][0].text)
    return ""


def _entity(rows: list[list[GridCell | None]]) -> str:
    for label in ("主管部门", "单位名称", "实施单位"):
        value = _after(rows, label)
        value = re.sub(r"^(?:及代码)?[:：]?\s*", "", value)
        value = re.sub(r"^\d+-", "", value)
        if value and value != "实施单位":
            name = _ENTITY_TAIL.sub("", value.split()[0])
            if _ORG_NAME.search(name):
                return name
    return ""


def _fund_header(cells: list[GridCell]) -> list[str] | None:
    keys = []
    for c in cells:
        t = norm(c.text)
        key = next((k for word, k in _FUND_LABELS if word in t), None)
        if key:
            keys.append(key)
    return keys if "actual" in keys and len(keys) >= 3 else None


def _project(rows: list[list[GridCell | None]]) -> PerformanceTable:
    table = PerformanceTable(table_id="", kind="project", entity=_entity(rows), project=_after(rows, "项目名称"))
    header: list[str] | None = None
    fields: dict = {}
    for row in rows:
        cells = _texts(row)
        if header is None:
            header = _fund_header(cells)
            continue
        label = next((norm(c.text) for c in cells if parse_number(c.text) is None), "")
        if "资金总额" in label and not fields:
            values = [c for c in cells if parse_number(c.text) is not None]
            if len(values) == len(header):
                for key, cell in zip(header, values):
                    fields.setdefault(key, cell)
    update: dict = {}
    for key in ("budget_initial", "budget_full_year", "actual"):
        if key in fields:
            update[key] = _value(fields[key])
    if "rate" in fields:
        update["execution_rate"] = parse_number(fields["rate"].text)
    update["indicators"] = _indicators(rows)
    update["score"] = _total_score(rows)
    return table.model_copy(update=update)


def _total_score(rows: list[list[GridCell | None]]) -> float | None:
    for row in rows:
        cells = _texts(row)
        if cells and norm(cells[0].text) == "总分":
            numbers = [parse_number(c.text) for c in cells[1:] if parse_number(c.text) is not None]
            return numbers[-1] if numbers else None
    return None


def _indicators(rows: list[list[GridCell | None]]) -> list[PerformanceIndicator]:
    """Indicator rows, read from their right end (得分, 分值, then the values).

    In flattened text a label wraps over lines: a line holding one text cell and no
    number is kept until the next indicator row, which takes it as its level-2 label
    (数量指标, 社会效益指 / 标) and, when the row has no name of its own, as its name
    (定点医疗机构监督检查覆 / 盖率).
    """
    out: list[PerformanceIndicator] = []
    start = next((i for i, row in enumerate(rows) if any("一级指标" in norm(c.text) for c in _texts(row))), None)
    if start is None:
        return out
    has_unit = any("计量单位" in norm(c.text) for c in _texts(rows[start]))
    level1 = level2 = ""
    pending: list[str] = []
    for row in rows[start + 1:]:
        cells = [c for c in _texts(row) if norm(c.text) not in ("绩效指标", "年度绩效指标完成情况")]
        if not cells or norm(cells[0].text) == "总分":
            break
        numeric = [i for i, c in enumerate(cells) if parse_number(c.text) is not None]
        pair = next((i for i in reversed(numeric) if i - 1 in numeric), None)
        if pair is None:
            if len(cells) == 1 and not numeric:
                text = norm(cells[0].text)
                if _LEVEL1.fullmatch(text) and text != "成本指标":
                    level1, level2, pending = squash(cells[0].text), "", []
                else:
                    pending.append(text)
            continue
        carried, pending = "".join(pending), []
        label = _LEVEL2.match(carried)
        if label:
            level2, carried = label.group(1), label.group(2)
        if pair < 3:
            continue
        w, s = pair - 1, pair
        j = w - 1
        if has_unit and _UNIT.match(norm(cells[j].text)):
            j -= 1
        actual, target, k = squash(cells[j].text), squash(cells[j - 1].text), j - 2
        if _DIRECTION.match(norm(target)):  # qualitative row: the result sits in the notes
            actual, target, k = "", actual, j - 1
        while k >= 0 and _DIRECTION.match(norm(cells[k].text)):
            k -= 1
        if k < 0 and not carried:
            continue
        name = squash(cells[k].text) if k >= 0 else carried
        for c in cells[:max(k, 0)]:
            t = squash(c.text)
            if _LEVEL1.match(norm(t)) and norm(t) not in ("成本指标",) or not level1:
                level1, level2 = t, ""
            else:
                level2 = t
        out.append(PerformanceIndicator(level1=level1, level2=level2, name=name, target=target,
                                        actual=actual, weight=parse_number(cells[w].text),
                                        score=parse_number(cells[s].text), page=cells[s].page))
    return out


def _overall(rows: list[list[GridCell | None]]) -> PerformanceTable:
    """整体支出绩效自评表: task rows and the 金额合计 row as parts, keyed by group_sub."""
    table = PerformanceTable(table_id="", kind="overall", entity=_entity(rows))
    columns: dict[int, str] = {}
    for i, row in enumerate(rows):
        groups = {c.col: ("budget" if "预算" in norm(c.text) else "actual")
                  for c in _texts(row) if "全年" in norm(c.text) and "数" in norm(c.text)}
        if len(groups) == 2 and i + 1 < len(rows):
            subs = {c.col: _SUBCOLS.get(norm(c.text)) for c in _texts(rows[i + 1])}
            ordered = sorted(groups)
            for col, sub in subs.items():
                if sub is None:
                    continue
                group = groups[max(g for g in ordered if g <= col)] if any(g <= col for g in ordered) else None
                if group:
                    columns[col] = f"{group}_{sub}"
            for c in _texts(row):
                t = norm(c.text)
                if t in ("分值", "执行率", "得分"):
                    columns[c.col] = {"分值": "weight", "执行率": "rate", "得分": "score"}[t]
            break
    parts: list[Row] = []
    for row in rows:
        cells = _texts(row)
        label = next((norm(c.text) for c in cells if re.match(r"^(任务\d+|金额合计|合计)$", norm(c.text))), None)
        if label is None:
            continue
        key = "total" if "合计" in label else f"task{label[2:]}"
        shift = _shift(cells, columns)
        values = {columns[c.col - shift]: v for c in cells
                  if c.col - shift in columns and (v := _value(c)) is not None}
        name = next((squash(c.text) for c in cells if c.col - shift not in columns
                     and parse_number(c.text) is None
                     and norm(c.text) not in (label, "完成", "年度主要任务完成情况")), "")
        parts.append(Row(key=key, label=name or label, cells=values))
    total = next((p for p in parts if p.key == "total"), None)
    update: dict = {"parts": parts, "indicators": _indicators(rows), "score": _total_score(rows)}
    if total is not None:
        update["budget_full_year"] = total.cells.get("budget_total")
        update["actual"] = total.cells.get("actual_total")
        rate = total.cells.get("rate")
        update["execution_rate"] = rate.value if rate else None
    return table.model_copy(update=update)


def _shift(cells: list[GridCell], columns: dict[int, str]) -> int:
    """How far a row's cells sit right of the header: its 执行率 (a % cell) marks the column.

    Exported text sometimes carries one tab too many in a row (the 金额合计 row of an
    overall table); without the shift its 执行数 would be read under the wrong sub-column.
    """
    rate_col = next((col for col, key in columns.items() if key == "rate"), None)
    pct = next((c.col for c in cells if c.text.strip().endswith("%")), None)
    if rate_col is None or pct is None:
        return 0
    return pct - rate_col
