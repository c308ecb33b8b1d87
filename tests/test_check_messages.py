"""Check messages a journalist can act on: a table is named as the filing prints it (表3
本年支出总体情况表, 公开05表 一般公共预算财政拨款支出决算表), never by an internal id (T05,
B03, P01); the English message is English; a difference is shown in the filing's unit
and is never shown as 0."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from budgetlens.checks import format_report
from budgetlens.checks.core import Qty, equal_result
from budgetlens.checks.names import printed_table
from budgetlens.fixtures.__main__ import write_filing
from budgetlens.ingest import read
from budgetlens.pipeline import analyse
from budgetlens.schemas.filing import CheckOperand, Table
from budgetlens.settings import Settings

_ID = re.compile(r"(?<![A-Za-z0-9])[TBP]\d{2}(?![0-9])")
_CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    return Settings(embedding="hash", home=tmp_path_factory.mktemp("home"))


def test_a_table_is_named_by_its_printed_label_and_title() -> None:
    table = Table(table_id="B03", title="本年支出 总体情况表", label="表3")
    assert printed_table(table) == ("表3 本年支出总体情况表", "expenditure budget (表3)")
    assert printed_table(Table(table_id="T05"))[0] == "一般公共预算财政拨款支出决算表（公开05表）"


def test_the_check_report_of_the_seeds_prints_no_table_id(seeds_dir: Path, settings: Settings) -> None:
    """Seed 000 fails on 公开05表 and 公开06表 and on its performance table, seed 001 on a
    performance table copied from another city: each is named as printed."""
    texts = []
    for name in ("000_0783382fd8294bcc.txt", "001_175bcaedfa81a07e.txt"):
        filing = analyse(read(seeds_dir / name, settings), settings)
        texts.append(format_report(filing, filing.checks))
    text = "\n".join(texts)
    assert "[不一致 mismatch] 叙述与表格核对：公开05表 一般公共预算财政拨款支出决算表 — 第 1 页" in text
    assert "绩效自评表（整体支出，第 1 页）" in text and "绩效自评表（医疗保障政务服务综合柜员工作经费" in text
    assert not _ID.findall(text), _ID.findall(text)
    assert "相差 0.67 万元" in text


def test_a_narrative_line_check_speaks_english(tmp_path: Path, settings: Settings) -> None:
    """The planted line stated twice (叙述前后核对) says so in English too."""
    doc = write_filing(tmp_path, 41, "text", "line_twice")
    filing = analyse(read(doc, settings), settings)
    fails = [c for c in filing.checks if c.status == "fail" and c.kind == "line"]
    assert fails
    for c in fails:
        frame = re.sub(r"“[^”]*”|\S*[\u4e00-\u9fff]\S*", "", c.message_en)  # the printed names aside
        assert not _CJK.search(frame) and "more than rounding explains" in c.message_en, c.message_en
        assert c.message_en.startswith(("the narrative against", "change stated", "parts stated"))


def test_a_small_difference_is_never_shown_as_zero() -> None:
    def qty(value: float) -> Qty:
        return Qty(value, 0.0, CheckOperand(value=value), "甲", "a", unit="万元")

    result = equal_result("x", "row", qty(1.0), qty(1.00002), "核对", "check")
    assert result.status == "fail" and "相差 0 " not in result.message and "万元" in result.message
