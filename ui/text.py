"""What the app says, in Chinese first and English on request, and how it prints numbers.

No internal id, English status word or machine path reaches the Chinese interface: a
check's status becomes 不一致 / 尾差 / 口径差异 / 一致 / 未核, a document type 预算 / 决算,
an answer mode 离线抽取 / 模型措辞. Amounts print with thousands separators and their unit.
"""

from __future__ import annotations

import re

from budgetlens.checks.report import VERDICTS, VERDICTS_EN, verdict
from budgetlens.render import doc_type_word
from budgetlens.schemas.filing import CheckResult

LANGS = {"中文": "zh", "English": "en"}

_T: dict[str, tuple[str, str]] = {
    # sidebar and views
    "view": ("视图", "View"),
    "chat": ("问答", "Ask"),
    "explore": ("单位与年度", "Units & years"),
    "compare": ("比较与排名", "Compare & rank"),
    "upload": ("上传", "Upload"),
    "llm": ("模型设置（可选）", "Model settings (optional)"),
    "llm_help": ("如 openai:gpt-4o-mini、ollama:qwen2.5；留空则离线回答", "e.g. openai:gpt-4o-mini; empty: offline"),
    "base_url": ("OpenAI 兼容地址", "OpenAI-compatible URL"),
    "api_key": ("API 密钥", "API key"),
    "workspace": ("工作区", "Workspace"),
    "loaded": ("已载入 {n} 份文件：{units} 个单位，{years}；预算 {b} 份，决算 {f} 份。",
               "{n} filings loaded: {units} units, {years}; {b} budgets, {f} final accounts."),
    "empty": ("还没有文件。请在“上传”中添加，或运行 `budgetlens ingest 文件夹`。",
              "No filings yet. Upload some, or run `budgetlens ingest FOLDER`."),
    "examples": ("可以这样问：", "Try asking:"),
    "ask_placeholder": ("输入问题，例如：{q}", "Ask, for example: {q}"),
    "verified": ("已核验：答案中的每个数字都见于所引原文", "Verified: every number is in the cited text"),
    "unverified": ("未核验的数字：{n}", "Unverified numbers: {n}"),
    "mode": ("模式：{m}", "Mode: {m}"),
    "understood": ("理解为：{u}", "Understood as: {u}"),
    "candidates": ("相近的候选（请指明）：", "Closest candidates (please say which):"),
    "computation": ("计算过程", "Computation"),
    "page_of": ("{name} 第 {page} 页", "{name} page {page}"),
    "page_n": ("第 {page} 页", "page {page}"),
    "page_caption": ("{name} 第 {page} 页", "{name} page {page}"),
    "box_caption": ("{name} 第 {page} 页（红框为引文位置）", "{name} page {page} (red box: cited text)"),
    "context": ("原文上下文（第 {page} 页，引文加粗）", "Context in the source (page {page}, cited text in bold)"),
    "row_context": ("所在表格行：{title}，第 {page} 页（引用的单元格标红）", "The table row: {title}, page {page} (cited cell in red)"),
    "item": ("项目", "Item"),
    # explore
    "unit": ("单位", "Unit"),
    "year": ("年度", "Year"),
    "doc_type": ("类型", "Type"),
    "filings_of": ("{unit} 的文件", "Filings of {unit}"),
    "key_figures": ("主要数字", "Key figures"),
    "key_figures_years": ("主要数字（历年）", "Key figures over the years"),
    "tables": ("表格", "Tables"),
    "published_empty": ("公开空表", "published empty"),
    "checks": ("核对结果", "Checks"),
    "check_counts": ("核对结果：{counts}", "Checks: {counts}"),
    "across_counts": ("与同一单位其他文件的核对：{counts}", "Across this body's other filings: {counts}"),
    "no_checks": ("没有核对结果。", "No checks."),
    "export": ("导出核对结果（Markdown）", "Export the findings (Markdown)"),
    "page": ("页", "Page"),
    "file": ("文件", "File"),
    "filing": ("文件", "Filing"),
    "status": ("状态", "Status"),
    "explanation": ("说明", "Explanation"),
    "boxed_cells": ("{name} 第 {page} 页（红框：所涉单元格 {n} 处）", "{name} page {page} (red boxes: {n} cells involved)"),
    "more_in_table": ("另有 {n} 项见下表。", "{n} more in the table below."),
    "finding": ("{s}：{m}（{p}）", "{s}: {m} ({p})"),
    "colon": ("：", ": "),
    "choose_files": ("选择文件", "Choose files"),
    "upload_limit": ("每个文件不超过 {mb} MB · PDF、DOCX、TXT", "{mb} MB per file · PDF, DOCX, TXT"),
    "press_enter": ("按回车键确认", "Press Enter to apply"),
    "skip_to_content": ("跳到正文", "Skip to main content"),
    "connection_lost": ("与应用的连接已断开：请确认应用仍在运行（streamlit run app.py），然后刷新本页。",
                        "The connection to the app was lost: check that it still runs (streamlit run app.py), then reload this page."),
    "reconnecting": ("与应用的连接已断开，正在重新连接…（若一直如此，请确认应用仍在运行，然后刷新本页）",
                     "Connection to the app lost, reconnecting… (if this lasts, check that the app still runs, then reload)"),
    "asking": ("正在查找答案…", "Looking for the answer…"),
    "ranked_cover": ("{n} / {total} 份已载入的文件计入排名", "{n} of {total} loaded filings ranked"),
    "ranked_left_out": ("未计入的文件（{n} 份）", "Filings left out ({n})"),
    "show_page": ("查看所在页（所涉单元格已框出）", "Open the page (cells involved are boxed)"),
    # compare
    "metric": ("指标", "Measure"),
    "scope": ("范围", "Scope"),
    "coverage": ("{n} / {m} 份文件载有此项", "{n} of {m} filings print this"),
    "left_out": ("未载有此项：{names}", "Not printed by: {names}"),
    "none_print": ("所选文件都没有给出这个指标。", "None of the selected filings prints this."),
    "download": ("下载 CSV", "Download CSV"),
    "value": ("数值", "Value"),
    "amount_unit": ("金额单位", "Unit"),
    "wan": ("万元", "10k yuan"),
    "all": ("全部", "All"),
}

MODE = {"extractive": ("离线抽取", "offline, extractive"), "llm": ("模型措辞（已核验数字）", "model-worded, numbers verified")}
STATUS_ORDER = VERDICTS


def t(key: str, lang: str = "zh", **kw) -> str:
    zh, en = _T[key]
    return (en if lang == "en" else zh).format(**kw)


def doc_type(value: str | None, lang: str = "zh") -> str:
    return doc_type_word(value, en=lang == "en") or ("—" if lang == "zh" else "unknown")


def mode(value: str, lang: str = "zh") -> str:
    pair = MODE.get(value, (value, value))
    return pair[1] if lang == "en" else pair[0]


def status(check: CheckResult, lang: str = "zh") -> str:
    """不一致 / 口径差异 / 尾差 / 一致 / 未核 (``checks.report.verdict``), or its English."""
    label = verdict(check)
    return VERDICTS_EN[label] if lang == "en" else label


UNIT_EN = {"万元": "10k yuan", "元": "yuan", "亿元": "100m yuan"}


def amount(value: float | None, unit: str | None = "", *, decimals: int | None = None, lang: str = "zh") -> str:
    """12345.6 → '12,345.60 万元'; keeps up to four printed decimals (元 amounts carry more);
    in English the unit is worded: '12,345.60 10k yuan'."""
    if value is None:
        return "—"
    if decimals is None:
        text = f"{value:.4f}".rstrip("0")
        decimals = max(2, len(text.split(".")[1]) if "." in text else 0)
    out = f"{value:,.{decimals}f}"
    if unit and lang == "en":
        unit = UNIT_EN.get(unit, unit)
    return f"{out} {unit}".strip() if unit else out


_TABLE_ID = re.compile(r"(?:表格\s*)?(?<![A-Za-z0-9])([TB]\d{2})(?![0-9])\s*")


def readable(message: str, lang: str = "zh") -> str:
    """A check's message with table ids named as printed: '表格 T02 所列单位为“甲局”' →
    '收入决算表（公开02表）所列单位为“甲局”' (an internal id never reaches the page)."""
    from budgetlens.checks.names import table_name

    return _TABLE_ID.sub(lambda m: table_name(m.group(1))[1 if lang == "en" else 0], message)


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]()#!|<>~$"})


def plain(text: str) -> str:
    """Text from a filing or a model, escaped so that Markdown shows it as typed: an image
    ``![x](http://…)`` or a link in a filing's text stays visible characters, never a remote
    image or a link."""
    return text.translate(_MD_SPECIAL)
