"""The plain-text reader: pages, wrapped narrative, tabbed and flattened tables."""

from __future__ import annotations

from pathlib import Path


from budgetlens.ingest.text import read_text
from shared import SHARED, missing



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
        missing("shared seeds absent")
    doc = _read(path.read_text(encoding="utf-8"))
    texts = [b.text for p in doc.pages for b in p.blocks if b.kind == "text"]
    assert any("离休人员医疗保障" in t for t in texts)  # 离 / 休 were on two lines


def test_seed_tables_found_with_titles():
    path = SHARED / "seeds" / "003_b4694fa5f9a7dfed.txt"
    if not path.exists():
        missing("shared seeds absent")
    doc = _read(path.read_text(encoding="utf-8"))
    labels = [l.text for g in doc.tables for l in g.title_lines if l.text.startswith("公开")]
    assert [f"公开0{i}表" for i in range(1, 10)] == [l for l in labels if l != "公开10表"]


# --- wrapped titles and performance tables in flattened text -----------------------------

def _wrapped_body(n: int = 12) -> str:
    """Hard-wrapped narrative at 20 characters a line, blank lines between (as in 002)."""
    line = "本部门认真贯彻落实各项工作部署，推进医疗保障"
    return "\n\n".join(line[:20] for _ in range(n))


def test_title_as_wide_as_the_wrap_is_not_joined_to_the_heading_below():
    title = "某某县医疗保障局 2023 年部门预算情况说"  # 20+ characters: as wide as the wrap
    text = (_wrapped_body() + "\n\n第二部分\n\n" + title + "\n\n一、收入支出预算总体情况说明\n\n"
            "某某县医疗保障局 2023 年收入总计 6675.68 万元，支\n\n出总计6675.68万元。\n")
    doc = _read(text)
    blocks = [(b.kind, b.text) for p in doc.pages for b in p.blocks]
    assert ("heading", "一、收入支出预算总体情况说明") in blocks
    assert not any(title in t and "一、" in t for _, t in blocks)
    assert any(t.startswith("某某县医疗保障局 2023 年收入总计") and "支出总计6675.68" in t for _, t in blocks)


def test_numbered_item_starts_a_new_line_after_a_wrapped_one():
    first = "四、经营收入：是指单位开展非独立核算经营活动取得的收入"  # wide, no 。
    text = _wrapped_body() + "\n\n" + first + "\n\n五、其他收入：是指部门取得的其他收入。\n"
    doc = _read(text)
    lines = [l.text for p in doc.pages for b in p.blocks for l in b.lines]
    assert "五、其他收入：是指部门取得的其他收入。" in lines
    assert any(t.endswith(first) for t in lines)


def test_seed_002_title_heading_and_paragraph_stay_apart():
    path = SHARED / "seeds" / "002_684c9ad68d448c9b.txt"
    if not path.exists():
        missing("shared seeds absent")
    doc = _read(path.read_text(encoding="utf-8"))
    blocks = [(b.kind, b.text) for p in doc.pages for b in p.blocks]
    assert ("heading", "一、收入支出预算总体情况说明") in blocks
    title = next(t for k, t in blocks if t.startswith("获嘉县医疗保障局 2023 年部门预算情况说明"))
    assert title == "获嘉县医疗保障局 2023 年部门预算情况说明"


PERFORMANCE = """项目支出绩效自评表

（2023年度）

项目名称
某某专项补助资金

主管部门及代码 060-某某县医疗保障局 实施单位 某某县医疗保障局

项目概况 该项资金用于提升医疗保障经办和服务能力。

立项依据 按照上级文件要求安排。

总体目标 完成年度工作任务。

一级指标 二级指标 三级指标 指标值 实际完成情况 分值 得分

产出指标

数量指标 政策发布次数 ≥2次 ≥2次 10 10

质量指标

定点医疗机构监督检查覆
盖率

100% 100% 10 10

满意度指标
服务对象满
意度指标

参保人员满意度 ≥90% ≥90% 10 10

总分 100 30
"""


def test_flattened_performance_tables_become_grids_one_per_title():
    from budgetlens.extract.performance import extract_performance

    doc = _read(PERFORMANCE + "\n" + PERFORMANCE.replace("某某专项补助资金", "第二个项目"))
    grids = [g for g in doc.tables if any("自评表" in l.text for l in g.title_lines)]
    assert len(grids) == 2 and all(g.kind == "flattened" for g in grids)
    tables = extract_performance(doc)
    assert [t.table_id for t in tables] == ["P01", "P02"]
    first = tables[0]
    assert (first.entity, first.project, first.score) == ("某某县医疗保障局", "某某专项补助资金", 30.0)
    assert tables[1].project == "第二个项目"
    names = [(i.level1, i.level2, i.name, i.target) for i in first.indicators]
    assert names == [("产出指标", "数量指标", "政策发布次数", "≥2次"),
                     ("产出指标", "质量指标", "定点医疗机构监督检查覆盖率", "100%"),
                     ("满意度指标", "服务对象满意度指标", "参保人员满意度", "≥90%")]


def test_seed_003_performance_tables_are_read():
    from budgetlens.extract.performance import extract_performance

    path = SHARED / "seeds" / "003_b4694fa5f9a7dfed.txt"
    if not path.exists():
        missing("shared seeds absent")
    tables = extract_performance(_read(path.read_text(encoding="utf-8")))
    assert len(tables) == 3  # three 项目支出绩效自评表 in 第五部分 附件
    assert {t.entity for t in tables} == {"朔州市朔城区医疗保障局"}
    assert all(t.project and t.score is not None for t in tables)
    for t in tables:
        # every indicator has a name and a score no larger than its weight
        assert t.indicators and all(i.name and i.score <= i.weight for i in t.indicators)
    assert sum(i.score for i in tables[1].indicators) == tables[1].score  # 96 = the sum
