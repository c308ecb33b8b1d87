"""Text and number normalisation shared by every reader and by extraction.

Source text is kept as printed (quotes must match the page); these functions give the
*reading* of a string: full-width forms folded, thousands separators dropped, the
several dashes that mean "empty cell" recognised.
"""

from __future__ import annotations

import re
import unicodedata

# Full-width ASCII block (！ to ～) → ASCII, plus the ideographic space and a few
# look-alikes OCR and Word produce inside numbers.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH.update({0x3000: 0x20, 0x2212: 0x2D, 0x2013: 0x2D, 0xFE50: 0x2C, 0xFE52: 0x2E})
_FOLD = str.maketrans(_FULLWIDTH)

# Cells printed as a dash mean "nothing here": -, —, ——, ─, ────, –, ~, /, ＊ alone.
_EMPTY_RE = re.compile(r"^[\s\-—─―–~～/*＊]*$")
_NUM_RE = re.compile(
    r"(?<![0-9A-Za-z.,])[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![0-9A-Za-z])"
)
_WS_RE = re.compile(r"\s+")


_SHORT = 64  # strings up to this length are remembered by ``fold`` and ``nospace``
_KEPT = 1 << 16  # how many of each (then forgotten at once)
_FOLDED: dict[str, str] = {}
_NOSPACE: dict[str, str] = {}


def fold(text: str) -> str:
    """Full-width digits, letters and punctuation to ASCII; other text unchanged.
    A short string (a cell, a label) is folded once per process and remembered: a file
    asks for the same few thousand strings again and again."""
    if len(text) > _SHORT:
        return text.translate(_FOLD)
    found = _FOLDED.get(text)
    if found is None:
        if len(_FOLDED) >= _KEPT:
            _FOLDED.clear()
        found = _FOLDED[text] = text.translate(_FOLD)
    return found


def squash(text: str) -> str:
    """Whitespace normalisation used for quotes: runs of whitespace to one space."""
    return _WS_RE.sub(" ", text).strip()


def nospace(text: str) -> str:
    """Remove every space: Chinese labels wrap and gain spaces (``本年收 入合计``).
    Short strings are remembered, as by ``fold``."""
    if len(text) > _SHORT:
        return _WS_RE.sub("", text)
    found = _NOSPACE.get(text)
    if found is None:
        if len(_NOSPACE) >= _KEPT:
            _NOSPACE.clear()
        found = _NOSPACE[text] = _WS_RE.sub("", text)
    return found


def is_empty_cell(text: str | None) -> bool:
    """True for an empty cell or one holding only a dash (—, ——, ─, ────, -)."""
    if text is None:
        return True
    t = fold(text).strip()
    return _EMPTY_RE.match(t) is not None


def parse_number(text: str | None) -> float | None:
    """The number a table cell holds, or None when it holds none.

    Accepts ``2,251.27``, ``120258,600`` (the thousands' separator alone), full-width ``２，２５１．２７``, ``-1.5``, ``(1.5)`` for negatives,
    a trailing ``%``/``万元``/``元``. ``∞%`` and anything with letters or Chinese give None.
    """
    if text is None:
        return None
    t = fold(text).strip()
    if not t or is_empty_cell(t):
        return None
    t = t.replace(" ", "")
    for suffix in ("万元", "元", "%"):
        if t.endswith(suffix):
            t = t[: -len(suffix)]
            break
    neg = False
    if t.startswith("(") and t.endswith(")"):
        neg, t = True, t[1:-1]
    if t.startswith("+"):
        t = t[1:]
    if t.startswith("-"):
        neg, t = not neg, t[1:]
    # thousands separators: only in groups of three, or the thousands' one alone (a
    # publisher that prints 120258,600 for 120,258,600)
    if "," in t:
        if not re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+,\d{3}(?:\.\d+)?", t):
            return None
        t = t.replace(",", "")
    if not re.fullmatch(r"\d+(?:\.\d+)?|\.\d+", t):
        return None
    value = float(t)
    return -value if neg else value


def decimals(text: str) -> int:
    """How many decimals a printed number carries (its rounding precision)."""
    t = fold(text).strip().rstrip("%").replace(",", "")
    m = re.search(r"\.(\d+)", t)
    return len(m.group(1)) if m else 0


def find_numbers(text: str) -> list[tuple[float, int, int]]:
    """Every number in running text as ``(value, start, end)`` over ``fold(text)``.

    Offsets index the folded string, which has the same length as the original.
    """
    folded = fold(text)
    out = []
    for m in _NUM_RE.finditer(folded):
        value = parse_number(m.group(0))
        if value is not None:
            out.append((value, m.start(), m.end()))
    return out


_UNIT_LINE_RE = re.compile(r"(?:单位[:：]?|位[:：])(万元|元)")


def unit_of(text: str) -> str | None:
    """The amount unit a table's unit line states (单位：元, 金额单位: 万元, 单 位：元, and
    a misprinted 金位：元 over a Xi'an 政府采购 table)."""
    m = _UNIT_LINE_RE.search(nospace(fold(text)))
    return m.group(1) if m else None


# a converter's markup left in exported text ("[bookmark: _Toc15377219]广元市医疗保障局…"):
# no word of the filing, so readers drop it
CONVERTER_MARKUP = re.compile(r"\[bookmark:[^\]]*\]")


def clean_text(text: str) -> str:
    """Drop control characters and the private-use glyphs some PDFs emit; NFC."""
    text = unicodedata.normalize("NFC", text)
    return "".join(
        ch for ch in text
        if ch in "\t\n" or unicodedata.category(ch) not in {"Cc", "Co", "Cs"}
    )
