"""Grounding: a model's number must be printed in the span it cites, compared as a
printed number (never a pattern built from the model's text)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from budgetlens.extract.grounding import (GroundStatus, find_quote, ground_number, ground_quote,
                               locate_number)
from budgetlens.ingest.normalize import find_numbers
from budgetlens.schemas.document import Document, Line, Page
from shared import SHARED, missing

pytestmark = pytest.mark.model_requests

EXACT, NORM, MISS = GroundStatus.EXACT, GroundStatus.NORMALISED, GroundStatus.NOT_FOUND


@dataclass(frozen=True)
class Case:
    name: str
    value: float
    span: str
    expected: GroundStatus


CASES = [
    Case("plain", 526.04, "均为526.04万元", EXACT),
    Case("dot is not a wildcard", 526.04, "526x04", MISS),
    Case("inside a longer number", 26.04, "526.04", MISS),
    Case("prefix of a longer number", 526.0, "526.04", MISS),
    Case("thousands separator", 1234.5, "1,234.50", NORM),
    Case("trailing zero", 1234.5, "1234.50", EXACT),
    Case("fewer decimals printed", 1234.5, "1234.5", EXACT),
    Case("full-width", 1234.5, "１２３４．５０", NORM),
    Case("more precision than printed", 1234.504, "1234.50", MISS),
    Case("OCR space after the point", 526.04, "均为 526. 04 万元", NORM),
    Case("two numbers are not one", 1234, "12 34", MISS),
    Case("sign matters", 1.5, "-1.5", MISS),
    Case("negative printed", -1.5, "增减 -1.5", EXACT),
    Case("zero", 0.0, "0.00", EXACT),
    Case("percent", 24.02, "下降24.02%。", EXACT),
    Case("in a row of cells", 0.32, "0.6 0.32 0.00", EXACT),
    Case("bad thousands grouping", 1234.0, "1,2,34", MISS),
    Case("empty span", 1.0, "", MISS),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_ground_number(case: Case):
    assert ground_number(case.value, case.span) is case.expected


def test_locate_number_points_at_the_printed_text():
    span = "收入 1,234.50 万元，支出 1234.5 万元"
    match = locate_number(1234.5, span)
    assert match is not None and match.status is EXACT  # the exact one wins
    assert span[match.start:match.end] == "1234.5"


@settings(max_examples=150, deadline=None)
@given(cents=st.integers(min_value=0, max_value=10**9), prefix=st.integers(1, 9))
def test_printed_forms_ground_and_longer_numbers_do_not(cents: int, prefix: int):
    value = cents / 100
    plain = f"{value:.2f}"
    assert ground_number(value, f"合计{plain}万元") is EXACT
    assert ground_number(value, f"合计 {value:,.2f} 万元").found
    # the same digits inside a longer number are not the number
    assert ground_number(value, f"合计{prefix}{plain}万元") is MISS
    assert ground_number(value, f"合计{plain}{prefix}万元") is MISS


def test_find_quote_exact_and_wrapped():
    text = "2023 年收入总计、支出总计均为 526.04 万元，与上年相比"
    assert find_quote("收入总计、支出总计均为 526.04 万元", text).status is EXACT
    wrapped = "本年收\n入合计  526.04"
    match = find_quote("本年收入合计 526.04", wrapped)
    assert match.status is NORM and wrapped[match.start:match.end].endswith("526.04")
    assert find_quote("本年收入合计 526.05", wrapped).status is MISS
    assert find_quote("   ", wrapped).status is MISS


def _doc() -> Document:
    lines = [Line(text="2023 年收入总计、支出总计均为", bbox=(72, 100, 500, 115)),
             Line(text="526.04 万元，与上年相比减少 166.35 万元。", bbox=(72, 118, 480, 133)),
             Line(text="其他内容", bbox=(72, 300, 200, 315))]
    return Document(doc_id="0" * 16, sha256="0" * 64, path="x.pdf", media="pdf",
                    pages=[Page(number=1, source="text", lines=[Line(text="目录")]),
                           Page(number=2, source="text", lines=lines)])


def test_ground_quote_gives_page_and_box_of_the_lines_it_covers():
    doc = _doc()
    match = ground_quote("支出总计均为 526.04 万元", doc, 2)
    assert match.status.found and match.page == 2
    assert match.bbox == (72, 100, 500, 133)  # two lines, not the third
    assert ground_quote("支出总计均为 526.04 万元", doc, None).page == 2
    assert ground_quote("支出总计均为 526.04 万元", doc, 1).status is MISS
    assert ground_quote("支出总计均为 562.04 万元", doc, 2).status is MISS


def test_every_narrative_number_of_a_seed_grounds_in_its_own_line():
    seeds = sorted((SHARED / "seeds").glob("*.txt")) if SHARED.exists() else []
    if not seeds:
        missing("shared seeds not present")
    checked = 0
    for path in seeds:
        for line in path.read_text(encoding="utf-8").splitlines():
            if "万元" not in line:
                continue
            for value, start, end in find_numbers(line):
                assert ground_number(value, line).found, (path.name, line[start:end])
                bumped = round(value + 0.001, 3)  # never printed with 3 decimals here
                if all(abs(v - bumped) > 1e-9 for v, _, _ in find_numbers(line)):
                    assert ground_number(bumped, line) is MISS
                checked += 1
    assert checked > 100
