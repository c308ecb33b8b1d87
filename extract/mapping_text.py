"""The two readings of a table that do not go by column position (see ``extract.mapping``).

- *template* (flattened text): the 栏次 row, or the header words, give the slot order
  ``[code] label [行次] value…`` of a row; tokens fill slots across wrapped lines;
- *stream* (T06, economic codes printed in 3-4 groups side by side): ``code name value``
  triples read in order, whatever the row breaks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlens.extract import vocab
from budgetlens.extract.mapping import _ECON_CODE, _Record
from budgetlens.extract.mapping_columns import (
    _CODE,
    _INT,
    SUMMARY,
    _data_start,
    _is_number,
    _is_text,
    _lanci_row,
)
from budgetlens.ingest.normalize import is_empty_cell
from budgetlens.schemas import catalogue
from budgetlens.schemas.document import Grid

# --- template (flattened text) ---------------------------------------------------------

@dataclass(frozen=True)
class _Slot:
    kind: str  # C, L, R, V
    side: int
    col: str = ""


def _template_slots(rows, start: int, table_id: str) -> list[_Slot] | None:
    lanci = _lanci_row(rows)
    header_text = "".join(c.text for r in rows[:start] for c in r if c is not None and r is not
                          (rows[lanci] if lanci is not None else None))
    if table_id in SUMMARY:
        if lanci is None:
            return None
        tokens = [c.text.strip() if c is not None else "" for c in rows[lanci]]
        slots: list[_Slot] = []
        side = -1
        for t in tokens:
            if vocab.norm(t) == "栏次":
                side += 1
                slots.append(_Slot("L", side))
            elif not t and slots and slots[-1].kind == "L":
                slots.append(_Slot("R", side))
            elif t.isdigit():
                slots.append(_Slot("V", side))
        per_side = [[s for s in slots if s.kind == "V" and s.side == k] for k in range(side + 1)]
        named: list[_Slot] = []
        counters = [0] * (side + 1)
        for s in slots:
            if s.kind != "V":
                named.append(s)
                continue
            n = len(per_side[s.side])
            i = counters[s.side]
            counters[s.side] += 1
            if table_id in ("T01", "B01") and n == 1:
                col = "amount"
            elif n == 1:
                col = "total"
            elif n == 4:
                col = ["total", "general_budget", "gov_fund", "soe_capital"][i]
            else:
                return None
            named.append(_Slot("V", s.side, col))
        return named
    count = None
    if lanci is not None:
        count = sum(1 for c in rows[lanci] if c is not None and c.text.strip().isdigit())
    terms = vocab.header_terms(header_text, table_id)
    standard = catalogue.TEMPLATE_COLUMNS.get(table_id)
    if standard and (count == len(standard) or (count is None and set(terms) == set(standard))):
        cols = list(standard)
    elif count is not None and len(terms) == count:
        cols = terms
    else:
        return None
    return [_Slot("C", 0), _Slot("L", 0)] + [_Slot("V", 0, c) for c in cols]


def template(grid: Grid, table_id: str) -> tuple[list[_Record], list[tuple[str, str]]]:
    rows = grid.rows()
    lanci = _lanci_row(rows)
    start = lanci + 1 if lanci is not None else _data_start(rows)
    slots = _template_slots(rows, start, table_id)
    data = [[c for c in r if c is not None] for r in rows[start:]]
    if slots is None:
        has_values = any(_is_number(c.text) for r in data for c in r)
        reason = "columns could not be read from the flattened header"
        return [], ([("header", reason)] if has_values else [])
    records: list[_Record] = []
    last_v_first = min(i for i, s in enumerate(slots) if s.kind == "V" and s.side == slots[-1].side)
    p = 0
    recs: dict[int, _Record] = {}

    def rec(side: int, page: int) -> _Record:
        if side not in recs:
            recs[side] = _Record(side=side, page=page)
        return recs[side]

    def flush() -> None:
        nonlocal p
        for side in sorted(recs):
            r = recs[side]
            if r.code or r.label or r.cells:
                records.append(r)
        recs.clear()
        p = 0

    for row in data:
        if not row:
            continue
        page = row[0].page
        texts = [c.text.strip() for c in row]
        if all(not _is_number(t) and not is_empty_cell(t) or not t for t in texts) \
                and any(_is_text(t) for t in texts) and not any(_CODE.match(t) for t in texts):
            frag = "".join(t for t in texts if t)
            if re.match(r"^第[一二三四五六七八九十]+部分", frag):
                continue  # a part heading printed inside the table by a page break
            q = p if p < len(slots) and slots[p].kind in ("C", "L") else max(
                (i for i in range(min(p, len(slots) - 1) + 1) if slots[i].kind == "L"), default=0)
            if slots[q].kind == "C":
                q += 1
            r = rec(slots[q].side, page)
            r.label += frag
            continue
        i = 0
        while i < len(row) and p < len(slots):
            cell, t = row[i], texts[i]
            s = slots[p]
            r = rec(s.side, page)
            if s.kind == "C":
                p += 1
                if _CODE.match(t):
                    r.code = t
                    i += 1
                continue
            if s.kind == "L":
                if _is_text(t):
                    r.label += t
                    p += 1
                    i += 1
                elif not t and i + 1 < len(row) and _is_text(texts[i + 1]):
                    i += 1  # a stray leading space, not an empty cell
                elif not t:
                    p += 1
                    i += 1
                else:
                    p += 1  # the label was printed on the lines above
                continue
            if s.kind == "R":
                if _is_text(t) and not r.label:
                    r.label = t
                    i += 1
                    continue
                p += 1
                if not t or _INT.match(t):
                    i += 1
                continue
            # value slot
            if _is_text(t):
                nxt = next((k for k in range(p, len(slots)) if slots[k].kind == "L"), None)
                if nxt is None:
                    break
                p = nxt
                continue
            if t and not is_empty_cell(t):
                r.cells[s.col] = cell
            p += 1
            i += 1
        if p > last_v_first or p >= len(slots):
            flush()
    flush()
    return records, []


# --- stream (T06) ---------------------------------------------------------------------

def stream(grid: Grid) -> tuple[list[_Record], list[tuple[str, str]]]:
    rows = grid.rows()
    cells = [c for r in rows for c in r if c is not None]
    records: list[_Record] = []
    cur: _Record | None = None
    state = "idle"

    def next_is_text(k: int) -> bool:
        for j in range(k + 1, len(cells)):
            t = cells[j].text.strip()
            if not t:
                continue
            return _is_text(t)
        return False

    for k, cell in enumerate(cells):
        t = cell.text.strip()
        if _ECON_CODE.match(t) and next_is_text(k):
            if cur is not None:
                records.append(cur)
            cur, state = _Record(side=0, code=t, page=cell.page), "name"
            continue
        if state == "name" and cur is not None:
            if not t:
                continue
            if _is_text(t) and not cur.cells:
                if cur.label and _is_summary_label(t):
                    records.append(cur)
                    cur, state = _Record(side=0, label=t, page=cell.page), "name"
                else:
                    cur.label += t
                continue
            if is_empty_cell(t):
                records.append(cur)
                cur, state = None, "idle"
                continue
            if _is_number(t):
                cur.cells["amount"] = cell
                records.append(cur)
                cur, state = None, "idle"
            continue
        if _is_text(t) and _is_summary_label(t):
            nxt = next((c.text.strip() for c in cells[k + 1:] if c.text.strip()), "")
            if _is_number(nxt):  # a 人员经费合计 line, not the 人员经费 header
                cur, state = _Record(side=0, label=t, page=cell.page), "name"
    if cur is not None:
        records.append(cur)
    return records, []


def _is_summary_label(text: str) -> bool:
    return vocab.strip_notes(vocab.norm(text)) in ("人员经费合计", "公用经费合计", "人员经费", "公用经费")
