"""The extracted filing: exactly the JSON that ``budgetlens extract`` writes (CONTRACT.md).

Every number carries a ``Citation``; nothing in this module builds a value without one.
Field names are fixed by the contract; fields it does not name are additions it allows.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

DocType = Literal["final_accounts", "budget"]
Unit = Literal["万元", "元"]
CheckStatus = Literal["pass", "warn", "fail", "skipped"]
Severity = Literal["error", "warning", "info"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Citation(_Model):
    page: int  # 1-based
    bbox: list[float] | None = None  # PDF points; absent for text and .docx sources
    quote: str  # exact source text after whitespace normalisation
    # [start, end) of the cited number inside ``quote`` when the quote is wider than the
    # number (a narrative sentence); None when the quote is the number or it was not kept
    span: list[int] | None = None


class CellValue(_Model):
    value: float
    citation: Citation


class Row(_Model):
    key: str
    label: str = ""
    cells: dict[str, CellValue] = Field(default_factory=dict)


class Unmapped(_Model):
    """A row or column the rules could not key: reported, never silently dropped."""

    kind: Literal["row", "column", "table", "figure"]
    table_id: str | None = None
    text: str
    page: int | None = None
    reason: str = ""
    # PDF points of what is not keyed (a row's amounts, a column's, one amount), when known
    bbox: list[float] | None = None


class Table(_Model):
    table_id: str
    title: str = ""
    label: str = ""  # as printed: 公开01表, 表一, 表1 …
    unit: Unit = "万元"
    pages: list[int] = Field(default_factory=list)
    empty: bool = False  # published empty (本表无数据 / 空表)
    entity: str = ""  # the 编制单位 / 部门名称 the table's heading names, as printed
    rows: list[Row] = Field(default_factory=list)
    source: Literal["rules", "llm"] = "rules"


class KeyFigureMention(_Model):
    value: float
    unit: str  # unit as stated (元, 万元, %, 辆)
    citation: Citation


class KeyFigure(_Model):
    value: float  # 万元, a count, or a percentage
    unit: str
    citation: Citation
    mentions: list[KeyFigureMention] = Field(default_factory=list)  # every statement


class PerformanceIndicator(_Model):
    level1: str = ""
    level2: str = ""
    name: str
    target: str = ""  # 年度指标值 as printed
    actual: str = ""  # 实际完成值 as printed
    weight: float | None = None  # 分值
    score: float | None = None  # 得分
    page: int | None = None


class PerformanceTable(_Model):
    table_id: str  # P01, P02 … in document order
    kind: Literal["overall", "project"] = "project"
    entity: str = ""  # the entity the table names (checked against the document's)
    project: str = ""
    budget_initial: CellValue | None = None  # 年初预算数
    budget_full_year: CellValue | None = None  # 全年预算数
    actual: CellValue | None = None  # 全年执行数
    execution_rate: float | None = None  # 执行率 %, as printed
    score: float | None = None
    parts: list[Row] = Field(default_factory=list)  # task rows of an overall table
    indicators: list[PerformanceIndicator] = Field(default_factory=list)
    pages: list[int] = Field(default_factory=list)


class CheckOperand(_Model):
    table_id: str | None = None
    key: str | None = None
    col: str | None = None
    figure: str | None = None  # key-figure name when the operand comes from narrative
    value: float | None = None
    page: int | None = None
    bbox: list[float] | None = None
    quote: str | None = None


class CheckResult(_Model):
    check_id: str
    kind: str = ""  # row, hierarchy, cross_table, narrative, percent, document, …
    status: CheckStatus
    severity: Severity = "info"
    expected: float | None = None
    actual: float | None = None
    difference: float | None = None
    tolerance: float | None = None
    message: str = ""  # Chinese, one sentence a journalist can read
    message_en: str = ""
    operands: list[CheckOperand] = Field(default_factory=list)
    pages: list[int] = Field(default_factory=list)


class Source(_Model):
    path: str
    sha256: str
    pages: int
    media: str


class Filing(_Model):
    schema_version: int = SCHEMA_VERSION
    doc_id: str
    source: Source
    entity: str | None = None
    fiscal_year: int | None = None
    doc_type: DocType | None = None
    key_figures: dict[str, KeyFigure] = Field(default_factory=dict)
    tables: list[Table] = Field(default_factory=list)
    checks: list[CheckResult] = Field(default_factory=list)
    performance: list[PerformanceTable] = Field(default_factory=list)
    unmapped: list[Unmapped] = Field(default_factory=list)
    extractor_version: str = ""
    warnings: list[str] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)  # narrative line statements

    def table(self, table_id: str) -> Table | None:
        return next((t for t in self.tables if t.table_id == table_id), None)


# --- gold fixtures (CONTRACT.md "Gold fixtures"): values only -----------------------


class GoldRow(BaseModel):
    model_config = ConfigDict(extra="allow")
    key: str
    label: str | None = None
    cells: dict[str, float | dict] = Field(default_factory=dict)


class GoldTable(BaseModel):
    model_config = ConfigDict(extra="allow")
    table_id: str
    rows: list[GoldRow] = Field(default_factory=list)


class Gold(BaseModel):
    model_config = ConfigDict(extra="allow")
    doc: str | None = None
    source: dict | None = None
    checked: str = ""  # what the gold was checked against, and how
    entity: str | None = None
    fiscal_year: int | None = None
    doc_type: DocType | None = None
    key_figures: dict[str, float | dict] = Field(default_factory=dict)
    tables: list[GoldTable] = Field(default_factory=list)


# --- narrative statements (an addition the contract allows) ------------------------

StatementMeasure = Literal["budget", "actual", "prior_year", "change", "change_pct", "share",
                           "completion", "rate"]


class Statement(_Model):
    """One amount the narrative states for a named line, with its sentence.

    "行政运行（2010101）2025年执行数为 12 万元，2026年预算安排 12.5 万元，比上年增加
    0.5 万元，增长 4.17%，主要原因是…" gives four statements of one ``group``:
    prior_year 12 (year 2025), budget 12.5 (2026), change 0.5 and change_pct 4.17
    (compared_year 2025), each with ``reason`` = the 主要原因 clause.
    """

    subject: str  # the line as printed (行政运行, 公务接待费, 基本支出); '' when only coded
    code: str | None = None  # function / economic code when the sentence prints one
    measure: StatementMeasure
    year: int | None = None  # the year the amount is about
    value: float  # as printed (signed for a stated decrease)
    unit: str  # 亿元, 万元, 元 or %, as printed
    value_wan: float | None = None  # in 万元; None for a %
    compared_year: int | None = None  # for a change: the year compared with
    share_of: str | None = None  # for a share: the whole as the sentence names it ('' unnamed)
    group: int = 0  # amounts of one line in one sentence share a group
    parent: int | None = None  # the group of the whole a part is stated under (其中)
    reason: str = ""  # the 主要原因 clause, when the sentence gives one
    section: str = ""  # the headings above the sentence
    citation: Citation  # the sentence; span = the number


Filing.model_rebuild()
