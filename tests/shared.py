"""Where ``../shared`` is, and what a test does when a file of it is missing.

Locally a test that needs ``../shared`` skips when it is absent. Under CI (``CI`` set),
which has the folder, a missing file fails the test instead: a run must never pass green
because the data it was meant to check was not there.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"


def missing(reason: str):
    """Skip (or, under CI, fail) a test whose ``../shared`` input is absent."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI has ../shared: a missing file is an error)", pytrace=False)
    pytest.skip(reason)


def pages_of(src: Path, pages: Sequence[int]):
    """A new PDF (``pymupdf.Document``) holding ``pages`` (1-based) of ``src`` in order, for
    a test that reads a few real pages of a filing; a missing ``src`` skips (under CI,
    fails) the test."""
    import pymupdf

    if not src.exists():
        missing(f"{src.name} absent from ../shared")
    out = pymupdf.open()
    with pymupdf.open(src) as doc:
        for p in pages:
            out.insert_pdf(doc, from_page=p - 1, to_page=p - 1)
    return out


@contextmanager
def saved_pages(src: Path, pages: Sequence[int]) -> Iterator[Path]:
    """The path of ``pages_of(src, pages)`` saved under ``src``'s name in a folder that is
    removed afterwards."""
    out = pages_of(src, pages)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / src.name
        out.save(path)
        yield path
