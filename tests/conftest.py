"""Shared fixtures. Tests never reach the network: the hash embedding is used unless a
test asks for the bundled model, and no LLM is configured."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from shared import SHARED, missing

ROOT = Path(__file__).resolve().parents[1]

os.environ.pop("BUDGETLENS_LLM", None)
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")
# a bug raises with its traceback instead of becoming a failed file or a warning
os.environ["BUDGETLENS_RAISE_ERRORS"] = "1"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        missing("../shared is not beside the project")
    return SHARED


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"


@pytest.fixture(scope="session")
def real_dir(shared_dir: Path) -> Path:
    return shared_dir / "real"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty workspace, with the fast hash embedding and no LLM."""
    h = tmp_path / "home"
    monkeypatch.setenv("BUDGETLENS_HOME", str(h))
    monkeypatch.setenv("BUDGETLENS_EMBEDDING", "hash")
    monkeypatch.delenv("BUDGETLENS_LLM", raising=False)
    return h


@pytest.fixture
def settings(home: Path):
    from budgetlens.settings import load

    return load(home)


@pytest.fixture(autouse=True)
def _no_model_requests(request):
    """No test reaches a model by accident: requests are allowed only in tests marked
    ``model_requests`` (they talk to a local stub server or a fake chat model)."""
    from budgetlens.llm import override_allow_model_requests

    allowed = request.node.get_closest_marker("model_requests") is not None
    with override_allow_model_requests(allowed):
        yield
