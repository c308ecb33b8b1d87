"""The mutation generator (``eval.mutate``) asks no question that contradicts itself: no
单位预算 added to a question saying 部门预算, and no 本级 counted where the filing's one unit
is the department itself (its 本级 row prints the department's figures)."""

from __future__ import annotations

import pytest
from budgetlens.eval.mutate import Workspace, mutations
from qa_corpus import asker_over, ruled_grid, stored_pdf

DOC = "w" * 16


def _budget(units: list[list[str]]):
    """A 2026 部门预算 of 乌海市水利局: a 三公 table and a 收入预算表 by unit (``units`` rows)."""
    three = ruled_grid([["项目", "预算数"], ["“三公”经费", "175.00"], ["公务接待费", "2.00"]], 3,
                       "财政拨款“三公”经费预算表")
    income = ruled_grid([["单位名称", "合计", "一般公共预算"], ["合计", "900.00", "800.00"], *units], 4, "收入预算表")
    return stored_pdf(DOC, "乌海市水利局", [three, income], pages=4)


def _question(text: str) -> dict:
    return {"id": "m1", "kind": "lookup", "part": "dev", "set": "t", "question": text,
            "files": [f"filings/{DOC}.pdf"], "value": 2.0, "unit": "万元",
            "understood": {"entity": "乌海市水利局", "year": 2026, "measure": "公务接待费", "operation": "lookup"}}


@pytest.fixture
def workspace(tmp_path, request):
    a = asker_over(tmp_path, _budget(request.param))
    yield Workspace(a.engine)
    a.close()


ONE_UNIT = [["乌海市水利局（本级）", "900.00", "800.00"]]
TWO_UNITS = [["乌海市水利局（本级）", "600.00", "550.00"], ["乌海市水利监测站", "300.00", "250.00"]]


@pytest.mark.parametrize("workspace", [ONE_UNIT], indirect=True)
def test_no_benji_mutation_where_the_one_unit_is_the_department(workspace):
    assert workspace.own_is_whole([DOC])
    variants = {m.variant for m in mutations(_question("乌海市水利局2026年公务接待费预算是多少万元？"), workspace)}
    assert "本级" not in variants and "汇总" in variants


@pytest.mark.parametrize("workspace", [TWO_UNITS], indirect=True)
def test_a_benji_mutation_where_the_department_has_other_units(workspace):
    assert not workspace.own_is_whole([DOC])
    ms = {m.variant: m for m in mutations(_question("乌海市水利局2026年公务接待费预算是多少万元？"), workspace)}
    assert ms["本级"].expect == "differ"


@pytest.mark.parametrize("workspace", [TWO_UNITS], indirect=True)
def test_no_unit_budget_added_to_a_department_budget_question(workspace):
    said = {m.variant for m in mutations(_question("乌海市水利局2026年部门预算公务接待费是多少万元？"), workspace)}
    assert "单位预算" not in said and "本级" in said
    bare = {m.variant for m in mutations(_question("乌海市水利局2026年公务接待费预算是多少万元？"), workspace)}
    assert "单位预算" in bare


def test_no_benji_mutation_of_a_filing_printed_as_its_benji(tmp_path):
    # 乌海市水利局（本级）: the filing is the body's own; a 本级 question asks for its figures
    document, filing = _budget(TWO_UNITS)
    a = asker_over(tmp_path, (document, filing.model_copy(update={"entity": "乌海市水利局（本级）"})))
    try:
        ws = Workspace(a.engine)
        assert ws.named_so([DOC], "本级") and not ws.named_so([DOC], "汇总")
        assert "本级" not in {m.variant for m in mutations(_question("乌海市水利局2026年公务接待费预算是多少万元？"), ws)}
    finally:
        a.close()
