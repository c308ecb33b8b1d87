"""The bodies a ranking question lists, found however the question places its list, and each
resolved against the names the filings print (``resolve.listed_bodies`` first, then the
forms it does not try).

Where the list stands:

- *after its place* (深圳市城管局、财政局、…): as it is;
- *with the year or a level word between* (西安2026年财政局、司法局 / 广州市级部门城市管理和综合
  执法局、…): those words are moved after the list (西安财政局、司法局、…，2026年…);
- *with its place elsewhere in the question* (城市管理和综合执法局、财政局……这21个深圳部门里 /
  西安市2022年部门综合预算里，工业和信息化局、…): the place is put before the list's first
  item.

A listed item matching no printed name by the ordinary forms is tried as (the place being
深圳市):

- a party body: 宣传部 → 中共深圳市委宣传部 (printed also 中国共产党深圳市委员会宣传部);
- a name printed with a second name in brackets, by either: 统计和大数据研究院（上海市统计
  数据管理中心） → 上海市统计和大数据研究院（上海市统计数据管理中心）, and 统计和大数据研究院
  alone → the same.

Only a form naming the filings of one body is taken; an item still matching nothing stays
missing (named in the answer, never guessed).
"""

from __future__ import annotations

import re

from budgetlens.qa.resolve import listed_bodies, party

# a place word of the filings' names: 深圳市, 江苏省, 普陀区 (not a page's 第二部分, a 年度 heading)
_NOT_PLACE = re.compile(r"部分|年度|中共|政府|科学|技术|交通")
_LIST_RE = re.compile(r"[^，,。？?；;：:、]+(?:、[^，,。？?；;：:、]+)+")
_BETWEEN_RE = re.compile(r"^(?:级(?:部门|单位|预算单位)?)?(?:20\d\d年度?)?(?:的)?")


def places(eng) -> dict[str, str]:
    """Place words as questions say them → as the names print them (深圳 → 深圳市, 深圳市 → 深圳市)."""
    cache = getattr(eng, "_listed_places", None)
    if cache is None:
        cache = {}
        for p in eng.resolver.places:
            if _NOT_PLACE.search(p) or not p.endswith(("省", "市", "区", "县", "旗", "自治州")):
                continue
            cache[p] = p
            cache.setdefault(p[:-1], p)
        eng._listed_places = cache
    return cache


def _place_in(eng, text: str) -> str:
    return max((p for p in places(eng) if p in text), key=len, default="")


def _bracketed(text: str) -> tuple[int, int] | None:
    """(start, end) of the first bracket holding a list (、), nested brackets kept whole."""
    for i, c in enumerate(text):
        if c not in "（(":
            continue
        depth = 0
        for j in range(i, len(text)):
            depth += text[j] in "（("
            depth -= text[j] in "）)"
            if depth == 0:
                break
        else:
            return None
        if "、" in text[i + 1:j]:
            return i, j + 1
    return None


def unbracket(eng, text: str) -> str:
    """A list in brackets after its place (上海这17家单位（上海交通职业技术学院、…、统计和大数据
    研究院（上海市统计数据管理中心）、…）的2026年…) put first, after its place, as lists are usually
    said: 上海交通职业技术学院、…，上海这17家单位的2026年…; the place is written before the list
    unless its first item begins with it."""
    got = _bracketed(text)
    if got is None:
        return text
    a, b = got
    before, inner = text[:a], text[a + 1:b - 1]
    place = _place_in(eng, before)
    if not place:
        return text
    lead = "" if inner.startswith(place) else place
    return f"{lead}{inner}，{before.replace(place, '', 1) if lead else before}{text[b:]}"


def list_first(eng, text: str) -> str:
    """The question with its list of bodies after the list's place (see the module's rules):

        城市管理和综合执法局、财政局、宣传部这3个深圳部门里，谁… → 深圳城市管理和综合执法局、财政局、宣传部这3个深圳部门里，谁…
        西安2026年财政局、司法局、统计局这3个部门中… → 西安财政局、司法局、统计局这3个部门中，2026年…
    """
    m = _LIST_RE.search(text)
    if m is None:
        return text
    span = m.group(0)
    first = span.split("、", 1)[0]
    place = _place_in(eng, first)
    if place:
        k = first.find(place) + len(place)
        cut = _BETWEEN_RE.match(first[k:])
        if cut and cut.group(0):  # 西安2026年财政局 → 西安财政局, the year said after the list
            moved = cut.group(0).removeprefix("级").lstrip("部门单位预算").removesuffix("的")
            span2 = first[:k] + first[k + cut.end():] + span[len(first):]
            end = m.end()
            return text[:m.start()] + span2 + "，" + moved + text[end:].lstrip("，,")
        return text
    place = _place_in(eng, text)
    if not place:
        return text
    return text[:m.start()] + place + text[m.start():]


def _norm(s: str) -> str:
    return party(s).replace("人民政府", "政府").replace("委员会", "委").replace("办公室", "办")


def _forms_of_name(n: str) -> set[str]:
    """A printed name as it may be said: whole, without its bracketed second name, and the
    bracketed name alone (上海市统计和大数据研究院（上海市统计数据管理中心）)."""
    out = {_norm(n)}
    inner = re.findall(r"（([^（）]+)）", n)
    outer = re.sub(r"（[^（）]*）", "", n)
    if inner and outer:
        out |= {_norm(outer), *(_norm(x) for x in inner)}
    return out


def resolve_item(eng, item: str, place: str) -> list[str]:
    """The printed names one listed item names, by the forms ``listed_bodies`` does not try
    (a party body 宣传部 → 中共深圳市委宣传部; a name with a second one in brackets). Names of
    more than one body are all returned (the caller asks which)."""
    if not place:
        return []
    item = re.sub(r"[（(]?本级[)）]?$", "", item)
    inner = re.findall(r"（([^（）]+)）", item)
    outer = re.sub(r"（[^（）]*）", "", item)
    said = {x for x in (outer, *inner) if len(x) >= 2}
    forms = set()
    for x in said:
        x = x.removeprefix(place).removeprefix(place[:-1]) if not x.startswith(place + place[-1]) else x
        forms |= {_norm(place + x), _norm(f"中共{place}委{x.removeprefix('市委').removeprefix('委')}"),
                  _norm(x) if x.startswith(tuple(places(eng))) else ""}
    forms.discard("")
    hits = [n for n in eng.resolver.names if _forms_of_name(n) & forms]
    bodies: list[list[str]] = []
    for n in sorted(hits, key=len, reverse=True):
        same = next((b for b in bodies if set(eng.resolver.by_name[n]) & set(eng.resolver.by_name[b[0]])), None)
        if same is None:
            bodies.append([n])
    return [b[0] for b in bodies]


def listed(eng, question: str) -> dict | None:
    """``resolve.listed_bodies`` over the question with its list after its place, each item it
    left missing tried again (``resolve_item``)."""
    text = list_first(eng, question)
    found = listed_bodies(eng.resolver, text)
    if found is None:
        return None
    place = places(eng).get(_place_in(eng, text), "")
    still, ambiguous = [], list(found["ambiguous"])
    for item in found["missing"]:
        hits = resolve_item(eng, item, place)
        if len(hits) == 1:
            if hits[0] not in found["names"]:
                found["names"].append(hits[0])
        elif hits:
            ambiguous.append((item, hits))
        else:
            still.append(item)
    found["missing"], found["ambiguous"] = still, ambiguous
    return found


_WHO_MORE_RE = re.compile(r"(谁|哪(?:个|家|一个|一家)?)([^，,。？?]*?)([最更]?)(多|少|高|低|大|小|快|慢|狠|猛)(?=[？?。]?$|[，,（(])")


def pair_as_list(eng, text: str) -> str:
    """Two bodies joined by 和 / 与 and asked 谁…多 (深圳市规划和自然资源局宝安管理局和盐田管理局，
    2026年谁的部门预算收入多？) as the list ranking reads them: 深圳市规划和自然资源局宝安管理局、
    盐田管理局，2026年谁的部门预算收入最多？ — only where splitting at that 和 names two bodies the
    filings print, each once (规划和自然资源局 is not split). Other questions as they are."""
    from budgetlens.qa.plan import rewrite

    if "、" in text:
        return text
    ask = _WHO_MORE_RE.search(text)
    if ask is None:
        return text
    for m in re.finditer(r"[和与]", text[:ask.start()]):
        cand = text[:m.start()] + "、" + text[m.end():]
        found = listed(eng, rewrite(cand))
        if found and len(found["names"]) == 2 and not found["missing"] and not found["ambiguous"]:
            k = ask.start(4)
            return cand if ask.group(3) else cand[:k] + "最" + cand[k:]
    return text
