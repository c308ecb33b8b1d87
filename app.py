"""budgetlens in the browser: chat with citations, documents and checks, comparisons, upload.

Run with ``streamlit run app.py`` (workspace from ``$BUDGETLENS_HOME``). The app is thin:
it calls the same public functions as the CLI (``qa.Asker``, ``budgetlens.pipeline``,
``budgetlens.store.Store``, ``budgetlens.render.render_page``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import streamlit as st

from budgetlens.render import render_page
from budgetlens.settings import load as load_settings
from budgetlens.store import Store
from budgetlens.qa import METRICS

st.set_page_config(page_title="budgetlens", layout="wide")


@st.cache_resource(show_spinner=False)
def get_asker(home: str, llm_spec: str, base_url: str, api_key: str):
    from budgetlens.qa import Asker

    settings = load_settings(home).scoped(llm=llm_spec)
    llm = None
    if llm_spec:
        llm = _chat_model(settings, base_url, api_key)
    return Asker(settings, llm=llm)


_ENV_LOCK = __import__("threading").Lock()


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
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v


@st.cache_data(show_spinner=False, max_entries=64)
def page_png(path: str, page: int, bbox: tuple | None) -> bytes | None:
    return render_page(path, page, list(bbox) if bbox else None)


def settings_panel() -> tuple[str, str, str, str]:
    home = os.environ.get("BUDGETLENS_HOME", str(Path.cwd() / ".budgetlens"))
    with st.sidebar:
        st.title("budgetlens")
        view = st.radio("视图", ["对话", "文件", "比较", "上传"], key="view")
        with st.expander("LLM 设置（可选）"):
            llm = st.text_input("provider:model", value=os.environ.get("BUDGETLENS_LLM", ""),
                                help="如 openai:gpt-4o-mini、ollama:qwen2.5；留空则离线抽取式回答", key="llm")
            base_url = st.text_input("OpenAI 兼容地址", value=os.environ.get("OPENAI_BASE_URL", ""), key="base_url")
            api_key = st.text_input("API key", type="password", key="api_key")
        st.caption(f"工作区：{home}")
    st.session_state["_home"] = home
    return view, home, llm, base_url + "\x00" + api_key


def show_citation(i: int, c, key: str) -> None:
    where = f"{c.where}：" if c.where else ""
    label = f"[{i}] {Path(c.path).name} 第 {c.page} 页 {where}{c.quote[:60]}"
    with st.expander(label):
        st.code(c.quote, language=None)
        png = page_png(c.path, c.page, tuple(c.bbox) if c.bbox else None)
        if png:
            st.image(png, caption=f"{Path(c.path).name} 第 {c.page} 页（红框为引文位置）")


def show_answer(answer, key: str) -> None:
    st.markdown(answer.answer)
    if answer.kind in ("not_found", "clarify"):
        badge = "没有给出数字" if answer.kind == "not_found" else "请指明问的是哪一个"
    else:
        badge = "已核验：答案中的每个数字都见于所引原文或由所引数字算出" if answer.verified else \
            f"未核验的数字：{', '.join(answer.unverified_numbers)}"
    st.caption(f"{badge} · 模式：{answer.mode}")
    if answer.understood:
        shown = {k: v for k, v in answer.understood.items() if k not in ("covered", "left_out") and v}
        st.caption("理解为：" + "；".join(f"{k}={v}" for k, v in shown.items()))
    for cand in answer.candidates:
        cite = cand.get("citation") or {}
        st.caption(f"候选：{cand.get('label', '')}（{Path(cite.get('path', '')).name} 第 {cite.get('page', '?')} 页）")
    if answer.table:
        df = pd.DataFrame([{"单位": r.entity, "年度": r.fiscal_year, "数值": r.value, "单位(金额)": r.unit,
                            "万元": r.value_wan} for r in answer.table])
        st.dataframe(df, hide_index=True)
        st.bar_chart(df.set_index("单位")["万元"])
    for i, c in enumerate(answer.citations, 1):
        show_citation(i, c, f"{key}-{i}")


def chat_view(asker) -> None:
    st.header("问答")
    history = st.session_state.setdefault("history", [])
    for n, (question, answer) in enumerate(history):
        with st.chat_message("user"):
            st.write(question)
        with st.chat_message("assistant"):
            show_answer(answer, f"h{n}")
    question = st.chat_input("例如：镇安县医保局2023年公务接待费是多少？")
    if question:
        # follow-ups (那2024年呢？) reuse what the previous turn resolved
        conversation = st.session_state.get("conversation")
        if conversation is None or getattr(conversation, "asker", None) is not asker:
            conversation = st.session_state["conversation"] = asker.conversation()
        answer = conversation.ask(question)
        history.append((question, answer))
        with st.chat_message("user"):
            st.write(question)
        with st.chat_message("assistant"):
            show_answer(answer, f"h{len(history) - 1}")


def documents_view(store: Store) -> None:
    st.header("文件")
    records = store.documents()
    if not records:
        st.info("还没有文件。请在“上传”中添加，或运行 `budgetlens ingest 文件夹`。")
        return
    names = {f"{r.entity or r.name} {r.fiscal_year or ''} {r.doc_type or ''} · {r.name}": r for r in records}
    choice = st.selectbox("选择文件", list(names))
    rec = names[choice]
    filing = store.filing(rec.doc_id)
    if filing is None:
        st.warning("此文件没有提取结果。")
        return
    checks = sorted(filing.checks, key=lambda c: ["fail", "warn", "pass", "skipped"].index(c.status))
    fails = [c for c in checks if c.status == "fail"]
    st.subheader(f"核对结果：{len(fails)} 项不一致")
    df = pd.DataFrame([{"状态": c.status, "检查": c.check_id, "说明": c.message,
                        "页码": ", ".join(map(str, c.pages))} for c in checks])
    if not df.empty:
        st.dataframe(df.style.apply(lambda row: ["background-color: #fdd" if row["状态"] == "fail" else
                                                 "background-color: #ffd" if row["状态"] == "warn" else ""
                                                 for _ in row], axis=1), hide_index=True)
    page_options = sorted({p for c in fails for p in c.pages})
    if page_options:
        page = st.selectbox("查看不一致所在页", page_options)
        png = page_png(rec.path, page, None)
        if png:
            st.image(png)
    st.subheader("表格")
    for table in filing.tables:
        with st.expander(f"{table.table_id} {table.title}（{table.unit}，第 {', '.join(map(str, table.pages))} 页）"
                         + ("：公开空表" if table.empty else "")):
            rows = [{"key": r.key, "项目": r.label, **{c: v.value for c, v in r.cells.items()}} for r in table.rows]
            if rows:
                st.dataframe(pd.DataFrame(rows), hide_index=True)


def compare_view(store: Store) -> None:
    st.header("比较")
    labels = {m.label: m for _, m, _ in METRICS if m.cells or m.kind == "amount"}
    label = st.selectbox("指标", list(labels))
    metric = labels[label]
    from budgetlens.qa import lookup

    rows = []
    for rec in store.documents():
        fact = lookup(store, rec, metric, with_checks=False)
        if fact is not None:
            rows.append({"单位": rec.entity or rec.name, "年度": rec.fiscal_year, "类型": rec.doc_type,
                         "数值": fact.value, "金额单位": fact.unit, "万元": fact.value_wan, "页": fact.page})
    if not rows:
        st.info("没有文件给出这个指标。")
        return
    df = pd.DataFrame(rows).sort_values("万元", ascending=False)
    st.dataframe(df, hide_index=True)
    st.bar_chart(df.set_index("单位")["万元"])


def upload_view(home: str) -> None:
    st.header("上传")
    files = st.file_uploader("PDF、扫描件、.docx 或文本", accept_multiple_files=True,
                             type=["pdf", "docx", "txt"])
    if not files or not st.button("处理"):
        return
    from budgetlens.pipeline import Processor

    target = Path(home) / "uploads"
    target.mkdir(parents=True, exist_ok=True)
    bar = st.progress(0.0)
    processor = Processor(load_settings(home))
    try:
        for n, f in enumerate(files, 1):
            import hashlib

            data = f.getvalue()
            # one folder per content: two filings both named 部门决算.pdf must not replace each other
            path = target / hashlib.sha256(data).hexdigest()[:16] / Path(f.name).name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            outcome = processor.process_file(path)
            if outcome.status == "failed":
                st.error(outcome.error)
            else:
                st.success(f"{f.name}：{outcome.status}，{outcome.pages} 页，{outcome.tables} 个表格")
            bar.progress(n / len(files))
    finally:
        processor.close()
    get_asker.clear()


def main() -> None:
    view, home, llm, secret = settings_panel()
    base_url, api_key = secret.split("\x00", 1)
    asker = get_asker(home, llm, base_url, api_key)
    asker.refresh()
    if view == "对话":
        chat_view(asker)
    elif view == "文件":
        documents_view(asker.store)
    elif view == "比较":
        compare_view(asker.store)
    else:
        upload_view(home)


main()
