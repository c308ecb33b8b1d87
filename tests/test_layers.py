"""The layout tells the pipeline: each stage imports only the stages below it.

schemas → ingest → extract → checks → index → qa → budgetlens (pipeline, CLI) → app.py.
``fixtures``, ``bulk`` and ``eval`` sit beside the top. Read from the source with ``ast``,
so a lazy import inside a function counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = {"schemas", "ingest", "extract", "checks", "index", "qa", "budgetlens", "bulk", "eval", "fixtures"}

# package → packages of ours it must never import
FORBIDDEN = {
    "schemas": OURS - {"schemas"},
    "ingest": {"extract", "checks", "index", "qa", "bulk", "eval", "fixtures"},
    "extract": {"checks", "index", "qa", "bulk", "eval", "fixtures"},
    "checks": {"extract", "index", "qa", "bulk", "eval", "fixtures", "budgetlens"},
    "index": {"extract", "checks", "qa", "bulk", "eval", "fixtures"},
    "qa": {"extract", "bulk", "eval", "fixtures"},
    "fixtures": {"extract", "checks", "index", "qa", "bulk", "eval", "budgetlens"},
}
# what a lower stage may take from ``budgetlens``: settings, errors and the LLM seam
BUDGETLENS_LEAVES = {"budgetlens.settings", "budgetlens.errors", "budgetlens.llm"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_stage_imports_only_what_is_below_it(package: str):
    bad = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in FORBIDDEN[package]:
                bad.append(f"{path.relative_to(ROOT)} imports {name}")
            if top == "budgetlens" and package in {"ingest", "extract", "index", "qa"} and name != "budgetlens":
                if not any(name == leaf or name.startswith(leaf + ".") for leaf in BUDGETLENS_LEAVES) \
                        and package != "qa":
                    bad.append(f"{path.relative_to(ROOT)} imports {name} (only settings, errors, llm)")
    assert not bad, "\n".join(bad)


def test_modules_stay_short():
    """Short files (docling caps theirs at 1,000 lines); most of ours are 150-400."""
    long = [f"{p.relative_to(ROOT)}: {n}" for p in ROOT.glob("*/*.py")
            if p.parts[-2] in OURS and (n := len(p.read_text(encoding="utf-8").splitlines())) > 1000]
    assert not long, long
