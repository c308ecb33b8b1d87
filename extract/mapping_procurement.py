"""The lines of a 政府采购 table printed as a list of purchases (B13).

Some publishers print the procurement table as categories, each split by unit, each
unit's purchases on their own lines (Wuxi 公开13表 政府采购支出表)::

    采购品目大类 | 专项名称 | 经济科目 | 采购品目名称 | 采购组织形式 | 一般公共预算资金 … | 总计
    合计                                                            | 26.94 | … | 26.94
    货物                                                            |  1.80 | … |  1.80
    无锡市商务局（本级）                                              |  1.50 | … |  1.50
         | 商品和服务支出(公用经费定额) | 办公费 | 复印纸 | 分散采购      |  1.50 | … |  1.50

The category lines are ``goods`` / ``works`` / ``services``; a unit's line under a
category is ``<unit>|<category>``; a purchase is ``<unit>|<category>|<its printed
labels joined by />`` (``无锡市商务局（本级）|goods|商品和服务支出(公用经费定额)/办公费/
复印纸/分散采购``), so that it is never read as an economic code of the department
(商品和服务支出 is 302 elsewhere in the filing, not here).
"""

from __future__ import annotations

from budgetlens.extract import vocab
from budgetlens.ingest.normalize import parse_number, squash

_LABEL_ROLES = (None, "name")


def procurement_line(row, roles: list[str | None], rec, state: dict) -> None:
    """Key parts of one B13 line with values and no code, in place (see the module
    docstring); ``state`` carries the category and the unit over lines and pages."""
    texts = [(c, cell.text.strip()) for c, cell in enumerate(row)
             if cell is not None and cell.text.strip() and c < len(roles) and roles[c] in _LABEL_ROLES
             and parse_number(cell.text) is None]
    if not texts:
        return
    col, first = texts[0]
    units: dict[int, str] = state.setdefault("units", {})
    category = vocab.procurement_row(first)
    if category or vocab.norm(first) in ("合计", "总计"):
        state["category"] = category or ""  # a new block: no unit yet
        units.pop(rec.side, None)
        rec.unit = ""
        return
    category = state.get("category", "")
    if not category:
        return
    if len(texts) == 1 and roles[col] is None:  # the unit's own line, in the category column
        units[rec.side] = first
        rec.label, rec.unit, rec.unit_row, rec.item = first, "", True, category
        return
    rec.unit = units.get(rec.side, "")
    rec.item = f"{category}|{'/'.join(squash(t) for _, t in texts)}"
