"""Which table a printed title names: an independent reading for the coverage report.

The extractor has its own title vocabulary; the report must not share it, or a title
both misread would look found. This reading scores the words of a title line and
returns a contract id (``B01``…``B13`` for budgets, ``T01``…``T11`` for final
accounts), ``extra:<name>`` for a table the contract does not list (项目支出总表,
基本支出总表, 机关运行经费 …, reported but never counted), or ``None`` for a line that
is not a table title at all (绩效目标表, 部门预算表 as a part heading, a sentence).

A title is normalised first: spaces, quotes and leading numbering (``一、``, ``（一）``,
``5．``, ``一）``) go, a printed label (``公开01表：``, ``表1：``, ``表 11-``) and a year
(``2026年度``) go, and a bracketed note is kept apart (``（按经济分类科目）``). Then:

- ``"三公"`` names the 三公 table (``财政拨款安排的行政经费及“三公”经费预算表`` → B09);
- 会议费 / 培训费 alone name B12, 政府采购 B13 (a final account's 政府采购 /
  机关运行经费 / 国有资产 information table is T11);
- 项目支出, 专项 (业务经费, 资金), 结转 and a budget's 机关运行经费 table are extras;
- 政府性基金 → B07/T07, 国有资本经营 → B08/T08;
- 一般公共预算 with 基本支出 → B06/T06 when the note says 经济分类 or says nothing
  (``一般公共预算基本支出情况表``), an extra when it says 功能分类; 一般公共预算
  with 支出 → B05/T05 unless the note says 经济分类 (``一般公共预算支出表（按经济
  分类）`` lists basic and project spending: an extra);
- 财政拨款 with 基本支出 → B11, with 收支 / 收入支出 → B04/T04, with 支出 → B10
  (a final account's ``财政拨款支出决算表`` is T05);
- 基本支出 alone (``基本支出总表``) is an extra;
- 收支 / 收入支出 → B01/T01, 收入 → B02/T02, 支出 → B03/T03.
"""

from __future__ import annotations

import re
import unicodedata

CONTRACT_IDS = tuple(f"B{i:02d}" for i in range(1, 14)) + tuple(f"T{i:02d}" for i in range(1, 12))

_CN = "一二三四五六七八九十"
_NUMBERING = re.compile(rf"^(?:[(（]?[{_CN}]+[)）、.．]|[(（]\d{{1,2}}[)）]|\d{{1,2}}[、.．)）](?!\d))")
_LABEL = re.compile(r"^(?:公开|附)?表\s*(?:\d{1,2}|十?[一二三四五六七八九](?!般)|十)(?:[-—]\d{1,2})?(?:表)?[:：、.．\-—]?"
                    r"|^公开\d{1,2}表[:：]?")
_YEAR = re.compile(r"(?:19|20)\d{2}\s*年度?|度(?=部门|单位)")
_NOTE = re.compile(r"[(（]([^()（）]*)[)）]")
_QUOTES = str.maketrans("", "", "“”\"'‘’「」《》")
_SENTENCE = re.compile(r"[，。；;！？]|详见|见附表|如下")
_NOT_TABLES = ("绩效", "目标", "部门预算表", "单位预算表", "公开报表", "执行计划", "空表")


def normalise(text: str) -> str:
    """Full-width folded, no spaces or quotes, numbering and label removed."""
    t = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    t = re.sub(r"\s+", "", t)
    for _ in range(2):
        t = _NUMBERING.sub("", t, count=1)
        t = _LABEL.sub("", t, count=1)
    return t


def split_note(t: str) -> tuple[str, str]:
    """(title without bracketed notes, the notes joined)."""
    notes = " ".join(_NOTE.findall(t))
    return _NOTE.sub("", t), notes


def looks_like_title(text: str) -> bool:
    """A line that could be a table title: short, ends in 表 (a note may follow), no
    sentence punctuation. ``（一）收支总表`` yes; ``详见附表1。`` no."""
    t = normalise(text)
    if not (3 <= len(t) <= 48) or _SENTENCE.search(t):
        return False
    head, _ = split_note(t)
    return head.endswith("表")


def title_id(text: str) -> str | None:
    """The id a title line names: a contract id, ``extra:<name>`` or ``None``."""
    if not looks_like_title(text):
        return None
    t = _YEAR.sub("", normalise(text))
    head, note = split_note(t)
    if any(w in head for w in _NOT_TABLES) or "绩效" in note:
        return None
    final = "决算" in head
    if not (final or "预算" in head or "总表" in head or "情况表" in head or "支出表" in head
            or "收入表" in head or "经费" in head or "会议费" in head or "培训费" in head):
        return None
    words = ("收", "支", "经费", "采购", "会议费", "培训费")
    if not any(w in head for w in words):
        return None
    econ = "经济" in note or "经济" in head
    func = "功能" in note or "功能" in head
    if "三公" in head:
        return "T09" if final else "B09"
    if final:
        return _final(head)
    if "会议费" in head or "培训费" in head:
        return "B12"
    if "政府采购" in head:
        return "B13"
    if "项目支出" in head or "专项" in head:
        return "extra:项目支出"
    if "结转" in head:
        return "extra:结转资金"
    if "机关运行经费" in head:
        return "extra:机关运行经费"
    if "政府性基金" in head:
        return "B07"
    if "国有资本经营" in head:
        return "B08"
    if "一般公共预算" in head and "基本支出" in head:
        return "extra:一般公共预算基本支出(功能分类)" if func and not econ else "B06"
    if "一般公共预算" in head and "支出" in head:
        return "extra:一般公共预算支出(经济分类)" if econ else "B05"
    if "财政拨款" in head and "基本支出" in head:
        return "B11"
    if "财政拨款" in head and ("收支" in head or "收入支出" in head):
        return "B04"
    if "财政拨款" in head and "支出" in head:
        return "B10"
    if "基本支出" in head:
        return "extra:基本支出"
    if "收支" in head or "收入支出" in head:
        return "B01"
    if "收入" in head:
        return "B02"
    if "支出" in head:
        return "B03"
    return None


def _final(head: str) -> str | None:
    if "项目支出" in head:
        return "T10"
    if any(w in head for w in ("政府采购", "机关运行经费", "国有资产", "相关信息")):
        return "T11"
    if "政府性基金" in head:
        return "T07"
    if "国有资本经营" in head:
        return "T08"
    if "一般公共预算" in head and "基本支出" in head:
        return "T06"
    if "一般公共预算" in head and "支出" in head:
        return "T05"
    if "财政拨款" in head and ("收支" in head or "收入支出" in head):
        return "T04"
    if "财政拨款" in head and "支出" in head:
        return "T05"
    if "收支" in head or "收入支出" in head:
        return "T01"
    if "收入" in head:
        return "T02"
    if "支出" in head:
        return "T03"
    return None


def counted(table_id: str | None) -> bool:
    """Whether a table counts in the coverage figures (CONTRACT.md lists it)."""
    return table_id in CONTRACT_IDS
