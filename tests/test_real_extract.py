"""Rule-based extraction on real published PDFs, scored against gold read from the page.

The gold files in ``eval/gold/real/`` were built from each PDF's own text layer (PyMuPDF
words placed under their printed headers, not the project's grid code) with every
table's arithmetic verified; see each file's ``checked``. The PDFs live in
``../shared/real`` and the tests skip when it is absent.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from budgetlens.eval.harness import score
from budgetlens.extract import extract, vocab
from budgetlens.schemas.filing import Filing, Gold
from shared import missing

ROOT = Path(__file__).resolve().parents[1]
REAL = Path(__file__).resolve().parents[2] / "shared" / "real"
GOLD_DIR = ROOT / "eval" / "gold" / "real"
GOLDS = sorted(p.name for p in GOLD_DIR.glob("*.json"))


@lru_cache(maxsize=None)
def _case(name: str) -> tuple[Gold, Filing]:
    from budgetlens.ingest import read

    gold = Gold.model_validate_json((GOLD_DIR / name).read_text(encoding="utf-8"))
    matches = sorted(REAL.rglob(gold.doc)) if REAL.exists() else []
    if not matches:
        missing(f"{gold.doc} absent from ../shared/real")
    return gold, extract(read(matches[0]))


def test_there_is_gold_for_the_four_layouts():
    assert len(GOLDS) >= 4
    kinds = {Gold.model_validate_json((GOLD_DIR / n).read_text(encoding="utf-8")).doc_type for n in GOLDS}
    assert kinds == {"budget", "final_accounts"}


@pytest.mark.slow
@pytest.mark.parametrize("name", GOLDS)
def test_real_pdf_cells_match_gold(name):
    gold, filing = _case(name)
    result = score(filing, gold, gold.doc or name)
    misses = [(m.kind, m.key, m.expected, m.got) for m in result.misses[:8]]
    assert result.cell_f1 >= 0.98, f"{name}: F1 {result.cell_f1:.3f} tp {result.tp} fp {result.fp} fn {result.fn} {misses}"


@pytest.mark.slow
@pytest.mark.parametrize("name", GOLDS)
def test_real_pdf_every_gold_table_is_located(name):
    gold, filing = _case(name)
    located = {t.table_id for t in filing.tables}
    assert {t.table_id for t in gold.tables} <= located
    for table in filing.tables:  # a table printed empty is flagged, one with values is not
        want = next((t for t in gold.tables if t.table_id == table.table_id), None)
        if want is not None:
            assert table.empty == (not any(r.cells for r in want.rows)), table.table_id


@pytest.mark.slow
def test_real_pdf_units_follow_the_title_block():
    gold, filing = _case("上海普陀_商务委员会_2025_部门预算.json")
    units = {t.table_id: t.unit for t in filing.tables}
    assert units["B03"] == "元" and units["B09"] == "万元"


@pytest.mark.parametrize("title,tid", [
    ("表4：高等学校财政拨款支出决算表", "T05"),
    ("一般公共预算机关运行经费支出预算表", None),
    ("2025年部门“三公”经费和机关运行经费预算表", "B09"),
    ("财政拨款支出预算表（功能科目）", "B10"),
    ("2025年预算单位一般公共预算基本支出部门预算经济分类预算表", "B06"),
])
def test_titles_of_real_layouts(title, tid):
    assert vocab.table_id_for_title(title) == tid


@pytest.mark.parametrize("header,table_id,role", [
    ("本年支出|项目支出|小计", "T05", "project"),      # 小计 under 项目支出
    ("事业收入|金额", "T02", "business"),               # 金额 under 事业收入
    ("事业收入|其中：教育收费", "T02", None),           # a 其中 sub-column has no id
    ("一般公共预算支出|合计", "B05", "total"),          # 合计 stays the total
    ("“三公”经费预算数|公务用车购置及运行费|小计", "B09", "vehicle_total"),
    ("“三公”经费预算数|公务用车购置及运行费|购置费", "B09", "vehicle_purchase"),
    ("“三公”经费|小计", "B09", "total"),
    ("合计", "B09", "all_total"),                        # 三公 + 会议费 + 培训费
    ("机关运行经费预算数", "B09", "operating_expenses"),
])
def test_column_roles_of_real_headers(header, table_id, role):
    assert vocab.column_role(header, table_id) == role


@pytest.mark.parametrize("label,side,key", [
    ("当年收入小计", "income", "income.current_year_total"),
    ("上年结转资金", "income", "income.carryover_begin"),
    ("结转下年资金", "exp", "exp.carryover_end"),
    ("其中：政府性基金预算财政拨款", "income", "income.gov_fund"),
    ("其中：捐赠收入", "income", None),
    ("1.一般公共预算", "income", "income.general_budget"),
    ("二、财政专户管理资金", "income", "income.special_account"),  # a source beside 财政拨款
])
def test_summary_rows_of_real_layouts(label, side, key):
    assert vocab.summary_row_key(label, side) == key
