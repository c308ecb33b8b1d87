"""Pages titled as a standard table that print no table and do not say they are empty.

A filing must publish every standard table; one with nothing to show prints the table
empty or says so (本表无数据, 空表, "本部门无政府性基金预算财政拨款收入，故本表为空").
A page that carries a table's title line —

    2023年国有资本经营预算财政拨款支出决算表
    公开08表                               单位：万元

— but neither a table (on that page or the next, where a title at the foot of a page
leaves it) nor such a sentence has dropped the table. Table-of-contents pages (three
or more titles) and sentences that name a table (they end in 。 or are long) are not
titles, nor are chart captions (…构成表) or numbered lists of the tables (十二、…表);
a page of prose that names a table is narrative. This needs the page text, so it runs only where the read ``Document`` is given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from budgetlens.checks.tolerance import FAIL
from budgetlens.extract.vocab import EMPTY_MARKERS, table_id_for_title
from budgetlens.ingest.normalize import fold, nospace
from budgetlens.schemas.document import Document
from budgetlens.schemas.filing import CheckOperand, CheckResult, Filing

# what a page says when a table has nothing to show, beyond the extraction's markers
_EMPTY_WORDS = (*EMPTY_MARKERS, "无数据", "为空", "无相关数据", "没有", "未安排", "无此类",
                "无该项", "均为0", "均为零", "为零", "此表无")
_TITLE_END = re.compile(r"(?:表|表[）)])$")
_LABEL = re.compile(r"(?:公开|附表|表)\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:表|-\d+)?")
_ENUMERATED = re.compile(r"^[一二三四五六七八九十]{1,3}[、.]")  # a list of the tables
_CHART = ("构成", "结构", "图")  # a chart's caption
_SECTION = re.compile(r"第[一二三四五六七八九十]部分|目录")
_TOC = re.compile(r"[.…·]{3,}|\s\d{1,3}$")


def _title(text: str) -> str | None:
    """The table id when ``text`` is a title line (not a sentence naming a table)."""
    t = nospace(fold(text))
    t = _LABEL.sub("", t).strip("：:")
    if not t or len(t) > 45 or "。" in t or "，" in t or _TOC.search(text.strip()):
        return None
    if not _TITLE_END.search(t) or _ENUMERATED.match(t) or any(w in t for w in _CHART):
        return None
    return table_id_for_title(t)


def _tabled_pages(filing: Filing, document: Document) -> set[int]:
    pages = {p for g in document.tables for p in g.pages}
    pages |= {p for t in filing.tables for p in t.pages}
    return pages


def page_checks(filing: Filing, document: Document | None) -> Iterator[CheckResult]:
    """Each page titled as a standard table with no table and no word that it is empty."""
    if document is None or document.media == "text":
        return  # a text conversion has no pages to speak of
    tabled = _tabled_pages(filing, document)
    for page in document.pages:
        titles = [(line, tid) for line in page.lines if (tid := _title(line.text))]
        if not titles or len({tid for _, tid in titles}) >= 3:
            continue  # no title, or a table of contents
        text = nospace(fold(page.text))
        prose = sum(1 for line in page.lines if "。" in line.text or "，" in line.text)
        if prose > 3 or _SECTION.search(text):
            continue  # a narrative page naming a table, or a list of contents
        if page.number in tabled or (page.number + 1) in tabled:
            continue
        if any(w in text for w in _EMPTY_WORDS):
            continue
        line, tid = titles[0]
        op = CheckOperand(table_id=tid, page=page.number,
                          bbox=list(line.bbox) if line.bbox else None, quote=line.text.strip())
        yield CheckResult(
            check_id=f"document.page.{page.number}.{tid}", kind="document",
            status=FAIL.status, severity=FAIL.severity,
            message=(f"第 {page.number} 页标题为“{line.text.strip()}”，但该页（及下一页）没有表格，"
                     f"也未说明本表无数据或为空表。"),
            message_en=(f"Page {page.number} is titled “{line.text.strip()}” but prints no table and "
                        f"does not say the table is empty."),
            operands=[op], pages=[page.number])
