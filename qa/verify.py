"""Every number in an answer must be found in the evidence it cites.

Citation markers (``[1]``) are not numbers of the answer; a year followed by 年 that is
the fiscal year of a cited document is metadata the answer names, not a figure. Any
other number must equal a number printed in one of the quotes cited: the same value
and sign (1.8 and 1.80 are one number; 0 is not 0.32, and -12.5 is not 12.5).
"""

from __future__ import annotations

import re

from budgetlens.ingest.normalize import find_numbers, fold

_MARKER_RE = re.compile(r"\[\d+\]")


def _numbers(text: str) -> list[tuple[float, str, str]]:
    """(value, printed text, what follows) for each number of ``text``."""
    folded = fold(text)
    return [(v, folded[s:e], folded[e:e + 1]) for v, s, e in find_numbers(folded)]


def unverified_numbers(answer: str, quotes: list[str], years: set[int] = frozenset()) -> list[str]:
    """Numbers in ``answer`` found in none of ``quotes``, as printed."""
    text = _MARKER_RE.sub(" ", answer)
    evidence = [v for q in quotes for v, _, _ in _numbers(q)]
    missing = []
    for value, printed, after in _numbers(text):
        if after in "年" and after and int(value) == value and int(value) in years:
            continue
        if not any(abs(value - e) < 1e-9 for e in evidence):
            missing.append(printed)
    return missing
