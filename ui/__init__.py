"""The Streamlit app: chat as the front page, units × years, comparisons, upload.

``app.py`` at the repository root only calls ``main()`` under a main guard, so processes
the pipeline starts (OCR workers) never re-run the app. Views call the same public
functions as the CLI: ``qa.Asker``, ``budgetlens.pipeline``, ``budgetlens.store.Store``,
``budgetlens.render.render_page``.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import streamlit as st

from budgetlens.settings import load as load_settings
from budgetlens.ui.chat import chat_view
from budgetlens.ui.common import lang
from budgetlens.ui.compare import compare_view
from budgetlens.ui.explore import explore_view
from budgetlens.ui.text import LANGS, t
from budgetlens.ui.upload import upload_view

_ENV_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False)
def get_asker(home: str, llm_spec: str, base_url: str, api_key: str):
    from budgetlens.qa import Asker

    settings = load_settings(home).scoped(llm=llm_spec)
    llm = _chat_model(settings, base_url, api_key) if llm_spec else None
    return Asker(settings, llm=llm)


def _chat_model(settings, base_url: str, api_key: str):
    """The model for this session's settings. The key and URL are read from the
    environment by the model factory, so they are set only while it runs and restored
    after: one session's key never reaches another session."""
    from budgetlens.llm import create_chat_model

    wanted = {"OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": api_key}
    with _ENV_LOCK:
        saved = {k: os.environ.get(k) for k in wanted}
        try:
            for k, v in wanted.items():
                if v:
                    os.environ[k] = v
            return create_chat_model(settings)
        finally:
            for k, old in saved.items():
                if old is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = old


def _sidebar() -> tuple[str, str, str, str, str]:
    home = os.environ.get("BUDGETLENS_HOME", str(Path.cwd() / ".budgetlens"))
    with st.sidebar:
        st.title("budgetlens")
        choice = st.radio("语言 / Language", list(LANGS), horizontal=True, key="lang_choice")
        st.session_state["lang"] = LANGS[choice]
        views = ["chat", "explore", "compare", "upload"]
        view = st.radio(t("view", lang()), views, format_func=lambda v: t(v, lang()), key="view")
        with st.expander(t("llm", lang())):
            llm = st.text_input("provider:model", value=os.environ.get("BUDGETLENS_LLM", ""),
                                help=t("llm_help", lang()), key="llm")
            base_url = st.text_input(t("base_url", lang()), value=os.environ.get("OPENAI_BASE_URL", ""),
                                     key="base_url")
            api_key = st.text_input(t("api_key", lang()), type="password", key="api_key")
        st.caption(t("workspace", lang()) + t("colon", lang()) + Path(home).name)  # never the machine path
    return view, home, llm, base_url, api_key


# Streamlit's own words that config cannot change, each replaced by ours in the
# interface's language: the file uploader's button and size line (its text is not
# customisable, streamlit issue #13500), the text inputs' "Press Enter to apply", the
# keyboard's "Skip to main content" link, and the dialog Streamlit opens when the server
# stops answering ("Connection error", "Is Streamlit still running?"). The
# toolbar (its menu, Deploy, Stop, Connecting) is gone by config: client.toolbarMode =
# "minimal" in .streamlit/config.toml; running work shows a progress line of the app's own.
_CHROME = {
    "[data-testid='stFileUploaderDropzone'] [data-testid='stBaseButton-secondary'] p": "choose_files",
    "[data-testid='stFileUploaderDropzoneInstructions']": "upload_limit",
    "[data-testid='InputInstructions']": "press_enter",
    "[data-testid='stSkipToContent']": "skip_to_content",
    "div[data-baseweb='modal'] div[role='dialog']": "connection_lost",
}


_OFFLINE = ("[data-testid='stApp']:is([data-test-connection-state='PINGING_SERVER'], "
            "[data-test-connection-state='CONNECTING'], [data-test-connection-state='DISCONNECTED_FOREVER'])")


def chrome_css(language: str) -> str:
    """The CSS that words Streamlit's own chrome in ``language``: each element's text is
    made invisible (size 0, its children too) and ours is shown after it::

        [data-testid='InputInstructions'], … * {font-size: 0 !important;}
        [data-testid='InputInstructions']::after {content: '按回车键确认'; font-size: 0.875rem;}
    """
    rules = []
    for selector, key in _CHROME.items():
        words = t(key, language, mb=st.get_option("server.maxUploadSize")).replace("'", "\\'")
        rules.append(f"{selector}, {selector} * {{font-size: 0 !important;}} "
                     f"{selector}::after {{content: '{words}'; font-size: 0.875rem; white-space: normal;}}")
    # while the server does not answer, a line at the top says so (the toolbar that said
    # "Connecting" is gone); Streamlit marks the state on its root element
    words = t("reconnecting", language).replace("'", "\\'")
    rules.append(f"{_OFFLINE}::before {{content: '{words}'; position: fixed; top: 0; left: 0; right: 0; "
                 "z-index: 1000100; padding: 0.5rem 1rem; background: #fff3cd; color: #664d03; "
                 "font-size: 0.95rem; text-align: center;}")
    return "\n".join(rules)


def _chrome_words() -> None:
    st.markdown(f"<style>{chrome_css(lang())}</style>", unsafe_allow_html=True)


def main() -> None:
    st.set_page_config(page_title="budgetlens", layout="wide")
    view, home, llm, base_url, api_key = _sidebar()
    _chrome_words()
    asker = get_asker(home, llm, base_url, api_key)
    asker.refresh()
    if view == "chat":
        chat_view(asker)
    elif view == "explore":
        explore_view(asker.store)
    elif view == "compare":
        compare_view(asker.store)
    else:
        upload_view(home, get_asker.clear)
