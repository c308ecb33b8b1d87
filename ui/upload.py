"""Upload: files are stored under their content hash, processed through the one pipeline,
and each ends in a result card (key figures, check summary) or one error line."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from pathlib import Path

import streamlit as st

from budgetlens.settings import load as load_settings
from budgetlens.store import Store
from budgetlens.ui.common import lang
from budgetlens.ui.explore import figure_label
from budgetlens.ui.text import amount, doc_type, status

_SUFFIXES = (".pdf", ".docx", ".txt")
_STATUS = {"added": ("已添加", "added"), "replaced": ("已更新（替换旧版本）", "replaced an older version"),
           "recomputed": ("已重新处理（代码或设置有变）", "recomputed (code or settings changed)"),
           "unchanged": ("未变（此前已处理）", "unchanged (already processed)")}


_NAME_BYTES = 200  # a kept name's stem, in UTF-8 bytes: with its folder it stays under 255


def safe_name(name: str, data: bytes) -> str:
    """A file name fit to keep for display: no directories, control characters, NUL or
    escapes, a stem of at most 100 characters and 200 UTF-8 bytes, with its suffix
    ('../../x.pdf' → 'x.pdf', 120 Chinese characters + '.pdf' → the first 66 + '.pdf');
    an empty string for a name without a known suffix ('..', 'a\x00'), which is refused."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip().strip(".")
    suffix = Path(base).suffix.lower()
    stem = Path(base).stem[:100].encode("utf-8")[:_NAME_BYTES].decode("utf-8", errors="ignore")
    stem = stem or hashlib.sha256(data).hexdigest()[:16]
    return f"{stem}{suffix}" if suffix in _SUFFIXES else ""


def save_and_process(processor, target: Path, files, zh: bool = True):
    """Each uploaded ``(name, bytes)`` stored under its content hash and processed: yields
    ``(shown name, Outcome)`` or ``(shown name, error line)``. A bad name or a file that
    cannot be saved is one error; the rest of the batch goes on."""
    for given, data in files:
        name = safe_name(given, data)
        shown = repr(given[:80])
        if not name:
            yield shown, (f"{shown}：不支持的文件名或类型" if zh else f"{shown}: unsupported name or type")
            continue
        path = target / hashlib.sha256(data).hexdigest()[:16] / name
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        except OSError as exc:
            why = exc.strerror or exc
            yield name, (f"{name}：无法保存（{why}）" if zh else f"{name}: cannot save ({why})")
            continue
        yield name, processor.process_file(path)


def upload_view(home: str, on_done) -> None:
    zh = lang() != "en"
    st.header("上传" if zh else "Upload")
    files = st.file_uploader("PDF、扫描件、.docx 或文本" if zh else "PDF, scans, .docx or text",
                             accept_multiple_files=True, type=["pdf", "docx", "txt"])
    if not files or not st.button("处理" if zh else "Process"):
        return
    from budgetlens.errors import BudgetlensError
    from budgetlens.pipeline import Processor

    target = Path(home) / "uploads"
    settings = load_settings(home)
    bar = st.progress(0.0)
    try:  # the one processing entry, holding the workspace for writing (waits for another writer)
        processor = Processor(settings)
    except BudgetlensError as exc:
        st.error(str(exc))
        return
    try:
        named = ((f.name, f.getvalue()) for f in files)
        for n, (name, result) in enumerate(save_and_process(processor, target, named, zh), 1):
            bar.progress(n / len(files), text=f"{n}/{len(files)} {name}")
            if isinstance(result, str):
                st.error(result)
            elif result.status == "failed":
                st.error(result.error)
            else:
                _result_card(settings.db_path, name, result, zh)
    except BudgetlensError as exc:  # a full disk or a silent server: the batch stops here
        st.error(str(exc))
    finally:
        processor.close()
    on_done()


def _result_card(db_path, name: str, outcome, zh: bool) -> None:
    with Store(db_path) as store:
        filing = store.filing(outcome.doc_id) if outcome.doc_id else None
    word = _STATUS.get(outcome.status, (outcome.status, outcome.status))[0 if zh else 1]
    with st.container(border=True):
        st.markdown(f"**{name}**：{word}，{outcome.pages} 页，{outcome.tables} 个表格" if zh else
                    f"**{name}**: {word}, {outcome.pages} pages, {outcome.tables} tables")
        if filing is None:
            return
        st.caption(f"{filing.entity or '—'} {filing.fiscal_year or ''} {doc_type(filing.doc_type, lang())}")
        figures = [(figure_label(k), v) for k, v in filing.key_figures.items() if v.unit in ("万元", "元")][:4]
        if figures:
            cols = st.columns(len(figures))
            for col, (label, fig) in zip(cols, figures):
                col.metric(label, amount(fig.value, "万元"), help=f"第 {fig.citation.page} 页")
        counts = Counter(status(c, lang()) for c in filing.checks)
        st.caption("，".join(f"{k} {v}" for k, v in counts.items()))
