"""The layout tells the pipeline: each stage imports only the stages below it.

The layers are import-linter contracts in ``pyproject.toml`` ([tool.importlinter]), run
here over a view of the ``budgetlens`` package as it installs (the stage folders at the
top of the repository become ``budgetlens.ingest``, ``budgetlens.extract``, …). Lazy
imports inside functions count too. ``app.py`` is not a package, so an ``ast`` test holds
it to the public entry points. Each kind of upward import is planted in a copy of the
tree to show the contracts catch it.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = ROOT / "pyproject.toml"
STAGES = ("schemas", "ingest", "extract", "checks", "index", "qa", "bulk", "eval", "fixtures", "ui")
LINT = Path(sys.executable).with_name("lint-imports")
# what app.py may import of ours: the public entry points, never a stage's insides
APP_MAY_IMPORT = {"budgetlens.ui"}


def _view(dest: Path, *, copy: bool = False) -> Path:
    """``dest/budgetlens`` laid out as the wheel installs it (links, or a copy to plant in)."""
    pkg = dest / "budgetlens"
    pkg.mkdir(parents=True)
    for f in (ROOT / "budgetlens").glob("*.py"):
        (shutil.copy if copy else os.symlink)(f, pkg / f.name)
    for stage in STAGES:
        if copy:
            shutil.copytree(ROOT / stage, pkg / stage, ignore=shutil.ignore_patterns("__pycache__", "gold"))
        else:
            os.symlink(ROOT / stage, pkg / stage)
    return dest


def _lint(view: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(view)}
    return subprocess.run([str(LINT), "--no-cache", str(PYPROJECT)], cwd=view, env=env,
                          capture_output=True, text=True, timeout=120)


def _layers() -> list[str]:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]
    (contract,) = config["contracts"]
    return [m.strip() for layer in contract["layers"] for m in layer.split("|")]


def test_the_contracts_hold(tmp_path: Path):
    run = _lint(_view(tmp_path))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 kept, 0 broken" in run.stdout


def test_every_module_of_the_package_is_in_a_layer():
    """A new module of ours outside the layers would be unconstrained."""
    ours = {f"budgetlens.{p.stem}" for p in (ROOT / "budgetlens").glob("*.py") if p.stem != "__init__"}
    ours |= {f"budgetlens.{s}" for s in STAGES}
    assert ours == set(_layers())


PLANTED = [
    # (file to plant in, line, what kind of upward import it is)
    ("qa/answer.py", "from budgetlens import pipeline", "answers importing the pipeline through the root"),
    ("qa/facts.py", "import budgetlens.pipeline", "answers importing the pipeline"),
    ("ingest/pdf.py", "def _f():\n    from budgetlens.extract import tables", "a lazy import of the stage above"),
    ("ingest/text.py", "from budgetlens.store import Store", "a reader writing the store"),
    ("extract/mapping.py", "from budgetlens.checks import run_checks", "extraction importing checks"),
    ("checks/core.py", "from budgetlens.index import chunking", "a sibling stage of the same layer"),
    ("schemas/filing.py", "from budgetlens.settings import Settings", "the contract importing settings"),
    ("budgetlens/store.py", "from budgetlens.qa import Asker", "the store importing answers"),
    ("budgetlens/llm.py", "from budgetlens.pipeline import process", "the LLM seam importing the pipeline"),
    ("bulk/job.py", "from budgetlens import cli", "bulk importing the CLI"),
    ("eval/harness.py", "from budgetlens.bulk import job", "eval importing bulk"),
    ("fixtures/generator.py", "from budgetlens.pipeline import process", "the generator importing the pipeline"),
    ("qa/answer.py", "from budgetlens.ui import main", "answers importing the app"),
    ("ui/chat.py", "from budgetlens import cli", "the app importing the CLI"),
]


@pytest.mark.slow
@pytest.mark.parametrize("where,line,kind", PLANTED, ids=[p[2] for p in PLANTED])
def test_a_planted_upward_import_breaks_the_contract(tmp_path: Path, where: str, line: str, kind: str):
    view = _view(tmp_path, copy=True)
    target = view / "budgetlens" / where.removeprefix("budgetlens/")
    target.write_text(target.read_text(encoding="utf-8") + "\n\n" + line + "\n", encoding="utf-8")
    run = _lint(view)
    assert run.returncode != 0, f"{kind} went through:\n{run.stdout}"
    assert "BROKEN" in run.stdout


def _app_violations(source: str) -> list[str]:
    bad = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            mods = [node.module]
            names = [a.name for a in node.names]
        elif isinstance(node, ast.Import):
            mods, names = [a.name for a in node.names], []
        else:
            continue
        for mod in mods:
            if mod.split(".")[0] in STAGES:
                bad.append(f"{mod}: import stages as budgetlens.*")
            elif mod.startswith("budgetlens") and mod not in APP_MAY_IMPORT and not (
                    mod == "budgetlens" and all(f"budgetlens.{n}" in APP_MAY_IMPORT for n in names)):
                bad.append(f"{mod}: not a public entry point")
        bad += [f"{n}: private" for n in names if n.startswith("_")]
    return bad


def test_app_imports_only_public_entry_points():
    assert _app_violations((ROOT / "app.py").read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("line", [
    "from budgetlens.qa.facts import lookup",
    "from budgetlens.ui.chat import chat_view",
    "from budgetlens.ingest.pdf import read_pdf",
    "from budgetlens import cli",
    "import qa",
    "from budgetlens.qa import _KINDS",
    "def f():\n    from budgetlens.index.store import ChunkIndex",
])
def test_the_app_check_catches_each_kind(line: str):
    assert _app_violations(line)


def test_modules_stay_short():
    """Short files (docling caps theirs at 1,000 lines); most of ours are 150-400."""
    long = [f"{p.relative_to(ROOT)}: {n}" for stage in (*STAGES, "budgetlens") for p in (ROOT / stage).glob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 1000]
    assert not long, long
