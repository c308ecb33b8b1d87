"""The Streamlit app driven by Streamlit's AppTest: the chat as the front page, units ×
years with tables and checks, comparisons with their coverage, Chinese first."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from budgetlens.schemas.filing import CheckResult
from budgetlens.ui.chat import understood_text
from budgetlens.ui.explore import findings_markdown
from budgetlens.ui.text import amount, plain, status
from budgetlens.ui.upload import safe_name
from qa_corpus import build_store

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture
def app(settings):
    build_store(settings.db_path).close()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def _texts(at) -> list[str]:
    return [m.value for m in (*at.markdown, *at.caption, *at.text, *at.subheader, *at.header)]


def test_front_page_says_what_is_loaded_and_asks_about_it(app):
    texts = _texts(app)
    assert any("已载入 3 份文件：3 个单位，2023 年；预算 0 份，决算 3 份。" in t for t in texts)
    # the example questions name bureaus that are loaded, never one that is not
    examples = next(t for t in texts if t.startswith("可以这样问"))
    assert "镇安县医疗保障局2023年公务接待费决算是多少？" in examples or "澄岚县医疗保障局" in examples
    assert not any("/filings/" in t or "/tmp" in t for t in texts)  # no machine paths


def test_chat_answers_with_a_citation_and_keeps_history(app):
    app.chat_input[0].set_value("镇安县医保局2023年公务接待费是多少？").run()
    assert not app.exception, app.exception
    texts = _texts(app)
    assert any("0.32" in t and "镇安县医疗保障局" in t for t in texts)
    assert any("第 17 页" in e.label for e in app.expander)
    assert any("已核验" in c.value for c in app.caption)
    assert not any("extractive" in c.value for c in app.caption)  # 模式 in Chinese

    app.chat_input[0].set_value("哪个单位三公经费最多？").run()
    assert not app.exception, app.exception
    assert len(app.chat_message) == 4  # two questions, two answers
    assert len(app.dataframe) >= 1  # the ranking table


def test_not_found_is_never_marked_verified(app):
    app.chat_input[0].set_value("镇安县医保局2019年会议费是多少？").run()
    assert not app.exception, app.exception
    assert not any("已核验" in c.value for c in app.caption)


def test_units_and_years_show_tables_and_checks_in_chinese(app):
    app.sidebar.radio[1].set_value("explore").run()
    assert not app.exception, app.exception
    app.selectbox(key="explore_unit").set_value("镇安县医疗保障局").run()
    assert not app.exception, app.exception
    subheads = [s.value for s in app.subheader]
    assert any(s.startswith("核对结果：") and "不一致 1" in s for s in subheads)
    statuses = set(app.dataframe[-1].value["状态"])
    assert statuses <= {"不一致", "口径差异", "尾差", "一致", "未核"} and "不一致" in statuses
    assert not any(e.label.endswith("公开空表") for e in app.expander)  # tables print numbers


def test_compare_says_how_many_filings_print_the_measure(app):
    app.sidebar.radio[1].set_value("compare").run()
    assert not app.exception, app.exception
    app.selectbox[0].set_value("公务接待费").run()
    assert not app.exception, app.exception
    assert any(c.value == "3 / 3 份文件载有此项" for c in app.caption)
    df = app.dataframe[0].value
    assert list(df["单位"])[0] == "澄岚县医疗保障局"
    assert list(df["数值"])[0] == "1.50 万元"
    app.selectbox[0].set_value("公务接待费预算").run()
    assert any(c.value == "0 / 3 份文件载有此项" for c in app.caption)


def test_english_is_available(app):
    app.sidebar.radio[0].set_value("English").run()
    assert not app.exception, app.exception
    assert any("3 filings loaded" in t for t in _texts(app))


# ---------------------------------------------------------------- the pieces, directly

def _check(st: str, difference: float | None, tolerance: float | None) -> CheckResult:
    return CheckResult(check_id="x", status=st, difference=difference, tolerance=tolerance, message="m")


@pytest.mark.parametrize("check,label", [
    (_check("fail", 3.2, 0.02), "不一致"),
    (_check("warn", 0.01, 0.02), "尾差"),
    (_check("warn", 15.0, 0.02), "口径差异"),  # a difference of 15 is never a rounding difference
    (_check("warn", 140.2, None), "口径差异"),
    (_check("pass", 0.0, 0.02), "一致"),
    (_check("skipped", None, None), "未核"),
])
def test_status_says_which_kind_of_difference(check, label):
    assert status(check) == label


def test_filing_text_is_shown_as_typed_never_as_an_image_or_link():
    shown = plain("见 ![x](http://evil.example/a.png) 和 [链接](http://x)")
    assert "![" not in shown and "](" not in shown
    assert shown.replace("\\", "") == "见 ![x](http://evil.example/a.png) 和 [链接](http://x)"


def test_amounts_print_with_separators_and_unit():
    assert amount(1234567.891, "元") == "1,234,567.891 元"
    assert amount(0.32, "万元") == "0.32 万元"
    assert amount(None) == "—"


@pytest.mark.parametrize("given,kept", [
    ("../../部门决算.pdf", "部门决算.pdf"), ("..", ""), ("a\x00b.pdf", "ab.pdf"), ("x" * 300 + ".pdf", "x" * 100 + ".pdf"),
    ("report.exe", ""), ("\x1b[31mred.txt", "[31mred.txt"),
])
def test_upload_names_are_kept_for_display_only(given, kept):
    assert safe_name(given, b"data") == kept


def test_findings_export_names_every_page(settings):
    store = build_store(settings.db_path)
    rec = next(r for r in store.documents() if r.entity == "镇安县医疗保障局")
    md = findings_markdown(rec, store.filing(rec.doc_id))
    assert md.startswith("# 镇安县医疗保障局 2023 决算 核对结果")
    assert "**不一致**（第 5、14 页）" in md and "（第 14 页）" in md


def test_what_an_answer_understood_is_named_in_chinese():
    parts = {"entity": "甲县民政局 / 乙县民政局", "year": 2023, "scope": "部门决算", "measure": "公务接待费",
             "operation": "change_pct", "verdict": "fail", "unit": "%", "filing_year": [2022, 2023],
             "covered": ["/tmp/a.pdf"], "plan": [{"tool": "search"}]}
    text = understood_text(parts)
    assert text == ("单位：甲县民政局 / 乙县民政局；年度：2023；口径：部门决算；指标：公务接待费；运算：增减幅度；"
                    "金额单位：%；核对结果：不一致；所据文件年度：2022、2023")
    assert understood_text({"operation": "an_unknown_one", "verdict": "pass"}) == "核对结果：一致"
    assert understood_text({"verdict": "pass", "operation": "ranking"}, en=True) == "operation: ranking; check: agrees"


def test_the_walk_through_runs_only_real_commands():
    """Every ``budgetlens X`` the README's walk-through runs is a command the CLI has."""
    from budgetlens.cli import app as cli

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    walk = readme.split("## On your own files", 1)[1].split("\n## ", 1)[0]
    used = set(re.findall(r"budgetlens ([a-z][a-z-]*)", walk))
    known = {c.name or c.callback.__name__.replace("_", "-") for c in cli.registered_commands}
    assert {"ingest", "tour", "ask", "check", "bulk"} <= used, used
    assert used <= known, used - known


def test_a_check_opens_every_page_it_involves_with_every_cell_boxed():
    from budgetlens.schemas.filing import CheckOperand
    from budgetlens.ui.explore import involved_boxes

    parts = [CheckOperand(value=1.0, page=12, bbox=[1, 2, 3, 4]), CheckOperand(value=2.0, page=12, bbox=[1, 6, 3, 8]),
             CheckOperand(value=3.5, page=13, bbox=[5, 6, 7, 8]), CheckOperand(figure="x", value=3.5, page=3)]
    check = CheckResult(check_id="x", status="fail", difference=0.5, tolerance=0.02, message="m", pages=[12, 13],
                        operands=parts)
    assert involved_boxes(check) == [(12, ((1, 2, 3, 4), (1, 6, 3, 8))), (13, ((5, 6, 7, 8),))]
    assert involved_boxes(check.model_copy(update={"operands": []})) == [(12, ())]


def test_a_result_card_shows_the_totals_first():
    from types import SimpleNamespace

    from budgetlens.ui.upload import card_figures

    figures = {k: SimpleNamespace(unit=u) for k, u in (("income_total_change", "万元"), ("reception_actual", "万元"),
                                                       ("expenditure_total", "万元"), ("income_total", "万元"),
                                                       ("income_total_change_pct", "%"))}
    assert card_figures(figures) == ["income_total", "expenditure_total", "income_total_change", "reception_actual"]
