"""A readable text report of check results: failures first, each with its pages.

Meant for a journalist or an editor: one line per finding in Chinese (English below
it), then counts by kind and status.
"""

from __future__ import annotations

from collections import Counter

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


def _pages(r: CheckResult) -> str:
    return ("第 " + "、".join(str(p) for p in r.pages) + " 页") if r.pages else "页码未知"


def format_report(filing: Filing, results: list[CheckResult],
                  show_passed: bool = False) -> str:
    """Text report: header, findings (fail, warn, skipped; passes if asked), summary."""
    title = " ".join(str(x) for x in (filing.entity or filing.doc_id, filing.fiscal_year,
                                        filing.doc_type) if x)
    lines = [f"核对报告 Check report: {title}", ""]
    ordered = sorted(results, key=lambda r: (_ORDER.get(r.status, 9), r.kind, r.check_id))
    for r in ordered:
        if r.status == "pass" and not show_passed:
            continue
        lines.append(f"[{verdict(r)} {VERDICTS_EN[verdict(r)]}] {r.check_id} ({r.kind}) — {_pages(r)}")
        if r.message:
            lines.append(f"    {r.message}")
        if r.message_en:
            lines.append(f"    {r.message_en}")
    total: Counter[str] = Counter(r.status for r in results)
    lines += ["", "汇总 Summary: " + ", ".join(f"{s} {total[s]}" for s in _STATUSES)]
    width = max([len(k) for k in summary(results)] + [4])
    lines.append(f"  {'kind'.ljust(width)}  " + "  ".join(s.rjust(7) for s in _STATUSES))
    for kind, counts in summary(results).items():
        lines.append(f"  {kind.ljust(width)}  "
                     + "  ".join(str(counts[s]).rjust(7) for s in _STATUSES))
    return "\n".join(lines)
