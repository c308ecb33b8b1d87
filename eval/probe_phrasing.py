"""Phrasing probe: the journalists' questions reworded, the gold unchanged.

From every question of the journalists' sets (``eval.journalists``) of a single value (lookup,
difference, change, share, sum) or a why / consistency verdict, the probe makes at most
``PER_QUESTION`` rewordings that keep the meaning exactly, and judges each against the
original question's gold with the journalists' judge (``eval.journalists.judge``). The
templates (``TEMPLATES``), each one family of phrasing:

- ``polite/*``: 请问… / 我想知道… / 帮我查一下，… / 听说这些数字都公开了，… / 我在写稿，…;
- ``punct/half``: full-width punctuation as half-width (，？：（） → , ? : ( ));
  ``qmark/half``, ``qmark/none``: the closing ？ as ? or left off;
- ``year/cn`` 2024年 → 二〇二四年, ``year/du`` → 2024年度, ``year/short`` → 24年;
- ``order/swap`` the body and the year next to each other swapped (X局2024年… ↔ 2024年X局的…),
  ``order/clauses`` X局，2024年，…, ``order/year_mid`` X局公务接待费2024年是多少,
  ``order/measure_first`` 公务接待费，X局2024年是多少 (the last two for lookups and sums);
- ``de/add`` X局的2024年…, ``de/drop`` X局的公务接待费 → X局公务接待费;
- ``verb/<verb>`` 是多少 → 有多少 / 为多少 / 达到多少 / 一共多少 / 合计多少 / 花了多少 (spending)
  / 安排了多少 / 列了多少 (a budget), the unit asked kept; ``unit/wan`` 多少万元 → 多少万;
  ``pct/swap`` 百分之几 ↔ 百分之多少;
- ``combo``: one template of three families or more applied in turn (``combo``).

The body is the span the question shares with the entity its gold resolved to
(``eval.mutate._body_span``), else the question's head before its first year when that names a
body. A question's rewordings are counted only when the question itself is answered right
(template ``original``): what fails then fails for the wording. Test cases are kept as counts
only (their text is not saved).

    budgetlens eval --probes phrasing --split dev --home WS --out DIR

writes ``DIR/probe_phrasing.json`` and ``DIR/probe_phrasing.md`` (``eval.report.save_run``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from budgetlens.eval.journalists import COMPUTED, OUTCOMES, default_files, judge as judge_question, load_questions
from budgetlens.eval.mutate import _body_span, summary_table, tally

PER_QUESTION = 3  # why and consistency: 2
KINDS = ("lookup", "sum", "why", "consistency") + tuple(sorted(COMPUTED - {"sum"}))

_YEAR_RE = re.compile(r"(?<![\d.,])(20\d\d)(?=年)")
_CN_DIGITS = "〇一二三四五六七八九"
# the question's asking words at its end: (verb)(多少)(unit)(？)
_END_RE = re.compile(r"(?P<verb>是|有|为|一共|合计|总共|共)?多少(?P<unit>万元|亿元|元|万|亿|钱)?(?P<q>[？?]?)$")
_BODY_END_RE = re.compile(r"(?:局|委|办|院|厅|署|部|室|中心|会|街道|办事处|队|所|站|馆|校|学|（本级）|本级|（汇总）)$")
_SUM_VERBS = ("一共", "合计", "总共", "共")
_HALF = str.maketrans({"，": ",", "？": "?", "：": ":", "（": "(", "）": ")", "；": ";", "！": "!"})
_AFTER_YEAR_NOT_DE = re.compile(r"^(?:比|较|与|和|、|到|至|起|-|—|（|\(|，|,|的|度|为|怎|咋|是|有|多少|说|里|中|在)")
# a bare 多少 follows a noun (…经费多少万元): only then may a verb stand before it
_NOUN_END_RE = re.compile(r"(?:费|出|入|金|额|算|计|资|款|数|类|目|助|贴|险|资金|项目|采购|经费)$")


@dataclass(frozen=True)
class Parsed:
    """What a template moves: the body span, the first year (2024年), and the asking end."""
    text: str
    body: str
    year: str  # "2024年" as written, "" when none
    kind: str
    budget: bool  # the question is of a budget (预算)
    spending: bool  # of spending (花了 fits)


def _body(q: dict, text: str) -> str:
    """The body as the question names it; the question's head before its first year when the
    head ends with that span (深圳市政府办公厅 of 深圳市人民政府办公厅, not 政府办公厅 alone)."""
    span = _body_span(q)
    m = _YEAR_RE.search(text)
    head = text[:m.start()] if m else ""
    named = 3 <= len(head) <= 24 and not re.search(r"[，,。？?、和与及比较]", head) and _BODY_END_RE.search(head)
    if named and (not span or head.endswith(span)):
        return head
    # a span that stops inside a name (西安市发 of 西安市发改委) moves nothing
    whole = span and (_BODY_END_RE.search(span) or span == _sq_name(q))
    return span if whole and span in text else ""


def _sq_name(q: dict) -> str:
    return re.sub(r"\s+", "", (q.get("understood") or {}).get("entity") or "")


def parse(q: dict) -> Parsed:
    text = q["question"].strip()
    m = _YEAR_RE.search(text)
    year = text[m.start():m.end() + 1] if m else ""
    if m and text[m.end() + 1:m.end() + 2] == "度":
        year += "度"
    understood = q.get("understood") or {}
    budget = "预算" in text or "预算" in str(understood.get("scope") or "")
    spending = bool(re.search(r"支出|费|经费|花", text)) and "收入" not in text
    return Parsed(text, _body(q, text), year, q["kind"], budget, spending)


def _cn_year(m: re.Match) -> str:
    return "".join(_CN_DIGITS[int(c)] for c in m.group(1))


def _body_year(p: Parsed) -> re.Match | None:
    """Body and year next to each other: (body)(的?)(year) or (year)(body)(的?)."""
    if not p.body or not p.year:
        return None
    b, y = re.escape(p.body), re.escape(p.year)
    return re.search(f"(?P<body>{b})(?P<de>的?)(?P<year>{y})|(?P<year2>{y})(?P<body2>{b})(?P<de2>的?)", p.text)


def _swap(p: Parsed) -> str | None:
    m = _body_year(p)
    if m is None or m.start() != 0:
        return None  # a second body's year (甲局比乙局2026年多多少) stays where it is
    if m.group("body"):
        rest = p.text[m.end():]
        de = "" if rest.startswith("的") or _AFTER_YEAR_NOT_DE.match(rest) else "的"
        new = f"{p.year}{p.body}{de}"
    else:
        new = f"{p.body}{p.year}"
    return p.text[:m.start()] + new + p.text[m.end():]


def _clauses(p: Parsed) -> str | None:
    m = _body_year(p)
    if m is None or m.start() != 0:
        return None
    rest = p.text[m.end():].lstrip("的，,")
    if _AFTER_YEAR_NOT_DE.match(rest):
        return None
    return f"{p.body}，{p.year}，{rest}"


def _split_end(p: Parsed) -> tuple[str, re.Match] | None:
    m = _END_RE.search(p.text)
    if m is None or p.kind not in ("lookup", "sum"):
        return None
    head = p.text[:m.start()]
    if not head or (not m.group("verb") and not _NOUN_END_RE.search(head)):
        return None  # 安排了多少 / 花多少钱 / 多多少: the verb is the question's own
    return head, m


def _plain_measure(p: Parsed) -> tuple[str, str] | None:
    """(the measure said between a leading body-and-year and the asking end, the asking end) of a
    question opened by its body and year, when the measure is one plain name (no list, year or
    comparison in it)."""
    m, end = _body_year(p), _split_end(p)
    if m is None or end is None or m.start() != 0:
        return None
    head, e = end
    measure = head[m.end():].strip("的")
    if not measure or re.search(r"[，,、：:]|20\d\d|比|和|与|及", measure):
        return None
    return measure, p.text[e.start():]


def _year_mid(p: Parsed) -> str | None:
    said = _plain_measure(p)
    return None if said is None else f"{p.body}{said[0]}{p.year}{said[1]}"


def _measure_first(p: Parsed) -> str | None:
    said = _plain_measure(p)
    return None if said is None else f"{said[0]}，{p.body}{p.year}{said[1]}"


def _de_add(p: Parsed) -> str | None:
    m = _body_year(p)
    if m is None or not m.group("body") or m.group("de"):
        return None
    return p.text[:m.start()] + f"{p.body}的{p.year}" + p.text[m.end():]


def _de_drop(p: Parsed) -> str | None:
    if not p.body:
        return None
    i = p.text.find(p.body + "的")
    if i < 0:
        return None
    after = p.text[i + len(p.body) + 1:]
    if not after or re.match(r"[，,？?、]", after):
        return None
    return p.text[:i + len(p.body)] + after


def _verb(word: str, needs: Callable[[Parsed], bool] = lambda p: True) -> Callable[[Parsed], str | None]:
    def make(p: Parsed) -> str | None:
        end = _split_end(p)
        if end is None or not needs(p):
            return None
        head, m = end
        if (m.group("verb") or "") + "多少" == word:
            return None
        if p.kind == "sum" and m.group("verb") in _SUM_VERBS and not word.startswith(_SUM_VERBS):
            return None  # 甲和乙一共多少 → 甲和乙是多少 asks each, not their sum
        unit = m.group("unit") or ""
        if unit in ("万", "亿"):
            unit += "元"
        return f"{head}{word}{unit}{m.group('q') or '？'}"
    return make


def _unit_wan(p: Parsed) -> str | None:
    m = re.search(r"多少(万|亿)元([？?]?)$", p.text)
    return p.text[:m.start()] + f"多少{m.group(1)}{m.group(2)}" if m else None


def _pct(p: Parsed) -> str | None:
    if "百分之几" in p.text:
        return p.text.replace("百分之几", "百分之多少", 1)
    if "百分之多少" in p.text:
        return p.text.replace("百分之多少", "百分之几", 1)
    return None


def _changed(fn: Callable[[str], str]) -> Callable[[Parsed], str | None]:
    return lambda p: (lambda t: t if t != p.text else None)(fn(p.text))


def _strip_q(t: str) -> str:
    return re.sub(r"[？?]$", "", t)


TEMPLATES: dict[str, Callable[[Parsed], str | None]] = {
    "polite/qingwen": _changed(lambda t: t if t.startswith("请问") else "请问" + t),
    "polite/xiangzhidao": _changed(lambda t: "我想知道" + t),
    "polite/chayixia": _changed(lambda t: "帮我查一下，" + t),
    "polite/tingshuo": _changed(lambda t: "听说这些数字都公开了，" + t),
    "polite/xiegao": _changed(lambda t: "我在写稿，" + t),
    "punct/half": _changed(lambda t: t.translate(_HALF)),
    "qmark/half": _changed(lambda t: re.sub(r"？$", "?", t)),
    "qmark/none": _changed(_strip_q),
    "year/cn": _changed(lambda t: re.sub(r"(?<![\d.,])(20\d\d)(?=年)", _cn_year, t)),
    "year/du": _changed(lambda t: re.sub(r"(?<![\d.,])(20\d\d)年(?!度)", r"\1年度", t)),
    "year/short": _changed(lambda t: re.sub(r"(?<![\d.,])20(\d\d)(?=年)", r"\1", t)),
    "order/swap": _swap,
    "order/clauses": _clauses,
    "order/year_mid": _year_mid,
    "order/measure_first": _measure_first,
    "de/add": _de_add,
    "de/drop": _de_drop,
    "verb/是多少": _verb("是多少"),
    "verb/有多少": _verb("有多少"),
    "verb/为多少": _verb("为多少"),
    "verb/达到多少": _verb("达到多少"),
    "verb/一共多少": _verb("一共多少"),
    "verb/合计多少": _verb("合计多少"),
    "verb/花了多少": _verb("花了多少", lambda p: p.spending and not p.budget),
    "verb/安排了多少": _verb("安排了多少", lambda p: p.budget and p.spending),
    "verb/列了多少": _verb("列了多少", lambda p: p.budget and p.spending),
    "unit/wan": _unit_wan,
    "pct/swap": _pct,
}
# why and consistency questions carry their own verbs: only what leaves the sentence as it is
_VERDICT_TEMPLATES = ("polite/qingwen", "polite/xiangzhidao", "polite/chayixia", "punct/half", "qmark/half",
                      "qmark/none", "year/cn", "year/du", "year/short", "de/add", "de/drop", "order/swap")


# a combination applies one template of each family in this order, each on the question the last made
_COMBO_ORDER = ("order", "de", "verb", "unit", "pct", "year", "punct", "qmark", "polite")


def combo(q: dict) -> str | None:
    """One template of three families or more applied in turn (e.g. 2026年X局的… → 帮我查一下，
    26年X局的…有多少?): what no single template shows, the families read together."""
    text, used = q["question"].strip(), 0
    for family in _COMBO_ORDER:
        p = parse({**q, "question": text})
        names = sorted((n for n in TEMPLATES if n.split("/")[0] == family), key=lambda k: _h(f"{q['id']}|combo|{k}"))
        for name in names:
            if family == "order" and q["kind"] in ("why", "consistency") and name != "order/swap":
                continue
            made = TEMPLATES[name](p)
            if made and made != text:
                text, used = made, used + 1
                break
    return text if used >= 3 else None


def _h(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def rewordings(q: dict, n: int = PER_QUESTION) -> list[tuple[str, str]]:
    """(template, question) of at most ``n`` templates that apply to ``q``, each family at most
    once (one verb, one politeness), in an order fixed by a hash of the question id."""
    if q["kind"] not in KINDS:
        return []
    p = parse(q)
    names = TEMPLATES if q["kind"] not in ("why", "consistency") else _VERDICT_TEMPLATES
    made: dict[str, str] = {}
    for name in names:
        text = TEMPLATES[name](p)
        if text and text != p.text and text not in made.values():
            made[name] = text
    n = min(n, 2) if q["kind"] in ("why", "consistency") else n
    out, families = [], set()
    for name in sorted(made, key=lambda k: _h(f"{q['id']}|{k}")):
        family = name.split("/")[0]
        if family in families:
            continue
        families.add(family)
        out.append((name, made[name]))
        if len(out) == n:
            break
    return out


@dataclass(frozen=True)
class Probe:
    qid: str
    part: str
    kind: str
    template: str  # "original" for the question as written
    question: str
    gold: dict


def probes(part: str, files: list[Path] | None = None) -> list[Probe]:
    out = []
    for q in load_questions(files or default_files()):
        if q.get("part", "dev") != part or q["kind"] not in KINDS:
            continue
        if q["kind"] not in ("why", "consistency") and q.get("value") is None:
            continue
        out.append(Probe(q["id"], part, q["kind"], "original", q["question"], q))
        out += [Probe(q["id"], part, q["kind"], name, text, q) for name, text in rewordings(q)]
        mixed = combo(q)
        if mixed and mixed != q["question"]:
            out.append(Probe(q["id"], part, q["kind"], "combo", mixed, q))
    return out


def judge(p: Probe, answer) -> tuple[str, str]:
    return judge_question(answer, p.gold)


def record(p: Probe, answer, outcome: str, why: str) -> dict:
    base = {"qid": p.qid, "part": p.part, "kind": p.kind, "template": p.template, "outcome": outcome}
    if p.part != "dev":
        return base  # test: counts only
    return {**base, "question": p.question, "original": p.gold["question"], "why": why,
            "answer": answer.answer[:300], "answer_kind": answer.kind, "value": answer.value}


def summarise(cases: list[dict]) -> dict:
    """Per part: the originals by outcome, and each template's rewordings of originals answered
    right by outcome (``ALL`` every such rewording; ``kind/…`` by the question's kind)."""
    right = {(c["part"], c["qid"]) for c in cases if c["template"] == "original" and c["outcome"] == "right"}

    def counted():
        for c in cases:
            if c["template"] == "original":
                yield c["part"], ("original",), c["outcome"]
            elif (c["part"], c["qid"]) in right:
                yield c["part"], ("ALL", c["template"], f"kind/{c['kind']}"), c["outcome"]

    return tally(counted(), OUTCOMES)


def markdown(summary: dict, cases: list[dict]) -> str:
    lines = ["# Phrasing probe", "",
             f"At most {PER_QUESTION} rewordings per journalists' question (same meaning, same gold), counted "
             "where the question as written is answered right (row `original`: the questions as written). "
             "wrong: another number or verdict stated as fact; not found: declined or asked back."]
    lines += summary_table(summary, "template", OUTCOMES)
    right = {(c["part"], c["qid"]) for c in cases if c["template"] == "original" and c["outcome"] == "right"}
    bad = [c for c in cases if c["part"] == "dev" and c["template"] != "original" and c["outcome"] != "right"
           and (c["part"], c["qid"]) in right]
    if bad:
        lines += ["", "## dev: rewordings not right", ""]
        lines += [f"- {c['qid']} {c['template']} **{c['outcome']}**: {c['question']} (as written: {c['original']}) "
                  f"→ {c['answer'][:140]!r} ({c['why']})" for c in bad]
    return "\n".join(lines) + "\n"


def evaluate(settings, *, parts=("dev",), out: Path | None = None, log=None, files: list[Path] | None = None) -> dict:
    from budgetlens.eval.probes import run_probes

    return run_probes(settings, "probe_phrasing", lambda engine, part: probes(part, files), judge, record,
                      summarise, markdown, parts=parts, out=out, log=log,
                      line=lambda p, outcome, why: f"{p.qid}\t{p.template}\t{outcome}")
