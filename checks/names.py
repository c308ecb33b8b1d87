"""What tables, columns, rows and key figures are called, in Chinese and English.

Messages are read by journalists: they name the table as the document does
(支出决算表（公开03表）) and the column by its printed header (基本支出).
"""

from __future__ import annotations

import re

# The names live in the one catalogue of the contract; checks, answers and the app read them from there.
from budgetlens.schemas.catalogue import COLUMN_NAMES as COLUMNS
from budgetlens.schemas.catalogue import FIGURE_NAMES as FIGURES
from budgetlens.schemas.catalogue import ROW_NAMES as ROWS
from budgetlens.schemas.catalogue import TABLE_NAMES as TABLES


def table_name(table_id: str) -> tuple[str, str]:
    """(Chinese, English) name of a table id; performance tables are 绩效自评表."""
    if table_id in TABLES:
        return TABLES[table_id]
    if table_id.startswith("P"):
        return (f"绩效自评表（{table_id}）", f"performance table {table_id}")
    return (table_id, table_id)


def printed_table(table) -> tuple[str, str]:
    """(Chinese, English) name of a ``Table`` as the filing prints it: its label and its
    printed title ('表3 本年支出总体情况表', '公开05表 一般公共预算财政拨款支出决算表'),
    the catalogue's name when no title was read; never its id alone."""
    zh, en = table_name(table.table_id)
    title = re.sub(r"\s+", "", table.title or "")
    if title and len(title) <= 40:
        zh = title
    label = re.sub(r"\s+", "", table.label or "")
    if label and label not in zh:
        zh = f"{label} {zh}"
    if label and label not in en and "(table" not in en:
        en = f"{en} ({label})"
    return zh, en


def column_name(col: str) -> tuple[str, str]:
    return COLUMNS.get(col, (col, col))


def row_name(key: str, label: str = "") -> tuple[str, str]:
    """A row as a reader finds it: ``210 卫生健康支出`` or ``合计``."""
    if key in ROWS:
        return ROWS[key]
    return (f"{key} {label}".strip(), f"{key} {label}".strip())


def figure_name(name: str) -> tuple[str, str]:
    return FIGURES.get(name, (name, name))


def fmt(value: float) -> str:
    """A number as a reader writes it: 526.04, 0.3, 12,345.67 (no float noise)."""
    text = f"{value:,.4f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


_TABLE_ID = re.compile(r"^([A-Z]\d{2}[a-z]?)(?=「|$|\s)")


def printed_where(where: str, en: bool = False) -> str:
    """A cell's place with its table named as printed, never by its id:
    'T09「决算数」公务接待费' → '“三公”经费支出决算表（公开09表）「决算数」公务接待费'."""
    m = _TABLE_ID.match(where)
    if not m:
        return where
    return table_name(m.group(1))[1 if en else 0] + where[m.end():]
