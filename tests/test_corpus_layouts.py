"""Layout families of ``../shared/corpus`` read from REAL pages of the corpus.

Each test copies the few pages it needs into a small PDF (PyMuPDF ``insert_pdf``),
reads and extracts it, and asserts keyed cells whose values were read off the page.
The corpus has no gold: the values below were checked against the rendered pages.
"""

from __future__ import annotations

from functools import cache

import pytest
from budgetlens.extract import vocab
from budgetlens.extract.tables import extract_tables
from budgetlens.schemas import catalogue
from shared import SHARED, saved_pages

DOCS = SHARED / "corpus" / "docs"


@cache
def _tables(name: str, pages: tuple[int, ...]):
    """The tables extracted from ``pages`` (1-based) of a corpus file, by id."""
    from budgetlens.ingest import read

    with saved_pages(DOCS / name, pages) as path:
        tables, _ = extract_tables(read(path))
    return {t.table_id: t for t in tables}


def _cell(tables, tid: str, key: str, col: str) -> float | None:
    table = tables.get(tid)
    row = next((r for r in table.rows if r.key == key), None) if table else None
    cell = row.cells.get(col) if row else None
    return cell.value if cell else None


def test_overall_situation_titles_and_opening_total():
    """Chongqing 表一 部门收支总体情况表: 合计 printed first is each side's total; income
    lines end in 资金 (政府性基金预算资金, 事业收入资金)."""
    t = _tables("chongqing-chongqing-001.pdf", (11,))
    assert _cell(t, "B01", "income.grand_total", "amount") == 583429.56
    assert _cell(t, "B01", "exp.grand_total", "amount") == 583429.56
    assert _cell(t, "B01", "income.general_budget", "amount") == 227955.11
    assert _cell(t, "B01", "income.gov_fund", "amount") == 46209.19
    assert _cell(t, "B01", "income.business", "amount") == 275.00
    assert _cell(t, "B01", "income.other", "amount") == 165808.97
    assert _cell(t, "B01", "220", "amount") == 471504.37


def test_codes_in_brackets_and_qizhong_columns():
    """Guangzhou 表5: ``[2080501]行政单位离退休``, 一般公共预算支出 | 小计 over
    其中：基本支出 | 项目支出."""
    t = _tables("guangdong-guangzhou-001.pdf", (14,))
    assert _cell(t, "B05", "total", "total") == 47944.02
    assert _cell(t, "B05", "total", "basic") == 36719.11
    assert _cell(t, "B05", "total", "project") == 11224.90
    assert _cell(t, "B05", "208", "total") == 5895.16
    assert _cell(t, "B05", "2080501", "total") == 1720.25
    assert _cell(t, "B05", "2080502", "basic") == 909.48


def test_unit_rows_of_a_units_table():
    """Guangzhou 表2 收入总体情况表: rows are units (单位名称): ``<unit>|total``; the
    合计 row is the department's ``total``."""
    t = _tables("guangdong-guangzhou-001.pdf", (9,))
    assert _cell(t, "B02", "total", "total") == 191822.92
    assert _cell(t, "B02", "total", "general_budget") == 47944.02
    assert _cell(t, "B02", "total", "gov_fund") == 143878.90
    assert _cell(t, "B02", "广州市余泥渣土管理处|total", "total") == 1814.54


def test_budget_unit_column():
    """Shenzhen 表7 with a 预算单位 column: the department's line is ``total``, a
    subordinate unit's rows are keyed ``<unit>|<code>``, carried down from its line."""
    t = _tables("guangdong-shenzhen-008.pdf", (41,))
    assert _cell(t, "B05", "total", "total") == 33934.54
    assert _cell(t, "B05", "深圳市建筑工务署（本级）|total", "total") == 14480.17
    assert _cell(t, "B05", "深圳市建筑工务署（本级）|205", "project") == 12.36
    assert _cell(t, "B05", "深圳市建筑工务署（本级）|2050803", "total") == 13.36
    assert _cell(t, "B05", "205", "total") is None  # a unit's row is never the department's


def test_names_only_rows_keyed_by_the_filings_own_codes():
    """Shenzhen 表1 收支总表 prints 款/项 by name only (进修及培训 under 一、教育支出);
    表7 of the same filing prints 20508 进修及培训."""
    t = _tables("guangdong-shenzhen-008.pdf", (16, 41))
    assert _cell(t, "B01", "205", "amount") == 28.00
    assert _cell(t, "B01", "20508", "amount") == 28.00
    assert _cell(t, "B01", "2050803", "amount") == 28.00
    assert _cell(t, "B01", "income.general_budget", "amount") == 33934.54


def test_three_public_by_year_rows_and_fund_columns():
    """Shenzhen 表9: rows 2025 年 / 2026 年 / 增减变化金额 per unit, each item split by
    fund. The latest year is ``budget``; the earlier ``prior_year``; the change ``change``."""
    t = _tables("guangdong-shenzhen-008.pdf", (57,))
    assert _cell(t, "B09", "budget", "total.general_budget") == 100.22
    assert _cell(t, "B09", "prior_year", "total.general_budget") == 117.42
    assert _cell(t, "B09", "change", "total.general_budget") == -17.20
    assert _cell(t, "B09", "budget", "outbound.general_budget") == 77.20
    assert _cell(t, "B09", "深圳市建筑工务署（本级）|budget", "total.general_budget") == 84.20


def test_title_inside_the_frame():
    """Changchun exports each table with its title as the first row of the frame:
    本年一般公共预算支出表（预算表5） over 预算单位：… 单位：万元."""
    t = _tables("jilin-changchun-001.pdf", (10,))
    assert _cell(t, "B05", "201", "total") == 1378.41
    assert _cell(t, "B05", "2014001", "basic") == 903.85
    assert _cell(t, "B05", "2014002", "project") == 458.00


@pytest.mark.parametrize("title,tid", [
    ("二、收入总体情况表", "B02"), ("三、本年支出总体情况表", "B03"), ("四、财政拨款收支总体情况表", "B04"),
    ("（四）基本支出总表", None), ("（五）项目支出总表", None), ("一般公共预算支出表（按经济分类）", None),
    ("财政拨款安排的行政经费及“三公”经费预算表", "B09"), ("收支总表（预算表1）", "B01"),
    ("2026年部门综合预算一般公共预算基本支出明细表（按支出经济分类科目）", "B06"),
    ("2026年部门综合预算一般公共预算基本支出明细表（按支出功能分类科目）", None),
    ("2026年部门综合预算政府性基金收支表", "B07"), ("政府采购预算明细表", "B13"),
    ("十一、项目支出预算情况表", None), ("政策和项目预算绩效目标表", None),
])
def test_scored_titles_of_the_corpus(title, tid):
    assert vocab.table_id_for_title(title) == tid


def test_catalogue_covers_the_contract_ids():
    ids = set(catalogue.STANDARD_IDS)
    assert {f"B{i:02d}" for i in range(1, 14)} <= ids
    assert {f"T{i:02d}" for i in range(1, 12)} <= ids


def test_two_years_of_three_public_columns():
    """Yantai 公开表7: 2025年预算数 | 2026年预算数 column groups. This year's figure is the
    2026 group; the 2025 group is the ``prior_year`` row, never the budget."""
    t = _tables("shandong-yantai-005.pdf", (22,))
    assert _cell(t, "B09", "budget", "total") == 211.18
    assert _cell(t, "B09", "budget", "vehicle_operation") == 206.42
    assert _cell(t, "B09", "prior_year", "total") == 268.09


def test_last_year_this_year_and_change_groups():
    """Xi'an 表13 in 元: 上年 | 当年 | 增减变化情况 groups over 三公, 会议费, 培训费, with
    unit lines (116003 西安市财政投资评审中心)."""
    t = _tables("shaanxi-xian-002.pdf", (43,))
    assert _cell(t, "B09", "budget", "total") == 219000.00
    assert _cell(t, "B09", "budget", "meeting") == 461836.00
    assert _cell(t, "B09", "prior_year", "total") == 265000.00
    assert _cell(t, "B09", "change", "total") == -46000.00
    assert _cell(t, "B09", "西安市财政投资评审中心|prior_year", "reception") == 10000.00


def test_two_economic_classifications_side_by_side():
    """Yantai 公开表6: 部门经济分类 (301 01 基本工资) beside 政府经济分类 (501 01) before
    the amounts, each 部门 code repeated under each 政府 code (301 under 501 机关, again under
    505 事业单位): rows key as ``<政府 code>|<部门 code>``, never as a bare 301 holding a part."""
    t = _tables("shandong-yantai-005.pdf", (18,))
    assert _cell(t, "B06", "total", "total") == 32382.54
    assert _cell(t, "B06", "501|301", "total") == 1478.92
    assert _cell(t, "B06", "50101|30101", "total") == 369.90
    assert _cell(t, "B06", "50101|30101", "personnel") == 369.90
    assert _cell(t, "B06", "505|301", "total") == 24027.62
    assert _cell(t, "B06", "301", "total") is None


def test_codes_split_over_columns_across_a_page_break():
    """Yantai 公开表2: codes printed over 类 | 款 | 项 columns, the 项 alone (02) at the top
    of the next page still belongs to 210 11."""
    t = _tables("shandong-yantai-004.pdf", (10, 11))
    assert _cell(t, "B02", "2101102", "total") == 29.20
    assert _cell(t, "B02", "2101103", "general_budget") == 46.18
    assert _cell(t, "B02", "2109999", "total") == 45.00


def test_three_public_items_as_rows():
    """Guangzhou 表8 财政拨款安排的行政经费及“三公”经费预算表: items down the rows, funds
    across (合计 | 一般公共预算 | 政府性基金预算 …): one ``budget`` row."""
    t = _tables("guangdong-guangzhou-001.pdf", (18,))
    assert _cell(t, "B09", "budget", "total") == 399.88
    assert _cell(t, "B09", "budget", "outbound") == 25.16
    assert _cell(t, "B09", "budget", "vehicle_total") == 364.17
    assert _cell(t, "B09", "budget", "admin_expenses") == 2611.42
    assert _cell(t, "B09", "budget", "admin_expenses.gov_fund") == 163.54
    assert _cell(t, "B09", "budget", "operating_expenses") is None  # 行政经费 is not 机关运行经费


def test_economic_codes_in_brackets_under_a_bare_budget_header():
    """Guangzhou 表6: one label column 部门预算支出经济科目 (``[30101]基本工资``) and one
    amount column headed 预算."""
    t = _tables("guangdong-guangzhou-001.pdf", (15,))
    assert _cell(t, "B06", "total", "total") == 36719.11
    assert _cell(t, "B06", "301", "total") == 27085.23
    assert _cell(t, "B06", "30101", "total") == 3875.39


def test_this_years_and_carried_over_column_groups():
    """Changchun 预算表3: 合计 | 当年预算 (小计 基本支出 项目支出 …) | 上年结转结余 (小计 …):
    ``current_year`` and ``carryover_begin.<id>``, never a second ``total``. The page prints
    2014002 with 当年预算小计 0.00 beside 项目支出 458.00: read as printed."""
    t = _tables("jilin-changchun-001.pdf", (8,))
    assert _cell(t, "B03", "total", "total") == 1682.76
    assert _cell(t, "B03", "total", "current_year") == 1682.76
    assert _cell(t, "B03", "2014002", "project") == 458.00
    assert _cell(t, "B03", "2014002", "current_year") == 0.00
    assert _cell(t, "B03", "201", "carryover_begin.basic") == 0.00


def test_procurement_categories():
    """Chongqing 表九 政府采购预算明细表: 合计 under 项目编号, then A 货物 / B 工程 / C 服务."""
    t = _tables("chongqing-chongqing-001.pdf", (27,))
    assert _cell(t, "B13", "total", "total") == 110390.99
    assert _cell(t, "B13", "goods", "total") == 6005.76
    assert _cell(t, "B13", "works", "other") == 4079.50
    assert _cell(t, "B13", "services", "general_budget") == 49442.05


def test_source_printed_below_the_current_year_total_is_not_part_of_it():
    """Yantai 公开表1 prints 上级补助收入 205.89 under 本年收入合计 315,235.83; 收入总计
    315,441.72 adds it. Both identities hold on the page: no fail."""
    from budgetlens.checks.table_rules import table_checks
    from budgetlens.schemas.filing import Filing, Source

    t = _tables("shandong-yantai-006.pdf", (9,))
    assert _cell(t, "B01", "income.higher_level_subsidy", "amount") == 205.89
    filing = Filing(doc_id="x", source=Source(path="x.pdf", sha256="0" * 64, pages=1, media="pdf"),
                    tables=[t["B01"]])
    results = {r.check_id: r.status for r in table_checks(filing)}
    assert "fail" not in results.values()
    assert any(k.startswith("B01.row.income.grand_total=") and v == "pass" for k, v in results.items())


def test_current_year_total_printed_above_its_lines():
    """Chongqing 表四 prints 一、本年收入 266,026.92 above （一）一般公共预算资金 223,898.88 and
    （二）政府性基金预算资金 42,128.04: they are its parts, and 收入合计 adds 上年结转."""
    from budgetlens.checks.table_rules import table_checks
    from budgetlens.schemas.filing import Filing, Source

    t = _tables("chongqing-chongqing-001.pdf", (18,))
    assert _cell(t, "B04", "income.current_year_total", "total") == 266026.92
    assert _cell(t, "B04", "income.general_budget", "total") == 223898.88
    assert _cell(t, "B04", "income.carryover_begin.general_budget", "total") == 4056.23
    filing = Filing(doc_id="x", source=Source(path="x.pdf", sha256="0" * 64, pages=1, media="pdf"),
                    tables=[t["B04"]])
    results = {r.check_id: r.status for r in table_checks(filing)}
    assert "fail" not in results.values()


def test_text_drawn_several_times_over_itself():
    """Xi'an 2022 表1: every glyph of the page is drawn six times over itself (收收收收收收);
    read once, the title 2022年部门综合预算收支总表 and the amounts in 元 come out."""
    t = _tables("shaanxi-xian-014.pdf", (36,))
    assert t["B01"].unit == "元"
    assert _cell(t, "B01", "income.fiscal_grant", "amount") == 573980610.20
    assert _cell(t, "B01", "income.general_budget", "amount") == 573980610.20
    assert _cell(t, "B01", "201", "amount") == 154668476.29


def test_department_line_then_its_own_unit_of_the_same_name():
    """Xi'an 表2 收入总表 lists ``263 西安市商务局`` (the department, all its units) then
    ``263001 西安市商务局`` (its own office) and the other units: the second keys as
    ``西安市商务局（本级）|total``, never dropped as a duplicate."""
    t = _tables("shaanxi-xian-014.pdf", (38,))
    assert _cell(t, "B02", "total", "total") == 581242867.20
    assert _cell(t, "B02", "西安市商务局|total", "total") == 581242867.20
    assert _cell(t, "B02", "西安市商务局（本级）|total", "total") == 544606485.85
    assert _cell(t, "B02", "西安市商务局（本级）|total", "general_budget") == 544606485.85
    assert _cell(t, "B02", "西安商贸旅游技师学院|total", "business") == 7262257.00


def test_three_public_prior_year_subtotal_printed_without_the_vehicles():
    """Xi'an 2019 表13 (xian-001 p.32, 万元): the 2018 group prints 合计 24.08, 小计 2.86,
    公务接待费 2.86, 公务用车 小计 21.22: the 三公 小计 leaves out the 21.22 of vehicles
    (2019: 小计 28.38 = 4.38 + 24.00). A real inconsistency of the page, so the check on
    the prior_year row fails; this year's row passes."""
    from budgetlens.checks.table_rules import table_checks
    from budgetlens.schemas.filing import Filing, Source

    t = _tables("shaanxi-xian-001.pdf", (32,))
    assert _cell(t, "B09", "prior_year", "total") == 2.86
    assert _cell(t, "B09", "prior_year", "reception") == 2.86
    assert _cell(t, "B09", "prior_year", "vehicle_total") == 21.22
    assert _cell(t, "B09", "budget", "total") == 28.38
    assert _cell(t, "B09", "budget", "all_total") == 83.74  # 合计 of 三公, 会议费, 培训费, as 2018's
    assert _cell(t, "B09", "prior_year", "all_total") == 24.08
    assert _cell(t, "B09", "西安市安全生产监督管理局（本级）|budget", "total") == 10.00
    assert _cell(t, "B09", "西安市安全生产监督管理局|budget", "total") == 28.38
    filing = Filing(doc_id="x", source=Source(path="x.pdf", sha256="0" * 64, pages=1, media="pdf"),
                    tables=[t["B09"]])
    results = {r.check_id: r.status for r in table_checks(filing)}
    assert results["B09.row.prior_year:total=vehicle_total+reception"] == "fail"
    assert results["B09.row.budget:total=vehicle_total+reception"] == "pass"


def test_procurement_list_by_code_unit_and_item():
    """Xi'an 2022 表12 政府采购 (xian-013 p.54, misprinted 金位：元): ``211 01 02 | 1 | 全额``
    is the code's line, ``252001 西安市生态环境局`` the unit's share, the lines under it (same
    code, no unit code) its items with their 采购目录; economic codes printed after the item
    (302 27 | 502 05) are not part of the key, 数量 is not an amount."""
    t = _tables("shaanxi-xian-013.pdf", (54,))
    assert t["B13"].unit == "元"
    assert _cell(t, "B13", "total", "total") == 156113208.00
    assert _cell(t, "B13", "2110102", "total") == 1184500.00
    assert _cell(t, "B13", "西安市生态环境局|2110102", "total") == 784500.00
    assert _cell(t, "B13", "西安市生态环境局|2110102|西安市生态委办工作经费|C0908其他专业技术服务",
                 "total") == 275000.00
    assert _cell(t, "B13", "西安市环境监测站|2110199|生态环境例行监测项目|C0599其他维修和保养服务",
                 "total") == 500000.00
    assert _cell(t, "B13", "西安市环境监测站|2110199|生态环境例行监测项目|C0599其他维修和保养服务#2",
                 "total") == 650000.00
    keys = {r.key for r in t["B13"].rows}
    assert not any(k.isdigit() and len(k) > 7 for k in keys)  # 2110102 + 30227 + 50205 is no code


def test_procurement_items_printing_their_unit_code():
    """Xi'an 2019 表10 (xian-001 p.30, 万元, 序号 first): each item line prints its unit code
    (``224 01 06 | 125001 | 事故应急救援 | 其他专用汽车 | … | 59.80``): keyed under the unit code."""
    t = _tables("shaanxi-xian-001.pdf", (30,))
    assert _cell(t, "B13", "total", "total") == 192.13
    assert _cell(t, "B13", "125001|2240106|事故应急救援|其他专用汽车|事故救援专业车", "total") == 59.80
    assert _cell(t, "B13", "125002|2240106|监控管理系统|网络监控设备|监控管理系统", "total") == 5.00


def _narrative(name: str, page: int):
    from budgetlens.extract.narrative import extract_narrative
    from budgetlens.ingest import read

    with saved_pages(DOCS / name, (page,)) as path:
        return extract_narrative(read(path))


@pytest.mark.parametrize("name,page,absent", [
    # "（1）进修及培训（20508）102.32 万元，…。具体为：人员经费0.00 万元，…；公用经费28.32 万元"
    ("shaanxi-xian-009.pdf", 21, ("personnel_expenditure", "public_expenditure")),
    # "②机关商品和服务支出（502）996.33 万元，…其中：…西安市社会科学院日常公用经费65.56 万元，
    # 局机关日常公用经费87.36万元。2022年…日常公用经费109.15万元。"
    ("shaanxi-xian-008.pdf", 32, ("public_expenditure",)),
    # "对个人和家庭的补助（303）100151.38万元,其中：人员经费138.06万元"
    ("shaanxi-xian-011.pdf", 19, ("personnel_expenditure", "public_expenditure")),
    # "2020年机关运行经费预算总计82万元，其中：…公务接待费2万元，…公务用车运行维护费12万元"
    ("shaanxi-xian-011.pdf", 25, ("reception_budget", "vehicle_operation_budget")),
])
def test_parts_of_another_whole_are_no_key_figures(name, page, absent):
    """Xi'an narratives split each coded line and 机关运行经费 into parts named like key
    figures: they are the line's parts, not the department's figures (they made 60 false
    fails against 表8 and 表13)."""
    result = _narrative(name, page)
    assert not set(absent) & set(result.key_figures)


def test_the_departments_own_figure_is_still_read():
    """xian-011 p.23: "2020年“三公”经费预算合计29.30万元，其中：…公务接待费3.30 万元"."""
    result = _narrative("shaanxi-xian-011.pdf", 23)  # one page: the filing's kind is unknown
    assert result.key_figures["three_public_budget"].value == 29.30
    reception = result.key_figures.get("reception_budget") or result.key_figures["reception_actual"]
    assert reception.value == 3.30


def test_four_sided_summary_with_two_economic_sides():
    """Xi'an 2022 表1 收支总表 (xian-014 p.36): 收入 | 支出功能分科目 | 部门预算支出经济科目 |
    政府预算支出经济分类科目, each 按大类 with its 预算数. The function side keys by class code as
    before; the 部门 side as ``exp.econ|basic|301`` under 人员经费和公用经费支出 and
    ``exp.econ|project|301`` under 专项业务经费支出; the 政府 side as ``exp.gov_econ|501``;
    never a bare 3-digit key the function-class checks would add up."""
    from budgetlens.checks.table_rules import table_checks
    from budgetlens.schemas.filing import Filing, Source

    t = _tables("shaanxi-xian-014.pdf", (36, 37))
    assert _cell(t, "B01", "201", "amount") == 154668476.29
    assert _cell(t, "B01", "income.department_budget", "amount") == 581242867.20
    assert _cell(t, "B01", "exp.econ|basic", "amount") == 48032297.20
    assert _cell(t, "B01", "exp.econ|basic|301", "amount") == 39644798.05
    assert _cell(t, "B01", "exp.econ|project", "amount") == 533210570.00
    assert _cell(t, "B01", "exp.econ|project|301", "amount") == 1673000.00
    assert _cell(t, "B01", "exp.econ|project|309", "amount") == 0.00  # 资本性支出（基本建设）
    assert _cell(t, "B01", "exp.gov_econ|501", "amount") == 21375878.15
    assert _cell(t, "B01", "exp.gov_econ|机关资本性支出(一)", "amount") == 55000.00
    assert _cell(t, "B01", "exp.gov_econ|exp.current_year_total", "amount") == 581242867.20
    assert not {"301", "302", "501", "502", "312"} & {r.key for r in t["B01"].rows}
    filing = Filing(doc_id="x", source=Source(path="x.pdf", sha256="0" * 64, pages=2, media="pdf"),
                    tables=[t["B01"]])
    assert "fail" not in {r.status for r in table_checks(filing)}


def test_three_public_stated_for_this_year_but_printed_under_last_year():
    """A real inconsistency of xian-010 (2022): the narrative (p.13) states "2022 年本部门当年一般
    公共预算“三公”经费预算支出0.27 万元，较上年增加0.0 万元", while 表13 (p.30, 元) prints the
    2,720 of 三公 under 2021年 and 0 under 2022年, its 增减变化情况 −2,720. The table is read as
    printed and the narrative check fails on it."""
    from budgetlens.ingest import read
    from budgetlens.pipeline import analyse
    from budgetlens.settings import Settings

    with saved_pages(DOCS / "shaanxi-xian-010.pdf", (13, 30)) as path:
        settings = Settings().scoped(ocr=False)
        filing = analyse(read(path, settings), settings, path=str(path))
    b09 = {t.table_id: t for t in filing.tables}["B09"]
    rows = {r.key: r for r in b09.rows}
    assert rows["budget"].cells["total"].value == 0.0
    assert rows["prior_year"].cells["total"].value == 2720.0
    assert rows["change"].cells["total"].value == -2720.0
    assert filing.key_figures["three_public_budget"].value == 0.27
    status = {c.check_id: c.status for c in filing.checks}
    assert status["narrative.three_public_budget=B09.budget.total"] == "fail"


def test_expenditure_total_split_by_source():
    """Xi'an 2022 表3 支出总表 (xian-013 p.30) splits by source: 合计 | 公共预算拨款 (小计 |
    其中：专项…) | 政府性基金拨款 | 事业收入 …: the 小计 under 公共预算拨款 is ``general_budget``,
    not a second ``total``; unit lines key as ``<unit>|total``, never by a code the 政府采购
    list prints beside the unit's name."""
    t = _tables("shaanxi-xian-013.pdf", (30, 54))
    assert _cell(t, "B03", "total", "total") == 520161240.01
    assert _cell(t, "B03", "西安市环境监理处|total", "total") == 67004437.34
    assert _cell(t, "B03", "total", "general_budget") == 518161240.01
    assert _cell(t, "B03", "total", "other") == 2000000.00
    assert _cell(t, "B03", "西安市环境保护科学研究院|total", "general_budget") == 13448114.73


def test_fund_table_printed_as_a_four_sided_summary():
    """Xi'an 2021 表9 政府性基金收支表 (xian-009 p.59): 收 入 | 支出功能分类科目 | 部门预算支出
    经济分类科目 | 政府预算支出经济分类科目, each with its 预算数: read as a summary table."""
    t = _tables("shaanxi-xian-009.pdf", (59,))
    assert _cell(t, "B07", "income.gov_fund", "total") == 167781553.36
    assert _cell(t, "B07", "229", "total") == 167781553.36
    assert _cell(t, "B07", "exp.econ|basic|301", "total") == 4952793.36
    assert _cell(t, "B07", "exp.econ|project|302", "total") == 162812960.00
    assert _cell(t, "B07", "exp.gov_econ|505", "total") == 18765753.36


def test_special_funds_and_own_account_columns():
    """Xi'an 2022 表2 收入总表 (xian-013 p.28): 一般公共预算拨款 over 小计 | 其中：专项资金列入部门
    预算项目, and 上年实户资金余额: ``special_funds`` (a part of ``general_budget``, in no sum)
    and ``account_balance`` (a source)."""
    t = _tables("shaanxi-xian-013.pdf", (28,))
    assert _cell(t, "B02", "total", "general_budget") == 518161240.01
    assert _cell(t, "B02", "total", "special_funds") == 158047922.00
    assert _cell(t, "B02", "total", "account_balance") == 0.00
    assert _cell(t, "B02", "西安市智慧环保综合指挥中心|total", "special_funds") == 59725982.00


def test_lists_of_meetings_and_trainings_titled_on_the_page_before():
    """Xi'an 2026 (xian-002): 会议费明细表 and its 单位：万元 close p.18, the list (序号 | 会议名称 |
    时间 | 人数 | 金额 | 备注) fills p.19: B12, each line keyed by its name; 人数 is no amount.
    Lower on p.19 a second table, 培训费明细表, starts under its own title: two tables
    under one id, kept apart by the kind each title names (会议费|…, 培训费|…), eleven
    meetings and seven trainings, no training read as a meeting."""
    t = _tables("shaanxi-xian-002.pdf", (18, 19))
    assert _cell(t, "B12", "会议费|决算汇审会", "total") == 23.00
    assert _cell(t, "B12", "会议费|全省部门决算汇审", "total") == 2.10
    assert _cell(t, "B12", "培训费|财政干部业务培训", "total") == 4.00
    assert _cell(t, "B12", "培训费|预算编审业务培训", "total") == 6.60
    kinds = [r.key.split("|")[0] for r in t["B12"].rows]
    assert kinds == ["会议费"] * 11 + ["培训费"] * 7
    assert all("人数" not in c for r in t["B12"].rows for c in r.cells)


def test_title_wrapped_over_two_lines_names_the_three_public_table():
    """Xi'an 2021 表13 (xian-009 p.77): "2021年部门综合预算一般公共预算拨款“三公”经费及" /
    "会议费、培训费支出预算表（不含上年结转）": the 三公 table, not a 会议费、培训费 list."""
    t = _tables("shaanxi-xian-009.pdf", (77,))
    assert "B09" in t and "B12" not in t
    assert _cell(t, "B09", "budget", "meeting") is not None


def test_fund_table_of_whole_amounts_and_a_vehicle_purchase_header_without_fee():
    """Xi'an 2020 (xian-011): 表9 政府性基金收支总表 (p.41) prints only whole zeros
    (一、政府性基金拨款 | 0 | 一、科学技术 | 0 …): its numbered lines are data, not header;
    表13 (p.49) heads a column 公务用车购置 (no 费): ``vehicle_purchase``."""
    t = _tables("shaanxi-xian-011.pdf", (41, 49))
    assert _cell(t, "B07", "income.gov_fund", "total") == 0
    assert _cell(t, "B07", "206", "total") == 0
    assert _cell(t, "B09", "budget", "vehicle_purchase") == 0.00
    assert _cell(t, "B09", "budget", "vehicle_operation") == 26.00
    assert _cell(t, "B09", "prior_year", "outbound") == 25.00


def test_header_cut_by_a_misplaced_column_boundary():
    """Xi'an 2022 表4 (xian-010 p.21): the last header reads 预算数 政 | 府预算支出经济科目（按大类 |
    ） 预算数: the 政府 side's names and amounts are still read."""
    t = _tables("shaanxi-xian-010.pdf", (21,))
    assert _cell(t, "B04", "exp.gov_econ|501", "total") == 3055700.00
    assert _cell(t, "B04", "exp.gov_econ|502", "total") == 14104000.00


def test_economic_sides_keep_their_classification_over_pages():
    """Xi'an 2022 表1 (xian-005 pp.20-22) runs over three pages; p.21 prints on the 政府 side only
    12、债务还本支出 … 15、其他支出 and on the 部门 side the rest of 专项业务经费支出: each side keeps
    the classification and the split it had on p.20."""
    t = _tables("shaanxi-xian-005.pdf", (20, 21, 22))
    assert _cell(t, "B01", "exp.econ|project|312", "amount") == 964800000.00
    assert _cell(t, "B01", "exp.gov_econ|512", "amount") == 0.00
    assert _cell(t, "B01", "exp.econ|exp.current_year_total", "amount") == 1055907667.43
    assert _cell(t, "B01", "exp.gov_econ|exp.current_year_total", "amount") == 1055907667.43
