"""Upload: files are stored under their content hash, processed through the one pipeline,
and each ends in a result card (key figures, check summary) or one error line.

While a file is processed its own line shows its name, the stage it is at and a bar
(``budgetlens.progress``: 读取文本 / OCR 识别第 k/n 页 / 识别表格 / 核对 / 建立索引), told
by the child process that reads it; the card then lists the stages it went through."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import streamlit as st

from budgetlens.progress import Step, describe
from budgetlens.render import unnamed
from budgetlens.settings import load as load_settings
from budgetlens.store import Store
from budgetlens.tour import tables_read
from budgetlens.ui.common import lang
from budgetlens.ui.explore import figure_label, status_word
from budgetlens.ui.text import STATUS_ORDER, amount, doc_type, plain, status

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


def save_and_process(processor, target: Path, files, zh: bool = True, progress_for=None):
    """Each uploaded ``(name, bytes)`` stored under its content hash and processed: yields
    ``(shown name, Outcome)`` or ``(shown name, error line)``. A bad name or a file that
    cannot be saved is one error; the rest of the batch goes on. ``progress_for(name)``,
    when given, returns what hears that file's stages (``budgetlens.progress``)."""
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
        yield name, processor.process_file(path, on_progress=progress_for(name) if progress_for else None)


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
        shown: dict = {"n": 0}

        def progress_for(name: str):  # before each file: the bar, and a line for its stages
            shown["n"] += 1
            bar.progress((shown["n"] - 1) / len(files), text=f"{shown['n']}/{len(files)} {name}")
            shown["line"], shown["steps"] = st.empty(), list[Step]()
            return _shower(shown["line"], name, shown["steps"])

        named = ((f.name, f.getvalue()) for f in files)
        for name, result in save_and_process(processor, target, named, zh, progress_for):
            if "line" in shown:
                shown.pop("line").empty()
            steps = shown.pop("steps", [])
            if isinstance(result, str):
                st.error(result)
            elif result.status == "failed":
                st.error(result.error)
            else:
                _result_card(settings.db_path, name, result, zh, steps)
        bar.progress(1.0, text=f"{len(files)}/{len(files)}")
    except BudgetlensError as exc:  # a full disk or a silent server: the batch stops here
        st.error(str(exc))
    finally:
        processor.close()
    on_done()


def fraction(step: Step) -> float:
    """How far along a file is at ``step``: OCR takes most of a scan's time.
    Step('ocr', 1, 4) → 0.25; Step('checks') → 0.9."""
    if step.stage == "ocr" and step.total:
        return 0.05 + 0.75 * step.done / step.total
    return {"read": 0.02, "ocr": 0.05, "tables": 0.85, "checks": 0.9, "index": 0.95}.get(step.stage, 0.0)


def _shower(line, name: str, steps: list[Step]):
    """What hears a file's progress: its line shows the name, the stage and a bar."""
    def show(step: Step) -> None:
        steps.append(step)
        line.progress(fraction(step), text=f"{name}：{describe(step, lang())}")
    return show


def _stages(steps: Sequence[Step]) -> str:
    """The stages a file went through, once each: 读取文本（3 页）→ OCR 识别完成（3 页）→ …"""
    last: dict[str, Step] = {}
    for s in steps:
        last[s.stage] = s
    return " → ".join(describe(s, lang()) for s in last.values())


_CARD = ("income_total", "expenditure_total", "basic_expenditure", "project_expenditure", "three_public_actual")


def card_figures(figures: dict) -> list[str]:
    """The key figures a result card shows, the totals first: 收入总计, 支出总计, 基本支出,
    项目支出, “三公”经费决算, then the others as read (never a change such as 收入总计增减额
    before the totals); amounts only."""
    amounts = [k for k, v in figures.items() if v.unit in ("万元", "元")]
    return [k for k in _CARD if k in amounts] + [k for k in amounts if k not in _CARD]


def _result_card(db_path, name: str, outcome, zh: bool, steps: Sequence[Step] = ()) -> None:
    with Store(db_path) as store:
        filing = store.filing(outcome.doc_id) if outcome.doc_id else None
        layout = store.layout(outcome.doc_id) if outcome.doc_id and outcome.ocr_pages else None
    word = _STATUS.get(outcome.status, (outcome.status, outcome.status))[0 if zh else 1]
    with st.container(border=True):
        ocr = (f"（其中 OCR {outcome.ocr_pages} 页）" if zh else f" ({outcome.ocr_pages} by OCR)") if outcome.ocr_pages else ""
        tables = tables_read(filing) if filing is not None else outcome.tables
        st.markdown(f"**{plain(name)}**：{word}，{outcome.pages} 页{ocr}，{tables} 个表格" if zh else
                    f"**{plain(name)}**: {word}, {outcome.pages} pages{ocr}, {tables} tables")
        if steps:
            st.caption(_stages(steps))
        if filing is None:
            return
        kind = doc_type(filing.doc_type, lang()) if filing.doc_type else ""
        body = filing.entity or unnamed(name, scanned=outcome.ocr_pages > 0, en=not zh)
        st.caption(" ".join(str(x) for x in (body, filing.fiscal_year, kind) if x))
        figures = [(label, filing.key_figures[k]) for k in card_figures(filing.key_figures)
                   if (label := figure_label(k))][:4]
        if figures:  # whole numbers with their unit and page (a metric tile cuts long ones)
            page = (lambda p: f"第 {p} 页") if zh else (lambda p: f"p. {p}")
            st.markdown("　·　".join(f"{plain(label)} **{amount(fig.value, fig.unit, lang=lang())}**（{page(fig.citation.page)}）"
                                    for label, fig in figures))
        counts = Counter(status(c) for c in filing.checks)
        shown = "，".join(f"{status_word(k)} {counts[k]}" for k in STATUS_ORDER if counts[k])
        st.caption(("核对：" if zh else "Checks: ") + (shown or "—"))
        on_ocr = ocr_findings(filing, layout)
        if on_ocr:
            st.caption(f"其中 {on_ocr} 项所依据的数字由 OCR 从扫描页识别，请先对照页面图像核对这些数字" if zh else
                       f"{on_ocr} of these findings rest on numbers read by OCR from scanned pages: check them "
                       f"against the page images first")


def ocr_findings(filing, layout) -> int:
    """How many of a filing's findings (any status but 一致 and 未核) involve a page read
    by OCR: a misread digit there makes a sum disagree that the printed page does not.
    A 3-page scan with 26 findings, all on its scanned pages → 26."""
    if layout is None:
        return 0
    scanned = {p.number for p in layout.pages if p.source == "ocr"}
    return sum(1 for c in filing.checks if c.status in ("fail", "warn") and scanned.intersection(c.pages))
