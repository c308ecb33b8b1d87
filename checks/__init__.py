"""Deterministic checks that confirm every number of a filing.

``run_checks(filing)`` returns one ``CheckResult`` per rule that could be applied:

- ``row``, ``hierarchy``      inside a table (``checks.table_rules``)
- ``cross_table``             the same amount in two tables (``checks.cross``), the same
                              whole split alike (人员/公用, 基本/项目: ``checks.splits``)
- ``narrative``               each statement of a key figure against its table cell
                              (``checks.narrative``)
- ``percent``, ``change``     shares, completion rates and year-on-year changes the
                              narrative states, recomputed (``checks.percent``)
- ``line``                    each line the narrative states an amount for: its change
                              and %, shares, compositions, repeats, table row and
                              comparison year (``checks.lines``)
- ``document``, ``performance``  one entity and year, units, performance tables
                              (``checks.document``, unit errors in ``checks.narrative``),
                              pages titled as a table that print none (``checks.pages``),
                              former class names (``checks.classnames``)

Differences inside the rounding band (``checks.tolerance``) are warnings (尾差), never
errors. ``checks.report.format_report`` renders the results for a reader.
"""

from __future__ import annotations

from budgetlens.checks.classnames import class_name_checks
from budgetlens.checks.cross import cross_checks
from budgetlens.checks.document import document_checks
from budgetlens.checks.lines import line_checks
from budgetlens.checks.narrative import narrative_checks
from budgetlens.checks.pages import page_checks
from budgetlens.checks.percent import percent_checks
from budgetlens.checks.report import format_report, summary
from budgetlens.checks.splits import split_checks
from budgetlens.checks.table_rules import table_checks
from budgetlens.schemas.document import Document
from budgetlens.schemas.filing import CheckResult, Filing

__all__ = ["format_report", "run_checks", "summary"]


def run_checks(filing: Filing, document: Document | None = None) -> list[CheckResult]:
    """Every check that applies to ``filing``, in a stable order (tables first); the read
    ``document``, when given, lets the checks of page text run (``checks.pages``)."""
    percents = percent_checks(filing)
    results = [*table_checks(filing), *cross_checks(filing), *split_checks(filing),
               *narrative_checks(filing), *percents, *line_checks(filing, percents),
               *document_checks(filing), *class_name_checks(filing),
               *page_checks(filing, document)]
    seen: set[str] = set()
    unique: list[CheckResult] = []
    incomplete = _incomplete_tables(filing)
    for result in results:
        if result.check_id in seen:
            continue
        seen.add(result.check_id)
        unique.append(_soften_if_incomplete(result, incomplete))
    return unique


_SUM_KINDS = {"row", "hierarchy", "cross_table"}


def _incomplete_tables(filing: Filing) -> dict[str, list[str]]:
    """Tables with a printed row or column extraction could not key, and what it was."""
    out: dict[str, list[str]] = {}
    for u in filing.unmapped:
        if u.table_id and u.kind in {"row", "column"}:
            out.setdefault(u.table_id, []).append(u.text[:30])
    return out


def _soften_if_incomplete(result: CheckResult, incomplete: dict[str, list[str]]) -> CheckResult:
    """A sum over a table with unkeyed rows or columns may be missing those parts: its
    failure asks for a look (warning) rather than accuses the filing."""
    if result.status != "fail" or result.kind not in _SUM_KINDS:
        return result
    tables = sorted({op.table_id for op in result.operands if op.table_id in incomplete})
    if not tables:
        return result
    what = "；".join(f"{t}：{'、'.join(incomplete[t][:3])}" for t in tables)
    return result.model_copy(update={
        "status": "warn", "severity": "warning",
        "message": result.message + f"（表中有未能识别的行或列，合计可能包含它们：{what}；请人工核对。）",
        "message_en": result.message_en + f" (The table has rows or columns that could not be keyed "
                                          f"({', '.join(tables)}); the sum may include them: check by hand.)"})
