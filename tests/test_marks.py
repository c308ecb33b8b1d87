"""Watermarks and running marks are never read into a table's title.

The generated samples print 样例（虚构） flush right at the top of every page; next to a
table at the top of a page it was read as the first line of a wrapped title
(「样例（虚构）收入支出决算总表」). The family: text laid over every page at one place
(flush right or left, centred, over portrait and landscape pages), and text set at a slant
(内部资料 turned 20°), which was merged into the title's own line.
"""

from __future__ import annotations

from pathlib import Path

import pymupdf
import pytest

from budgetlens.extract.locate import locate
from budgetlens.fixtures.figures import make_figures
from budgetlens.fixtures.generator import render
from budgetlens.fixtures.narrative import FICTION_MARK
from budgetlens.ingest import sha256_of
from budgetlens.ingest.pdf import is_diagonal, read_pdf
from budgetlens.settings import Settings

TITLES = ["收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表"]


def _read(data: bytes):
    return read_pdf(Path("marks.pdf"), data, sha256_of(data), Settings(ocr=False))


@pytest.mark.parametrize("layout", ["ruled", "borderless"])
def test_the_samples_mark_is_never_part_of_a_title(layout):
    data = render(make_figures(2), layout)
    assert FICTION_MARK in pymupdf.open(stream=data, filetype="pdf")[0].get_text()  # it is printed
    document = _read(data)
    found = locate(document)
    assert len(found) >= 7, [f.title for f in found]
    assert all(FICTION_MARK not in f.title and f.title.endswith("表") for f in found), [f.title for f in found]
    assert not any(FICTION_MARK in line.text for g in document.tables for line in g.title_lines + g.note_lines)
    # the page keeps it: it is what the page prints
    assert any(FICTION_MARK in line.text for line in document.pages[1].lines)


def _filing(mark: str, *, slanted: bool, pages: int = 4, header_title: bool = False) -> bytes:
    """Four pages (portrait and landscape in turn), each a titled ruled table, and a mark
    over each: light grey, flush right above the title, or turned 20° across it."""
    font = pymupdf.Font("cjk")
    doc = pymupdf.open()
    for i in range(pages):
        page = doc.new_page(width=595 if i % 2 == 0 else 842, height=842 if i % 2 == 0 else 595)
        page.insert_font(fontname="cjk", fontbuffer=font.buffer)
        if slanted:
            at = pymupdf.Point(page.rect.width / 2 - 60, 100)
            page.insert_text(at, mark, fontname="cjk", fontsize=20, color=(0.85, 0.85, 0.85),
                             morph=(at, pymupdf.Matrix(-20)))
        else:
            page.insert_text((page.rect.width - 40 - font.text_length(mark, 9), 96), mark,
                             fontname="cjk", fontsize=9, color=(0.75, 0.75, 0.75))
        if header_title:  # the table's title printed again on each of its pages
            page.insert_text((60, 84), "一般公共预算支出表", fontname="cjk", fontsize=12)
        page.insert_text((60, 120), TITLES[i % 4], fontname="cjk", fontsize=14)
        for r in range(5):
            for c in range(4):
                box = pymupdf.Rect(60 + c * 110, 140 + r * 20, 170 + c * 110, 160 + r * 20)
                page.draw_rect(box, width=0.5)
                text = ["项目", "决算数", "预算数", "比上年"][c] if r == 0 else (f"科目{r}" if c == 0 else f"{r * 10 + c}.00")
                page.insert_text((box.x0 + 4, box.y0 + 14), text, fontname="cjk", fontsize=10)
    return doc.tobytes()


@pytest.mark.parametrize("slanted", [False, True], ids=["flush-right", "turned"])
def test_a_watermark_over_every_page_leaves_each_title_whole(slanted):
    document = _read(_filing("内部资料", slanted=slanted))
    assert len(document.tables) == 4  # four tables, none taken as the one before's continuation
    titles = [[line.text for line in g.title_lines] for g in document.tables]
    assert [t[-1] for t in titles] == TITLES, titles
    assert not any("内部资料" in text for t in titles for text in t)


def test_a_line_on_few_pages_or_reading_as_a_title_stays():
    # the title printed above each page of a table stays: it reads as a title itself
    document = _read(_filing("内部资料", slanted=False, header_title=True))
    assert all(g.title_lines[0].text == "一般公共预算支出表" for g in document.tables)
    # a line at one place on fewer than three pages is not a running mark: kept as read
    from budgetlens.ingest.marks import running_marks

    assert "内部资料" in running_marks(_read(_filing("内部资料", slanted=False, pages=6)).pages)
    short = _read(_filing("内部资料", slanted=False, pages=2))
    assert running_marks(short.pages) == {}
    assert short.tables[0].title_lines[0].text == "内部资料"


def test_slanted_text_is_told_from_upright_vertical_and_skewed_text():
    assert is_diagonal((0.94, -0.34)) and is_diagonal((0.707, 0.707))
    assert not any(is_diagonal(d) for d in [(1.0, 0.0), (0.0, -1.0), (-1.0, 0.0), (0.999, 0.04)])
