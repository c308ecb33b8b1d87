"""Performance self-evaluation tables (绩效自评表) read from grids."""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetlens.extract.performance import extract_performance
from budgetlens.schemas.document import Document, Grid, GridCell, Line, Page
from shared import missing

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def grid_from_tabs(text: str, title: list[str]) -> Grid:
    """A tabbed grid from tab-separated rows (cells kept where the tabs put them)."""
    rows = [r.split("\t") for r in text.strip("\n").split("\n")]
    width = max(len(r) for r in rows)
    cells = [GridCell(row=i, col=j, text=t, page=3, bbox=(10.0 * j, 20.0 * i, 10.0 * j + 9, 20.0 * i + 15))
             for i, r in enumerate(rows) for j, t in enumerate(r) if t.strip()]
    return Grid(kind="tabbed", pages=[3], n_rows=len(rows), n_cols=width, cells=cells,
                title_lines=[Line(text=t) for t in title])


def doc_with(*grids: Grid) -> Document:
    page = Page(number=3, source="plain", lines=[Line(text="正文", index=0)])
    return Document(doc_id="0" * 16, sha256="0" * 64, path="t.txt", media="text", pages=[page],
                    tables=list(grids))


PROJECT = """项目名称\t\t反欺诈经费
主管部门\t\t某某市医疗保障局(部门)\t\t\t实施单位\t\t某某市医疗保障局
项目资金 (万元)\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率(%)\t得分
\t年度资金总额\t10.00\t\t10.00\t9.66\t10\t96.60\t9.66
\t其中：财政拨款\t10.00\t10.00\t9.66\t—\t96.60\t—
绩效指标\t一级指标\t二级指标\t三级指标\t指标性质\t指标方向\t年度指标值\t实际完成值\t计量单位\t分值\t得分
\t产出指标\t数量指标\t开展专项治理\t正向\t大于等于\t1\t2\t次\t5\t5
\t\t质量指标\t监督检查全覆盖\t正向\t等于\t100\t100\t%\t10\t10
\t\t\t对线索查处的及时性\t定性\t\t及时查处\t\t\t5\t5
\t满意度指标\t服务对象满意度\t群众满意度\t正向\t大于等于\t95\t95\t%\t10\t9.5
总分\t\t\t\t\t\t\t\t\t100\t99.66
"""

OVERALL = """单位名称\t\t某某县医疗保障局
年度主要任务完成情况\t任务名称\t主要内容\t完成情况\t全年预算数(万元)\t\t\t全年执行数(万元)\t\t\t分值\t执行率\t得分
\t\t\t\t总额\t财政拨款\t其他资金\t总额\t财政拨款\t其他资金
年度主要任务完成情况\t任务 1\t保障工资福利\t完成\t154.45\t154.45\t\t154.45\t154.45\t\t3\t100%\t一
\t任务 2\t保障正常运转\t完成\t6.27\t6.27\t\t6.27\t6.247\t\t3\t100%\t——
\t金额合计\t\t\t\t160.72\t160.72\t\t160.72\t871.44\t\t10\t100%\t10
总分\t\t\t\t\t\t\t\t\t100\t100
"""


def test_project_table_fields_and_indicators() -> None:
    tables = extract_performance(doc_with(grid_from_tabs(PROJECT, ["项目支出绩效自评表", "(2023年度)"])))
    assert [t.table_id for t in tables] == ["P01"]
    t = tables[0]
    assert (t.kind, t.entity, t.project) == ("project", "某某市医疗保障局", "反欺诈经费")
    assert (t.budget_initial.value, t.budget_full_year.value, t.actual.value) == (10.0, 10.0, 9.66)
    assert t.actual.citation.quote == "9.66" and t.actual.citation.page == 3
    assert t.execution_rate == 96.6 and t.score == 99.66 and t.pages == [3]
    first, second, qualitative, last = t.indicators
    assert (first.level1, first.level2, first.name) == ("产出指标", "数量指标", "开展专项治理")
    assert (first.target, first.actual, first.weight, first.score) == ("1", "2", 5.0, 5.0)
    assert (second.level2, second.target, second.actual) == ("质量指标", "100", "100")
    assert (qualitative.name, qualitative.target) == ("对线索查处的及时性", "及时查处")
    assert (last.level1, last.score) == ("满意度指标", 9.5)


def test_overall_table_keeps_parts_and_a_wrong_total() -> None:
    t = extract_performance(doc_with(grid_from_tabs(OVERALL, ["某某县医疗保障局整体支出绩效自评表"])))[0]
    assert t.kind == "overall" and t.entity == "某某县医疗保障局"
    parts = {p.key: p for p in t.parts}
    assert set(parts) == {"task1", "task2", "total"}
    # the 合计 row has one tab too many: its 执行数 must still land under 财政拨款
    assert parts["total"].cells["actual_fiscal"].value == 871.44
    tasks = sum(parts[k].cells["actual_fiscal"].value for k in ("task1", "task2"))
    assert tasks == pytest.approx(160.697)
    assert parts["task2"].label == "保障正常运转"
    assert t.actual.value == 160.72 and t.budget_full_year.value == 160.72 and t.score == 100


def test_other_grids_and_mismatched_fund_rows() -> None:
    other = grid_from_tabs("项目\t金额\n合计\t526.04", ["收入决算表", "公开02表"])
    target = grid_from_tabs("部门整体绩效目标表\n预算\t6,675.68", [])
    mismatched = grid_from_tabs(PROJECT.replace("\t10\t96.60\t9.66\n", "\t10\t96.60\n", 1),
                                ["项目支出绩效自评表"])
    tables = extract_performance(doc_with(other, target, mismatched))
    assert len(tables) == 1
    # values that cannot be matched to the header are left out, not guessed
    assert tables[0].actual is None and tables[0].budget_initial is None


def _seed(name: str):
    from budgetlens.ingest import read

    path = SEEDS / name
    if not path.exists():
        missing("seed text not available")
    return extract_performance(read(path))


def test_seed_000_tables() -> None:
    tables = _seed("000_0783382fd8294bcc.txt")
    assert [t.kind for t in tables] == ["overall", "project", "project", "project"]
    overall = tables[0]
    parts = {p.key: p for p in overall.parts}
    assert parts["total"].cells["actual_fiscal"].value == 871.44
    assert sum(parts[f"task{i}"].cells["actual_fiscal"].value for i in (1, 2, 3)) == pytest.approx(526.027)
    projects = {t.project: t for t in tables[1:]}
    assert set(projects) == {"离休老干医药费", "医疗保障事务管理", "职工体检费"}
    p = projects["离休老干医药费"]
    assert (p.budget_initial.value, p.budget_full_year.value, p.actual.value, p.execution_rate) == (80, 23.44, 23.44, 29.3)
    assert len(p.indicators) == 9 and p.score == 100
    assert sum(i.score for i in p.indicators) == 90  # plus 10 for the fund row


def test_seed_001_names_another_bureau() -> None:
    tables = _seed("001_175bcaedfa81a07e.txt")
    assert [t.table_id for t in tables] == ["P01", "P02", "P03", "P04", "P05"]
    assert [t.entity for t in tables].count("乌海市医疗保障局") == 4
    assert tables[2].entity == "乌鲁木齐市医疗保障局"
    p4 = tables[3]
    assert (p4.budget_initial.value, p4.budget_full_year.value, p4.actual.value, p4.score) == (0, 25, 18.83, 96.3)
    # the fund row carries 10 of the 100 points; the indicators the other 90
    assert [sum(i.weight or 0 for i in t.indicators) for t in tables] == [90] * 5


def test_entity_is_an_organisation_not_a_section_inside_it() -> None:
    text = ("项目名称\t某某补助资金\n主管部门及代码\t902-社保股\t实施单位\t某某县医疗保障局\n"
            "一级指标\t二级指标\t三级指标\t指标值\t实际完成情况\t分值\t得分\n"
            "产出指标\t数量指标\t政策发布次数\t≥2次\t≥2次\t10\t10\n总分\t100\t100\n")
    t = extract_performance(doc_with(grid_from_tabs(text, ["项目支出绩效自评表"])))[0]
    assert (t.entity, t.project, t.score) == ("某某县医疗保障局", "某某补助资金", 100.0)
    assert [(i.level1, i.level2, i.name) for i in t.indicators] == [("产出指标", "数量指标", "政策发布次数")]
