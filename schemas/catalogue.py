"""The catalogue of the contract: every standard table, the words its title and headers
are printed with, how its rows are keyed, and which key figure lives where.

Data only (frozen dataclasses, nothing of ours imported): extraction derives its title
and header vocabulary from here (``extract.vocab``); checks, answers and fixtures can read
the same facts. The words come from the layouts actually printed across the filings read
so far (Shanghai, Jiangsu, Guangdong, Shandong, Shaanxi, Chongqing, Zhejiang, Jilin
budgets; final accounts of many publishers), not from one publisher's list.

**Titles are scored, not matched against a list.** A title (normalised: no spaces,
quotes or numbering) is scored against every ``TableSpec`` of its kind (决算 in the
title → final account, otherwise budget): a spec applies when every one of its word
groups has a word in the title and none of its ``excludes`` does; its score is the
length of the matched words plus its ``weight``. The best score wins; a winning spec
with ``table_id`` ``""`` is a known table outside the contract (项目支出, 绩效目标, 结转资金,
functional breakdown of basic expenditure …): reported, never counted as a standard one.

    财政拨款收支总体情况表  B04 (财政拨款 + 收支: 6) beats B01 (收支: 2)
    一般公共预算"三公"经费支出表  B09 (三公 + weight 20) beats B05 (一般公共预算 + 支出: 7)
    一般公共预算项目支出情况表(按经济分类科目)  "" (项目支出 + weight 10) beats B05
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

DocKind = Literal["budget", "final_accounts"]
# the word a filing's title gives its kind: 部门预算 / 部门决算
KIND_WORD: dict[str, str] = {"budget": "预算", "final_accounts": "决算"}
RowKind = Literal["summary", "function", "economic", "three_public", "other"]


@dataclass(frozen=True)
class TableSpec:
    """One table kind and the words that name it.

    ``words``: groups of alternatives, each group must have a word in the title
    (``(("一般公共预算",), ("基本支出",))``); ``excludes``: words that rule it out;
    ``weight``: added to the matched length (specific tables outrank general ones).
    """

    table_id: str  # "" for a known table outside the contract
    kind: DocKind
    name: str  # the usual title
    words: tuple[tuple[str, ...], ...]
    rows: RowKind = "function"
    columns: tuple[str, ...] = ()
    excludes: tuple[str, ...] = ()
    weight: int = 0
    labels: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()  # other titles seen in print


_FUNC_COLS = ("total", "basic", "project")
_SUMMARY_COLS = ("amount",)
_THREE_PUBLIC_COLS = ("total", "outbound", "vehicle_total", "vehicle_purchase", "vehicle_operation",
                      "reception", "meeting", "training", "operating_expenses")
_INCOME_COLS = ("total", "fiscal_grant", "general_budget", "gov_fund", "soe_capital", "special_account",
                "higher_level_subsidy", "business", "operating", "affiliated_remit", "other", "carryover_begin",
                "use_of_balance")
_PROCUREMENT_COLS = ("total", "fiscal_grant", "general_budget", "gov_fund", "soe_capital", "special_account",
                     "unit_funds", "carryover_begin")

_INCOME_EXP = ("收支", "收入支出", "收入及支出")
# a table broken down by what is not in the contract: never a standard table however else it reads
_NOT_STANDARD = ("绩效", "项目支出", "专项业务经费", "专项资金", "结转资金", "结转支出", "财拨结转")

FINAL_TABLES: tuple[TableSpec, ...] = (
    TableSpec("T01", "final_accounts", "收入支出决算总表", (_INCOME_EXP,), "summary", _SUMMARY_COLS,
              labels=("公开01表",)),
    TableSpec("T02", "final_accounts", "收入决算表", (("收入",),), "function", _INCOME_COLS, labels=("公开02表",)),
    TableSpec("T03", "final_accounts", "支出决算表", (("支出",),), "function",
              ("total", "basic", "project", "remit_to_higher", "operating", "subsidy_to_affiliated"),
              labels=("公开03表",)),
    TableSpec("T04", "final_accounts", "财政拨款收入支出决算总表", (("财政拨款",), _INCOME_EXP), "summary",
              ("total", "general_budget", "gov_fund", "soe_capital"), weight=2, labels=("公开04表",)),
    TableSpec("T05", "final_accounts", "一般公共预算财政拨款支出决算表", (("一般公共预算",), ("支出",)),
              "function", ("total", "basic", "project", "budget_initial"), weight=4, labels=("公开05表",),
              variants=("高等学校财政拨款支出决算表",)),
    TableSpec("T05", "final_accounts", "财政拨款支出决算表", (("财政拨款支出",),), "function",
              _FUNC_COLS, weight=1),
    TableSpec("T06", "final_accounts", "一般公共预算财政拨款基本支出决算明细表",
              (("一般公共预算",), ("基本支出",)), "economic", ("amount",), weight=6, labels=("公开06表",)),
    TableSpec("T07", "final_accounts", "政府性基金预算财政拨款收入支出决算表", (("政府性基金",),), "function",
              ("carryover_begin", "income", "total", "basic", "project", "carryover_end"), weight=10,
              labels=("公开07表",)),
    TableSpec("T08", "final_accounts", "国有资本经营预算财政拨款支出决算表", (("国有资本经营",),), "function",
              _FUNC_COLS, weight=10, labels=("公开08表",)),
    TableSpec("T09", "final_accounts", "财政拨款“三公”经费支出决算表", (("三公",),), "three_public",
              _THREE_PUBLIC_COLS, weight=30, labels=("公开09表",)),
    TableSpec("T10", "final_accounts", "项目支出决算表", (("项目支出",),), "function", _FUNC_COLS, weight=12),
    TableSpec("T11", "final_accounts", "政府采购、机关运行经费、国有资产等相关信息表",
              (("相关信息", "政府采购", "机关运行经费", "国有资产"),), "other", (), weight=15),
    TableSpec("", "final_accounts", "绩效自评表", (("绩效",),), "other", weight=40),
)

BUDGET_TABLES: tuple[TableSpec, ...] = (
    TableSpec("B01", "budget", "收支预算总表", (_INCOME_EXP,), "summary", ("amount", "personnel", "public", "project"),
              variants=("财务收支预算总表", "部门收支总表", "收支总体情况表", "收支总表")),
    TableSpec("B02", "budget", "收入预算表", (("收入",),), "function", _INCOME_COLS,
              variants=("收入预算总表", "部门收入总体情况表", "收入总表")),
    TableSpec("B03", "budget", "支出预算表", (("支出",),), "function", _FUNC_COLS,
              variants=("支出预算总表", "本年支出总体情况表", "支出总表")),
    TableSpec("B04", "budget", "财政拨款收支预算总表", (("财政拨款",), _INCOME_EXP), "summary",
              ("total", "general_budget", "gov_fund", "soe_capital"), weight=2,
              variants=("财政拨款收支总体情况表", "财政拨款收支总表")),
    TableSpec("B05", "budget", "一般公共预算支出功能分类预算表", (("一般公共预算",), ("支出",)), "function",
              _FUNC_COLS, weight=4, excludes=("经济分类", "经济科目"),
              variants=("一般公共预算支出情况表(按功能分类科目)", "一般公共预算支出表(按功能分类)",
                        "一般公共预算支出明细表(按支出功能分类科目)", "本年一般公共预算支出表")),
    TableSpec("B06", "budget", "一般公共预算基本支出部门经济分类预算表", (("一般公共预算",), ("基本支出",)),
              "economic", ("total", "personnel", "public"), weight=8, excludes=("功能分类", "功能科目"),
              variants=("一般公共预算基本支出情况表(按经济分类科目)", "一般公共预算基本支出明细表(按支出经济分类科目)",
                        "一般公共预算基本支出表")),
    TableSpec("B07", "budget", "政府性基金预算支出功能分类预算表", (("政府性基金",),), "function", _FUNC_COLS,
              weight=10, variants=("政府性基金预算支出情况表", "政府性基金收支表")),
    TableSpec("B08", "budget", "国有资本经营预算支出功能分类预算表", (("国有资本经营",),), "function", _FUNC_COLS,
              weight=10, variants=("国有资本经营预算支出情况表", "国有资本经营预算支出明细表")),
    TableSpec("B09", "budget", "“三公”经费和机关运行经费预算表", (("三公",),), "three_public", _THREE_PUBLIC_COLS,
              weight=30, variants=("财政拨款安排的行政经费及“三公”经费预算表",
                                   "一般公共预算“三公”经费、会议费、培训费支出表",
                                   "一般公共预算拨款“三公”经费及会议费、培训费支出预算表")),
    TableSpec("B10", "budget", "财政拨款支出预算表", (("财政拨款支出",),), "function", _FUNC_COLS, weight=3,
              excludes=("经济分类", "经济科目"), variants=("财政拨款支出表(功能科目)",)),
    TableSpec("B11", "budget", "财政拨款基本支出预算表", (("财政拨款",), ("基本支出",)), "economic",
              ("total", "personnel", "public"), weight=6, variants=("财政拨款基本支出表(经济科目)",)),
    TableSpec("B12", "budget", "培训费、会议费支出预算表", (("培训费", "会议费"),), "other", ("total",), weight=20),
    # 合计, then the sources it is paid from, as in T02 (财政拨款 | 小计 over the funds, 单位资金)
    TableSpec("B13", "budget", "政府采购支出预算表", (("政府采购",),), "other", _PROCUREMENT_COLS, weight=20,
              variants=("政府采购预算明细表", "政府采购预算情况表", "政府采购(资产配置、购买服务)预算表")),
    # known tables outside the contract: reported, not counted
    TableSpec("", "budget", "项目支出预算表", (_NOT_STANDARD,), "other", weight=25,
              variants=("项目支出总表", "项目支出预算情况表", "专项业务经费支出表", "财政拨款上年结转资金支出表",
                        "项目支出绩效目标表")),
    TableSpec("", "budget", "一般公共预算机关运行经费支出预算表", (("机关运行经费",),), "other", weight=15),
    TableSpec("", "budget", "一般公共预算支出表(按经济分类)", (("一般公共预算", "财政拨款"), ("支出",),
                                                      ("经济分类", "经济科目")), "economic", weight=2,
              excludes=("基本支出",)),
    TableSpec("", "budget", "一般公共预算基本支出明细表(按功能分类科目)", (("基本支出",), ("功能分类", "功能科目")),
              "function", weight=20),
    TableSpec("", "budget", "基本支出总表", (("基本支出",),), "economic", weight=1,
              variants=("基本支出预算情况表",)),
)

TABLES: tuple[TableSpec, ...] = FINAL_TABLES + BUDGET_TABLES
STANDARD_IDS: tuple[str, ...] = tuple(dict.fromkeys(t.table_id for t in TABLES if t.table_id))
"""The ids the contract lists (T01-T11, B01-B13), the tables coverage is counted over."""


def tables_with_rows(kind: RowKind) -> frozenset[str]:
    """The standard tables whose rows are of one kind: ``summary`` → T01, T04, B01, B04."""
    return frozenset(t.table_id for t in TABLES if t.table_id and t.rows == kind)


@dataclass(frozen=True)
class ColumnWords:
    """A column id and the header words that name it (tried in catalogue order, first hit)."""

    col_id: str
    words: tuple[str, ...]
    note: str = ""


# Columns of another year or of change: tried before everything else, so that a
# 上年预算数 or 增减% is never read as this year's figure.
OTHER_YEAR_COLUMNS: tuple[ColumnWords, ...] = (
    ColumnWords("change_pct", ("增减%", "增减(%)", "增长率", "增幅", "增减幅度", "增长%", "比上年增减%", "增减比例"),
                "a percentage, never an amount"),
    ColumnWords("change", ("增减额", "比上年增减", "增减变化", "增减情况", "增减"), "signed amount"),
    ColumnWords("prior_year", ("上年预算数", "上年执行数", "上年决算数", "上年预算", "上年执行", "上年数",
                               "执行数"), "the header names the earlier year"),
)

COMMON_COLUMNS: tuple[ColumnWords, ...] = (
    ColumnWords("procurement_small", ("小型、微型企业", "小微企业"), "政府采购 reserved for small and micro firms"),
    ColumnWords("procurement_sme", ("中小企业",), "政府采购 reserved for small and medium firms"),
    ColumnWords("procurement", ("政府采购",), "政府采购 amount of the row"),
    ColumnWords("carryover_begin", ("年初结转和结余", "年初结转结余", "上年结转", "上年结余")),
    ColumnWords("carryover_end", ("年末结转和结余", "年末结转结余")),
    # before 财政拨款: 使用非财政拨款结余 names 财政拨款 only to exclude it
    ColumnWords("use_of_balance", ("使用非财政拨款结余", "非财政拨款结余", "事业基金弥补收支差额")),
    ColumnWords("personnel", ("人员经费", "人员支出")),
    ColumnWords("public", ("公用经费", "日常公用")),
    ColumnWords("basic", ("基本支出",)),
    ColumnWords("project", ("项目支出", "专项业务经费")),
    ColumnWords("remit_to_higher", ("上缴上级支出",)),
    ColumnWords("subsidy_to_affiliated", ("对附属单位补助支出", "对附属单位补助")),
    ColumnWords("operating", ("经营支出",)),
    ColumnWords("higher_level_subsidy", ("上级补助收入",)),
    ColumnWords("affiliated_remit", ("附属单位上缴收入",)),
    ColumnWords("operating", ("事业单位经营收入", "经营收入")),
    ColumnWords("business", ("事业收入",)),
    ColumnWords("other", ("其他收入",)),
    ColumnWords("special_account", ("财政专户", "专户资金"), "财政专户管理资金 (a source beside 财政拨款)"),
    ColumnWords("unit_funds", ("单位资金",), "单位资金: the unit's own funds (事业/经营/其他收入) beside 财政拨款"),
    ColumnWords("special_funds", ("专项资金列入部门预算",),
                "其中：专项资金列入部门预算的项目 (Xi'an): special funds inside the general budget grant, a part of it"),
    ColumnWords("account_balance", ("上年实户资金余额", "实户资金余额"),
                "the units' own bank balance from the year before (Xi'an), a source beside the grants"),
    ColumnWords("general_budget", ("一般公共预算", "公共预算拨款")),
    ColumnWords("gov_fund", ("政府性基金",)),
    ColumnWords("soe_capital", ("国有资本经营",)),
    ColumnWords("fiscal_grant", ("财政拨款收入", "财政拨款")),
    ColumnWords("budget_initial", ("年初预算",)),
    ColumnWords("current_year", ("当年预算", "编制预算"), "this year's new budget beside the carried-over share"),
    ColumnWords("total", ("本年收入合计", "本年支出合计")),
    ColumnWords("income", ("本年收入",)),
    ColumnWords("total", ("合计", "小计", "总计", "本年支出")),
    ColumnWords("amount", ("决算数", "预算数", "金额", "统计数", "数额", "预算金额", "本年预算")),
    ColumnWords("department_budget", ("部门预算",),
                "部门预算 over 合计 beside 总计 (Xi'an 收入总表 / 支出总表): the department budget's total"),
)

SPECIAL_ACCOUNT_PARTS: tuple[ColumnWords, ...] = (
    ColumnWords("special_account.education_fees", ("教育收费",), "财政专户拨款收入 over 教育收费"),
    ColumnWords("special_account.other", ("其他专户", "其他财政专户"), "财政专户拨款收入 over 其他专户收入拨款"),
)
"""The parts a 财政专户 column group prints under its header (Guangzhou 收入总体情况表:
财政专户拨款收入 over 教育收费 | 其他专户收入拨款), keyed ``special_account.<part>``."""

THREE_PUBLIC_COLUMNS: tuple[ColumnWords, ...] = (
    ColumnWords("operating_expenses", ("机关运行经费",)),
    ColumnWords("admin_expenses", ("行政经费",), "Guangdong 财政拨款安排的行政经费: not the same measure as 机关运行经费"),
    ColumnWords("outbound", ("因公出国",)),
    ColumnWords("reception", ("公务接待",)),
    ColumnWords("vehicle_total", ("购置及运行",)),
    ColumnWords("vehicle_purchase", ("购置费", "车辆购置", "用车购置")),
    ColumnWords("vehicle_operation", ("运行维护费", "运行费", "车辆运行", "运行维护")),
    ColumnWords("meeting", ("会议费",)),
    ColumnWords("training", ("培训费",)),
    ColumnWords("total", ("合计", "小计", "总计")),
)

ROLE_WORDS: dict[str, tuple[str, ...]] = {
    "code": ("科目代码", "科目编码", "功能分类科目编码", "经济分类科目编码", "编码", "代码", "类", "款", "项",
             "科目编号"),
    "name": ("科目名称", "项目", "功能分类科目名称", "经济分类科目名称", "名称", "单位名称", "科目", "项目名称",
             "支出功能分类科目", "部门经济分类科目", "功能分类科目", "经济分类科目", "支出项目", "年度",
             "采购项目"),
    "lineno": ("行次",),
    "unit": ("预算单位", "部门(单位)名称", "单位"),
}
"""Header words of the columns that are not amounts: the row's code, its name, 行次, and
the subordinate unit a row belongs to (a 预算单位 column: rows keyed ``<unit>|<key>``)."""


@dataclass(frozen=True)
class RowWords:
    key: str
    words: tuple[str, ...]


SUMMARY_INCOME_ROWS: tuple[RowWords, ...] = (
    RowWords("income.general_budget", ("一般公共预算财政拨款收入", "一般公共预算财政拨款", "一般公共预算收入",
                                       "一般公共预算拨款收入", "一般公共预算资金", "一般公共预算",
                                       "一般公共预算拨款")),
    RowWords("income.gov_fund", ("政府性基金预算财政拨款收入", "政府性基金预算财政拨款", "政府性基金预算收入",
                                 "政府性基金预算拨款收入", "政府性基金收入", "政府性基金预算", "政府性基金",
                                 "政府性基金拨款", "政府性基金预算拨款")),
    RowWords("income.soe_capital", ("国有资本经营预算财政拨款收入", "国有资本经营预算财政拨款",
                                    "国有资本经营预算收入", "国有资本经营预算拨款收入", "国有资本经营预算",
                                    "国有资本经营预算拨款")),
    RowWords("income.fiscal_grant", ("财政拨款收入", "财政拨款", "财政拨款(补助)", "预算拨款", "预算拨款收入")),
    RowWords("income.special_account", ("财政专户管理资金", "财政专户拨款", "财政专户管理资金收入", "财政专户资金",
                                        "财政专户拨款收入")),
    RowWords("income.unit_funds", ("单位资金", "单位资金收入")),
    # 其中：专项资金列入部门预算的项目 under 一般公共预算拨款 (Xi'an): a part of it, in no sum
    RowWords("income.special_funds", ("专项资金列入部门预算的项目", "专项资金列入部门预算项目")),
    RowWords("income.higher_level_subsidy", ("上级补助收入",)),
    RowWords("income.business", ("事业收入",)),
    RowWords("income.operating", ("经营收入", "事业单位经营收入")),
    RowWords("income.affiliated_remit", ("附属单位上缴收入",)),
    RowWords("income.other", ("其他收入",)),
    RowWords("income.current_year_total", ("本年收入合计", "本年收入小计", "当年收入小计", "当年收入合计", "收入合计",
                                           "本年收入")),
    RowWords("income.use_of_balance", ("使用非财政拨款结余", "使用非财政拨款结余和专用结余",
                                       "用事业基金弥补收支差额", "使用事业基金弥补收支差额")),
    RowWords("income.carryover_begin", ("年初结转和结余", "年初财政拨款结转和结余", "上年结转", "上年结转结余",
                                        "上年结转和结余", "年初结转结余", "上年结转资金", "上年结转和结余资金",
                                        "上年财政拨款资金结转", "上年财政拨款结转", "上年结余、结转", "上年结余结转")),
    RowWords("income.grand_total", ("收入总计", "收入总数")),
)
SUMMARY_EXP_ROWS: tuple[RowWords, ...] = (
    RowWords("exp.current_year_total", ("本年支出合计", "本年支出总计", "本年支出小计", "当年支出小计", "当年支出合计",
                                        "支出合计", "本年支出")),
    RowWords("exp.balance_distribution", ("结余分配",)),
    # lines after the function classes (Guangzhou 收支总体情况表: 二十四、对附属单位补助支出)
    RowWords("exp.subsidy_to_affiliated", ("对附属单位补助支出",)),
    RowWords("exp.remit_to_higher", ("上缴上级支出",)),
    RowWords("exp.carryover_end", ("年末结转和结余", "年末财政拨款结转和结余", "年末结转结余", "结转下年",
                                   "结转下年资金", "年末结转", "结转下年支出", "结转结余下年", "年终结转结余")),
    RowWords("exp.grand_total", ("支出总计", "支出总数")),
)

PROCUREMENT_ROWS: tuple[RowWords, ...] = (
    RowWords("goods", ("货物", "货物类", "A货物")),
    RowWords("works", ("工程", "工程类", "B工程")),
    RowWords("services", ("服务", "服务类", "C服务")),
)
"""The category lines of a 政府采购 table (B13); its 合计 is ``total``."""

FUNCTION_CLASSES: tuple[tuple[str, str], ...] = (
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
)
"""The 类 of the function classification by name (a summary table's expenditure lines)."""



# Every cell a key figure may be printed in, in order of preference: a statement of the
# figure is compared with the first of them that the filing prints. Tables of the 财政拨款 /
# 一般公共预算 scope (FISCAL_SCOPE_TABLES) come first for a statement made in those words.
# Column "" is the row's one amount. Key figures themselves are read from the narrative
# (extract.narrative); tables are where checks compare them and where answers look them up.
_T09_PARTS = ("outbound", "vehicle_purchase", "vehicle_operation", "reception", "meeting", "training",
              "vehicle_total")
FIGURE_CELLS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "income_total": (("T01", "income.grand_total", ""), ("B01", "income.grand_total", "")),
    "expenditure_total": (("T01", "exp.grand_total", ""), ("B01", "exp.grand_total", "")),
    "income_current_year": (("T01", "income.current_year_total", ""), ("T02", "total", "total"),
                            ("B02", "total", "total"), ("B01", "income.current_year_total", "")),
    "expenditure_current_year": (("T01", "exp.current_year_total", ""), ("T03", "total", "total"),
                                 ("B03", "total", "total"), ("B01", "exp.current_year_total", "")),
    "fiscal_grant_income": (("T02", "total", "fiscal_grant"), ("B02", "total", "fiscal_grant"),
                            ("B01", "income.fiscal_grant", "")),
    "basic_expenditure": (("T03", "total", "basic"), ("T05", "total", "basic"), ("B03", "total", "basic"),
                          ("B05", "total", "basic"), ("B10", "total", "basic"), ("B11", "total", "total"),
                          ("B06", "total", "total")),
    "project_expenditure": (("T03", "total", "project"), ("T05", "total", "project"), ("B03", "total", "project"),
                            ("B05", "total", "project"), ("B10", "total", "project")),
    "personnel_expenditure": (("T06", "personnel_total", ""), ("B06", "total", "personnel")),
    "public_expenditure": (("T06", "public_total", ""), ("B06", "total", "public")),
    "three_public_budget": (("T09", "budget", "total"), ("B09", "budget", "total")),
    "three_public_actual": (("T09", "actual", "total"),),
    "operating_expenses": (("B09", "budget", "operating_expenses"),),
    **{f"{part}_actual": (("T09", "actual", part),) for part in _T09_PARTS},
    **{f"{part}_budget": (("T09", "budget", part), ("B09", "budget", part)) for part in _T09_PARTS},
}
FISCAL_SCOPE_TABLES: tuple[str, ...] = ("T05", "B05", "B10", "B11", "B06")

# The money a table's amounts cover: all of the department's funds (whole), its fiscal
# grants (财政拨款), or one budget of them (一般公共预算 / 政府性基金 / 国有资本经营).
# 基本支出 of the 支出表 (whole) and of the 一般公共预算支出表 (general) are two measures.
TABLE_SCOPE: dict[str, str] = {
    "T01": "whole", "T02": "whole", "T03": "whole", "T04": "fiscal", "T05": "general",
    "T06": "general", "T07": "gov_fund", "T08": "soe_capital", "T09": "fiscal", "T10": "whole",
    "T11": "whole",
    "B01": "whole", "B02": "whole", "B03": "whole", "B04": "fiscal", "B05": "general",
    "B06": "general", "B07": "gov_fund", "B08": "soe_capital", "B09": "fiscal", "B10": "fiscal",
    "B11": "fiscal", "B12": "fiscal", "B13": "whole",
}


def answer_cells(name: str) -> tuple[tuple[str, str, str], ...]:
    """The cells an answer may read a key figure from: its homes of the first home's scope.

    A figure asked for by name is the measure its first home prints; a narrower table
    printing a part of the same name is another measure (basic_expenditure: T03 and B03,
    never the 一般公共预算 part in T05, B05, B10, B11 or B06).
    """
    cells = FIGURE_CELLS.get(name, ())
    if not cells:
        return ()
    scope = TABLE_SCOPE[cells[0][0]]
    return tuple(c for c in cells if TABLE_SCOPE[c[0]] == scope)

# The value columns of the national template, in printed order: a table whose header
# cannot be read (flattened into one line) but whose 栏次 row counts as many columns is
# read in this order.
TEMPLATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "T02": ("total", "fiscal_grant", "higher_level_subsidy", "business", "operating",
            "affiliated_remit", "other"),
    "T03": ("total", "basic", "project", "remit_to_higher", "operating", "subsidy_to_affiliated"),
    "T05": ("total", "basic", "project"),
    "T07": ("carryover_begin", "income", "total", "basic", "project", "carryover_end"),
    "T08": ("total", "basic", "project"),
    "B03": ("total", "basic", "project"), "B05": ("total", "basic", "project"),
    "B07": ("total", "basic", "project"), "B08": ("total", "basic", "project"),
}

# ---------------------------------------------------------------- what things are called
# (Chinese, English) names of tables, columns, summary rows and key figures, as messages,
# answers and the app print them: the table as the document names it, a column by its
# printed header.

TABLE_NAMES: dict[str, tuple[str, str]] = {
    "T01": ("收入支出决算总表（公开01表）", "income and expenditure summary (table 01)"),
    "T02": ("收入决算表（公开02表）", "income table (table 02)"),
    "T03": ("支出决算表（公开03表）", "expenditure table (table 03)"),
    "T04": ("财政拨款收入支出决算总表（公开04表）", "fiscal grant summary (table 04)"),
    "T05": ("一般公共预算财政拨款支出决算表（公开05表）",
            "general budget expenditure table (table 05)"),
    "T06": ("一般公共预算财政拨款基本支出决算表（公开06表）",
            "general budget basic expenditure table (table 06)"),
    "T07": ("政府性基金预算财政拨款收入支出决算表（公开07表）", "government fund table (table 07)"),
    "T08": ("国有资本经营预算财政拨款支出决算表（公开08表）", "state capital table (table 08)"),
    "T09": ("“三公”经费支出决算表（公开09表）", "three public expenses table (table 09)"),
    "B01": ("收支预算总表", "budget summary"),
    "B02": ("收入预算表", "income budget"),
    "B03": ("支出预算表", "expenditure budget"),
    "B04": ("财政拨款收支预算总表", "fiscal grant budget summary"),
    "B05": ("一般公共预算支出预算表", "general budget expenditure budget"),
    "B06": ("一般公共预算基本支出预算表", "general budget basic expenditure budget"),
    "B07": ("政府性基金预算支出预算表", "government fund budget"),
    "B08": ("国有资本经营预算支出预算表", "state capital budget"),
    "B09": ("“三公”经费预算表", "three public expenses budget"),
    "B10": ("财政拨款支出预算表", "fiscal grant expenditure budget"),
    "B11": ("财政拨款基本支出预算表", "fiscal grant basic expenditure budget"),
    "B12": ("培训费、会议费支出预算表", "training and meeting budget"),
    "B13": ("政府采购支出预算表", "government procurement budget"),
    "T10": ("项目支出决算表", "project expenditure table"),
    "T11": ("政府采购、机关运行经费等情况表", "procurement and running costs table"),
}

COLUMN_NAMES: dict[str, tuple[str, str]] = {
    "amount": ("金额", "amount"),
    "special_account": ("财政专户管理资金", "special account funds"),
    "unit_funds": ("单位资金", "unit's own funds"),
    "special_account.education_fees": ("财政专户管理资金（教育收费）", "special account: education fees"),
    "special_account.other": ("财政专户管理资金（其他）", "special account: other"),
    "total": ("合计", "total"),
    "basic": ("基本支出", "basic expenditure"),
    "project": ("项目支出", "project expenditure"),
    "remit_to_higher": ("上缴上级支出", "remittance to higher level"),
    "operating": ("经营支出", "operating"),
    "subsidy_to_affiliated": ("对附属单位补助支出", "subsidy to affiliated units"),
    "fiscal_grant": ("财政拨款收入", "fiscal grant"),
    "higher_level_subsidy": ("上级补助收入", "higher-level subsidy"),
    "business": ("事业收入", "business income"),
    "affiliated_remit": ("附属单位上缴收入", "remittance from affiliated units"),
    "other": ("其他收入", "other income"),
    "general_budget": ("一般公共预算财政拨款", "general budget"),
    "gov_fund": ("政府性基金预算财政拨款", "government fund"),
    "soe_capital": ("国有资本经营预算财政拨款", "state capital"),
    "carryover_begin": ("年初结转和结余", "carry-over at start"),
    "use_of_balance": ("使用非财政拨款结余", "use of non-fiscal balance"),
    "income": ("本年收入", "income"),
    "carryover_end": ("年末结转和结余", "carry-over at end"),
    "outbound": ("因公出国（境）费", "overseas travel"),
    "vehicle_total": ("公务用车购置及运行维护费", "official vehicles"),
    "vehicle_purchase": ("公务用车购置费", "vehicle purchase"),
    "vehicle_operation": ("公务用车运行维护费", "vehicle operation"),
    "reception": ("公务接待费", "official reception"),
    "meeting": ("会议费", "meetings"),
    "training": ("培训费", "training"),
    "personnel": ("人员经费", "personnel"),
    "public": ("公用经费", "public expenses"),
    "operating_expenses": ("机关运行经费", "running costs"),
    "meeting_budget": ("会议费预算", "meetings budget"),
    "training_budget": ("培训费预算", "training budget"),
    "vehicle_total_actual": ("公务用车购置及运行维护费", "official vehicles"),
    "budget_initial": ("年初预算", "initial budget"),
    "procurement": ("政府采购", "government procurement of the row"),
    "procurement_sme": ("面向中小企业预留", "procurement reserved for small and medium firms"),
    "procurement_small": ("面向小微企业预留", "procurement reserved for small and micro firms"),
    "special_funds": ("专项资金列入部门预算的项目", "special funds inside the general budget grant"),
    "account_balance": ("上年实户资金余额", "the units' own bank balance from the year before"),
    "current_year": ("当年预算", "this year's new budget"),
    "department_budget": ("部门预算", "the department budget's total"),
    "admin_expenses": ("行政经费", "administrative expenses"),
    "budget_full_year": ("全年预算数", "full-year budget"),
    "budget_total": ("全年预算数（总额）", "full-year budget"),
    "weight": ("分值", "weight"),
    "budget_fiscal": ("全年预算数（财政拨款）", "full-year budget, fiscal grant"),
    "budget_other": ("全年预算数（其他资金）", "full-year budget, other funds"),
    "actual_fiscal": ("全年执行数（财政拨款）", "spent, fiscal grant"),
    "actual_other": ("全年执行数（其他资金）", "spent, other funds"),
    "actual_total": ("全年执行数", "spent"),
    "actual": ("全年执行数", "spent"),
}

ROW_NAMES: dict[str, tuple[str, str]] = {
    "total": ("合计", "total"),
    "budget": ("预算数", "budget"),
    "actual": ("决算数", "actual"),
    "personnel_total": ("人员经费合计", "personnel total"),
    "public_total": ("公用经费合计", "public expenses total"),
    "income.general_budget": ("一般公共预算财政拨款收入", "general budget income"),
    "income.gov_fund": ("政府性基金预算财政拨款收入", "government fund income"),
    "income.soe_capital": ("国有资本经营预算财政拨款收入", "state capital income"),
    "income.fiscal_grant": ("财政拨款收入", "fiscal grant income"),
    "income.higher_level_subsidy": ("上级补助收入", "higher-level subsidy"),
    "income.business": ("事业收入", "business income"),
    "income.operating": ("经营收入", "operating income"),
    "income.affiliated_remit": ("附属单位上缴收入", "remittance from affiliated units"),
    "income.other": ("其他收入", "other income"),
    "income.current_year_total": ("本年收入合计", "current-year income"),
    "income.use_of_balance": ("使用非财政拨款结余", "use of non-fiscal balance"),
    "income.carryover_begin": ("年初结转和结余", "carry-over at start"),
    "income.grand_total": ("收入总计", "income grand total"),
    "exp.current_year_total": ("本年支出合计", "current-year expenditure"),
    "exp.balance_distribution": ("结余分配", "balance distribution"),
    "exp.carryover_end": ("年末结转和结余", "carry-over at end"),
    "exp.grand_total": ("支出总计", "expenditure grand total"),
    "income.special_account": ("财政专户管理资金收入", "special account income, a source beside the grants"),
    "income.unit_funds": ("单位资金收入", "the unit's own funds, a source beside the grants"),
    "income.special_funds": ("专项资金列入部门预算的项目", "special funds inside the general budget grant (a part of it)"),
    "exp.subsidy_to_affiliated": ("对附属单位补助支出", "subsidy to affiliated units"),
    "exp.remit_to_higher": ("上缴上级支出", "remittance to the higher level"),
    "goods": ("货物", "procurement of goods"),
    "works": ("工程", "procurement of works"),
    "services": ("服务", "procurement of services"),
}

FIGURE_NAMES: dict[str, tuple[str, str]] = {
    "income_total": ("收入总计", "total income"),
    "expenditure_total": ("支出总计", "total expenditure"),
    "income_current_year": ("本年收入合计", "current-year income"),
    "expenditure_current_year": ("本年支出合计", "current-year expenditure"),
    "fiscal_grant_income": ("财政拨款收入", "fiscal grant income"),
    "basic_expenditure": ("基本支出", "basic expenditure"),
    "project_expenditure": ("项目支出", "project expenditure"),
    "personnel_expenditure": ("人员经费", "personnel expenses"),
    "public_expenditure": ("公用经费", "public expenses"),
    "three_public_budget": ("“三公”经费预算", "three public expenses budget"),
    "three_public_actual": ("“三公”经费决算", "three public expenses actual"),
    "outbound_actual": ("因公出国（境）费", "overseas travel"),
    "vehicle_purchase_actual": ("公务用车购置费", "vehicle purchase"),
    "vehicle_operation_actual": ("公务用车运行维护费", "vehicle operation"),
    "reception_actual": ("公务接待费", "official reception"),
    "meeting_actual": ("会议费", "meetings"),
    "training_actual": ("培训费", "training"),
    "outbound_budget": ("因公出国（境）费预算", "overseas travel budget"),
    "vehicle_total_budget": ("公务用车购置及运行维护费预算", "official vehicles budget"),
    "vehicle_purchase_budget": ("公务用车购置费预算", "vehicle purchase budget"),
    "vehicle_operation_budget": ("公务用车运行维护费预算", "vehicle operation budget"),
    "reception_budget": ("公务接待费预算", "official reception budget"),
    "operating_expenses": ("机关运行经费", "running costs"),
    "meeting_budget": ("会议费预算", "meetings budget"),
    "training_budget": ("培训费预算", "training budget"),
    "vehicle_total_actual": ("公务用车购置及运行维护费", "official vehicles"),
    "income_total_change": ("收入总计增减额", "change in total income"),
    "income_total_change_pct": ("收入总计增减幅度", "change in total income (%)"),
    "fiscal_general": ("一般公共预算财政拨款收入", "general-budget fiscal grant income"),
    "fiscal_other": ("政府性基金及国有资本经营预算财政拨款收入", "fund and state-capital fiscal grant income"),
    "procurement_total": ("政府采购支出总额", "government procurement total"),
    "vehicles": ("公务用车车辆数", "official vehicles (count)"),
    "budget_execution_rate": ("预算执行率", "budget execution rate"),
}


@dataclass(frozen=True)
class Catalogue:
    tables: tuple[TableSpec, ...] = TABLES
    other_year_columns: tuple[ColumnWords, ...] = OTHER_YEAR_COLUMNS
    common_columns: tuple[ColumnWords, ...] = COMMON_COLUMNS
    three_public_columns: tuple[ColumnWords, ...] = THREE_PUBLIC_COLUMNS
    role_words: dict[str, tuple[str, ...]] = field(default_factory=lambda: dict(ROLE_WORDS))


CATALOGUE = Catalogue()
