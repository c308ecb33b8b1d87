"""Plain-text filings into a ``Document``: wrapped lines repaired, tables kept as rows.

Text exported from a filing comes in two table shapes:

- *tabbed*: one table row a line, cells separated by tabs; an empty cell is an empty
  position between two tabs, and is kept as one (``Grid(kind="tabbed")``).
- *flattened*: cells separated by single spaces, an empty cell shows as a doubled
  space, labels wrapped over several lines, header cells broken. The reader does not
  guess the columns of such text; it keeps each physical line as a row of space-split
  tokens (empty tokens kept) in a ``Grid(kind="flattened")`` that starts under the
  table's title block, and extraction, which knows what the table is, reassembles rows.

Narrative paragraphs hard-wrapped at a fixed width are joined back; headings and table
rows are never joined. ``Line.index`` is the 0-based source line number.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from budgetlens.ingest.layout import build_blocks, heading_level
from budgetlens.ingest.normalize import CONVERTER_MARKUP, clean_text, fold, nospace
from budgetlens.schemas.document import Block, Document, Grid, GridCell, Line, Page

_TITLE_RE = re.compile(r"(决算|预算)[^。，,；]{0,30}表$|(决算|预算)总表$|统计表$|绩效(?:自评|评价|目标)表$")
_LABEL_RE = re.compile(r"^(?:公开\d{1,2}表|附?表[\d一二三四五六七八九十]{1,3}(?:-\d+)?)$")
_META_RE = re.compile(r"^(?:编制单位|部门名称|单位名称|编报单位|预算单位|部门|单位)[:：]|单位[:：]\s*(?:万元|元)"
                      r"|^\d{4}\s*年度?$|^[(（]?\d{4}\s*年度?[)）]?$")
_PERFORMANCE_RE = re.compile(r"绩效(?:自评|评价|目标)表\s*$")
_END_RE = re.compile(r"^(?:注|说明|备注)\s*[:：1１]")
_SENTENCE_END = "。！？!?；;：:"


def read_text(path: Path, text: str, sha: str, settings=None) -> Document:
    """A ``Document`` from decoded text; form feeds split pages, else one page."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "\n\f\n".join(clean_text(part) for part in text.split("\f"))
    text = CONVERTER_MARKUP.sub("", text)  # a line left empty by it is a blank line
    raw_lines = text.split("\n")
    pages: list[Page] = []
    tables: list[Grid] = []
    page_no, start = 1, 0
    chunks: list[tuple[int, list[tuple[int, str]]]] = []
    current: list[tuple[int, str]] = []
    index = 0
    for raw in raw_lines:
        if raw == "\f":
            chunks.append((page_no, current))
            page_no, current = page_no + 1, []
            continue
        current.append((index, raw))
        index += 1
    chunks.append((page_no, current))
    del start
    for number, numbered in chunks:
        page, grids = _read_page(number, numbered, first_table=len(tables))
        pages.append(page)
        tables.extend(grids)
    return Document(doc_id=sha[:16], sha256=sha, path=str(path), media="text",
                    pages=pages, tables=tables)


def _read_page(number: int, numbered: list[tuple[int, str]], first_table: int) -> tuple[Page, list[Grid]]:
    spans = _table_spans(numbered)
    grids: list[Grid] = []
    blocks: list[Block] = []
    narrative: list[Line] = []
    all_lines: list[Line] = []
    inside = {i for span in spans for i in range(span.title_start, span.end)}
    width = _wrap_width([raw for i, (_, raw) in enumerate(numbered) if i not in inside])
    pos = 0

    def flush_narrative() -> None:
        if narrative:
            blocks.extend(build_blocks(_join_wrapped(narrative, width)))
            narrative.clear()

    for span in spans:
        for idx, raw in numbered[pos:span.title_start]:
            if raw.strip():
                line = Line(text=raw.strip(), index=idx)
                narrative.append(line)
                all_lines.append(line)
        flush_narrative()
        title_lines = [Line(text=raw.strip(), index=idx)
                       for idx, raw in numbered[span.title_start:span.start] if raw.strip()]
        grid = _grid(span.kind, numbered[span.start:span.end], number, title_lines)
        blocks.append(Block(kind="table", text="\n".join(l.text for l in title_lines),
                            lines=title_lines, table=first_table + len(grids)))
        grids.append(grid)
        for idx, raw in numbered[span.title_start:span.end]:
            if raw.strip():
                all_lines.append(Line(text=raw.rstrip(), index=idx))
        pos = span.end
    for idx, raw in numbered[pos:]:
        if raw.strip():
            line = Line(text=raw.strip(), index=idx)
            narrative.append(line)
            all_lines.append(line)
    flush_narrative()
    return Page(number=number, source="plain", lines=all_lines, blocks=blocks), grids


class _Span:
    def __init__(self, kind: str, title_start: int, start: int, end: int):
        self.kind, self.title_start, self.start, self.end = kind, title_start, start, end


def is_title_line(text: str) -> bool:
    """A short line naming a standard table (…决算表, …预算表, 公开01表)."""
    t = nospace(fold(text)).strip("-•·* ")
    if not t or len(t) > 40:
        return False
    return bool(_LABEL_RE.match(t) or _TITLE_RE.search(t))


def _is_meta(text: str) -> bool:
    t = fold(text).strip()
    return bool(_META_RE.search(t)) or is_title_line(t)


def _table_spans(numbered: list[tuple[int, str]]) -> list[_Span]:
    """Where tables are: runs of tab lines, and the text under a table title."""
    spans: list[_Span] = []
    n = len(numbered)
    i = 0
    while i < n:
        raw = numbered[i][1]
        if "\t" in raw:
            j = i
            while j < n and ("\t" in numbered[j][1] or (not numbered[j][1].strip()
                                                        and j + 1 < n and "\t" in numbered[j + 1][1])):
                j += 1
            spans.append(_Span("tabbed", _title_start(numbered, i, spans), i, j))
            i = j
            continue
        if is_title_line(raw) and not raw.lstrip().startswith("-"):
            k = i
            # the title block: title, label, unit and 编制单位 lines (blank lines between)
            while k < n and (not numbered[k][1].strip() or _is_meta(numbered[k][1])):
                k += 1
            if k < n and "\t" not in numbered[k][1] and _looks_tabular(numbered, k, _PERFORMANCE_RE.search(raw)):
                end = k
                while end < n and not _END_RE.match(numbered[end][1].strip()) \
                        and not (end > k and _starts_table(numbered[end][1])):
                    end += 1
                spans.append(_Span("flattened", i, k, end))
                i = end
                continue
        i += 1
    return spans


def _starts_table(raw: str) -> bool:
    """A title line that names a standard table or a label line: the next table."""
    if not is_title_line(raw) or ("  " in raw.strip() and re.search(r"\d", raw)):
        return False
    t = nospace(fold(raw))
    return bool(_LABEL_RE.match(t)) or _names_table(t)


def _names_table(title: str) -> bool:
    from budgetlens.ingest.layout import heading_level as _hl

    if _hl(title) == 1:  # 第二部分 …决算表: a part heading, not a table title
        return False
    return bool(re.search(r"(收入|支出|收支|三公|经费|统计|采购)[^表]*表$", title))


def _looks_tabular(numbered: list[tuple[int, str]], k: int, performance: object = None) -> bool:
    """Whether the text under a title is a table: short lines, numbers or 栏次 soon.

    A performance self-evaluation table (绩效自评表) holds sentences in its cells (项目概况,
    立项依据, 总体目标): under such a title the share of sentences is not held against it.
    """
    window = [raw for _, raw in numbered[k:k + 40] if raw.strip()]
    if not window:
        return False
    prose = sum(1 for raw in window if raw.rstrip().endswith("。"))
    markers = any(re.search(r"栏次|项目|科目|预算数|决算数|合计", w) for w in window[:15])
    return markers and (bool(performance) or prose <= 0.2 * len(window))


def _title_start(numbered: list[tuple[int, str]], start: int, spans: list[_Span]) -> int:
    """The first title-block line above a table (title, label, unit, 编制单位)."""
    floor = spans[-1].end if spans else 0
    k = start
    while k - 1 >= floor and (not numbered[k - 1][1].strip() or _is_meta(numbered[k - 1][1])):
        k -= 1
    while k < start and not numbered[k][1].strip():
        k += 1
    return k


def _grid(kind: str, numbered: list[tuple[int, str]], page: int, title_lines: list[Line]) -> Grid:
    rows: list[list[str]] = []
    for _, raw in numbered:
        if not raw.strip():
            continue
        if kind == "tabbed":
            rows.append([c.strip() for c in raw.split("\t")])
        else:
            tokens = raw.rstrip("\n").split(" ")
            if len(tokens) > 1 and tokens[-1] == "":
                tokens = tokens[:-1]  # the separator printed after the last cell
            rows.append([t.strip() for t in tokens])
    n_cols = max((len(r) for r in rows), default=0)
    cells = [GridCell(row=r, col=c, text=text, page=page)
             for r, row in enumerate(rows) for c, text in enumerate(row)]
    header = 0
    for r, row in enumerate(rows):
        if any(_is_amount(c) for c in row) and not any("栏次" in c for c in row):
            header = r
            break
    return Grid(kind=kind, pages=[page], n_rows=len(rows), n_cols=n_cols, cells=cells,
                header_rows=header, title_lines=title_lines)


def _is_amount(text: str) -> bool:
    return bool(re.fullmatch(r"-?[\d,]+\.\d+", fold(text).strip()))


def _wrap_width(raws: list[str]) -> int:
    """The width narrative lines were hard-wrapped at (0 when they were not)."""
    lengths = [len(r.strip()) for r in raws if len(r.strip()) >= 12 and "\t" not in r]
    if len(lengths) < 10:
        return 0
    # hard-wrapped text has one length far more common than any other: the wrap width
    counts = Counter(lengths)
    top, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    return top if n >= 0.15 * len(lengths) and top <= 60 else 0


# a line opening with a section or item number starts a new block, however long the
# line before it: 第二部分, 一、, （一）, 1、 / 1. (not 1.5, a number cut by the wrap)
_NUMBERED = re.compile(r"^(?:第[一二三四五六七八九十\d]+部分|[一二三四五六七八九十]+[、.．]"
                       r"|[（(][一二三四五六七八九十]+[)）]|\d{1,2}[、.．](?!\d))")


def _join_wrapped(lines: list[Line], width: int) -> list[Line]:
    """Join a paragraph's hard-wrapped lines; headings and short last lines end one.

    A line that opens with a section or item number is never joined to the line above:
    a title as wide as the wrap width ("…2023 年部门预算情况说明") followed by
    "一、收入支出预算总体情况说明" stays a title, and the heading stays a heading.
    """
    if not width:
        return lines
    out: list[Line] = []
    for line in lines:
        prev = out[-1] if out else None
        if (prev is not None and _wrapped(prev.text, width)
                and not _NUMBERED.match(fold(line.text.strip()))):
            out[-1] = Line(text=prev.text + line.text.strip(), index=prev.index)
            continue
        out.append(line)
    return out


def _wrapped(text: str, width: int) -> bool:
    t = text.rstrip()
    if not t or t[-1] in _SENTENCE_END:
        return False
    if heading_level(t) in (1,) and len(t) < width - 4:
        return False
    return len(t) >= width - 3
