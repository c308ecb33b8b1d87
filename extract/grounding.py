"""Grounding: a number or quote a model returns must be found in the source it cites.

Numbers are compared as printed numbers, never by pattern: the span's numbers are read
with ``find_numbers`` (which will not read ``26.04`` out of ``526.04``, nor ``526.04`` out
of ``526x04``) and compared by value, so ``1234.5``, ``1,234.50`` and ``１２３４．５０``
all ground ``1234.5``, while ``1234.504`` grounds nothing printed as ``1234.50``.
No regular expression is ever built from the model's text.

Statuses, like an alignment status: ``exact`` (the printed text is the plain rendering
of the value, or the quote is a substring as is), ``normalised`` (found only after
folding full-width forms, thousands separators, trailing zeros or whitespace), and
``not_found``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum

from budgetlens.ingest.normalize import decimals, find_numbers, fold, squash
from budgetlens.schemas.document import BBox, Document, Line, Page


class GroundStatus(str, Enum):
    EXACT = "exact"
    NORMALISED = "normalised"
    NOT_FOUND = "not_found"

    @property
    def found(self) -> bool:
        return self is not GroundStatus.NOT_FOUND


# OCR and hard wraps put spaces inside a number ("526. 04"); join them only around a
# decimal point with digits on both sides, never between two digit runs ("12 34").
_SPACED_POINT = re.compile(r"(?<=\d)\s*([.．])\s*(?=\d)")


@dataclass(frozen=True)
class NumberMatch:
    """Where a value was found in a span: offsets into the span as given."""

    status: GroundStatus
    start: int
    end: int
    printed: str


def _same_value(value: float, printed: str) -> bool:
    """Equal as decimal numbers: ``1234.5`` is ``1234.50``; ``1000000.02`` is not
    ``1000000.021`` (a float tolerance would say it is)."""
    try:
        return Decimal(repr(float(value))) == Decimal(printed)
    except InvalidOperation:
        return False


def _canonical(printed: str) -> str:
    """A printed number as plain decimal text: folded, no separators or spaces."""
    return re.sub(r"[\s,]", "", fold(printed)).replace("。", ".")


def _plain(value: float, places: int) -> str:
    return f"{value:.{places}f}"


def _candidates(span_text: str) -> list[tuple[float, int, int, str]]:
    """Numbers printed in the span, with offsets into the span text as given."""
    out = [(v, s, e, span_text[s:e]) for v, s, e in find_numbers(span_text)]
    if any(m.group(0) != m.group(1) for m in _SPACED_POINT.finditer(span_text)):
        # Re-read with spaces around decimal points removed; map offsets back.
        joined, index = [], []
        last = 0
        for m in _SPACED_POINT.finditer(span_text):
            for i in range(last, m.start()):
                joined.append(span_text[i])
                index.append(i)
            joined.append(m.group(1))
            index.append(m.start(1))
            last = m.end()
        for i in range(last, len(span_text)):
            joined.append(span_text[i])
            index.append(i)
        index.append(len(span_text))
        text = "".join(joined)
        seen = {(s, e) for _, s, e, _ in out}
        for v, s, e in find_numbers(text):
            start, end = index[s], index[e - 1] + 1
            if (start, end) not in seen:
                out.append((v, start, end, span_text[start:end]))
    return out


def locate_number(value: float, span_text: str) -> NumberMatch | None:
    """The first place ``value`` is printed in ``span_text`` (exact matches first)."""
    best: NumberMatch | None = None
    for _, start, end, printed in _candidates(span_text):
        if not _same_value(value, _canonical(printed)):
            continue
        exact = printed == _plain(value, decimals(printed)) and printed == fold(printed)
        status = GroundStatus.EXACT if exact else GroundStatus.NORMALISED
        if status is GroundStatus.EXACT:
            return NumberMatch(status, start, end, printed)
        if best is None:
            best = NumberMatch(status, start, end, printed)
    return best


def ground_number(value: float, span_text: str) -> GroundStatus:
    """Whether ``value`` is printed in ``span_text``, and how closely."""
    match = locate_number(value, span_text)
    return match.status if match else GroundStatus.NOT_FOUND


# --- quotes -------------------------------------------------------------------------


def _compact(text: str) -> tuple[str, list[int]]:
    """``text`` folded with all whitespace removed, and each kept char's offset."""
    chars, index = [], []
    for i, ch in enumerate(fold(text)):
        if not ch.isspace():
            chars.append(ch)
            index.append(i)
    return "".join(chars), index


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote was found: the page, the source text it covers and its box."""

    status: GroundStatus
    page: int | None = None
    text: str = ""  # the source text the quote covers, whitespace-normalised
    bbox: BBox | None = None
    start: int = -1  # offsets into the searched text
    end: int = -1


def find_quote(quote: str, text: str) -> QuoteMatch:
    """Find ``quote`` in ``text``: as is after whitespace squashing, else with every
    space removed and full-width folded (labels wrap and gain spaces)."""
    q = squash(quote)
    if not q:
        return QuoteMatch(GroundStatus.NOT_FOUND)
    pos = text.find(q)
    if pos >= 0:
        return QuoteMatch(GroundStatus.EXACT, text=q, start=pos, end=pos + len(q))
    cq, _ = _compact(q)
    ct, index = _compact(text)
    pos = ct.find(cq) if cq else -1
    if pos < 0:
        return QuoteMatch(GroundStatus.NOT_FOUND)
    start, end = index[pos], index[pos + len(cq) - 1] + 1
    source = squash(text[start:end])
    status = GroundStatus.EXACT if source == q else GroundStatus.NORMALISED
    return QuoteMatch(status, text=source, start=start, end=end)


def _union(boxes: list[BBox]) -> BBox | None:
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes),
            max(b[2] for b in boxes), max(b[3] for b in boxes))


def quote_on_lines(quote: str, lines: list[Line]) -> QuoteMatch:
    """``find_quote`` over lines joined by newlines; the box is the union of the boxes
    of the lines the quote touches (None for sources without geometry)."""
    text = "\n".join(line.text for line in lines)
    match = find_quote(quote, text)
    if not match.status.found:
        return match
    boxes, offset = [], 0
    for line in lines:
        line_end = offset + len(line.text)
        if line.bbox is not None and offset < match.end and line_end > match.start:
            boxes.append(line.bbox)
        offset = line_end + 1
    return QuoteMatch(match.status, text=match.text, bbox=_union(boxes),
                      start=match.start, end=match.end)


def ground_quote(quote: str, document: Document, page: int | None) -> QuoteMatch:
    """Find ``quote`` on ``page`` (1-based) of ``document``; ``page=None`` searches every
    page in order and reports the first page it is found on."""
    pages: list[Page] = (document.pages if page is None
                         else [p for p in document.pages if p.number == page])
    for p in pages:
        match = quote_on_lines(quote, p.lines)
        if match.status.found:
            return QuoteMatch(match.status, page=p.number, text=match.text, bbox=match.bbox,
                              start=match.start, end=match.end)
    return QuoteMatch(GroundStatus.NOT_FOUND, page=page)
