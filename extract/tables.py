"""Rule-based extraction of the standard tables of a document into ``Table``s."""

from __future__ import annotations

import re

from budgetlens.extract import vocab
from budgetlens.extract.locate import Located, locate
from budgetlens.extract.mapping import map_grid
from budgetlens.extract.layout_amounts import unkeyed_amounts
from budgetlens.extract.mapping_keys import name_key, row_box
from budgetlens.ingest.normalize import nospace, squash
from budgetlens.schemas.document import Document
from budgetlens.schemas.filing import Row, Table, Unmapped


_ENTITY_LINE = re.compile(r"(?:编制单位|编制部门|部门名称|单位名称|预算单位|填报单位)\s*[:：]\s*(\S+)")


def heading_entity(grid) -> str:
    """The entity a table's heading names (编制单位：…), as printed; "" when none."""
    inner = [c.text for c in grid.cells if c.row < 3]  # a heading printed inside the frame
    for text in [line.text for line in grid.title_lines] + inner:
        m = _ENTITY_LINE.search(text)
        if m:
            name = re.split(r"\s|20\d{2}|金额单位|单位[:：]", m.group(1))[0]
            return name.strip("：:，, ")
    return ""


def extract_tables(document: Document) -> tuple[list[Table], list[Unmapped]]:
    """Every standard table found, keyed and cited, and what could not be keyed.

    A table printed twice (a summary and a detailed copy, or a table continued in a
    second grid) keeps the first value of each cell; later copies fill only cells the
    first lacks. A table whose grids hold no value is ``empty``. Rows printed with a
    name only are keyed by the code the same document prints beside that name in
    another table (a second reading, only when some row went unkeyed). Every amount the
    tables print that is neither keyed nor already reported is then reported with its
    reason and box (``layout_amounts``): nothing printed vanishes.
    """
    located = locate(document)
    tables, unmapped = _extract(document, located, None)
    if any(u.reason.startswith("row label not recognised") for u in unmapped):
        names = _names_of(tables)
        if names:
            tables, unmapped = _extract(document, located, names)
    unmapped.extend(unkeyed_amounts(document, located, tables, unmapped))
    return tables, unmapped


def _names_of(tables: list[Table]) -> dict[str, list[str]]:
    """Each row name printed beside a code: 进修及培训 → [20508]."""
    out: dict[str, list[str]] = {}
    for table in tables:
        for row in table.rows:
            code = row.key.rpartition("|")[2]  # a unit's row names its code as well
            if row.key.partition("|")[0] == squash(row.label):
                continue  # a unit's own line under a code (西安市环境监理处|2110102) names the unit
            if code.isdigit() and row.label:
                codes = out.setdefault(name_key(row.label), [])
                if code not in codes:
                    codes.append(code)
    return out


def _extract(document: Document, located: list[Located], names: dict[str, list[str]] | None
             ) -> tuple[list[Table], list[Unmapped]]:
    tables: dict[str, Table] = {}
    unmapped: list[Unmapped] = []
    states: dict[str, dict] = {}
    kinds = _list_kinds(located)
    for found in located:
        table = tables.get(found.table_id)
        if table is None:
            table = Table(table_id=found.table_id, title=found.title, label=found.label,
                          unit=found.unit, pages=[],
                          entity=heading_entity(document.tables[found.grids[0]]) if found.grids else "")
            tables[found.table_id] = table
        any_values = False
        state = states.setdefault(found.table_id, {})  # a title repeated on each page: one table
        first = document.tables[found.grids[0]].pages[0] if found.grids else 0
        if first > state.get("last_page", 0) + 1:
            state.pop("after_carry", None)  # a copy printed elsewhere starts above its 上年结转
        for k, index in enumerate(found.grids):
            grid = document.tables[index]
            header_from = document.tables[found.grids[0]] if k else None
            mapped = map_grid(grid, found.table_id, header_from, state, names)
            kind = kinds.get(found.title)
            if kind:
                for row in mapped.rows:
                    row.key = f"{kind}|{row.key}"
            any_values = any_values or mapped.has_values
            unmapped.extend(_merge(table, mapped.rows))
            unmapped.extend(mapped.unmapped)
            for page in grid.pages:
                if page not in table.pages:
                    table.pages.append(page)
            state["last_page"] = max(state.get("last_page", 0), grid.pages[-1])
        table.empty = not any(row.cells for row in table.rows)
    for table in tables.values():
        _own_rows_unprefixed(table)
    for table in _declared_empty(document, set(tables)):
        tables[table.table_id] = table
    return list(tables.values()), unmapped


_LIST_KINDS = ("会议费", "培训费")


def _list_kinds(located: list[Located]) -> dict[str, str]:
    """Titles of list tables printed as two tables under one id, each with the kind its
    title names: xian-012 p.25 prints 会议费明细表 (five meetings) and, lower on the same
    page, 培训费明细表 (seventeen trainings), both B12. Their rows are keyed under the
    kind (``会议费|人民监督员会议``, ``培训费|公证人员培训``), so the two lists stay apart
    in one B12 and a meeting and a training of one name never share a key. One list
    alone (``培训费、会议费支出预算表``) keeps its keys."""
    titles: dict[str, str] = {}
    for found in located:
        if found.table_id != "B12":
            continue
        named = [k for k in _LIST_KINDS if k in nospace(found.title)]
        if len(named) == 1:
            titles[found.title] = named[0]
    return titles if len(set(titles.values())) > 1 else {}


_EMPTY_DECLARED = ("空表", "本表无数据")
_TITLE_IN_LINE = re.compile(r"(决算|预算)(明细)?(总)?表")


def _declared_empty(document, found: set[str]):
    """Standard tables the document lists as published empty (a table index row such as
    ``表 8 国有资本经营预算财政拨款支出决算表 是 …公开空表``) but does not print: reported
    empty rather than missing, cited at the line that says so. Likewise a page that
    prints one table's title and 本表无数据 under it but no grid (a borderless header
    alone is not one)."""
    for page in document.pages:
        titled = _titled_empty_page(page)
        if titled is not None and titled[0] not in found:
            table_id, title = titled
            found.add(table_id)
            yield Table(table_id=table_id, title=title, unit=vocab.unit_of(" ".join(l.text for l in page.lines))
                        or "万元", pages=[page.number], empty=True)
        for line in page.lines:
            text = line.text
            if not any(w in text for w in _EMPTY_DECLARED) or not _TITLE_IN_LINE.search(text):
                continue
            table_id = vocab.table_id_for_title(text)
            if table_id and table_id not in found:
                found.add(table_id)
                yield Table(table_id=table_id, title=squash(text)[:60], unit="万元", pages=[page.number],
                            empty=True)


def _titled_empty_page(page) -> tuple[str, str] | None:
    """(table id, title) of a page printing exactly one standard table title (a short line
    ending in 表) and a line that is an empty mark (本表无数据, 注：本表无数据。)."""
    titles = {}
    marked = False
    for line in page.lines:
        text = nospace(squash(line.text))
        if len(text) <= 40 and text.endswith("表"):
            table_id = vocab.table_id_for_title(text)
            if table_id:
                titles[table_id] = squash(line.text)
        elif len(text) <= 20 and any(m in text for m in vocab.EMPTY_MARKERS[:2]):
            marked = True
    if marked and len(titles) == 1:
        return next(iter(titles.items()))
    return None


def _bare(name: str) -> str:
    return squash(name).replace(" ", "").replace("(", "（").replace(")", "）")


def _own_rows_unprefixed(table: Table) -> None:
    """Rows of the department's own unit (the unit its heading names) lose their
    ``<unit>|`` prefix: ``深圳市城市管理和综合执法局（本级）|total`` → ``total`` when the
    heading reads 部门名称：深圳市城市管理和综合执法局（本级）. A key already taken keeps
    its prefix."""
    if not table.entity:
        return
    own = _bare(table.entity)
    keys = {row.key for row in table.rows}
    for row in table.rows:
        unit, sep, rest = row.key.partition("|")
        if sep and _bare(unit) == own and rest not in keys:
            keys.add(rest)
            row.key = rest


def _merge(table: Table, rows: list[Row]) -> list[Unmapped]:
    """Rows added to the table; a row whose key is taken fills only the cells the first
    lacks. A value that differs from the one already keyed (``(6)资本性支出 732067.92``
    read under 310 after ``(5)资本性支出`` of p.20 took 310) is reported, never dropped
    silently, and none of the row's values fill the first: the row is returned as
    unmapped with the key and the page of the first."""
    by_key = {row.key: row for row in table.rows}
    out: list[Unmapped] = []
    for row in rows:
        mine = by_key.get(row.key)
        if mine is None:
            table.rows.append(row)
            by_key[row.key] = row
            continue
        clash = next(((cell, mine.cells[col]) for col, cell in row.cells.items()
                      if col in mine.cells and mine.cells[col].value != cell.value), None)
        if clash is None:
            for col, cell in row.cells.items():
                mine.cells.setdefault(col, cell)
        else:
            cell, first = clash
            out.append(Unmapped(kind="row", table_id=table.table_id, text=row.label or row.key,
                                page=cell.citation.page, bbox=row_box(row.cells.values(), cell.citation.page),
                                reason=f"duplicate row key {row.key}: taken by {mine.label or mine.key} "
                                       f"on p. {first.citation.page}"))
    return out


__all__ = ["extract_tables", "Located"]
