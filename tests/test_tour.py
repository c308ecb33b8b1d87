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
