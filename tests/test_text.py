"""The plain-text reader: pages, wrapped narrative, tabbed and flattened tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.text import read_text

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _read(text: str):
    return read_text(Path("x.txt"), text, "ab" * 32, None)


def test_form_feed_splits_pages_and_lines_keep_source_numbers():
    doc = _read("第一页文字\n\f第二页文字\n")
    assert [p.number for p in doc.pages] == [1, 2]
    assert all(p.source == "plain" for p in doc.pages)
    assert doc.pages[1].lines[0].text == "第二页文字"
    assert doc.pages[1].lines[0].index > doc.pages[0].lines[0].index


def test_tabbed_table_keeps_empty_positions():
    text = ("支出决算表\n\n公开03表\n\n金额单位：万元\n\n"
            "科目代码\t科目名称\t合计\t基本支出\t项目支出\n"
            "2101502\t一般行政管理事务\t18.92\t\t18.92\n")
    doc = _read(text)
    grid = doc.tables[0]
    assert grid.kind == "tabbed"
    rows = grid.rows()
    assert [c.text for c in rows[1]] == ["2101502", "一般行政管理事务", "18.92", "", "18.92"]
    assert "公开03表" in [l.text for l in grid.title_lines]
    assert any(b.kind == "table" and b.table == 0 for b in doc.pages[0].blocks)


def test_flattened_table_doubled_space_is_an_empty_cell():
    text = ("支出决算表\n\n公开03表\n\n金额单位：万元\n\n项目\n科目代码 科目名称 合计 基本支出 项目支出\n"
            "栏次 1 2 3\n\n2101502 一般行政管理事务 18.92  18.92\n\n注：本表反映支出。\n")
    doc = _read(text)
    grid = doc.tables[0]
    assert grid.kind == "flattened"
    last = [c.text for c in grid.rows()[-1] if c is not None]
    assert last == ["2101502", "一般行政管理事务", "18.92", "", "18.92"]


def test_hard_wrapped_paragraphs_are_joined():
    path = SHARED / "seeds" / "002_684c9ad68d448c9b.txt"
    if not path.exists():
        pytest.skip("shared seeds absent")
    doc = _read(path.read_text(encoding="utf-8"))
    texts = [b.text for p in doc.pages for b in p.blocks if b.kind == "text"]
    assert any("离休人员医疗保障" in t for t in texts)  # 离 / 休 were on two lines


def test_seed_tables_found_with_titles():
    path = SHARED / "seeds" / "003_b4694fa5f9a7dfed.txt"
    if not path.exists():
        pytest.skip("shared seeds absent")
    doc = _read(path.read_text(encoding="utf-8"))
    labels = [l.text for g in doc.tables for l in g.title_lines if l.text.startswith("公开")]
    assert [f"公开0{i}表" for i in range(1, 10)] == [l for l in labels if l != "公开10表"]
