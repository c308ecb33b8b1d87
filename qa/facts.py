"""Structured lookups over the fact store: metric + entity + year → value with its source.

Table cells are preferred to narrative statements (the tables are what the checks
confirm); every fact carries its citation and the status of the checks that touch it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.store import DocRecord, Store
from budgetlens.checks.names import column_name
from budgetlens.qa.understand import Metric


@dataclass(frozen=True)
class Fact:
    doc: DocRecord
    value: float
    unit: str
    page: int | None
    bbox: list[float] | None
    quote: str
    source: str  # where a reader finds it: "T09「决算数」公务接待费", or "narrative reception_actual"
    table_id: str | None = None
    key: str | None = None
    col: str | None = None
    figure: str | None = None
    checks: tuple[dict, ...] = field(default_factory=tuple)

    @property
    def value_wan(self) -> float:
        return self.value / 10000 if self.unit == "元" else self.value


def checks_touching(store: Store, doc_id: str, *, table_id=None, key=None, col=None, figure=None) -> list[dict]:
    """Check results whose operands name this cell or key figure."""
    out = []
    for row in store.checks(doc_id):
        for op in row.operands:
            if (figure and op.get("figure") == figure) or (
                table_id and op.get("table_id") == table_id and op.get("key") == key and op.get("col") == col
            ):
                out.append({"check_id": row.check_id, "kind": row.kind, "status": row.status,
                            "severity": row.severity, "message": row.message,
                            "pages": row.pages, "operands": row.operands})
                break
    return out


def lookup(store: Store, doc: DocRecord, metric: Metric, *, with_checks: bool = True) -> Fact | None:
    """The metric's value in one document: a table cell first, else the narrative.

    ``with_checks=False`` skips finding the checks that touch it (a ranking over many
    documents shows none, and reading every document's checks is most of its time)."""
    for table_id, key, col in metric.cells:
        r = store.cell(doc.doc_id, table_id, key, col)
        if r is not None:
            where = f"{table_id}「{r.label or key}」{column_name(col)[0] if col not in ('amount', 'total') else ''}"
            return Fact(doc, r.value, r.unit or "万元", r.page, r.bbox, r.quote or "",
                        where.strip(), table_id, key, col,
                        checks=tuple(checks_touching(store, doc.doc_id, table_id=table_id, key=key, col=col))
                        if with_checks else ())
    rows = store.key_figures(doc.doc_id, metric.name)
    if rows:
        r = rows[0]
        unit = metric.unit if metric.kind != "amount" else "万元"
        return Fact(doc, r.value, unit, r.page, r.bbox, r.quote or "",
                    f"narrative {metric.name}", figure=metric.name,
                    checks=tuple(checks_touching(store, doc.doc_id, figure=metric.name)) if with_checks else ())
    return None


_SHARE_RE = re.compile(r"基本支出[^，。；]*?([\d.,]+)\s*(万元|元)[，,]?\s*占[^\d]{0,8}([\d.]+)\s*%")


def basic_share(store: Store, doc: DocRecord, *, with_checks: bool = True) -> Fact | None:
    """The share of basic expenditure as the narrative states it (基本支出 X 万元，占 Y%)."""
    for r in store.key_figures(doc.doc_id, "basic_expenditure"):
        m = _SHARE_RE.search(r.quote or "")
        if m:
            return Fact(doc, float(m.group(3)), "%", r.page, r.bbox, r.quote,
                        "narrative basic_expenditure share", figure="basic_expenditure",
                        checks=tuple(checks_touching(store, doc.doc_id, figure="basic_expenditure"))
                        if with_checks else ())
    return None
