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

from budgetlens.qa.understand import _places as _all_places
from budgetlens.qa.understand import _subsequence, short_form, unknown_organisation


def _places(name: str) -> list[str]:
    """The place segments a name starts with, less words that only end like a place
    (城市管理 is no 城市, 住房和城乡建设 no 城乡): a segment is a place when it names
    at least two characters before its level word and joins nothing with 和."""
    out = []
    for seg in _all_places(name):
        if len(seg) < 3 or "和" in seg or seg.endswith(("城乡", "城市")):
            break
        out.append(seg)
    return out

_TAG_RE = re.compile(r"[（(](?:本级|汇总|部门|单位)[)）]$")
# the word a body's name ends with (局, 委员会, 管理中心, 执法总队 …)
_ORG_END = r"(?:局|委员会|办公厅|办公室|厅|署|中心|总队|支队|大队|处|院|所|站|馆|部)"
# a name holding two bodies: a parent (规划和自然资源局, 应急管理局, 公安局) and one of its own
# (宝安管理局, 执法总队, 交通管理局), the second of at least three characters
_PARENT_RE = re.compile(r"^(.{2,}?" + _ORG_END + r")(?![（(])([\u4e00-\u9fff]{1,}" + _ORG_END + r")$")


def parent_split(rest: str) -> tuple[str, str] | None:
    """A name (after its places) as (parent, own body) when it names a body inside another:
    规划和自然资源局宝安管理局 → (规划和自然资源局, 宝安管理局); 市场监督管理局深汕监管局 →
    (市场监督管理局, 深汕监管局); 卫生健康委员会 → None.

    >>> parent_split("应急管理局执法总队")
    ('应急管理局', '执法总队')
    >>> parent_split("人民政府办公厅") is None
    True
    """
    m = _PARENT_RE.match(rest)
    if not m or len(m.group(2)) < 3:
        return None
    return m.group(1), m.group(2)


_OTHER_BODY_RE = re.compile(r"[\u4e00-\u9fff]{1,3}?(?:局|委员会|委|办公室|办|院|中心|总队|支队|大队|所|站|馆|处)(?![\u4e00-\u9fff]*[局委办院心队所站馆处])")
_ORG_NEXT_RE = re.compile(r"(?:局|委|厅|办|院|部|署|中心|队|所|站|馆|处)")


def own_stem(child: str) -> str:
    """The words that tell a body from its siblings: 宝安管理局 → 宝安, 深汕监管局 → 深汕."""
    return re.sub(r"(?:管理局|监管局|管理中心|执法总队|总队|支队|大队|中心|局|处|所|站|馆|院|部|署)$", "", child)
# the words a table or page prints before a body's name (编制单位：, 第二部分): not the name
_LEAD_RE = re.compile(r"^(?:(?:主管部门|编制单位|单位名称|部门名称|预算单位|单位)[:：]?|第[一二三四五六七八九十]+部分)")
# a body named right after another's word (执法总队 of 应急管理局执法总队, 宣传部 of 深圳市委宣传部)
_CHILD_RE = re.compile(r"[\u4e00-\u9fff]{1,6}?(?:管理局|监管局|局|总队|支队|大队|中心|委员会|办公室|部)")
# (研究所, 试验场, 学校 / 大学: the unit words of institutes, farms and schools too)
_ORG_TOKEN_RE = re.compile(r"([\u4e00-\u9fff]{1,8}(?:局|委员会|委|办公厅|办公室|办|部|院|中心|总队|支队|署|研究所|试验场|学校|大学))")


def party(t: str) -> str:
    """中国共产党广州市委员会宣传部 and 中共广州市委宣传部 are one name."""
    t = t.replace("中国共产党", "中共")
    return re.sub(r"([省市区县])委员会(?=[\u4e00-\u9fff]|$)", r"\1委", t)


def bare(name: str) -> str:
    t = re.sub(r"\s+", "", name or "").replace("(", "（").replace(")", "）")
    return party(_TAG_RE.sub("", _LEAD_RE.sub("", t)))


@dataclass
class Resolution:
    names: list[str]  # the entity names matched (bare), in question order
    docs: dict[str, list[str]]  # bare name → doc_ids
    unknown: str | None = None  # an organisation named that no filing is about
    rest: str = ""  # the question with the names it used blanked out (what is left names the measure)
    # several names read from the same words (统计局: four cities' 统计局): the question names ONE
    # body that several filings fit, never a list of them to add up or compare
    one_span: bool = False


def _valid(name: str) -> bool:
    return (len(name) >= 4 and not name.startswith(("单位", "编制", "部门"))
            and not any(w in name for w in ("合计", "预算", "公共", "资金", "收入", "支出"))
            and bool(re.search(r"[\u4e00-\u9fff]{3}", name)))


class Resolver:
    def __init__(self, docs):
        """``docs``: DocInfo records of the fact index."""
        self.by_name: dict[str, list[str]] = {}
        self.printed: dict[str, str] = {}  # bare name → a form a filing prints (中国共产党广州市委员会宣传部)
        self.whole: dict[str, str] = {}  # one of a body's two signboards → the name printing both
        for d in docs:
            own = {bare(n) for n in (d.entity, *d.names)}
            entity = bare(d.entity)
            for n in sorted({d.entity, *d.names}):
                b = bare(n)
                if b != entity and (_cut_off(b, entity) or not _BODY_END_RE.search(b)):
                    continue  # 管理委员会 of 深圳市人民政府国有资产监督管理委员会, 本部门的: no name
                if any(o != b and o.startswith(b) and _ORG_END_RE.search(o[len(b):]) and len(o) - len(b) >= 2
                       for o in own):
                    continue  # 中共广州市委 over 中共广州市委宣传部: a cover's first line, not the body
                for k, one in enumerate((b, *_signboards(b))):
                    if k:  # 上海市统计数据管理中心 → 上海市统计和大数据研究院（上海市统计数据管理中心）
                        self.whole.setdefault(one, b)
                    if one and _valid(one):
                        self.by_name.setdefault(one, [])
                        self.printed.setdefault(one, _TAG_RE.sub("", re.sub(r"\s+", "", n)))
                        if d.doc_id not in self.by_name[one]:
                            self.by_name[one].append(d.doc_id)
        self.names = sorted(self.by_name, key=len, reverse=True)
        # the places the names start with, with and without their level word (深圳市, 深圳)
        self.places = {p for n in self.names for seg in _places(n)[:2] for p in (seg, seg[:-1]) if len(p) >= 2}

    def _in_context(self, q, spans, found):
        return _context_bodies(self, q, spans, found)

    def resolve(self, question: str) -> Resolution:
        q = party(question.replace("(", "（").replace(")", "）"))
        whole, taken = [], []
        for n in self.names:  # longest first
            # 深圳市委宣传部 is 中共深圳市委宣传部 said whole without its party word
            said = n[2:] if n.startswith("中共") and n not in q and _places(n[2:]) and len(n) >= 8 else n
            free = [m.start() for m in re.finditer(re.escape(said), q)
                    if not any(a <= m.start() < b or a < m.start() + len(said) <= b for a, b in taken)]
            if free:
                whole.append(n)
                taken.extend((i, i + len(said)) for i in free)
        # 在江苏省人大常委会办公厅、省检察院、省政协办公厅和省高院: once a place is named, its
        # level word alone (省, 市) stands for it in the names that follow
        context = {p for n in whole for p in _places(n)}
        if not context and not any(p in q for p in self.places):
            # 省政协2019年…: with no place named, 省 alone stands for each province whose own
            # bodies (江苏省政协办公厅) we hold; two provinces' 政协 both fit, and are asked back
            context = {p for p in self.places if p.endswith("省")}
        scored = [(sc, n) for n in self.names if n not in whole
                  for sc in [_short_form(q, n, taken, context)] if sc[0]]
        # where short forms compete for the same words, the best one names the body
        # (深圳市政府办公厅: 人民政府办公厅 over 人民政府口岸办公室); elsewhere each stands
        short, spans = [], list(taken)
        for (sc, span), n in scored:
            rivals = [r for (r, sp), _ in scored if sp[0] < span[1] and span[0] < sp[1]]
            if sc == max(rivals):
                short.append(n)
                spans.append(span)
        found = whole + [n for n in short if not any(n in w or w in n for w in whole)]
        # (宝安、盐田两个管理局 names each of a list, not one body)
        one_span = _shared_span([sp for (_, sp), n in scored
                                 if n in found and n in short and "、" not in q[sp[0]:sp[1]]])
        if found:
            for n, span in self._in_context(q, spans, found):
                if n not in found:
                    found.append(n)
                    spans.append(span)
        # (广东省的商务局: a province is no place a filing must be of — ``_in_province`` reads it)
        unknown = None if found else unknown_organisation(_without_provinces(q), self.names)
        if not found and not unknown:
            # a body named without its place (水利局, 市委宣传部): every filing of that name → ask which
            for m in _org_tokens(q):
                # 2026年预算里市委宣传部: the asking words before the body are no place (年预算里市)
                lead = re.match(r"^.*(?:[年里]|预算|决算|请问|问一下|想问)", m.group(1))
                skip = lead.end() if lead and lead.end() < len(m.group(1)) - 1 else 0
                token, ms, end = m.group(1)[skip:], m.start() + skip, m.end()
                # 自然资源确权登记事务中心, 人力资源和社会保障局: a body's words longer than the token
                # read; the characters before it are its own while a printed name still ends so
                while ms > 0 and any(n.endswith(q[ms - 1:end]) for n in self.names):
                    ms -= 1
                    token = q[ms:end]
                # 应急管理局执法总队 / 公安局交通管理局: a body inside the parent said after it is
                # the body asked, when a filing is of it — never the parent's filings
                child = _CHILD_RE.match(q, end)
                if child and any(_names_last_body(token[c:] + child.group(0), n)
                                 for c in range(len(token) - 1) for n in self.names):
                    token, end = token + child.group(0), child.end()
                # (深圳的城市管理和综合执法局: 的 joins a place to its body, no place spans it)
                place = re.match(r"((?:(?![的和与及])[\u4e00-\u9fff]){2,6}?[省市区县])", token)
                if place and _a_province(place.group(1)) and q.startswith("的", ms + place.end()):
                    place = None  # 广东省的商务局: the province keeps its places' bodies (``_in_province``)
                held = max((p for p in self.places if token.startswith(p)), key=len, default="")
                # 深圳市规划和自然资源局: a token cut short (市规划和自然资源局) keeps the place before it
                said = max((p for p in self.places if q[:ms].endswith(p)), key=len, default="")
                where = place.group(1)[:-1] if place else (held or said)
                start = ms - len(said) if said and not (place or held) else ms
                # (上海那个中心: a place's body said by its unit word alone — every one of that place)
                last = len(token) - (1 if where and token[-2:] in _UNIT_WORDS else 2)
                for cut in range(last):
                    t = token[cut:]
                    hits = [n for n in self.names if _names_last_body(t, n)]
                    if not place and not hits:
                        # 应急管理局: a place's 应急管理局执法总队 where that place files no 应急管理局;
                        # 深圳市规划和自然资源局: its 宝安管理局 and 大鹏管理局, that place filing no parent
                        hits = _parent_only(self.names, t)
                    elif not place and len(t) >= 4:
                        hits += [n for n in _parent_only(self.names, t) if n not in hits]
                    if not where and cut == 1 and token[0] == "省":
                        # 省教育局: a province's body, never a city's 岚州市教育局
                        hits = [n for n in hits if (_places(n) or [""])[-1].endswith("省")]
                        if not hits:
                            unknown = token
                            break
                    if where and cut == 0 and not hits:
                        continue  # 江苏的办公厅 / 市规划和自然资源局: the body word after the place
                    if where and hits:
                        # 深圳市教育局 / 广州公安局: a place we hold (said with or without its level
                        # word), a body we do not — never another place's body of that name
                        hits = [n for n in hits if where in n]
                        if not hits and cut == 0:
                            continue  # 市规划和自然资源局 ends 广州市…'s name: the place said is 深圳
                        if not hits:
                            unknown = (said if start < ms else "") + token
                            break
                    elif hits and _unheld_place(token[:cut], hits):
                        unknown = token  # 北京水务局: a place no filing is of, never 广州市水务局
                        break
                    if hits:
                        # 财政局和统计局: each body said so is asked back, the bodies of both listed
                        found = found + [h for h in hits if h not in found]
                        one_span = one_span or len(hits) > 1
                        # 大数据局 names the body, not the measure; 江苏的政协办公厅: the place with it
                        spans.append((start if where else ms + cut, end))
                        break
                else:
                    if where and not found:
                        unknown = (said if start < ms else "") + token  # no body of that name there
                if unknown and not found:
                    break
        if not found and not unknown:
            # 退役军人那边 / 应急执法队伍 / 水利水务部门: a body described by the words its name holds
            found, span = _described(self, q)
            one_span = len(found) > 1
            spans += [span] if found else []
        # a name that is a short form of another name found (省检察院 ⊂ 江苏省人民检察院) is that body;
        # never a city's body inside its district's (岚州市教育局 and 岚州市东湖区教育局: two bodies)
        # (the shorter name of a filing of its own — 无锡市应急管理局 beside 无锡市应急管理综合行政执法监督局 —
        # is another body, and stays)
        found = [n for n in found if not any(o != n and len(o) > len(n) and n not in o and _subsequence(n, o)
                                             and not set(_places(o)) - set(_places(n))
                                             and set(self.by_name[n]) <= set(self.by_name[o]) for o in found)]
        found.sort(key=lambda n: _position(q, n))
        found, unknown, spans = _in_province(q, found, unknown, spans)
        unknown = None if found else unknown
        spans += _glossed(q, found)
        # 深圳公安那边 / 统计局这边: the words pointing at the body are no words of the measure
        spans += [(b, m.end()) for _, b in spans if (m := _POINTING_RE.match(q, b)) and found]
        rest = list(q)
        for a, b in spans:
            for i in range(max(0, a), min(len(rest), b)):
                rest[i] = " "
        return Resolution(found, {n: self.by_name[n] for n in found}, unknown, "".join(rest),
                          one_span and len(found) > 1)


# the two-character words a body's name may end with, said alone after a place (上海那个中心)
_UNIT_WORDS = {"中心", "总队", "支队", "大队", "学院", "医院", "学校", "大学", "农场"}


class _Token:
    """One body's words in a question (``_ORG_TOKEN_RE``'s match, or a part of one)."""

    def __init__(self, text: str, start: int):
        self.text, self.at = text, start

    def group(self, _k: int = 0) -> str:
        return self.text

    def start(self, _k: int = 0) -> int:
        return self.at

    def end(self, _k: int = 0) -> int:
        return self.at + len(self.text)


_JOINED_BODIES_RE = re.compile(r"(?<=局|委|办|厅|院|署|心|队)[和与及、](?=[\u4e00-\u9fff])")


def _org_tokens(q: str):
    """The words of each body a question names without a place: 财政局和统计局 is two bodies (the
    word before 和 ends a body's name), 发展和改革委员会 one."""
    for m in _ORG_TOKEN_RE.finditer(q):
        text, at = m.group(1), m.start(1)
        for part in _JOINED_BODIES_RE.split(text):
            if part:
                yield _Token(part, at)
            at += len(part) + 1


def _a_province(words: str) -> bool:
    """广东省 / 广东: words that are a province's name, said whole or short."""
    from budgetlens.qa.regions import provinces_said

    return any(a == 0 and b >= len(words) for _, a, b in provinces_said(words, of=False))


def _without_provinces(q: str) -> str:
    from budgetlens.qa.regions import provinces_said

    out = list(q)
    for _, a, b in provinces_said(q):
        out[a:b] = ["，"] * (b - a)
    return "".join(out)


def _in_province(q: str, found: list[str], unknown, spans: list):
    """广东的发改委 / 山东的医保局: a province said before the bodies found keeps those of its places
    (``qa.regions``; a name whose place is not known stays), and its words name no measure. When
    it keeps none, the question is about a body no filing is of (广东的医保局: unknown)."""
    from budgetlens.qa.regions import province_of, provinces_said

    said = [(c, a, b) for c, a, b in provinces_said(q) if not any(a < y and x < b for x, y in spans)]
    if not found or not said:
        return found, unknown, spans
    codes = {c for c, _, _ in said}

    def where(n: str) -> str | None:
        first = _places(n.removeprefix("中共"))[:1]
        return province_of(first[0]) if first else None

    kept = [n for n in found if where(n) is None or where(n) in codes]
    spans = spans + [(a, b) for _, a, b in said]
    if not kept:
        a, b = said[0][1], said[0][2]
        return [], q[a:b] + "".join(_body_words(n) for n in found[:1]), spans
    return kept, unknown, spans


_SIGNBOARD_RE = re.compile(r"^(.{4,}?[局委会厅办室署心院所站馆部处队校学园社团府组])（([\u4e00-\u9fff]{4,})）$")


def _signboards(name: str) -> tuple[str, ...]:
    """The names of a body printed as one name with its second name in brackets (one body,
    two signboards: 上海市统计和大数据研究院（上海市统计数据管理中心）): each of them names
    the body alone. () for any other name.

    >>> _signboards("上海市统计和大数据研究院（上海市统计数据管理中心）")
    ('上海市统计和大数据研究院', '上海市统计数据管理中心')
    >>> _signboards("深圳市公安局"), _signboards("中共深圳市委（含所属单位）")
    ((), ())
    """
    m = _SIGNBOARD_RE.match(name)
    if not m or not _BODY_END_RE.search(m.group(2)):
        return ()
    return m.group(1), m.group(2)


_POINTING_RE = re.compile(r"(?:的)?(?:那边|那里|这边|那块|方面)")
# a body described, not named: the words before 那边 / 这边 / 方面 / 队伍 / 系统 / 部门 say what it does
_DESCRIBED_RE = re.compile(r"([\u4e00-\u9fff]{2,10}?)(?:那边|那里|这边|方面|队伍|系统|部门)")
# the asking words a description starts after (2026年, 预算里, 请问)
_ASKING_LEAD_RE = re.compile(r"^.*(?:[年的里中在是了和与及、]|预算|决算|请问|问一下|想问|关于)")


def _body_words(name: str) -> str:
    """A name less its places and its party prefix: what the body is (退役军人事务局)."""
    t = name.removeprefix("中共")
    return t[len("".join(_places(t))):]


def _described(resolver: Resolver, q: str) -> tuple[list[str], tuple[int, int]]:
    """The bodies a question describes rather than names (退役军人那边, 应急执法队伍, 水利水务部门):
    each name whose body words hold the description's words in order, from a word of two
    characters of it (应急…执法 ⊂ 应急管理综合行政执法监督局); a description of two such words
    that no name holds together (水利水务) names the bodies of either word. Only the places the
    question says, when it says one. ([], (0, 0)) when the question describes no body.

    >>> class _R:
    ...     names = ["深圳市退役军人事务局", "上海市退役军人服务中心", "深圳市应急管理局",
    ...              "上海市应急管理局执法总队", "广州市水务局", "无锡市水利局"]
    ...     places = {"深圳市", "深圳", "上海市", "上海", "广州市", "广州", "无锡市", "无锡"}
    >>> _described(_R, "退役军人那边2026年的财政拨款支出是多少？")[0]
    ['深圳市退役军人事务局', '上海市退役军人服务中心']
    >>> _described(_R, "应急执法队伍的三公经费")[0], _described(_R, "2026年水利水务部门的项目支出")[0]
    (['上海市应急管理局执法总队'], ['无锡市水利局', '广州市水务局'])
    >>> _described(_R, "哪个部门的三公经费最多")[0]
    []
    """
    said = [p for p in resolver.places if p in q]

    def fits(words: str) -> list[str]:
        return [n for n in resolver.names if (b := _body_words(n)) and words[:2] in b and _subsequence(words, b)
                and (not said or any(p in n for p in said))]

    for m in _DESCRIBED_RE.finditer(q):
        run = m.group(1)
        lead = _ASKING_LEAD_RE.match(run)
        words = run[lead.end():] if lead else run
        for p in sorted(said, key=len, reverse=True):
            words = words.removeprefix(p)
        if len(words) < 2 or re.search(r"[哪各每所全这那该本其几个]", words):
            continue
        hits = fits(words)
        if not hits and len(words) == 4:
            halves = [fits(words[:2]), fits(words[2:])]
            hits = halves[0] + [n for n in halves[1] if n not in halves[0]] if all(halves) else []
        if hits:
            return hits, (m.start(1) + len(run) - len(words), m.end())
    return [], (0, 0)


def twins(docs) -> dict[str, list[str]]:
    """A body's full filing → its tables-only twins: filings of the same year, kind and scope
    from which no body's name was read but whose tables' heading names the body
    (部门：江苏省人大常委会办公厅). A twin is the same filing, never a second body: it is
    read only for what the full filing does not print (``Engine.find``), and no name leads
    to it alone.

    >>> from types import SimpleNamespace as D
    >>> full = D(doc_id="a", entity="江苏省委办公厅", names=(), heading="", fiscal_year=2017, doc_type="budget", scope="部门")
    >>> only = D(doc_id="b", entity="", names=(), heading="中国共产党江苏省委员会办公厅", fiscal_year=2017,
    ...          doc_type="budget", scope="部门")
    >>> twins([full, only]), twins([full, D(**{**vars(only), "fiscal_year": 2018})])
    ({'a': ['b']}, {})
    """
    docs = list(docs)
    plain = lambda n: bare(n).removeprefix("中共")  # noqa: E731
    out: dict[str, list[str]] = {}
    for t in docs:
        if t.entity or not getattr(t, "heading", ""):
            continue
        full = [d for d in docs if d.entity and (d.fiscal_year, d.doc_type, d.scope) == (t.fiscal_year, t.doc_type, t.scope)
                and plain(t.heading) in {plain(n) for n in (d.entity, *d.names)}]
        if len(full) == 1:
            out.setdefault(full[0].doc_id, []).append(t.doc_id)
    return out


def _shared_span(spans: list[tuple[int, int]]) -> bool:
    """Whether two of the short forms chosen were read from overlapping words of the question.

    >>> _shared_span([(0, 3), (0, 3)]), _shared_span([(0, 4), (6, 9)])
    (True, False)
    """
    return any(a[0] < b[1] and b[0] < a[1] for i, a in enumerate(spans) for b in spans[i + 1:])


def _glossed(q: str, found: list[str]) -> list[tuple[int, int]]:
    """A body said twice, a short form glossed by its full name or the other way round
    (省高院（江苏省高级人民法院）, 江苏省高级人民法院（省高院）): the short form is the body's
    name too, never a measure word.

    >>> q = "省高院（江苏省高级人民法院）二〇一九年项目支出"
    >>> [q[a:b] for a, b in _glossed(q, ["江苏省高级人民法院"])]
    ['省高院（']
    """
    out = []
    for n in found:
        for m in re.finditer(re.escape(n), q):
            a, b = m.start(), m.end()
            if a > 0 and q[a - 1] == "（" and q[b:b + 1] == "）":
                before = re.search(r"[\u4e00-\u9fff]{2,10}$", q[:a - 1])
                if before:
                    tok = re.sub(r"^.*?(?:20\d\d年度?|[二〇一九八七六五四三零]{4}年度?|的|和|与|及|、)", "", before.group(0))
                    if len(tok) >= 2 and _subsequence(tok, n):
                        out.append((a - 1 - len(tok), a))
            after = re.match(r"（([\u4e00-\u9fff]{2,10})）", q[b:])
            if after and _subsequence(after.group(1), n):
                out.append((b, b + after.end()))
    return out


# the last character of a body's name (局, 委员会, 办公室, 中心, 大学, 活动室, 街道办事处 …)
_BODY_END_RE = re.compile(r"[局委会厅办室署心院所站馆部处队校学园社团府组]$")


def _cut_off(name: str, entity: str) -> bool:
    """A table's 编制单位 that is only the end of its filing's body's name, without a place
    (管理委员会 of 深圳市人民政府国有资产监督管理委员会): a name cut short, no body of its own.

    >>> _cut_off("管理委员会", "深圳市人民政府国有资产监督管理委员会"), _cut_off("西南大学", "西南大学")
    (True, False)
    """
    return name != entity and entity.endswith(name) and not _places(name)


def _parent_only(names: list[str], t: str) -> list[str]:
    """Names of a body inside a parent that ``t`` names (上海市应急管理局执法总队 for 应急管理局)
    where the parent itself files nothing under that place: a question naming the parent
    alone may mean that body, so it is among the candidates asked back.

    >>> _parent_only(["上海市应急管理局执法总队", "广州市应急管理局"], "应急管理局")
    ['上海市应急管理局执法总队']
    """
    out = []
    for n in names:
        places = _places(n)
        split = parent_split(n[len("".join(places)):]) if places else None
        if split and split[0].endswith(t) and "".join(places) + split[0] not in names:
            out.append(n)
    return out


def _unheld_place(dropped: str, hits: list[str]) -> bool:
    """The words before a body word (北京 of 北京水务局) name a place when they are two to four
    characters that no matched name holds and no asking word (哪个, 各, 本, 该 …) or level word
    (市委宣传部's 市委) — a place the filings are not of.

    >>> _unheld_place("北京", ["广州市水务局"]), _unheld_place("市委", ["中共深圳市委宣传部"])
    (True, False)
    """
    # 2026年预算里 / 决算中 / 请问: the asking words before a body, no place
    d = re.sub(r"^.*(?:[年的和与及、在是了比跟同较里]|预算|决算|请问|问一下|想问|查询|关于|对于)", "", dropped)
    return (2 <= len(d) <= 4 and not re.search(r"[哪各每所全这该本其几两个家些委省市区县下属直]", d)
            and not any(d in n or _subsequence(d, n) for n in hits))


def _names_last_body(t: str, name: str) -> bool:
    """A body word without its place (水利局, 文旅局, 执法总队) names ``name`` when the name ends
    with it, or its last body (less places and a parent: 文化广电旅游体育局, 宝安管理局) holds its
    characters in order from the first, ending alike: 文旅局 ⊂ 文化和旅游局, 卫健委 ⊂ 卫生健康委员会,
    城管局 ⊂ 城市管理和综合执法局 — never a middle piece (广州市委 is no 中共广州市委宣传部, 监管局
    no 市场监督管理局深汕监管局's parent).

    >>> _names_last_body("文旅局", "烟台市文化和旅游局"), _names_last_body("监管局", "广州市市场监督管理局")
    (True, False)
    """
    if name.endswith(t):
        return True
    i = name.find(t)
    if len(t) >= 4 and i >= 0 and not _ORG_END_RE.search(name[i + len(t):]):
        return True  # 人大常委会办公厅 in 江苏省人大常委会办公厅（本级）
    rest = name[len("".join(_places(name))):]
    split = parent_split(rest)
    last = split[1] if split else rest
    # 国资委 ⊂ (人民政府)国有资产监督管理委员会, 政府办 ⊂ (人民)政府办公室: a city's 人民政府 bodies
    # are said without it
    return len(t) >= 3 and any(
        one[:1] == t[0] and t[-1] in one[-3:] and _subsequence(t, one) and not _subsequence(t, one[:-3])
        for one in dict.fromkeys((last, last.removeprefix("人民"), last.removeprefix("人民政府"))) if one)


_ORG_END_RE = re.compile(_ORG_END + "$")


def _context_bodies(resolver: Resolver, q: str, spans, found) -> list[tuple[str, tuple[int, int]]]:
    """Bodies named after a first one without their place, which is the first one's:
    广州市气象局…比信访局 → 广州市信访局; 西安市工信局和市国资委 → 西安市人民政府国有资产监督管理委员会;
    江苏高院…比省人大常委会办公厅 → 江苏省人大常委会办公厅. Each such name must be one body of
    that place (by its full name or a short form of it); none where it names none or several."""
    free = "".join(" " if any(a <= i < b for a, b in spans) else c for i, c in enumerate(q))
    places = list(dict.fromkeys(_places(n)[-1] for n in found if _places(n)))
    out = []
    for run in re.finditer(r"[\u4e00-\u9fff]{2,}", free):
        text = run.group(0)
        ends = sorted({e.end() for e in re.finditer(r"局|委员会|委|办公厅|办公室|办|部|院|中心|总队|支队|署|厅", text)},
                      reverse=True)
        # the body's words start after a joining word (…经费比信访局, 和自然资源和规划局): longest first
        cuts = [0] + [k + 1 for k, c in enumerate(text) if c in "和与及、比跟同较的"]
        hit = None
        for end in ends:
            for cut in (c for c in cuts if c < end - 1):
                tok = re.sub(r"^[省市区县](?=[\u4e00-\u9fff]{2})", "", text[cut:end])
                hit = _one_body(resolver, places, tok, run.start() + end - len(tok), run.start() + end)
                if hit:
                    break
            if hit:
                out.append(hit)
                break
    return out


def _one_body(resolver: Resolver, places, tok: str, a: int, b: int):
    """(name, span) when ``tok`` after one of ``places`` names exactly one body."""
    if len(tok) < 2:
        return None
    for place in places:
        q2 = place + tok
        hits = [n for n in resolver.names if n.removeprefix("中共") == q2
                or (n.startswith(place) and _short_form(q2, n)[1] == (0, len(q2)))]
        hits = [n for n in hits if not any(o != n and _subsequence(n, o) for o in hits)]
        if len({tuple(resolver.by_name[n]) for n in hits}) == 1:
            return hits[0], (a, b)
    return None


def label(resolver: Resolver, name: str) -> str:
    """A candidate body as an answer names it: its name, and the form the filing prints
    when that differs (中共广州市委宣传部（中国共产党广州市委员会宣传部）)."""
    printed = resolver.printed.get(name, name)
    if printed.startswith(name):  # 上海市统计和大数据研究院（上海市统计数据管理中心）: its own name first
        return printed
    return f"{name}（{printed}）"


def _position(q: str, name: str) -> int:
    i = q.find(name)
    if i >= 0:
        return i
    for k in range(len(name), 1, -1):
        i = q.find(name[:k])
        if i >= 0:
            return i
    return len(q)


def _short_form(q: str, name: str, taken=(), context=frozenset()) -> tuple[int, tuple[int, int]]:
    """How well the question names ``name`` by a short form, and where ((0, …): not at all):
    the innermost place (with or without its level word) followed by the rest of the name's
    characters in order, ending where the name ends (or its last word: 卫健委 ⊂ 卫生健康委员会)
    or being its prefix: 深圳公安 ⊂ 深圳市公安局. The score is the length matched, +2 for the
    exact end."""
    none = (0, (0, 0))
    places = _places(name)
    if not places:
        return none
    place = places[-1]
    rest = name[len("".join(places)):]
    if not rest:
        return none
    local = place.replace("人民政府", "")
    if local != place and len(local) >= 4 and local in q:
        # 万里街道 names 上海市普陀区人民政府万里街道办事处; 上海普陀区万里街道办事处 all of it:
        # the places said before it and the rest of the name after it are the name's too
        i = q.find(local)
        a, b = i, i + len(local)
        held = "".join(places[:-1]) + place.replace(local, "")
        while a > 0 and (q[a - 1] in held or (q[a - 1] == "的" and a > 1 and q[a - 2] in held)):
            a -= 1  # (普陀的人民政府万里街道办事处: 的 joins the place to its body)
        tail = name[len("".join(places)):]
        if tail and q.startswith(tail, b):
            b += len(tail)
            # the name said to its end (…万里街道办事处) outweighs a prefix of another's (…人民政府办公室)
            return len(local) + len(tail) + 2, (a, b)
        return len(local), (a, b)
    best_score, span = 0, (0, 0)
    split = parent_split(rest)
    prefixes = [place, place[:-1] if len(place) > 2 else ""]
    if place in context:
        prefixes.append(place[-1])
    for prefix in filter(None, prefixes):
        i = q.find(prefix)
        while i >= 0:
            if any(a <= i < b for a, b in taken):
                i = q.find(prefix, i + 1)
                continue
            start = i + len(prefix)
            if q.startswith("的", start) and not rest.startswith("的"):
                start += 1  # 深圳的城市管理和综合执法局: the place, 的, then the body
            best = short_form(q[start:], rest)
            if len(best) >= 2 and (best[-1] in rest[-3:] or rest.startswith(best)):
                end = start + len(best)
                if split and _subsequence(best, split[0]) and best[-1] == split[0][-1]:
                    # 深圳市市场监管局 names the parent, not its 深汕监管局; 深圳规划和自然资源局宝安、盐田
                    # 两个管理局 names each body whose own words the list after the parent holds
                    stem = own_stem(split[1])
                    listed = re.split(r"[的年比较占]", re.match(r"[\u4e00-\u9fff、]*", q[end:]).group(0))[0]
                    if len(stem) < 2 or stem not in listed:
                        i = q.find(prefix, i + 1)
                        continue
                    end += len(listed)  # 宝安、盐田两个管理局: the whole list names them
                    best = best + stem
                elif best[-1] not in rest[-3:] and (_ORG_NEXT_RE.match(q[end:]) or _OTHER_BODY_RE.match(q[end:])):
                    # 上海市统计局 is no 上海市统计和大数据研究院: the question's own body word follows;
                    # 西安生态档案局 is no 西安市生态环境局: words of another body's name follow the prefix
                    i = q.find(prefix, i + 1)
                    continue
                # +1 for the rest of the name said whole (无锡应急管理局 is 无锡市应急管理局, not
                # 无锡市应急管理综合行政执法监督局, whose characters it also holds in order)
                # (+1 too for words said as the name prints them together: 深圳政府办 is 人民政府办公厅,
                # where 政府办 stands whole, not 人民政府口岸办公室, where 口岸 falls between)
                sc = (len(best) + (2 if best[-1] == rest[-1] else 0) + (1 if best == rest else 0)
                      + (1 if best in rest else 0))
                if sc > best_score:
                    best_score, span = sc, (i, end)
            i = q.find(prefix, i + 1)
    return best_score, span


def _stem_parent_end(short: str, parent: str, own: str) -> bool:
    """宝安规自管理局 / 盐田规划和自然资源局 for 规划和自然资源局宝安管理局: a body inside a parent said
    with its own stem first, the parent's short form (its characters in order, from its first)
    next and the body's end word last.

    >>> _stem_parent_end("宝安规自管理局", "规划和自然资源局", "宝安管理局")
    True
    >>> _stem_parent_end("宝安审计局", "规划和自然资源局", "宝安管理局")
    False
    """
    stem = own_stem(own)
    if len(stem) < 2 or not short.startswith(stem):
        return False
    said, end = short[len(stem):], own[len(stem):]
    for j in range(2, len(said) + 1):
        mid, tail = said[:j], said[j:]
        if (mid[0] == parent[0] and end.endswith(tail) and (tail or mid[-1] == own[-1])
                and _subsequence(mid, parent)):
            return True
    return False


def listed_bodies(resolver: Resolver, question: str) -> dict | None:
    """The bodies a question lists after one place (深圳市城管局、财政局、发改委和市委宣传部，谁的…):
    the place carries over to every body listed after the first, and each short form is
    matched against the names the filings print, never guessed. None when the question
    lists no bodies (no 、 after a place).

    Each listed body is read, in order of preference, as:

    - the name the filing prints, or its end (place + 公安局 = 深圳市公安局; place + 市委宣传部 =
      中共深圳市委宣传部; 市信访办 = 上海市信访办公室, 委员会 / 办公室 / 人民政府 being said 委 / 办 /
      政府); a name in brackets after it is tried first (交警局（公安局交通管理局）);
    - a short form: its characters in order in the printed name after the place, beginning
      where that name's body begins (or after its 政府 / 人民) and ending with its last character
      (城管局 ⊂ 城市管理和综合执法局, 发改委 ⊂ 发展和改革委员会, 口岸办 ⊂ 人民政府口岸办公室,
      省检察院 ⊂ 江苏省人民检察院).

    A level word alone stands for the place of that level (区教育局 after 上海市普陀区商务委 is
    上海市普陀区教育局). The last item is split at 和 / 及 / 与 only when it reads as no body
    whole and as two bodies split (文广旅体局和市委宣传部; 自然资源和规划局 stays one).

    Returns ``{"names": [bare names, in order], "missing": [items matching no printed
    name], "ambiguous": [(item, [names])], "rest": the question with the list blanked}``;
    names printed for the same filings count as one body.
    """
    q = party(re.sub(r"\s+", "", question).replace("(", "（").replace(")", "）"))
    # (政府办 / 市政府办: what 人民政府办公厅 and 人民政府办公室 are called)
    norm = lambda s: s.replace("人民政府", "政府").replace("委员会", "委").replace("办公室", "办").replace("办公厅", "办")  # noqa: E731
    # the place the list starts with, in the names' own spelling (深圳 → 深圳市)
    full_places = {seg for n in resolver.names for seg in _places(n)}
    level_of = {seg[:-1]: seg for seg in full_places}
    best = None
    for m in re.finditer(r"、", q):
        start = max(q.rfind(c, 0, m.start()) for c in "，,。？?；;：:") + 1
        seg = q[start:m.start()]
        for i in range(len(seg)):
            prefix, pos = "", i
            while True:
                hit = max((p for p in (*full_places, *level_of) if seg.startswith(p, pos)), key=len, default="")
                if not hit:
                    break
                prefix += level_of.get(hit, hit) if hit not in full_places else hit
                pos += len(hit)
            if prefix:
                best = (start + i, prefix)
                break
        if best:
            break
    if best is None:
        return None
    begin, prefix = best
    end = min([i for i in (q.find(c, begin) for c in "，,。？?；;") if i >= 0] or [len(q)])
    span = q[begin:end]
    span = re.split(r"这(?:几|[一二三四五六七八九十两\d]+)?(?:家|个|位)?(?:部门|单位|机构)?|等(?:部门|单位|几家)?|"
                    r"(?<=[局委办院署部厅室队心])[一二三四五六七八九十两几\d]+(?:家|个)|"
                    r"(?<=[局委办院署部厅室队心级])(?:里|之中|当中|中)|"
                    # (a year said as 今年 / 去年 ends the list as 2026年 does: 信访局今年拟购置…)
                    r"(?:20\d\d年|今年|本年度|去年|上年度)|谁|哪|的(?!\S*[局委办院署部])", span)[0]
    items = [x for x in span.split("、") if x]
    if len(items) < 2:
        return None
    levels = [(m.end(), m.group(0)[-1]) for m in re.finditer(r".+?(?:省|自治区|自治州|市|盟|县|区|旗)", prefix)]
    aliases = {"交警局": "公安局交通管理局", "交警支队": "公安局交通管理支队"}  # what journalists call them
    parents: list[str] = []  # 宝安管理局、盐田管理局: a sub-body after the first takes the first's parent

    def forms(item: str) -> list[str]:
        inner = re.findall(r"（([^（）]+)）", item)
        outer = re.sub(r"（[^（）]*）", "", item)
        out = []
        for x in [*inner, outer]:
            x = re.sub(r"[（(]?本级[)）]?$", "", x)  # 交通局本级: the scope, not the name
            x = aliases.get(x, x)
            if any(x.startswith(p) for p in full_places | set(level_of)):
                out.append(x)
                continue
            cut = next((e for e, lv in reversed(levels) if x.startswith(lv)), None)
            out += [prefix[:cut] + x[1:], prefix + x] if cut else [prefix + x]  # 市场监管局: 市 is no place
            if prefix[-1] in "省市":  # 上海水产老干部活动室: a name printed with its place less its level word
                out.append(prefix[:-1] + x)
            out += [p + x for p in parents]
        return out

    def match(item: str) -> list[str]:
        for form in forms(item):
            f = norm(form)
            exact = [n for n in resolver.names if norm(n) == f or norm(n).endswith(f)]
            if exact:
                return exact
            place = next((p for p in sorted(full_places | set(level_of), key=len, reverse=True) if form.startswith(p)), "")
            place = level_of.get(place, place)
            short = norm(form[len(place):]) if place and form.startswith(place) else norm(form[len(place[:-1]):])
            if len(short) < 2:
                continue
            hits = []
            for n in resolver.names:
                k = n.find(place)
                if k < 0 or not _places(n[k:]):
                    continue
                body = norm(n[k + len(place):])
                starts = {body[:1], body.removeprefix("政府")[:1], body.removeprefix("人民")[:1]}
                if body and short[0] in starts and short[-1] == body[-1] and _subsequence(short, body):
                    hits.append(n)
                    continue
                # 宝安管理局 of 深圳市规划和自然资源局宝安管理局: a body inside a parent, named by its own words
                split = parent_split(body)
                own = norm(split[1]) if split else ""
                if own and len(short) >= 3 and short[0] == own[0] and short[-1] == own[-1] and _subsequence(short, own):
                    hits.append(n)
                    continue
                if own and _stem_parent_end(short, norm(split[0]), own):
                    hits.append(n)
            if not hits and len(short) >= 5 and re.search(_ORG_END + "$", short):
                # 确权登记事务中心 of 上海市自然资源确权登记事务中心: a body said by the end of its name,
                # words that name no body of their own (事务中心 alone is too short to)
                hits = [n for n in resolver.names if n.find(place) >= 0 and _places(n[n.find(place):])
                        and norm(n).endswith(short)]
            if hits:
                return hits
        return []

    # the last item split at 和 / 及 / 与 only when whole it names no body and split it names two
    last = items[-1]
    if not match(last):
        for m in re.finditer(r"[和及与]", last):
            a, b = last[:m.start()], last[m.end():]
            if a and b and match(a) and match(b):
                items[-1:] = [a, b]
                break
    names, missing, ambiguous = [], [], []
    for k, item in enumerate(items):
        hits = list(dict.fromkeys(resolver.whole.get(n, n) for n in match(item)))
        if k == 0 and len(hits) == 1:  # 深圳市规划和自然资源局宝安管理局 → 深圳市规划和自然资源局
            parents = [m.group(0) for m in re.finditer(r".+?(?:局|委员会|办公室|办公厅|署|院)", hits[0])
                       if len(m.group(0)) < len(hits[0]) and len(m.group(0)) > len(prefix) + 1][:1]
        bodies: list[list[str]] = []  # names printed for the same filings are one body
        # a body is named as the filings name it from its place (江苏省人民检察院, not a page's
        # 第二部分江苏省人民检察院), its longest such name first
        for n in sorted(hits, key=lambda n: (not n.startswith((prefix[:2], "中共")), -len(n))):
            same = next((b for b in bodies if set(resolver.by_name[n]) & set(resolver.by_name[b[0]])), None)
            if same is None:
                bodies.append([n])
            else:
                same.append(n)
        if not bodies:
            missing.append(item)
        elif len(bodies) > 1:
            ambiguous.append((item, [b[0] for b in bodies]))
        elif bodies[0][0] not in names:
            names.append(bodies[0][0])
    rest = q[:begin] + " " * len(span) + q[begin + len(span):]
    return {"names": names, "missing": missing, "ambiguous": ambiguous, "rest": rest}
