"""The words the standard tables are printed with, and what each one means.

Everything here works on a *normalised* label: full-width folded, spaces removed,
numbering (``一、``, ``1.``, ``（一）``) and bracketed notes stripped. Tables are
recognised by what their title says, never by their number; columns by their header
words; named rows of the two summary tables (T01/T04, B01/B04) by their label.
"""

from __future__ import annotations

import re

from budgetlens.ingest.normalize import fold, nospace, unit_of  # noqa: F401  (unit_of: vocab.unit_of)

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

def table_id_for_title(title: str) -> str | None:
    """The contract id of a table from its title text (any spacing, split lines joined).

    Specific titles are tried before the general ones they contain: 财政拨款收入支出
    决算总表 before 收入支出决算总表, 基本支出 before 支出.
    """
    t = strip_notes(norm(title))
    if "表" not in t:
        return None
    budget = "预算表" in t or "预算总表" in t or "收支总表" in t or ("预算" in t and "决算" not in t)
    final = "决算" in t
    if not (budget or final):
        return None
    if "绩效" in t:
        return None
    if "三公" in t:
        return "T09" if final else "B09"
    if final:
        return _final_id(t)
    return _budget_id(t)


def _final_id(t: str) -> str | None:
    if "一般公共预算" in t and "基本支出" in t:
        return "T06"
    if "一般公共预算" in t and "支出" in t:
        return "T05"
    if "政府性基金" in t:
        return "T07"
    if "国有资本经营" in t:
        return "T08"
    if "项目支出" in t:
        return "T10"
    if "相关信息" in t or "政府采购" in t or "机关运行经费" in t or "国有资产" in t:
        return "T11"
    if "财政拨款收入支出" in t or "财政拨款收支" in t:
        return "T04"
    if "财政拨款支出" in t:  # 高等学校 表4 财政拨款支出决算表: function codes, 基本/项目
        return "T05"
    if "收入支出决算" in t or "收支决算" in t:
        return "T01"
    if "收入决算" in t:
        return "T02"
    if "支出决算" in t:
        return "T03"
    return None


def _budget_id(t: str) -> str | None:
    if "机关运行经费" in t:
        return None  # a budget's 机关运行经费 table has no contract id (its figure is in B09)
    if "培训费" in t or "会议费" in t:
        return "B12"
    if "政府采购" in t:
        return "B13"
    if "一般公共预算" in t and "基本支出" in t:
        return "B06"
    if "一般公共预算" in t and "支出" in t:
        return "B05"
    if "政府性基金" in t:
        return "B07"
    if "国有资本经营" in t:
        return "B08"
    if "财政拨款" in t and "基本支出" in t:
        return "B11"
    if "财政拨款收支" in t or "财政拨款收入支出" in t:
        return "B04"
    if "财政拨款支出" in t:
        return "B10"
    if "收支" in t or "收入支出" in t:
        return "B01"
    if "收入" in t:
        return "B02"
    if "支出" in t:
        return "B03"
    return None


LABEL_RE = re.compile(r"(?:公开|附表|表)\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:表|-\d+)?")
"""A table label as printed: 公开01表, 公开 01 表, 表1, 表一, 附表1, 表1-2."""


def is_label_line(text: str) -> bool:
    t = nospace(fold(text))
    return bool(re.fullmatch(r"(?:公开\d{1,2}表|附?表[\d一二三四五六七八九十]{1,3}(?:-\d+)?)", t))


EMPTY_MARKERS = ("本表无数据", "空表", "无此项", "本表为空", "不涉及")


# --- units ----------------------------------------------------------------------------

# ``unit_of`` (the one reader of unit lines) lives in ingest.normalize, imported above


# --- function classes (类) by name, for the two summary tables -------------------------

FUNCTION_CLASSES: list[tuple[str, str]] = [
    ("201", "一般公共服务"), ("202", "外交"), ("203", "国防"), ("204", "公共安全"),
    ("205", "教育"), ("206", "科学技术"), ("207", "文化旅游体育与传媒"),
    ("207", "文化体育与传媒"), ("208", "社会保障和就业"), ("209", "社会保险基金"),
    ("210", "卫生健康"), ("210", "医疗卫生与计划生育"), ("210", "医疗卫生"),
    ("211", "节能环保"), ("212", "城乡社区"), ("213", "农林水"), ("214", "交通运输"),
    ("215", "资源勘探工业信息等"), ("215", "资源勘探信息等"), ("215", "资源勘探电力信息等"),
    ("216", "商业服务业等"), ("217", "金融"), ("219", "援助其他地区"),
    ("220", "自然资源海洋气象等"), ("220", "国土海洋气象等"), ("221", "住房保障"),
    ("222", "粮油物资储备"), ("223", "国有资本经营预算"), ("224", "灾害防治及应急管理"),
    ("227", "预备费"), ("229", "其他"), ("230", "转移性"), ("231", "债务还本"),
    ("232", "债务付息"), ("233", "债务发行费用"), ("234", "抗疫特别国债安排的"),
]


def class_code(label: str) -> str | None:
    """The 类 code of an expenditure line of a summary table (``九、卫生健康支出`` → 210)."""
    t = strip_notes(norm(label))
    if not t.endswith("支出"):
        return None
    stem = t[: -len("支出")]
    for code, name in FUNCTION_CLASSES:
        if stem == name:
            return code
    return None


# --- named rows of the summary tables -------------------------------------------------

_INCOME_ROWS: list[tuple[str, tuple[str, ...]]] = [
    ("income.general_budget", ("一般公共预算财政拨款收入", "一般公共预算财政拨款", "一般公共预算收入",
                               "一般公共预算拨款收入", "一般公共预算资金", "一般公共预算")),
    ("income.gov_fund", ("政府性基金预算财政拨款收入", "政府性基金预算财政拨款", "政府性基金预算收入",
                         "政府性基金预算拨款收入", "政府性基金收入", "政府性基金预算", "政府性基金")),
    ("income.soe_capital", ("国有资本经营预算财政拨款收入", "国有资本经营预算财政拨款",
                            "国有资本经营预算收入", "国有资本经营预算拨款收入", "国有资本经营预算")),
    ("income.fiscal_grant", ("财政拨款收入", "财政拨款")),
    ("income.higher_level_subsidy", ("上级补助收入",)),
    ("income.business", ("事业收入",)),
    ("income.operating", ("经营收入", "事业单位经营收入")),
    ("income.affiliated_remit", ("附属单位上缴收入",)),
    ("income.other", ("其他收入",)),
    ("income.current_year_total", ("本年收入合计", "本年收入小计", "当年收入小计", "当年收入合计", "收入合计")),
    ("income.use_of_balance", ("使用非财政拨款结余", "使用非财政拨款结余和专用结余",
                               "用事业基金弥补收支差额", "使用事业基金弥补收支差额")),
    ("income.carryover_begin", ("年初结转和结余", "年初财政拨款结转和结余", "上年结转", "上年结转结余",
                                "上年结转和结余", "年初结转结余", "上年结转资金", "上年结转和结余资金")),
    ("income.grand_total", ("收入总计",)),
]
_EXP_ROWS: list[tuple[str, tuple[str, ...]]] = [
    ("exp.current_year_total", ("本年支出合计", "本年支出总计", "本年支出小计", "当年支出小计", "当年支出合计",
                                "支出合计")),
    ("exp.balance_distribution", ("结余分配",)),
    ("exp.carryover_end", ("年末结转和结余", "年末财政拨款结转和结余", "年末结转结余", "结转下年", "结转下年资金")),
    ("exp.grand_total", ("支出总计",)),
]
_FUND_SUFFIX = {"income.general_budget": "general_budget", "income.gov_fund": "gov_fund",
                "income.soe_capital": "soe_capital"}


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
    for key, names in _INCOME_ROWS + _EXP_ROWS:
        if t in names:
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
_COLS_COMMON: list[tuple[tuple[str, ...], str]] = [
    (("年初结转和结余", "年初结转结余", "上年结转"), "carryover_begin"),
    (("年末结转和结余", "年末结转结余"), "carryover_end"),
    # before 财政拨款: 使用非财政拨款结余 names 财政拨款 only to exclude it
    (("使用非财政拨款结余", "非财政拨款结余"), "use_of_balance"),
    (("人员经费",), "personnel"),
    (("公用经费",), "public"),
    (("基本支出",), "basic"),
    (("项目支出",), "project"),
    (("上缴上级支出",), "remit_to_higher"),
    (("对附属单位补助支出", "对附属单位补助"), "subsidy_to_affiliated"),
    (("经营支出",), "operating"),
    (("上级补助收入",), "higher_level_subsidy"),
    (("附属单位上缴收入",), "affiliated_remit"),
    (("事业单位经营收入", "经营收入"), "operating"),
    (("事业收入",), "business"),
    (("其他收入",), "other"),
    (("一般公共预算",), "general_budget"),
    (("政府性基金",), "gov_fund"),
    (("国有资本经营",), "soe_capital"),
    (("财政拨款收入", "财政拨款"), "fiscal_grant"),
    (("年初预算",), "budget_initial"),
    (("本年收入合计", "本年支出合计"), "total"),
    (("本年收入",), "income"),
    (("合计", "小计", "总计", "本年支出"), "total"),
    (("决算数", "预算数", "金额", "统计数", "数额"), "amount"),
]

_COLS_T09: list[tuple[tuple[str, ...], str]] = [
    (("机关运行经费",), "operating_expenses"),
    (("因公出国",), "outbound"),
    (("公务接待",), "reception"),
    (("购置及运行",), "vehicle_total"),
    (("购置费",), "vehicle_purchase"),
    (("运行维护费", "运行费", "车辆运行"), "vehicle_operation"),
    (("会议费",), "meeting"),
    (("培训费",), "training"),
    (("合计", "小计", "总计"), "total"),
]
_GENERIC = {"total", "amount"}
_SUB_WORDS = ("小计", "金额")  # words that mean "this column of the header above"

ROLE_WORDS = {
    "code": ("科目代码", "科目编码", "功能分类科目编码", "经济分类科目编码", "编码", "代码", "类", "款", "项"),
    "name": ("科目名称", "项目", "功能分类科目名称", "经济分类科目名称", "名称", "单位名称"),
    "lineno": ("行次",),
}


def column_role(header: str, table_id: str) -> str | None:
    """``code``/``name``/``lineno`` or a col_id for a column, from its header text.

    ``header`` joins the header cells above the column (two-level headers) from top to
    bottom; the lowest level is the most specific, so it is tried first.
    """
    parts = [norm(p) for p in header.split("|") if norm(p)]
    if not parts:
        return None
    if parts[-1].startswith("其中"):
        return None  # a 其中 sub-column (其中：教育收费) has no contract id of its own
    if table_id in ("T09", "B09"):
        return _three_public_role(parts)
    roles = [_role_of_part(p, table_id) for p in parts]
    lowest = next((r for r in reversed(roles) if r), None)
    if strip_notes(parts[-1]) in _SUB_WORDS:  # 小计 / 金额 under 项目支出 or 事业收入: the parent's meaning
        specific = next((r for r in reversed(roles) if r and r not in _GENERIC
                         and r not in ("code", "name", "lineno")), None)
        if specific:
            return specific
    return lowest


def _three_public_role(parts: list[str]) -> str | None:
    """A 三公 column: a 小计 under 公务用车 is ``vehicle_total``, under 三公 ``total``.

    A 合计 over everything (三公 + 会议费 + 培训费, Jiangsu) is ``all_total``: it is the
    ``total`` only when the table prints no 三公 subtotal of its own.
    """
    role = next((r for r in (_role_of_part(p, "T09") for p in reversed(parts)) if r), None)
    if role != "total":
        return role
    if any("公务用车" in p for p in parts):
        return "vehicle_total"
    if any("三公" in p for p in parts):
        return "total"
    return "all_total"


def _role_of_part(part: str, table_id: str) -> str | None:
    t = strip_notes(part)
    if t in ROLE_WORDS["lineno"]:
        return "lineno"
    if t in ROLE_WORDS["code"] or t.endswith("编码") or t.endswith("代码"):
        return "code"
    if t in ROLE_WORDS["name"] or t.endswith("名称"):
        return "name"
    if t in ("栏次",):
        return None
    vocab = _COLS_T09 if table_id in ("T09", "B09") else _COLS_COMMON
    for words, col_id in vocab:
        if any(w in t for w in words):
            return col_id
    return None


def header_terms(text: str, table_id: str) -> list[str]:
    """Col_ids in the order their header words occur in run-together header text.

    Used for flattened text, whose header cells are broken over lines and glued
    together (``事业收入经营收入``): the words are found left to right, longest first.
    """
    t = nospace(fold(text)).translate(_QUOTES).replace("（", "(").replace("）", ")")
    vocab = _COLS_T09 if table_id in ("T09", "B09") else _COLS_COMMON
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
