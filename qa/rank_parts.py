"""A ranking's “三公” total read from its three parts where a filing prints the parts alone.

Some filings state the three parts of the “三公” expenditure and each part's share, never
the total (江苏省人大常委会办公厅2019年: 因公出国（境）费支出199.25万元，占“三公”经费的25.96%；
公务用车购置及运行费支出183.6万元…；公务接待费支出384.75万元…). Such a filing is ranked by
the sum of the three (199.25 + 183.6 + 384.75 = 767.6 万元), shown as that computation with
each part cited, rather than left out — and only when all three parts are read from the one
filing, the car part as 购置及运行 (its 运行维护 alone is a part of the part).
"""

from __future__ import annotations

import re

from budgetlens.qa.compute import convert
from budgetlens.qa.narrow import find_own, narrowed

# each part: the words it is asked by (as questions are compared: brackets dropped), the words
# its printed label must hold
_PARTS = ((("因公出国境费",), re.compile(r"出国")),
          (("公务用车购置及运行维护费", "公务用车购置及运行费"), re.compile(r"购置及运行")),
          (("公务接待费",), re.compile(r"接待")))


def asks_three_total(cq: str) -> bool:
    """The question ranks the “三公” total (三公经费最多), not one of its parts."""
    return "三公" in cq and not re.search(r"出国|接待|公务用车|公车|车辆|购置|运行", cq)


def three_parts(eng, ids: list[str], fy, year, plan, views: dict, unit: str):
    """(the sum in ``unit``, the three parts' matches) when one filing of ``ids`` prints all
    three parts; None otherwise."""
    got = []
    for said, label in _PARTS:
        for words in said:  # the part as filings print it, the longer name first
            if words not in views:
                views[words] = narrowed(eng, words, [])
            m, _, _ = find_own(eng, views[words], words, [], ids, fy, year, views, plan=plan)
            if m is not None and label.search(m.fact.label or "") and m.fact.value is not None:
                got.append(m)
                break
        else:
            return None
    if len({m.fact.doc_id for m in got}) != 1:
        return None
    values = [v for v in (convert(m.fact.value, m.fact.unit, unit) for m in got) if v is not None]
    if len(values) != len(got) or any(v < 0 for v in values):
        return None
    return round(sum(values), 6), got
