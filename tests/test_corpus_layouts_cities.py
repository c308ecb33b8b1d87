"""More layout families of ``../shared/corpus`` read from REAL pages (the pattern of
``test_corpus_layouts``: a few pages copied into a small PDF, extracted, and cells
asserted whose values were read off the rendered page)."""

from __future__ import annotations

from test_corpus_layouts import _cell, _tables


def test_procurement_sources_beside_the_total():
    """Yantai 公开表12 政府采购预算表: 合计 | 财政拨款 (小计 | 一般公共预算 | 政府性基金 |
    国有资本经营) | 财政专户管理资金 | 单位资金 | 上年结转: the 小计 is the 财政拨款 of the
    row, 单位资金 its own column (2010302 一般行政管理事务 2,945.21 = 2,895.21 + 50.00)."""
    t = _tables("shandong-yantai-020.pdf", (26,))
    assert _cell(t, "B13", "total", "total") == 2958.21
    assert _cell(t, "B13", "total", "fiscal_grant") == 2908.21
    assert _cell(t, "B13", "2010302", "general_budget") == 2895.21
    assert _cell(t, "B13", "2010302", "unit_funds") == 50.00
    assert _cell(t, "B13", "2010301", "unit_funds") is None


def test_this_years_income_subtotal_beside_the_carried_over_group():
    """Wuxi 公开02表 收入总表: 合计 | 本年收入 (小计 | 一般公共预算 …) | 上年结转结余 (小计 …):
    本年收入's 小计 is the row's ``income``, never a second ``total``."""
    t = _tables("jiangsu-wuxi-008.pdf", (10,))
    assert _cell(t, "B02", "total", "total") == 17466.65
    assert _cell(t, "B02", "total", "income") == 17466.65
    assert _cell(t, "B02", "317", "general_budget") == 17466.65


def test_changchun_expenditure_table_contradicts_itself():
    """A fail that is a real inconsistency. Changchun 支出总表（预算表3）p.8 prints
    ``2014002 一般行政管理事务 | 合计 458.00 | 当年预算 小计 0.00 | 基本支出 0.00 | 项目支出
    458.00``: its 当年预算 小计 is 0.00 though its 项目支出 is 458.00, so 20140 信访事务's
    小计 1,378.41 is not the sum of its 项 (903.85 + 0.00 + 0.00), and the check says so."""
    from budgetlens.checks.table_rules import table_checks
    from budgetlens.schemas.filing import Filing, Source

    t = _tables("jilin-changchun-001.pdf", (8,))
    assert _cell(t, "B03", "2014002", "total") == 458.00
    assert _cell(t, "B03", "2014002", "current_year") == 0.00
    assert _cell(t, "B03", "2014002", "project") == 458.00
    assert _cell(t, "B03", "20140", "current_year") == 1378.41
    assert _cell(t, "B03", "2014001", "current_year") == 903.85
    assert _cell(t, "B03", "2014099", "current_year") == 0.00
    filing = Filing(doc_id="changchun-p8", source=Source(path="p8.pdf", sha256="0" * 64, pages=1, media="pdf"),
                    tables=list(t.values()))
    fails = {c.check_id for c in table_checks(filing) if c.status == "fail"}
    assert "B03.hier.20140:current_year=sum(2014001,2014002,2014099)" in fails


def test_special_account_printed_as_its_parts():
    """Guangzhou 表2 收入总体情况表: 财政专户拨款收入 over 教育收费 | 其他专户收入拨款 (the two
    headers print as one word, 教育收费其他专户): each part keyed ``special_account.<part>``,
    the parent's id never given to a part."""
    t = _tables("guangdong-guangzhou-013.pdf", (11,))
    assert _cell(t, "B02", "total", "total") == 89421.55
    assert _cell(t, "B02", "total", "gov_fund") == 4400.00
    assert _cell(t, "B02", "total", "special_account.education_fees") == 0.00
    assert _cell(t, "B02", "total", "special_account.other") == 0.00
    assert _cell(t, "B02", "total", "special_account") is None
    assert _cell(t, "B02", "total", "other") == 1526.22


def test_carried_over_lines_and_names_printed_twice_in_a_summary():
    """Shenzhen 收支总表 (pp.15-16): the income side closes with 上年结余、结转 753.13 over
    1.财政拨款结余、结转 753.13 and 2.非财政拨款结余、结转 0.00; the expenditure side prints
    names only, a 款 and its 项 under one name (其他一般公共服务支出 122.31 twice; 五、其他支出
    then 其他支出 twice): keyed by the codes the filing prints beside those names."""
    t = _tables("guangdong-shenzhen-013.pdf", (15, 16, 18, 19, 20))
    assert _cell(t, "B01", "income.carryover_begin", "amount") == 753.13
    assert _cell(t, "B01", "income.carryover_begin.fiscal_grant", "amount") == 753.13
    assert _cell(t, "B01", "income.carryover_begin.non_fiscal", "amount") == 0.00
    assert _cell(t, "B01", "income.grand_total", "amount") == 55884.67
    assert _cell(t, "B01", "20199", "amount") == 122.31
    assert _cell(t, "B01", "2019999", "amount") == 122.31
    assert _cell(t, "B01", "229", "amount") == 7647.43
    assert _cell(t, "B01", "22999", "amount") == 7647.43


def test_procurement_listed_by_category_unit_and_purchase():
    """Wuxi 公开13表 政府采购支出表 p.25: 货物 1.80, under it 无锡市商务局（本级） 1.50 and its
    purchase 商品和服务支出(公用经费定额) | 办公费 | 复印纸 | 分散采购 1.50: keyed by category,
    unit and printed labels, never as the department's economic code 302."""
    t = _tables("jiangsu-wuxi-008.pdf", (25,))
    assert _cell(t, "B13", "total", "total") == 26.94
    assert _cell(t, "B13", "goods", "total") == 1.80
    assert _cell(t, "B13", "services", "general_budget") == 25.14
    assert _cell(t, "B13", "无锡市商务局（本级）|goods", "total") == 1.50
    assert _cell(t, "B13", "无锡市投资促进中心|services", "total") == 20.14
    assert _cell(t, "B13", "无锡市商务局（本级）|goods|商品和服务支出(公用经费定额)/办公费/复印纸/分散采购",
                 "total") == 1.50
    assert _cell(t, "B13", "无锡市投资促进中心|services|商品和服务支出(公用经费定额)/办公费/其他印刷服务/集中采购机构采购",
                 "general_budget") == 1.00
    assert not any(r.key.startswith("302") or r.key.endswith("|302") for r in t["B13"].rows)


def test_department_line_then_its_own_unit_under_the_same_name():
    """Huzhou 表02 部门收入预算总表 p.19: 合计 6838.41, 湖州市财政局 6838.41 (the department),
    湖州市财政局 4467.55 (its own unit, printed under the same name), then the other units;
    本年收入 | 小计 is ``income``."""
    t = _tables("zhejiang-huzhou-003.pdf", (19,))
    assert _cell(t, "B02", "total", "total") == 6838.41
    assert _cell(t, "B02", "湖州市财政局|total", "total") == 6838.41
    assert _cell(t, "B02", "湖州市财政局（本级）|total", "total") == 4467.55
    assert _cell(t, "B02", "湖州市财政局（本级）|total", "income") == 4467.55
    assert _cell(t, "B02", "湖州市市级财政国库支付中心|total", "general_budget") == 724.30


def test_carried_to_next_year_line_of_a_summary():
    """Changchun 收支总表（预算表1） p.6: 结转下年支出 0.00, and Guangzhou 表1 pp.6-7:
    结转结余下年 0.00, are the expenditure side's carry-over."""
    t = _tables("jilin-changchun-001.pdf", (6,))
    assert _cell(t, "B01", "exp.carryover_end", "amount") == 0.00
    assert _cell(t, "B01", "exp.grand_total", "amount") == 1682.76
    t = _tables("guangdong-guangzhou-007.pdf", (6, 7))
    assert _cell(t, "B01", "exp.carryover_end", "amount") == 0.00
    assert _cell(t, "B01", "exp.grand_total", "amount") == 163539.07


def test_three_public_unit_whose_name_says_budget():
    """Huzhou 三公 table by unit p.28: 湖州市财政项目预算审核中心 0.45 is a unit's line
    (its name holds 预算), keyed ``<unit>|budget`` like the others, not the table's
    ``budget`` row (合计 9.30)."""
    t = _tables("zhejiang-huzhou-003.pdf", (28,))
    assert _cell(t, "B09", "budget", "total") == 9.30
    assert _cell(t, "B09", "湖州市财政项目预算审核中心|budget", "reception") == 0.45
    assert _cell(t, "B09", "湖州市财政局|budget", "vehicle_operation") == 3.50


def test_summary_continued_in_a_second_frame_without_amounts_first():
    """Huzhou 表01 收支预算总表 pp.17-18: the second frame opens with 上年结转结余 | (blank) |
    年终结转结余 | (blank), then 收入总计 6838.41 | 支出总计 6838.41: those are data rows, not
    header (the first column was read as a 上年结转 column)."""
    t = _tables("zhejiang-huzhou-003.pdf", (17, 18))
    assert _cell(t, "B01", "income.grand_total", "amount") == 6838.41
    assert _cell(t, "B01", "exp.grand_total", "amount") == 6838.41
    assert _cell(t, "B01", "income.current_year_total", "amount") == 6838.41


def test_huzhou_fiscal_summary_classes_exceed_its_total():
    """A fail that is a real inconsistency. Huzhou 表04 财政拨款收支预算总表 pp.33-35 prints
    its expenditure classes 科学技术支出 1140.61, 社会保障和就业支出 11871.20, 卫生健康支出
    23268.50, 城乡社区支出 12600.00, 住房保障支出 738.45, 其他支出 15000.00 (64,618.76 in
    all) over 支出总计 38191.21, which equals its income side (25591.21 + 12600.00)."""
    from budgetlens.checks.table_rules import table_checks
    from budgetlens.schemas.filing import Filing, Source

    t = _tables("zhejiang-huzhou-002.pdf", (33, 34, 35))
    classes = {"206": 1140.61, "208": 11871.20, "210": 23268.50, "212": 12600.00, "221": 738.45, "229": 15000.00}
    for code, value in classes.items():
        assert _cell(t, "B04", code, "total") == value
    assert _cell(t, "B04", "exp.grand_total", "total") == 38191.21
    assert _cell(t, "B04", "income.general_budget", "total") == 25591.21
    assert _cell(t, "B04", "income.gov_fund", "total") == 12600.00
    filing = Filing(doc_id="huzhou-p33", source=Source(path="p33.pdf", sha256="0" * 64, pages=3, media="pdf"),
                    tables=list(t.values()))
    fails = {c.check_id for c in table_checks(filing) if c.status == "fail"}
    assert "B04.row.exp.grand_total=206+208+210+212+221+229" in fails
