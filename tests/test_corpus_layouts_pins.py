r"""Layout families of issue 16 not pinned elsewhere: two standard tables on one page, read
from real pages; codes printed ``2010101-行政运行`` and 增减% columns, which no page of
``../shared/corpus``, ``../shared/real`` or the seeds prints in a standard table, pinned
on generated grids and saying so.

The search (a script over every page's words and lines, text folded NFKC):

- code joined to its name by a dash, ``\d{3,7}\s*[-‐‑‒–—―－﹣−]\s*<Chinese name>``
  (hyphen, en/em dash, full-width hyphen, spaced or not): 66 pages; on pages with a
  standard table title only unit lines (``507-湖州市卫生健康委员会``, ``341-湖州市财政局``,
  ``511-退役军人事务局`` heading huzhou-002/003/004's tables) and, elsewhere, project names
  (``236-中央高校改善基本办学条件专项-…``, 西南大学 2023). No classification code is
  printed so. (``[2010101]行政运行``: 68 table pages in 23 filings, Guangzhou, pinned in
  test_corpus_layouts.)
- a change-percent column, 增减% / 增减率 / 增长率 / 变动率 / 增幅 / 比上年增长% /
  增减比例 / 增减幅度 / 变化率: 23 pages, none a standard table: narrative
  (shenzhen-013 p.6 ``增幅6.8%``) and performance indicators (xian-014 p.78
  ``进出口总额增长率``).
- an amount with 3-6 decimals, a word ``-?(\d{1,3}(,\d{3})+|\d+)\.\d{3,6}``: 9 pages;
  one table that is not a contract table (xian-006 p.29 ``989034.300``, pinned on that
  page in test_corpus_layouts_defects), performance-target tables (yantai-021 p.45
  ``88.466``, xian-018 p.42 ``1181.512``), narrative and a seed's performance line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from budgetlens.extract.mapping import map_grid
from budgetlens.extract.tables import extract_tables
from budgetlens.schemas.document import Grid, GridCell, Line
from shared import SHARED, saved_pages


@cache
def _tables(src: Path, pages: tuple[int, ...]):
    """The tables extracted from ``pages`` (1-based) of a real file, by id."""
    from budgetlens.ingest import read

    with saved_pages(src, pages) as path:
        tables, unmapped = extract_tables(read(path))
    return {t.table_id: t for t in tables}, unmapped


def _values(table) -> dict[str, dict[str, float]]:
    return {r.key: {c: v.value for c, v in r.cells.items()} for r in table.rows}


def test_three_standard_tables_on_one_page_each_under_its_own_id():
    """Jiangsu 人民检察院 2018 (``../shared/real``, development part) p.19 ends 公开08表
    (一般公共预算基本支出, 30309 奖励金 1.04), then prints 公开09表 (三公, 会议费, 培训费:
    one line of amounts) and 公开10表 (政府性基金, 此表为空) under their own titles, one
    under the other. Each is its own table: no 三公 amount in B06, no economic line in
    B09, B07 empty."""
    t, _ = _tables(SHARED / "real" / "jiangsu" / "江苏省_人民检察院_2018_部门预算.pdf", (18, 19))
    assert _values(t["B09"]) == {"budget": {"total": 484.30, "outbound": 100.00, "vehicle_total": 267.80,
                                            "vehicle_operation": 267.80, "reception": 116.50,
                                            "meeting": 200.44, "training": 700.00}}
    b06 = _values(t["B06"])
    assert b06["30309"] == {"total": 1.04} and b06["30302"] == {"total": 623.28}
    assert not any(v == 484.30 or v == 700.00 for cells in b06.values() for v in cells.values())
    assert t["B07"].empty and t["B06"].pages == [1, 2] and t["B09"].pages == [2]


def test_two_lists_under_one_id_on_one_page_stay_apart():
    """xian-012 (development part) p.25 prints 会议费明细表 (five meetings) and, under it,
    培训费明细表 (seventeen trainings): both B12, the rows keyed under the kind their title
    names. (xian-002 p.19 is pinned in test_corpus_layouts.)"""
    t, _ = _tables(SHARED / "corpus" / "docs" / "shaanxi-xian-012.pdf", (25,))
    rows = _values(t["B12"])
    assert [k.split("|")[0] for k in rows] == ["会议费"] * 5 + ["培训费"] * 17
    assert rows["会议费|涉外法治会议"] == {"total": 11.76}
    assert rows["培训费|国家统一法律职业资格考试考务培训"] == {"total": 8.39}


def _grid(rows: list[list[str]], title: str) -> Grid:
    cells = [GridCell(row=r, col=c, text=t, page=3) for r, row in enumerate(rows) for c, t in enumerate(row)]
    return Grid(kind="ruled", pages=[3], n_rows=len(rows), n_cols=max(len(r) for r in rows), cells=cells,
                title_lines=[Line(text=title)])


def test_generated_codes_printed_with_a_dash_before_the_name():
    """GENERATED: no page of the corpus, ``../shared/real`` or the seeds prints a code
    joined to its name by a dash (see the module docstring), so this family is pinned on
    a generated grid only: ``2010101-行政运行`` in the 科目 column is keyed 2010101, as
    ``[2010101]行政运行`` and ``2010101 行政运行`` are."""
    mapped = map_grid(_grid([
        ["科目", "合计", "基本支出", "项目支出"],
        ["合计", "112.00", "100.00", "12.00"],
        ["201-一般公共服务支出", "112.00", "100.00", "12.00"],
        ["20101-人大事务", "112.00", "100.00", "12.00"],
        ["2010101-行政运行", "100.00", "100.00", ""],
        ["2010199-其他人大事务支出", "12.00", "", "12.00"],
    ], "一般公共预算支出预算表"), "B05")
    rows = {r.key: (r.label, {c: v.value for c, v in r.cells.items()}) for r in mapped.rows}
    assert rows["2010101"] == ("行政运行", {"total": 100.0, "basic": 100.0})
    assert rows["2010199"][1] == {"total": 12.0, "project": 12.0}
    assert set(rows) == {"total", "201", "20101", "2010101", "2010199"}
    assert not mapped.unmapped


def test_generated_change_and_change_pct_columns_are_not_this_years_amount():
    """GENERATED: no standard table of the corpus, ``../shared/real`` or the seeds prints
    an 增减% column (see the module docstring). On a generated 支出预算表 with 上年预算数 |
    本年预算数 | 增减额 | 增减%, the percentage is ``change_pct``, the difference
    ``change``, last year's ``prior_year``; this year's 预算数 alone is ``amount``."""
    mapped = map_grid(_grid([
        ["科目编码", "科目名称", "上年预算数", "本年预算数", "增减额", "增减%"],
        ["", "合计", "100.00", "110.00", "10.00", "10.00"],
        ["201", "一般公共服务支出", "100.00", "110.00", "10.00", "10.00"],
    ], "一般公共预算支出预算表"), "B05")
    rows = {r.key: {c: v.value for c, v in r.cells.items()} for r in mapped.rows}
    assert rows["201"] == {"prior_year": 100.0, "amount": 110.0, "change": 10.0, "change_pct": 10.0}
    assert rows["total"] == rows["201"]


def test_generated_amounts_with_three_to_six_decimals_keep_them():
    """GENERATED: no standard table of the corpus, ``../shared/real`` or the seeds prints
    an amount with 3-6 decimals (see the module docstring; the one table that does,
    xian-006 p.29, is no contract table and is pinned in test_corpus_layouts_defects). On a
    generated table in 元,
    ``1,234.5678`` and ``0.123456`` are read as printed, not rounded to cents."""
    mapped = map_grid(_grid([
        ["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
        ["", "合计", "1,234.5678", "1,234.444344", "0.123456"],
        ["2010101", "行政运行", "1,234.5678", "1,234.444344", "0.123456"],
    ], "一般公共预算支出预算表"), "B05")
    rows = {r.key: {c: v.value for c, v in r.cells.items()} for r in mapped.rows}
    assert rows["2010101"] == {"total": 1234.5678, "basic": 1234.444344, "project": 0.123456}
    assert rows["total"]["total"] == 1234.5678


def test_generated_two_tables_under_one_title_told_apart_by_a_wrapped_note():
    """GENERATED, for a family the development part prints only with the note on a line of
    its own (xian-009 表6, pinned in test_coverage_pages_real and by the B05/B06 cells of
    test_corpus_layouts): 一般公共预算基本支出明细表 printed twice, the note that tells them
    apart wrapping onto the next line (``…明细表（按支出功`` / ``能分类科目-不含上年结转）``).
    The table by function is not a contract table and runs on into nothing; only the one
    by economic class is B06, so B06 never holds both."""
    from budgetlens.extract.locate import locate
    from budgetlens.schemas.document import Document, Page

    def grid(label: str, title: str, note: str, page: int, first: list[str]) -> Grid:
        rows = [["科目编码", "科目名称", "合计", "人员经费", "公用经费"], first]
        cells = [GridCell(row=r, col=c, text=t, page=page) for r, row in enumerate(rows) for c, t in enumerate(row)]
        return Grid(kind="ruled", pages=[page], n_rows=2, n_cols=5, cells=cells,
                    title_lines=[Line(text=label), Line(text=title), Line(text=note), Line(text="单位：元")])

    title = "2021年部门综合预算一般公共预算基本支出明细表（按支出"
    doc = Document(doc_id="0" * 16, sha256="0" * 64, path="x.pdf", media="pdf",
                   pages=[Page(number=n, source="text") for n in (1, 2)], tables=[
                       grid("表7", title + "功", "能分类科目-不含上年结转）", 1, ["2010101", "行政运行", "9.00", "8.00", "1.00"]),
                       grid("表8", title + "经济分类", "科目-不含上年结转）", 2, ["30101", "基本工资", "8.00", "8.00", ""]),
                   ])
    found = locate(doc)
    assert [(f.table_id, f.grids) for f in found] == [("B06", (1,))]
