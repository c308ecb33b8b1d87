"""Mutated journalists' questions: does the answerer state a number it cannot know?

From each single-value question of the journalists' sets (``eval.journalists``: lookup,
difference, sum, change, share) one element the question resolved to is edited so that
its gold answer CHANGES or is NOT PRINTED, and the answer is judged. Each mutation
carries its kind and variant:

- ``year``    深圳市统计局2026年… → 2021年… (a year no filing of that body covers, three years
              before its first, so no 上年 column prints it either); a question without a year,
              of a body with one filing, gets one → must decline;
- ``body``    ``city`` 深圳市统计局 → 成都市统计局 (a city no filing names); ``sibling`` 统计局 →
              体育局 (none printed with that prefix); ``parent`` 中共X区委宣传部 → 中共X区委 (when no
              filing is of it); ``short`` 统计局 when two printed bodies end so, each with a
              filing of the year (and 决算) asked or the year after → must ask back or decline;
- ``scope``   （本级） / 汇总 / 单位预算 / 政府性基金 / 上年 / 决算数 added: where the body's filings
              print no such variant → decline; where they do → the answer must be another
              cell (another value, or the same value cited from another row or column); never
              单位预算 to a question saying 部门预算 (a question contradicting itself), nor 本级
              where the filing's one unit is the department (``Workspace.own_is_whole``) or
              本级 / 汇总 where the filing is printed as X（本级） / X（汇总） (``Workspace.named_so``);
- ``measure`` 公务用车运行维护费 → 公务用车购置费 when the filing prints no such row; a measure
              with one character changed (公务接待费 → 公务接侍费); an economic item the filing
              lacks (取暖费) → decline;
- ``unit``    多少万元 → 多少元 / 多少亿元 → must answer, the gold converted exactly;
- of the other kinds (``eval.mutate_kinds``): ``consistency`` year / body / a quoted figure,
  ``why`` year / body / direction, ``ranking`` a listed body in no filing, ``operand`` a
  difference's or change's year or second body, ``clarify`` a short name asked of another
  measure (judged by ``eval.mutate_kinds.judge_kind``).

Each mutated answer is judged: ``confident_wrong`` (the original gold value stated as the
answer), ``wrong`` (another number stated as fact where none should be), ``right``
(declined or asked back; the other cell; the converted value), ``not_found`` (a unit
mutation declined). The original question is asked first, so that a scope mutation
answered with the same number can be told apart by its citation.

    python -m budgetlens.eval.mutate --home WS --out DIR [--part dev]

writes ``DIR/mutations.json`` (summary per part, kind and variant; every case with its
question, answer and why) and ``DIR/mutations.md``.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from budgetlens.eval.journalists import COMPUTED, DECLINED, default_files, load_questions, printed_rounding

KINDS = ("year", "body", "scope", "measure", "unit", "consistency", "why", "ranking", "operand", "clarify")
OTHER = {"consistency", "why", "ranking", "difference", "change", "clarify"}
OUTCOMES = ("confident_wrong", "wrong", "right", "not_found")
SINGLE = {"lookup"} | COMPUTED
_FACTOR = {"元": 1e-4, "万元": 1.0, "亿元": 1e4}  # to 万元
# cities no filing of the corpus is of; the first not printed is used
_CITIES = ("成都市", "拉萨市", "银川市", "西宁市", "海口市", "呼和浩特市")
# words never merged into a longer printed name (体育 is: 文化广电旅游体育局)
_SIBLINGS = ("气象", "档案", "地震", "粮食", "侨务", "人防", "林业", "海事")
# scope / fund / column qualifiers: (variant, words inserted, words that show the filing prints it)
_SCOPES = (("本级", "（本级）", ("本级",)), ("汇总", "汇总", ("汇总",)), ("单位预算", "单位预算", ("单位预算",)),
           ("政府性基金", "政府性基金", ("政府性基金",)), ("上年", "上年", ("上年",)),
           ("决算数", "决算数", ("决算",)))
# neighbouring measures: a printed measure word → one the filing may not print
# (招待费 is not one: journalists call 公务接待费 so)
_NEIGHBOURS = (("运行维护费", "购置费"), ("购置费", "运行维护费"), ("因公出国（境）费", "因公出国培训费"), ("机关运行经费", "机关运行补助"), ("行政运行", "行政运营"),
               ("事业运行", "事业运营"), ("工资福利支出", "工资补贴支出"), ("差旅费", "差旅补助费"),
               ("基本支出", "基本建设支出"), ("项目支出", "项目储备支出"))
_ITEMS = ("取暖费", "物业管理费", "福利费", "劳务费", "委托业务费", "工会经费", "租赁费", "会议费", "培训费",
          "专用燃料费", "被装购置费", "公务用车购置费")
# one character changed: a character of a measure name → a look-alike that makes no printed name
_ONE_CHAR = {"待": "侍", "务": "物", "运": "远", "维": "唯", "护": "户", "差": "着", "旅": "族", "资": "姿",
             "福": "幅", "利": "例", "办": "力", "公": "分", "支": "枝", "出": "击", "政": "证", "社": "杜",
             "会": "合", "保": "堡", "障": "彰", "教": "孝", "育": "盲", "卫": "丑", "健": "建", "康": "糠",
             "购": "构", "置": "直", "费": "贵", "经": "径", "基": "墓", "本": "木", "收": "牧", "入": "人"}


@dataclass
class Mutation:
    qid: str
    part: str
    set: str
    kind: str  # year | body | scope | measure | unit
    variant: str  # city, sibling, parent, short, 本级, …, neighbour, one_char, item, 元, 亿元
    question: str
    original: str
    expect: str  # decline | differ | convert; of other kinds (eval.mutate_kinds): fail | premise | rank | ask
    gold: float | None
    gold_unit: str
    want: float | None = None  # unit: the gold converted to the asked unit
    computed: bool = False
    rounding: float = 0.0  # the rounding the gold carries from its print, in its own unit
    detail: str = ""  # premise: the gold reason; rank: the body in no filing


@dataclass
class Case:
    mutation: Mutation
    outcome: str
    why: str
    answer: str = ""
    answer_kind: str = ""
    value: float | None = None
    unit: str | None = None
    cited: list = field(default_factory=list)
    original_right: bool | None = None  # the unmutated question answered with its gold


def _sq(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _plain(name: str) -> str:
    return re.sub(r"[（(](?:本级|汇总)[）)]", "", _sq(name))


class Workspace:
    """What the workspace prints: its bodies (every name a filing prints), their years and,
    per filing, the words of its facts (row, column and table labels and stated sentences)."""

    def __init__(self, engine):
        self.docs = engine.docs
        self.by_doc = engine.index.by_doc
        self.names = [n for n in engine.resolver.by_name]
        self._words: dict[str, str] = {}

    def doc_ids(self, files: list[str]) -> list[str]:
        return [d.doc_id for d in self.docs.values()
                if any(d.path.replace("\\", "/").endswith(f.split("/", 1)[-1]) for f in files)]

    def body_docs(self, body: str) -> list:
        b = _plain(body)
        return [d for d in self.docs.values()
                if b and any(b == _plain(n) or b in _plain(n) for n in (d.entity, *d.names) if n)]

    def prints_body(self, name: str) -> bool:
        """A filing prints this name (exactly, or a name that holds it)."""
        n = _plain(name)
        return any(n == _plain(x) or n in _plain(x) for x in self.names) or bool(self.body_docs(name))

    def words(self, doc_id: str) -> str:
        if doc_id not in self._words:
            self._words[doc_id] = "\n".join(_sq(f"{f.title}|{f.row}|{f.col}|{f.quote}")
                                            for f in self.by_doc.get(doc_id, []))
        return self._words[doc_id]

    def prints(self, doc_ids, word: str) -> bool:
        return any(_sq(word) in self.words(d) for d in doc_ids)

    def named_so(self, doc_ids, tag: str) -> bool:
        """Every filing is printed under its body's name with ``tag`` (深圳市统计局（本级）)."""
        return bool(doc_ids) and all(any(_sq(n).endswith(f"（{tag}）") for n in (d.entity, *d.names))
                                     for d in (self.docs[i] for i in doc_ids if i in self.docs))

    def own_is_whole(self, doc_ids) -> bool:
        """The filing's single unit is the department: every row that names 本级 (X局（本级）) prints,
        in each column where both print a number, the same figure as its table's 合计 / 总计 — so a
        本级 question's answer is the department's own figure, not another cell."""
        same = 0
        for d in doc_ids:
            totals: dict = {}
            for f in self.by_doc.get(d, []):
                if re.search(r"合计|总计", f.row) and f.value:
                    totals.setdefault((f.table, f.col), set()).add(round(f.value, 2))
            for f in self.by_doc.get(d, []):
                if "本级" in f.row and f.value and (f.table, f.col) in totals:
                    if round(f.value, 2) not in totals[(f.table, f.col)]:
                        return False
                    same += 1
        return same > 0


def _common(a: str, b: str, least: int = 3) -> str:
    """The longest run of characters ``a`` and ``b`` share (at least ``least``)."""
    best = ""
    for i in range(len(a)):
        for j in range(i + least, len(a) + 1):
            if a[i:j] in b:
                if j - i > len(best):
                    best = a[i:j]
            else:
                break
    return best


def _body_span(q: dict) -> str:
    """The body as the question names it: the longest run it shares with the resolved entity,
    its （本级） kept when the question writes it (深圳市公安局（本级）)."""
    text, entity = _sq(q["question"]), _sq((q.get("understood") or {}).get("entity") or "")
    if not entity:
        return ""
    span = _common(text, entity, 4) or _common(text, _plain(entity), 4)
    for tail in ("（本级）", "(本级)", "本级"):
        if span and text.find(span + tail) >= 0:
            return span + tail
    return span


# a class code beside a measure name, in brackets or bare (2210201, （2050305）)
_CODE = re.compile(r"[（(]\d{3,7}[）)]|(?<![\d.,])2[0-3]\d(?:\d\d){1,2}(?![\d.,年])")
_ASKING = re.compile(r"20\d\d年?度?|[“”\"]|是多少|多少|一共|合计是|总共|安排了|预算|支出|[，,。？?]")


def _measure_span(q: dict, ws: Workspace, doc_ids) -> tuple[str, bool]:
    """The measure as the question names it, and whether it is a class item (a 项 printed with a
    class code, 住房公积金 2210201): the understood measure when the question writes it, else the
    longest run of the question, less its body, years and asking words, that a printed row holds."""
    text, body = _CODE.sub("", _sq(q["question"])), _body_span(q)
    rest = text.replace(body, "|") if body else text
    m = _sq((q.get("understood") or {}).get("measure") or "")
    rows = [(_sq(f.row), bool(f.code)) for d in doc_ids for f in ws.by_doc.get(d, []) if f.row]
    best = m if m and m in rest else ""
    if not best:
        for piece in _ASKING.split(rest.replace("|", "，")):
            for i in range(len(piece)):
                for j in range(len(piece), i + 2, -1):
                    if j - i <= len(best):
                        break
                    if any(piece[i:j] in r for r, _ in rows):
                        best = piece[i:j]
                        break
    return best, bool(best) and any(best == r or (r.endswith(best) and code) for r, code in rows if code)


def mutations(q: dict, ws: Workspace) -> list[Mutation]:
    """Every mutation of one question whose answer is known to change or to be not printed."""
    out = _other_kinds(q, ws) if q["kind"] in OTHER else []
    if q["kind"] not in SINGLE or q.get("value") is None:
        return out
    return _single(q, ws) + out


def _other_kinds(q: dict, ws: Workspace) -> list[Mutation]:
    """The mutations of ``eval.mutate_kinds``: consistency, why, ranking, operands, clarify."""
    from budgetlens.eval.mutate_kinds import kind_mutations

    body = (q.get("understood") or {}).get("entity") or ""
    years = sorted({d.fiscal_year for d in ws.body_docs(body) if d.fiscal_year}) if body else []
    if not years:  # a ranking or an operand of several bodies: the years of every filing asked
        years = sorted({ws.docs[d].fiscal_year for d in ws.doc_ids(q.get("files") or []) if ws.docs[d].fiscal_year})
    city = next((c for c in _CITIES if not ws.prints_body(c)), None)
    value = q.get("value")
    base = dict(qid=q["id"], part=q.get("part", "dev"), set=q.get("set", ""), original=q["question"],
                gold=float(value) if isinstance(value, (int, float)) else None, gold_unit=q.get("unit") or "万元",
                computed=q["kind"] in COMPUTED)

    def make(kind, variant, new, expect, detail=""):
        return Mutation(kind=kind, variant=variant, question=new, expect=expect, detail=detail, **base)

    return kind_mutations(q, ws, make, min(years) - 3 if years else None, city)


def _single(q: dict, ws: Workspace) -> list[Mutation]:
    text = q["question"]
    doc_ids = ws.doc_ids(q.get("files") or [])
    body = (q.get("understood") or {}).get("entity") or ""
    span = _body_span(q)
    base = dict(qid=q["id"], part=q.get("part", "dev"), set=q.get("set", ""), original=text,
                gold=float(q["value"]), gold_unit=q.get("unit") or "万元", computed=q["kind"] in COMPUTED,
                rounding=printed_rounding(q, computed=q["kind"] in COMPUTED))
    out: list[Mutation] = []

    def add(kind, variant, new, expect="decline", want=None):
        if new != text:
            out.append(Mutation(kind=kind, variant=variant, question=new, expect=expect, want=want, **base))

    # year: moved to one no filing of that body covers, or added when the body has one filing
    bdocs = ws.body_docs(body) if body else []
    years = sorted({d.fiscal_year for d in bdocs if d.fiscal_year})
    said = re.findall(r"20\d\d(?=年)", text)
    if years:
        free = min(years) - 3
        if len(set(said)) == 1 and q["kind"] == "lookup":
            add("year", "moved", text.replace(said[0] + "年", f"{free}年"))
        elif not said and len(bdocs) == 1 and span:
            add("year", "added", text.replace(span, f"{span}{free}年", 1))
    if span:
        # body: another city, a sibling bureau, a parent, a short form of two printed bodies
        city = re.match(r"^(.{2,4}?[省市])", span)
        if city:
            other = next((c for c in _CITIES if not ws.prints_body(c)), None)
            if other and other != city.group(1):
                add("body", "city", text.replace(city.group(1), other, 1))
        sib = re.search(r"(..)(局|委员会|办公室|中心)", span)
        if sib:
            for word in _SIBLINGS:
                new_span = span[:sib.start(1)] + word + span[sib.start(2):]
                if word != sib.group(1) and not any(word + sib.group(2) in _plain(n) for n in ws.names):
                    add("body", "sibling", text.replace(span, new_span, 1))
                    break
        parent = re.match(r"^(.*?[市区县]委)(.{2,})$", span)
        if q["kind"] == "lookup" and parent and not any(_plain(parent.group(1)) == _plain(n) for n in ws.names):
            add("body", "parent", text.replace(span, parent.group(1), 1))
        short = re.match(r"^.{1,6}?[省市区县](.{2,}?(?:局|委员会|办公室))", span)
        if short and q["kind"] == "lookup":
            tail = short.group(1)
            # bodies of that name with a filing of the year (and kind) asked, or of the year after
            # that prints it: a name fitting one body for the year asked is that body's
            owners = {d.entity for d in ws.docs.values() if d.entity and _plain(d.entity).endswith(tail)
                      and _files_year(d, text)}
            if len(owners) >= 2 and not any(_plain(n) == tail for n in ws.names):
                add("body", "short", text.replace(span, tail, 1))
    # scope / fund / column qualifiers
    where = re.search(r"20\d\d年(?:度)?", text)
    at = where.end() if where else (text.find(span) + len(span) if span else -1)
    if at > 0 and q["kind"] == "lookup":
        kinds = {(ws.docs[d].doc_type, ws.docs[d].scope) for d in doc_ids if d in ws.docs}
        for variant, words, shows in _SCOPES:
            if any(w in text for w in shows) or (variant == "决算数" and ("决算" in text or any(
                    t == "final_accounts" for t, _ in kinds))) or (variant == "单位预算" and any(
                    sc == "单位" for _, sc in kinds)):
                continue  # the gold is of that variant already (a final account's 决算数)
            if variant == "单位预算" and re.search(r"部门(?:预算|决算)|全部门|含所属", text):
                continue  # 部门预算 and 单位预算 at once: a question contradicting itself
            printed = any(ws.prints(doc_ids, w) for w in shows)
            if variant == "本级" and printed and ws.own_is_whole(doc_ids):
                continue  # one unit, the department itself: its 本级 figures are the department's
            if variant in ("本级", "汇总") and ws.named_so(doc_ids, variant):
                continue  # a filing printed as 深圳市统计局（本级）: every figure of it is its 本级's
            new = (text.replace(span, span + words, 1) if variant == "本级" and span
                   else text[:at] + words + text[at:])
            add("scope", variant, new, "differ" if printed else "decline")
    # measure: a neighbour not printed, one character changed, an economic item the filing lacks
    m, item = _measure_span(q, ws, doc_ids) if q["kind"] == "lookup" else ("", False)
    if len(m) >= 3:
        plain = _CODE.sub("", text)  # a class code asked beside the name would still name the row

        def swap(new):
            return plain.replace(m, new, 1) if m in plain else text

        for have, other in _NEIGHBOURS:
            if have in m and not ws.prints(doc_ids, m.replace(have, other)):
                add("measure", "neighbour", swap(m.replace(have, other)))
                break
        i = next((k for k in range(1, len(m) - 1) if m[k] in _ONE_CHAR), None)
        if item and i is not None:
            new_m = m[:i] + _ONE_CHAR[m[i]] + m[i + 1:]
            if not ws.prints(doc_ids, new_m):
                add("measure", "one_char", swap(new_m))
        other = next((x for x in _ITEMS if x not in m and not ws.prints(doc_ids, x)), None)
        if other:
            add("measure", "item", swap(other))
    # unit: asked in 元 / 亿元, the gold converted
    if base["gold_unit"] == "万元" and q["kind"] in ("lookup", "difference", "sum"):
        for unit in ("元", "亿元"):
            if "万元" in text:
                new = text.replace("万元", unit)
            elif "多少" in text:
                new = text.replace("多少", f"多少{unit}", 1)
            else:
                continue
            add("unit", unit, new, "convert", want=base["gold"] / _FACTOR[unit])
    return out


_HAN_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")


def _files_year(doc, text: str) -> bool:
    """Whether ``doc`` could answer ``text`` for the year it says (二〇二二年 too) and its
    决算 / 预算: a filing of that year or of the year after (its 上年 column); any filing when
    no year is said."""
    years = {int(y.translate(_HAN_DIGITS)) for y in re.findall(r"([20二〇][0-9〇零一二三四五六七八九]{3})年", text)
             if y.translate(_HAN_DIGITS).isdigit()}
    if "决算" in text and doc.doc_type != "final_accounts":
        return False
    return not years or any(doc.fiscal_year in (y, y + 1) for y in years)


def _in_wan(value: float, unit: str | None) -> float | None:
    f = _FACTOR.get(unit or "万元")
    return None if f is None else value * f


def _same(a: float, b: float, computed: bool) -> bool:
    return abs(a - b) <= (0.011 if computed else 0.0051)


def classify(m: Mutation, answer) -> tuple[str, str]:
    """One mutated answer judged: ``confident_wrong`` / ``wrong`` / ``right`` / ``not_found``."""
    if m.kind in ("consistency", "why", "ranking", "clarify"):
        from budgetlens.eval.mutate_kinds import judge_kind

        return judge_kind(m, answer, DECLINED)
    if answer.kind in DECLINED:
        return ("not_found", f"declined ({answer.kind}) a question it can answer") if m.expect == "convert" \
            else ("right", f"declined ({answer.kind})")
    if answer.value is None:
        return "wrong", f"stated an answer ({answer.kind}) without declining"
    if m.gold is None:  # a question with no gold value: any number stated is one it cannot know
        return "wrong", f"value {answer.value} {answer.unit} stated as fact"
    if m.expect == "convert":
        # within the gold's rounding, carried into the unit asked (4,403 万元 of three rounded
        # operands stands for 44,015,000-44,045,000 元)
        tol = max(0.011 if m.computed else 0.0051, m.rounding) / _FACTOR[_unit_asked(m)]
        if answer.unit == _unit_asked(m) and abs(answer.value - m.want) <= tol:
            return "right", "converted"
        if _same(answer.value, m.gold, m.computed):
            return "confident_wrong", f"the 万元 value {answer.value} stated in {answer.unit}"
        return "wrong", f"value {answer.value} {answer.unit}, want {m.want} {_unit_asked(m)}"
    wan = _in_wan(answer.value, answer.unit) if answer.unit != "%" else answer.value
    same = wan is not None and _same(wan, m.gold, m.computed)
    if m.expect == "differ":
        if not same:
            return "right", f"another value {answer.value} {answer.unit}"
        marks: tuple[str, ...] = next((shows for v, _, shows in _SCOPES if v == m.variant), ())
        if m.variant == "上年":  # the year before the one asked, printed in the cited cell
            marks += tuple(f"{int(y) - 1}年" for y in re.findall(r"(20\d\d)年", m.question))
        if any(w in _sq(f"{c.where}{c.entity or ''}") for c in answer.citations for w in marks):
            return "right", "the same value from a cell of that variant"
        return "confident_wrong", f"the original value {answer.value} {answer.unit}, no cited cell of {m.variant}"
    if same:
        return "confident_wrong", f"the original gold {m.gold} stated as the answer"
    return "wrong", f"another number {answer.value} {answer.unit} stated as fact"


def _unit_asked(m: Mutation) -> str:
    return m.variant if m.kind == "unit" else m.gold_unit


def run(asker, questions: list[dict], log=None) -> list[Case]:
    """Ask each question's mutations (and the question itself, once, for its citations)."""
    ws = Workspace(asker.engine)
    cases = []
    for q in questions:
        muts = mutations(q, ws)
        if not muts:
            continue
        original = asker.ask(q["question"])
        wan = _in_wan(original.value, original.unit) if original.value is not None else None
        first = (wan is not None and original.kind not in DECLINED and q.get("value") is not None
                 and _same(wan, float(q["value"]), q["kind"] in COMPUTED))
        for m in muts:
            a = asker.ask(m.question)
            outcome, why = classify(m, a)
            cases.append(Case(m, outcome, why, a.answer[:300], a.kind, a.value, a.unit,
                              sorted({f"p{c.page} {c.where or c.quote[:40]}" for c in a.citations})[:4], first))
            if log:
                log(f"{m.qid}\t{m.part}\t{m.kind}/{m.variant}\t{outcome}\t{why}\t{m.question}")
    return cases


def tally(counted, outcomes=OUTCOMES) -> dict:
    """``{part: {key: {"n", outcome: count}}}`` of ``counted``, (part, keys, outcome) triples
    (each case counted once under every one of its keys)."""
    table: dict = defaultdict(lambda: defaultdict(Counter))
    for part, keys, outcome in counted:
        for key in keys:
            table[part][key][outcome] += 1
    return {part: {k: {"n": sum(v.values()), **{o: v.get(o, 0) for o in outcomes}}
                   for k, v in sorted(rows.items())} for part, rows in sorted(table.items())}


def summary_table(summary: dict, first: str, outcomes=OUTCOMES) -> list[str]:
    """A ``tally`` as one Markdown table per part, ``first`` heading its keys."""
    lines: list[str] = []
    for part, rows in summary.items():
        lines += ["", f"## {part}", "", f"| {first} | n | " + " | ".join(o.replace("_", " ") for o in outcomes) + " |",
                  "|---" * (len(outcomes) + 2) + "|"]
        lines += [f"| {k} | {s['n']} | " + " | ".join(str(s[o]) for o in outcomes) + " |" for k, s in rows.items()]
    return lines


def summarise(cases: list[Case]) -> dict:
    return tally((c.mutation.part, (c.mutation.kind, f"{c.mutation.kind}/{c.mutation.variant}", "ALL"), c.outcome)
                 for c in cases)


def markdown(summary: dict, cases: list[Case]) -> str:
    lines = ["# Mutated questions", "",
             "confident wrong: the original gold stated as the answer; wrong: another number stated "
             "as fact; right: declined, asked back, another cell or the converted value."]
    lines += summary_table(summary, "mutation")
    bad = [c for c in cases if c.outcome in ("confident_wrong", "wrong")]
    if bad:
        lines += ["", "## Failures", ""]
        for c in bad:
            m = c.mutation
            lines.append(f"- {m.qid} ({m.part}) {m.kind}/{m.variant} **{c.outcome}**: {m.question} → "
                         f"{c.answer[:160]!r} ({c.why})")
    return "\n".join(lines) + "\n"


def evaluate(settings, files: list[Path] | None = None, *, parts=("dev", "test"), out: Path | None = None,
             log=None) -> dict:
    from budgetlens.qa import Asker

    questions = [q for q in load_questions(files or default_files()) if q.get("part", "dev") in parts]
    asker = Asker(settings)
    try:
        cases = run(asker, questions, log=log)
    finally:
        asker.close()
    summary = summarise(cases)
    report = {"summary": summary, "cases": [{**asdict(c.mutation), **{k: v for k, v in asdict(c).items()
                                                                       if k != "mutation"}} for c in cases]}
    if out is not None:
        from budgetlens.eval.report import save_run

        save_run(out, "mutations", report, markdown(summary, cases))
    report["markdown"] = markdown(summary, [])
    return report


def main(argv: list[str] | None = None) -> int:
    from budgetlens.settings import load

    ap = argparse.ArgumentParser(description="Mutated journalists' questions: confident wrong answers.")
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--home", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("eval-mutations"))
    ap.add_argument("--part", choices=("dev", "test", "all"), default="dev")
    ap.add_argument("--verbose", "-v", action="store_true")
    a = ap.parse_args(argv)
    parts = ("dev", "test") if a.part == "all" else (a.part,)
    report = evaluate(load(a.home), a.files or None, parts=parts, out=a.out,
                      log=(lambda s: print(s, flush=True)) if a.verbose else None)
    print(report["markdown"])
    return 0


if __name__ == "__main__":
    sys.exit(main())
