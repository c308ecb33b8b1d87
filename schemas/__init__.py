"""Pydantic models shared by every stage. Imports nothing else of the project."""

from budgetlens.schemas.document import (
    BBox,
    Block,
    Document,
    Grid,
    GridCell,
    Line,
    Page,
    Word,
)
from budgetlens.schemas.filing import (
    SCHEMA_VERSION,
    CellValue,
    CheckOperand,
    CheckResult,
    Citation,
    Filing,
    Gold,
    KeyFigure,
    KeyFigureMention,
    PerformanceIndicator,
    PerformanceTable,
    Row,
    Source,
    Table,
    Unmapped,
)

__all__ = [
    "SCHEMA_VERSION", "BBox", "Block", "CellValue", "CheckOperand", "CheckResult",
    "Citation", "Document", "Filing", "Gold", "Grid", "GridCell", "KeyFigure",
    "KeyFigureMention", "Line", "Page", "PerformanceIndicator", "PerformanceTable",
    "Row", "Source", "Table", "Unmapped", "Word",
]
