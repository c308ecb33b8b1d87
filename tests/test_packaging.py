"""The install leaves one package, ``budgetlens``, and its console script.

The stage folders (ingest/, extract/, …) sit at the top of the repository but install as
``budgetlens.ingest``, ``budgetlens.extract``, …; names such as ``eval``, ``checks`` or
``fixtures`` are taken on the package registry and must never land in site-packages.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


BUILD_LOG: dict[str, str] = {}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built as an install builds it (its build log kept, warnings shown)."""
    out = tmp_path_factory.mktemp("wheel")
    run = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-v", "-w", str(out), str(ROOT)],
                         capture_output=True, text=True, timeout=600,
                         env={"PATH": "/usr/bin:/bin", "HOME": str(out)})
    assert run.returncode == 0, run.stderr[-2000:]
    BUILD_LOG["log"] = run.stdout + run.stderr
    (whl,) = out.glob("budgetlens-*.whl")
    return whl


@pytest.mark.slow
def test_the_build_prints_no_warnings_from_our_packaging(wheel: Path):
    """pyproject.toml as setuptools reads it raises no warning (it printed ~175 lines of
    them: a license table, beta configuration)."""
    log = BUILD_LOG["log"]
    assert "Preparing metadata" in log or "Building wheel" in log  # the build's own output is here
    warned = [line for line in log.splitlines()
              if ("warn" in line.lower() or "deprecat" in line.lower()) and "byte-compiling is disabled" not in line]
    assert not warned, warned[:10]


@pytest.mark.slow
def test_the_wheel_holds_only_budgetlens(wheel: Path):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    assert tops == {"budgetlens", wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1] + ".dist-info"}
    for stage in ("schemas", "ingest", "extract", "checks", "index", "qa", "bulk", "eval", "fixtures"):
        assert f"budgetlens/{stage}/__init__.py" in names
    # data the package reads at run time travels with it
    assert "budgetlens/eval/split.tsv" in names
    assert "budgetlens/schemas/data/classification.tsv" in names
    assert any(n.startswith("budgetlens/eval/gold/real/") and n.endswith(".json") for n in names)


@pytest.mark.slow
def test_the_console_script_is_budgetlens(wheel: Path):
    with zipfile.ZipFile(wheel) as z:
        entry = next(n for n in z.namelist() if n.endswith("entry_points.txt"))
        text = z.read(entry).decode()
    assert "budgetlens = budgetlens.cli:main" in text
