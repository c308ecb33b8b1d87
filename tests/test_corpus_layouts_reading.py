"""The last reading gaps of the development part, each read from REAL pages of the corpus
(the pattern of ``test_corpus_layouts``: a few pages copied into a small PDF, extracted,
and cells asserted whose values were read off the rendered page)."""

from __future__ import annotations

from test_corpus_layouts import _cell, _tables


def test_table_printing_no_unit_takes_the_unit_of_the_tables_around_it():
    """Shanghai 2026 (shanghai-015 p.8) 收入预算总表 prints 编制单位 but no 单位 line; the
    tables before (p.7 财务收支预算总表) and after (p.12 支出预算总表) print 单位：元, and its
    合计 471,452,100 is the 收入总计 of p.7: it is in 元, not the default 万元."""
    t = _tables("shanghai-shanghai-015.pdf", (7, 8, 9, 12))
    assert t["B01"].unit == "元" and t["B03"].unit == "元"
    assert t["B02"].unit == "元"
    assert _cell(t, "B02", "total", "fiscal_grant") == 471452100.00
    assert _cell(t, "B01", "income.grand_total", "amount") == 471452100.00


def test_lone_table_without_a_unit_keeps_the_default():
    """The same 收入预算总表 read alone: no table around it prints a unit, so 万元."""
    t = _tables("shanghai-shanghai-015.pdf", (8,))
    assert t["B02"].unit == "万元"


def test_thousands_separator_printed_alone():
    """Shanghai (shanghai-002 p.7-8) prints ``120258,600`` and ``1851,801``: only the
    thousands' separator. They are 120,258,600 and 1,851,801, never dropped."""
    from budgetlens.ingest.normalize import parse_number

    assert parse_number("120258,600") == 120258600
    assert parse_number("1851,80") is None  # a comma not before three digits is no separator
    t = _tables("shanghai-shanghai-002.pdf", (7, 8))
    assert _cell(t, "B01", "income.fiscal_grant", "amount") == 120258600.00
    assert _cell(t, "B01", "208", "project") == 102309588.00
    assert _cell(t, "B02", "208", "other") == 7880000.00
    assert _cell(t, "B02", "2080104", "fiscal_grant") == 94146002.00


def test_summary_sides_headed_by_their_classification():
    """Xi'an 2020 表1 部门综合预算收支总表 (xian-011 p.29): 支出功能分类 | 预算数 | 部门预算支出
    经济分类 | 预算数 | 政府预算支出经济分类 | 预算数 (no 科目): each side is a label column;
    classes printed by the start of their name (7、文化旅游, 23、灾害防治及应急) key by code;
    上年结转 over 其中：财政拨款资金结转 is its fiscal-grant part."""
    t = _tables("shaanxi-xian-011.pdf", (29,))
    assert _cell(t, "B01", "201", "amount") == 56.52
    assert _cell(t, "B01", "208", "amount") == 136400.21
    assert _cell(t, "B01", "207", "amount") == 0.00
    assert _cell(t, "B01", "224", "amount") == 0.00
    assert _cell(t, "B01", "exp.econ|basic", "amount") == 8563.95
    assert _cell(t, "B01", "exp.econ|project|303", "amount") == 100013.32
    assert _cell(t, "B01", "exp.gov_econ|501", "amount") == 5900.98
    assert _cell(t, "B01", "exp.gov_econ|exp.grand_total", "amount") == 182157.13
    assert _cell(t, "B01", "income.carryover_begin", "amount") == 90.57
    assert _cell(t, "B01", "income.carryover_begin.fiscal_grant", "amount") == 90.57
    assert not {"301", "501"} & {r.key for r in t["B01"].rows}


def test_fiscal_summary_sides_headed_by_their_classification():
    """The same layout for 表4 财政拨款收支总表 (xian-011 p.32)."""
    t = _tables("shaanxi-xian-011.pdf", (32,))
    assert _cell(t, "B04", "205", "total") == 3523.12
    assert _cell(t, "B04", "exp.gov_econ|505", "total") == 2945.22
    assert _cell(t, "B04", "income.general_budget", "total") == 181716.56
    assert _cell(t, "B04", "income.grand_total", "total") == 181807.13


def test_label_ends_spilled_into_the_value_column():
    """Xi'an 2019 表1 (xian-001 p.3) cuts its columns inside the labels: ``(3)对个人和家庭的补``
    | ``助 4.82``, ``3、机关资本性支出（一`` | ``） 104.31``. The characters go back to the label,
    the number is the amount (1,834.69 + 182.88 + 4.82 = 2,022.39 人员经费和公用经费支出)."""
    t = _tables("shaanxi-xian-001.pdf", (3,))
    assert _cell(t, "B01", "exp.econ|basic", "amount") == 2022.39
    assert _cell(t, "B01", "exp.econ|basic|303", "amount") == 4.82
    assert _cell(t, "B01", "exp.gov_econ|505", "amount") == 730.29
    assert _cell(t, "B01", "exp.gov_econ|机关资本性支出(一)", "amount") == 104.31
    assert _cell(t, "B01", "income.carryover_begin.fiscal_grant", "amount") == 11.61


def test_department_budget_column_beside_the_grand_total():
    """Xi'an 2019 表2 收入总表 (xian-001 p.4): 总计 | 部门预算 over 合计 | 一般公共预算拨款 …:
    the 部门预算 合计 is ``department_budget``, the 总计 ``total``."""
    t = _tables("shaanxi-xian-001.pdf", (4,))
    assert _cell(t, "B02", "total", "total") == 3695.91
    assert _cell(t, "B02", "total", "department_budget") == 3695.91
    assert _cell(t, "B02", "西安市安全生产监督管理局|total", "department_budget") == 2123.93
    assert _cell(t, "B02", "total", "account_balance") == 40.93


def test_department_budget_total_without_a_grand_total_is_the_total():
    """Xi'an 2026 收入总表 (xian-002 p.26) prints 部门预算 over 合计 with no 总计 beside it:
    that 合计 is the table's ``total``, and 一般公共预算拨款's 小计 stays ``general_budget``."""
    t = _tables("shaanxi-xian-002.pdf", (26,))
    assert _cell(t, "B02", "total", "total") == 303312586.17
    assert _cell(t, "B02", "total", "general_budget") == 303312586.17
    assert _cell(t, "B02", "total", "department_budget") is None


def test_header_cut_short_with_its_last_character_in_the_first_row():
    """Xi'an 2021 收入总表 (xian-009 p.42): 对附属单位上缴收 over ``入0.00`` in the 合计 row;
    序号 1, 2, 3 … are line numbers, not amounts, and the 合计 line is the total."""
    t = _tables("shaanxi-xian-009.pdf", (42,))
    assert _cell(t, "B02", "total", "affiliated_remit") == 0.00
    assert _cell(t, "B02", "total", "total") == 872031967.20
    assert _cell(t, "B02", "total", "department_budget") == 872031967.20
    assert _cell(t, "B02", "西安市民政局|total", "general_budget") == 535987052.43
    assert not any(r.key.startswith("合计") for r in t["B02"].rows)


def test_three_public_items_for_this_year_and_the_carried_over_share():
    """Changchun 预算表7 (changchun-001 p.12): “三公”经费合计 | 当年预算 (小计, 因公出国（境）费
    (小计, 因公出国（境）费, 科研因公出国（境）费用), 公务用车 (小计, 购置, 运行), 公务接待费) |
    上年结转结余 (the same): each group keyed by its own prefix."""
    t = _tables("jilin-changchun-001.pdf", (12,))
    assert _cell(t, "B09", "budget", "total") == 7.61
    assert _cell(t, "B09", "budget", "current_year.total") == 7.61
    assert _cell(t, "B09", "budget", "current_year.outbound") == 0.00
    assert _cell(t, "B09", "budget", "current_year.outbound.research") == 0.00
    assert _cell(t, "B09", "budget", "current_year.vehicle_total") == 6.75
    assert _cell(t, "B09", "budget", "current_year.vehicle_operation") == 6.75
    assert _cell(t, "B09", "budget", "current_year.reception") == 0.86
    assert _cell(t, "B09", "budget", "carryover_begin.total") == 0.00
    assert _cell(t, "B09", "budget", "carryover_begin.reception") == 0.00
    assert _cell(t, "B09", "budget", "outbound") is None  # never one group's share as the item


def test_a_table_titled_outside_the_contract_continues_no_standard_table():
    """Changchun 预算表8 政府性基金 (p.13) is followed by 项目支出表(预算表9) (p.14), its title
    the first row of its frame: the project table is not read into 政府性基金's rows."""
    t = _tables("jilin-changchun-001.pdf", (13, 14))
    assert "B07" in t
    assert _cell(t, "B07", "total", "total") != 474.56
    assert all(r.cells.get("total") is None or r.cells["total"].citation.page == 1 for r in t["B07"].rows)


def test_subsidy_and_remittance_lines_of_a_summary():
    """Guangzhou 收支总体情况表 (guangzhou-001 p.7-8): 二十四、对附属单位补助支出 and 二十五、上缴
    上级支出 after the function classes are keyed, not dropped."""
    t = _tables("guangdong-guangzhou-001.pdf", (7, 8))
    assert _cell(t, "B01", "exp.subsidy_to_affiliated", "amount") == 0.00
    assert _cell(t, "B01", "exp.remit_to_higher", "amount") == 0.00
    assert _cell(t, "B01", "exp.current_year_total", "amount") == 191822.92


def test_partial_codes_under_their_parent():
    """Xi'an 2019 表5 (xian-001 p.7): ``208`` then ``05`` 行政事业单位离退休 and
    ``99`` 其他社会保障和就业支出 under it: the 款 codes 20805 and 20899, under the unit line
    ``125001 西安市安全生产监督管理局``."""
    t = _tables("shaanxi-xian-001.pdf", (7,))
    assert _cell(t, "B05", "西安市安全生产监督管理局|20805", "total") == 113.28
    assert _cell(t, "B05", "西安市安全生产监督管理局|20899", "personnel") == 1.83
    assert _cell(t, "B05", "西安市安全生产监督管理局|2080505", "total") == 81.23
    assert _cell(t, "B05", "total", "project") == 1620.98


def test_seven_digit_economic_sub_codes():
    """Chongqing 一般公共预算基本支出情况表 (chongqing-001 p.22): 30102 津贴补贴 over 3010201
    规范性津补贴 and 3010202 其他津补贴, keyed by their 7-digit codes."""
    t = _tables("chongqing-chongqing-001.pdf", (22,))
    assert _cell(t, "B06", "30102", "total") == 4627.73
    assert _cell(t, "B06", "3010201", "personnel") == 3720.80
    assert _cell(t, "B06", "3010202", "total") == 906.93


def test_basic_expenditure_over_personnel_and_public_and_running_costs_in_the_three_public_table():
    """Shanghai 2026 (shanghai-015): 财务收支预算总表 p.7 prints 合计 | 基本支出 (人员经费 | 公用经费)
    | 项目支出 over the expenditure lines; the 三公 table p.21 adds 机关运行经费 (1,673.72 万元)."""
    t = _tables("shanghai-shanghai-015.pdf", (7, 21))
    assert _cell(t, "B01", "201", "amount") == 463892324.00
    assert _cell(t, "B01", "201", "personnel") == 12016088.00
    assert _cell(t, "B01", "201", "public") == 16737236.00
    assert _cell(t, "B01", "201", "project") == 435139000.00
    assert t["B09"].unit == "万元"
    assert _cell(t, "B09", "budget", "total") == 143.14
    assert _cell(t, "B09", "budget", "operating_expenses") == 1673.72


def test_narrative_and_tables_published_as_separate_files():
    """Xi'an 2019 publishes the narrative and the tables as two files: xian-003 (发展和改革
    委员会) is the 说明 alone (no table printed), xian-001 (安全生产监督管理局) the tables alone.
    The narrative file gives its figures and no table; the tables file its tables."""
    from budgetlens.extract import extract
    from budgetlens.ingest import read
    from shared import saved_pages
    from test_corpus_layouts import DOCS

    with saved_pages(DOCS / "shaanxi-xian-003.pdf", (23, 26, 27)) as path:
        filing = extract(read(path))
    assert filing.tables == []
    assert filing.key_figures["fiscal_grant_income"].value == 203091.65
    assert filing.key_figures["three_public_budget"].value == 18.60
    t = _tables("shaanxi-xian-001.pdf", (3, 4))
    assert {"B01", "B02"} <= set(t)


def test_xian_summary_expenditure_side_misses_the_carried_over_balance():
    """A fail that is a real inconsistency. Xi'an 2020 表1 (xian-011 p.29) prints 收入总计
    182,157.13 = 本年收入合计 182,066.56 + 上年结转 90.57, and 支出总计 182,157.13 over 本年支出合计
    182,066.56, 结转下年 0 and 未安排支出的实户资金 left blank: the expenditure side does not add
    up as printed, and the check says so. The blank 1、财政拨款 opening line is not keyed, so the
    income side's check adds its printed lines and passes."""
    from budgetlens.checks.table_rules import table_checks
    from budgetlens.schemas.filing import Filing, Source

    t = _tables("shaanxi-xian-011.pdf", (29,))
    assert _cell(t, "B01", "exp.grand_total", "amount") == 182157.13
    assert _cell(t, "B01", "exp.current_year_total", "amount") == 182066.56
    assert _cell(t, "B01", "exp.carryover_end", "amount") == 0.00
    assert "income.fiscal_grant" not in {r.key for r in t["B01"].rows}
    filing = Filing(doc_id="xian-011-p29", source=Source(path="p29.pdf", sha256="0" * 64, pages=1, media="pdf"),
                    tables=[t["B01"]])
    status = {c.check_id: c.status for c in table_checks(filing)}
    assert status["B01.row.exp.grand_total=exp.current_year_total+exp.carryover_end"] == "fail"
    assert "fail" not in {v for k, v in status.items() if k.startswith("B01.row.income")}
