"""A question that leaves open which of a body's filings it means — the year, the kind (预算 /
决算) or the scope (部门 / 单位) — is asked back, each filing listed with its file, unless they
all print the same number; a place and a year without a body list that place's filings; a
reply naming the choice (2025年的 / 单位预算) answers the question asked back."""

from __future__ import annotations

import pytest
from budgetlens.qa.choose import choice_reply
from budgetlens.schemas.document import Line, Page
from qa_corpus import asker_over, asks_back, ruled_grid, stored_pdf


def _filing(k: int, entity: str, year: int, reception: float, *, doc_type: str = "budget", scope: str = "部门"):
    doc_id = f"{k:x}" * 16
    kind = {"budget": "预算", "final_accounts": "决算"}[doc_type]
    three = ruled_grid([["单位", "合计", "公务接待费"], [f"{entity} {year} 年", f"{reception + 10:.2f}",
                                                     f"{reception:.2f}"]], 2, f"财政拨款“三公”经费支出{kind}表")
    cover = Page(number=1, source="text", lines=[Line(text=f"{entity}{year}年{scope}{kind}", bbox=(72, 72, 400, 90))])
    pages = [cover, Page(number=2, source="text", lines=[])]
    return stored_pdf(doc_id, entity, [three], pages=pages, year=year, doc_type=doc_type)


@pytest.fixture(scope="module")
def asker(tmp_path_factory):
    a = asker_over(tmp_path_factory.mktemp("ws"),
                   # one body's budgets of three years, each printing its own figure
                   _filing(1, "岚州市水利局", 2024, 1.0), _filing(2, "岚州市水利局", 2025, 2.0),
                   _filing(3, "岚州市水利局", 2026, 3.0),
                   # two years printing the same figure
                   _filing(4, "岚州市档案馆", 2025, 4.0), _filing(5, "岚州市档案馆", 2026, 4.0),
                   # one year's 部门预算 and 单位预算, and its 部门决算
                   _filing(6, "岚州市商务局", 2025, 6.0), _filing(7, "岚州市商务局", 2025, 5.0, scope="单位"),
                   _filing(8, "岚州市商务局", 2025, 7.0, doc_type="final_accounts"),
                   # a body with one filing
                   _filing(9, "岚州市信访局", 2025, 9.0))
    yield a
    a.close()


def test_no_year_said_asks_which_year(asker):
    asked = asker.ask("岚州市水利局的公务接待费是多少？")
    asks_back(asked, ("2024年", "2025年", "2026年", "1111111111111111.pdf", "3333333333333333.pdf"))
    assert len(asked.candidates) == 3
    # each candidate stands alone: it names the body as well as its filing
    assert all(c["label"].startswith("岚州市水利局") for c in asked.candidates)
    assert sorted(c["label"].split()[1][:5] for c in asked.candidates) == ["2024年", "2025年", "2026年"]


def test_a_year_said_or_meant_is_answered(asker):
    assert asker.ask("岚州市水利局2025年公务接待费是多少？").value == pytest.approx(2.0)
    assert asker.ask("岚州市水利局今年的公务接待费是多少？").value == pytest.approx(3.0)


def test_filings_printing_one_number_are_answered(asker):
    assert asker.ask("岚州市档案馆的公务接待费是多少？").value == pytest.approx(4.0)


def test_a_body_with_one_filing_is_answered(asker):
    assert asker.ask("岚州市信访局的公务接待费是多少？").value == pytest.approx(9.0)


def test_one_year_several_kinds_or_scopes_asks_which(asker):
    asked = asker.ask("岚州市商务局2025年的公务接待费是多少？")
    asks_back(asked, ("部门预算", "单位预算", "部门决算"))
    # the budget said: its 部门 and 单位 filings are still two
    asks_back(asker.ask("岚州市商务局2025年公务接待费预算是多少？"), ("部门预算", "单位预算"), ("决算",))


def test_the_filing_said_is_answered(asker):
    assert asker.ask("岚州市商务局2025年单位预算的公务接待费是多少？").value == pytest.approx(5.0)
    assert asker.ask("岚州市商务局2025年部门预算的公务接待费是多少？").value == pytest.approx(6.0)
    assert asker.ask("岚州市商务局2025年部门决算的公务接待费是多少？").value == pytest.approx(7.0)


def test_a_place_and_year_without_a_body_lists_its_filings(asker):
    asked = asker.ask("岚州2026年的部门预算里公务接待费是多少？")
    asks_back(asked, ("岚州市水利局", "岚州市档案馆"), ("岚州市商务局", "岚州市信访局"))
    # nothing of the place prints the measure: declined, no candidates
    assert asker.ask("岚州2026年的地区生产总值是多少？").kind == "not_found"


def test_a_reply_to_the_question_asked_back_answers_it(asker):
    conv = asker.conversation()
    assert conv.ask("岚州市水利局的公务接待费是多少？").kind == "clarify"
    assert conv.ask("2025年的").value == pytest.approx(2.0)
    conv = asker.conversation()
    assert conv.ask("岚州市商务局2025年的公务接待费是多少？").kind == "clarify"
    assert conv.ask("单位预算").value == pytest.approx(5.0)


@pytest.mark.parametrize("reply, read", [
    ("2018年的", "那2018年呢？"), ("部门决算", "那部门决算呢？"), ("要2023年单位预算那份", "那2023年单位预算呢？"),
    ("公务接待费是多少？", "公务接待费是多少？"), ("的", "的"),
])
def test_a_choice_alone_reads_as_a_follow_up(reply, read):
    assert choice_reply(reply) == read


def test_filings_printing_one_number_say_so(asker):
    said = asker.ask("岚州市档案馆的公务接待费是多少？").answer
    assert "同一个数" in said and "2025年部门预算" in said and "2026年部门预算" in said, said
