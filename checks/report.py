"""A readable text report of check results: failures first, each with its pages.

Meant for a journalist or an editor: one line per finding in Chinese (English below
it), then counts by kind and status.
"""

from __future__ import annotations

from collections import Counter

from budgetlens.schemas.filing import CheckResult, Filing

_ORDER = {"fail": 0, "warn": 1, "skipped": 2, "pass": 3}
_LABEL = {"fail": "错误 FAIL", "warn": "提示 WARN", "skipped": "未核 SKIPPED", "pass": "通过 PASS"}
_STATUSES = ("fail", "warn", "skipped", "pass")


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
        lines.append(f"[{_LABEL[r.status]}] {r.check_id} ({r.kind}) — {_pages(r)}")
        if r.message:
            lines.append(f"    {r.message}")
        if r.message_en:
            lines.append(f"    {r.message_en}")
    total = Counter(r.status for r in results)
    lines += ["", "汇总 Summary: " + ", ".join(f"{s} {total[s]}" for s in _STATUSES)]
    width = max([len(k) for k in summary(results)] + [4])
    lines.append(f"  {'kind'.ljust(width)}  " + "  ".join(s.rjust(7) for s in _STATUSES))
    for kind, counts in summary(results).items():
        lines.append(f"  {kind.ljust(width)}  "
                     + "  ".join(str(counts[s]).rjust(7) for s in _STATUSES))
    return "\n".join(lines)
