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
