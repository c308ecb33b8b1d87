"""Key figures and metadata read from the narrative: seed gold scoring and phrasing cases."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from budgetlens.extract.metadata import read_metadata
from budgetlens.extract.narrative import extract_narrative
from budgetlens.schemas.document import Document, Line, Page
from shared import SHARED, missing

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold" / "seeds"
THRESHOLD = 0.95


def make_doc(*pages: str, boxes: bool = False) -> Document:
    """A plain-text ``Document``: one page per argument, one ``Line`` per source line."""
    out = []
    for number, text in enumerate(pages, start=1):
        lines = []
        for i, t in enumerate(text.split("\n")):
            bbox = (72.0, 100.0 + 20 * i, 500.0, 115.0 + 20 * i) if boxes else None
            lines.append(Line(text=t, index=i, bbox=bbox))
        out.append(Page(number=number, source="plain", lines=lines))
    return Document(doc_id="0" * 16, sha256="0" * 64, path="t.txt", media="text", pages=out)


def figures(text: str, doc_type_line: str = "2023年度部门决算") -> dict:
    return extract_narrative(make_doc(doc_type_line + "\n" + text)).key_figures


# --- seeds against the gold -----------------------------------------------------------------

def _gold_files() -> list[Path]:
    return sorted(GOLD.glob("00[0-4].json"))


def _want(v) -> float:
    return v["value"] if isinstance(v, dict) else v


def _score(gold_path: Path) -> tuple[int, int, list[str], dict]:
    from budgetlens.ingest import read

    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    seed = SHARED / "seeds" / gold["doc"]
    if not seed.exists():
        missing("seed text not available")
    result = extract_narrative(read(seed))
    correct, misses = 0, []
    for name, v in gold["key_figures"].items():
        got = result.key_figures.get(name)
        if got is not None and round(got.value, 2) == round(_want(v), 2):
            correct += 1
        else:
            misses.append(f"{name}: want {_want(v)} got {got.value if got else None}")
    meta = {"entity": result.entity, "fiscal_year": result.fiscal_year, "doc_type": result.doc_type}
    return correct, len(gold["key_figures"]), misses, {"gold": gold, "meta": meta}


@pytest.mark.parametrize("gold_path", _gold_files(), ids=lambda p: p.stem)
def test_seed_key_figures(gold_path: Path) -> None:
    correct, total, misses, info = _score(gold_path)
    assert total >= 10, "a seed's gold lists at least ten key figures"
    assert correct / total >= THRESHOLD, misses
    gold = info["gold"]
    assert info["meta"] == {k: gold[k] for k in ("entity", "fiscal_year", "doc_type")}


def test_seed_key_figures_overall() -> None:
    files = _gold_files()
    if len(files) < 5 or not (SHARED / "seeds").is_dir():
        missing("gold or seeds missing")
    correct = total = 0
    for path in files:
        c, t, _, _ = _score(path)
        correct, total = correct + c, total + t
    assert total >= 80
    assert correct / total >= THRESHOLD


def test_seed_000_keeps_both_basic_expenditure_statements() -> None:
    from budgetlens.ingest import read

    seed = SHARED / "seeds" / "000_0783382fd8294bcc.txt"
    if not seed.exists():
        missing("seed text not available")
    basic = extract_narrative(read(seed)).key_figures["basic_expenditure"]
    stated = sorted((round(m.value, 6), m.unit) for m in basic.mentions)
    assert stated == [(0.015478, "元"), (160.72, "万元")]
    assert "154.78元" in basic.citation.quote


# --- phrasing ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    name: str
    text: str
    want: dict[str, float]
    absent: tuple[str, ...] = ()
    doc_type_line: str = "2023年度部门决算"


CASES = [
    Case("both totals in one clause", "2023 年收入总计、支出总计均为 526.04 万元。",
         {"income_total": 526.04, "expenditure_total": 526.04}),
    Case("元 converted to 万元", "一、收入支出决算总体情况说明\n2023年收入总计5,260,400.00元。",
         {"income_total": 526.04}),
    Case("full-width digits", "２０２３年收入总计５２６．０４万元，支出总计５２６．０４万元。",
         {"income_total": 526.04, "expenditure_total": 526.04}),
    Case("decrease is negative", "与上年相比，收、支总计减少 166.35 万元，下降 24.02%。",
         {"income_total_change": -166.35, "income_total_change_pct": -24.02}),
    Case("increase is positive", "与2022年相比，收入总计增加10.5万元，增长3.2%，支出总计增加10.5万元。",
         {"income_total_change": 10.5, "income_total_change_pct": 3.2}),
    Case("change against the budget is not a change",
         "收、支总计2,251.27万元。与年初预算相比，收、支总计各增加 1,236.40 万元，增长 121.83%；"
         "与上年决算相比，收、支总计各增加 15.82 万元，增长 0.71%。",
         {"income_total": 2251.27, "income_total_change": 15.82, "income_total_change_pct": 0.71}),
    Case("sentence wrapped over lines and a blank line",
         "2023 年度本年收入合计 526.04 万元，其中：财政拨款\n\n收入 526.04 万元，占 100%；事业收\n入 0 万元。",
         {"income_current_year": 526.04, "fiscal_grant_income": 526.04}),
    Case("number cut by a wrap", "2023年收入总计526.\n04万元。", {"income_total": 526.04}),
    Case("budget and actual of 三公", "2023 年度财政拨款安排“三公”经费支出预算 0.6 万元，支出决算 0.32 万元，"
         "完成预算的 53.3%。", {"three_public_budget": 0.6, "three_public_actual": 0.32}),
    Case("difference against budget is no actual", "公务接待费支出决算0.32万元，决算数较预算数减少0.28万元。",
         {"reception_actual": 0.32}),
    Case("enumerated breakdown is not a key figure",
         "（二）公用经费 54.75 万元。办公费 6.86 万元、培训费 9.72 万元、公务接待费 0.78 万元。",
         {"public_expenditure": 54.75}, absent=("training_actual", "reception_actual")),
    Case("other subject stops the carry", "4、项目支出举报奖励年初预算5万元，支出决算0万元。", {},
         absent=("project_expenditure",)),
    Case("none stated is zero", "十一、政府采购支出情况说明\n本年度无政府采购支出。", {"procurement_total": 0}),
    Case("no budget arranged is not zero spending", "本年度无一般公共预算因公出国（境）费支出预算安排。", {},
         absent=("outbound_actual", "outbound_budget")),
    Case("vehicles are a count", "截至2023年12月31日，本部门共有车辆4辆，其中：其他用车4辆；当年购置车辆0辆。",
         {"vehicles": 4}),
    Case("fiscal-grant totals are not the totals", "2023年度财政拨款收入总计、支出总计均为 526.04 万元。", {},
         absent=("income_total", "expenditure_total")),
    Case("budget document parts", "我局2023年“三公”经费预算为 0万元。（一）因公出国（境）费0万元。"
         "（三）公务用车购置及运行费0万元，其中，公务用车购置费0万元；公务用车运行维护费1.5万元。",
         {"three_public_budget": 0, "outbound_budget": 0, "vehicle_total_budget": 0,
          "vehicle_purchase_budget": 0, "vehicle_operation_budget": 1.5},
         absent=("three_public_actual", "outbound_actual"), doc_type_line="2023年部门预算"),
    Case("budget totals as 收支总预算", "我校2023年收支总预算557,259.13万元，其中本年收入预算403,484.64万元；"
         "本年支出预算468,779.07万元。我校2023年支出预算557,259.13万元，其中：教育支出预算数为434,334.99万元。",
         {"income_total": 557259.13, "expenditure_total": 557259.13, "income_current_year": 403484.64,
          "expenditure_current_year": 468779.07}, doc_type_line="2023年部门预算"),
    Case("a source's income total is not the total", "（一）收入预算总计9,146.79万元。2.其他资金收入预算总计80万元。",
         {"income_total": 9146.79}, doc_type_line="2017年部门预算"),
    Case("a change before the label", "比上年增加基本支出844.15万元，主要原因是人员增加。", {},
         absent=("basic_expenditure",)),
    Case("fiscal-grant spending does not inherit the total", "支出预算1,212.12万元，其中：财政拨款支出预算950.12万元。",
         {"expenditure_total": 1212.12}, doc_type_line="2024年单位预算"),
    Case("a statement about another year", "（2016年度部门支出预算安排为8,648.07万元）。", {},
         absent=("expenditure_total",), doc_type_line="2017年部门预算"),
    Case("fiscal-grant summary section", "四、财政拨款收支预算总体情况说明\n2018年度财政拨款收、支总预算24458.43万元。"
         "与上年相比收、支预算总计各增加3756.18万元，增长18.14%。", {},
         absent=("income_total", "income_total_change"), doc_type_line="2018年部门预算"),
    Case("机构运转经费 in a budget", "2023年机构运转经费支出预算10.19万元。", {"operating_expenses": 10.19},
         doc_type_line="2023年部门预算"),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_phrasing(case: Case) -> None:
    got = figures(case.text, case.doc_type_line)
    for name, value in case.want.items():
        assert name in got, f"{name} not read from {case.text!r}"
        assert round(got[name].value, 6) == pytest.approx(value), name
    for name in case.absent:
        assert name not in got, f"{name} read from {case.text!r}"


def test_year_is_never_an_amount() -> None:
    got = figures("2023年收入总计情况见2024年报告。截至2023年底收入合计\n2023年度。")
    assert "income_total" not in got and "income_current_year" not in got
    got = figures("2023年收入总计526.04万元。")
    assert got["income_total"].value == 526.04


def test_table_lines_are_not_statements() -> None:
    got = figures("收入总计\t526.04\t万元\n本年收入合计\t526.04")
    assert got == {}


def test_unit_kept_as_printed_and_quote_cites_lines() -> None:
    doc = make_doc("2023年度单位决算\n六、一般公共预算财政拨款基本支出决算情况说明\n"
                   "2023年一般公共预算财政拨款基本支\n出154.78元，包括人员经费和公用经费。", boxes=True)
    basic = extract_narrative(doc).key_figures["basic_expenditure"]
    assert basic.value == pytest.approx(0.015478)
    assert basic.unit == "万元" and basic.mentions[0].unit == "元"
    # the quote is the sentence as printed (wraps as spaces), up to its end, not the 。
    assert basic.citation.quote == "2023年一般公共预算财政拨款基本支 出154.78元，包括人员经费和公用经费"
    start, end = basic.citation.span
    assert basic.citation.quote[start:end] == "154.78"
    assert basic.citation.page == 1
    assert basic.citation.bbox == [72.0, 140.0, 500.0, 175.0]  # the two lines it spans


def test_primary_is_the_specific_section_and_all_mentions_kept() -> None:
    text = ("三、支出决算情况说明\n2023 年度本年支出合计 526.04 万元，其中：基本支出 160.72 万元，占 30.55%。\n"
            "六、一般公共预算财政拨款基本支出决算情况说明\n2023年一般公共预算财政拨款基本支出154.78元。")
    basic = figures(text)["basic_expenditure"]
    assert len(basic.mentions) == 2
    assert basic.value == pytest.approx(0.015478)


def test_sentence_over_a_page_break() -> None:
    doc = make_doc("2023年度部门决算\n2023年收入总计、支出总", "计均为526.04万元。")
    got = extract_narrative(doc).key_figures
    assert got["expenditure_total"].value == 526.04
    assert got["income_total"].citation.page == 1


# --- metadata ----------------------------------------------------------------------------------

def test_fiscal_year_is_the_year_written_about() -> None:
    meta = read_metadata(make_doc("2023 年度乌海市医疗保障局（部门） 决算公开\n部门名称：乌海市医疗保障局（部门）\n"
                                  "报送日期：2024 年 10 月\n市医保局坚持以人民为中心。\n与年初预算相比，市医保局…"))
    assert (meta.entity, meta.fiscal_year, meta.doc_type) == ("乌海市医疗保障局", 2023, "final_accounts")


def test_budget_metadata_and_full_name() -> None:
    meta = read_metadata(make_doc("预算单位：上海市普陀区人民政府办公室\n上海市普陀区2025年区级单位预算\n"
                                  "上海市普陀区人民政府办公室2025年收入预算100万元。\n与2024年预算相比，增加。"))
    assert (meta.entity, meta.fiscal_year, meta.doc_type) == ("上海市普陀区人民政府办公室", 2025, "budget")


def test_no_metadata_is_none() -> None:
    meta = read_metadata(make_doc("一些文字。"))
    assert (meta.entity, meta.fiscal_year, meta.doc_type) == (None, None, None)


# --- quotes: the sentence stating the figure ------------------------------------------------

def test_quote_is_the_clause_up_to_the_sentence_end_with_the_number_located() -> None:
    got = figures("2023 年度本年支出合计 526.04 万元，其中：基本支出 160.72 万元，占 30.55%；"
                  "项目支出 365.33 万元，占 69.45%。主要用于保障运转。")
    basic, project = got["basic_expenditure"].citation, got["project_expenditure"].citation
    assert basic.quote == "2023 年度本年支出合计 526.04 万元，其中：基本支出 160.72 万元，占 30.55%"
    assert project.quote.endswith("项目支出 365.33 万元，占 69.45%")  # ends at 。, not after
    assert project.quote[project.span[0]:project.span[1]] == "365.33"
    total = got["expenditure_current_year"].citation
    assert total.quote[total.span[0]:total.span[1]] == "526.04"


def test_sentence_opening_with_qizhong_is_quoted_with_the_one_naming_the_whole() -> None:
    got = figures("一般公共预算支出年初预算为 6648.47 万元。其中：基本支出 380.37 万元，占 5.72%。",
                  "2023年部门预算")
    quote = got["basic_expenditure"].citation.quote
    assert quote == "一般公共预算支出年初预算为 6648.47 万元。其中：基本支出 380.37 万元，占 5.72%"


def test_long_sentence_is_cut_at_a_clause_boundary() -> None:
    from budgetlens.extract.prose import QUOTE_CHARS

    items = "，".join(f"第{i}项工作按计划推进完成" for i in range(12))
    got = figures(f"本年度{items}，公用经费 6.75 万元，{items}。")
    quote = got["public_expenditure"].citation.quote
    assert "公用经费 6.75 万元" in quote
    assert len(quote) <= QUOTE_CHARS + 10
    assert quote.startswith("第") and quote.endswith("完成")  # whole clauses, cut at commas


def test_quote_box_is_the_union_of_the_lines_it_touches() -> None:
    doc = make_doc("2023年度部门决算\n六、基本支出决算情况说明\n2023年基本支出160.72万元，\n占本年支出的30.55%。",
                   boxes=True)
    basic = extract_narrative(doc).key_figures["basic_expenditure"]
    assert basic.citation.quote == "2023年基本支出160.72万元， 占本年支出的30.55%"
    assert basic.citation.bbox == [72.0, 140.0, 500.0, 175.0]


def test_a_named_kind_of_personnel_cost_is_not_the_personnel_total(tmp_path):
    """长春 2026 lists 项目支出 lines: "…2026驻京经费312万元，信访局临聘人员经费15.56万元。"
    (corpus jilin-changchun-001 p.18): 临聘人员经费 is a project line, not 人员经费."""
    from budgetlens.extract import extract
    from budgetlens.ingest import read

    path = tmp_path / "n.txt"
    path.write_text("某某市信访局2026年部门预算\n八、项目支出情况说明\n2026年某某市信访局项目支出预算474.56万元，"
                    "2026驻京经费312万元，信访局临聘人员经费15.56万元。\n"
                    "九、人员经费\n2026年人员经费997.20万元。\n", encoding="utf-8")
    figures = extract(read(path)).key_figures
    assert figures["personnel_expenditure"].value == 997.2


def test_a_units_figures_in_a_department_narrative_are_not_the_departments() -> None:
    """A department filing's narrative goes on to its units: "某某中心2026年支出预算200万元，
    其中：…项目支出150万元" and "某某局所属某某中心项目支出150万元" are that unit's figures
    (compared with the department's tables they made false fails); the filer's own, named in
    full or short (省检察院 for 江苏省人民检察院), stay; a unit named in a reason is no subject."""
    def figures(text: str, title: str = "2026年某某市某某局部门预算") -> dict[str, float]:
        doc = make_doc(title + "\n" + text)
        return {k: v.value for k, v in extract_narrative(doc, read_metadata(doc)).key_figures.items()}

    got = figures("某某市某某局2026年支出预算600万元。某某市某某中心2026年支出预算200万元，其中：基本支出50万元，"
                  "项目支出150万元。")
    assert got == {"expenditure_total": 600.0}
    assert "project_expenditure" not in figures("某某市某某局所属某某中心项目支出150万元。")
    assert figures("某某局2026年支出预算600万元，其中：基本支出100万元，项目支出500万元。")["project_expenditure"] == 500.0
    got = figures("公务接待费6.80万元，减少的主要原因是下属单位某某学院接待减少；项目支出500万元。")
    assert got["project_expenditure"] == 500.0


def test_procurement_paid_from_one_source_is_not_the_procurement_total() -> None:
    """chongqing-chongqing-001 p.5 (dev): "…政府采购预算总额110,390.99万元：…；其中一般公共预算
    拨款政府采购50,106.43万元：…" — 50,106.43 is the general budget's part, not a second total."""
    doc = make_doc("2026年某某市某某局部门预算\n所属各预算单位政府采购预算总额110,390.99万元：政府采购货物预算"
                   "6,005.76万元、政府采购服务预算104,385.23万元；其中一般公共预算拨款政府采购50,106.43万元：政府采购"
                   "货物预算664.38万元、政府采购服务预算49,442.05万元。")
    kf = extract_narrative(doc, read_metadata(doc)).key_figures["procurement_total"]
    assert [m.value for m in kf.mentions] == [110390.99]


def test_a_figure_stated_for_fiscal_grants_only_is_not_compared_with_the_all_funds_one() -> None:
    """江苏省_政协办公厅_2017_部门预算 (real, dev) p.8 "基本支出5,916.27万元" and p.14
    "一般公共预算财政拨款基本支出预算5,836.27万元": two scopes, not one figure stated twice."""
    from budgetlens.checks.narrative import among_statements
    from budgetlens.checks.statements import statements
    from budgetlens.schemas.filing import Filing, Source

    doc = make_doc("2017年某某省某某厅部门预算\n本年支出预算合计9,146.79万元，其中：基本支出5,916.27万元，占64.68%。\n"
                   "本部门2017年度一般公共预算财政拨款基本支出预算5,836.27万元，其中：人员经费4,704.35万元。\n"
                   "此外，基本支出预算数为5,916.28万元。")
    meta = read_metadata(doc)
    filing = Filing(doc_id="0" * 16, source=Source(path="t.txt", sha256="0" * 64, pages=1, media="text"),
                    key_figures=extract_narrative(doc, meta).key_figures)
    got = [(r.check_id, r.status) for r in among_statements(statements(filing)["basic_expenditure"])]
    assert got == [("narrative.basic_expenditure#m2=basic_expenditure", "warn")]


def test_the_cover_names_the_filer_whatever_word_its_name_ends_in() -> None:
    """Covers of the corpus's development part (the manifest's entity, scope dropped): a
    name ending in 部 or 场, a title wrapped over lines, the name above the year, a 预算单位
    label, and a 预算单位 column header row that is never a name."""
    cases = [
        ("2026年\n中国共产党广州市委员会宣传部部门预算", "中国共产党广州市委员会宣传部"),  # guangzhou-016
        ("2026年中共烟台市委宣传部部门\n预算", "中共烟台市委宣传部"),  # yantai-016
        ("2026年烟台市人民政府办公室部\n门预算", "烟台市人民政府办公室"),  # yantai-020
        ("2026年深圳市公安局交通管理局（本\n级）部门预算", "深圳市公安局交通管理局"),  # shenzhen-011
        ("—1—\n西安市统计局（汇总）\n2026年部门预算公开说明", "西安市统计局"),  # xian-015
        ("上海市2026年市级单位预算\n预算单位：上海市花卉良种试验场", "上海市花卉良种试验场"),  # shanghai-011
        ("2026年度\n无锡市交通运输局（本级）\n单位预算公开\n预算单位 合计 一般公共预算 政府性基金",
         "无锡市交通运输局"),  # wuxi-001
        ("上海市2026年市级单位预算\n预算单位：上海市统计和大数据研究院（上海市统计数据管理中心）",
         "上海市统计和大数据研究院（上海市统计数据管理中心）"),  # shanghai-022
    ]
    for cover, name in cases:
        assert read_metadata(make_doc(cover)).entity == name, cover


def test_a_header_row_after_a_budget_unit_column_is_no_name() -> None:
    """No cover name (a table-only file): the 预算单位 label of a column header row, repeated
    on every table page, must not make the row's words the filer (无锡 2026 printed
    合计一般公共预…政府 as the body)."""
    rows = "\n".join(["预算单位 合计 一般公共预算 政府性基金 财政专户管理 事业收入 上级补助 其他 一般公共 政府"] * 5)
    meta = read_metadata(make_doc("表1 收支总表\n" + rows + "\n无锡市某某局2026年收入预算100万元。"))
    assert meta.entity == "无锡市某某局"


def test_a_watermark_on_every_page_is_no_part_of_the_cover_name(tmp_path) -> None:
    """The generated samples print 样例（虚构） at one spot on every page, the cover too: the
    filer is the name under it, never 「样例（虚构）箐岚县人民政府办公室」."""
    from budgetlens.fixtures.__main__ import write_filing
    from budgetlens.ingest.normalize import nospace
    from budgetlens.ingest import read

    doc = read(write_filing(tmp_path, 7, "ruled"))
    assert any(nospace(line.text) == "样例（虚构）" for line in doc.pages[0].lines)
    name = read_metadata(doc).entity
    assert name and "样例" not in name
