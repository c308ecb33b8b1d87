"""The fact index: every printed number a filing holds, as a fact that a question can find.

A fact is one number with what it is of and where it stands:

- ``cell``: a cell the extractor keyed (B09「因公出国（境）费」… ), with the table's title;
- ``grid``: any numeric cell of any table the reader found, keyed or not — its row label
  as printed (``其中：（一）因公出国（境）支出``), its class code (``2210201``), its column
  header as printed (``一般公共预算|基本支出``) and the unit the table's unit line states;
- ``figure``: a narrative key figure (收入总计, 机关运行经费 …);
- ``sentence``: a number a narrative sentence states with its unit
  (``公务接待费。2026 年预算数11.56 万元``): the clause before the number is its label.

Facts are found by words (``search``: the label's character pairs against the
question's, a label printed whole inside the question first) and by structure (the
document, a class code, the year a row or column is of). ``FactIndex.build(store)``
reads every stored filing and its layout once; ``load`` keeps the result in its own
file in the workspace (``facts-index.pkl``), written atomically, rebuilt when the
stored documents change.
"""

from __future__ import annotations

import os
import pickle
import re
import tempfile
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from budgetlens.ingest.normalize import find_numbers, fold, parse_number, unit_of

VERSION = 56
_CODE_RE = re.compile(r"^\s*(\d{3}(?:\d{2}){0,2})\s*$")
# a class code before the label, bare or bracketed: 2010402 一般行政管理事务, [2200509]气象服务
_LEAD_CODE_RE = re.compile(r"^\s*[\[【]?(\d{3}(?:\d{2}){0,2})(?!\d)[\]】]?\s*")
_NUMBERING_RE = re.compile(r"^(?:其中[:：]?)?\s*(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．](?!\d))\s*")
_YEAR_RE = re.compile(r"(20\d{2})\s*年")
_PUNCT_RE = re.compile(r"[\s“”\"'‘’「」《》〈〉()（）\[\]【】:：、，,。.;；/|·\-—_*]")
_GOES_ON_RE = re.compile(r"涉及|对应")
# 项目绩效目标共1个，涉及项目预算资金 / 政策绩效目标0个、涉及预算资金 / 编报绩效目标的项目共9个，
# 涉及项目预算资金: the count (and the 的项目 it counts) names no money
_COUNT_GOES_ON_RE = re.compile(r"(?:的项目)?共?\d+(?:个|项)[，,、]?(?=涉及|对应)")
_SUFFIX_RE = re.compile(r"(?:支出|费用|经费|费|资金|金额|数|预算|决算|安排)$")


_HOLDS_RE = re.compile(r"(?<=[\u4e00-\u9fff]{4})[（(](?:含|包括|包含)[^()（）]{2,}[)）]$")


@lru_cache(maxsize=262144)  # labels repeat across facts and questions: each read once
def canon(text: str, keep_end: bool = False) -> str:
    """A label as compared: no spaces, brackets, quotes or numbering; 费/支出/费用 ends off
    (kept with ``keep_end``: a class line's name is compared whole).

    其中：（一）因公出国（境）支出 → 因公出国境; 因公出国（境）费 → 因公出国境.
    """
    t = fold(text or "")
    t = _NUMBERING_RE.sub("", t.strip())
    t = _LEAD_CODE_RE.sub("", t)
    # 安全生产业务费（含聘请专家费用、许可证发放、…）: the aside a line's name ends with says what it
    # holds, the name before it is the line's (questions name it so)
    t = _HOLDS_RE.sub("", t.strip())
    t = _PUNCT_RE.sub("", t)
    t = t.replace("其中", "").replace("财拨", "财政拨款")  # 涉及财拨资金: the short form filings print
    t = t.replace("以上的", "以上")  # 单位价值100万元以上的设备 and …以上设备: one line
    t = re.sub(r"单位价值(?=\d)", "单价", t)  # 单位价值100万元以上 is 单价100万元以上, as questions say it
    t = re.sub(r"(?:计划|打算|准备)(?=购置|购买|新购)", "拟", t)  # 计划购置车辆7辆 is 拟购置, as questions are read
    for _ in range(0 if keep_end else 3):
        t = _SUFFIX_RE.sub("", t) if len(t) > 2 else t
    return t


def bigrams(text: str) -> set[str]:
    t = _PUNCT_RE.sub("", fold(text or ""))
    return {t[i:i + 2] for i in range(len(t) - 1)}


@dataclass(frozen=True)
class DocInfo:
    doc_id: str
    path: str
    name: str
    entity: str
    fiscal_year: int | None
    doc_type: str | None
    scope: str  # 部门 | 单位 | ""
    names: tuple[str, ...] = ()  # every entity name the filing prints (tables' 编制单位, title)
    # the body a filing of tables only names in its tables' heading (部门：江苏省政协办公厅), when no
    # body's name was read from it: which body's full filing it is the tables of (``qa.resolve.twins``)
    heading: str = ""


@dataclass
class Fact:
    doc_id: str
    kind: str  # cell | grid | figure | sentence
    table: str  # table id (B09) or grid number (g12); "" for narrative
    title: str
    row: str  # row label as printed
    code: str
    col: str  # column header as printed, or the column's name
    value: float
    unit: str  # as printed: 万元, 元, %, 亿元, 辆
    page: int
    bbox: list[float] | None
    quote: str
    year: int | None = None  # the year the row or column is of, when it says
    col_index: int = 0  # position among the row's numeric cells (0 = leftmost)
    key: str = ""  # contract keys for keyed cells: table_id/row key/col
    canon_row: str = field(default="", repr=False)

    @property
    def label(self) -> str:
        return f"{self.row}（{self.col}）" if self.col else self.row


def _header_of(grid) -> tuple[int, list[str]]:
    """How many header rows and each column's header text (levels joined by ``|``)."""
    rows = grid.rows()
    n = grid.header_rows
    if n == 0:
        # leading rows without any number are header
        for r in rows:
            if any(c and parse_number(c.text) is not None and not _CODE_RE.match(c.text or "") for c in r):
                break
            n += 1
        n = min(n, 3)
    heads = [[] for _ in range(grid.n_cols)]
    for cell in grid.cells:
        if cell.row < n and cell.text.strip():
            for c in range(cell.col, min(grid.n_cols, cell.col + max(1, cell.colspan))):
                if not heads[c] or heads[c][-1] != cell.text.strip():
                    heads[c].append(cell.text.strip())
    return n, ["|".join(h) for h in heads]


# a title line that only numbers the table (公开表10, 公开05表, 表14-9, 附表3): the line naming it
# follows (公开表12 | 政府采购预算表)
_TABLE_NO_RE = re.compile(r"^[\u4e00-\u9fff]{0,4}?(?:表\d+(?:[-—－]\d+)?|\d+表)$")


def _title_of(lines) -> str:
    """A grid's title as its table's keyed title reads (公开表12政府采购预算表): the number line
    and the first line naming a table (表 in it, more than four characters) after it."""
    texts = [re.sub(r"\s+", "", line.text) for line in lines]
    number = next((t for t in texts if _TABLE_NO_RE.match(t)), "")
    name = next((line.text.strip() for line, t in zip(lines, texts)
                 if "表" in t and len(t) > 4 and not _TABLE_NO_RE.match(t)), "")
    return number + name if name else number


def _grid_unit(grid) -> str | None:
    """The unit a grid's own title or note lines state (单位：元); None when they state none."""
    title_text = " ".join(line.text for line in grid.title_lines)
    return unit_of(title_text) or unit_of(" ".join(line.text for line in grid.note_lines))


def _keyed_unit(facts: list[Fact], keyed: dict[tuple[int, float], set[str]], default_unit: str) -> list[Fact]:
    """A grid that states no unit of its own, read in the unit of the keyed table it prints: a
    table's last page carries no unit line (p22 of 西安市工业和信息化局's 收支总表 prints only
    ``收入总计 1059464715.06 支出总计 1059464715.06``, whose 单位：元 is on p21) and the default
    万元 would make it 1,059,464,715.06 万元. Taken when at least two of the grid's non-zero
    numbers are keyed cells on the same page, all in one other unit."""
    votes: set[str] = set()
    hits = 0
    for f in facts:
        if f.unit != default_unit or not f.value:
            continue
        units = keyed.get((f.page, round(f.value, 2)))
        if units:
            votes |= units
            hits += 1
    if hits < 2 or len(votes) != 1 or default_unit in votes:
        return facts
    unit = next(iter(votes))
    return [replace(f, unit=unit) if f.unit == default_unit else f for f in facts]


def _grid_facts(doc_id: str, gi: int, grid, default_unit: str) -> list[Fact]:
    unit = _grid_unit(grid) or default_unit
    title = _title_of(grid.title_lines)
    n_head, heads = _header_of(grid)
    out = []
    above = ""  # a first-column label spanning rows down (深圳市水务局 over its 2025 年 / 2026 年 rows)
    for r, row in enumerate(grid.rows()):
        if r < n_head:
            continue
        first = row[0].text.strip() if row and row[0] is not None else ""
        if first and parse_number(first) is None:
            above = first
        segments = [([], "", [])]  # (label parts, code, numbers): a 收支总表 row holds two
        if not first and above and any(c is not None and _YEAR_RE.search(c.text or "") for c in row[1:3]):
            segments[0][0].append(above)
        first_head = None  # the header over the row's first label
        second_class = False  # the row names its line a second time, in another classification
        for c, cell in enumerate(row):
            if cell is None or not cell.text.strip():
                continue
            text = cell.text.strip()
            head = heads[c] if c < len(heads) else ""
            label_parts, code, numeric = segments[-1]
            if first_head is None and parse_number(text) is None:
                first_head = head
            if "行次" in head or "栏次" in head or re.sub(r"\s", "", head) == "序号":
                continue
            if _code_cell(text, head, label_parts, code, numeric, _next_text(row, c)):
                # a code column's digits are never an amount: 类 | 款 | 项 printed apart (204 | 02 |
                # 01) make one code; a second classification's code and name after the line's own
                # (303 02 退休费 | 509 05 离退休费) are the same line named again
                if label_parts and code:
                    second_class = True
                elif not numeric and not second_class and (code or len(text) >= 3):
                    # (a 款 or 项 printed without its 类 above it, 05 alone, is no class code)
                    segments[-1] = (label_parts, code + text, numeric)
                continue
            if second_class and not numeric and parse_number(text) is None:
                continue
            value = parse_number(text)
            if value is None:
                if not numeric and label_parts and _NUMBERED_RE.match(text) and _NUMBERED_RE.match(label_parts[-1]):
                    segments.append(([text], "", []))  # 2、上级补助收入 (empty) 6、科学技术支出 1.00: two lines
                elif not numeric:
                    label_parts.append(text)
                elif _PAIRED_LABEL_RE.search(text) or _side(head) != _side(first_head):
                    # 一、一般公共预算 7,651.71 | 一、一般公共服务支出 0.00; 收 入 … | 支 出 …: two lines
                    segments.append(([text], "", []))
                continue
            numeric.append((c, cell, value))
        quote = " ".join(c.text.strip() for c in row if c is not None and c.text.strip())
        for label_parts, code, numeric in segments:
            out.extend(_row_facts(doc_id, gi, title, heads, unit, label_parts, code, numeric, quote))
    return out


# a label standing after a row's numbers that starts a second budget line (the 支出 half of a
# 收支总表 row): numbered (二、…) or ending as a line does (…支出, 支出总计, 年末结转和结余)
_NUMBERED_RE = re.compile(r"^(?:[一二三四五六七八九十]+|\d{1,2})[、.．](?!\d)|^[(（][一二三四五六七八九十\d]+[)）]")
_PAIRED_LABEL_RE = re.compile(_NUMBERED_RE.pattern + r"|(?:支出|收入|总计|合计|结转|结余|经费|费)$")


def _side(head: str | None) -> str:
    """The half of a 收支 table a header stands over: 收入 or 支出 (else "")."""
    top = re.sub(r"\s+", "", (head or "").split("|")[0])
    return "收入" if top.startswith("收入") else "支出" if top.startswith("支出") else ""


# a column of class codes (科目编码 | 类 / 款 / 项, 功能分类科目代码, 单位编码): digits, never amounts
_CODE_DIGITS_RE = re.compile(r"\d{1,7}")


def _code_column(head: str) -> bool:
    last = re.sub(r"\s", "", head.split("|")[-1])
    return last in ("类", "款", "项") or "编码" in head or "代码" in head


def _code_cell(text: str, head: str, label_parts: list[str], code: str, numeric: list, after: str) -> bool:
    """Digits that are a class code: any digits under a code column's header; under a header
    that does not say (科目, none), a class code's 3, 5 or 7 digits (201, 20101, 2010101) before
    any amount, standing first in the row or, after the row's own code and name, before a second
    classification's name (30207 | 邮电费 | 50502 | 商品和服务支出 | 2.25). Before an amount they
    are an amount (50203 | 办公费 | 80000 | 80000 in 元)."""
    if not _CODE_DIGITS_RE.fullmatch(text):
        return False
    if _code_column(head):
        return True
    if numeric or not _CODE_RE.match(text):
        return False
    return not label_parts or (bool(code) and bool(after) and parse_number(after) is None)


def _next_text(row, c: int) -> str:
    """The text of the first cell after column ``c`` that prints something."""
    return next((cell.text.strip() for cell in row[c + 1:] if cell is not None and cell.text.strip()), "")


# a column printing the year each row is of (年度 / 年份): its cells are years, no amounts
_YEAR_COL_RE = re.compile(r"(?:所属)?(?:年度|年份|年度别|年)")
# a row that is the year before (a 三公 table's 上年 / 上年预算数 row beside its 本年 row)
_PRIOR_ROW_RE = re.compile(r"^\s*(?:上年|上一年|上年度)\s*(?:预算数?|决算数?|执行数|数)?\s*$")


def _row_facts(doc_id, gi, title, heads, unit, label_parts, code, numeric, quote) -> list[Fact]:
    out = []
    label = " ".join(label_parts)
    m = _LEAD_CODE_RE.match(label)
    if not code and m and len(label) > len(m.group(0)):
        code, label = m.group(1), label[m.end():]
    if not label and not code:
        return out
    ym = _YEAR_RE.search(label)
    for i, (c, cell, value) in enumerate(numeric):
        head = heads[c] if c < len(heads) else ""
        if _YEAR_COL_RE.fullmatch(re.sub(r"\s", "", head.split("|")[-1])) and value == int(value) and 1990 <= value <= 2100:
            continue  # 购房补贴 | 年度 2022 | 226.13: the year the row is of, no amount
        cunit = "%" if ("%" in head or "%" in cell.text or "率" in head or "幅度" in head) else unit
        hy = _YEAR_RE.search(head)
        year = int(hy.group(1)) if hy else (int(ym.group(1)) if ym else None)
        if (re.search(r"上年(?:预算|决算|执行|数)", head) or _PRIOR_ROW_RE.match(label)) and not hy and not ym:
            year = -1  # the filing's year before: resolved when asked
        out.append(Fact(doc_id, "grid", f"g{gi}", title, label, code, head, value, cunit, cell.page,
                        list(cell.bbox) if cell.bbox else None, quote[:300], year, i,
                        canon_row=canon(label)))
    return out


_SENT_SPLIT = re.compile(r"(?<=[。；;！？])")
# a clause ends at a comma, never at a thousands separator (政府采购货物预算5,242.52万元)
_CLAUSE_SPLIT = re.compile(r"[，；;。：:]|,(?!\d{3}(?:\D|$))|(?<!\d),")
# (单价100万元以上设备20台（套）: the count of the equipment a filing holds)
# (房屋36,047.27平方米: the area of the buildings a filing holds)
# (编报绩效目标的项目5个 / 涉及一级预算项目11个 / 在建工程1项: a count of projects, 个 and 项 one unit)
_UNIT_AFTER = re.compile(r"^\s*(万元|亿元|元|%|个百分点|辆|人|台(?:[(（]套[)）])?|套|平方米|个(?![月亿万])|项(?![目]))")
_COUNT_SAID_RE = re.compile(r"^\s*(?:本单位|本部门)(?!共)|(?:共有|共计|总共|合计|共)\s*$")
_BROKEN_UNIT_RE = re.compile(r"(?<=\d)(\s*[万亿])\s+(?=元)")
# 单价100万元（含）以上设备: a threshold in a measure's name, no amount
_THRESHOLD_AFTER = re.compile(r"^\s*(?:万元|元)\s*(?:[(（]含[)）])?\s*以[上下]")
# 设备（不含车辆） / 100万元（含）: an aside on what a count takes in, not part of its name
_ASIDE_RE = re.compile(r"[(（](?:含|不含|包括|包含|除)[^()（）]{0,12}[)）]")


# a clause that names only a year and what kind of number (2025年预算数为, 上年为)
# (较上年的637.77万元: the year before's figure, said against this year's)
_ONLY_YEAR_RE = re.compile(r"(?:较|比|与|同)?(?:20\d{2}\s*年度?|上年|上一年)(?:的|同期)?"
                           r"(?:预算数?|决算数?|执行数|年初预算数?)?(?:为|是)?")
_VERB_END_RE = re.compile(r"(?:预算数?|决算数?|执行数)?(?:为|是)?$")
# an item a narrative explains by its class line: 2.“社会保障和就业支出(类)行政事业单位养老支出(款)
# 机关事业单位基本养老保险缴费支出(项)”76.76万元 — the 项 named after its 款
_ITEM_RE = re.compile(r"[（(]款[）)]\s*([^“”\"（()]{2,30}?)\s*[（(]项[）)]")
# 社会保障和就业（类）支出: the level a class line names is no word of its name (社会保障和就业支出);
# a 项 keeps its mark (政协会议（项） ends in no 会议 of 会议费)
_CLASS_MARK_RE = re.compile(r"[(（]类[)）](?=\s*(?:支出|收入))")
# an item a narrative explains by its class code: 4.来华留学教育（2050602），2023年度决算数为570.14万元
# (具体包括：1.小学教育（2050202），… — the 项 named with its code, its figures in the clauses after)
_CODE_ITEM_RE = re.compile(r"(?:^|[：:])\s*(?:\d{1,2}\s*[.、．]\s*)?[“\"]?([\u4e00-\u9fff][^“”\"（()，,。：:\d]{1,30}?)[”\"]?"
                           r"\s*[（(]\s*(\d{3}(?:\d{2}){0,2})\s*[)）]\s*[，,]")
_KUAN_ITEM_RE = re.compile(r"([^“”\"（()）\s]{2,20})\s*[（(]款[）)]\s*([^“”\"（()]{2,30}?)\s*[（(]项[）)]")
# a clause naming only which year's figure of that item it is: 2023年当年预算执行数为 70.70万元,
# 2024年预算安排 76.76万元, 比2023年预算执行数增加 8.57%
# (…（项）：支出决算数为455.47万元: the item's 支出 said again before the figure's words)
# (a final account's 年初预算287.00万元，支出决算283.10万元 / 决算支出8.49万元 after the class line; 决算书为,
# a misprint of 决算数为, is read as printed)
_ITEM_FIGURE_RE = re.compile(r"(?:比|较)?\s*(?:20\d{2}\s*年度?)?\s*(?:当年)?(?:支出|收入)?"
                             r"(?:预算执行数|执行数|预算安排|(?:年初|全年|调整后?的?)?预算数?|决算[数书]?|决算支出)"
                             r"(?:为|是|增加|减少|增长|下降)?")


# …职业年金缴费支出（项）：指反映…: a glossary's line defines the item, it states no figure of it
_DEFINES_RE = re.compile(r"\s*[：:]?\s*(?:是指|指|反映)")
_SENTENCE_END_RE = re.compile(r"[。；;！？!?：:]\s*$")
# a block that starts with an amount (116,699.16万元，主要用于…), never a year or a numbered heading
# (…其他城乡社区管理事务支出（项）| 支出10,000 万元: the figure's own word 支出 / 收入 before it, the line
# it is of in the block before)
_AMOUNT_START_RE = re.compile(r"^\s*(?:支出|收入)?\s*\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元|%)")
# a block that starts with the end of its unit (…支出103 万 | 元，与上年相比): the number is the block before's
# (政策绩效目标0个、涉及预算资金: a count going on to what it covers is no list — _COUNT_GOES_ON_RE)
_LISTED_BEFORE_RE = re.compile(r"\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元|辆|台(?:[(（]套[)）])?|套|人)\s*、(?!\s*(?:涉及|对应))")
_FUND_NAMED_RE = re.compile(r"一般公共预算|政府性基金|国有资本经营|财政专户")
# a fund's spending stated, then its parts listed: 2022年本部门当年一般公共预算支出57398.06万元，其中：
_FUND_LIST_RE = re.compile(r"(一般公共预算|政府性基金预算|国有资本经营预算)(?:财政拨款)?(?:拨款)?支出[^，,。；;:：\d]{0,8}?"
                           r"\d[\d,]*(?:\.\d+)?\s*万?元[，,]?\s*其中")
# a block that starts with a class line's level mark (…（款）城市建设支出 | （项）支出67,808万元): the
# line broke inside the class line's name, which the block before holds
_LEVEL_START_RE = re.compile(r"^\s*[(（](?:类|款|项)[)）]")
_UNIT_END_START_RE = re.compile(r"^\s*元")
# a block that starts inside the line name the block before broke (1.政府办公厅（室）及相关机构事务（款）行政运行（项）支
# | 出1,084.14 万元，… / …机关事业单位基本养老保险缴 | 费支出（项）支出175.9 万元，…): a few characters, then the amount
_WORD_END_START_RE = re.compile(r"^\s*[\u4e00-\u9fff]{1,8}(?:[(（](?:类|款|项)[)）][\u4e00-\u9fff]{0,4})?\s*"
                                r"\d[\d,]*(?:\.\d+)?\s*(?:万元|亿元|元)")
# …the broken name: a line filled to its end (16 characters or more) that stops inside a word, no heading
_WORD_BROKEN_LEAD_RE = re.compile(r"[^。；;！？!?：:，,]{16,}[\u4e00-\u9fff]$")
# a narrative section's heading, a block of its own: 七、一般公共预算财政拨款项目支出决算情况说明
_SECTION_RE = re.compile(r"(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+部分)"
                         r"[^。；;，,：:\d]{4,40}?(?:情况说明|说明|情况)")
# the parts of spending a section's heading may scope its figures to
_SECTION_PART_RE = re.compile(r"项目支出|基本支出|政府性基金|国有资本经营")
_UNIT_START_LEAD_RE = re.compile(r"\d\s*[万亿]\s*$")


def _sentence_facts(doc_id: str, page, carry: list[str] | None = None) -> list[Fact]:
    """Numbers the narrative states, with the clause before each as its label.

    A sentence a block (or page) break cuts keeps its start: ``carry`` holds the words
    after the previous block's last full stop (…委托业务费 | 116,699.16万元，主要用于…),
    and they head the next block's first sentence."""
    out = []
    carry = carry if carry is not None else []
    # a 项 the page explains under two 款 (群众团体事务 / 组织事务 — 一般行政管理事务) names no one item
    # (the same 款 and 项 explained twice — the year's figure, then its change — is one item)
    said: dict[str, set] = {}
    for b in page.blocks:
        if b.kind != "table" and b.text:
            for m in _KUAN_ITEM_RE.finditer(fold(" ".join(b.text.split()))):
                if not _DEFINES_RE.match(fold(" ".join(b.text.split())), m.end()):
                    said.setdefault(m.group(2), set()).add(m.group(1))
    twice = {n for n, kuan in said.items() if len(kuan) > 1}
    for block in page.blocks:
        if block.kind == "table" or not block.text:
            continue
        # 支出103 万\n元: a unit the line broke is one word (万元), or its number reads as no amount
        text = _BROKEN_UNIT_RE.sub(r"\1", " ".join(block.text.split()))
        lead = carry[0] if carry else ""
        # the fund a list of parts is of (…一般公共预算支出57398.06万元，其中：工资福利支出（301）…；
        # 商品和服务支出（302）…): said once before the list, which runs to the full stop
        fund = carry[1] if len(carry) > 1 else ""
        section = carry[2] if len(carry) > 2 else ""
        carry[:] = []
        heading = _SECTION_RE.fullmatch(fold("".join(text.split())))
        if heading:
            # 七、一般公共预算财政拨款项目支出决算情况说明: the part the section's figures are of (its 委托业务费
            # 88.48万元 is of 项目支出); a heading naming no part ends the one before
            section = heading.group(0) if _SECTION_PART_RE.search(heading.group(0)) else ""
        if lead and (_AMOUNT_START_RE.match(fold(text)) or _LEVEL_START_RE.match(fold(text)) or (
                _UNIT_END_START_RE.match(text) and _UNIT_START_LEAD_RE.search(lead)) or (
                _WORD_END_START_RE.match(fold(text)) and _WORD_BROKEN_LEAD_RE.search(fold(lead))
                and not _SECTION_RE.search(fold(lead)))):
            text = _BROKEN_UNIT_RE.sub(r"\1", lead + text)  # the block starts inside a sentence: its label is the carried words
        tail = _SENT_SPLIT.split(text)[-1] if not _SENTENCE_END_RE.search(text) else ""
        carry.append(tail[-80:] if tail else "")
        carry.append("")  # the fund of a list still open at the block's end (below)
        carry.append(section)
        measure = ""  # what the block's last labelled number (or short heading) was of, less its year
        item = ""  # the class line the block last explained (its 项)
        item_code = ""  # the class code it printed with it (来华留学教育（2050602）)
        for sentence in _SENT_SPLIT.split(text):
            if not sentence.strip():
                continue
            folded = fold(sentence)
            fm = _FUND_LIST_RE.search(folded)
            fund, listed_from = (fm.group(1), fm.end()) if fm else (fund, 0)
            im = _ITEM_RE.search(folded)
            item = (im.group(1) if im.group(1) not in twice else "") if im else item
            cm = None if im else _CODE_ITEM_RE.search(folded)
            item, item_code = (cm.group(1).strip(), cm.group(2)) if cm else (item, item_code if not im else "")
            if not find_numbers(_NUMBERING_RE.sub("", folded.strip())) and len(folded.strip()) <= 20:
                # 2.公务接待费。2026 年预算数11.56 万元: a heading sentence names what follows
                measure = _PUNCT_RE.sub("", _NUMBERING_RE.sub("", folded.strip()))
            for value, start, end in find_numbers(folded):
                um = _UNIT_AFTER.match(folded[end:])
                if not um or _THRESHOLD_AFTER.match(folded[end:]):
                    continue
                unit = {"个百分点": "%", "套": "台", "项": "个"}.get(um.group(1), um.group(1)[:1] if um.group(1).startswith("台")
                                                          else um.group(1))
                head = folded[:start]
                # the clause the number stands in, and the one before when it is short
                clauses = [c for c in _CLAUSE_SPLIT.split(head)]
                label = clauses[-1] if clauses else ""
                # 其中应急保障用车3辆、特种专业技术用车239辆: a list's item starts after the one before
                label = _LISTED_BEFORE_RE.split(label)[-1] or label
                if unit in ("个", "辆", "人", "台"):
                    # 本单位编报绩效目标的项目共9个: a count is of what it names (编报绩效目标的项目), as
                    # questions name it — the body's 本单位 and the 共 before the number say nothing of it
                    label = _COUNT_SAID_RE.sub("", label) if len(_COUNT_SAID_RE.sub("", label)) >= 4 else label
                if unit == "平方米" and "面积" not in label and label.strip():
                    label += "面积"  # 房屋36,047.27平方米: a figure in 平方米 is the area of what it names
                prior = False
                after_item = re.split(r"[(（]项[)）]", label)[-1].strip(" :：")
                if item and after_item != label and _ITEM_FIGURE_RE.fullmatch(after_item):
                    label = after_item  # …职业年金缴费支出（项）支出决算数为: the item's figure, as below
                if _ONLY_YEAR_RE.fullmatch(label.strip()) and measure and not (cm and item):
                    # 2026年“三公”经费预算数为7.61万元，2025年预算数为9.23万元: the 2025 figure is of 三公 too
                    yr = _YEAR_RE.search(label)
                    label = (yr.group(0) if yr else "上年") + measure
                    prior = yr is None  # 上年为12.00万元: the filing's year before
                elif item and _ITEM_FIGURE_RE.fullmatch(label.strip()):
                    clause = label.strip()
                    if not re.search(r"增加|减少|增长|下降", clause):
                        # 事业单位医疗 | 2023年当年预算执行数为: the item is the row, the clause its column
                        ym = _YEAR_RE.search(clause)
                        # quoted by its own clause: 2024年预算安排50.37万元 says no 执行数 of its neighbour's
                        own = next((c.strip() for c in re.split(r"[，,；;]", sentence) if clause in fold(c)),
                                   sentence.strip())
                        # (来华留学教育（2050602），2023年度决算数为570.14万元，比2022年度决算数增长28.30%: one
                        # year's figure, quoted with the change it states)
                        own = sentence.strip() if cm else own
                        out.append(Fact(doc_id, "sentence", "", section, item, item_code, clause, value, unit, page.number,
                                        list(block.bbox) if block.bbox else None, own[:300],
                                        int(ym.group(1)) if ym else None, canon_row=canon(item)))
                        continue
                    label = item + clause  # 机关事业单位基本养老保险缴费支出比2023年预算执行数增加
                elif (len(canon(label)) < 4 or _GOES_ON_RE.match(label.strip())) and len(clauses) > 1:
                    # 项目绩效目标共1个，涉及项目预算资金382.00万元: a clause going on from the one
                    # before is of what that one names
                    label = clauses[-2] + "，" + label
                label = _ASIDE_RE.sub("", _COUNT_GOES_ON_RE.sub("", label))
                if not _ONLY_YEAR_RE.fullmatch(label.strip()):
                    measure = _YEAR_RE.sub("", _VERB_END_RE.sub("", label.strip()))
                # 2017年度部门支出预算安排与2016年度相比（2016年度部门支出预算安排为: the year of the
                # bracketed aside the number closes
                aside = re.split(r"[(（]", label)[-1] if re.search(r"[(（][^)）]*$", label) else ""
                ym = _YEAR_RE.search(aside) or _YEAR_RE.search(label)
                year = int(ym.group(1)) if ym else (-1 if prior else None)  # 上年实户资金余额 is a line name
                of_fund = fund if fund and start >= listed_from and not _FUND_NAMED_RE.search(label) else ""
                # (房屋面积 is found as 房屋 too: 房屋有多少平方米)
                named = re.sub(r"面积$", "", label) if unit == "平方米" else label
                out.append(Fact(doc_id, "sentence", "", section, label.strip()[-60:], "", of_fund, value, unit,
                                page.number, list(block.bbox) if block.bbox else None, sentence.strip()[:300],
                                year, canon_row=canon(_CLASS_MARK_RE.sub("", named))))
            if folded.rstrip().endswith("。"):
                fund = ""  # the list ends with its sentence
        carry[1] = fund
    return out


# a keyed row the table prints without words (the one row of a 三公 table): what it is of
_KEY_WORDS = {"budget": "预算数", "actual": "决算数", "total": "合计"}


def _compound_label(col: str, column_label) -> str:
    """A keyed column of two keys named by both (vehicle_total.general_budget →
    公务用车购置及运行维护费|一般公共预算财政拨款), as a printed two-level header would be; a key
    the names know whole (special_account.education_fees) keeps its own name."""
    whole = column_label(col)
    if whole != col or "." not in col:
        return whole
    parts = [column_label(k) for k in col.split(".")]
    return "|".join(parts) if all(p != k for p, k in zip(parts, col.split("."))) else whole


def facts_of(filing, layout, *, column_label=lambda c: c, figure_label=lambda f: f) -> list[Fact]:
    """Every fact of one filing (``layout`` may be None: keyed cells and figures only)."""
    doc_id = filing.doc_id
    out: list[Fact] = []
    for t in filing.tables:
        for row in t.rows:
            for col, cell in row.cells.items():
                code = row.key if row.key.isdigit() else ""
                label = row.label or _KEY_WORDS.get(row.key, row.key)
                cl = _compound_label(col, column_label)
                ym = _YEAR_RE.search(label) or _YEAR_RE.search(cl)
                year = int(ym.group(1)) if ym else (-1 if _PRIOR_ROW_RE.match(label) or _PRIOR_ROW_RE.match(cl)
                                                    else None)
                out.append(Fact(doc_id, "cell", t.table_id, t.title, label, code,
                                cl, cell.value, t.unit, cell.citation.page, cell.citation.bbox,
                                cell.citation.quote, year, 0, f"{t.table_id}/{row.key}/{col}",
                                canon_row=canon(label)))
    for name, kf in filing.key_figures.items():
        label = figure_label(name)
        out.append(Fact(doc_id, "figure", "", "", label, "", "", kf.value, kf.unit, kf.citation.page,
                        kf.citation.bbox, kf.citation.quote, None, 0, name, canon_row=canon(label)))
    if layout is not None:
        default = "万元"
        keyed: dict[tuple[int, float], set[str]] = {}
        for f in out:
            if f.kind == "cell" and f.value and f.unit:
                keyed.setdefault((f.page, round(f.value, 2)), set()).add(f.unit)
        for gi, grid in enumerate(layout.tables):
            grid_facts = _grid_facts(doc_id, gi, grid, default)
            out.extend(grid_facts if _grid_unit(grid) else _keyed_unit(grid_facts, keyed, default))
        carry: list[str] = []  # a sentence cut by a block or page break
        for page in layout.pages:
            out.extend(_sentence_facts(doc_id, page, carry))
    return out


_COVER_RE = re.compile(r"(?:20\d\d年度?)?([\u4e00-\u9fff（）()]{4,30}?)(?:20\d\d年度?)?(?:部门|单位)(?:综合)?(?:预算|决算)")


def cover_names(layout) -> list[str]:
    """The body a filing's first pages name in its title (2026年无锡市交通运输局部门预算)."""
    if layout is None:
        return []
    out = []
    for page in layout.pages[:2]:
        lines = [re.sub(r"\s+", "", line.text) for line in page.lines[:12]]
        # a title on one line, else broken over two (2026年中共烟台市委宣传部部门 | 预算)
        for texts in (lines, [a + b for a, b in zip(lines, lines[1:])]):
            found = [m.group(1) for m in map(_COVER_RE.search, texts)
                     if m and not re.search(r"预算|决算|目录|说明|公开|情况|表", m.group(1))]
            if found:
                out.extend(dict.fromkeys(found))
                break
    return out[:3]


_HEADING_RE = re.compile(r"部\s*门\s*[:：]\s*([\u4e00-\u9fff（）()]{4,30}?)\s*(?:单\s*位\s*[:：]|$|\s)")


def heading_name(layout) -> str:
    """The body a filing's tables name in their heading line (收支预算总表 部门：江苏省人大常委会办公厅
    单位：万元): the name most of the first pages' headings print (one broken over two lines is
    outvoted), at least twice; "" otherwise."""
    if layout is None:
        return ""
    found = []
    for page in layout.pages[:6]:
        m = _HEADING_RE.search(" ".join(line.text for line in page.lines[:8]))
        if m:
            found.append(re.sub(r"\s+", "", m.group(1)))
    best = max(set(found), key=found.count, default="")
    return best if found.count(best) >= 2 and found.count(best) * 2 > len(found) else ""


def cover_scope(layout) -> str:
    """部门 or 单位: what the cover or first pages call the filing (部门 unless they
    say 单位预算 or 单位决算); "" without a layout."""
    if layout is None:
        return ""
    text = "".join(line.text for p in layout.pages[:3] for line in p.lines)
    text = re.sub(r"\s+", "", text)
    if "单位预算" in text[:400] or "单位决算" in text[:400]:
        return "单位"
    return "部门"


class FactIndex:
    def __init__(self, docs: dict[str, DocInfo], facts: list[Fact], signature: tuple = ()):
        self.docs = docs
        self.facts = facts
        self.signature = signature
        self.by_doc: dict[str, list[Fact]] = {}
        for f in facts:
            self.by_doc.setdefault(f.doc_id, []).append(f)

    @classmethod
    def build(cls, store, **labels) -> FactIndex:
        docs, facts = {}, []
        records = store.documents()
        for rec in records:
            filing = store.filing(rec.doc_id)
            if filing is None:
                continue
            layout = store.layout(rec.doc_id)
            names = {t.entity for t in filing.tables if t.entity} | set(cover_names(layout))
            docs[rec.doc_id] = DocInfo(rec.doc_id, rec.path, rec.name, rec.entity or "", rec.fiscal_year,
                                       rec.doc_type, cover_scope(layout), tuple(sorted(names)),
                                       "" if rec.entity else heading_name(layout))
            facts.extend(facts_of(filing, layout, **labels))
        return cls(docs, facts, signature(store))

    def search(self, text: str, doc_ids: list[str] | None = None, k: int = 10) -> list[tuple[float, Fact]]:
        """Facts whose label shares most character pairs with ``text`` (a label printed whole
        in ``text`` scores highest)."""
        wanted = bigrams(text)
        c = canon(text)
        pool = self.facts if doc_ids is None else [f for d in doc_ids for f in self.by_doc.get(d, [])]
        scored = []
        for f in pool:
            if f.canon_row and len(f.canon_row) >= 2 and f.canon_row in c:
                s = 1.0 + len(f.canon_row) / 100
            else:
                b = bigrams(f.row)
                if not b:
                    continue
                s = len(b & wanted) / len(b | wanted) if wanted else 0.0
            if s > 0:
                scored.append((s, f))
        scored.sort(key=lambda x: (-x[0], x[1].kind != "cell", x[1].col_index))
        return scored[:k]


def signature(store) -> tuple:
    return tuple(sorted((r.doc_id, r.extractor_version) for r in store.documents()))


def load(store, path: Path, **labels) -> FactIndex:
    """The index kept at ``path``; rebuilt (and rewritten atomically) when the store changed."""
    sig = signature(store)
    if path.exists():
        try:
            with path.open("rb") as fh:
                version, index = pickle.load(fh)
            if version == VERSION and index.signature == sig:
                return index
        except (OSError, EOFError, ValueError, AttributeError, pickle.UnpicklingError):
            pass  # an unreadable or older index is rebuilt
    index = FactIndex.build(store, **labels)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".facts-", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((VERSION, index), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only workspace: the index lives in memory only
    return index
