"""Narrative line statements (``extract.statements``) and the checks on them (``checks.lines``).

Real sentences come from development filings of ../shared/corpus; each value below was
read on the rendered page:

- shaanxi-xian-005 p.10: "(6)其他社会保障和就业支出（2089999）3.52万元，较上年增加1.4万元，
  原因是工资提标，工伤保险汇缴基数增加。"
- zhejiang-huzhou-004 p.5: "湖州市退役军人事务局2026年支出预算6256.31万元，比上年执行数增加
  268.28万元，增长4.0%" — 268.28 / (6256.31 − 268.28) is 4.48%: a real inconsistency.
- jilin-changchun-001 p.17: "2026年预算支出1682.76元，其中基本支出预算1208.20万元，占部门预算
  总支出的71.80%" — 1208.20 / 1682.76 is 71.80% only if both are 万元: "元" is misprinted.
"""

from __future__ import annotations

import pytest
from budgetlens.checks import run_checks
from budgetlens.checks.lines import line_checks
from budgetlens.extract.metadata import read_metadata
from budgetlens.extract.statements import read_statements
from budgetlens.schemas.filing import (
    CellValue,
    Citation,
    Filing,
    Row,
    Source,
    Statement,
    Table,
)
from shared import SHARED, missing
from test_narrative import make_doc

BUDGET = "2026年某某市某某局部门预算"


def statements(text: str, title: str = BUDGET) -> list[Statement]:
    doc = make_doc(title + "\n" + text)
    return read_statements(doc, read_metadata(doc))


def filing_of(text: str, title: str = BUDGET, tables: list[Table] | None = None) -> Filing:
    doc = make_doc(title + "\n" + text)
    meta = read_metadata(doc)
    return Filing(doc_id="0" * 16, source=Source(path="t.txt", sha256="0" * 64, pages=1, media="text"),
                  entity=meta.entity, fiscal_year=meta.fiscal_year, doc_type=meta.doc_type,
                  statements=read_statements(doc, meta), tables=tables or [])


def status(text: str, prefix: str, **kw) -> list[str]:
    return [r.status for r in line_checks(filing_of(text, **kw)) if r.check_id.startswith(prefix)]


# --- reading ------------------------------------------------------------------------------


def test_line_with_prior_year_change_and_pct_is_one_group() -> None:
    sts = statements("行政运行（2010101）2025年执行数为12万元，2026年预算安排12.5万元，"
                     "比上年增加0.5万元，增长4.17%，主要原因是人员增加。")
    assert [(s.measure, s.value, s.year) for s in sts] == [
        ("prior_year", 12.0, 2025), ("budget", 12.5, 2026), ("change", 0.5, 2026),
        ("change_pct", 4.17, 2026)]
    assert {s.subject for s in sts} == {"行政运行"} and {s.code for s in sts} == {"2010101"}
    assert len({s.group for s in sts}) == 1
    assert sts[2].compared_year == 2025 and sts[3].reason == "人员增加"
    quote = sts[1].citation.quote
    assert quote[sts[1].citation.span[0]:sts[1].citation.span[1]] == "12.5"


def test_parts_after_qizhong_name_the_whole_and_shares_keep_their_whole() -> None:
    sts = statements("2026年支出预算合计1,136.23万元，其中：基本支出900万元，占79.21%；"
                     "项目支出236.23万元，占20.79%。")
    whole = sts[0]
    assert whole.subject == "支出预算合计" and whole.value_wan == 1136.23
    parts = [s for s in sts if s.measure == "budget" and s is not whole]
    assert [p.subject for p in parts] == ["基本支出", "项目支出"]
    assert all(p.parent == whole.group for p in parts)
    assert [s.value for s in sts if s.measure == "share"] == [79.21, 20.79]


def test_decrease_is_signed_and_units_convert() -> None:
    sts = statements("公务接待费3,200元，比上年减少1,000元。")
    assert sts[0].subject == "公务接待费" and sts[0].value_wan == pytest.approx(0.32)
    assert sts[1].measure == "change" and sts[1].value == -1000 and sts[1].value_wan == pytest.approx(-0.1)


def test_things_that_are_not_lines_state_nothing() -> None:
    assert statements("本年度拟购置固定资产232.1万元，主要是档案室空调。") == []
    assert statements("共有车辆4辆，单价20万元以上的设备0台。") == []


def test_real_function_line_with_change_and_reason() -> None:
    path = SHARED / "corpus" / "docs" / "shaanxi-xian-005.pdf"
    if not path.exists():
        missing(f"{path} is missing")
    from budgetlens.ingest import read

    doc = read(path)
    sts = [s for s in read_statements(doc, read_metadata(doc)) if s.code == "2089999"]
    assert [(s.measure, s.value) for s in sts] == [("budget", 3.52), ("change", 1.4)]
    assert sts[0].subject == "其他社会保障和就业支出" and sts[0].citation.page == 10
    assert sts[1].compared_year == 2021 and sts[1].reason.startswith("工资提标")


# --- checks: each kind breaks on one sentence, holds on another ------------------------------


def test_change_pct_against_its_amounts() -> None:
    bad = "2026年机关运行经费预算94.66万元，比上年增加10.02万元，增长11.94%。"
    assert status(bad, "line.change_pct") == ["fail"]
    assert status(bad.replace("11.94", "11.84"), "line.change_pct") == ["pass"]


def test_change_amount_against_its_two_amounts() -> None:
    bad = "行政运行（2010101）2025年执行数为12.00万元，2026年预算安排12.50万元，比上年增加0.60万元。"
    assert status(bad, "line.change.") == ["fail"]
    assert status(bad.replace("0.60万元", "0.50万元"), "line.change.") == ["pass"]
    # printed without decimals, 12 stands for 11.5 to 12.5: 0.6 is within rounding
    assert status("行政运行（2010101）2025年执行数为12万元，2026年预算安排12.5万元，比上年增加0.6万元。",
                  "line.change.") == ["warn"]


def test_share_against_the_whole_named_before_qizhong() -> None:
    text = "2026年支出预算合计1,136.23万元，其中：基本支出900万元，占79.31%。"
    assert status(text, "line.share") == ["fail"]
    assert status(text.replace("79.31", "79.21"), "line.share") == ["pass"]


def test_composition_within_the_narrative() -> None:
    text = "2026年基本支出预算500万元，其中：人员经费400万元，公用经费90万元。"
    assert status(text, "line.composition") == ["fail"]
    assert status(text.replace("90万元", "100万元"), "line.composition") == ["pass"]


def test_comparison_year_must_be_the_year_before() -> None:
    bad = "2026年“三公”经费预算30万元，比2026年预算增加2万元。"
    assert status(bad, "line.compared_year") == ["fail"]
    assert status(bad.replace("比2026年", "比2025年"), "line.compared_year") == []


def test_comparison_named_in_its_own_clause_and_spaced() -> None:
    # "与 2026 年相比，收、支总计减少…，下降…": the comparison opens the sentence, apart
    # from the change it qualifies, and the extracted text keeps spaces around the year
    bad = "2026 年收入总计、支出总计均为 473.65万元，与 2026 年相比，收、支总计减少 89.23万元，下降 15.85%。"
    assert status(bad, "line.compared_year") == ["fail"]
    result = next(r for r in line_checks(filing_of(bad)) if r.check_id.startswith("line.compared_year"))
    assert "与 2026 年相比" in result.message and result.pages == [1]
    assert status(bad.replace("与 2026 年相比", "与上年相比"), "line.compared_year") == []
    assert status(bad.replace("与 2026 年相比", "与 2025 年相比"), "line.compared_year") == []
    assert {s.compared_year for s in statements(bad) if s.measure.startswith("change")} == {2026}


def test_a_levelled_line_stated_again_with_another_amount() -> None:
    text = ("4. 社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）。"
            "年初预算 4.41万元，支出决算 3.84万元，完成年初预算的 87.07%。\n"
            "其中，机关事业单位职业年金缴费支出（项）支出 {again}万元，主要用于保障单位正常运转。")
    cite = Citation(page=3, quote="2080506 机关事业单位职业年金缴费支出 3.84")
    t05 = Table(table_id="T05", unit="万元", rows=[Row(key="2080506", label="机关事业单位职业年金缴费支出",
                                                      cells={"total": CellValue(value=3.84, citation=cite)})])
    final = "2022年度某某县某某局部门决算"
    got = [r for r in line_checks(filing_of(text.format(again="4.84"), title=final, tables=[t05]))
           if r.check_id.startswith("line.repeat")]
    assert [r.status for r in got] == ["fail"]
    assert "3.84 万元" in got[0].message and "4.84 万元" in got[0].message and "相差 1 万元" in got[0].message
    assert ("T05", "2080506", "total") in {(o.table_id, o.key, o.col) for o in got[0].operands}
    assert status(text.format(again="3.84"), "line.repeat", title=final, tables=[t05]) == ["pass"]
    # without a table naming one row so, the name alone is not one line
    assert status(text.format(again="4.84"), "line.repeat", title=final) == []


def _b05(value: float, unit: str = "万元") -> Table:
    cite = Citation(page=2, quote=f"2010101 行政运行 {value:.2f}")
    return Table(table_id="B05", unit=unit, rows=[Row(key="2010101", label="行政运行",
                                          cells={"total": CellValue(value=value, citation=cite)})])


def test_coded_line_against_its_table_row() -> None:
    text = "行政运行（2010101）12.5万元，比上年增加0.5万元。"
    assert status(text, "line.table", tables=[_b05(12.5)]) == ["pass"]
    assert status(text, "line.table", tables=[_b05(13.5)]) == ["fail"]


def test_yuan_difference_is_shown_in_yuan() -> None:
    text = "行政运行（2010101）125,000.34元。"
    result = next(r for r in line_checks(filing_of(text, tables=[_b05(125000.0, "元")]))
                  if r.check_id.startswith("line.table"))
    assert result.status == "fail" and "0.34 元" in result.message


def test_unreadable_key_figures_are_reported_as_skipped() -> None:
    f = filing_of("行政运行（2010101）12.5万元。", tables=[_b05(12.5)])
    result = next(r for r in run_checks(f) if r.check_id == "narrative.key_figures")
    assert result.status == "skipped" and "关键数字" in result.message


def _corpus(name: str):
    path = SHARED / "corpus" / "docs" / name
    if not path.exists():
        missing(f"{path} is missing")
    from budgetlens.extract import extract
    from budgetlens.ingest import read

    f = extract(read(path))
    return run_checks(f)


def test_real_stated_pct_that_does_not_follow_from_its_amounts() -> None:
    results = _corpus("zhejiang-huzhou-004.pdf")
    hit = [r for r in results if r.kind == "line" and r.status == "fail" and 5 in r.pages
           and "268.28" in (r.operands[0].quote or "")]
    assert hit and hit[0].actual == 4.0 and hit[0].expected == pytest.approx(4.4803, abs=1e-3)


def test_real_misprinted_unit_in_a_share_sentence() -> None:
    results = _corpus("jilin-changchun-001.pdf")
    hit = [r for r in results if r.kind == "line" and r.status == "fail" and r.pages == [17]]
    assert len(hit) == 1 and "1,682.76元" in hit[0].message and "疑为“万元”" in hit[0].message


def test_completion_rate_against_budget_and_final() -> None:
    text = ("1. 行政事业单位医疗（款）行政单位医疗（项）。年初预算 29.25 万元，支出决算 28.69 万元，"
            "完成年初预算的 88.08%。")
    title = "2023年度某某局部门决算"
    sts = statements(text, title=title)
    assert [(s.subject, s.measure, s.value) for s in sts][:2] == [
        ("行政单位医疗(项)", "budget", 29.25), ("行政单位医疗(项)", "actual", 28.69)]
    assert status(text, "line.completion", title=title) == ["fail"]
    assert status(text.replace("88.08", "98.09"), "line.completion", title=title) == ["pass"]


def test_unnamed_shares_of_the_total_the_sentence_before_opens_with() -> None:
    text = ("某某局2026年收入预算合计 106,428万元，包括本年收入106,428万元，上年结转结余0万元。"
            "本年一般公共预算收入38,420万元，占36.1%；本年政府性基金预算收入67,808万元，占63.71%。")
    assert status(text, "line.share") == ["pass", "pass"]
    assert status(text.replace("63.71", "62.71"), "line.share") == ["pass", "fail"]


def test_a_bracketed_amount_only_qualifies_the_whole_before_qizhong() -> None:
    text = ("我校2021年收入预算490,808.40万元（本年预算收入390,140.45万元），其中：一般公共预算拨款收入"
            "216,552.53万元，占总收入的44.12%；事业收入124,020.47万元，占总收入的25.27%。")
    assert status(text, "line.share", title="西南某大学2021年部门预算") == ["pass", "pass"]


def test_real_jiangsu_change_pct_off_by_a_hundred_points() -> None:
    """江苏省人大常委会办公厅 2018 部门预算 p.21: "单位预留机动经费预算数为1685.72 万元。与上年
    相比增加1557.29万元，增长1312.56 %。" — 1557.29 / 128.43 is 1212.56%."""
    path = SHARED / "real" / "jiangsu" / "江苏省_人大常委会办公厅_2018_部门预算.pdf"
    if not path.exists():
        missing(f"{path} is missing")
    from budgetlens.extract import extract
    from budgetlens.ingest import read

    results = run_checks(extract(read(path)))
    hit = [r for r in results if r.check_id.startswith("line.change_pct.p21.单位预留机动经费")]
    assert len(hit) == 1 and hit[0].status == "fail"
    assert hit[0].actual == 1312.56 and hit[0].expected == pytest.approx(1212.56, abs=0.01)


def test_a_coded_line_stated_again_later() -> None:
    text = "2026年行政运行（2010101）12.50万元，主要用于机关运行。\n二、其他\n行政运行（2010101）支出13.50万元。"
    assert status(text, "line.repeat") == ["fail"]
    assert status(text.replace("13.50", "12.50"), "line.repeat") == ["pass"]
    # a name without its code is not one line throughout (一般行政管理事务 sits under many 款)
    assert status(text.replace("（2010101）", ""), "line.repeat") == []


def test_stated_fiscal_grant_total_against_its_table() -> None:
    """A stated 财政拨款收、支总预算 orders of magnitude off its table must not pass silently."""
    cite = Citation(page=3, quote="收入总计 17,466.65")
    b04 = Table(table_id="B04", rows=[Row(key="income.grand_total", cells={
        "total": CellValue(value=17466.65, citation=cite)})])
    text = "某某局2026年度财政拨款收、支总预算17,466.65万元。"
    sts = statements(text)
    assert [(s.subject, s.value) for s in sts] == [("财政拨款收、支总预算", 17466.65)]
    assert status(text, "line.table", tables=[b04]) == ["pass"]
    assert status(text.replace("17,466.65万元", "1,746,665万元"), "line.table", tables=[b04]) == ["fail"]


def test_a_line_named_alone_in_its_paragraph_names_the_next_paragraphs_amounts() -> None:
    # a PDF ends the naming sentence's paragraph at its 。; the amounts open the next one
    text = ("3. 社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）。\n\n"
            "年初预算 40.26万元，支出决算 39.52万元，完成年初预算的 98.16%。")
    doc = make_doc("2024年度某某县某某局部门决算\n" + text)
    from budgetlens.extract.prose import paragraphs

    assert len(paragraphs(doc)) >= 2  # the naming sentence and the amounts are apart
    sts = read_statements(doc, read_metadata(doc))
    assert [(s.subject, s.measure, s.value) for s in sts] == [
        ("机关事业单位基本养老保险缴费支出(项)", "budget", 40.26),
        ("机关事业单位基本养老保险缴费支出(项)", "actual", 39.52),
        ("机关事业单位基本养老保险缴费支出(项)", "completion", 98.16)]


def test_a_change_closing_a_list_of_parts_is_the_wholes() -> None:
    """"其中：基本支出 A，项目支出 B，比上年增加 C，增长 Z%": no part was given a change of its
    own, so C and Z are of the whole (a total's change given to its last part made a false
    fail: 268.28 / (4651.90 − 268.28) is 6.12%, not 4.48%)."""
    sts = statements("2026年支出预算6256.31万元，其中：基本支出1604.41万元，项目支出4651.90万元，"
                     "比上年增加268.28万元，增长4.48%。")
    assert [(s.subject, s.measure) for s in sts if s.measure.startswith("change")] == [
        ("支出预算", "change"), ("支出预算", "change_pct")]
    assert status("2026年支出预算6256.31万元，其中：基本支出1604.41万元，项目支出4651.90万元，"
                  "比上年增加268.28万元，增长4.48%。", "line.change_pct") == ["pass"]
    # a part with its own change keeps it; so does a part stated alone
    sts = statements("“三公”经费预算38.28万元，其中：因公出国（境）费20万元，比上年减少7万元；"
                     "公务接待费18.28万元，比上年增加1万元。")
    assert [(s.subject, s.value) for s in sts if s.measure == "change"] == [
        ("因公出国(境)费", -7.0), ("公务接待费", 1.0)]
    sts = statements("社会保障和就业支出5756.51万元，其中：行政事业单位养老支出（款）91.58万元，"
                     "比上年增加10万元。")
    assert [s.subject for s in sts if s.measure == "change"] == ["行政事业单位养老支出(款)"]


def _b05_rows(rows: dict[str, tuple[str, dict[str, float]]]) -> Table:
    return Table(table_id="B05", unit="万元", rows=[
        Row(key=k, label=label, cells={c: CellValue(value=v, citation=Citation(page=2, quote=f"{k} {label} {v:.2f}"))
                                       for c, v in cells.items()}) for k, (label, cells) in rows.items()])


def test_a_part_of_a_coded_line_is_compared_with_its_column_not_the_lines_total() -> None:
    """"行政运行（2010101）基本支出 100 万元" is the row's 基本支出 (100 of a 120 合计); a part no
    function table prints as a column (一般公共预算拨款) is compared with nothing."""
    b05 = _b05_rows({"2010101": ("行政运行", {"total": 120.0, "basic": 100.0, "project": 20.0})})
    assert status("行政运行（2010101）基本支出100万元。", "line.table", tables=[b05]) == ["pass"]
    assert status("行政运行（2010101）基本支出110万元。", "line.table", tables=[b05]) == ["fail"]
    assert status("行政运行（2010101）政府性基金拨款100万元。", "line.table", tables=[b05]) == []
    assert status("行政运行（2010101）120万元。", "line.table", tables=[b05]) == ["pass"]


def test_a_line_named_under_its_kuan_is_matched_under_that_kuan_only() -> None:
    """行政运行 is printed under many 款: "人大事务（款）行政运行（项）" is 2010101 and never the
    行政运行 of 政府办公厅（室）及相关机构事务 (2010301); a 款 the table does not print matches nothing."""
    b05 = _b05_rows({"20101": ("人大事务", {"total": 50.0}), "2010101": ("行政运行", {"total": 50.0}),
                     "20103": ("政府办公厅（室）及相关机构事务", {"total": 70.0}),
                     "2010301": ("行政运行", {"total": 70.0})})
    text = "（1）一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）70万元。"
    assert status(text, "line.table", tables=[b05]) == ["pass"]
    only_other = _b05_rows({"20101": ("人大事务", {"total": 50.0}), "2010101": ("行政运行", {"total": 50.0})})
    assert status(text, "line.table", tables=[only_other]) == []
