"""Rows probe: any printed row of any standard table, and any narrative key figure, asked as a
journalist would ask it; a number must be the cell's, cited on its page.

From every stored filing of one part of the split (``eval/split.tsv``) the probe takes the
extracted table cells (``cell`` facts of the fact index: 功能分类 类/款/项 lines, 经济分类
lines, 收入 lines, 基本支出 items, “三公” tables, 政府采购, 国有资产 … with their column:
合计 / 预算数 / 决算数 / 基本支出 / 项目支出 / 财政拨款收入 …, the year before) and the
narrative's key figures (``figure`` facts), and samples ``PER_FILING`` of them, spread over the
filing's tables in an order fixed by a hash of the filing and the row (``sample``).

Each is asked in one of several forms (``questions``), turning over from one sample to the next:

- the label: as printed, its code and numbering removed (``label``); its class code alone
  (``code``: 功能分类科目2080505 / 经济分类科目30217); a short form (``short``: 支出 / 费 …
  dropped, 机关事业单位基本养老保险缴费支出 → 机关事业单位基本养老保险缴费);
- besides, the label in other words than printed (``reworded``): its last word said first
  (``reorder``: 流浪乞讨人员救助支出 → 救助流浪乞讨人员的支出) or 的 before it (``de``: 代理银行手续费
  → 代理银行的手续费), asked as a further probe of the same row;
- the table's fund and part words before it when the title says them (一般公共预算财政拨款
  基本支出中…), and the column when it is not the row's total (…的项目支出, …的上年数);
- the verb: 是多少 / 花了多少 (spending) / 安排了多少 (a budget) / 有多少万元 / 是多少元 /
  是多少亿元 (of 1亿元 or more);
- the body as printed, or its short form when it fits that body alone (``probe_names.forms``),
  and the year with the filing's 预算 / 决算 word.

A label printed twice in one filing with different values under the same words (fund, part,
column) is skipped: it has no one answer (``ambiguous``).

Judged (``judge``): ``right`` the value within rounding in the unit asked and a cited page one
where the filing (or another filing of the same body and year) prints that value under that
label; ``uncited`` the value right, cited elsewhere; ``wrong`` another number (or the unit not
the one asked) stated as the answer; ``not_found`` a decline or a question back.

    budgetlens eval --probes rows --split dev --home WS --out DIR

writes ``DIR/probe_rows.json`` and ``DIR/probe_rows.md`` (``eval.report.save_run``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from budgetlens.eval.journalists import DECLINED
from budgetlens.eval.probes import report as probe_report
from budgetlens.eval.mutate import tally
from budgetlens.eval.probe_names import catalogue, fits, forms

OUTCOMES = ("wrong", "uncited", "not_found", "right")
PER_FILING = 8
_TYPE_WORD = {"budget": "预算", "final_accounts": "决算"}
# a row that says only which figure of the column it is: the column names the measure
_KEY_ROW_RE = re.compile(r"^(?:本年|上年|当年)?(?:预算数?|决算数?|合计|总计|小计|金额|执行数)$|^上年$")
_TOTAL_COL_RE = re.compile(r"^(?:合计|总计|小计|金额|本年|本年数|预算数?|决算数?|本年(?:预算|决算)数?|年初预算数?|全年预算数?)?$")
_FUND_WORDS = ("一般公共预算", "政府性基金", "国有资本经营", "财政拨款")
_PART_WORDS = ("基本支出", "项目支出", "政府采购")
_NUMBERING_RE = re.compile(r"^(?:其中[:：]?)?\s*(?:[(（][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．](?!\d))\s*")
_LEAD_CODE_RE = re.compile(r"^\s*[\[【]?\d{3}(?:\d{2}){0,2}(?!\d)[\]】]?\s*")
_BODY_RE = re.compile(r"(?:局|委员会|办公室|办公厅|中心|总队|支队|大队|队|院|所|站|馆|处|协会|学校|大学|幼儿园)$")
_SHORT_END_RE = re.compile(r"(?:支出|费用|经费|收入)$")
# figures that are changes, shares or counts: not a row's amount
_FIGURE_SKIP_RE = re.compile(r"_change|_pct|_share|_ratio|vehicles|staff|count")


def _sq(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def printed_label(row: str) -> str:
    """A row label as a journalist copies it: no spaces, numbering, leading code or 其中.

    >>> printed_label("9. 卫生健康支出"), printed_label("其中：（一）因公出国（境）费"), printed_label("2010101 行政运行")
    ('卫生健康支出', '因公出国（境）费', '行政运行')
    """
    t = _sq(row)
    for _ in range(2):
        t = _NUMBERING_RE.sub("", t)
        t = _LEAD_CODE_RE.sub("", t)
    return t.strip("：:")


def short_label(label: str) -> str:
    """The label's last 支出 / 费用 / 经费 / 收入 dropped (机关事业单位基本养老保险缴费支出 →
    机关事业单位基本养老保险缴费), when four characters or more are left; "" otherwise."""
    t = re.sub(r"[（(][^（）()]*[）)]$", "", label)
    t = _SHORT_END_RE.sub("", t)
    if re.fullmatch(r"(?:一般公共预算|政府性基金(?:预算)?|国有资本经营(?:预算)?|财政拨款)", t):
        return ""  # 一般公共预算收入 said short is the fund itself, no line of it
    return t if len(t) >= 4 and t != label else ""


# words a line's name may end with that say what is done for its object (流浪乞讨人员救助):
# said first, they read as a journalist says them (救助流浪乞讨人员)
_ACTION_WORDS = ("救助", "补助", "补贴", "管理", "建设", "保障", "维护", "改造", "保护", "监管", "救治", "奖励",
                 "购置", "培训", "资助", "治理", "整治", "修缮", "宣传", "监测", "安置", "服务", "运行")


def reworded(label: str) -> dict[str, str]:
    """The label said in other words than printed, by form: ``reorder`` its last word, one of
    ``_ACTION_WORDS``, said first (流浪乞讨人员救助支出 → 救助流浪乞讨人员的支出); ``de`` 的 put
    before its last word (代理银行手续费 → 代理银行的手续费), when three words or more and four
    characters or more are before it.
    A label of one word, or printing 的 / 和 / 与 / 及 / 其他 or a bracket, has none."""
    from budgetlens.qa.labels import label_words

    if re.search(r"[的和与及、（）()“”\"]|其他|其中|^对|(?:合计|总计|小计)$|^.{1,6}?[省市区县]|[署团狱]$", label) or re.fullmatch(
            r"(?:一般公共预算|政府性基金(?:预算)?|国有资本经营(?:预算)?|财政拨款|本年)+(?:拨款)?(?:收入|支出)?", label):
        return {}  # a total, a fund (一般公共预算的财政拨款 is another thing) or a line for whom (对…补助)
    end = re.search(r"(?:支出|经费|费用|费)$", label)
    core = label[:end.start()] if end else label
    words = [w for w in label_words(core)]
    if "".join(words) != core or len(words) < 2:
        return {}
    out = {}
    if len(words) >= 3 and words[-1] in _ACTION_WORDS and (not end or end.group(0) == "支出"):
        out["reorder"] = words[-1] + "".join(words[:-1]) + (f"的{end.group(0)}" if end else "")
    left = "".join(words[:-1])
    if len(words) >= 3 and len(left) >= 4 and words[-1] != "事务":
        out["de"] = f"{left}的{words[-1]}" + (end.group(0) if end else "")
    return out


def _wan(value: float, unit: str) -> float | None:
    return {"万元": value, "元": value / 10000, "亿元": value * 10000}.get(unit)


@dataclass(frozen=True)
class Row:
    """One printed number the probe may ask about: what the question says of it."""
    doc_id: str
    measure: str  # the label as printed (code, numbering removed)
    code: str
    column: str  # "" for the row's total, else the column's words (基本支出, 上年数 …)
    quals: tuple[str, ...]  # the table title's fund and part words
    value_wan: float
    page: int
    title: str
    kind: str  # cell | figure
    spending: bool  # a line of spending (花了多少 fits it)


def _column(f) -> str | None:
    """The words the question says of a cell's column ("" for the row's total); None for a
    column no question can name."""
    if f.year == -1:
        return "上年数"
    col = re.sub(r"20\d\d年度?", "", _sq(f.col).split("|")[-1]) if f.col else ""
    if _TOTAL_COL_RE.fullmatch(col):
        return ""
    if re.search(r"20\d\d|%|率|增减|变动|比|行次|栏次|[a-zA-Z]", col):
        return None
    return col


def rows_of(facts, kinds=("cell", "figure")) -> list[Row]:
    """The printed numbers of one filing's facts of ``kinds`` (keyed ``cell``, narrative ``figure``;
    an unkeyed ``grid`` cell read as a keyed one) that a question can name."""
    out = []
    for f in facts:
        if f.kind not in kinds:
            continue
        wan = _wan(f.value, f.unit)
        if wan is None or f.page is None or abs(wan) < 0.005:
            continue  # a zero answers by chance
        if f.kind in ("cell", "grid"):
            label = printed_label(f.row)
            column = _column(f)
            if column is None:
                continue
            if _KEY_ROW_RE.fullmatch(label) or not label:
                # a 三公 table's 决算数 row: the column (公务接待费) is the measure, the row its kind
                measure = printed_label(_sq(f.col).split("|")[-1]) if f.col else ""
                if not measure or _TOTAL_COL_RE.fullmatch(measure):
                    continue
                column = ("上年数" if label.startswith("上年") else
                          "" if _TOTAL_COL_RE.fullmatch(label) or label in ("预算数", "决算数") else label)
                label = measure
            bare = short_label(label) or re.sub(r"[（(][^（）()]*[）)]$", "", label)
            if len(label) < 2 or re.search(r"20\d\d|本级|汇总|增减|变化|[a-zA-Z]", label) or _BODY_RE.search(bare):
                continue  # a year's, a change's or a body's row (a unit of a department's 收入总表)
            title = _sq(f.title)
            quals = tuple(w for w in (*_FUND_WORDS, *_PART_WORDS) if w in title)
            spending = "支出" in title or "经费" in title or label.endswith(("支出", "费"))
            out.append(Row(f.doc_id, label, f.code, column, quals, round(wan, 6), f.page, title, f.kind, spending))
        elif f.kind == "figure" and not _FIGURE_SKIP_RE.search(f.key or "") and f.unit in ("万元", "元", "亿元"):
            label = printed_label(f.row)
            if len(label) < 2 or re.search(r"增减|幅度|比重|占", label):
                continue
            out.append(Row(f.doc_id, label, "", "", (), round(wan, 6), f.page, "", "figure",
                           "支出" in label or "费" in label))
    return out


def said_quals(r: Row) -> tuple[str, ...]:
    """The title's fund and part words a question says before the row: those its label does not
    say already (政府性基金预算财政拨款 says its fund itself)."""
    return tuple(w for w in r.quals if w not in r.measure)


def ambiguous(rows: list[Row], printed: list[Row] | None = None) -> set[tuple]:
    """The (measure, column, fund and part words) of ``rows`` that the filing prints (``printed``:
    every row read, keyed or not) with another value under the same words or more of them: an
    unqualified 行政运行 printed 12.5 in one table and 10.0 in another (or under 2010301 and
    2040601) has no one answer."""
    seen: dict[tuple, set] = {}
    for r in printed if printed is not None else rows:
        seen.setdefault((r.measure, r.column), set()).add((r.quals, round(r.value_wan, 2)))
    out = set()
    for r in rows:
        values = {v for q, v in seen.get((r.measure, r.column), ()) if set(said_quals(r)) <= set(q)}
        if len(values | {round(r.value_wan, 2)}) > 1:
            out.add((r.measure, r.column, r.quals))
    return out


def sample(rows: list[Row], n: int = PER_FILING, printed: list[Row] | None = None) -> list[Row]:
    """``n`` rows spread over the filing's tables (figures count as one table), each table's rows
    in the order of a hash of the filing and the row: the same rows on every run; a row
    ``ambiguous`` among ``printed`` is left out."""
    bad = ambiguous(rows, printed)
    by_table: dict[str, list[Row]] = {}
    seen = set()
    for r in rows:
        key = (r.measure, r.column, r.quals)
        if key in bad or key in seen:
            continue
        seen.add(key)
        by_table.setdefault(r.title or "narrative", []).append(r)

    def h(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    queues = [sorted(v, key=lambda r: h(f"{r.doc_id}|{r.measure}|{r.column}|{r.quals}"))
              for _, v in sorted(by_table.items(), key=lambda kv: h(kv[0] + (kv[1][0].doc_id if kv[1] else "")))]
    out: list[Row] = []
    while len(out) < n and any(queues):
        for q in queues:
            if q and len(out) < n:
                out.append(q.pop(0))
    return out


@dataclass(frozen=True)
class Probe:
    file: str
    part: str
    form: str  # label | code | short | reorder | de
    verb: str  # shi | hua | anpai | wan | yuan | yi
    question: str
    measure: str
    column: str
    unit: str  # the unit asked
    want: float  # the value in the unit asked
    value_wan: float
    page: int
    allowed: tuple[tuple[str, int], ...]  # (doc_id, page) where that label prints that value


_VERBS = ("shi", "hua", "anpai", "wan", "yuan", "yi")


def _verb(n: int, row: Row, word: str) -> str:
    """The verb turning over with ``n``; one that does not fit the row (花了 of an income line,
    安排了 of a final account, 亿元 under 1亿元) gives way to 是多少."""
    v = _VERBS[n % len(_VERBS)]
    if (v == "hua" and not row.spending) or (v == "anpai" and word != "预算") or (v == "yi" and row.value_wan < 10000):
        return "shi"
    if v == "yuan" and row.value_wan >= 1e6:
        return "wan"
    return v


def questions(body: str, year: int, word: str, rows: list[Row], start: int = 0) -> list[tuple[Row, str, str, str, str]]:
    """(row, form, verb, question, unit asked) per row, the forms turning over with the rows."""
    out = []
    for n, r in enumerate(rows, start):
        forms_ = ["label"] + (["code"] if r.code else []) + (["short"] if short_label(r.measure) else [])
        form = forms_[n % len(forms_)]
        if form == "code":
            what = ("经济分类科目" if r.code.startswith("3") else "功能分类科目") + r.code
        elif form == "short":
            what = short_label(r.measure)
        else:
            what = r.measure
        quals = "".join(said_quals(r))
        if quals:
            what = f"{quals}中的{what}"
        # the filing's 预算 / 决算 word, unless the label says it (公务接待费预算)
        said = "" if re.search(r"预算|决算", what + r.column) else word
        col = f"的{r.column}" if r.column else ""
        verb = _verb(n, r, word)
        head = f"{body}{year}年{what}{col}{said}"
        text, unit = {
            "shi": (f"{head}是多少？", "万元"),
            "hua": (f"{body}{year}年{said}里{what}{col}花了多少钱？" if said.endswith("决算")
                    else f"{body}{year}年{what}{col}要花多少钱？", "万元"),
            "anpai": (f"{body}{year}年{what}{col}安排了多少？", "万元"),
            "wan": (f"{year}年{body}的{what}{col}{said}有多少万元？", "万元"),
            "yuan": (f"{head}是多少元？", "元"),
            "yi": (f"{head}是多少亿元？", "亿元"),
        }[verb]
        out.append((r, form, verb, text, unit))
    return out


def _in_unit(value_wan: float, unit: str) -> float:
    return {"万元": value_wan, "元": value_wan * 10000, "亿元": value_wan / 10000}[unit]


def judge(p: Probe, answer) -> tuple[str, str]:
    if answer.kind in DECLINED or answer.value is None:
        return "not_found", f"declined ({answer.kind})"
    if answer.unit and answer.unit != p.unit:
        return "wrong", f"unit {answer.unit}, asked {p.unit}"
    # within rounding in the unit asked: two decimals, or the answer's own when it prints more
    decimals = max(2, len(f"{answer.value}".split(".")[-1]) if "." in f"{answer.value}" else 2)
    tol = max(0.0051, 0.51 * 10 ** -decimals) if p.unit != "亿元" else 0.0051
    if abs(answer.value - p.want) > tol:
        return "wrong", f"value {answer.value} ≠ {p.want}"
    if not any((c.doc_id, c.page) in p.allowed for c in answer.citations):
        return "uncited", f"value right, cites pages {sorted({c.page for c in answer.citations})}, on {p.page}"
    return "right", ""


def filings_of_part(index, filings: list, part: str) -> list:
    """The ``filings`` (``probe_names.catalogue`` of the index's docs) of ``part`` that name a
    year, in the order of their paths; a file the split does not list is of no part."""
    from budgetlens.eval.split import part_of

    by_id = {f.doc_id: f for f in filings}
    out = []
    for doc_id, d in sorted(index.docs.items(), key=lambda kv: kv[1].path):
        try:
            if part_of(d.path) != part:
                continue
        except KeyError:
            continue
        f = by_id.get(doc_id)
        if f is not None and f.year:
            out.append(f)
    return out


def probes(index, part: str) -> list[Probe]:
    """The probes of every filing of ``part`` (an index's ``docs`` and ``by_doc``)."""
    filings = catalogue(index.docs.values())
    out: list[Probe] = []
    asked = 0  # the probes of printed labels (the forms and verbs turn over with them)
    for f in filings_of_part(index, filings, part):
        doc_id, d = f.doc_id, index.docs[f.doc_id]
        facts = index.by_doc.get(doc_id, [])
        rows = rows_of(facts)
        picked = sample(rows, printed=rows + rows_of(facts, kinds=("grid",)))
        # the same body's filings of the year and type: a 部门 and a 单位 filing may print the same row
        siblings = [g.doc_id for g in filings if g.body == f.body and g.year == f.year and g.doc_type == f.doc_type]
        scope = f"{d.scope}" if len(siblings) > 1 and d.scope else ""
        short = [s for s, rule in forms(f.body).items() if rule == "city" and "的" not in s]
        word = _TYPE_WORD.get(f.doc_type or "", "预算")
        for k, (r, form, verb, text, unit) in enumerate(questions(f.body, f.year, scope + word, picked, asked)):
            if k % 2 and short and len(fits(short[0], filings, f.year, f.doc_type)) == 1:
                text = text.replace(f.body, short[0], 1)
            allowed = tuple(sorted({(g.doc_id, g.page) for s in siblings for g in index.by_doc.get(s, [])
                                    if g.kind in ("cell", "grid", "figure", "sentence")
                                    and abs((_wan(g.value, g.unit) or float("inf")) - r.value_wan) < 0.006}))
            out.append(Probe(d.path, part, form, verb, text, r.measure, r.column, unit,
                             round(_in_unit(r.value_wan, unit), 6), r.value_wan, r.page, allowed))
            asked += 1
            # the same row named in other words than printed (words reordered, 的 between them),
            # asked besides: the wording's family is measured apart from the printed label's
            if form == "label" and not r.quals:
                other = reworded(r.measure)
                for kind in sorted(other)[asked % 2:][:1] or sorted(other)[:1]:
                    out.append(Probe(d.path, part, kind, verb, other[kind].join(text.rsplit(r.measure, 1)), r.measure,
                                     r.column, unit, round(_in_unit(r.value_wan, unit), 6), r.value_wan, r.page,
                                     allowed))
    return out


def summarise(cases: list[dict]) -> dict:
    def keys(c: dict) -> tuple[str, ...]:
        return "ALL", f"form/{c['form']}", f"verb/{c['verb']}", "column/" + ("total" if not c["column"] else "other")

    return tally(((c["part"], keys(c), c["outcome"]) for c in cases), OUTCOMES)


def markdown(summary: dict, cases: list[dict]) -> str:
    return report("Rows probe", f"{PER_FILING} printed rows or key figures per filing, asked as a journalist would. "
                  "wrong: another number (or another unit) stated as the answer; uncited: the value right, its page "
                  "not cited; not found: declined or asked back; right: the value in the unit asked, cited on its page.",
                  summary, cases)


def report(title: str, intro: str, summary: dict, cases: list[dict]) -> str:
    """A lookup probe's markdown (this one's, the stated-figures probe's): its summary, then each
    case not right with its question, answer and the value wanted."""
    return probe_report(title, intro, summary, cases, OUTCOMES,
                        lambda c: f"{Path(c['file']).name} p{c['page']} {c['form']}/{c['verb']} **{c['outcome']}**: "
                                  f"{c['question']} → {c['answer'][:160]!r} (want {c['want']} {c['unit']}; {c['why']})",
                        heading="## Not right", only_dev=False)


def record(p, a, outcome: str, why: str) -> dict:
    """A lookup probe's case as saved: the question asked (its allowed pages aside) and the answer."""
    return {**{k: v for k, v in asdict(p).items() if k != "allowed"}, "outcome": outcome, "why": why,
            "answer": a.answer[:300], "answer_kind": a.kind, "value": a.value}


def line(p, outcome: str, why: str) -> str:
    return f"{Path(p.file).name}\t{p.form}/{p.verb}\t{outcome}\t{why}\t{p.question}"


def evaluate(settings, *, parts=("dev",), out: Path | None = None, log=None) -> dict:
    from budgetlens.eval.probes import run_probes

    return run_probes(settings, "probe_rows", lambda engine, part: probes(engine.index, part), judge, record,
                      summarise, markdown, parts=parts, out=out, log=log, line=line)
