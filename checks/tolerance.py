"""Rounding tolerance: how far apart two published numbers may be and still agree.

A number printed with ``d`` decimals stands for anything within ±0.5·10^-d of it (its
*half-unit*). Publishers add unrounded values and round the total, so a sum of ``n``
printed parts may differ from the printed total by up to the sum of all ``n + 1``
half-units. A difference inside that band is a 尾差 (``warn``), never an error; a
difference of exactly nothing is a ``pass``; anything beyond is a ``fail``.

Percentages get their own band: the half-unit of the printed percentage plus the
rounding of the amounts it was computed from, propagated through the division.

Tables drop trailing zeros (``137.7`` for 137.70), so a cell's precision is the larger
of its own printed decimals and the most decimals any cell of its table shows.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from budgetlens.ingest.normalize import decimals, find_numbers, fold

Status = Literal["pass", "warn", "fail", "skipped"]

DEFAULT_DECIMALS = 2  # what every standard table prints when the quote says nothing
_EXACT = 1e-9  # floating-point noise in sums of two-decimal numbers (absolute)
_EXACT_REL = 1e-11  # … and relative to the size of the amounts


def half_unit(places: int) -> float:
    """Half of the last printed digit: 0.005 for two decimals, 0.5 for none."""
    return 0.5 * 10.0 ** (-places)


@lru_cache(maxsize=1 << 16)  # pure, and asked again for each check a cell takes part in
def printed_decimals(value: float, quote: str | None) -> int | None:
    """Decimals of ``value`` as printed in ``quote``; None when the quote does not show it.

    The quote may be the cell alone (``"137.7"``) or a whole row or sentence; the token
    whose value equals ``value`` is the one that counts (the most decimals if several).
    """
    if not quote:
        return None
    folded = fold(quote)
    best: int | None = None
    for number, start, end in find_numbers(folded):
        if math.isclose(abs(number), abs(value), rel_tol=0, abs_tol=1e-9):
            places = decimals(folded[start:end])
            best = places if best is None else max(best, places)
    return best


def equal_at(a: float, b: float, scale: float = 1.0) -> bool:
    """True when two values are the same number up to floating-point noise."""
    return abs(a - b) <= _noise(max(abs(a), abs(b))) * scale


def _noise(size: float) -> float:
    return _EXACT + _EXACT_REL * abs(size)


@dataclass(frozen=True)
class Grade:
    """The outcome of comparing a difference with its tolerance."""

    status: Status
    severity: Literal["error", "warning", "info"]


PASS = Grade("pass", "info")
WARN = Grade("warn", "warning")
FAIL = Grade("fail", "error")
SKIP = Grade("skipped", "info")


def grade_sum(difference: float, tolerance: float, reference: float = 1.0) -> Grade:
    """Sum or equality: exact → pass, inside the rounding band → warn, beyond → fail."""
    if abs(difference) <= _noise(reference):
        return PASS
    if abs(difference) <= tolerance + _noise(reference):
        return WARN
    return FAIL


def grade_percent(computed: float, printed: float, printed_half: float,
                  propagated: float) -> Grade:
    """A stated percentage against the one recomputed from its amounts.

    pass: the recomputed value rounds to what is printed; warn: it differs by no more
    than the operands' rounding can explain; fail: beyond that.
    """
    difference = abs(computed - printed)
    if difference <= printed_half + _EXACT:
        return PASS
    if difference <= printed_half + propagated + _EXACT:
        return WARN
    return FAIL


def ratio_tolerance(numerator: float, denominator: float, num_half: float,
                    den_half: float) -> float:
    """Largest change of ``100·a/b`` when a and b each move by their half-unit."""
    if denominator == 0:
        return math.inf
    lo = abs(denominator) - den_half
    if lo <= 0:
        return math.inf
    return 100.0 * (num_half / lo + abs(numerator) * den_half / (lo * abs(denominator)))


def soften(grade: Grade) -> Grade:
    """For a rule that may not hold in every layout: a fail is only a warning."""
    return WARN if grade.status == "fail" else grade
