"""Repair of what OCR does to numbers in table cells and text lines.

The recogniser reads a printed ``0.60`` as ``0．60`` or ``0，60``, an ``0`` as ``O``,
drops or adds spaces inside a number, and sometimes reads a thousands comma as a dot
(``2.251.27``). These functions undo only what is unambiguous: a string is changed
only when, after the repair, it is one well-formed number (or a run of them); anything
else keeps its reading, so a wrong guess is never made into a plausible amount.
"""

from __future__ import annotations

import re

from budgetlens.ingest.normalize import fold

# characters the recogniser confuses with digits, only replaced inside a number
_DIGIT_LOOKALIKES = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1"})
# a separator inside a number: ASCII or full-width dot/comma, ideographic full stop,
# the small-form variants, the middle dot
_SEP = ".,·、"
_NUMERIC_CHARS = re.compile(r"^[\s0-9OoDlI|+\-−()（）%" + re.escape(_SEP) + r"]+$")
_WELL_FORMED = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?$")


def clean_cell_text(text: str) -> str:
    """The text of one table cell with OCR artefacts in numbers repaired.

    ``0．60`` → ``0.60``, ``1O5.3`` → ``105.3``, ``2, 251 .27`` → ``2,251.27``,
    ``2.251.27`` → ``2,251.27``, ``0,60`` → ``0.60``. Text that is not a number
    (a label, a code with letters, a dash) keeps its reading, except that a full-width
    point between two digits becomes ``.``.
    """
    folded = fold(text).strip()
    # a string of look-alike letters only (``O``, ``lO``) is a number only with a point
    if not folded or not _NUMERIC_CHARS.match(folded) or not re.search(r"\d|[Oo]\.[Oo]", folded):
        return _fix_inline_numbers(text.strip())
    repaired = repair_number(folded)
    return repaired if repaired is not None else folded


def repair_number(text: str) -> str | None:
    """One number from an OCR reading of a numeric cell, or None when ambiguous.

    The reading may hold look-alike letters, stray spaces and misread separators;
    the result is a canonical printed form (``-1,234.50``, ``12.5%``) that
    ``ingest.normalize.parse_number`` accepts.
    """
    t = fold(text).strip().translate(_DIGIT_LOOKALIKES)
    t = t.replace("−", "-").replace("（", "(").replace("）", ")").replace("·", ".").replace("、", ".")
    t = re.sub(r"\s+", "", t)
    if not t:
        return None
    neg = t.startswith("(") and t.endswith(")")
    if neg:
        t = t[1:-1]
    pct = t.endswith("%")
    if pct:
        t = t[:-1]
    sign = ""
    if t[:1] in "+-":
        sign, t = t[0], t[1:]
    if not t or not re.fullmatch(r"[\d.,]+", t) or not t[0].isdigit() or not t[-1].isdigit():
        return None
    body = _resolve_separators(t)
    if body is None:
        return None
    out = f"{sign}{body}{'%' if pct else ''}"
    if neg:
        out = f"({out})"
    check = out.strip("()")
    return out if _WELL_FORMED.match(check) else None


def _resolve_separators(t: str) -> str | None:
    """Decide which separators are thousands commas and which the decimal point."""
    seps = [(i, ch) for i, ch in enumerate(t) if ch in ".,"]
    if not seps:
        return t
    groups = re.split(r"[.,]", t)
    if any(g == "" for g in groups):
        return None
    last_pos, last_ch = seps[-1]
    tail = groups[-1]
    head_groups = groups[:-1]
    # every separator but the last must be a thousands separator: groups of three
    if len(seps) > 1:
        if not (1 <= len(head_groups[0]) <= 3 and all(len(g) == 3 for g in head_groups[1:])):
            return None
        if len(tail) == 3 and last_ch == ",":
            return ",".join(groups)  # 1,234,567
        return ",".join(head_groups) + "." + tail
    # a single separator: a comma before exactly three digits is a thousands comma
    if last_ch == "," and len(tail) == 3 and 1 <= len(head_groups[0]) <= 3:
        return t
    if last_ch == "," and len(tail) == 3:
        return None  # 12345,678: neither reading is safe
    return head_groups[0] + "." + tail


def _fix_inline_numbers(text: str) -> str:
    """In running text only a full-width point between digits is folded (``0．60``)."""
    text = re.sub(r"(?<=[0-9０-９])[．。](?=[0-9０-９])", ".", text)
    return re.sub(r"[０-９]", lambda m: fold(m.group(0)), text)


def looks_numeric(text: str) -> bool:
    """True when a cell reads as one amount, percentage or count after repair."""
    t = clean_cell_text(text)
    return bool(t) and _WELL_FORMED.match(t.strip("()")) is not None
