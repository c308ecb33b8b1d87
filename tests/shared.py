"""Where ``../shared`` is, and what a test does when a file of it is missing.

Locally a test that needs ``../shared`` skips when it is absent. Under CI (``CI`` set),
which has the folder, a missing file fails the test instead: a run must never pass green
because the data it was meant to check was not there.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def missing(reason: str):
    """Skip (or, under CI, fail) a test whose ``../shared`` input is absent."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI has ../shared: a missing file is an error)", pytrace=False)
    pytest.skip(reason)
