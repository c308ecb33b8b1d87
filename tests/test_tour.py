"""The first-run report the demo ends with."""

from __future__ import annotations

from budgetlens.tour import first_run_report
from qa_corpus import build_store


def test_the_report_shows_figures_with_pages_checks_and_an_answered_question(settings):
    build_store(settings.db_path).close()
    text = first_run_report(settings)
    assert "镇安县医疗保障局 2023 决算" in text
    assert "核对：不一致 1" in text  # the narrative basic expenditure that disagrees with T03
    question = next(line for line in text.splitlines() if line.startswith("问："))
    answer = text.splitlines()[text.splitlines().index(question) + 1]
    assert answer.startswith("答：") and "万元" in answer
    assert "第 17 页" in text  # the answer's citation, with its page
    assert "streamlit run app.py" in text and "budgetlens ask" in text


def test_an_empty_workspace_says_what_to_do(settings):
    assert "budgetlens ingest" in first_run_report(settings)


def test_citations_name_tables_as_printed_never_by_id(settings, monkeypatch):
    """The tour and ``budgetlens ask`` name a cited cell's table as the filing prints it
    (“三公”经费支出决算表（公开09表）「决算数」公务接待费), never by its id (T09), and a
    citation with no table place has no gap before its colon (第 3 页：…); both say the
    page as 第 N 页, never p.N."""
    import re

    from typer.testing import CliRunner

    from budgetlens.cli import app

    build_store(settings.db_path).close()
    report = first_run_report(settings)
    monkeypatch.setenv("BUDGETLENS_HOME", str(settings.home))
    out = CliRunner().invoke(app, ["ask", "镇安县医疗保障局2023年公务接待费是多少？"]).output
    assert "[1]" in out and "[1]" in report
    for text in (report, out):
        cited = [line for line in text.splitlines() if re.match(r"\s+\[\d+\]", line)]
        assert cited and not any(re.search(r"(?<![A-Za-z])[BT]\d{2}(?![0-9])", line) for line in cited), cited
        assert all(re.search(r"第 \d+ 页", line) and " p." not in line for line in cited), cited
        assert " ：" not in text
