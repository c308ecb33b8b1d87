"""A stand-in for ``bulk.job.process_unit`` whose worker dies on one file (importable by
pool workers, unlike a function defined inside a test)."""

from __future__ import annotations

import os

from budgetlens.bulk.job import process_unit as _real

CRASH_ON = "filing-12-borderless.pdf"


def process_unit(path: str, options):
    if path.endswith(CRASH_ON):
        os._exit(1)  # what a segfault or the OOM killer looks like to the pool
    return _real(path, options)
