"""The Streamlit app driven by Streamlit's AppTest: chat with citations, documents, comparison."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from qa_corpus import build_store

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.fixture
def app(settings):
    build_store(settings.db_path).close()
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    return at


def test_chat_answers_with_a_citation_and_keeps_history(app):
    app.chat_input[0].set_value("镇安县医保局2023年公务接待费是多少？").run()
    assert not app.exception, app.exception
    texts = [m.value for m in app.markdown]
    assert any("0.32" in t and "镇安县医疗保障局" in t for t in texts)
    assert any("第 17 页" in e.label for e in app.expander)
    assert any("已核验" in c.value for c in app.caption)

    app.chat_input[0].set_value("哪个单位三公经费最多？").run()
    assert not app.exception, app.exception
    assert len(app.chat_message) == 4  # two questions, two answers
    assert any("乌海市医疗保障局" in m.value for m in app.markdown)
    assert len(app.dataframe) >= 1  # the ranking table


def test_documents_view_highlights_failed_checks(app):
    app.sidebar.radio[0].set_value("文件").run()
    assert not app.exception, app.exception
    assert any("核对结果" in h.value for h in app.subheader)
    assert app.selectbox[0].options  # one entry per stored filing


def test_compare_view_ranks_filings(app):
    app.sidebar.radio[0].set_value("比较").run()
    assert not app.exception, app.exception
    app.selectbox[0].set_value("公务接待费").run()
    assert not app.exception, app.exception
    df = app.dataframe[0].value
    assert list(df["单位"])[0] == "澄岚县医疗保障局"
