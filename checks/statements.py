"""Each narrative statement of a key figure, read back from its quote.

A key figure is stated once or many times (``KeyFigure`` plus its ``mentions``). For
checking, each statement becomes a ``Statement``: the number as printed, the unit the
narrative used, the value in 万元, its rounding half-unit, and where the number sits
in its quote, so that the clauses after it (占 30.55%, 减少 166.35 万元，下降 24.02%)
can be read as belonging to it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from budgetlens.checks.core import WAN, Qty, operand_from
from budgetlens.checks.names import figure_name, fmt
from budgetlens.checks.tolerance import DEFAULT_DECIMALS, half_unit
from budgetlens.ingest.normalize import decimals, find_numbers, fold
from budgetlens.schemas.filing import Citation, Filing

_UNIT_AFTER = re.compile(r"\s*(万元|元|亿元)")
_SENTENCE_END = "。；;"


@dataclass(frozen=True)
class Statement:
    """One statement of a key figure in the narrative."""

    figure: str
    index: int  # 0 for the figure itself, 1.. for further mentions in document order
    printed: float  # the number as printed
    unit: str  # 元, 万元, %, 辆 … as the narrative states it
    value: float  # in 万元 for amounts, as printed otherwise
    half: float  # rounding half-unit of ``value``
    citation: Citation
    text: str  # fold(quote): same length as the quote
    start: int | None  # where the printed number sits in ``text`` (None: not found)
    end: int | None

    @property
    def suffix(self) -> str:
        """Check-id suffix telling statements of one figure apart."""
        return "" if self.index == 0 else f"#m{self.index}"

    @property
    def is_amount(self) -> bool:
        return self.unit in {"万元", "元", "亿元"}

    def qty(self, label_zh: str = "叙述", label_en: str = "the narrative's") -> Qty:
        zh, en = figure_name(self.figure)
        if self.unit not in {"万元", "%", ""}:  # show a number stated in another unit
            zh += f"（原文 {fmt(self.printed)}{self.unit}）"
            en += f" (printed {fmt(self.printed)} {self.unit})"
        operand = operand_from(self.citation, self.printed, figure=self.figure)
        return Qty(self.value, self.half, operand, f"{label_zh}{zh}", f"{label_en} {en}")

    def sentence(self) -> tuple[int, int]:
        """Bounds of the sentence holding the number (the whole quote if not found)."""
        if self.start is None or self.end is None:
            return 0, len(self.text)
        raw = self.citation.quote  # fold() turns 。 into "." but keeps every offset
        left = max((raw.rfind(ch, 0, self.start) for ch in _SENTENCE_END), default=-1)
        rights = [i for i in (raw.find(ch, self.end) for ch in _SENTENCE_END) if i >= 0]
        return left + 1, min(rights) if rights else len(self.text)


def _locate(text: str, candidates: list[float]) -> tuple[float, int, int, str] | None:
    """The first number in ``text`` equal to a candidate, with the unit printed after it."""
    for number, start, end in find_numbers(text):
        for cand in candidates:
            if math.isclose(number, cand, rel_tol=1e-9, abs_tol=1e-9):
                m = _UNIT_AFTER.match(text, end)
                return number, start, end, (m.group(1) if m else "")
    return None


def _at_span(text: str, span: list[int] | None, candidates: list[float]
             ) -> tuple[float, int, int, str] | None:
    """The number the citation's ``span`` points at, when it is one of the candidates."""
    if not span or len(span) != 2 or not 0 <= span[0] < span[1] <= len(text):
        return None
    for number, start, end in find_numbers(text[span[0]:span[1]]):
        if any(math.isclose(number, c, rel_tol=1e-9, abs_tol=1e-9) for c in candidates):
            start, end = span[0] + start, span[0] + end
            m = _UNIT_AFTER.match(text, end)
            return number, start, end, (m.group(1) if m else "")
    return None


def _statement(figure: str, index: int, value: float, unit: str,
               citation: Citation) -> Statement:
    text = fold(citation.quote)
    amount = unit in {"万元", "元", "亿元"}
    # the value may or may not have been converted to 万元 already: find what was printed
    if unit == "元":
        cands = [value, value * WAN]
    elif unit == "亿元":
        cands = [value, value / WAN]
    else:
        cands = [value]
    found = _at_span(text, citation.span, cands) or _locate(text, cands)
    if found is None:
        printed, start, end = value, None, None
        places = DEFAULT_DECIMALS
    else:
        printed, start, end, _ = found
        places = decimals(text[start:end])
    if not amount:
        wan, half = printed, half_unit(places)
    elif unit == "元":
        wan, half = printed / WAN, half_unit(places) / WAN
    elif unit == "亿元":
        wan, half = printed * WAN, half_unit(places) * WAN
    else:
        wan, half = printed, half_unit(places)
    return Statement(figure, index, printed, unit, wan, half, citation, text, start, end)


def statements(filing: Filing) -> dict[str, list[Statement]]:
    """Every statement of every key figure; duplicates of one quote counted once."""
    out: dict[str, list[Statement]] = {}
    for name, fig in filing.key_figures.items():
        seen: set[tuple[int, str, float]] = set()
        found: list[Statement] = []
        # the figure's own unit is its canonical one (万元); the mention of the same
        # quote keeps the unit as printed (元), which is what the statement used
        printed_unit = next((m.unit for m in fig.mentions
                             if (m.citation.page, m.citation.quote)
                             == (fig.citation.page, fig.citation.quote)), fig.unit)
        entries = [(fig.value, printed_unit, fig.citation)]
        entries += [(m.value, m.unit, m.citation) for m in fig.mentions]
        for value, unit, citation in entries:
            st = _statement(name, len(found), value, unit, citation)
            key = (citation.page, citation.quote, round(st.value, 6))
            if key in seen:
                continue
            seen.add(key)
            found.append(st)
        out[name] = found
    return out
