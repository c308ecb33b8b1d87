"""The gold-free reading report: printed amounts counted right, drops and misses seen."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from budgetlens.eval.coverage import bulk_document, measure, measure_file
from budgetlens.eval.coverage_pages import read_printed, unglue
from budgetlens.eval.coverage_titles import title_id
from budgetlens.schemas.filing import Filing
from shared import SHARED, missing


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated final account (ruled tables, 行次 and 栏次 columns, codes), its
    figures and the filing extract returns for it."""
    from budgetlens.fixtures.figures import make_figures
    from budgetlens.fixtures.generator import render_pdf

    figures = make_figures(5)
    path = tmp_path_factory.mktemp("cov") / "filing.pdf"
    path.write_bytes(render_pdf(figures, "ruled"))
    result = measure_file(str(path))
    return path, figures, result


def test_generated_filing_counts_every_printed_amount(generated):
    path, figures, result = generated
    printed = read_printed(path)
    counted = Counter(a.table_id for a in printed.amounts)
    # every cell the generator printed, and nothing else (行次, 栏次, codes, page numbers)
    truth = {t.table_id: sum(len(r.cells) for r in t.rows) for t in figures.tables}
    assert {k: v for k, v in truth.items() if v} == dict(counted)
    record = result["record"]
    assert record["amounts"]["printed"] == sum(truth.values())
    assert record["amounts"]["keyed"] == record["amounts"]["printed"]
    assert record["amounts"]["vanished"] == 0
    assert record["tables"]["missed"] == [] and "T01" in record["tables"]["found"]
    assert record["disclosure"] is True


def test_a_dropped_cell_is_listed_as_vanished(generated):
    path, _, result = generated
    filing = Filing.model_validate(result["filing"])
    table = filing.table("T03")
    row = next(r for r in table.rows if r.key not in ("total",) and r.cells)
    col, cell = next(iter(row.cells.items()))
    del row.cells[col]
    record = measure(read_printed(path), filing)
    assert record["amounts"]["vanished"] == 1
    (gone,) = record["vanished"]
    assert gone["page"] == cell.citation.page and float(gone["text"].replace(",", "")) == cell.value
    assert gone["table"] == "T03"


def test_a_missed_table_is_flagged_and_its_amounts_vanish(generated):
    path, figures, result = generated
    filing = Filing.model_validate(result["filing"])
    filing.tables = [t for t in filing.tables if t.table_id != "T06"]
    record = measure(read_printed(path), filing)
    assert record["tables"]["missed"] == ["T06"]
    assert record["amounts_by_table"]["T06"]["vanished"] == sum(len(r.cells) for r in figures.table("T06").rows)


def test_a_scan_is_not_measured_and_its_tables_are_not_extra(generated):
    from budgetlens.eval.coverage_pages import PrintedFiling

    _, _, result = generated
    filing = Filing.model_validate(result["filing"])
    scan = PrintedFiling(path="scan.pdf", pages=16, text_pages=0)  # no text layer to read
    record = measure(scan, filing)
    assert record["tables"]["extra"] == [] and record["tables"]["found"] == []
    assert record["amounts"]["printed"] == 0
    # the same filing read from a text layer that announces nothing: its tables are extra
    assert "T01" in measure(PrintedFiling(path="a.pdf", pages=16, text_pages=16), filing)["tables"]["extra"]


def test_an_unmapped_row_is_reported_not_vanished(generated):
    from budgetlens.schemas.filing import Unmapped

    path, _, result = generated
    filing = Filing.model_validate(result["filing"])
    table = filing.table("T05")
    row = next(r for r in table.rows if r.key not in ("total",) and len(r.key) == 7 and r.cells)
    page = next(iter(row.cells.values())).citation.page
    table.rows.remove(row)
    filing.unmapped.append(Unmapped(kind="row", table_id="T05", text=f"{row.key} {row.label}", page=page,
                                    reason="row label not recognised"))
    record = measure(read_printed(path), filing)
    assert record["amounts"]["unmapped"] == len(row.cells)
    assert record["amounts"]["vanished"] == 0


@pytest.mark.parametrize("text, expected", [
    ("表5 一般公共预算支出情况表（按功能分类科目）", "B05"),
    ("表7一般公共预算支出表(按功能分类)", "B05"),
    ("八、一般公共预算支出表（按经济分类）", "extra:一般公共预算支出(经济分类)"),
    ("财政拨款安排的行政经费及“三公”经费预算表", "B09"),
    ("收支总表（预算表1）", "B01"),
    ("部门综合预算一般公共预算基本支出明细表（按支出经济分类科目-不含上年结转）", "B06"),
    ("基本支出总表", "extra:基本支出"),
    ("项目支出总表", "extra:项目支出"),
    ("公开05表：财政拨款支出预算表", "B10"),
    ("表4：高等学校财政拨款支出决算表", "T05"),
    ("部门整体绩效目标表", None),
    ("第二部分 2026年部门预算表", None),
    ("详见附表1。", None),
])
def test_titles_are_read_independently_of_the_extractor(text, expected):
    assert title_id(text) == expected


def test_amounts_printed_without_a_space_are_split():
    words = unglue((0, 0, 180, 10, "职业教育12,063.9611,476.30", 0, 0))
    assert [w[4] for w in words] == ["职业教育", "12,063.96", "11,476.30"]
    assert [w[4] for w in unglue((0, 0, 50, 10, "2026年", 0, 0))] == ["2026年"]


def _corpus(name: str) -> Path:
    path = SHARED / "corpus" / "docs" / name
    if not path.is_file():
        missing(f"{path} not found")
    return path


def test_real_pages_count_the_amounts_a_person_counts():
    """shanghai-shanghai-001: p.12 (财政拨款收支预算总表, 元, two-sided) prints 12 amounts;
    p.20 (三公 and 机关运行经费, 万元) prints 5: 67.59 35.00 12.49 20.10 20.10."""
    printed = read_printed(_corpus("shanghai-shanghai-001.pdf"))
    p12 = [a.text for a in printed.amounts if a.page == 12]
    assert p12 == ["304,413,900", "236,893,390", "236,893,390", "44,691,820", "44,691,820", "13,697,230",
                   "13,697,230", "9,131,460", "9,131,460", "304,413,900", "304,413,900", "304,413,900"]
    assert {a.table_id for a in printed.amounts if a.page == 12} == {"B04"}
    assert [a.text for a in printed.amounts if a.page == 20] == ["67.59", "35.00", "12.49", "20.10", "20.10"]
    assert {t.table_id for t in printed.titles if t.toc} >= {"B01", "B04", "B09"}


def test_codes_on_a_real_page_are_not_amounts():
    """江苏省高级人民法院 2018, p.11: ``204 公共安全支出 26,200.88``, ``2040501 行政运行 …``:
    the codes are not counted, the amounts are."""
    path = SHARED / "real" / "jiangsu" / "江苏省_高级人民法院_2018_部门预算.pdf"
    if not path.is_file():
        missing(f"{path} not found")
    page = [a for a in read_printed(path).amounts if a.page == 11]
    texts = {a.text for a in page}
    assert not texts & {"204", "20405", "2040501", "208", "221", "2210201", "301", "30101"}
    assert {"26,200.88", "14,857.61", "4,716.51"} <= texts


def test_codes_in_a_column_of_their_own_are_not_amounts():
    """shaanxi-xian-010 p.25 (表8, 元) prints ``30101 基本工资 50501 工资福利支出 298224``:
    the government economic code under 政府经济科目编码 is a code, the 298224 an amount;
    p.26 continues without a header (``30229 福利费 50201 办公经费 0``)."""
    printed = read_printed(_corpus("shaanxi-xian-010.pdf"))
    page = [a.text for a in printed.amounts if a.page == 25]
    assert not set(page) & {"50501", "50101", "50199", "30101", "301"}
    assert {"1839311.66", "298224", "116629.72", "106691"} <= set(page)


def test_counts_and_codes_of_a_list_continued_over_pages():
    """shaanxi-xian-014 表12 政府采购 runs over pp.58-61; p.59 prints no header: its split
    economic codes (``302 27 502 05``) and 数量 (``1``) are not amounts, 预算金额 is."""
    printed = read_printed(_corpus("shaanxi-xian-014.pdf"))
    p58 = [a.text for a in printed.amounts if a.page == 58]
    p59 = [a.text for a in printed.amounts if a.page == 59]
    assert "42016400.00" in p58 and "127982" not in p58  # 合计 of 预算金额, and of 数量
    assert "200000.00" in p59
    assert not set(p59) & {"1", "302", "27", "502"}


def test_a_pdf_that_is_no_disclosure_is_listed_as_such(tmp_path):
    from pdfs import text_pdf

    path = tmp_path / "report.pdf"
    path.write_bytes(text_pdf([["2021年科技统计公报", "全省研究与试验发展经费投入继续增长。"]]))
    record = measure(read_printed(path), None)
    assert record["disclosure"] is False
    assert record["amounts"]["printed"] == 0


def test_cli_writes_the_report_and_reuses_saved_filings(generated, tmp_path):
    from typer.testing import CliRunner

    from budgetlens.cli import app

    path, _, result = generated
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(path.read_bytes())
    saved = tmp_path / "saved.jsonl"
    saved.write_text(json.dumps(result["filing"], ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run = CliRunner().invoke(app, ["eval", "--coverage", str(folder), "--out", str(out),
                                   "--from-jsonl", str(saved)])
    assert run.exit_code == 0, run.output
    report = json.loads((out / "coverage.json").read_text(encoding="utf-8"))
    assert report["overall"]["amounts"]["keyed_share"] == 1.0
    assert report["filings"][0]["group"] == "in"
    md = (out / "coverage.md").read_text(encoding="utf-8")
    assert "## By city / publisher" in md and "| in |" in md


def test_bulk_summary_lists_each_documents_coverage(generated, tmp_path):
    from budgetlens.bulk.job import BulkJob, JobOptions

    path, _, _ = generated
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.pdf").write_bytes(path.read_bytes())
    summary = BulkJob(tmp_path / "out", JobOptions(), coverage=bulk_document).run(folder)
    cov = summary["coverage"]
    assert cov["printed"] > 0 and cov["keyed"] == cov["printed"] and cov["vanished"] == 0
    assert cov["documents"][0]["tables_missed"] == []
    assert "coverage:" in (tmp_path / "out" / "summary.txt").read_text(encoding="utf-8")


def test_amounts_keyed_under_another_table_are_listed(generated):
    path, figures, result = generated
    filing = Filing.model_validate(result["filing"])
    filing.table("T05").table_id = "T07"  # read as the wrong table
    record = measure(read_printed(path), filing)
    n = sum(len(r.cells) for r in figures.table("T05").rows)
    assert {"printed_in": "T05", "keyed_as": "T07", "amounts": n} in record["keyed_elsewhere"]


def test_tables_listed_in_the_toc_but_printed_elsewhere_are_not_missed(tmp_path):
    """A narrative file whose 目录 lists the tables published as a separate file."""
    from pdfs import text_pdf

    path = tmp_path / "narrative.pdf"
    path.write_bytes(text_pdf([["目 录", "一、收支预算总表", "二、收入预算总表", "三、支出预算总表"],
                               ["2019年部门预算情况说明", "收入总计526.04万元。"]]))
    record = measure(read_printed(path), None)
    assert record["tables"]["announced"] == ["B01", "B02", "B03"]
    assert record["tables"]["listed_only"] == ["B01", "B02", "B03"]
    assert record["tables"]["missed"] == []


def test_an_unmapped_column_is_reported_not_vanished(generated):
    from budgetlens.schemas.filing import Unmapped

    path, _, result = generated
    filing = Filing.model_validate(result["filing"])
    table = filing.table("T05")
    dropped = [row.cells.pop("basic") for row in table.rows if "basic" in row.cells]
    assert dropped
    page = dropped[0].citation.page
    filing.unmapped.append(Unmapped(kind="column", table_id="T05", text="支出|基本支出", page=page,
                                    reason="column not keyed by the contract"))
    record = measure(read_printed(path), filing)
    assert record["amounts_by_table"]["T05"]["unmapped"] == len(dropped)
    assert record["amounts"]["vanished"] == 0


def test_on_a_real_filing_a_dropped_cell_vanishes_and_a_dropped_table_is_missed():
    """shanghai-shanghai-001 (dev), read by extract: p.20's five 三公 amounts are keyed;
    dropping the 公务接待费 cell makes exactly 12.49 on p.20 vanish, and dropping B09
    flags it missed."""
    path = _corpus("shanghai-shanghai-001.pdf")
    filing = Filing.model_validate(measure_file(str(path))["filing"])
    printed = read_printed(path)
    before = measure(printed, filing)
    assert before["amounts_by_table"]["B09"] == {"printed": 5, "keyed": 5, "unmapped": 0, "vanished": 0,
                                                 "keyed_share": 1.0}
    b09 = filing.table("B09")
    row = next(r for r in b09.rows if any(c.value == 12.49 for c in r.cells.values()))
    col = next(k for k, c in row.cells.items() if c.value == 12.49)
    del row.cells[col]
    after = measure(printed, filing)
    assert [(v["page"], v["text"]) for v in after["vanished"]] == [(20, "12.49")]
    filing.tables = [t for t in filing.tables if t.table_id != "B09"]
    assert measure(printed, filing)["tables"]["missed"] == ["B09"]


def test_split_codes_and_the_footer_of_a_turned_page_are_not_amounts():
    """shandong-yantai-020 p.18 (公开表6, a page stored turned 90°): each row prints two
    codes split over 类/款 columns, ``301 01 基本工资 501 01 工资奖金津补贴 573.72 573.72``,
    and the page ends in ``— 17 —``: only the amounts are counted."""
    page = [a for a in read_printed(_corpus("shandong-yantai-020.pdf")).amounts if a.page == 18]
    texts = [a.text for a in page]
    assert not set(texts) & {"301", "501", "505", "502", "01", "13", "17"}
    assert texts[:5] == ["4,285.60", "3,669.49", "616.11", "2,294.54", "2,294.54"]
    assert "573.72" in texts and "1,050.35" in texts


def test_an_amount_wrapped_inside_a_narrow_cell_is_one_amount():
    """jilin-changchun-001 p.10 (本年一般公共预算支出表) prints ``1682.7`` over ``6`` in its
    narrow 合计 cell: one amount, 1682.76, as the extractor reads it."""
    page = [a.text for a in read_printed(_corpus("jilin-changchun-001.pdf")).amounts if a.page == 10]
    assert page[:3] == ["1682.76", "1682.76", "1208.20"]
    assert "1378.41" in page and "6" not in page and "1682.7" not in page


def test_a_code_alone_on_its_line_and_a_dashed_page_number_are_not_amounts():
    """chongqing-chongqing-005 p.13 (表二 部门收入总体情况表): ``2050305`` prints alone on
    its line, its name 高等职业教育 and amounts just above; the page ends in ``— 13 —``
    well above the bottom margin."""
    page = [a.text for a in read_printed(_corpus("chongqing-chongqing-005.pdf")).amounts if a.page == 13]
    assert not {"2050305", "20103", "201", "13"} & set(page)
    assert page[:3] == ["186,549.30", "128,148.56", "44,134.59"]
    assert "33,668.32" in page


def test_a_numbered_row_under_starred_label_columns_is_not_an_amount():
    """zhejiang-huzhou-004 p.30 prints an empty 国有资本经营预算 table whose 栏次 row reads
    ``** ** 1``: no amount on the page."""
    printed = read_printed(_corpus("zhejiang-huzhou-004.pdf"))
    assert [a.text for a in printed.amounts if a.page == 30] == []
    assert any(a.page == 19 for a in printed.amounts)
