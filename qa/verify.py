"""Every number in an answer must be found in the evidence it cites, as the same quantity.

An answer's numbers are read in every form a writer (or a model) may use: Arabic digits
with or without thousands separators or full-width forms (``1,234.56``, ``１２３４.５６``),
Chinese numerals (``九百九十九万元``, ``一千二百三十四点五六万元``, ``百分之五十``), a sign
(``-12.5``, ``负12.5``, ``减少12.5`` is a change the quote must state), and a unit (元,
万元, 亿元, %). Each is compared with the numbers of the quotes as a *quantity*: value
times unit, so 526.04万元 is verified by a cell printing 526.04 in a 万元 table and by
5,260,400.00 in a 元 table, but 526.04亿元 and 526.04% are not. A number the quote prints
without a unit takes the unit of its citation (the table's unit).

A number must sit with the operand it was cited for: it is checked against the quotes
of the citation markers that close its clause (``…1.5万元[2]`` is checked against [2]
only), and when the clause names one of the cited entities, only against that entity's
citations. So two units' values swapped between them are caught.

Citation markers (``[1]``) are not numbers; a year followed by 年 that is the fiscal
year of a cited document is metadata. Numbers code computed from cited operands (a
difference, a share) are passed in ``derived`` and verified like printed ones.

An answer that carries Markdown images or links, or HTML, is never verified
(``unsafe_markup``): a filing's own text may try to smuggle one in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from budgetlens.ingest.normalize import find_numbers, fold

_MARKER_RE = re.compile(r"\[(\d+)\]")
_SCALE = {"元": 1e-4, "万元": 1.0, "亿元": 1e4}
_CN_DIGITS = "零〇一二两三四五六七八九"
_CN_RUN = re.compile(rf"(百分之)?(负)?([{_CN_DIGITS}十百千万亿点]+)")
_CN_VALUE = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_TERMS = ("三公", "一般公共", "一般性", "一次性", "一体化", "十四五", "十三五", "一把手")
_UNSAFE = re.compile(r"!\[|\]\(|<\s*/?\s*[a-zA-Z]|javascript:|data:\w+/", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    value: float
    unit: str | None  # 元 | 万元 | 亿元 | % | None (a bare number)
    printed: str
    start: int
    end: int

    def wan(self, default: str | None) -> float | None:
        unit = self.unit or default
        return self.value * _SCALE[unit] if unit in _SCALE else None


def _cn_to_float(run: str) -> float | None:
    """九百九十九 → 999; 一千二百三十四点五六 → 1234.56; 三万五千 → 35000; None if not a number."""
    whole, _, frac = run.partition("点")
    if any(ch in "点十百千万亿" for ch in frac):
        return None
    total, section, digit = 0.0, 0.0, None
    units = {"十": 10, "百": 100, "千": 1000}
    for ch in whole:
        if ch in _CN_VALUE:
            digit = _CN_VALUE[ch]
        elif ch in units:
            section += (1 if digit is None else digit) * units[ch]
            digit = None
        elif ch in "万亿":
            section += digit or 0
            total = (total + section) * (1e4 if ch == "万" else 1e8)
            section, digit = 0.0, None
    value = total + section + (digit or 0)
    if frac:
        value += float("0." + "".join(str(_CN_VALUE[c]) for c in frac))
    return value


def _unit_after(text: str, end: int) -> tuple[str | None, int]:
    for unit in ("亿元", "万元", "元", "%"):
        if text.startswith(unit, end):
            return unit, end + len(unit)
    return None, end


def quantities(text: str) -> list[Quantity]:
    """Every number of ``text`` with its unit, Arabic and Chinese numerals alike."""
    folded = fold(text)
    out: list[Quantity] = []
    for value, start, end in find_numbers(folded):
        unit, stop = _unit_after(folded, end)
        if folded.startswith("负", start - 1) and value > 0:
            value, start = -value, start - 1
        out.append(Quantity(value, unit, folded[start:stop], start, stop))
    masked = folded
    for term in _TERMS:
        masked = masked.replace(term, "□" * len(term))
    for m in _CN_RUN.finditer(masked):
        run = m.group(3).rstrip("点")
        scale_unit = None
        if run.endswith(("万", "亿")) and masked.startswith("元", m.end(3)):
            scale_unit, run = run[-1] + "元", run[:-1]
        if not run or not any(ch in _CN_VALUE for ch in run):
            continue
        unit, stop = _unit_after(masked, m.end(3))
        unit = "%" if m.group(1) else (scale_unit or unit)
        if len(m.group(3)) < 2 and unit is None:
            continue  # 第一部分, 一、: a lone numeral without a unit is not a figure
        number = _cn_to_float(run)
        if number is None:
            continue
        out.append(Quantity(-number if m.group(2) else number, unit, folded[m.start():stop], m.start(), stop))
    return sorted(out, key=lambda q: q.start)


def _matches(q: Quantity, e: Quantity, q_default: str | None, e_default: str | None) -> bool:
    if "%" in (q.unit, e.unit):
        return q.unit == e.unit == "%" and abs(q.value - e.value) < 1e-9
    a, b = q.wan(q_default), e.wan(e_default)
    if a is None or b is None:  # a bare number of unknown unit on either side: as printed
        return abs(q.value - e.value) < 1e-9
    return abs(a - b) <= 1e-9 * max(1.0, abs(b))


@dataclass(frozen=True)
class Evidence:
    quote: str
    unit: str | None = None  # the unit of a bare number in the quote (its table's unit)
    entity: str | None = None


def _clauses(text: str) -> list[tuple[str, list[int]]]:
    """The answer cut after each run of citation markers: (clause text, its markers)."""
    out, last = [], 0
    for m in re.finditer(r"(?:\[\d+\])+", text):
        out.append((text[last:m.start()], [int(n) for n in _MARKER_RE.findall(m.group(0))]))
        last = m.end()
    if text[last:].strip():
        out.append((text[last:], []))
    return out


def check_numbers(answer: str, evidence: Sequence[Evidence], *, years: Iterable[int] = (),
                  derived: Sequence[Quantity] = (), unit: str | None = None) -> list[str]:
    """The numbers of ``answer`` (as printed) that its evidence does not support.

    ``evidence[i]`` is citation ``[i+1]``; ``unit`` is the answer's unit for its bare
    numbers; ``derived`` are quantities code computed from the cited operands."""
    years = set(years)
    missing: list[str] = []
    entities = sorted({e.entity for e in evidence if e.entity}, key=len, reverse=True)
    clauses = _clauses(answer)
    all_markers = list(range(1, len(evidence) + 1))
    for clause, markers in clauses:
        pool = [i for i in (markers or all_markers) if 1 <= i <= len(evidence)]
        for q in quantities(clause):
            if q.unit is None and clause.startswith("年", q.end) and int(q.value) == q.value \
                    and int(q.value) in years:
                continue
            named = next((n for n in entities if n in clause[:q.start]), None)
            # the entity named nearest before the number is the one it must belong to
            if named:
                before = clause[:q.start]
                named = max((n for n in entities if n in before), key=lambda n: before.rfind(n))
            cands = [evidence[i - 1] for i in pool if not named or evidence[i - 1].entity in (None, named)]
            ok = any(_matches(q, e, unit, ev.unit) for ev in cands for e in quantities(ev.quote)) \
                or any(_matches(q, d, unit, d.unit) for d in derived)
            if not ok:
                missing.append(q.printed)
    return missing


def unverified_numbers(answer: str, quotes: list[str], years: Iterable[int] = frozenset(), *,
                       units: Sequence[str | None] | None = None, entities: Sequence[str | None] | None = None,
                       unit: str | None = None, derived: Sequence[Quantity] = ()) -> list[str]:
    """Numbers in ``answer`` that ``quotes`` (citation [1], [2] … in order) do not support."""
    evidence = [Evidence(q, (units or [None] * len(quotes))[i], (entities or [None] * len(quotes))[i])
                for i, q in enumerate(quotes)]
    return check_numbers(answer, evidence, years=years, derived=derived, unit=unit)


def unsafe_markup(text: str) -> bool:
    """True when ``text`` holds a Markdown image or link, or an HTML tag."""
    return bool(_UNSAFE.search(text))
