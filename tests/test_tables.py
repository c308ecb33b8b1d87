"""Rule-based table extraction: seeds against hand-typed gold, vocabulary, headers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from budgetlens.extract import extract
from budgetlens.extract.mapping import map_grid
from budgetlens.extract import vocab
from budgetlens.ingest import read
from budgetlens.schemas.document import Grid, GridCell, Line
from shared import SHARED, missing

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold" / "seeds"


def _cells(filing, gold_tables):
    covered = {t["table_id"] for t in gold_tables}
    got = {(t.table_id, r.key, c): v.value for t in filing.tables if t.table_id in covered
           for r in t.rows for c, v in r.cells.items()}
    want = {(t["table_id"], r["key"], c): v for t in gold_tables for r in t["rows"]
            for c, v in r["cells"].items()}
    return got, want


def _f1(got, want):
    tp = sum(1 for k, v in want.items() if k in got and round(got[k], 2) == round(v, 2))
    precision = tp / len(got) if got else 0.0
    recall = tp / len(want) if want else 0.0
    return 2 * precision * recall / (precision + recall) if tp else 0.0, tp


@pytest.mark.parametrize("stem,doc,bar", [("000", "000_0783382fd8294bcc.txt", 1.0),
                                          ("003", "003_b4694fa5f9a7dfed.txt", 0.98)])
def test_seed_tables_match_gold(stem, doc, bar):
    path = SHARED / "seeds" / doc
    if not path.exists():
        missing("shared seeds absent")
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    filing = extract(read(path))
    got, want = _cells(filing, gold["tables"])
    f1, tp = _f1(got, want)
    absent = sorted(set(want) - set(got))[:5]
    wrong = sorted(k for k in want if k in got and round(got[k], 2) != round(want[k], 2))[:5]
    extra = sorted(set(got) - set(want))[:5]
    assert f1 >= bar, f"F1 {f1:.3f} ({tp}/{len(want)}); missing {absent} wrong {wrong} extra {extra}"


def test_seed_citations_quote_the_printed_text():
    path = SHARED / "seeds" / "003_b4694fa5f9a7dfed.txt"
    if not path.exists():
        missing("shared seeds absent")
    text = path.read_text(encoding="utf-8")
    filing = extract(read(path))
    t03 = filing.table("T03")
    cell = next(r for r in t03.rows if r.key == "2101502").cells["project"]
    assert cell.citation.quote == "18.92" and cell.citation.quote in text
    assert "basic" not in next(r for r in t03.rows if r.key == "2101502").cells


def test_empty_tables_are_present_and_flagged():
    path = SHARED / "seeds" / "003_b4694fa5f9a7dfed.txt"
    if not path.exists():
        missing("shared seeds absent")
    filing = extract(read(path))
    for tid in ("T07", "T08", "T09"):
        table = filing.table(tid)
        assert table is not None and table.empty, tid
    assert not filing.table("T03").empty


@pytest.mark.parametrize("title,tid", [
    ("收入支出决算总表", "T01"), ("财政拨款收入支出决算总表", "T04"),
    ("一般公共预算财政拨款基本支出决算明细表", "T06"), ("一般公共预算财政拨款支出决算表", "T05"),
    ("财政拨款“三公”经费及会议费、培训费支出决算表", "T09"), ("支出决算表", "T03"),
    ("收入决算表", "T02"), ("国有资本经营预算财政拨款支出决算表", "T08"),
    ("政府性基金预算财政拨款收入支出决算表", "T07"), ("部门财务收支预算总表", "B01"),
    ("一般公共预算基本支出部门经济分类预算表", "B06"), ("财政拨款收支预算总表", "B04"),
    ("部门收入预算表", "B02"), ("“三公”经费和机关运行经费预算表", "B09"),
    ("第二部分 2023年部门决算表", None), ("整体支出绩效自评表", None),
])
def test_titles_map_by_what_the_table_is(title, tid):
    assert vocab.table_id_for_title(title) == tid


@pytest.mark.parametrize("label", ["公开01表", "公开 01 表", "表1", "表一", "附表1", "表 9"])
def test_label_variants(label):
    assert vocab.is_label_line(label)


@pytest.mark.parametrize("label,side,key", [
    ("一、一般公共预算财政拨款收入", "income", "income.general_budget"),
    ("1. 一般公共预算财政拨款", "income", "income.general_budget"),
    ("（一）上级补助收入", "income", "income.higher_level_subsidy"),
    ("使用非财政拨款结余（含专用结余）", "income", "income.use_of_balance"),
    ("本年收 入合计", "income", "income.current_year_total"),
    ("总计", "exp", "exp.grand_total"),
    ("九、卫生健康支出", "exp", "210"),
    ("14. 资源勘探信息等支出", "exp", "215"),
    ("二十二、灾害防治及应急管理支出", "exp", "224"),
    ("年末结转和结余", "exp", "exp.carryover_end"),
    ("不相干的文字", "income", None),
])
def test_summary_row_vocabulary(label, side, key):
    assert vocab.summary_row_key(label, side) == key


def test_fund_lines_under_carryover_are_its_parts():
    assert vocab.summary_row_key("一般公共预算财政拨款", "income", after_carryover=True) \
        == "income.carryover_begin.general_budget"


def _grid(rows: list[list[str]], title: str) -> Grid:
    cells = [GridCell(row=r, col=c, text=t, page=3) for r, row in enumerate(rows) for c, t in enumerate(row)]
    return Grid(kind="ruled", pages=[3], n_rows=len(rows), n_cols=max(len(r) for r in rows), cells=cells,
                title_lines=[Line(text=title)])


def test_split_codes_and_header_columns_any_order():
    grid = _grid([
        ["功能分类科目编码", "", "", "功能分类科目名称", "项目支出", "基本支出", "合计"],
        ["类", "款", "项", "", "", "", ""],
        ["", "", "", "合计", "30.00", "70.00", "100.00"],
        ["201", "", "", "一般公共服务支出", "30.00", "70.00", "100.00"],
        ["", "13", "", "商贸事务", "30.00", "70.00", "100.00"],
        ["", "", "01", "行政运行", "", "70.00", "70.00"],
    ], "一般公共预算支出功能分类预算表")
    mapped = map_grid(grid, "B05")
    rows = {r.key: {c: v.value for c, v in r.cells.items()} for r in mapped.rows}
    assert rows["2011301"] == {"basic": 70.0, "total": 70.0}
    assert rows["20113"]["project"] == 30.0
    assert rows["total"]["total"] == 100.0
    assert not mapped.unmapped


def test_lanci_row_and_lineno_are_not_values():
    grid = _grid([
        ["项目", "行次", "决算数", "项目", "行次", "决算数"],
        ["栏次", "", "1", "栏次", "", "2"],
        ["一、一般公共预算财政拨款收入", "1", "10.00", "一、一般公共服务支出", "32", "10.00"],
        ["本年收入合计", "27", "10.00", "本年支出合计", "58", "10.00"],
    ], "收入支出决算总表")
    mapped = map_grid(grid, "T01")
    values = {(r.key, c): v.value for r in mapped.rows for c, v in r.cells.items()}
    assert values == {("income.general_budget", "amount"): 10.0, ("201", "amount"): 10.0,
                      ("income.current_year_total", "amount"): 10.0,
                      ("exp.current_year_total", "amount"): 10.0}


def test_unknown_row_with_values_is_reported():
    grid = _grid([["科目代码", "科目名称", "合计"], ["合计", "", "5.00"], ["", "奇怪的行", "5.00"]],
                 "支出决算表")
    mapped = map_grid(grid, "T03")
    assert [u.text for u in mapped.unmapped] == ["奇怪的行"]


def test_table_listed_as_published_empty_is_empty_not_missing(seeds_dir):
    """Seed 000 lists 公开08表 as 公开空表 in its table index and does not print it."""
    from budgetlens.ingest import read

    filing = extract(read(seeds_dir / "000_0783382fd8294bcc.txt"))
    t08 = filing.table("T08")
    assert t08 is not None and t08.empty and not t08.rows
    assert "国有资本经营预算" in t08.title
