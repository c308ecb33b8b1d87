"""Every key the extractor emits is in the shared contract or in the project's own list of
extensions (``schemas/contract_extensions.py``, written out as
``docs/contract-extensions.md``): over the samples, generated layouts and a few filings of
the development part of the corpus."""

from __future__ import annotations

import re
import tempfile
from functools import cache
from pathlib import Path

import pytest
from budgetlens.schemas import catalogue, contract_extensions as ext
from shared import SHARED, missing

ROOT = Path(__file__).resolve().parents[1]
STANDARD = set(catalogue.STANDARD_IDS)


def _unknown(tables) -> list[tuple[str, str, str]]:
    """(table, row key, col) of every cell of a standard table in no known family."""
    out = []
    for t in tables:
        if t.table_id not in STANDARD:
            continue
        for r in t.rows:
            row_family = ext.family_of_row(t.table_id, r.key)
            for col in r.cells:
                if row_family is None or ext.family_of_column(t.table_id, col) is None:
                    out.append((t.table_id, r.key, col))
    return out


def _tables_of(path: Path):
    from budgetlens.extract.tables import extract_tables
    from budgetlens.ingest import read

    return extract_tables(read(path))[0]


def test_the_document_is_written_from_the_catalogue():
    text = (ROOT / "docs" / "contract-extensions.md").read_text(encoding="utf-8")
    assert text == ext.markdown(), "stale: python -m budgetlens.schemas.contract_extensions > docs/contract-extensions.md"
    for col, _, _ in ext.extension_columns():
        assert f"`{col}`" in text


def test_the_contract_ids_are_those_the_shared_contract_prints():
    contract = SHARED / "CONTRACT.md"
    if not contract.exists():
        missing("../shared/CONTRACT.md absent")
    printed = set(re.findall(r"`([a-z_.]+)`", contract.read_text(encoding="utf-8")))
    assert ext.CONTRACT_COLUMNS <= printed
    assert ext.CONTRACT_ROW_KEYS <= printed
    # an extension is one the contract does not print
    assert not {c for c, _, _ in ext.extension_columns()} & printed
    assert not {r[0] for r in ext.extension_rows()} & printed


@pytest.mark.parametrize("table_id,key,family", [
    ("B05", "2050803", "contract"), ("B05", "深圳市建筑工务署（本级）|2050803", "unit rows"),
    ("B01", "exp.econ|basic|301", "economic sides"), ("B01", "income.carryover_begin.fiscal_grant",
                                                      "carried-over fund lines"),
    ("B01", "income.special_funds", "named rows"), ("B06", "50101|30101", "qualified codes"),
    ("B09", "prior_year", "三公 by year"), ("B01", "exp.new_line", None), ("B02", "prior_year", None),
    ("B05", "深圳市建筑工务署|exp.econ|basic", None),
])
def test_row_families(table_id, key, family):
    assert ext.family_of_row(table_id, key) == family


@pytest.mark.parametrize("table_id,col,family", [
    ("B02", "general_budget", "contract"), ("B02", "account_balance", "named columns"),
    ("B09", "current_year.reception", "other years' and groups' columns"),
    ("B09", "outbound.general_budget", "三公 by fund"), ("B02", "outbound.general_budget", None),
    ("B02", "deposit_interest", None), ("B09", "outbound.research", "outbound split"),
])
def test_column_families(table_id, col, family):
    assert ext.family_of_column(table_id, col) == family


@pytest.mark.parametrize("sample", sorted(p.name for p in (ROOT / "samples").iterdir()
                                          if p.suffix in (".pdf", ".docx", ".txt")))
def test_samples_emit_only_documented_keys(sample):
    assert _unknown(_tables_of(ROOT / "samples" / sample)) == []


@cache
def _generated(seed: int, medium: str):
    from budgetlens.fixtures.figures import make_figures
    from budgetlens.fixtures.generator import SUFFIX, render

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"g{seed}{SUFFIX[medium]}"
        path.write_bytes(render(make_figures(seed), medium))
        return _tables_of(path)


@pytest.mark.parametrize("medium", ["ruled", "borderless", "split", "wrapped", "docx", "text"])
@pytest.mark.parametrize("seed", [3, 21])
def test_generated_layouts_emit_only_documented_keys(seed, medium):
    tables = _generated(seed, medium)
    assert tables and _unknown(tables) == []


# whole filings of the development part with the widest spread of key families:
# Xi'an (four-sided summaries, 政府采购 lists, 三公 by year), Changchun (三公 groups),
# Shenzhen (预算单位 columns, 三公 by fund)
DEV_FILINGS = ("shaanxi-xian-001.pdf", "jilin-changchun-001.pdf", "guangdong-shenzhen-008.pdf")


@pytest.mark.parametrize("name", DEV_FILINGS)
def test_dev_filings_emit_only_documented_keys(name):
    from budgetlens.eval.split import part_of

    path = SHARED / "corpus" / "docs" / name
    if not path.exists():
        missing(f"{name} absent from ../shared/corpus")
    assert part_of(path) == "dev"
    tables = _tables_of(path)
    assert len(tables) >= 8
    assert _unknown(tables) == []
