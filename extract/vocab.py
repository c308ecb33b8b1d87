"""The words the standard tables are printed with, and what each one means.

Everything here works on a *normalised* label: full-width folded, spaces removed,
numbering (``一、``, ``1.``, ``（一）``) and bracketed notes stripped. Tables are
recognised by what their title says, never by their number; columns by their header
words; named rows of the two summary tables (T01/T04, B01/B04) by their label.
"""

from __future__ import annotations

import re

from budgetlens.ingest.normalize import fold, nospace, unit_of  # noqa: F401  (unit_of: vocab.unit_of)
from budgetlens.schemas import catalogue

_CN_NUM = "一二三四五六七八九十百零〇"
_NUMBERING = re.compile(rf"^(?:[{_CN_NUM}]+[、.．]|[(（][{_CN_NUM}\d]+[)）]|\d{{1,2}}[、.．](?!\d))")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」")


def norm(text: str) -> str:
    """A label as compared: folded, no spaces or quotes, leading numbering removed."""
    t = nospace(fold(text)).translate(_QUOTES)
    t = _NUMBERING.sub("", t, count=1)
    return t.replace("（", "(").replace("）", ")")


def strip_notes(label: str) -> str:
    """A normalised label without bracketed notes: ``使用非财政拨款结余(含专用结余)``."""
    return re.sub(r"\([^)]*\)", "", label)


# --- table titles ---------------------------------------------------------------------

_TITLE_SPECS = {kind: [t for t in catalogue.TABLES if t.kind == kind] for kind in ("budget", "final_accounts")}


def table_id_for_title(title: str) -> str | None:
    """The contract id of a table from its title text (any spacing, split lines joined).

    Scored against ``schemas.catalogue`` (see there): the spec whose word groups all
    match with the longest words plus weight wins; 决算 in the title means a final
    account, anything else a budget. ``None`` when no spec applies or the best is a
    table outside the contract (项目支出表, 绩效目标表 …).
    """
    best = _best_spec(title)
    return best[1] or None if best else None


def names_other_table(title: str) -> bool:
    """True when a title names a known table outside the contract (项目支出表(预算表9),
    绩效目标表): a grid so titled continues no standard table."""
    best = _best_spec(title)
    return best is not None and best[1] == ""


def _best_spec(title: str) -> tuple[int, str] | None:
    t = strip_notes(norm(title)) + _notes_kept(title)
    if "表" not in t:
        return None
    kind = "final_accounts" if "决算" in t else "budget"
    best: tuple[int, str] | None = None
    for spec in _TITLE_SPECS[kind]:
        if any(w in t for w in spec.excludes):
            continue
        score = spec.weight
        for group in spec.words:
            hit = max((len(w) for w in group if w in t), default=0)
            if not hit:
                break
            score += hit
        else:
            if best is None or score > best[0]:
                best = (score, spec.table_id)
    return best


def _notes_kept(title: str) -> str:
    """Bracketed notes that say what a table is broken down by (按经济分类科目)."""
    return "".join(n for n in re.findall(r"\(([^)]*)\)", norm(title)) if "分类" in n or "科目" in n)


LABEL_RE = re.compile(r"(?:公开|附表|表)\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:表|-\d+)?")
"""A table label as printed: 公开01表, 公开 01 表, 表1, 表一, 附表1, 表1-2."""


def is_label_line(text: str) -> bool:
    t = nospace(fold(text))
    return bool(re.fullmatch(r"(?:公开\d{1,2}表|附?表[\d一二三四五六七八九十]{1,3}(?:-\d+)?)", t))


EMPTY_MARKERS = ("本表无数据", "空表", "无此项", "本表为空", "不涉及")


# --- units ----------------------------------------------------------------------------

# ``unit_of`` (the one reader of unit lines) lives in ingest.normalize, imported above


# --- function classes (类) by name, for the two summary tables -------------------------

FUNCTION_CLASSES: list[tuple[str, str]] = list(catalogue.FUNCTION_CLASSES)


def class_code(label: str) -> str | None:
    """The 类 code of an expenditure line of a summary table (``九、卫生健康支出`` → 210)."""
    t = strip_notes(norm(label))
    # Xi'an 收支总表 prints the 类 bare (8、社会保障和就业), most print 社会保障和就业支出
    stem = t[: -len("支出")] if t.endswith("支出") else t
    for code, name in FUNCTION_CLASSES:
        if stem == name:
            return code
    # a class printed by the start of its name (Xi'an 2020 表1: 7、文化旅游 for 文化旅游体育与
    # 传媒, 23、灾害防治及应急 for 灾害防治及应急管理): when every name it starts names one class
    starts = {code for code, name in FUNCTION_CLASSES if name.startswith(stem)} if len(stem) >= 4 else set()
    return starts.pop() if len(starts) == 1 else None


# --- named rows of the summary tables -------------------------------------------------

_INCOME_ROWS = [(r.key, r.words) for r in catalogue.SUMMARY_INCOME_ROWS]
_EXP_ROWS = [(r.key, r.words) for r in catalogue.SUMMARY_EXP_ROWS]
_FUND_SUFFIX = {"income.general_budget": "general_budget", "income.gov_fund": "gov_fund",
                "income.soe_capital": "soe_capital", "income.fiscal_grant": "fiscal_grant"}
# a fund line under 上年结余、结转 names the carry-over again: 1.一般公共预算拨款结余、结转
# (Xi'an 2020: 上年结转 over 其中：财政拨款资金结转 | 非财政拨款资金结余)
_CARRIED = re.compile(r"(?:资金)?(?:结余、?结转|结转、?结余|结转和结余|结转结余|结转|结余)$")


def summary_row_key(label: str, side: str, after_carryover: bool = False) -> str | None:
    """The named key of a row of T01/T04/B01/B04, or None.

    ``side`` is ``income`` or ``exp`` (which half of a two-sided table the label sits
    in). ``总计`` takes its side from there. Fund-type lines printed under 年初/年末结转
    and 结余 are its parts, keyed ``<carryover key>.<fund>``.
    """
    t = strip_notes(norm(label))
    if t.startswith("其中:") or t.startswith("其中"):
        t = t.split(":", 1)[-1] if ":" in t else t[len("其中"):]  # a 其中 sub-row keys as its own line
    if not t:
        return None
    if t in ("总计", "合计总计"):
        return f"{'income' if side == 'income' else 'exp'}.grand_total"
    if after_carryover and _CARRIED.search(t) and len(_CARRIED.sub("", t)) >= 4:
        t = _CARRIED.sub("", t)
        if t == "非财政拨款":  # 2.非财政拨款结余、结转 beside 1.财政拨款结余、结转
            return f"{'income.carryover_begin' if side == 'income' else 'exp.carryover_end'}.non_fiscal"
    for key, names in _INCOME_ROWS + _EXP_ROWS:
        # 政府性基金预算资金 / 事业收入资金 (Chongqing) name the same lines as without 资金
        if t in names or (t.endswith("资金") and t[:-2] in names):
            if after_carryover and key in _FUND_SUFFIX:
                base = "income.carryover_begin" if side == "income" else "exp.carryover_end"
                return f"{base}.{_FUND_SUFFIX[key]}"
            return key
    code = class_code(t)
    if code:
        return code
    return None


# --- column headers -------------------------------------------------------------------

# (words, col_id), tried in order on a column's normalised header; first hit wins.
# Another year's and change columns come first: 上年预算数 is never this year's 预算数.
_OTHER_YEAR = [(c.words, c.col_id) for c in catalogue.OTHER_YEAR_COLUMNS]
_COLS_COMMON = _OTHER_YEAR + [(c.words, c.col_id) for c in catalogue.COMMON_COLUMNS]
_COLS_T09 = _OTHER_YEAR + [(c.words, c.col_id) for c in catalogue.THREE_PUBLIC_COLUMNS]
_GENERIC = {"total", "amount"}
_SUB_PARTS = {"basic", "project", "personnel", "public", "outbound", "reception", "vehicle_total",
              "vehicle_purchase", "vehicle_operation", "meeting", "training", "procurement_sme",
              "procurement_small", "special_funds"}
_UNIT_HEADERS = set(ROLE_WORDS_UNIT := catalogue.ROLE_WORDS["unit"]) | {"单位名称", "预算单位名称"}
_SUB_WORDS = ("小计", "金额", "合计")  # words that mean "this column of the header above"

ROLE_WORDS = catalogue.ROLE_WORDS
_THREE_PUBLIC_TABLES = catalogue.tables_with_rows("three_public")
_SUMMARY_TABLES = catalogue.tables_with_rows("summary")
_OWN_COLUMNS: dict[str, set[str]] = {}
for _spec in catalogue.TABLES:
    if _spec.table_id:
        _OWN_COLUMNS.setdefault(_spec.table_id, set()).update(_spec.columns)
# ids a 小计 under its parent takes in any table (本年收入 | 小计 beside 上年结转结余 | 小计)
_OTHER_IDS = {c.col_id for c in catalogue.OTHER_YEAR_COLUMNS} | {"procurement", "current_year", "carryover_begin",
                                                                  "income", "department_budget"}


def column_role(header: str, table_id: str) -> str | None:
    """``code``/``name``/``lineno`` or a col_id for a column, from its header text.

    ``header`` joins the header cells above the column (two-level headers) from top to
    bottom; the lowest level is the most specific, so it is tried first.
    """
    parts = [norm(p) for p in header.split("|") if norm(p)]
    if not parts:
        return None
    if parts[-1].startswith("其中"):
        # a 其中 sub-column has no contract id of its own (其中：教育收费), except the
        # parts of a total printed as 其中 (合计 | 其中：基本支出 | 项目支出)
        role = _role_of_part(parts[-1][2:].lstrip(":"), table_id)
        return role if role in _SUB_PARTS else None
    if table_id in _THREE_PUBLIC_TABLES:
        return _three_public_role(parts)
    roles = [_role_of_part(p, table_id) for p in parts]
    lowest = next((r for r in reversed(roles) if r), None)
    if strip_notes(parts[-1]) in _SUB_WORDS:  # 小计 / 金额 under 项目支出 or 事业收入: the parent's meaning
        specific = next((r for r in reversed(roles) if r and r not in _GENERIC
                         and r not in ("code", "name", "lineno", "unit", "unitcode")), None)
        own = _OWN_COLUMNS.get(table_id)
        if specific and (not own or specific in own or specific in _OTHER_IDS):
            return specific
    return lowest


def special_account_part(header: str) -> str | None:
    """The part of a 财政专户 group a column under it prints: 教育收费 →
    ``special_account.education_fees``, 其他专户收入拨款 → ``special_account.other``."""
    t = strip_notes(norm(header))
    for c in catalogue.SPECIAL_ACCOUNT_PARTS:
        if any(w in t for w in c.words):
            return c.col_id
    return None


def procurement_row(label: str) -> str | None:
    """A 政府采购 table's category line: 货物 → goods, 工程 → works, 服务 → services."""
    t = strip_notes(norm(label))
    for row in catalogue.PROCUREMENT_ROWS:
        if t in row.words:
            return row.key
    return None


_THREE_PUBLIC_ITEMS = {c.col_id for c in catalogue.THREE_PUBLIC_COLUMNS} - {"total"}


def three_public_item(label: str) -> str | None:
    """The 三公 item a row names (items printed as rows): ``其中：（一）因公出国（境）支出``
    → outbound, ``“三公”经费`` → total, ``行政经费`` → operating_expenses."""
    t = strip_notes(label)
    t = re.sub(r"^其中[:：]?", "", t)
    t = _NUMBERING.sub("", t, count=1)
    role = _role_of_part(t, "T09")
    if role in ("total", None) and "三公" in t:
        return "total"
    if role == "total":
        return None
    if role == "vehicle_purchase" and "运行" in t:
        return "vehicle_total"
    return role if role in _THREE_PUBLIC_ITEMS else None


def fund_of(part: str) -> str | None:
    return _fund_of(part)


def _fund_of(part: str) -> str | None:
    for words, col_id in _COLS_COMMON:
        if col_id in ("general_budget", "gov_fund", "soe_capital") and any(w in part for w in words):
            return col_id
    return None


def _three_public_role(parts: list[str]) -> str | None:
    """A 三公 column: a 小计 under 公务用车 is ``vehicle_total``, under 三公 ``total``.

    A 合计 over everything (三公 + 会议费 + 培训费, Jiangsu) is ``all_total``: it is the
    ``total`` only when the table prints no 三公 subtotal of its own.
    """
    fund = _fund_of(parts[-1]) if len(parts) > 1 else None
    if fund:  # 因公出国(境)费 | 一般公共预算: one fund's share of an item (Shenzhen 表9)
        item = _three_public_role(parts[:-1])
        return f"{'total' if item == 'all_total' else item}.{fund}" if item else None
    role = next((r for r in (_role_of_part(p, "T09") for p in reversed(parts)) if r), None)
    if role != "total":
        return role
    if any("公务用车" in p or "用车购置" in p for p in parts):
        return "vehicle_total"
    if any("三公" in p for p in parts):
        return "total"
    return "all_total"


# a side of a summary headed by its classification (Xi'an 2020 表1: 支出功能分类 | 预算数 |
# 部门预算支出经济分类 | 预算数 | 政府预算支出经济分类 | 预算数): a label column like 科目
_CLASSIFICATION_SIDE = re.compile(r"(?:功能|经济)分类$")


def _role_of_part(part: str, table_id: str) -> str | None:
    # a note cut off by a misplaced column boundary (政府预算支出经济科目（按大类 | ）预算数)
    t = re.sub(r"\([^)]*$", "", strip_notes(part))
    if t in _UNIT_HEADERS:
        return "unit"
    if "单位" in t and (t.endswith("代码") or t.endswith("编码")):
        return "unitcode"  # the unit's own code (105001): neither a function code nor an amount
    if t in ROLE_WORDS["lineno"]:
        return "lineno"
    if t in ROLE_WORDS["code"] or t.endswith("编码") or t.endswith("代码"):
        return "code"
    if t in ROLE_WORDS["name"] or t.endswith("名称") or t.endswith("科目") or _CLASSIFICATION_SIDE.search(t):
        return "name"
    if t in ("预算", "本年预算", "预算金额", "金额"):
        return "amount"
    if t in ("栏次",):
        return None
    vocab = _COLS_T09 if table_id in _THREE_PUBLIC_TABLES else _COLS_COMMON
    for words, col_id in vocab:
        if any(w in t for w in words):
            if col_id == "department_budget" and (t != "部门预算" or table_id in _SUMMARY_TABLES):
                return None  # 一、部门预算 opening a summary side is a line, not a column
            return col_id
    # a header cut short by the frame, its last character printed in the cell below
    # (Xi'an 2021 收入总表: 对附属单位上缴收 over 入0.00): a long word less its last character
    for words, col_id in vocab:
        if len(t) >= 6 and any(len(w) >= 6 and t.endswith(w[:-1]) for w in words):
            return col_id
    return None


def header_terms(text: str, table_id: str) -> list[str]:
    """Col_ids in the order their header words occur in run-together header text.

    Used for flattened text, whose header cells are broken over lines and glued
    together (``事业收入经营收入``): the words are found left to right, longest first.
    """
    t = nospace(fold(text)).translate(_QUOTES).replace("（", "(").replace("）", ")")
    vocab = _COLS_T09 if table_id in _THREE_PUBLIC_TABLES else _COLS_COMMON
    # 本年支出 over 小计/基本支出/项目支出 is a parent header, not a column of its own
    words = sorted(((w, c) for ws, c in vocab for w in ws if w != "本年支出"),
                   key=lambda wc: -len(wc[0]))
    out: list[str] = []
    i = 0
    while i < len(t):
        for w, c in words:
            if t.startswith(w, i):
                out.append(c)
                i += len(w)
                break
        else:
            i += 1
    return out
