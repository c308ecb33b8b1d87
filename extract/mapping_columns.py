"""Column roles of a positional grid: what each column of a table's header means.

Each column gets a role from the header cells above it (``code``, ``name``, ``lineno``,
``unit``, ``unitcode`` or a col_id, ``vocab.column_role``), read top to bottom with
spanning cells repeated under every column they cover; columns are then grouped into
sides (``code name values``, repeated for two-sided summary tables). Rules that need the
whole header (a fund's 小计, 预算数 / 决算数 groups, other years, a 三公 table's
当年预算 / 上年结转结余 groups) act on the list of roles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from budgetlens.extract import vocab
from budgetlens.ingest.normalize import fold, is_empty_cell, parse_number
from budgetlens.schemas import catalogue
from budgetlens.schemas.document import Grid, GridCell

SUMMARY = catalogue.tables_with_rows("summary")
THREE_PUBLIC = catalogue.tables_with_rows("three_public")
_HEADING_CELL = re.compile(r"(?:单位|编制部门|部门名称)\s*[:：]")
_CODE = re.compile(r"^\d{3}(?:\d{2}){0,2}$")
_INT = re.compile(r"^\d{1,3}$")
_NUMBERED_LINE = re.compile(r"^(?:[一二三四五六七八九十]+、|\d{1,2}、|[(（]\d{1,2}[)）])\D")


def _is_number(text: str) -> bool:
    return parse_number(text) is not None


def _is_text(text: str) -> bool:
    return bool(text) and not is_empty_cell(text) and parse_number(text) is None


def _data_start(rows: list[list[GridCell | None]]) -> int:
    """The first row holding data: a code, a 合计 label or an amount, not 栏次."""
    lanci = _lanci_row(rows)
    header = False  # a row naming 项目 was read
    for r, row in enumerate(rows):
        texts = [fold(c.text).strip() for c in row if c is not None]
        if r == lanci or any("栏次" in t for t in texts):
            continue
        # an amount: decimals, or whole 元 with thousands separators (189,767,551)
        if any(re.fullmatch(r"-?[\d,]+\.\d+|-?\d{1,3}(?:,\d{3})+", t) for t in texts):
            return r
        if texts and _CODE.match(texts[0]):
            return r
        # a 合计 row holds amounts; a header row reading 合计 | 基本支出 | 项目支出 does not;
        # a 序号 printed first (1 | 合计 | … | 42016400.00) is no label
        lead = [t for t in texts if t]
        if len(lead) > 1 and _INT.match(lead[0]) and not _CODE.match(lead[0]):
            lead = lead[1:]
            if _CODE.match(lead[0]) and any(_is_number(t) for t in lead[1:]):
                return r  # 25 | 2080116 | 引进人才费用 | 15000000 | 0: a numbered coded line of whole 元
        if lead and vocab.norm(lead[0]) in ("合计", "总计") and (
                len(lead) == 1 or any(_is_number(t) for t in lead[1:])):
            return r
        if texts and vocab.norm(texts[0]) in ("预算数", "决算数") and len(texts) > 2 \
                and not any(_is_text(t) for t in texts[1:]):
            return r  # a row labelled 预算数 holds amounts; 预算数 … 决算数 over column groups does not
        words = [t for t in texts if t]
        if len(words) == 2 and row[0] is not None and fold(row[0].text).strip() == words[0] \
                and vocab.summary_row_key(words[0], "income") in _CLOSING_ROWS \
                and vocab.summary_row_key(words[1], "exp") in _CLOSING_ROWS:
            # a two-sided summary continued without amounts yet: 上年结转结余 | | 年终结转结余 |
            # (本年收入 | 本年支出 over the lines, or 年初结转和结余 | 本年收入 | … | 年末结转和结余
            # over a fund table's columns, is a header)
            return r
        # a numbered line with an amount (一、政府性基金拨款 | 0 | 一、科学技术 | 0 …, whole 万元)
        if lead and _NUMBERED_LINE.match(lead[0]) and any(_is_number(t) for t in lead[1:]):
            return r
        # under a header naming 项目, numbered lines are data, amounts or not: a page that
        # continues a two-sided table (yantai-006 p.15 十七、住房保障支出 … 二十、… blank,
        # 二十一、其他支出 120.00) must not read the blank lines as header words
        if header and lead and all(_NUMBERED_LINE.match(t) for t in lead):
            return r
        header = header or any(vocab.norm(t) in ("项目", "科目", "科目名称", "项目名称") for t in texts)
    return len(rows)


_CLOSING_ROWS = ("income.carryover_begin", "exp.carryover_end", "income.grand_total", "exp.grand_total")


def _lanci_row(rows: list[list[GridCell | None]]) -> int | None:
    """The 栏次 row (column numbers, with or without the word): never values."""
    for r, row in enumerate(rows):
        if any(c is not None and vocab.norm(c.text) == "栏次" for c in row):
            return r
        # ** marks the label columns of a numbered row (Xi'an: ** ** 1 2 3 …)
        texts = [c.text.strip() for c in row if c is not None and c.text.strip().strip("*")]
        if len(texts) >= 2 and texts == [str(i) for i in range(1, len(texts) + 1)]:
            return r
    return None



@dataclass
class _Group:
    code_cols: list[int] = field(default_factory=list)
    name_col: int | None = None
    lineno_col: int | None = None
    unit_col: int | None = None  # a 预算单位 column: rows keyed <unit>|<key>
    unit_rows: bool = False  # the label column lists units (单位名称): rows keyed <unit>|total
    qual_cols: list[int] = field(default_factory=list)  # a second code block: rows keyed <its code>|<code>
    unitcode_col: int | None = None  # a 单位编码 column: 252001 marks a unit's line
    tail_code_cols: list[int] = field(default_factory=list)  # codes printed after the name (an item's)
    value_cols: dict[int, str] = field(default_factory=dict)


def _header_cells(rows, start: int) -> list[list[GridCell | None]]:
    """The header rows with each spanning cell repeated under every column it covers."""
    out = [list(row) for row in rows[:start]]
    for r, row in enumerate(rows[:start]):
        for cell in row:
            if cell is None:
                continue
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if r + dr < start and cell.col + dc < len(row) and out[r + dr][cell.col + dc] is None:
                        out[r + dr][cell.col + dc] = cell
    return out


def _column_roles(grid: Grid, rows, start: int, table_id: str) -> list[str | None]:
    lanci = _lanci_row(rows)
    header = _header_cells(rows, start)
    # a title printed inside the frame (lone first row) and 预算单位：… / 单位：万元 cells are no header
    lone_first = bool(rows) and sum(1 for c in rows[0] if c is not None and c.text.strip()) == 1 and grid.n_cols > 2
    roles: list[str | None] = []
    headers: list[list[str]] = []
    years: list[int | None] = []
    for c in range(grid.n_cols):
        parts: list[str] = []
        for r in range(start):
            cell = header[r][c]
            if r != lanci and cell is not None and cell.text.strip() and (not parts or parts[-1] != cell.text) \
                    and not _HEADING_CELL.search(cell.text) and not (r == 0 and lone_first):
                parts.append(cell.text)
        role = vocab.column_role("|".join(parts), table_id)
        if role is None and len(parts) > 1 and len(vocab.norm(parts[-1])) <= 2:
            # a header word wrapped over two lines (公务用车运行维 | 护费): read joined
            role = vocab.column_role("|".join(parts[:-2] + [parts[-2] + parts[-1]]), table_id)
        if role and len(parts) > 1 and table_id not in THREE_PUBLIC \
                and vocab.column_role(parts[-1], table_id) is None and not _sub_word(parts[-1]):
            parent = next((h for h in (header[r][c] for r in range(start)) if h is not None
                           and h.text == parts[-2]), None)
            if parent is not None and parent.colspan > 1:
                # 财政专户拨款收入 over 教育收费 | 其他专户收入拨款: the parts, not the parent
                role = vocab.special_account_part(parts[-1]) if role == "special_account" else None
        if role and role not in _LABEL_ROLES and len(parts) > 1 and not role.startswith("carryover") \
                and any(vocab.column_role(p, table_id) == "carryover_begin" for p in parts[:-1]):
            # 上年结转结余 over 小计 | 基本支出 | 项目支出 (Changchun): the carried-over share
            role = "carryover_begin" if role in ("total", "amount") else f"carryover_begin.{role}"
        roles.append(role)
        headers.append(parts)
        joined = "".join(parts).replace(" ", "")
        found = [int(y) for y in _YEAR.findall(joined)]
        marks = [vocab.norm(p) for p in parts]
        if not found and any(m in ("上年", "上年度") for m in marks):
            found = [1]  # 上年 | 当年 column groups (Xi'an): the earlier and this year
        elif not found and any(m in ("当年", "本年", "本年度", "当年度") for m in marks):
            found = [2]
        years.append(found[0] if found else None)
        role = roles[-1]
        if role and role not in _LABEL_ROLES and "增减" in joined and not role.startswith("change"):
            # a change group (增减变化情况 over the same items): its own row in a 三公 table
            roles[-1] = "chg:" + role if table_id in THREE_PUBLIC else (
                "change" if role in ("total", "amount") else f"change.{role}")
    if "department_budget" in roles and "total" not in roles[:roles.index("department_budget")]:
        # 部门预算 | 合计 with no 总计 before it: the table's total (Xi'an 2026 收入总表)
        roles[roles.index("department_budget")] = "total"
    _fund_subtotals(roles, headers)
    _earlier_years(roles, years, table_id)
    if table_id in THREE_PUBLIC:
        _budget_actual_groups(header, roles)
        _current_and_carried_groups(header, start, roles)
    if lanci is not None:  # a column empty in the 栏次 row beside a label column is 行次
        for c in range(grid.n_cols):
            cell = rows[lanci][c]
            if roles[c] is None and c > 0 and roles[c - 1] == "name" and (cell is None or not cell.text.strip()):
                roles[c] = "lineno"
    return roles


_YEAR = re.compile(r"(20\d{2})年")
_SOURCES = {"gov_fund", "soe_capital", "business", "operating", "affiliated_remit", "other", "higher_level_subsidy"}


def _fund_subtotals(roles: list[str | None], headers: list[list[str]]) -> None:
    """In a table split by source (Xi'an 支出总表: 合计 | 公共预算拨款 (小计 | 其中…) | 政府性基金
    拨款 | 事业收入 …), a 小计 under a fund is that fund's column, not a second ``total``."""
    if not _SOURCES & set(roles) or roles.count("total") < 2:
        return
    for c, role in enumerate(roles):
        parts = headers[c]
        if role == "total" and len(parts) > 1 and _sub_word(parts[-1]):
            fund = next((vocab.fund_of(vocab.norm(p)) for p in reversed(parts[:-1]) if vocab.fund_of(vocab.norm(p))), None)
            if fund and fund not in roles:
                roles[c] = fund


_GROUP_WORD = re.compile(r"^(?:20\d{2}年度?)?(预算|决算|实际)数?")


def _budget_actual_groups(header, roles: list[str | None]) -> None:
    """A 三公 table in the national template's column groups: one header row prints
    预算数 over the first set of items and 决算数 over the same set again

        预算数                              决算数
        合计 | 因公出国（境）费 | … | 公务接待费 | 合计 | 因公出国（境）费 | … | 公务接待费

    The second set's columns are ``act:<id>``, the first ``bud:<id>``; each becomes its
    own row (预算数 / 决算数). Applied only when the value columns are exactly two equal
    runs of ids and the header names one group of each kind, left to right."""
    if any(r and ":" in r for r in roles):
        return
    value = [c for c, r in enumerate(roles) if r and r not in _LABEL_ROLES]
    half = len(value) // 2
    if half < 2 or len(value) != 2 * half or [roles[c] for c in value[:half]] != [roles[c] for c in value[half:]]:
        return
    for row in header:
        words = []
        for c, cell in enumerate(row):
            if cell is not None and cell.col == c:  # a spanning cell once, where it starts
                m = _GROUP_WORD.match(vocab.norm(cell.text))
                if m:
                    words.append("bud" if m.group(1) == "预算" else "act")
        if sorted(words) == ["act", "bud"]:
            for n, c in enumerate(value):
                roles[c] = f"{words[0] if n < half else words[1]}:{roles[c]}"
            return


_GROUPS = (("current_year", ("当年预算", "本年预算")), ("carryover_begin", ("上年结转结余", "上年结转")))


def _current_and_carried_groups(header, start: int, roles: list[str | None]) -> None:
    """A 三公 table whose items are printed twice, for this year's new budget and for the
    carry-over spent this year, beside the “三公”经费合计 (Changchun 预算表7):

        “三公”经费合计 | 当年预算                                 | 上年结转结余
                       | 小计 | 因公出国（境）费        | …      | 小计 | 因公出国（境）费        | …
                       |      | 小计 | 因公出国（境）费 | 科研因公出国（境）费用 | …

    Each group's columns are ``current_year.<id>`` / ``carryover_begin.<id>`` (their 小计
    ``….total``), never the row's own items, which are the sums of the two; under an item
    split in two, its 小计 is the item, 科研因公出国（境）费用 ``outbound.research`` and the
    item's name repeated ``outbound.ordinary``. The 合计 before the groups stays ``total``."""
    groups: dict[int, str] = {}
    for c in range(len(roles)):
        for r in range(start):
            cell = header[r][c]
            word = vocab.norm(cell.text) if cell is not None else ""
            name = next((n for n, words in _GROUPS if word in words), None)
            if name and cell.colspan > 1:
                groups[c] = name
    if len(set(groups.values())) < 2:
        return
    for c, group in groups.items():
        role = roles[c]
        if not role or role in _LABEL_ROLES or ":" in role:
            continue
        cells = [header[r][c] for r in range(start) if header[r][c] is not None and header[r][c].text.strip()]
        last = vocab.norm(cells[-1].text) if cells else ""
        item = vocab.column_role(cells[-2].text, "B09") if len(cells) > 1 else None
        if _sub_word(last) and item and item not in ("total", "all_total") and cells[-2].colspan > 1:
            role = item  # 小计 under 因公出国（境）费: the item
        elif "科研" in last and role == "outbound":
            role = "outbound.research"
        elif role == "outbound" and len(cells) > 1 and cells[-1] is not cells[-2] and cells[-2].colspan > 1 \
                and vocab.norm(cells[-2].text) == last:
            role = "outbound.ordinary"  # 因公出国（境）费 under 因公出国（境）费, beside 科研…
        elif role == "all_total":
            role = "total"
        roles[c] = f"{group}.{role}"


def _sub_word(text: str) -> bool:
    return vocab.strip_notes(vocab.norm(text)) in ("小计", "合计", "金额", "总计") or "其中" in text
_LABEL_ROLES = ("code", "name", "lineno", "unit", "unitcode")


def _earlier_years(roles: list[str | None], years: list[int | None], table_id: str) -> None:
    """Columns printed under an earlier year than the table's latest (2025年预算数 beside
    2026年预算数) are that year's: ``prior_year`` for a total or amount column,
    ``prior_year.<id>`` for a part; in a 三公 table their figures form the
    ``prior_year`` row. Nothing changes when the header names one year only."""
    valued = {y for y, r in zip(years, roles) if y and r and r not in _LABEL_ROLES}
    if len(valued) < 2:
        return
    latest = max(valued)
    for c, (y, r) in enumerate(zip(years, roles)):
        if y and y < latest and r and r not in _LABEL_ROLES and not r.startswith("prior_year") \
                and not r.startswith("change") and not r.startswith("chg:"):
            if table_id in THREE_PUBLIC:
                roles[c] = "py:" + r
            else:
                roles[c] = "prior_year" if r in ("total", "amount") else f"prior_year.{r}"


def _groups(roles: list[str | None], table_id: str, summary: bool = False) -> list[_Group]:
    groups: list[_Group] = []
    cur = _Group()
    for c, role in enumerate(roles):
        if role in ("code", "name"):
            if cur.value_cols or (cur.name_col is not None and (role == "name" or c - 1 == cur.name_col)):
                groups.append(cur)
                cur = _Group()
            if role == "code":
                cur.code_cols.append(c)
            else:
                cur.name_col = c
        elif role == "lineno":
            cur.lineno_col = c
        elif role == "unitcode":
            cur.unitcode_col = c if cur.unitcode_col is None else cur.unitcode_col
        elif role == "unit":
            if cur.value_cols:
                groups.append(cur)
                cur = _Group()
            cur.unit_col = c
        elif role is not None:
            cur.value_cols[c] = role
    groups.append(cur)
    for g in groups:
        if g.unit_col is not None and g.name_col is None:
            g.name_col, g.unit_col, g.unit_rows = g.unit_col, None, True
    groups = [g for g in groups if g.value_cols or g.name_col is not None or g.code_cols]
    for g in groups:
        # 科目编码 | 单位编码 | 采购项目 | 采购目录 | … | 经济科目编码 | 预算金额: the codes after the
        # name, past other columns, are an item's economic codes, not part of the row's code
        tail = [c for c in g.code_cols if g.name_col is not None and c > g.name_col + 1]
        if tail and len(tail) < len(g.code_cols):
            g.code_cols = [c for c in g.code_cols if c not in tail]
            g.tail_code_cols = tail
    if table_id not in SUMMARY and not summary:
        groups = _merge_label_groups(groups)
    for g in groups:
        _normalise_cols(g.value_cols, table_id)
    return groups


def _merge_label_groups(groups: list[_Group]) -> list[_Group]:
    """Two label blocks before one set of amounts are one row: Yantai 公开表6 prints
    部门经济分类 (301 01 基本工资) and 政府经济分类 (501 01 工资奖金津补贴) side by side,
    then the amounts; the row keys by the first block's code (the contract's economic
    code). A name column followed by its own code column is joined the same way."""
    out: list[_Group] = []
    for g in groups:
        while len(out) > 1 and not out[-1].value_cols and not out[-2].value_cols and g.value_cols:
            out.pop()  # three label blocks (专项名称 | 经济科目 | 采购品目名称): the first keys the row
        prev = out[-1] if out else None
        if prev is not None and not prev.value_cols and g.value_cols and prev.unit_col is None:
            if prev.code_cols and g.code_cols:
                prev.qual_cols = g.code_cols
            prev.code_cols = prev.code_cols or g.code_cols
            prev.name_col = prev.name_col if prev.name_col is not None else g.name_col
            prev.lineno_col = prev.lineno_col if prev.lineno_col is not None else g.lineno_col
            prev.value_cols = g.value_cols
            prev.unit_col = g.unit_col
            continue
        out.append(g)
    return out


_FUND_ROLES = ("general_budget", "gov_fund", "soe_capital", "fiscal_grant")
_OWN_COLUMNS: dict[str, set[str]] = {}
for _spec in catalogue.TABLES:
    if _spec.table_id:
        _OWN_COLUMNS.setdefault(_spec.table_id, set()).update(_spec.columns)


def _normalise_cols(cols: dict[int, str], table_id: str) -> None:
    """Per-table meaning of generic headers (决算数 is T01's amount, T04's total …).

    A fund named over a table's first amount column in a table that is all of one fund
    (一般公共预算支出 | 小计 over 基本支出 / 项目支出 in B05) is its ``total``.
    """
    own = _OWN_COLUMNS.get(table_id, set())
    if own and "total" in own and "total" not in cols.values():
        first = min((c for c, v in cols.items() if v in _FUND_ROLES and v not in own), default=None)
        if first is not None and list(cols.values()).count(cols[first]) == 1:
            cols[first] = "total"
    if table_id in ("T01", "B01"):
        for c, v in cols.items():  # 合计 of a summary side is its amount (预算数 / 决算数)
            if v == "total":
                cols[c] = "amount"
    elif table_id not in SUMMARY and table_id not in THREE_PUBLIC and set(cols.values()) == {"amount"}:
        for c in cols:  # a code table's lone 金额 column is its total
            cols[c] = "total"
    if table_id in ("T04", "B04"):
        for c, v in cols.items():
            if v in ("amount", "fiscal_grant") and len(cols) == 1:
                cols[c] = "total"
    if table_id in THREE_PUBLIC:
        seen_total = False
        years = any(v.startswith(("py:", "chg:")) for v in cols.values())
        for c in sorted(cols):
            if cols[c] == "total":
                seen_total = True
            elif cols[c] == "all_total":
                later_total = any(cols[k] == "total" for k in cols if k > c)
                if later_total:  # 合计 of 三公 + 会议费 + 培训费 before the 三公 小计: no contract id;
                    if not years:  # kept as all_total beside other years' groups, as theirs are
                        del cols[c]
                elif seen_total and "vehicle_total" not in cols.values():
                    cols[c] = "vehicle_total"  # a second 小计 read without its 公务用车 parent
                else:
                    cols[c], seen_total = "total", True


def _column_extents(grid: Grid) -> dict[int, tuple[float, float]]:
    """Each column's x extent, from its single-column cells on the grid's first page."""
    out: dict[int, tuple[float, float]] = {}
    for cell in grid.cells:
        if cell.bbox is None or cell.colspan != 1 or cell.page != grid.pages[0]:
            continue
        x0, x1 = out.get(cell.col, (cell.bbox[0], cell.bbox[2]))
        out[cell.col] = (min(x0, cell.bbox[0]), max(x1, cell.bbox[2]))
    return out


def _inherited_roles(grid: Grid, header_from: Grid, table_id: str) -> list[str | None] | None:
    """Roles of a continuation grid's columns by x overlap with the header grid's columns."""
    head_rows = header_from.rows()
    head_roles = _column_roles(header_from, head_rows, _data_start(head_rows), table_id)
    head_ext, mine = _column_extents(header_from), _column_extents(grid)
    if len(mine) < grid.n_cols or not head_ext:
        return None
    roles: list[str | None] = []
    for c in range(grid.n_cols):
        x0, x1 = mine[c]
        overlaps = {h: min(x1, hx1) - max(x0, hx0) for h, (hx0, hx1) in head_ext.items()}
        hits = {head_roles[h] for h, o in overlaps.items() if o > 0.5 * min(x1 - x0, head_ext[h][1] - head_ext[h][0])}
        if len(hits) == 1:
            roles.append(hits.pop())
        elif hits == {"code", "name"} or hits == {"code"}:
            roles.append("code")
        else:
            roles.append(None)
    return roles


def _unkeyed_columns(rows, start: int, roles: list[str | None]) -> list[tuple]:
    """Columns holding amounts under a header the vocabulary does not key (单位预留机动经费,
    结转下年资金 …): reported, so that nothing printed is dropped silently and the checks
    know the table's sums may include them; with the box of the column's values on the
    grid's first page."""
    header = _header_cells(rows, start)
    out = []
    for c, role in enumerate(roles):
        if role is not None:
            continue
        values = [row[c] for row in rows[start:] if c < len(row) and row[c] is not None and _is_number(row[c].text)]
        if not values:
            continue
        text = "|".join(dict.fromkeys(cell.text.strip() for h in header
                                      if c < len(h) and (cell := h[c]) is not None and cell.text.strip()))
        if "行次" in text or "栏次" in text:
            continue
        first = min(cell.page for row in rows for cell in row if cell is not None)  # the grid's first page
        boxes = [v.bbox for v in values if v.bbox and v.page == first]
        box = [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
               max(b[3] for b in boxes)] if boxes else None
        out.append((text or f"第{c + 1}列", f"column not keyed by the contract; {len(values)} value(s) not extracted",
                    box))
    return out
