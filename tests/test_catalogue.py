"""One catalogue of the contract (schemas/catalogue.py): every consumer agrees with it.

Checks, answers, extraction, the LLM targets and the fixture generator each read tables,
columns and key figures; a test here fails when one of them looks somewhere the catalogue
does not list, or names something it does not know.
"""

from __future__ import annotations

import pytest

from budgetlens.schemas import catalogue


def _cell(table: str, row: str, col: str) -> tuple[str, str, str]:
    return (table, row, "" if col == "amount" else col)


def test_checks_look_for_key_figures_where_the_catalogue_says():
    from budgetlens.checks.narrative import TARGETS

    assert {k: tuple(v) for k, v in TARGETS.items()} == catalogue.FIGURE_CELLS


def test_answers_look_only_where_the_catalogue_says():
    from budgetlens.qa.understand import METRICS

    for _, actual, budget in METRICS:
        for metric in (actual, budget):
            if metric is None or not metric.cells:
                continue
            homes = set(catalogue.FIGURE_CELLS[metric.name])
            stray = [c for c in metric.cells if _cell(*c) not in homes]
            assert not stray, f"{metric.name}: {stray} is not a home of it in the catalogue"


def test_answers_look_wherever_the_catalogue_has_a_home_of_the_same_scope():
    from budgetlens.qa.understand import METRICS

    for _, actual, budget in METRICS:
        for metric in (actual, budget):
            if metric is None or metric.name not in catalogue.FIGURE_CELLS:
                continue
            assert {_cell(*c) for c in metric.cells} == set(catalogue.answer_cells(metric.name)), metric.name


def test_an_answer_never_reads_a_narrower_scope_under_the_same_name():
    # 基本支出 of the 支出表 is the whole department's; the 一般公共预算 tables print a part of it
    cells = catalogue.answer_cells("basic_expenditure")
    assert {t for t, _, _ in cells} == {"T03", "B03"}
    assert {t for t, _, _ in catalogue.FIGURE_CELLS["basic_expenditure"]} > {"T03", "B03", "T05", "B11"}
    # 人员经费 is printed only in the 一般公共预算 basic tables: both of them are its homes
    assert {t for t, _, _ in catalogue.answer_cells("personnel_expenditure")} == {"T06", "B06"}
    assert set(catalogue.TABLE_SCOPE) >= set(catalogue.STANDARD_IDS)


def test_every_table_figure_and_column_has_a_name():
    assert set(catalogue.STANDARD_IDS) <= set(catalogue.TABLE_NAMES)
    assert set(catalogue.FIGURE_CELLS) <= set(catalogue.FIGURE_NAMES)
    spec_cols = {c for spec in catalogue.TABLES for c in getattr(spec, "columns", ())}
    unnamed = sorted(c for c in spec_cols if c not in catalogue.COLUMN_NAMES)
    assert not unnamed, unnamed


def test_llm_targets_are_catalogue_tables():
    from budgetlens.extract.llm_targets import TARGETS as LLM_TARGETS

    ids = set(LLM_TARGETS)
    assert ids <= set(catalogue.STANDARD_IDS), ids - set(catalogue.STANDARD_IDS)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_generator_titles_read_as_their_ids(seed):
    from budgetlens.extract.vocab import table_id_for_title
    from budgetlens.fixtures.figures import make_figures
    from budgetlens.fixtures.tables import table_specs

    for spec in table_specs(make_figures(seed)):
        assert table_id_for_title(spec.title) == spec.table_id, spec.title


def test_template_column_orders_name_columns_their_table_has():
    specs = {spec.table_id: spec for spec in catalogue.TABLES if spec.table_id}
    for table_id, cols in catalogue.TEMPLATE_COLUMNS.items():
        assert set(cols) <= set(specs[table_id].columns), table_id
        assert len(set(cols)) == len(cols), table_id
