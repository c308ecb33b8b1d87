"""Reading gaps answers met: a tables-only file's body, a zero stated without a unit,
重庆's 财政拨款运行经费, a heading run into its first sentence, converter markup in text,
and a tables-only file read after its body's full filing (small hand-made pages)."""

from __future__ import annotations

from pathlib import Path

from budgetlens.extract.metadata import read_metadata
from budgetlens.extract.narrative import extract_narrative
from budgetlens.ingest.text import read_text
from budgetlens.schemas.document import Document, Line, Page
from budgetlens.index.facts import DocInfo, Fact, _full_twins, _without_reprints


def _doc(text: str) -> Document:
    lines = [Line(text=t, index=i) for i, t in enumerate(text.split("\n"))]
    return Document(doc_id="0" * 16, sha256="0" * 64, path="t.txt", media="text",
                    pages=[Page(number=1, source="plain", lines=lines)])


def _figures(text: str, head: str = "2026年部门预算") -> dict:
    return {k: v.value for k, v in extract_narrative(_doc(head + "\n" + text)).key_figures.items()}


# --- the body a tables-only file names on its tables' heading lines ----------------------

def test_tables_only_file_names_its_body_on_the_heading_line() -> None:
    doc = _doc("收支预算总表\n公开表一\n部门:江苏省人大常委会办公厅单位:万元\n项目名称金额\n"
               "一、财政拨款18,330.37\n2019年部门预算\n公开表二\n部门:江苏省人大常委会办公厅单位:万元")
    assert read_metadata(doc).entity == "江苏省人大常委会办公厅"


def test_a_department_word_inside_a_sentence_is_no_label() -> None:
    doc = _doc("2019年部门预算\n本部门：主要职责是协调全市工作\n本部门:负责统计工作")
    assert read_metadata(doc).entity is None


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


# --- a tables-only file read after its body's full filing -------------------------------

def _info(doc_id: str) -> DocInfo:
    return DocInfo(doc_id, f"/{doc_id}.pdf", doc_id, "江苏省政协办公厅", 2018, "budget", "部门")


def _fact(doc_id: str, row: str, value: float) -> Fact:
    return Fact(doc_id, "grid", "g1", "", row, "", "", value, "万元", 1, None, row, canon_row=row)


def test_a_tables_only_twin_keeps_only_what_the_full_filing_does_not_print() -> None:
    docs = {"full": _info("full"), "tables": _info("tables")}
    twins = _full_twins(docs, narrated={"full"})
    assert twins == {"tables": {"full"}}
    facts = [_fact("full", "会议费预算", 884.16), _fact("full", "培训费", 0.0),
             _fact("tables", "会议费", 884.16), _fact("tables", "公务接待费", 412.5),
             _fact("tables", "其他", 0.0), _fact("tables", "培训费", 0.0)]
    kept = [(f.doc_id, f.row) for f in _without_reprints(twins, facts)]
    assert kept == [("full", "会议费预算"), ("full", "培训费"), ("tables", "公务接待费"), ("tables", "其他")]


def test_a_tables_only_file_alone_is_no_twin() -> None:
    docs = {"tables": _info("tables"), "other": DocInfo("other", "/o.pdf", "o", "江苏省政协办公厅", 2019,
                                                        "budget", "部门")}
    assert _full_twins(docs, narrated={"other"}) == {}
