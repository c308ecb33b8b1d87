"""Key figures the narrative states for something other than the filing as a whole are
not read as the filing's, and a part keeps the scope of the whole it belongs to.

Each phrasing comes from a development filing of ../shared/corpus whose narrative raised
a false fail against its tables (the sentences below are shortened from the pages):

- chongqing-chongqing-001 p.3-5: "收入预算：2026年年初预算数583,429.56万元，其中：一般公共预算
  拨款227,955.11万元" (the part is not 收入总计); "2026年一般公共预算财政拨款收入227,955.11万元，
  一般公共预算财政拨款支出227,955.11万元。其中：基本支出113,007.22万元" (the 基本支出 of the
  general budget, printed in B05, not the whole B03);
- shaanxi-xian-009 p.23: "（3）行政事业单位养老支出（20805）705.90 万元，…。具体为：人员经费675.90
  万元" and shaanxi-xian-011 p.19 "商品和服务支出（302）4464.76万元,其中：公用经费621.37万元"
  (the split of a coded line); shaanxi-xian-008 p.32 a paragraph opening with
  "②机关商品和服务支出（502）996.33 万元" whose later sentences state 日常公用经费;
- shaanxi-xian-008 p.37: "西安地区科技交流中心公用经费预算54.76万元" (a unit's);
- shaanxi-xian-011 p.25: "机关运行经费预算总计82万元，其中：…公务接待费2万元" (a part of
  机关运行经费, not the 三公 budget);
- guangdong-shenzhen-019 p.12-16: sections "一、深圳市水务局（本级）" and "二、深圳市水务工程质量
  安全监督站" each stating their own 项目支出.
"""

from __future__ import annotations

from budgetlens.checks.narrative import narrative_checks
from budgetlens.extract.metadata import read_metadata
from budgetlens.extract.narrative import extract_narrative
from budgetlens.schemas.filing import CellValue, Citation, Filing, Row, Source, Table
from test_narrative import make_doc

BUDGET = "深圳市水务局2026年部门预算"


def _figures(text: str, title: str = BUDGET) -> dict:
    return extract_narrative(make_doc(title + "\n" + text)).key_figures


def _values(text: str, name: str, title: str = BUDGET) -> list[float]:
    kf = _figures(text, title).get(name)
    return [m.value for m in kf.mentions] if kf else []


def _table(table_id: str, cells: dict[str, float]) -> Table:
    cite = Citation(page=9, quote=" ".join(f"{v:.2f}" for v in cells.values()))
    return Table(table_id=table_id, unit="万元", rows=[Row(key="total", label="合计", cells={
        c: CellValue(value=v, citation=cite) for c, v in cells.items()})])


def test_a_part_after_qizhong_is_not_the_whole() -> None:
    text = ("（一）收入预算：2026年年初预算数583,429.56万元，其中：一般公共预算拨款 227,955.11万元，"
            "政府性基金预算拨款46,209.19万元。")
    assert _values(text, "income_total") == [583429.56]


def test_a_part_keeps_the_fund_scope_of_its_whole_stated_in_the_sentence_before() -> None:
    text = ("2026年一般公共预算财政拨款收入227,955.11万元，一般公共预算财政拨款支出227,955.11万元，"
            "比2025年增加8,347.73万元。其中：基本支出113,007.22万元，主要用于保障在职人员工资福利；"
            "项目支出114,947.89万元，主要用于国土空间规划。")
    doc = make_doc(BUDGET + "\n" + text)
    meta = read_metadata(doc)
    read = extract_narrative(doc, meta)
    tables = [_table("B03", {"total": 583429.56, "basic": 148002.77, "project": 435426.79}),
              _table("B05", {"total": 227955.11, "basic": 113007.22, "project": 114947.89})]
    filing = Filing(doc_id="0" * 16, source=Source(path="t.txt", sha256="0" * 64, pages=1, media="text"),
                    entity=meta.entity, fiscal_year=meta.fiscal_year, doc_type=meta.doc_type,
                    key_figures=read.key_figures, statements=read.statements, tables=tables)
    got = {r.check_id: r.status for r in narrative_checks(filing)
           if r.check_id.startswith(("narrative.basic", "narrative.project"))}
    assert got == {"narrative.basic_expenditure=B05.total.basic": "pass",
                   "narrative.project_expenditure=B05.total.project": "pass"}
    # stated with no fund in sight, the same part is the whole's and is judged against B03
    plain = text.replace("一般公共预算财政拨款", "部门")
    doc = make_doc(BUDGET + "\n" + plain)
    read = extract_narrative(doc, meta)
    filing = filing.model_copy(update={"key_figures": read.key_figures, "statements": read.statements})
    got = {r.check_id: r.status for r in narrative_checks(filing) if r.check_id.startswith("narrative.basic")}
    assert got == {"narrative.basic_expenditure=B03.total.basic": "fail"}


def test_the_split_of_a_coded_line_is_not_the_filings() -> None:
    after = ("（3）行政事业单位养老支出（20805）705.90 万元，较上年减少7.45 万元，主要原因是人员变动。"
             "具体为：人员经费675.90 万元，较上年减少37.45 万元；公用经费0.00 万元，较上年无变化。")
    assert _values(after, "personnel_expenditure") == [] and _values(after, "public_expenditure") == []
    inside = "商品和服务支出（302）4464.76万元,其中：公用经费621.37万元,较上年减少147.08万元。"
    assert _values(inside, "public_expenditure") == []
    paragraph = ("②机关商品和服务支出（502）996.33 万元，较上年增加212.77 万元。2022年专项业务费806.10万元，"
                 "交通补贴81.08万元，日常公用经费109.15 万元。")
    assert _values(paragraph, "public_expenditure") == []
    # the filing's own split, opening its paragraph with no code, is read
    own = "2026年基本支出3,000.00万元，其中：人员经费2,400.00万元，公用经费600.00万元。"
    assert _values(own, "personnel_expenditure") == [2400.0]


def test_a_figure_named_after_another_body_is_that_bodys() -> None:
    title = "西安市科学技术局2022年部门预算"
    unit = "西安地区科技交流中心公用经费预算54.76万元，比2021年增加6.72万元。"
    assert _values(unit, "public_expenditure", title) == []
    own = "西安市科学技术局公用经费预算54.76万元，比2021年增加6.72万元。"
    assert _values(own, "public_expenditure", title) == [54.76]


def test_parts_of_operating_expenses_are_not_three_public_figures() -> None:
    text = "2020年机关运行经费预算总计82万元，其中：办公经费41.47万元，公务接待费2万元，公务用车运行维护费12万元。"
    figures = _figures(text, "西安市某某局2020年部门预算")
    assert "reception_budget" not in figures and "vehicle_operation_budget" not in figures
    three = "2020年“三公”经费预算合计29.30万元，其中：因公出国（境）费0万元，公务接待费3.30万元。"
    assert _values(three, "reception_budget", "西安市某某局2020年部门预算") == [3.3]


def test_sections_of_other_bodies_state_their_own_figures() -> None:
    text = ("第三部分 部门预算支出具体情况\n"
            "一、深圳市水务局（本级）\n"
            "深圳市水务局（本级）预算180,000.00万元，包括项目支出170,390.31万元。\n"
            "二、深圳市水务工程质量安全监督站\n"
            "深圳市水务工程质量安全监督站预算3,687.57万元，包括在职人员经费1,142.90万元、项目支出2,150.38万元。")
    assert _values(text, "project_expenditure") == []
    own = "第二部分 部门预算收支总体情况\n2026年部门预算项目支出235,419.25万元，主要用于污水处理。"
    assert _values(own, "project_expenditure") == [235419.25]
