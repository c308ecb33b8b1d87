"""A readable text report of check results: failures first, each with its pages.

Meant for a journalist or an editor: one line per finding in Chinese (English below
it), then counts by kind and status.
"""

from __future__ import annotations

from collections import Counter
from pathlib import PurePath

from budgetlens.checks.names import printed_table, table_name
from budgetlens.render import doc_type_word, unnamed
from budgetlens.schemas.filing import CheckResult, Filing

_ORDER = {"fail": 0, "warn": 1, "skipped": 2, "pass": 3}
_STATUSES = ("fail", "warn", "skipped", "pass")
VERDICTS = ("不一致", "口径差异", "尾差", "未核", "一致")
VERDICTS_EN = {"不一致": "mismatch", "口径差异": "scope difference", "尾差": "rounding", "未核": "not checked",
               "一致": "agrees"}


def verdict(result: CheckResult) -> str:
    """What a check found, in the words a journalist uses: 不一致 (fail), 尾差 (a warn whose
    difference is inside the rounding band), 口径差异 (any other warn: two statements of
    different scope, a sum over unkeyed rows), 一致 (pass), 未核 (skipped). A difference of
    15 or 140.2 is never called 尾差."""
    if result.status == "fail":
        return "不一致"
    if result.status == "pass":
        return "一致"
    if result.status == "skipped":
        return "未核"
    within = result.difference is not None and result.tolerance is not None \
        and abs(result.difference) <= result.tolerance + 1e-9
    return "尾差" if within else "口径差异"


def summary(results: list[CheckResult]) -> dict[str, dict[str, int]]:
    """Counts by kind and status: ``{"row": {"pass": 12, "warn": 1, …}, …}``."""
    counts: dict[str, Counter[str]] = {}
    for r in results:
        counts.setdefault(r.kind or "other", Counter())[r.status] += 1
    return {kind: {s: c[s] for s in _STATUSES} for kind, c in sorted(counts.items())}


KINDS = {"row": ("表内行核对", "row sum"), "hierarchy": ("科目层级核对", "class and its items"),
         "cross_table": ("表间核对", "table against table"), "narrative": ("叙述与表格核对", "narrative against table"),
         "line": ("叙述逐项核对", "narrative line item"), "percent": ("百分比核对", "stated percentage"),
         "document": ("文件核对", "document"), "performance": ("绩效自评表核对", "performance table"),
         "split": ("人员公用经费核对", "personnel / public split"), "across": ("跨文件核对", "across filings"),
         "change": ("增减幅度核对", "stated change"), "share": ("占比核对", "stated share"),
         "completion": ("完成率核对", "completion rate")}


def heading(filing: Filing, r: CheckResult) -> tuple[str, str]:
    """What a finding is about, as printed: its kind and the tables it reads by their
    printed label and title (表3 本年支出总体情况表), never an internal id."""
    zh, en = KINDS.get(r.kind, (r.kind or "核对", r.kind or "check"))
    tables: list[tuple[str, str]] = []
    for op in r.operands:
        if not op.table_id or op.table_id.startswith("P"):
            continue
        table = filing.table(op.table_id)
        name = printed_table(table) if table is not None else table_name(op.table_id)
        if name not in tables:
            tables.append(name)
    if tables:
        zh += "：" + "、".join(t[0] for t in tables)
        en += ": " + "; ".join(t[1] for t in tables)
    return zh, en


def _pages(r: CheckResult) -> str:
    return ("第 " + "、".join(str(p) for p in r.pages) + " 页") if r.pages else "页码未知"


def _width(text: str) -> int:
    """Columns ``text`` takes in a terminal: a Chinese character takes two."""
    return sum(2 if "\u4e00" <= ch <= "\u9fff" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def format_report(filing: Filing, results: list[CheckResult],
                  show_passed: bool = False) -> str:
    """Text report: header, findings (fail, warn, skipped; passes if asked), summary."""
    name = PurePath(filing.source.path).name if filing.source else filing.doc_id
    body = filing.entity or unnamed(name)
    title = " ".join(str(x) for x in (body, filing.fiscal_year, doc_type_word(filing.doc_type)) if x)
    lines = [f"核对报告 Check report: {title}", ""]
    ordered = sorted(results, key=lambda r: (_ORDER.get(r.status, 9), r.kind, r.check_id))
    for r in ordered:
        if r.status == "pass" and not show_passed:
            continue
        zh, en = heading(filing, r)
        lines.append(f"[{verdict(r)} {VERDICTS_EN[verdict(r)]}] {zh} — {_pages(r)}")
        if r.message:
            lines.append(f"    {r.message}")
        if r.message_en:
            lines.append(f"    {r.message_en}")
    by_kind: dict[str, Counter[str]] = {}
    for r in results:
        by_kind.setdefault(r.kind or "other", Counter())[verdict(r)] += 1
    total = sum(by_kind.values(), Counter())
    lines += ["", "汇总 Summary: " + "，".join(f"{v} {total[v]}" for v in VERDICTS)
              + " (" + ", ".join(f"{VERDICTS_EN[v]} {total[v]}" for v in VERDICTS) + ")"]
    names = {kind: KINDS.get(kind, (kind, kind))[0] for kind in by_kind}
    width = max([_width(n) for n in names.values()] + [4])
    lines.append("  " + _pad("核对", width) + "  " + "  ".join(_pad(v, 8, right=True) for v in VERDICTS))
    for kind, counts in sorted(by_kind.items()):
        lines.append("  " + _pad(names[kind], width) + "  "
                     + "  ".join(_pad(str(counts[v]), 8, right=True) for v in VERDICTS))
    return "\n".join(lines)
