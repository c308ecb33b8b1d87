"""Reading defects of issue 16 found as families in the development part, each pinned on
the real page that shows it: a label wrapped over a page break that changes the class it
names, a code printed twice for two names, a 政府采购 table whose header word 采购目录 made
its page read as a table list, and the reasons given for what cannot be keyed."""

from __future__ import annotations

from functools import cache

from budgetlens.extract.mapping import map_grid
from shared import SHARED, missing, saved_pages

DOCS = SHARED / "corpus" / "docs"


@cache
def _filing(name: str, pages: tuple[int, ...]):
    from budgetlens.extract import extract
    from budgetlens.ingest import read

    with saved_pages(DOCS / name, pages) as path:
        return extract(read(path))


def _rows(filing, table_id: str) -> dict[str, dict[str, float]]:
    table = next(t for t in filing.tables if t.table_id == table_id)
    return {r.key: {c: v.value for c, v in r.cells.items()} for r in table.rows}


def test_a_class_name_wrapped_over_the_page_break_keys_the_class_it_names():
    """xian-005 (development part) 表1 收支总表, its 部门预算支出经济科目 side under
    2、专项业务经费支出: p.20 ends ``(5)资本性支出 0.00`` and p.21 opens with ``(基本建设)``,
    the end of that name, then ``(6)资本性支出 732067.92``. The first is 资本性支出（基本建设）,
    309; the second 资本性支出, 310. Before, the first took 310 and the second's amount was
    reported as a duplicate and lost."""
    rows = _rows(_filing("shaanxi-xian-005.pdf", (20, 21)), "B01")
    assert rows["exp.econ|project|309"] == {"amount": 0.0}
    assert rows["exp.econ|project|310"] == {"amount": 732067.92}
    assert rows["exp.econ|project|302"] == {"amount": 43067830.0}
    assert not any("(基本建设)" == k.rpartition("|")[2] for k in rows)


def test_a_code_printed_again_under_another_name_keys_the_name_s_sibling_code():
    """changchun-001 (development part) p.11 表6 prints ``30208 取暖费 23.37`` and then
    ``30208 物业管理费 36.18``: 30208 is 取暖费 in the classification, 物业管理费 its
    sibling 30209, which the table does not print. The second row keys 30209 (its name
    kept as printed), and its amounts are no longer lost as a duplicate. (302 prints 211.00
    while its lines add to 221.37 with 物业管理费 and 185.19 without: the page's own
    inconsistency, left to the checks.)"""
    filing = _filing("jilin-changchun-001.pdf", (11,))
    rows = _rows(filing, "B06")
    assert rows["30208"]["total"] == 23.37 and rows["30209"]["total"] == 36.18
    table = next(t for t in filing.tables if t.table_id == "B06")
    assert next(r.label for r in table.rows if r.key == "30209") == "物业管理费"
    assert rows["30209"] == {"total": 36.18, "current_year": 36.18, "personnel": 0.0, "public": 36.18,
                             "carryover_begin": 0.0, "carryover_begin.personnel": 0.0,
                             "carryover_begin.public": 0.0}
    assert not any("duplicate row key" in u.reason for u in filing.unmapped)


def test_a_procurement_table_headed_采购目录_is_counted_not_read_as_a_table_list():
    """xian-005 (development part) p.42 prints 表12 政府采购(资产配置、购买服务)预算表 with
    a column 采购目录 in its header. The coverage report read the page as a table list
    (目录 near its top) and counted none of its amounts; a table list is a page whose first
    lines open with 目录 (wuxi-001 p.2 ``-1-目录``, xian-002 p.24 ``报表目录``)."""
    from budgetlens.eval.coverage_pages import read_printed

    src = DOCS / "shaanxi-xian-005.pdf"
    if not src.exists():
        missing("shaanxi-xian-005.pdf absent from ../shared/corpus")
    printed = read_printed(src)
    b13 = [t for t in printed.titles if t.table_id == "B13"]
    assert [(t.page, t.toc) for t in b13] == [(19, True), (42, False)]  # the 目录 of p.19 lists it
    assert sum(1 for a in printed.amounts if a.table_id == "B13") >= 40
    listed = read_printed(DOCS / "shaanxi-xian-002.pdf")
    assert {t.table_id for t in listed.titles if t.page == 24 and t.toc} >= {"B01", "B02", "B03"}


def test_reasons_name_what_to_do():
    """xian-005 (development part) p.21: 上年实户资金余额 (an income line of the 收支总表 no
    contract key names) is reported as such, with the box of its amount; wuxi-007 p.13-14
    prints ``21999 其他支出 502.00 502.00`` twice: the second is the same row again, keyed
    once."""
    filing = _filing("shaanxi-xian-005.pdf", (20, 21))
    u = next(u for u in filing.unmapped if "上年实户资金余额" in u.text)
    assert u.reason == "row label not recognised: no contract key for this income line of a summary table"
    assert u.page == 2 and u.bbox is not None
    wuxi = _filing("jiangsu-wuxi-007.pdf", (13, 14))
    again = [u for u in wuxi.unmapped if "21999" in u.text]
    assert again and all(u.reason == "duplicate row key 21999: the row printed again with the same amounts, "
                                     "keyed once" for u in again)


def test_amount_with_three_decimals_on_a_real_page_keeps_them():
    """xian-006 (development part) p.29, 表6 一般公共预算支出明细表（按经济分类科目分）, prints
    ``989034.300`` (30103 奖金 under 50905 离退休费): the only amount with 3-6 decimals in
    a table of the corpus, ``../shared/real`` and the seeds outside performance-target
    tables (a search of every page's words for ``\\d+\\.\\d{3,6}``; see
    test_corpus_layouts_pins). The table is not one CONTRACT.md counts, so its grid is read
    here with B06's columns (部门经济科目编码 | 名称 | 政府经济科目 … | 合计 | 人员经费支出 |
    公用经费支出): the amount is 989034.3 and its quote keeps the three decimals."""
    from budgetlens.ingest import read

    src = DOCS / "shaanxi-xian-006.pdf"
    if not src.exists():
        missing("shaanxi-xian-006.pdf absent from ../shared/corpus")
    doc = read(src)
    grid = next(g for g in doc.tables if 29 in g.pages)
    mapped = map_grid(grid, "B06")
    cells = [(r.key, c, v) for r in mapped.rows for c, v in r.cells.items() if v.citation.quote == "989034.300"]
    assert cells and all(v.value == 989034.3 and v.citation.page == 29 for _, _, v in cells)
    assert {k for k, _, _ in cells} == {"50905|30103"}


def test_the_pages_own_sums_fail_once_the_table_is_whole():
    """changchun-001 p.11 (development part): with 物业管理费 keyed, 表6 has no row left
    unkeyed, so its sums are no longer softened to a warning. They fail, and the page shows
    why: 301 prints 911.21 while its nine lines add to 920.96 (297.50 + 179.46 + 194.78 +
    105.80 + 32.65 + 3.36 + 93.27 + 4.40 + 9.74), 302 prints 211.00 while its fourteen add
    to 221.37; the classes do add to the 合计 (911.21 + 211.00 + 85.98 = 1,208.19 for
    1,208.20). Real inconsistencies of the filing, not misreadings."""
    from budgetlens.checks import run_checks

    filing = _filing("jilin-changchun-001.pdf", (11,))
    rows = _rows(filing, "B06")
    fine = [k for k in rows if len(k) == 5]
    assert round(sum(rows[k]["total"] for k in fine if k.startswith("301")), 2) == 920.96 != rows["301"]["total"]
    assert round(sum(rows[k]["total"] for k in fine if k.startswith("302")), 2) == 221.37 != rows["302"]["total"]
    fails = {c.check_id for c in run_checks(filing) if c.status == "fail"}
    assert {f"B06.hier.{k}:{c}=" for k in ("301", "302") for c in ("total",)} <= {f.split("sum(")[0] for f in fails}


def test_class_and_item_pieces_under_a_joined_header_word_are_codes():
    """xian-009 (development part) p.72, 表12 政府采购, prints its two economic classes split
    under one header word ``类款类款``: ``302 13 502 09`` beside ``815,000.00``. Those are
    codes, not amounts; the page's amounts are the 预算金额 column."""
    from budgetlens.eval.coverage_pages import read_printed

    src = DOCS / "shaanxi-xian-009.pdf"
    if not src.exists():
        missing("shaanxi-xian-009.pdf absent from ../shared/corpus")
    page = [a.text for a in read_printed(src).amounts if a.page == 72]
    assert "815,000.00" in page and "1,795,000.00" in page
    assert not {"302", "502", "13", "09", "99"} & set(page)
