"""Which filings a question is about: the entity, resolved against the names filings print.

Names come from each filing's entity and the 编制单位 / 单位名称 its tables print. A name
is compared without its （本级）/（汇总） tag, so 深圳卫健委（本级） and 深圳市卫生健康委员会（本级）
meet through the short-form rule of ``understand.match_entities`` (the place, then the
rest of the name's characters in order: 卫健委 ⊂ 卫生健康委员会). Two different entities
matching a question that asks about one → the caller asks which (``clarify``); a name
that matches only a prefix such as 中共…区委 is never taken for a longer name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from budgetlens.qa.understand import _places, _subsequence, match_entities, unknown_organisation

_TAG_RE = re.compile(r"[（(](?:本级|汇总|部门|单位)[)）]$")


def bare(name: str) -> str:
    return _TAG_RE.sub("", re.sub(r"\s+", "", name or "")).replace("(", "（").replace(")", "）")


@dataclass
class Resolution:
    names: list[str]  # the entity names matched (bare), in question order
    docs: dict[str, list[str]]  # bare name → doc_ids
    unknown: str | None = None  # an organisation named that no filing is about


def _valid(name: str) -> bool:
    return len(name) >= 4 and not name.startswith(("单位", "编制", "部门")) and re.search(r"[\u4e00-\u9fff]{3}", name)


class Resolver:
    def __init__(self, docs):
        """``docs``: DocInfo records of the fact index."""
        self.by_name: dict[str, list[str]] = {}
        for d in docs:
            for n in {d.entity, *d.names}:
                b = bare(n)
                if b and _valid(b):
                    self.by_name.setdefault(b, [])
                    if d.doc_id not in self.by_name[b]:
                        self.by_name[b].append(d.doc_id)
        self.names = sorted(self.by_name, key=len, reverse=True)

    def resolve(self, question: str) -> Resolution:
        q = question.replace("(", "（").replace(")", "）")
        whole, taken = [], []
        for n in self.names:  # longest first
            free = [m.start() for m in re.finditer(re.escape(n), q)
                    if not any(a <= m.start() < b or a < m.start() + len(n) <= b for a, b in taken)]
            if free:
                whole.append(n)
                taken.extend((i, i + len(n)) for i in free)
        short = [n for n in self.names if n not in whole and _short_form(q, n)]
        if not whole and not short:
            short = match_entities(q, self.names)  # the place alone (万里街道): every body of that place
        # a short form that fits a longer name and its own prefix (深圳公安 ⊂ 深圳市公安局 and
        # 深圳市公安局交通管理局) names both: the caller asks which one
        found = whole + [n for n in short if n not in whole and not any(n in w or w in n for w in whole)]
        found.sort(key=lambda n: _position(q, n))
        unknown = None if found else unknown_organisation(q, self.names)
        return Resolution(found, {n: self.by_name[n] for n in found}, unknown)


def _position(q: str, name: str) -> int:
    i = q.find(name)
    if i >= 0:
        return i
    for k in range(len(name), 1, -1):
        i = q.find(name[:k])
        if i >= 0:
            return i
    return len(q)


def _short_form(q: str, name: str) -> bool:
    """The innermost place (with or without its level word) followed by the rest of the name's
    characters in order, ending where the name ends or being its prefix: 深圳卫健委 ⊂
    深圳市卫生健康委员会, 深圳公安 ⊂ 深圳市公安局."""
    places = _places(name)
    if not places:
        return False
    place = places[-1]
    rest = name[len("".join(places)):]
    if not rest:
        return False
    local = place.replace("人民政府", "")
    if local != place and len(local) >= 4 and local in q:
        return True  # 万里街道 names 上海市普陀区人民政府万里街道办事处
    for prefix in filter(None, (place, place[:-1] if len(place) > 2 else "")):
        i = q.find(prefix)
        while i >= 0:
            tail = q[i + len(prefix):]
            best = ""
            for j in range(2, min(len(tail), len(rest)) + 1):
                if _subsequence(tail[:j], rest):
                    best = tail[:j]
            if len(best) >= 2 and (best[-1] in rest[-3:] or rest.startswith(best)):
                return True  # 卫健委 ⊂ 卫生健康委员会 (委 of 委员会), 医保局 ⊂ 医疗保障局
            i = q.find(prefix, i + 1)
    return False
