"""Which standard table each grid is: by its title words, never by its number.

A grid's title block (the lines above it: title, label such as 公开01表 / 表一 / 附表1,
unit line, 编制单位) names it; a title split over lines is read joined. A grid with no
title of its own right after a located one, with as many columns, continues it over a
page break. The unit comes from the title block (``单位：元``), default 万元.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.extract import vocab
from budgetlens.ingest.normalize import fold, nospace, squash
from budgetlens.schemas.document import Document, Grid


@dataclass(frozen=True)
class Located:
    """One standard table found in a document: its id and the grids it is printed in."""

    table_id: str
    title: str
    label: str
    unit: str
    grids: tuple[int, ...] = field(default_factory=tuple)
    empty_note: bool = False


def _title_of(grid: Grid) -> tuple[str | None, str, str]:
    """(table_id, title as printed, label as printed) from the title block."""
    printed: dict[str, str] = {}
    lines = _notes_joined([squash(l.text) for l in grid.title_lines] + _inner_title(grid), printed)
    label = next((l for l in lines if vocab.is_label_line(l)), "")
    # a title may be split over two lines: a line not ending in 表 joined to the next first
    # (…“三公”经费及 / 会议费、培训费支出预算表 is the 三公 table), then each line, then the rest
    wrapped = [a + b for a, b in zip(lines, lines[1:]) if not _TITLE_END.search(nospace(a))
               and not vocab.is_label_line(a) and not vocab.unit_of(a) and _TITLE_END.search(nospace(b))]
    candidates = wrapped + list(reversed(lines)) + [a + b for a, b in zip(lines, lines[1:])]
    for text in candidates:
        if vocab.is_label_line(text) or len(nospace(text)) > 60:
            continue
        tid = vocab.table_id_for_title(text)
        if tid:
            text = printed.get(text, text)  # the title as printed, without a note joined to it
            return tid, re.sub(r"^[一二三四五六七八九十]+、\s*", "", text), label
    return None, "", label


_NOTE_LINE = re.compile(r"[(（][^()（）]*[)）]")


def _open_note(text: str) -> bool:
    """A line ending inside a bracketed note: ``…基本支出明细表（按支出功``."""
    t = nospace(text)
    return t.count("(") + t.count("（") > t.count(")") + t.count("）") and "表" in t


def _notes_joined(lines: list[str], printed: dict[str, str] | None = None) -> list[str]:
    """Title lines with a bracketed note printed on a line of its own joined to the title
    above it: Xi'an prints ``2021年部门综合预算一般公共预算支出明细表`` over
    ``（按支出经济分类科目-不含上年结转）``, and the note is what tells 表5 (function
    classification, B05) from 表6 (economic classification, not a contract table) under
    the same title; read alone, 表6 would run on under B05 as a second table. A note
    that wraps (``…基本支出明细表（按支出功`` over ``能分类科目-不含上年结转）``) is joined
    the same way, or 表7 by function would be read as B06 with 表8 by economic class.
    ``printed`` (when given) maps each joined line to the title line as printed."""
    out: list[str] = []
    for line in lines:
        if out and (_NOTE_LINE.fullmatch(nospace(line)) and _TITLE_END.search(nospace(out[-1]))
                    or _open_note(out[-1]) and re.match(r"[^(（]*[)）]$", nospace(line))):
            if printed is not None:
                printed[out[-1] + nospace(line)] = out[-1]
            out[-1] = out[-1] + nospace(line)
        else:
            out.append(line)
    return out


def _inner_title(grid: Grid) -> list[str]:
    """A title printed inside the table's frame (a spreadsheet export: 收入总表(预算表2)
    as the first row, 预算单位：… 单位：万元 below it): the lone text of the first row."""
    first = [c for c in grid.cells if c.row == 0 and c.text.strip()]
    if len(first) == 1 and not any(ch.isdigit() for ch in first[0].text.split("(")[0].split("（")[0]):
        return [squash(first[0].text)]
    return []


def _own_titles(grid: Grid) -> list[str]:
    """Its title lines and a lone first row (长春市信访局2026 年项目支出绩效目标表…)."""
    first = [c.text for c in grid.cells if c.row == 0 and c.text.strip()]
    return _notes_joined([l.text for l in grid.title_lines]) + (first if len(first) == 1 and grid.n_cols > 2 else [])


_TITLE_END = re.compile(r"表(?:[(（][^)）]*[)）])?$")


def _title_above(document: Document, grid: Grid) -> tuple[str | None, str]:
    """The title printed above a grid's own heading lines (Xi'an: 2022年部门综合预算收支总表
    over a line of 金额单位：元 that the grid takes as its heading): the nearest short line
    ending in 表 within 120 points above the grid on its first page."""
    if grid.bbox is None or not (0 < grid.pages[0] <= len(document.pages)):
        return None, ""
    page = document.pages[grid.pages[0] - 1]
    top = grid.bbox[1]
    above = [line for line in page.lines if line.bbox is not None and line.bbox[3] <= top + 1
             and top - line.bbox[3] < 120]
    for line in sorted(above, key=lambda l: -l.bbox[1])[:6]:
        text = squash(line.text)
        if len(nospace(text)) > 50 or not _TITLE_END.search(nospace(text)):
            continue
        tid = vocab.table_id_for_title(text)
        if tid:
            return tid, text
    return _title_ending_the_page_before(document, grid)


def _title_ending_the_page_before(document: Document, grid: Grid) -> tuple[str | None, str]:
    """A grid at the top of its page whose title is the last line of the page before, with
    no grid under it there (Xi'an: 会议费明细表 closing p.18, its list on p.19)."""
    number = grid.pages[0] - 1
    if number < 1 or grid.bbox is None or number > len(document.pages):
        return None, ""
    here = document.pages[grid.pages[0] - 1]
    if any(line.bbox is not None and line.bbox[3] <= grid.bbox[1] + 1 and len(nospace(squash(line.text))) > 12
           for line in here.lines):
        return None, ""  # text above the grid on its own page: not at the top
    page = document.pages[number - 1]
    lines = [line for line in page.lines if line.bbox is not None and nospace(squash(line.text))
             and not vocab.unit_of(line.text)]  # a 单位：万元 line under the title
    if not lines:
        return None, ""
    last = max(lines, key=lambda l: l.bbox[3])
    text = squash(last.text)
    if len(nospace(text)) > 50 or not _TITLE_END.search(nospace(text)):
        return None, ""
    below = [g for g in document.tables if number in g.pages and g.bbox is not None and g.pages[-1] == number
             and g.bbox[1] >= last.bbox[1]]
    if below:
        return None, ""
    tid = vocab.table_id_for_title(text)
    return (tid, text) if tid else (None, "")


def _unit_of(grid: Grid) -> str:
    """The unit the grid's title block or first rows print (单位：元), "" when none."""
    for line in grid.title_lines:
        unit = vocab.unit_of(line.text)
        if unit:
            return unit
    for cell in grid.cells[: 3 * max(grid.n_cols, 1)]:
        unit = vocab.unit_of(cell.text)
        if unit:
            return unit
    return ""


def _units_not_printed(found: list[Located]) -> list[Located]:
    """A table that prints no unit of its own is in the unit of the tables around it: the
    units printed by the nearest table before and after it, when they agree or only one
    exists (Shanghai 2026 收入预算总表 prints no 单位 line between 财务收支预算总表 and
    支出预算总表, both 单位：元: its 471,452,100 is 元), else the default 万元."""
    out = []
    for i, loc in enumerate(found):
        if loc.unit:
            out.append(loc)
            continue
        before = next((f.unit for f in reversed(found[:i]) if f.unit), "")
        after = next((f.unit for f in found[i + 1:] if f.unit), "")
        unit = before or after if not (before and after) or before == after else ""
        out.append(Located(loc.table_id, loc.title, loc.label, unit or "万元", loc.grids, loc.empty_note))
    return out


def locate(document: Document) -> list[Located]:
    """The standard tables of a document in document order (continuations joined)."""
    found: list[Located] = []
    previous: tuple[str, int, int] | None = None  # (table_id, n_cols, last page) of the last grid
    for index, grid in enumerate(document.tables):
        tid, title, label = _title_of(grid)
        if tid is None and any(vocab.names_other_table(squash(t)) for t in _own_titles(grid)):
            previous = None  # 项目支出表(预算表9) after 政府性基金预算支出表: a table of its own
            continue
        if tid is None and grid.title_lines:
            tid, title = _title_above(document, grid)
        elif tid is None:
            tid, title = _title_ending_the_page_before(document, grid)
        notes = " ".join(l.text for l in grid.note_lines + grid.title_lines)
        empty_note = any(m in nospace(fold(notes)) for m in vocab.EMPTY_MARKERS)
        if tid is None:
            # an untitled grid continues the last table: same columns, or read with other
            # column boundaries on the very next page (its header is taken from the first grid)
            if previous and not grid.title_lines and found and (
                    grid.n_cols == previous[1] or grid.pages[0] == previous[2] + 1):
                last = found[-1]
                found[-1] = Located(last.table_id, last.title, last.label, last.unit,
                                    last.grids + (index,), last.empty_note)
                previous = (previous[0], previous[1], grid.pages[-1])
            else:
                previous = None
            continue
        found.append(Located(tid, title, label, _unit_of(grid), (index,), empty_note))
        previous = (tid, grid.n_cols, grid.pages[-1])
    return _units_not_printed(found)
