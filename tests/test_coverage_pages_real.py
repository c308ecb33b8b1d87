"""What the reading report counts as printed amounts, pinned on real pages of the corpus's
development part: every number a standard table prints is either an amount or a stated
non-amount (a row number, a table label), and a row reported in ``unmapped`` is found
beside its amounts even when its label wraps over lines."""

from __future__ import annotations

from functools import cache

from budgetlens.eval.coverage import _label_boxes
from budgetlens.eval.coverage_pages import read_printed
from shared import SHARED, missing

DOCS = SHARED / "corpus" / "docs"


@cache
def _printed(name: str):
    src = DOCS / name
    if not src.exists():
        missing(f"{name} absent from ../shared/corpus")
    return read_printed(src)


def _page(name: str, page: int) -> list[str]:
    return [a.text for a in _printed(name).amounts if a.page == page]


def test_row_numbers_under_a_stacked_xuhao_header_are_not_amounts():
    """xian-005 表1 收支总表 prints its 序号 header one character a line (序 over 号);
    p.21 continues the table without a header, its empty rows numbered 31 and 32 and
    its last rows 33-37 beside their amounts: none of the row numbers is an amount."""
    page = _page("shaanxi-xian-005.pdf", 21)
    assert not {"31", "32", "33", "34", "35", "36", "37"} & set(page)
    assert "732067.92" in page and "1055907667.43" in page


def test_a_decimal_under_an_amount_of_the_next_row_is_not_joined_to_it():
    """xian-011 p.40 (基本支出明细表, narrow right-aligned columns): 差旅费 prints ``3.9``
    and the next row, 维修(护)费, ``8`` right under it; each is its own amount, never
    ``3.98``. The wrap of a narrow cell (changchun-001 ``1682.7`` over ``6``) is one."""
    page = _page("shaanxi-xian-011.pdf", 40)
    assert "3.98" not in page and "3.31" not in page
    assert page[24:30] == ["3.9", "0", "3.9", "8", "0", "8"]
    assert _page("jilin-changchun-001.pdf", 10)[:2] == ["1682.76", "1682.76"]


def test_an_amount_split_before_its_point_is_one_amount():
    """xian-006 p.24 (收支总表) prints ``25180591`` then ``.33`` as two words 2 points
    apart: one amount, 25180591.33, never 25180591 and 33. Its 序号 header stands alone
    on its line, so the column it heads reads wide: only integers under it are row
    numbers, the income column's 25180591.33 is an amount."""
    page = _page("shaanxi-xian-006.pdf", 24)
    assert page[:5] == ["25180591.33"] * 5  # 一、部门预算 on all four sides, then 1、财政拨款
    assert "25180591" not in page and ".33" not in page


def test_a_table_label_printed_as_two_words_is_no_amount():
    """xian-010 p.31 opens with ``表`` ``14`` (the table's label, two words): 14 is no
    amount."""
    assert "14" not in _page("shaanxi-xian-010.pdf", 31)


def test_two_tables_under_one_title_told_apart_by_the_note_below_it():
    """xian-009 prints 一般公共预算支出明细表 twice, 表5 over （按支出功能分类科目…） (B05)
    and 表6 over （按支出经济分类科目…）, a table the contract does not list, its title in
    two pieces on one row (``…支出明细`` ``表``); likewise 基本支出明细表 as 表7 by
    function (not listed) and 表8 by economic class (B06). Each region is its own table."""
    titles = {(t.page, t.table_id) for t in _printed("shaanxi-xian-009.pdf").titles if not t.toc}
    assert (46, "B05") in titles
    assert (48, "extra:一般公共预算支出(经济分类)") in titles
    assert (53, "extra:一般公共预算基本支出(功能分类)") in titles
    assert (55, "B06") in titles
    regions = _printed("shaanxi-xian-009.pdf").region_pages
    assert 48 not in regions["B05"] and 53 not in regions["B06"]


def test_a_row_label_wrapped_over_lines_is_found_beside_its_amount():
    """xian-005 p.20: ``其中:纳入财`` / ``政专户管理的收费`` wraps over two lines of its cell,
    its amount 2265000.00 on a line of its own between them; an ``unmapped`` row of that
    label is placed by the box of the wrapped label."""
    printed = _printed("shaanxi-xian-005.pdf")
    amount = next(a for a in printed.amounts if a.page == 20 and a.text == "2265000.00")
    boxes = _label_boxes("其中：纳入财政专户管理的收费", printed.words[20])
    assert len(boxes) == 1
    box = boxes[0]
    assert box[1] <= (amount.bbox[1] + amount.bbox[3]) / 2 <= box[3] and box[2] <= amount.bbox[0]


def test_generated_title_note_wrapped_onto_the_next_line(tmp_path):
    """GENERATED (no development filing wraps the note; the test part's xian-016 does):
    ``…一般公共预算基本支出明细表（按支出功`` over ``能分类科目-不含上年结转）`` is one title,
    a table the contract does not list; the same title ``（按支出经济分类`` / ``科目…）``
    is B06."""
    from pdfs import text_pdf

    head = "2021年部门综合预算一般公共预算基本支出明细表（按支出"
    path = tmp_path / "wrapped.pdf"
    path.write_bytes(text_pdf([["表7", head + "功", "能分类科目-不含上年结转）", "单位：元",
                                "2010101 行政运行 9.00 8.00 1.00"],
                               ["表8", head + "经济分类", "科目-不含上年结转）", "单位：元",
                                "30101 基本工资 8.00 8.00 0.00"]]))
    titles = [(t.page, t.table_id) for t in read_printed(path).titles]
    assert titles == [(1, "extra:一般公共预算基本支出(功能分类)"), (2, "B06")]
