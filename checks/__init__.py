"""Deterministic checks that confirm every number of a filing.

``run_checks(filing)`` returns one ``CheckResult`` per rule that could be applied:

- ``row``, ``hierarchy``      inside a table (``checks.table_rules``)
- ``cross_table``             the same amount in two tables (``checks.cross``)
- ``narrative``               each statement of a key figure against its table cell
                              (``checks.narrative``)
- ``percent``, ``change``     shares, completion rates and year-on-year changes the
                              narrative states, recomputed (``checks.percent``)
- ``document``, ``performance``  one entity and year, units, performance tables
                              (``checks.document``, unit errors in ``checks.narrative``)

Differences inside the rounding band (``checks.tolerance``) are warnings (尾差), never
errors. ``checks.report.format_report`` renders the results for a reader.
"""

from __future__ import annotations

from checks.cross import cross_checks
from checks.document import document_checks
from checks.narrative import narrative_checks
from checks.percent import percent_checks
from checks.report import format_report, summary
from checks.table_rules import table_checks
from schemas.filing import CheckResult, Filing

__all__ = ["format_report", "run_checks", "summary"]


def run_checks(filing: Filing) -> list[CheckResult]:
    """Every check that applies to ``filing``, in a stable order (tables first)."""
    results = [*table_checks(filing), *cross_checks(filing), *narrative_checks(filing),
               *percent_checks(filing), *document_checks(filing)]
    seen: set[str] = set()
    unique: list[CheckResult] = []
    for result in results:
        if result.check_id in seen:
            continue
        seen.add(result.check_id)
        unique.append(result)
    return unique
