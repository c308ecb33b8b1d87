"""Narrative misreadings that made false fails, each pinned by its family's sentence.

Each family below was found by a fail; each rule is written for the family, from
development filings where they print it, else from a sentence built the same way:

- parts of a line listed under an enumerated lead (（1）人员经费：… （2）公用经费：…) are
  parts, never the line's whole, and never the same statement twice (generated only: no
  development filing prints such leads);
- a 项 named under a 款 is that 款's row, not the same-named 项 of another 款 (generated;
  jiangsu-wuxi-007 p.33 prints the family, "人大事务（款）一般行政管理事务（项）支出0万元"
  next to "发展与改革事务（款）一般行政管理事务（项）支出979.62万元", read otherwise);
- "本部门当年预算收入 A 万元，其中：…；本部门当年预算支出 B 万元，其中：…，较上年减少 C
  万元" — B is the other total and C is B's, not its last part's (shaanxi-xian-002 p.9);
- a line repeated three times in a filing that carries a sentence's punctuation is prose,
  not a running head ("5,951.66 万元，减少37.43%。主要原因是预算口径调整。", jiangsu-wuxi-007
  p.28, closes the same sentence in three sections);
- a table listing the same money by function and by economic class adds up to its 合计
  once per classification (shaanxi-xian-009 表5 / 表6);
- a project's or a fund's own 项目支出 ("…评审项目支出304.16万元") is not the filing's
  项目支出 (generated; guangdong-shenzhen-019 prints "3.水务发展资金项目支出939.06 万元").
"""

from __future__ import annotations

from budgetlens.checks.lines import line_checks
from budgetlens.schemas.filing import CellValue, Citation, Row, Table
from shared import SHARED, missing
from test_narrative import make_doc
from test_statements import filing_of, statements


def _table(table_id: str, rows: list[tuple[str, str, float]]) -> Table:
    return Table(table_id=table_id, unit="万元", rows=[
        Row(key=k, label=label, cells={"total": CellValue(value=v, citation=Citation(page=20, quote=f"{k} {label} {v}"))})
        for k, label, v in rows])


def _corpus(name: str):
    path = SHARED / "corpus" / "docs" / name
    if not path.exists():
        missing(f"{path} is missing")
    from budgetlens.extract import extract
    from budgetlens.ingest import read

    return extract(read(path))


PARTS = ("从人员经费、公用经费、专项业务经费来看，其中：（1）人员经费：①行政运行（2013201）1641.18万元，"
         "较上年增加309.87万元，原因是人员工资增加。（2）公用经费：①行政运行（2013201）124.00万元，较上年"
         "减少55.42万元，原因是其他交通费列入公用经费；②培训支出（2050803）2万元，较上年增加2万元；（3）专项业务"
         "经费：①一般行政管理事务（2013302）3096.4万元，较上年减少28.98万元；②培训支出（2050803）{train}万元。")


def test_lines_under_an_enumerated_part_lead_are_parts() -> None:
    sts = {(s.code, s.subject) for s in statements(PARTS.format(train="107.6")) if s.measure == "budget"}
    assert ("2013201", "行政运行人员经费") in sts and ("2013201", "行政运行公用经费") in sts
    assert ("2050803", "培训支出专项业务经费") in sts
    b05 = _table("B05", [("2013201", "行政运行", 1765.18), ("2050803", "培训支出", 109.6)])
    results = line_checks(filing_of(PARTS.format(train="107.6"), tables=[b05]))
    assert [r for r in results if r.check_id.startswith(("line.repeat", "line.table"))] == []


def test_a_part_stated_again_with_another_amount_still_fails() -> None:
    text = PARTS.format(train="107.6") + "其中：（1）人员经费：①行政运行（2013201）1614.18万元。"
    got = [r.status for r in line_checks(filing_of(text)) if r.check_id.startswith("line.repeat")]
    assert got == ["fail"]


def test_a_named_item_under_another_kuan_is_not_the_tables_row() -> None:
    text = ("其中：（一）一般公共服务支出（类）审计事务（款）事业运行（项）支出0万元，与上年相比减少77.89万元，减少100%。\n"
            "8.人力资源和社会保障管理事务（款）事业运行（项）支出{again}万元，与上年相比增加1,724.36万元，增长57.82%。")
    b05 = _table("B05", [("20801", "人力资源和社会保障管理事务", 4706.84), ("2080150", "事业运行", 4706.84)])
    got = {r.check_id.split(".")[1]: r.status for r in line_checks(filing_of(text.format(again="4,706.84"), tables=[b05]))}
    assert "repeat" not in got and got["table"] == "pass"
    wrong = [r.status for r in line_checks(filing_of(text.format(again="4,760.84"), tables=[b05]))
             if r.check_id.startswith("line.table")]
    assert wrong == ["warn"]  # a line known by its name alone is a warning (checks.lines)


TOTALS = ("本部门当年预算收入344,447.70万元，其中：一般公共预算拨款324,638.50万元、上年结转13,102.70万元、其他收入"
          "6,706.50万元，较上年减少129,422.00万元，下降27.31%，下降的主要原因是专项业务经费减少；本部门当年预算支出"
          "344,447.70万元，其中：一般公共预算拨款324,638.50万元、其他收入6,706.50万元、上年结转13,102.70万元，较上年"
          "减少129,422.00万元，下降{pct}%。")


def test_the_other_total_after_a_list_of_parts_takes_the_change() -> None:
    sts = statements(TOTALS.format(pct="27.31"))
    change = [s for s in sts if s.measure == "change"]
    assert [s.subject for s in change] == ["预算收入", "预算支出"]
    whole = next(s for s in sts if s.subject == "预算支出" and s.measure == "budget")
    assert whole.parent is None
    assert [s.parent for s in sts if s.measure == "budget" and s.group > whole.group] == [whole.group] * 3
    assert [r.status for r in line_checks(filing_of(TOTALS.format(pct="27.31")))] == ["pass", "pass"]
    assert [r.status for r in line_checks(filing_of(TOTALS.format(pct="72.31")))] == ["pass", "fail"]


def test_dev_the_expenditure_total_after_the_income_total_is_its_own_line() -> None:
    """shaanxi-xian-002 p.9: "本部门当年预算收入30,331.26万元，其中：一般公共预算拨款30,331.26万元，
    较上年减少…；本部门当年预算支出30,331.26万元，其中：一般公共预算拨款30,331.26万元，…"."""
    page9 = [s for s in _corpus("shaanxi-xian-002.pdf").statements if s.citation.page == 9 and s.value == 30331.26]
    assert [(s.subject, s.parent is None) for s in page9][:4] == [
        ("预算收入", True), ("一般公共预算拨款", False), ("预算支出", True), ("一般公共预算拨款", False)]


def test_dev_a_sentence_closing_three_sections_alike_is_read() -> None:
    """jiangsu-wuxi-007 p.28: "…与上年相比减少" / "5,951.66 万元，减少37.43%。主要原因是预算口径调整。"
    — the second line is printed three times in the filing and was dropped as a running head."""
    sts = [s for s in _corpus("jiangsu-wuxi-007.pdf").statements if s.citation.page == 28]
    assert {(s.measure, s.value) for s in sts} >= {("change", -5951.66), ("change_pct", -37.43)}


def test_a_repeated_line_with_punctuation_is_prose() -> None:
    from budgetlens.extract.prose import paragraphs

    line = "0.83%。主要原因是根据相关文件要求，基数标准有所调整。"
    text = "\n".join(f"（{i}）社会保障和就业支出（类）支出406.76万元。与上年相比增加3.34万元，增长\n{line}"
                     for i in range(1, 4)) + "\n某某局2026年部门预算\n" * 3
    readings = "".join(p.reading for p in paragraphs(make_doc(text)))
    assert readings.count("增长0.83%") == 3 and "某某局2026年部门预算" not in readings


def test_a_projects_own_project_spending_is_not_the_filings() -> None:
    from budgetlens.extract.narrative import extract_narrative

    def project(text: str) -> list[float]:
        kf = extract_narrative(make_doc("2026年某某市某某局部门预算\n" + text)).key_figures.get("project_expenditure")
        return [m.value for m in kf.mentions] if kf else []

    assert project("24.民航管理309.16万元，主要用于民航管理支出。其中，深圳机场T2项目非民航专业工程初步设计评审"
                   "项目支出304.16万元，民航业领域工作经费5.00万元。") == []
    assert project("3.水务发展资金项目支出939.06万元。") == []
    assert project("2026年部门预算项目支出235,419.25万元，主要用于污水处理。") == [235419.25]
    assert project("（五）项目支出1,531.45万元。") == [1531.45]
    assert project("某某市某某局 2026 年度一般公共预算财政拨款项目支出 1,517.15 万元。") == [1517.15]


def test_dev_a_table_by_function_and_by_economic_class_adds_up_once_per_classification() -> None:
    """shaanxi-xian-009 表5 / 表6 (元) list the same money by function class (205 教育支出 …)
    and again by economic class (301 工资福利支出 …): 合计 144,907,052.43 is the sum of each
    list, not of both (the sum over both was twice the total, a warning on this filing).
    The reader now also keeps the economic-class copy apart by its title's note
    (（按支出经济分类科目）), so B06 may hold one list or both: either way every total
    adds up, and the economic list's total is the printed 合计."""
    from budgetlens.checks import run_checks

    results = {r.check_id: r for r in run_checks(_corpus("shaanxi-xian-009.pdf"))
               if r.check_id.startswith(("B05.hier.total", "B06.hier.total"))}
    assert results["B06.hier.total:total=sum(301,302,303)"].status == "pass"
    assert results["B06.hier.total:total=sum(301,302,303)"].actual == 144907052.43
    assert {r.status for r in results.values()} == {"pass"} and len(results) >= 7
