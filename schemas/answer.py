"""What ``budgetlens ask --json`` writes (CONTRACT.md "What ask --json writes")."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class AnswerCitation(BaseModel):
    model_config = ConfigDict(extra="forbid")

    doc_id: str
    path: str
    page: int
    bbox: list[float] | None = None
    quote: str
    entity: str | None = None
    where: str = ""  # the table, row and column a cell quote was read from
    unit: str | None = None  # the unit of the quote's bare numbers (its table's unit)


class AnswerRow(BaseModel):
    """One line of a comparison table."""

    model_config = ConfigDict(extra="forbid")

    entity: str
    fiscal_year: int | None = None
    value: float
    unit: str
    value_wan: float  # in 万元, for ranking across units
    citation: int  # 1-based index into citations


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    question: str
    answer: str
    value: float | None = None
    unit: str | None = None
    citations: list[AnswerCitation] = Field(default_factory=list)
    verified: bool = False
    mode: Literal["extractive", "llm"] = "extractive"
    kind: str = "value"  # value | compare | consistency | why | not_found
    table: list[AnswerRow] = Field(default_factory=list)
    unverified_numbers: list[str] = Field(default_factory=list)
    checks: list[dict] = Field(default_factory=list)  # status of the checks touching the answer
