"""LLM assist end to end over real HTTP: ``ChatOpenAI`` (built by ``create_chat_model``)
talks to a local OpenAI-protocol stub; every value it returns is grounded in the grid or
the text and cited from there; invented numbers are dropped and reported."""

from __future__ import annotations

from typing import Any

import pytest
from openai_stub import loopback_only, openai_stub, openai_stub_server  # noqa: F401 (fixtures)

from budgetlens.errors import ModelError
from budgetlens.llm import LLMCache, create_chat_model
from budgetlens.settings import Settings
from budgetlens.extract.llm_assist import assist_narrative, assist_narrative_report, assist_table, merge_llm
from budgetlens.ingest.normalize import parse_number, squash
from budgetlens.schemas.document import Grid, GridCell, Line, Page
from budgetlens.schemas.filing import CellValue, Citation, Filing, KeyFigure, Row, Source, Table
from shared import SHARED

pytestmark = pytest.mark.model_requests

PAGE = 14


def make_grid(rows: list[list[str]], *, page: int = PAGE, unit_line: str = "金额单位：万元",
              header_rows: int = 2) -> Grid:
    """A grid with a box per cell, as a PDF reader would give it."""
    cells = [GridCell(row=r, col=c, text=text, page=page,
                      bbox=(40.0 + 70 * c, 100.0 + 18 * r, 108.0 + 70 * c, 116.0 + 18 * r))
             for r, row in enumerate(rows) for c, text in enumerate(row) if text != ""]
    return Grid(kind="ruled", pages=[page], n_rows=len(rows),
                n_cols=max(len(r) for r in rows), cells=cells, header_rows=header_rows,
                title_lines=[Line(text="支出决算表"), Line(text="公开03表"), Line(text=unit_line)])


def seed_t03_rows() -> list[list[str]]:
    """The 支出决算表 of seed 000 (tab-separated), else a small table of the same shape."""
    seed = next((SHARED / "seeds").glob("000_*.txt"), None) if SHARED.exists() else None
    if seed is None:
        return [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
                ["栏次", "", "1", "2", "3"], ["", "合计", "526.04", "160.72", "365.33"],
                ["2101501", "行政运行", "137.7", "137.7", "0.00"],
                ["2101506", "医疗保障经办事务", "48.96", "0.00", "48.96"]]
    lines = seed.read_text(encoding="utf-8").splitlines()
    start = next(i for i, l in enumerate(lines) if l.strip() == "支出决算表")
    first = next(i for i in range(start, len(lines)) if lines[i].startswith("科目代码"))
    rows = [lines[first].split("\t")]
    for line in lines[first + 1:]:
        if not line.strip():
            break
        rows.append(line.split("\t"))
    return rows


def cell_of(grid: Grid, r: int, c: int) -> GridCell:
    return next(cell for cell in grid.cells if cell.row == r and cell.col == c)


def proposals_from(grid: Grid, codes: list[str]) -> list[dict[str, Any]]:
    """What a faithful model would answer: values of the code rows in columns 2-4."""
    out = []
    dense = grid.rows()
    for r, row in enumerate(dense):
        code = row[0].text.strip() if row[0] else ""
        if code not in codes:
            continue
        for c, col_id in ((2, "total"), (3, "basic"), (4, "project")):
            cell = row[c]
            value = parse_number(cell.text) if cell else None
            if value is not None:
                out.append({"row_key": code, "row_label": row[1].text, "col_id": col_id,
                            "value": value, "grid_row": r, "grid_col": c,
                            "quote": cell.text})
    return out


@pytest.fixture
def settings(tmp_path, openai_stub) -> Settings:  # noqa: F811
    return Settings(home=tmp_path, llm="openai:test-model", llm_retries=2)


@pytest.fixture
def model(settings):
    return create_chat_model(settings)


def test_table_end_to_end_accepts_grounded_values_and_drops_invented(
        model, settings, openai_stub, loopback_only):  # noqa: F811
    grid = make_grid(seed_t03_rows())
    codes = [r[0].strip() for r in seed_t03_rows() if r and r[0].strip().isdigit()][:4]
    good = proposals_from(grid, codes)
    invented = {**good[0], "value": round(good[0]["value"] + 1.11, 2), "row_key": codes[0]}
    wrong_code = {**good[1], "row_key": "2999999"}  # a code not printed in that row
    openai_stub.enqueue_json({"table_id": "T03", "cells": [*good, invented, wrong_code]})

    table, unmapped = assist_table(model, grid, "T03", LLMCache.for_settings(settings))

    # the request: one POST to the stub, carrying our JSON schema
    assert len(openai_stub.requests) == 1
    body = openai_stub.requests[0].body
    assert body["model"] == "test-model"
    fmt = body["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["name"] == "LLMTableAnswer"
    schema = fmt["json_schema"]["schema"]
    assert set(schema["properties"]) == {"table_id", "cells"}
    cell_schema = next(iter(schema["$defs"].values()))
    assert {"row_key", "col_id", "value", "grid_row", "grid_col"} <= set(cell_schema["properties"])
    prompt = " ".join(m["content"] for m in body["messages"])
    assert "c2=" in prompt and "T03" in prompt

    # accepted: the faithful values, cited from the grid cell
    assert table is not None and table.source == "llm" and table.table_id == "T03"
    accepted = {(row.key, col): cv for row in table.rows for col, cv in row.cells.items()}
    assert len(accepted) == len(good)  # the invented value never reaches a place
    for p in good:
        cv = accepted[(p["row_key"], p["col_id"])]
        cell = cell_of(grid, p["grid_row"], p["grid_col"])
        assert cv.value == p["value"]
        assert cv.citation.page == PAGE and cv.citation.bbox == list(cell.bbox)
        assert cv.citation.quote == squash(cell.text)
    assert table.unit == "万元" and table.pages == [PAGE]

    # rejected: the invented number and the unprinted code, each reported
    reasons = [u.reason for u in unmapped]
    assert any(r.startswith("llm value not grounded") for r in reasons)
    assert any("2999999" in r for r in reasons)
    assert all(u.kind in ("figure", "row") for u in unmapped)
    assert accepted[(invented["row_key"], invented["col_id"])].value == good[0]["value"]

    # nothing went anywhere but loopback
    assert loopback_only and all(addr[0] == "127.0.0.1" for addr in loopback_only)


def test_second_identical_call_is_served_from_cache(model, settings, openai_stub):  # noqa: F811
    grid = make_grid(seed_t03_rows())
    code = next(r[0] for r in seed_t03_rows() if r[0].strip().isdigit())
    openai_stub.enqueue_json({"table_id": "T03", "cells": proposals_from(grid, [code])})
    first, _ = assist_table(model, grid, "T03", LLMCache.for_settings(settings))
    again, _ = assist_table(create_chat_model(settings), grid, "T03",
                            LLMCache.for_settings(settings))
    assert len(openai_stub.requests) == 1
    assert first == again and first is not None


def test_invalid_json_is_reasked_a_bounded_number_of_times(model, settings,
                                                           openai_stub):  # noqa: F811
    grid = make_grid(seed_t03_rows())
    code = next(r[0] for r in seed_t03_rows() if r[0].strip().isdigit())
    openai_stub.enqueue_content("```json\n{\"table_id\": \"T03\", \"cells\": [\n")
    openai_stub.enqueue_json({"table_id": "T03", "cells": proposals_from(grid, [code])})
    table, _ = assist_table(model, grid, "T03", None)
    assert table is not None and len(openai_stub.requests) == 2
    second = openai_stub.requests[1].body["messages"]
    assert second[-1]["role"] == "user" and "did not validate" in second[-1]["content"]
    assert second[-2]["role"] == "assistant"

    openai_stub.reset()
    for _ in range(5):
        openai_stub.enqueue_content("not json at all")
    with pytest.raises(ModelError) as info:
        assist_table(create_chat_model(settings.scoped(llm_retries=1)), grid, "T03", None)
    assert len(openai_stub.requests) == 2  # one ask + one re-ask, then give up
    assert "not json" in info.value.body


def test_http_error_is_a_model_error(settings, openai_stub):  # noqa: F811
    model = create_chat_model(settings.scoped(llm_retries=0))
    openai_stub.enqueue_error(400, "response_format not supported")
    with pytest.raises(ModelError, match="response_format not supported"):
        assist_table(model, make_grid(seed_t03_rows()), "T03", None)


def test_function_calling_method_over_http(settings, openai_stub):  # noqa: F811
    model = create_chat_model(settings.scoped(llm_method="function_calling"))
    grid = make_grid(seed_t03_rows())
    code = next(r[0] for r in seed_t03_rows() if r[0].strip().isdigit())
    openai_stub.enqueue_tool_call("LLMTableAnswer",
                                  {"table_id": "T03", "cells": proposals_from(grid, [code])})
    table, _ = assist_table(model, grid, "T03", None)
    assert table is not None and table.rows[0].key == code
    body = openai_stub.requests[0].body
    assert body["tools"][0]["function"]["name"] == "LLMTableAnswer"


def test_json_mode_sends_the_schema_in_the_prompt(settings, openai_stub):  # noqa: F811
    model = create_chat_model(settings.scoped(llm_method="json_mode"))
    openai_stub.enqueue_json({"figures": []})
    assert assist_narrative(model, "收入总计 1.00 万元。", 3, None) == {}
    body = openai_stub.requests[0].body
    assert body["response_format"] == {"type": "json_object"}
    assert "figures" in body["messages"][0]["content"]


NARRATIVE = ("2023 年收入总计、支出总计均为 526.04 万元，与上年相比，收、支总计减少 166.35 万元，"
             "下降 24.02%。基本支出 154.78元，其中人员经费 1,537,800 元。")


def test_narrative_figures_ground_units_and_signs(model, openai_stub):  # noqa: F811
    page = Page(number=4, source="text",
                lines=[Line(text=NARRATIVE[:40], bbox=(72, 300, 520, 315)),
                       Line(text=NARRATIVE[40:], bbox=(72, 318, 520, 333))])
    fig = lambda name, value, unit, quote: {"name": name, "value": value, "unit": unit,  # noqa: E731
                                            "quote": quote}
    openai_stub.enqueue_json({"figures": [
        fig("income_total", 526.04, "万元", "收入总计、支出总计均为 526.04 万元"),
        fig("expenditure_total", 526.04, "万元", "收入总计、支出总计均为 526.04 万元"),
        fig("income_total_change", -166.35, "万元", "收、支总计减少 166.35 万元"),
        fig("income_total_change_pct", -24.02, "%", "下降 24.02%"),
        fig("basic_expenditure", 154.78, "万元", "基本支出 154.78元"),       # wrong unit
        fig("personnel_expenditure", 1537800, "元", "人员经费 1,537,800 元"),  # 元 → 万元
        fig("project_expenditure", 365.33, "万元", "项目支出 365.33 万元"),   # not in text
        fig("fiscal_grant_income", 526.05, "万元", "均为 526.04 万元"),       # invented
        fig("made_up_name", 1.0, "万元", "均为 526.04 万元"),
    ]})
    figures, dropped = assist_narrative_report(model, NARRATIVE, page, None)
    assert set(figures) == {"income_total", "expenditure_total", "income_total_change",
                            "income_total_change_pct", "personnel_expenditure"}
    assert figures["income_total_change"].value == -166.35
    personnel = figures["personnel_expenditure"]
    assert personnel.value == pytest.approx(153.78) and personnel.unit == "万元"
    assert personnel.mentions[0].unit == "元" and personnel.mentions[0].value == 1537800
    cite = figures["income_total"].citation
    assert cite.page == 4 and cite.quote in squash(NARRATIVE) and cite.bbox is not None
    assert len(dropped) == 4
    assert any("元" in d.reason and "basic_expenditure" in d.text for d in dropped)


def _filing(tables: list[Table], figures: dict[str, KeyFigure]) -> Filing:
    return Filing(doc_id="0" * 16, source=Source(path="x.pdf", sha256="0" * 64, pages=20,
                                                 media="pdf"),
                  tables=tables, key_figures=figures)


def _cv(value: float, quote: str) -> CellValue:
    return CellValue(value=value, citation=Citation(page=1, quote=quote))


def test_merge_fills_only_what_rules_left_empty():
    rule = Table(table_id="T03", rows=[Row(key="total", cells={"total": _cv(526.04, "r")})])
    llm = Table(table_id="T03", source="llm",
                rows=[Row(key="total", cells={"total": _cv(999.0, "l"),
                                              "basic": _cv(160.72, "l")}),
                      Row(key="2101501", cells={"total": _cv(137.7, "l")})])
    other = Table(table_id="T05", source="llm", rows=[Row(key="total",
                                                          cells={"total": _cv(1.0, "l")})])
    fig = KeyFigure(value=526.04, unit="万元", citation=Citation(page=4, quote="q"))
    rule_filing = _filing([rule], {"income_total": fig})
    merged = merge_llm(rule_filing, [llm, other],
                       {"income_total": fig.model_copy(update={"value": 1.0}),
                        "expenditure_total": fig})
    t03 = merged.table("T03")
    assert t03.rows[0].cells["total"].value == 526.04  # never overridden
    assert t03.rows[0].cells["basic"].value == 160.72  # filled
    assert {r.key for r in t03.rows} == {"total", "2101501"}
    assert merged.table("T05").source == "llm"
    assert merged.key_figures["income_total"].value == 526.04
    assert merged.key_figures["expenditure_total"].value == 526.04
    assert any("rules kept" in w for w in merged.warnings)
    assert rule_filing.table("T03").rows[0].cells.keys() == {"total"}  # input untouched
    assert rule_filing.table("T05") is None


def _proposal(r: int, c: int, key: str, col: str, value: float, label: str = "") -> dict:
    return {"row_key": key, "row_label": label, "col_id": col, "value": value,
            "grid_row": r, "grid_col": c, "quote": ""}


SPLIT_CODES = [["类", "款", "项", "科目名称", "合计"],
               ["栏次", "", "", "", "1"],
               ["210", "15", "01", "行政运行", "1,377.00"],
               ["", "", "", "合计", "1,377.00"]]


def test_table_guards_each_drop_is_reported(model, openai_stub):  # noqa: F811
    grid = make_grid(SPLIT_CODES, unit_line="单位：元", header_rows=1)
    openai_stub.enqueue_json({"table_id": "T03", "cells": [
        _proposal(2, 4, "2101501", "total", 1377.0, "行政运行"),  # code split over 类/款/项
        _proposal(1, 4, "total", "total", 1.0),                   # the 栏次 row
        _proposal(3, 4, "total", "amount", 1377.0),                # not a T03 column
        _proposal(3, 4, "income.other", "total", 1377.0),          # not a T03 row key
        _proposal(9, 9, "total", "basic", 5.0),                    # no such cell
        _proposal(3, 3, "total", "basic", 0.0),                    # a label, no number
    ]})
    table, unmapped = assist_table(model, grid, "T03", None)
    assert table is not None and table.unit == "元"
    assert [(r.key, r.label, list(r.cells)) for r in table.rows] == [
        ("2101501", "行政运行", ["total"])]
    assert table.rows[0].cells["total"].citation.quote == "1,377.00"
    kinds = sorted(u.kind for u in unmapped)
    assert kinds == ["column", "figure", "figure", "figure", "row"]


def test_one_place_two_cells_is_ambiguous_and_dropped(model, openai_stub):  # noqa: F811
    grid = make_grid(SPLIT_CODES, header_rows=1)
    openai_stub.enqueue_json({"table_id": "T03", "cells": [
        _proposal(2, 4, "total", "total", 1377.0), _proposal(3, 4, "total", "total", 1377.0)]})
    table, unmapped = assist_table(model, grid, "T03", None)
    assert table is None
    assert any("conflicting" in u.reason for u in unmapped)
    assert any(u.kind == "table" for u in unmapped)


def test_unknown_tables_make_no_table(model, openai_stub):  # noqa: F811
    grid = make_grid(SPLIT_CODES)
    table, unmapped = assist_table(model, grid, "Z99", None)
    assert table is None and unmapped[0].kind == "table" and not openai_stub.requests
    openai_stub.enqueue_json({"table_id": "T77", "cells": []})
    table, unmapped = assist_table(model, grid, None, None)
    assert table is None and "T77" in unmapped[0].reason
    prompt = openai_stub.requests[0].body["messages"][1]["content"]
    assert "T01" in prompt and "B09" in prompt  # the whole catalogue when no hint


def test_malformed_tool_arguments_are_reasked(settings, openai_stub):  # noqa: F811
    model = create_chat_model(settings.scoped(llm_method="function_calling", llm_retries=1))
    openai_stub.enqueue_tool_call("LLMFigures", '{"figures": [')  # not JSON
    openai_stub.enqueue_tool_call("LLMFigures", {"figures": []})
    assert assist_narrative(model, "收入总计 1.00 万元。", 1, None) == {}
    assert len(openai_stub.requests) == 2
    reask = openai_stub.requests[1].body["messages"]
    assert reask[-2]["role"] == "assistant" and reask[-2]["content"] == '{"figures": ['
