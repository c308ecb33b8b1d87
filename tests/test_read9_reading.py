"""Reading gaps answers met: a zero stated without a unit, 重庆's 财政拨款运行经费, a heading
run into its first sentence and converter markup in text (small hand-made pages)."""

from __future__ import annotations

from pathlib import Path

from budgetlens.extract.narrative import extract_narrative
from budgetlens.ingest.text import read_text
from budgetlens.schemas.document import Document, Line, Page


def _doc(text: str) -> Document:
    lines = [Line(text=t, index=i) for i, t in enumerate(text.split("\n"))]
    return Document(doc_id="0" * 16, sha256="0" * 64, path="t.txt", media="text",
                    pages=[Page(number=1, source="plain", lines=lines)])


def _figures(text: str, head: str = "2026年部门预算") -> dict:
    return {k: v.value for k, v in extract_narrative(_doc(head + "\n" + text)).key_figures.items()}


# --- a zero stated without a unit --------------------------------------------------------

def test_a_zero_after_wei_needs_no_unit() -> None:
    got = _figures("一、2026年“三公”经费预算情况说明\n"
                   "2026年“三公”经费预算数为0，与2025年预算持平。其中：\n"
                   "（一）因公出国（境）费为0，与2025年预算持平。\n"
                   "（三）公务接待费为零。")
    assert got["three_public_budget"] == 0.0
    assert got["outbound_budget"] == 0.0
    assert got["reception_budget"] == 0.0


def test_a_bare_number_other_than_zero_is_still_no_amount() -> None:
    got = _figures("2026年“三公”经费预算数为12，与2025年预算持平。")
    assert "three_public_budget" not in got


# --- 财政拨款运行经费 under the 机关运行经费 heading; a heading run into its sentence -------

def test_fiscal_grant_running_costs_are_the_running_costs() -> None:
    got = _figures("五、其他重要事项的情况说明\n"
                   "（一）机关运行经费。2026年一般公共预算财政拨款运行经费5,590.43万元，比2025年减少919.7万元。")
    assert got["operating_expenses"] == 5590.43


def test_a_heading_run_into_its_sentence_keeps_the_sentence() -> None:
    got = _figures("五、其他重要事项的情况说明\n"
                   "（一）机关运行经费。2026 年一般公共预算财政拨款运行\n"
                   "经费679.08 万元，比2025 年增加23.79 万元，主要原因是人员数量变化。")
    assert got["operating_expenses"] == 679.08


# --- a converter's markup in exported text ----------------------------------------------

def test_bookmark_markup_is_no_text_of_the_filing() -> None:
    doc = read_text(Path("t.txt"), "[bookmark: _Toc15396611][bookmark: _Toc15377219]广元市医疗保障局"
                    "2021年政府性基金预算拨款支出429.45万元。\n[bookmark: _Toc1]\n下一段。", "0" * 64)
    texts = [line.text for page in doc.pages for line in page.lines]
    assert texts[0].startswith("广元市医疗保障局2021年")
    assert not any("bookmark" in t or "_Toc" in t for t in texts)
