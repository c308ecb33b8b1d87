"""Class names against the year's 政府收支分类科目: a former name printed for a code.

The classification is renamed from time to time: 20805 行政事业单位离退休 became
行政事业单位养老支出, 210 医疗卫生与计划生育支出 became 卫生健康支出. A filing for a year
after the rename that prints

    20805    行政事业单位离退休        150.00

names the class by its former name (an old template copied forward). A name is flagged
only when the classification data marks it as a *former* name of that code and gives
another name for the filing's year; a name the data does not know is never flagged
(the data is built from printed filings and is incomplete).

The data is any object with ``name_of(code, year)`` and ``is_former(code, name)``
(``Classification``); the shipped one is ``budgetlens.schemas.classification`` when
present. Without data the check does not run.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from typing import Protocol

from budgetlens.checks.names import printed_table
from budgetlens.checks.tolerance import FAIL
from budgetlens.ingest.normalize import fold, nospace
from budgetlens.schemas.filing import CheckOperand, CheckResult, Filing

# tables whose rows are keyed by function (2xx) or economic (3xx, 5xx) codes
_CODED = {"T01", "T02", "T03", "T04", "T05", "T06", "T07", "T08", "B01", "B02", "B03",
          "B04", "B05", "B06", "B07", "B08", "B10", "B11"}
_CODE = re.compile(r"^(?:2\d{2}|[35]\d{2})(?:\d{2}){0,2}$")
_NUMBERING = re.compile(r"^(?:[（(][一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．]"
                        r"|\d{1,2}[、.．]|\d{3,7})\s*")


class Classification(Protocol):
    def name_of(self, code: str, year: int | None = None) -> str | None: ...

    def is_former(self, code: str, name: str) -> bool: ...


def shipped() -> Classification | None:
    """The project's classification data, when this installation has it."""
    try:
        module = importlib.import_module("budgetlens.schemas.classification")
    except ImportError:
        return None
    default = getattr(module, "default", None)
    return default() if callable(default) else None


def printed_name(label: str) -> str:
    """A row label as a class name: 一、教育支出 → 教育支出, （六）科学技术支出 → 科学技术支出."""
    return _NUMBERING.sub("", nospace(fold(label)), count=1)


def _same(a: str, b: str) -> bool:
    return printed_name(a).replace("（", "(").replace("）", ")") == \
        printed_name(b).replace("（", "(").replace("）", ")")


def class_name_checks(filing: Filing, data: Classification | None = None) -> Iterator[CheckResult]:
    """One fail per (code, former name) printed in the filing, naming every table."""
    data = data if data is not None else shipped()
    if data is None or filing.fiscal_year is None:
        return
    year = filing.fiscal_year
    found: dict[tuple[str, str], list[CheckOperand]] = {}
    names = {t.table_id: printed_table(t)[0] for t in filing.tables}
    current_of: dict[tuple[str, str], str] = {}
    for table in filing.tables:
        if table.table_id not in _CODED:
            continue
        for row in table.rows:
            name = printed_name(row.label)
            if not name or not _CODE.match(row.key) or not data.is_former(row.key, name):
                continue
            current = data.name_of(row.key, year)
            if not current or _same(current, name):
                continue  # the former name is still the name in that year
            cell = next(iter(row.cells.values()), None)
            page = cell.citation.page if cell else (table.pages[0] if table.pages else None)
            found.setdefault((row.key, name), []).append(CheckOperand(
                table_id=table.table_id, key=row.key, page=page, quote=row.label))
            current_of[(row.key, name)] = current
    for (code, name), ops in found.items():
        pages = sorted({o.page for o in ops if o.page is not None})
        where = "、".join(f"{names.get(o.table_id or '', o.table_id)}（第 {o.page} 页）" if o.page
                         else names.get(o.table_id or "", str(o.table_id)) for o in ops)
        current = current_of[(code, name)]
        yield CheckResult(
            check_id=f"document.class_name.{code}", kind="document", status=FAIL.status,
            severity=FAIL.severity,
            message=(f"科目 {code} 印作“{name}”，这是该科目的旧名称；{year} 年政府收支分类科目中"
                     f" {code} 为“{current}”（见 {where}）。"),
            message_en=(f"Code {code} is printed as “{name}”, its former name; in {year} the "
                        f"class is “{current}” ({where})."),
            operands=ops, pages=pages)
