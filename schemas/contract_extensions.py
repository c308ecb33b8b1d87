"""Keys the extractor emits beyond the shared contract, and what each family means.

The shared contract (``CONTRACT.md``) lists the standard tables' row keys and column
ids. Layouts met since print more (a 单位资金 column, a 财政专户 split, a summary's
third and fourth side by economic class, a 政府采购 list by unit and item …); their keys
are kept rather than dropped, and documented here, in ``docs/contract-extensions.md``
(written from this module: ``python -m budgetlens.schemas.contract_extensions``).

Two kinds of extension:

- *named* ids: every column id and named row key of ``catalogue`` that the contract does
  not list (``CONTRACT_COLUMNS``, ``CONTRACT_ROW_KEYS``), with the header or row words
  they are read from and the catalogue's note: derived, never listed twice;
- *families*: keys built from parts (``exp.econ|basic|301``, ``prior_year.outbound``,
  ``<unit>|<code>|<category>|<item>``), each a pattern over the key's *shape*, where a
  function or economic code reads ``<code>``, a known id stays, and any other part (a
  unit's or an item's name as printed) reads ``<text>``.

``family_of_row`` / ``family_of_column`` say which family a key belongs to ("contract"
when the contract lists it) or None: a test runs them over everything the extractor
emits, so a new key family cannot appear undocumented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlens.schemas import catalogue

CONTRACT_COLUMNS: frozenset[str] = frozenset({
    "amount", "total", "fiscal_grant", "higher_level_subsidy", "business", "operating", "affiliated_remit",
    "other", "basic", "project", "remit_to_higher", "subsidy_to_affiliated", "general_budget", "gov_fund",
    "soe_capital", "budget_initial", "carryover_begin", "income", "carryover_end", "outbound", "vehicle_total",
    "vehicle_purchase", "vehicle_operation", "reception", "meeting", "training", "personnel", "public",
    "operating_expenses", "prior_year", "change", "change_pct",
})
"""The column ids the shared contract lists (T01-T09, the budget tables, other years)."""

CONTRACT_ROW_KEYS: frozenset[str] = frozenset({
    "total", "budget", "actual", "personnel_total", "public_total",
    "income.general_budget", "income.gov_fund", "income.soe_capital", "income.fiscal_grant",
    "income.higher_level_subsidy", "income.business", "income.operating", "income.affiliated_remit",
    "income.other", "income.current_year_total", "income.use_of_balance", "income.carryover_begin",
    "income.grand_total", "exp.current_year_total", "exp.balance_distribution", "exp.carryover_end",
    "exp.grand_total",
})
"""The named row keys the shared contract lists (besides function and economic codes,
and ``<unit name>|<row key>`` for a row of a subordinate unit)."""


@dataclass(frozen=True)
class Family:
    """A family of keys: ``shape`` is a regular expression over the key's shape."""

    name: str
    kind: str  # "row" or "column"
    tables: tuple[str, ...]  # the tables it is emitted in ("*": any standard table)
    shape: str
    meaning: str
    example: str  # as printed → as keyed


_FUNDS = "general_budget|gov_fund|soe_capital"
_ITEMS = ("total|all_total|outbound|vehicle_total|vehicle_purchase|vehicle_operation|reception|meeting|training|"
          "operating_expenses|admin_expenses")
_GROUPS = "prior_year|change|carryover_begin|current_year"

FAMILIES: tuple[Family, ...] = (
    Family("unit rows", "row", ("*",), r"<text>\|.+",
           "a row of a subordinate unit, keyed ``<unit name>|<row key>`` (the contract's rule); the "
           "department's own unit line printed under the department's name is ``<name>（本级）``",
           "深圳市建筑工务署（本级） | 2050803 … → ``深圳市建筑工务署（本级）|2050803``"),
    Family("repeated keys", "row", ("*",), r".+#\d+",
           "a key printed a second time in one table (a list line under the same unit, code and labels "
           "again): ``<key>#2``, ``<key>#3`` …",
           "Xi'an 政府采购 list, a second line 242001 | 2080108 | … | 1月-12月 → ``…|1月-12月#2``"),
    Family("side openings", "row", ("B01", "B04", "T01", "T04"),
           r"(?:exp\.(?:econ|gov_econ)\|)?(?:income|exp)\.(?:department_budget|fiscal_grant)",
           "a summary side's opening line (一、部门预算 / 财政拨款) over the lines it adds up",
           "一、部门预算 (expenditure side) → ``exp.department_budget``"),
    Family("carried-over fund lines", "row", ("B01", "B04", "T01", "T04"),
           rf"(?:income\.carryover_begin|exp\.carryover_end)\.(?:{_FUNDS}|fiscal_grant|non_fiscal)",
           "a fund's share of the carry-over, printed under 上年结转 / 年末结转",
           "上年结转 | 其中：财政拨款资金结转 90.57 → ``income.carryover_begin.fiscal_grant``"),
    Family("economic sides", "row", ("B01", "B04", "B07"),
           r"exp\.(?:econ|gov_econ)\|(?:(?:basic|project)(?:\|(?:<code>|<text>))?|<code>|<text>|exp\.[a-z_]+|"
           r"operating|remit_to_higher|subsidy_to_affiliated)",
           "a summary's third and fourth sides, the same expenditure by 部门 (``exp.econ``) and 政府 "
           "(``exp.gov_econ``) economic class: by code, under 人员经费和公用经费 (``basic``) or 专项业务经费 "
           "(``project``), a class the classification data lacks by its name, the closing lines by "
           "their summary key",
           "(1)工资福利支出 under 1、人员经费和公用经费支出 → ``exp.econ|basic|301``"),
    Family("qualified codes", "row", ("B05", "B06", "B03", "B07", "T05", "T06"), r"(?:<text>\|)?<code>\|<code>",
           "an economic code printed with a second code block (政府 economic class over 部门 class, or a "
           "function code beside an economic one): ``<its code>|<code>``",
           "501 01 | 301 01 基本工资 → ``50101|30101``"),
    Family("三公 by year", "row", ("B09", "T09"), r"(?:<text>\|)?(?:prior_year|change)",
           "a 三公 table printing rows for two years and their change: the earlier year's row and the "
           "change's row (the latest year's is ``budget``)",
           "2025 年 | 2026 年 | 增减变化金额 → ``prior_year``, ``budget``, ``change``"),
    Family("政府采购 lists", "row", ("B13",),
           r"(?:<text>\|)?(?:<code>|goods|works|services|<text>)(?:\|(?:<code>|<text>|goods|works|services))*",
           "a 政府采购 table printed as a list: its category lines (货物 / 工程 / 服务), and its purchases "
           "keyed by unit, code or category and the item's labels as printed",
           "无锡市交通运输局（本级） | 货物 | …/办公费/复印纸/集中采购 → ``无锡市交通运输局（本级）|goods|"
           "…/办公费/复印纸/集中采购``; 242001 | 2080108 | <project> | <item> → ``242001|2080108|<project>|<item>``"),
    Family("named list lines", "row", ("B12",), r"<text>(?:\|<text>)*",
           "a 会议费 / 培训费 list: each meeting or training by its printed name",
           "决算汇审会 | 23.00 → ``决算汇审会``"),
    Family("三公 by fund", "column", ("B09", "T09"), rf"(?:{_ITEMS})\.(?:{_FUNDS})",
           "a 三公 item split by the fund that pays it", "因公出国(境)费 | 一般公共预算 → ``outbound.general_budget``"),
    Family("other years' and groups' columns", "column", ("*",),
           rf"(?:{_GROUPS})\.[a-z_]+(?:\.[a-z_]+)*",
           "a part printed under another year (``prior_year.<id>``), a change (``change.<id>``), the "
           "carried-over share (``carryover_begin.<id>``) or this year's new budget (``current_year.<id>``)",
           "上年结转结余 | 基本支出 → ``carryover_begin.basic``; 当年预算 | 公务接待费 → "
           "``current_year.reception``"),
    Family("outbound split", "column", ("B09", "T09"), r"outbound\.(?:research|ordinary)",
           "因公出国（境）费 split under its 小计 into 科研因公出国（境）费用 (``research``) and the rest "
           "(``ordinary``)", "因公出国（境）费 | 科研因公出国（境）费用 → ``outbound.research``"),
    Family("三公 and more", "column", ("B09", "T09", "B12"), r"all_total",
           "a 合计 over 三公 + 会议费 + 培训费, kept beside other years' groups where the table prints a "
           "三公 subtotal too", "合计 | “三公”经费 小计 | … | 会议费 | 培训费 → ``all_total``"),
)


def _ids() -> set[str]:
    out = set(CONTRACT_COLUMNS) | set(CONTRACT_ROW_KEYS)
    for cols in (catalogue.OTHER_YEAR_COLUMNS, catalogue.COMMON_COLUMNS, catalogue.THREE_PUBLIC_COLUMNS,
                 catalogue.SPECIAL_ACCOUNT_PARTS):
        out |= {c.col_id for c in cols}
    for rows in (catalogue.SUMMARY_INCOME_ROWS, catalogue.SUMMARY_EXP_ROWS, catalogue.PROCUREMENT_ROWS):
        out |= {r.key for r in rows}
    out |= set(catalogue.COLUMN_NAMES) | set(catalogue.ROW_NAMES)
    return out


_KNOWN = _ids()
_CODE = re.compile(r"\d{3}(?:\d{2}){0,2}")


def shape(key: str) -> str:
    """``深圳市建筑工务署（本级）|2050803`` → ``<text>|<code>``; known ids stay as they are."""
    out = []
    for part in key.split("|"):
        n = re.search(r"#\d+$", part)
        base = part[: n.start()] if n else part
        if _CODE.fullmatch(base):
            base = "<code>"
        elif not (base in _KNOWN or re.fullmatch(r"[a-z_]+(?:\.[a-z_]+)+", base)):
            base = "<text>"
        out.append(base + (n.group(0) if n else ""))
    return "|".join(out)


def extension_columns() -> list[tuple[str, str, str]]:
    """(col_id, header words, meaning) of every catalogue column id the contract lacks."""
    out: dict[str, tuple[str, str, str]] = {}
    for cols in (catalogue.OTHER_YEAR_COLUMNS, catalogue.COMMON_COLUMNS, catalogue.THREE_PUBLIC_COLUMNS,
                 catalogue.SPECIAL_ACCOUNT_PARTS):
        for c in cols:
            if c.col_id in CONTRACT_COLUMNS:
                continue
            name = catalogue.COLUMN_NAMES.get(c.col_id, ("", ""))
            words = " / ".join(dict.fromkeys(out[c.col_id][1].split(" / ") + list(c.words))) \
                if c.col_id in out else " / ".join(c.words)
            out[c.col_id] = (c.col_id, words, c.note or name[1])
    return list(out.values())


def extension_rows() -> list[tuple[str, str, str, str]]:
    """(row key, tables, meaning, row words) of every catalogue named row the contract lacks."""
    out = []
    for rows, tables in ((catalogue.SUMMARY_INCOME_ROWS, "B01, B04, T01, T04"),
                         (catalogue.SUMMARY_EXP_ROWS, "B01, B04, T01, T04"), (catalogue.PROCUREMENT_ROWS, "B13")):
        for r in rows:
            if r.key not in CONTRACT_ROW_KEYS:
                zh, en = catalogue.ROW_NAMES.get(r.key, ("", ""))
                out.append((r.key, tables, en, " / ".join(r.words)))
    return out


_EXT_COLUMNS = {c for c, _, _ in extension_columns()}
_EXT_ROWS = {r[0] for r in extension_rows()}


def _applies(f: Family, table_id: str) -> bool:
    return "*" in f.tables or table_id in f.tables


def family_of_row(table_id: str, key: str) -> str | None:
    """"contract", the name of an extension family, or None for a row key of no known family."""
    s = re.sub(r"#\d+(?=\||$)", "", shape(key))
    last = s.split("|")[-1]
    if s in CONTRACT_ROW_KEYS or s == "<code>":
        return "contract"
    if s in _EXT_ROWS:
        return "named rows"
    for f in FAMILIES:
        if f.kind == "row" and f.name not in ("unit rows", "repeated keys") and _applies(f, table_id) \
                and re.fullmatch(f.shape, s):
            return f.name
    if s.startswith("<text>|") and (last in CONTRACT_ROW_KEYS or last == "<code>" or last in _EXT_ROWS):
        return "unit rows"
    if s.startswith("<text>|"):
        return family_of_row(table_id, key.split("|", 1)[1])
    return None


def family_of_column(table_id: str, col: str) -> str | None:
    """"contract", "named columns", the name of an extension family, or None."""
    if col in CONTRACT_COLUMNS:
        return "contract"
    if col in _EXT_COLUMNS:
        return "named columns"
    for f in FAMILIES:
        if f.kind == "column" and _applies(f, table_id) and re.fullmatch(f.shape, col):
            return f.name
    return None


def _cells(*texts: str) -> str:
    """One table line; a ``|`` inside a cell is escaped (keys print it)."""
    return "| " + " | ".join(t.replace("|", "\\|") for t in texts) + " |"


def markdown() -> str:
    """The text of ``docs/contract-extensions.md``."""
    lines = ["# Keys beyond the shared contract", "",
             "Written from `schemas/contract_extensions.py` and `schemas/catalogue.py` "
             "(`python -m budgetlens.schemas.contract_extensions > docs/contract-extensions.md`); "
             "a test fails when the extractor emits a key in neither the contract nor this list.", "",
             "## Named columns (from the catalogue's header words)", "",
             "| col_id | printed header | meaning |", "|---|---|---|"]
    lines += [_cells(f"`{c}`", w, m) for c, w, m in extension_columns()]
    lines += ["", "## Named rows (from the catalogue's row words)", "", "| key | tables | meaning | printed |",
              "|---|---|---|---|"]
    lines += [_cells(f"`{k}`", t, m, w) for k, t, m, w in extension_rows()]
    lines += ["", "## Key families", "", "| family | row/column | tables | key shape | meaning | printed → keyed |",
              "|---|---|---|---|---|---|"]
    for f in FAMILIES:
        lines.append(_cells(f.name, f.kind, ", ".join(f.tables), f"`{f.shape}`", f.meaning, f.example))
    lines += ["", "In a key shape, `<code>` is a function or economic code and `<text>` a name as printed "
              "(a unit, an item); `#n` may follow any key printed twice in one table."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown(), end="")
