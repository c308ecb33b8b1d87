"""LLM help for what the rules could not map: a table layout, a narrative key figure.

The model only *proposes*: for a table it returns (row key, col_id, value, grid cell),
for a figure (name, value, unit, quote). Code then grounds every proposal. A value must
be printed in the grid cell the model cites (``grounding.ground_number``), a code row key
must be printed in that grid row, a quote must be in the text span and the value in the
quote. What fails is dropped and reported as ``Unmapped``; what passes is cited from the
*grid* or the *span* (page, box, printed text), never from the model's words.

``merge_llm`` adds the result to a rule-built filing without ever replacing a value the
rules produced: it fills only what the rules left empty and notes every filled cell.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage
from pydantic import BaseModel, Field

from budgetlens.llm import LLMCache, structured_call
from budgetlens.extract.grounding import find_quote, locate_number, quote_on_lines
from budgetlens.extract.llm_targets import KEY_FIGURES, TARGETS, TargetTable, describe_targets
from budgetlens.ingest.normalize import fold, is_empty_cell, nospace, parse_number, squash, unit_of
from budgetlens.schemas.document import Grid, GridCell, Page
from budgetlens.schemas.filing import (CellValue, Citation, Filing, KeyFigure, KeyFigureMention, Row,
                            Table, Unit, Unmapped)

# --- what the model is asked to return ----------------------------------------------


class LLMCell(BaseModel):
    row_key: str = Field(description="row key per the target schema (code, total, named key)")
    row_label: str = Field(description="the row's label as printed in the grid")
    col_id: str = Field(description="one of the target table's col_ids")
    value: float = Field(description="the number printed in the cell, as printed")
    grid_row: int = Field(description="r index of the grid cell the value was read from")
    grid_col: int = Field(description="c index of the grid cell the value was read from")
    quote: str = Field(description="the text of that grid cell, as printed")


class LLMTableAnswer(BaseModel):
    table_id: str = Field(description="the target table id (T01…T09, B01…B09)")
    cells: list[LLMCell]


class LLMFigure(BaseModel):
    name: str = Field(description="a key-figure name from the list given")
    value: float = Field(description="the number as printed in the quote (sign for change)")
    unit: str = Field(description="the unit printed after the number: 万元, 元, %, 辆")
    quote: str = Field(description="the exact sentence part the number is printed in")


class LLMFigures(BaseModel):
    figures: list[LLMFigure]


# --- tables -------------------------------------------------------------------------

_TABLE_SYSTEM = (
    "You map a table from a Chinese government budget or final-account filing onto a "
    "fixed schema. Each grid cell is shown as c<col>=<text> on its row r<row>. For every "
    "amount cell, return the row key and col_id it belongs to, the number exactly as "
    "printed, and the r/c of the cell you read it from. Skip header rows, the 栏次 row "
    "(1 2 3 …), code columns and empty cells. Never compute, convert or invent a number; "
    "a cell you cannot place is left out.")


def grid_text(grid: Grid) -> str:
    """The grid as the model sees it: title lines, then one line per row."""
    lines = [f"title: {squash(line.text)}" for line in grid.title_lines if line.text.strip()]
    for r, row in enumerate(grid.rows()):
        cells = [f"c{cell.col}={squash(cell.text)}" for cell in row
                 if cell is not None and cell.text.strip()]
        if cells:
            lines.append(f"r{r}: " + " | ".join(cells))
    lines += [f"note: {squash(line.text)}" for line in grid.note_lines if line.text.strip()]
    return "\n".join(lines)


def table_unit(grid: Grid) -> Unit:
    """元 when the table says so (单位：元), else 万元, the contract's default."""
    texts = [line.text for line in grid.title_lines + grid.note_lines]
    texts += [c.text for c in grid.cells if c.row < max(grid.header_rows, 1)]
    for text in texts:
        if unit := unit_of(text):
            return unit  # type: ignore[return-value]
    return "万元"


def _is_column_number_row(row: Sequence[GridCell | None]) -> bool:
    """The 栏次 row: 栏次 printed, or its numbers run 1, 2, 3, … across the row."""
    texts = [c.text for c in row if c is not None and not is_empty_cell(c.text)]
    if any("栏次" in nospace(t) for t in texts):
        return True
    numbers = [parse_number(t) for t in texts]
    ints = [n for n in numbers if n is not None]
    return len(ints) >= 3 and ints == [float(i) for i in range(1, len(ints) + 1)]


def _code_printed(code: str, row: Sequence[GridCell | None]) -> bool:
    """Whether a classification code is printed in the grid row: as one token, or as
    the 类/款/项 parts in leading digit-only cells."""
    texts = [fold(c.text) for c in row if c is not None and c.text.strip()]
    for text in texts:
        if code in re.findall(r"(?<!\d)\d+(?!\d)", text):
            return True
    joined = ""
    for text in texts:
        if not re.fullmatch(r"\s*\d+\s*", text):
            break
        joined += text.strip()
        if joined == code:
            return True
    return False


def _drop(table_id: str | None, cell: GridCell | None, text: str, reason: str,
          kind: str = "figure") -> Unmapped:
    return Unmapped(kind=kind, table_id=table_id, text=text[:200],  # type: ignore[arg-type]
                    page=cell.page if cell else None, reason=reason)


def _citation(cell: GridCell) -> Citation:
    return Citation(page=cell.page, bbox=list(cell.bbox) if cell.bbox else None,
                    quote=squash(cell.text))


def _table_messages(grid: Grid, target: TargetTable | None) -> list:
    schema = describe_targets([target] if target else list(TARGETS.values()))
    ask = (f"Target table {target.table_id}." if target else
           "Decide which target table this is (table_id), then map it.")
    return [SystemMessage(content=_TABLE_SYSTEM),
            HumanMessage(content=f"{ask}\n\nTarget schema:\n{schema}\n\nGrid:\n"
                                 f"{grid_text(grid)}")]


def assist_table(model: BaseChatModel, grid: Grid, table_id_hint: str | None,
                 cache: LLMCache | None) -> tuple[Table | None, list[Unmapped]]:
    """Map ``grid`` onto the contract's table with the model's help; every accepted
    value is grounded in, and cited from, a grid cell. ``(None, reasons)`` when nothing
    could be accepted."""
    page = grid.pages[0] if grid.pages else None
    if table_id_hint is not None and table_id_hint not in TARGETS:
        return None, [Unmapped(kind="table", table_id=table_id_hint, text=grid_text(grid)[:200],
                               page=page, reason=f"no target schema for {table_id_hint}")]
    target = TARGETS.get(table_id_hint) if table_id_hint else None
    answer = structured_call(model, LLMTableAnswer, _table_messages(grid, target), cache=cache)
    table_id = table_id_hint or answer.table_id
    target = TARGETS.get(table_id)
    if target is None:
        return None, [Unmapped(kind="table", table_id=table_id, text=grid_text(grid)[:200],
                               page=page, reason=f"llm named unknown table {table_id!r}")]
    table, unmapped = _ground_cells(grid, target, answer.cells)
    if table is None:
        unmapped.append(Unmapped(kind="table", table_id=table_id, text=grid_text(grid)[:200],
                                 page=page, reason="llm mapped no grounded cell"))
    return table, unmapped


@dataclass(frozen=True)
class _Accepted:
    key: str
    col: str
    value: float
    cell: GridCell
    label: str


def _check_cell(grid: Grid, dense: list[list[GridCell | None]], target: TargetTable,
                proposal: LLMCell) -> _Accepted | Unmapped:
    tid = target.table_id
    what = f"{proposal.row_key}.{proposal.col_id}={proposal.value:g}"
    if not (0 <= proposal.grid_row < grid.n_rows and 0 <= proposal.grid_col < grid.n_cols):
        return _drop(tid, None, what, f"llm value not grounded: no cell "
                                      f"r{proposal.grid_row} c{proposal.grid_col}")
    row = dense[proposal.grid_row]
    cell = row[proposal.grid_col]
    if cell is None or is_empty_cell(cell.text):
        return _drop(tid, cell, what, "llm value not grounded: the cited cell is empty")
    if proposal.col_id not in target.col_ids:
        return _drop(tid, cell, what, f"llm col_id {proposal.col_id!r} not in {tid}", "column")
    if not target.accepts_row(proposal.row_key):
        return _drop(tid, cell, what, f"llm row key {proposal.row_key!r} not valid for {tid}",
                     "row")
    if target.is_code(proposal.row_key) and not _code_printed(proposal.row_key, row):
        return _drop(tid, cell, what, f"llm row key {proposal.row_key} not printed in grid "
                                      f"row {proposal.grid_row}", "row")
    if proposal.grid_row < grid.header_rows or _is_column_number_row(row):
        return _drop(tid, cell, what, "llm value read from a header or 栏次 row")
    match = locate_number(proposal.value, cell.text)
    if match is None:
        return _drop(tid, cell, what, f"llm value not grounded: {proposal.value:g} is not "
                                      f"printed in cell {squash(cell.text)!r}")
    if fold(match.printed).strip() == proposal.row_key:
        return _drop(tid, cell, what, "llm value is the row's code, not an amount")
    row_text = nospace(fold("".join(c.text for c in row if c is not None)))
    label = squash(proposal.row_label)
    if nospace(fold(label)) not in row_text:
        label = ""
    return _Accepted(proposal.row_key, proposal.col_id, proposal.value, cell, label)


def _ground_cells(grid: Grid, target: TargetTable,
                  proposals: Sequence[LLMCell]) -> tuple[Table | None, list[Unmapped]]:
    dense = grid.rows()
    unmapped: list[Unmapped] = []
    accepted: list[_Accepted] = []
    for proposal in proposals:
        result = _check_cell(grid, dense, target, proposal)
        (unmapped if isinstance(result, Unmapped) else accepted).append(result)
    # one place, one cell; one cell, one place: anything else is ambiguous
    by_place: dict[tuple[str, str], list[_Accepted]] = {}
    by_cell: dict[tuple[int, int], set[tuple[str, str]]] = {}
    for a in accepted:
        by_place.setdefault((a.key, a.col), []).append(a)
        by_cell.setdefault((a.cell.row, a.cell.col), set()).add((a.key, a.col))
    rows: dict[str, Row] = {}
    for (key, col), items in by_place.items():
        cells = {(a.cell.row, a.cell.col) for a in items}
        first = items[0]
        if len(cells) > 1 or len(by_cell[(first.cell.row, first.cell.col)]) > 1:
            unmapped.append(_drop(target.table_id, first.cell, f"{key}.{col}",
                                  "llm gave conflicting cells for one place"))
            continue
        row = rows.setdefault(key, Row(key=key, label=first.label))
        row.label = row.label or first.label
        row.cells[col] = CellValue(value=first.value, citation=_citation(first.cell))
    if not rows:
        return None, unmapped
    title = next((squash(l.text) for l in grid.title_lines if "表" in l.text), target.title)
    return Table(table_id=target.table_id, title=title, unit=table_unit(grid),
                 pages=list(grid.pages), rows=list(rows.values()), source="llm"), unmapped


# --- narrative key figures ----------------------------------------------------------

_FIGURE_SYSTEM = (
    "You read key figures out of the narrative of a Chinese government budget or final "
    "account. Return only figures the text states, each with its name from the list, the "
    "number exactly as printed, the unit printed after it, and the exact words quoted "
    "from the text. A decrease (减少/下降) is a negative change. Never compute or convert.")
_DECREASE = ("减少", "下降", "降低")
_UNIT_AFTER = re.compile(r"[\s\d.,、，和及与至]*?(万元|元|%|辆)")


def _unit_after(span: str, end: int) -> str | None:
    m = _UNIT_AFTER.match(fold(span[end:end + 40]))
    return m.group(1) if m else None


def _figure_messages(text_span: str) -> list:
    names = "\n".join(f"- {name}: {spec.hint}" for name, spec in KEY_FIGURES.items())
    return [SystemMessage(content=_FIGURE_SYSTEM),
            HumanMessage(content=f"Key figure names:\n{names}\n\nText:\n{text_span}")]


def _page_of(page_info: Page | int) -> tuple[int, Page | None]:
    return (page_info.number, page_info) if isinstance(page_info, Page) else (page_info, None)


def _check_figure(proposal: LLMFigure, span: str, page_no: int,
                  page: Page | None) -> tuple[str, KeyFigure] | Unmapped:
    def drop(reason: str) -> Unmapped:
        return Unmapped(kind="figure", text=f"{proposal.name}={proposal.value:g} "
                        f"{proposal.quote[:150]}", page=page_no, reason=reason)

    spec = KEY_FIGURES.get(proposal.name)
    if spec is None:
        return drop(f"llm named unknown key figure {proposal.name!r}")
    found = find_quote(proposal.quote, span)
    if not found.status.found:
        return drop("llm quote not found in the text")
    source = span[found.start:found.end]
    value, match = proposal.value, locate_number(proposal.value, source)
    if match is None and spec.signed and proposal.value < 0:
        match = locate_number(-proposal.value, source)
        if match is not None and not any(w in source for w in _DECREASE):
            return drop("llm gave a decrease the quote does not state")
    elif match is not None and spec.signed and proposal.value > 0 and \
            any(w in source for w in _DECREASE):
        return drop("llm gave an increase where the quote states a decrease")
    if match is None:
        return drop(f"llm value not grounded: {proposal.value:g} not printed in the quote")
    printed_unit = _unit_after(span, found.start + match.end)
    if printed_unit is None or printed_unit not in spec.units:
        return drop(f"unit printed after the number is {printed_unit!r}, "
                    f"{proposal.name} needs one of {'/'.join(spec.units)}")
    if printed_unit != fold(proposal.unit).strip():
        return drop(f"llm unit {proposal.unit!r} but the text prints {printed_unit!r}")
    located = quote_on_lines(source, page.lines) if page is not None else None
    bbox = list(located.bbox) if located is not None and located.bbox else None
    citation = Citation(page=page_no, bbox=bbox, quote=squash(source))
    stated = value if printed_unit != "元" else round(value / 10000, 6)
    unit = "万元" if printed_unit in ("万元", "元") else printed_unit
    mention = KeyFigureMention(value=value, unit=printed_unit, citation=citation)
    return proposal.name, KeyFigure(value=stated, unit=unit, citation=citation,
                                    mentions=[mention])


def assist_narrative_report(model: BaseChatModel, text_span: str, page_info: Page | int,
                            cache: LLMCache | None
                            ) -> tuple[dict[str, KeyFigure], list[Unmapped]]:
    """Key figures the model reads from ``text_span`` that ground, and what was dropped."""
    answer = structured_call(model, LLMFigures, _figure_messages(text_span), cache=cache)
    page_no, page = _page_of(page_info)
    figures: dict[str, KeyFigure] = {}
    dropped: list[Unmapped] = []
    for proposal in answer.figures:
        result = _check_figure(proposal, text_span, page_no, page)
        if isinstance(result, Unmapped):
            dropped.append(result)
            continue
        name, figure = result
        if name not in figures:
            figures[name] = figure
        elif abs(figures[name].value - figure.value) < 1e-9:
            figures[name].mentions.extend(figure.mentions)
        else:
            dropped.append(Unmapped(kind="figure", text=f"{name}={figure.value:g}",
                                    page=page_no, reason="llm gave a second, different value; "
                                                         "the first is kept"))
    return figures, dropped


def assist_narrative(model: BaseChatModel, text_span: str, page_info: Page | int,
                     cache: LLMCache | None) -> dict[str, KeyFigure]:
    """Grounded key figures from a narrative span (see ``assist_narrative_report``)."""
    return assist_narrative_report(model, text_span, page_info, cache)[0]


# --- merging --------------------------------------------------------------------------


def merge_llm(rule_filing: Filing, llm_tables: Sequence[Table],
              llm_figures: dict[str, KeyFigure]) -> Filing:
    """A copy of ``rule_filing`` with LLM values only where the rules left a gap.

    A table the rules did not produce is added whole (``source="llm"``); in a rule table,
    only absent cells are filled, and each filled cell is listed in ``warnings``. A rule
    value is never replaced; where the model disagrees with it, a warning says so.
    """
    merged = rule_filing.model_copy(deep=True)
    for llm_table in llm_tables:
        rule_table = merged.table(llm_table.table_id)
        if rule_table is None:
            merged.tables.append(llm_table.model_copy(deep=True))
            merged.warnings.append(f"{llm_table.table_id}: table mapped with llm help")
            continue
        if rule_table.empty:
            continue  # published empty: nothing to fill
        _fill_table(merged, rule_table, llm_table)
    for name, figure in llm_figures.items():
        if name in merged.key_figures:
            rule_value = merged.key_figures[name].value
            if abs(rule_value - figure.value) > 1e-9:
                merged.warnings.append(f"key figure {name}: llm read {figure.value:g}, rules "
                                       f"{rule_value:g}; rules kept")
            continue
        merged.key_figures[name] = figure.model_copy(deep=True)
        merged.warnings.append(f"key figure {name}: read with llm help")
    return merged


def _fill_table(filing: Filing, rule_table: Table, llm_table: Table) -> None:
    if rule_table.unit != llm_table.unit:
        filing.warnings.append(f"{rule_table.table_id}: llm table unit {llm_table.unit} "
                               f"differs from {rule_table.unit}; not merged")
        return
    rows = {row.key: row for row in rule_table.rows}
    filled: list[str] = []
    for llm_row in llm_table.rows:
        row = rows.get(llm_row.key)
        if row is None:
            row = Row(key=llm_row.key, label=llm_row.label)
            rule_table.rows.append(row)
            rows[row.key] = row
        for col, cell in llm_row.cells.items():
            if col in row.cells:
                if abs(row.cells[col].value - cell.value) > 1e-9:
                    filing.warnings.append(
                        f"{rule_table.table_id} {llm_row.key}.{col}: llm read {cell.value:g}, "
                        f"rules {row.cells[col].value:g}; rules kept")
                continue
            row.cells[col] = cell.model_copy(deep=True)
            filled.append(f"{llm_row.key}.{col}")
    if filled:
        filing.warnings.append(f"{rule_table.table_id}: {len(filled)} cells filled with llm "
                               f"help: {', '.join(filled[:20])}")
