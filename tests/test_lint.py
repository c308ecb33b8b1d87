"""Lint and types, run by the test command: ruff over the repository, mypy over the
installed package's view (configuration in pyproject.toml)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from test_layers import _view

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def test_ruff_finds_nothing():
    run = subprocess.run([str(BIN / "ruff"), "check", "--no-cache", "."], cwd=ROOT, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]


@pytest.mark.slow
def test_mypy_finds_nothing(tmp_path):
    view = _view(tmp_path / "view")
    env = {**os.environ, "PYTHONPATH": str(view), "MYPYPATH": str(view)}
    run = subprocess.run([str(BIN / "mypy"), "--config-file", str(ROOT / "pyproject.toml"),
                          "--cache-dir", str(tmp_path / "cache"), "-p", "budgetlens"],
                         cwd=view, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
