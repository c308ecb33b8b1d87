"""Extraction: a ``Document`` into a ``Filing`` (the contract's extract JSON).

``extract(document)`` runs the rule-based table extraction (``extract.tables``) and,
when the module is present, the narrative reader (``extract.narrative``) for entity,
year, document type and key figures. Checks are added by the pipeline, not here.
"""

from __future__ import annotations

from budgetlens.schemas.document import Document
from budgetlens.schemas.filing import Filing, Source

EXTRACTOR_VERSION = "rules-1"


def extract(document: Document, settings=None, llm=None) -> Filing:
    """The filing of one document: tables with citations, unmapped rows, narrative."""
    from budgetlens.extract.tables import extract_tables

    tables, unmapped = extract_tables(document)
    filing = Filing(doc_id=document.doc_id,
                    source=Source(path=document.path, sha256=document.sha256,
                                  pages=document.n_pages, media=document.media),
                    tables=tables, unmapped=unmapped, extractor_version=EXTRACTOR_VERSION,
                    warnings=list(document.warnings))
    if tables and filing.doc_type is None:
        finals = sum(t.table_id.startswith("T") for t in tables)
        filing.doc_type = "final_accounts" if finals >= len(tables) - finals else "budget"
    from budgetlens.extract.narrative import extract_narrative

    try:
        narrative = extract_narrative(document)
    except Exception as exc:  # the tables stand on their own; say why the rest is missing
        if getattr(settings, "raise_errors", False):  # under test a bug shows as a traceback
            raise
        filing.warnings.append(f"narrative extraction failed: {type(exc).__name__}: {exc}")
        return filing
    for name in ("entity", "fiscal_year", "doc_type"):
        value = getattr(narrative, name, None)
        if value is not None:
            setattr(filing, name, value)
    figures = getattr(narrative, "key_figures", None)
    if figures:
        filing.key_figures.update(figures)
    filing.unmapped.extend(getattr(narrative, "unmapped", None) or [])
    filing.statements = list(getattr(narrative, "statements", None) or [])
    if getattr(narrative, "error", ""):
        if getattr(settings, "raise_errors", False):  # under test a bug shows, not a warning
            raise RuntimeError(narrative.error)
        filing.warnings.append(narrative.error)
    _performance(filing, document, settings)
    if llm is not None:
        from budgetlens.extract.assist import assist

        filing = assist(filing, document, llm, settings)
    return filing


def _performance(filing: Filing, document: Document, settings=None) -> None:
    try:
        from budgetlens.extract.performance import extract_performance
    except ImportError:
        return
    try:
        filing.performance = extract_performance(document)
    except Exception as exc:  # reported, never fatal: the standard tables stand alone
        if getattr(settings, "raise_errors", False):
            raise
        filing.warnings.append(f"performance tables failed: {type(exc).__name__}: {exc}")


__all__ = ["extract", "EXTRACTOR_VERSION"]
