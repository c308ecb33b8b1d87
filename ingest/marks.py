"""Running marks: what a PDF prints at the same place page after page is not a table's title.

A watermark (样例（虚构）, 内部资料 in light grey) or a running header sits at one spot on
most pages. Next to a table at the top of a page it was read as the first line of a
wrapped title::

    样例（虚构）              ← the same text at the same spot on 11 of 11 pages
    收入支出决算总表          → title read as 「样例（虚构）收入支出决算总表」

A line is a running mark when the same text (spaces ignored) stands within ``PLACE_TOL``
points of the same place on at least ``MIN_PAGES`` pages and on at least half of the
document's pages. The place is taken from the page's edges or its centre, so a mark set
flush right stays one mark over portrait and landscape pages (x1 523.3 pt on an A4 page
and 769.9 pt on a turned one are both 24 pt from the right edge).

Marks are left out of a table's title and note lines only at the block's outer end (the
line farthest from the table): a line inside a block is the block's own even when every
page repeats it (政策和项目预算绩效目标表 / (2026年度) over each of 42 tables). The page
keeps its marks (a citation may still quote them). A line that reads as a title, label or
unit line itself (…表, 公开01表, 单位：万元) is never a mark: a table title printed again
on each page of a long table stays its title. Text set at a slant is dropped earlier, as
the page is read (``ingest.pdf.is_diagonal``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from budgetlens.ingest.grid import PageTable, TextLine
from budgetlens.ingest.grid_merge import _TITLE_RE
from budgetlens.ingest.normalize import nospace
from budgetlens.schemas.document import Page

MIN_PAGES = 3
PLACE_TOL = 4.0  # points


# (page, x0, distance of x1 from the right edge, centre from the page's centre,
#  y0, distance of y1 from the bottom edge)
Place = tuple[int, float, float, float, float, float]


def _place(number: int, box, width: float | None, height: float | None) -> Place:
    width, height = width or 0.0, height or 0.0  # a page without a size: edges at 0
    return (number, box[0], width - box[2], (box[0] + box[2] - width) / 2, box[1], height - box[3])


def _same_place(a: Place, b: Place) -> bool:
    across = any(abs(a[i] - b[i]) <= PLACE_TOL for i in (1, 2, 3))
    return across and any(abs(a[i] - b[i]) <= PLACE_TOL for i in (4, 5))


def running_marks(pages: list[Page]) -> dict[str, list[Place]]:
    """Each running mark's text (spaces removed) with the places it stands on."""
    places: dict[str, list[Place]] = defaultdict(list)
    for page in pages:
        for line in page.lines:
            text = nospace(line.text)
            if text and line.bbox is not None and not _TITLE_RE.search(line.text.strip()):
                places[text].append(_place(page.number, line.bbox, page.width, page.height))
    need = max(MIN_PAGES, (len(pages) + 1) // 2)
    return {text: spots for text, spots in places.items() if len({s[0] for s in spots}) >= need}


def is_mark(line: TextLine, page: Page, marks: dict[str, list[Place]], need: int) -> bool:
    """True when ``line`` stands where its text stands on ``need`` pages or more."""
    spots = marks.get(nospace(line.text))
    if not spots:
        return False
    here = _place(page.number, line.bbox, page.width, page.height)
    return len({s[0] for s in spots if _same_place(s, here)}) >= need


def _outer_marks_off(lines: tuple[TextLine, ...], mark) -> tuple[TextLine, ...]:
    """``lines`` (farthest from the table first) without the marks at their outer end."""
    start = 0
    while start < len(lines) and mark(lines[start]):
        start += 1
    return lines[start:]


def without_marks(page_tables: list[list[PageTable]], pages: list[Page]) -> list[list[PageTable]]:
    """The page tables with running marks left out of their title and note lines."""
    marks = running_marks(pages)
    if not marks:
        return page_tables
    need = max(MIN_PAGES, (len(pages) + 1) // 2)
    by_number = {page.number: page for page in pages}
    out: list[list[PageTable]] = []
    for tables in page_tables:
        kept = []
        for t in tables:
            page = by_number.get(t.page)
            if page is None:
                kept.append(t)
                continue
            def mark(line: TextLine, page: Page = page) -> bool:
                return is_mark(line, page, marks, need)

            titles = _outer_marks_off(t.title_lines, mark)
            notes = tuple(reversed(_outer_marks_off(tuple(reversed(t.note_lines)), mark)))
            kept.append(t if (titles, notes) == (t.title_lines, t.note_lines)
                        else replace(t, title_lines=titles, note_lines=notes))
        out.append(kept)
    return out
