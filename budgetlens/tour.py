"""The first-run report: what the tool made of the filings in a workspace, in a form a
new user can read in a minute, ending with the commands to go on with.

Per filing: entity, year and type; a few key figures with the page each is printed on;
the checks by verdict (不一致 / 口径差异 / 尾差 / 一致 / 未核). Then one question asked of
the stored filings and answered with its citation, exactly as ``budgetlens ask`` would.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from budgetlens.checks.names import figure_name, printed_where
from budgetlens.checks.report import VERDICTS, verdict
from budgetlens.qa import Asker
from budgetlens.render import clip, doc_type_word, unnamed
from budgetlens.settings import Settings

_SHOWN = ("income_total", "expenditure_total", "basic_expenditure", "project_expenditure",
          "three_public_actual", "three_public_budget", "reception_actual", "reception_budget")


def citation_line(i: int, c, most: int = 80) -> str:
    """One citation of an answer as the terminal prints it (the first-run report and
    ``budgetlens ask``), the table named as printed, never by its id::

        [1] fx0001_ruled.pdf 第 16 页 “三公”经费支出决算表（公开09表）「决算数」公务接待费：公务接待费 1.84
    """
    where = f" {printed_where(c.where)}" if c.where else ""
    return f"  [{i}] {Path(c.path).name} 第 {c.page} 页{where}：{clip(c.quote, most)}"


def tables_read(filing) -> int:
    """How many tables a filing was read into: its standard tables, each counted once
    however many pages it runs over (the ones the app lists under 表格). The first-run
    report and the upload card both say this number. The reader's own count of grids is
    not it: a scanned filing of 9 tables, one running over a page break, is 10 grids::

        ■ scanned.pdf：某县民政局 2023 决算，16 页，9 个表格
    """
    return len(filing.tables)


def first_run_report(settings: Settings, *, figures: int = 3) -> str:
    asker = Asker(settings)
    try:
        lines: list[str] = []
        example = None
        for rec in asker.store.documents():
            filing = asker.store.filing(rec.doc_id)
            if filing is None:
                continue
            kind = doc_type_word(filing.doc_type)
            body = filing.entity or unnamed(scanned=rec.ocr_pages > 0)  # its file name starts the line
            said = " ".join(str(x) for x in (body, filing.fiscal_year, kind) if x)
            lines.append(f"■ {rec.name}：{said}，{rec.pages} 页，{tables_read(filing)} 个表格")
            shown = [n for n in _SHOWN if n in filing.key_figures][:figures]
            for name in shown:
                fig = filing.key_figures[name]
                lines.append(f"    {figure_name(name)[0]} {fig.value:,.2f} 万元（第 {fig.citation.page} 页）")
            counts = Counter(verdict(c) for c in filing.checks)
            lines.append("    核对：" + "，".join(f"{v} {counts[v]}" for v in VERDICTS if counts[v]))
            if example is None and filing.entity and filing.fiscal_year:
                example = f"{filing.entity}{filing.fiscal_year}年公务接待费是多少？"
        if not lines:
            return "工作区里还没有文件：运行 budgetlens ingest 文件夹。\n"
        if example:
            answer = asker.ask(example)
            lines += ["", f"问：{example}", f"答：{answer.answer}"]
            lines += ["  " + citation_line(i, c) for i, c in enumerate(answer.citations, 1)]
        lines += ["", "接下来可以：",
                  "  .venv/bin/budgetlens ask \"某单位2023年公务接待费是多少？\"   # 提问，附引文",
                  "  .venv/bin/budgetlens check 文件名                          # 一份文件的核对结果",
                  "  .venv/bin/budgetlens ingest 你的文件夹/                    # 读入你自己的文件",
                  "  .venv/bin/streamlit run app.py                            # 在浏览器里问答、浏览、比较"]
        return "\n".join(lines) + "\n"
    finally:
        asker.close()
