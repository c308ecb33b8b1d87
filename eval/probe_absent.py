"""Absence probe: questions whose honest answer is "not printed" — any number stated is wrong.

For every stored filing of one part of the split (``eval/split.tsv``) the probe asks about
what the filing does NOT print, each absence checked from the filing's own page text (the
workspace's pages, OCR and tables included, and PyMuPDF's text of every page of a PDF:
``page_text``) — and from every other filing of the same body for that year and the next (a
sibling 部门 / 单位 filing, the next year's 上年 column), so that no filing the answerer may
read prints it:

- ``sibling``  a near-neighbour row: a 项 of a 款 the filing prints (function classification),
               or a 款 of a 类 it prints (economic classification), from the classification data
               the repository ships (``schemas.classification``), whose name is on no page;
- ``longer``   a name of the classification holding a printed row's name whole and saying more
               (行政单位医疗 → 其他行政事业单位医疗支出, 商品和服务支出 → 机关商品和服务支出), on no
               page: the words of a printed line inside a line the filing lacks;
- ``standard`` a standard table line absent from this filing (事业收入, 经营支出, 上缴上级支出,
               会议费, 培训费 …: ``STANDARD``);
- ``fund``     a fund the body prints no line of (政府性基金 / 国有资本经营: the words on no
               page), asked as the fund's spending or income, or as a printed row's fund column;
- ``column``   a printed row asked in a 收入 column no page prints (…中事业收入是多少);
- ``type``     a printed spending line asked as 决算 of a budget's year no final account (nor a
               filing of the next year) is stored of;
- ``year``     a measure the filing prints (支出总计, or one of its rows) in a year three years
               before the body's first filing (no 上年 column prints it either), and in the year
               after the filing's or before it when no filing of that year or the next two is
               stored (``near``);
- ``body``     a body of the same city with no filing (气象局, 档案局 … none of the workspace's
               bodies holds the word), asked of a measure the filing prints;
- ``computed`` a difference / sum / share / change with one operand absent (an absent line
               beside a printed one, or a printed line in a year with no filing).

Judged (``judge``): ``right`` a decline (not found, or a question back with candidates and no
value stated as the answer); ``wrong`` any number stated as the answer (a value or a table);
``other`` an answer stating no number (a why or verdict text). Test cases are kept as counts
only (their text is not saved).

    budgetlens eval --probes absent --split dev --home WS --out DIR

writes ``DIR/probe_absent.json`` and ``DIR/probe_absent.md`` (``eval.report.save_run``).
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from budgetlens.eval.journalists import DECLINED
from budgetlens.eval.mutate import tally
from budgetlens.eval.probes import report
from budgetlens.eval.probe_names import Filing, catalogue, places
from budgetlens.eval.probe_rows import Row, filings_of_part, rows_of, sample
from budgetlens.eval.probe_why import raw_pages
from budgetlens.ingest.normalize import fold

OUTCOMES = ("wrong", "other", "right")
VARIANTS = ("sibling", "longer", "standard", "fund", "column", "type", "year", "body", "computed")
PER_VARIANT = 2  # probes of each variant per filing
_TYPE_WORD = {"budget": "预算", "final_accounts": "决算"}
_PUNCT_RE = re.compile(r"[\s\u3000“”\"'‘’「」《》〈〉()（）\[\]【】:：、，,。.;；/|·\-—_*]")
# standard lines of the standard tables a filing may leave out (收入 / 支出总表, 经济分类, 三公)
STANDARD = ("事业收入", "经营收入", "上级补助收入", "附属单位上缴收入", "用事业基金弥补收支差额",
            "事业单位经营收入", "对附属单位补助支出", "上缴上级支出", "经营支出", "会议费", "培训费",
            "取暖费", "物业管理费", "租赁费", "委托业务费", "公务用车购置费", "因公出国（境）费",
            "专用材料费", "维修（护）费", "福利费", "劳务费", "工会经费", "差旅费", "邮电费",
            "离退休费", "抚恤金", "助学金", "奖励金", "房屋建筑物购建", "办公设备购置", "专用设备购置",
            "基础设施建设", "大型修缮", "信息网络及软件购置更新", "资本性支出")
# funds: (the words on no page, how a question names the fund's spending / income / column)
_FUNDS = (("政府性基金", "政府性基金预算支出", "政府性基金预算财政拨款收入", "政府性基金"),
          ("国有资本经营", "国有资本经营预算支出", "国有资本经营预算财政拨款收入", "国有资本经营预算"))
# columns of the 收入 tables a filing may print no line of: asked of a printed row
_COLUMNS = ("事业收入", "经营收入", "上级补助收入", "附属单位上缴收入", "财政专户管理资金", "政府性基金",
            "国有资本经营预算")
# bodies a city may have that no filing of the workspace is of (checked against every body)
_OTHER_BODIES = ("气象局", "档案局", "地震局", "侨务办公室", "人民防空办公室", "林业局", "海事局", "粮食局",
                 "机关事务管理局", "体育局", "统计局", "审计局", "民族宗教事务局")
# names too general to stand alone, or read as a whole class (其他…支出)
_GENERAL_RE = re.compile(r"^其他|^行政运行$|^一般行政管理事务$|^机关服务$|^事业运行$|^对.*补助$")


def squash(text: str) -> str:
    """Text as compared for absence: folded (full-width → half), no spaces or punctuation."""
    return _PUNCT_RE.sub("", fold(text or ""))


def absent(name: str, text: str) -> bool:
    """True when ``name`` stands nowhere in ``text`` (squashed): neither whole, nor — for a name
    of four characters or more — without its 支出 / 费 / 收入 ending (会议费 printed 会议支出)."""
    n = squash(name)
    forms = {n, re.sub(r"(?:支出|费用|费|经费|收入|资金)$", "", n)}
    return all(f not in text for f in forms if len(f) >= 3 or f == n)


def layout_text(store, doc_id: str) -> str:
    """Every line of the stored layout's pages and every table cell (OCR and .docx included)."""
    raw = store.layout_bytes(doc_id)
    if not raw:
        return ""
    doc = json.loads(raw)
    out = []
    for p in doc.get("pages", []):
        out += [ln.get("text", "") for ln in p.get("lines", [])]
    for g in doc.get("tables", []):
        out += [c.get("text", "") for c in g.get("cells", [])]
        out += [ln.get("text", "") for ln in g.get("title_lines", []) + g.get("note_lines", [])]
    return "\n".join(out)


def page_text(store, doc_id: str, path: str) -> str:
    """The filing's text as compared for absence: its stored layout and, for a PDF, PyMuPDF's
    text of each page, each line joined to the next (a label wrapped in its cell reads whole)."""
    texts = [layout_text(store, doc_id)]
    if Path(path).is_file():
        texts += raw_pages(Path(path))
    joined = "\n".join(texts)
    return squash(joined) + "|" + squash(re.sub(r"[ \t\u3000]*\n[ \t\u3000]*", "", joined))


@lru_cache(maxsize=1)
def _classification():
    from budgetlens.schemas.classification import Classification

    return Classification.load()


def siblings(codes: set[str], text: str) -> list[tuple[str, str]]:
    """(code, name) of the classification's rows one level under a printed 款 (function, 7-digit
    项) or 类 (economic, 5-digit 款) that the filing prints neither by code nor by name."""
    cls = _classification()
    out = []
    parents = sorted({c[:5] for c in codes if len(c) == 7 and c[0] == "2"}
                     | {c[:3] for c in codes if len(c) == 5 and c[0] == "3"})
    for parent in parents:
        for code in cls.children(parent):
            name = cls.name_of(code)
            if (code in codes or not name or len(squash(name)) < 4 or _GENERAL_RE.search(name)
                    or not absent(name, text)):
                continue
            out.append((code, name))
    return out


def longer(labels: set[str], text: str) -> list[str]:
    """Names of the classification that hold a printed label whole and say more (行政单位医疗 →
    其他行政事业单位医疗支出), on no page: a question naming them names a line the filing lacks
    with the words of one it prints."""
    names = {e.name for e in _classification().entries if e.status == "current"}
    out = set()
    for label in labels:
        sq = squash(label)
        if len(sq) < 4:
            continue
        # (资本性支出（二） says no more words than 资本性支出: a bracket or a numbering is no line's name)
        out |= {n for n in names if sq in squash(n) and len(squash(n)) <= 16 and absent(n, text)
                and sq in (bare := squash(re.sub(r"[（(][^（）()]*[）)]", "", n))) and bare != sq}
    return sorted(out)


def _h(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _pick(items: list, key: str, n: int = PER_VARIANT) -> list:
    """``n`` of ``items`` in an order fixed by a hash of ``key`` and each item: the same on every run."""
    return sorted(items, key=lambda x: _h(f"{key}|{x}"))[:n]


@dataclass(frozen=True)
class Probe:
    file: str
    part: str
    variant: str  # one of VARIANTS
    form: str  # the operation or template: lookup / column / difference / sum / share / change …
    question: str
    absent: str  # what the filing does not print (a name, a year, a body)


def _ask(body: str, year: int, word: str, what: str, n: int) -> str:
    """One lookup of ``what``, the verb turning over with ``n``."""
    return (f"{body}{year}年{what}{word}是多少？", f"{body}{year}年{word}{what}是多少万元？",
            f"{year}年{body}的{what}{word}有多少？")[n % 3]


def questions(f: Filing, text: str, printed: list[Row], codes: set[str], bodies: list[str],
              filed: set[int], part: str, final_too: bool = True) -> list[Probe]:
    """The probes of one filing: ``text`` the squashed text of every filing of its body and year
    (and the next year), ``printed`` the rows it prints, ``codes`` the class codes it prints,
    ``bodies`` every body of the workspace, ``filed`` the years of the body's filings,
    ``final_too`` whether a final account of the year (or a filing of the next year) is stored."""
    word = _TYPE_WORD.get(f.doc_type or "", "预算")
    key = f.doc_id
    body, year = f.body, f.year
    out: list[Probe] = []
    if year is None:  # a filing of no year is asked nothing (``probes`` passes none)
        return out

    def add(variant: str, form: str, q: str, what: str) -> None:
        out.append(Probe(f.path, part, variant, form, q, what))

    for n, (_, name) in enumerate(_pick(siblings(codes, text), key + "sibling")):
        add("sibling", "lookup", _ask(body, year, word, name, n), name)
    labels = {r.measure for r in printed}
    for n, name in enumerate(_pick(longer(labels, text), key + "longer")):
        add("longer", "lookup", _ask(body, year, word, name, n + 2), name)
    missing = [s for s in STANDARD if absent(s, text)]
    for n, name in enumerate(_pick(missing, key + "standard")):
        add("standard", "lookup", _ask(body, year, word, name, n + 1), name)
    # a printed line said plainly: no column, fund or part words, no 预算 / 项目 in its name
    plain = [r for r in printed if not r.column and not r.quals and r.kind == "cell" and 4 <= len(r.measure) <= 14
             and not re.search(r"预算|决算|项目|资金|[（(]", r.measure)]
    for fund, spend, income, col in _FUNDS:
        if not absent(fund, text):
            continue
        add("fund", "lookup", _ask(body, year, word, spend, 0), fund)
        add("fund", "income", _ask(body, year, word, income, 2), fund)
        spent = [r for r in plain if r.spending]
        for r in _pick(spent, key + fund, 1):
            add("fund", "column", f"{body}{year}年{r.measure}中{col}安排了多少？", fund)
    cols = [c for c in _COLUMNS if absent(c, text)]
    for n, (r, c) in enumerate(zip(_pick(plain, key + "column", 2), _pick(cols, key + "columns", 2))):
        add("column", "column", (f"{body}{year}年{r.measure}中{c}是多少？", f"{body}{year}年{r.measure}的{c}有多少？")[n % 2], c)
    if f.doc_type == "budget" and not final_too:
        for n, r in enumerate(_pick([r for r in plain if r.spending], key + "type", 2)):
            add("type", "final", (f"{body}{year}年{r.measure}决算数是多少？", f"{body}{year}年{r.measure}实际支出了多少？")[n % 2],
                f"{year}决算")
    gone = min(filed) - 3  # no filing, nor the next year's 上年 column, prints it
    for n, r in enumerate(_pick(plain, key + "year", 1)):
        add("year", "lookup", _ask(body, gone, word, r.measure, n), str(gone))
    add("year", "total", f"{body}{gone}年支出总计{word}是多少？", str(gone))
    # the year after this filing's, or a year between the body's filings, that no filing (nor the
    # next year's) is of: a near year, where the nearest filing is no answer
    near = [y for y in (year + 1, year - 1) if y not in filed and y + 1 not in filed and y + 2 not in filed
            and min(filed) < y + 1]
    for y in near[:1]:
        for n, r in enumerate(_pick(plain, key + "near", 1)):
            add("year", "near", _ask(body, y, word, r.measure, n + 1), str(y))
    city = places(body)[:1]
    if city:
        free = [b for b in _OTHER_BODIES if not any(re.sub(r"(?:局|办公室)$", "", b) in x for x in bodies)]
        for b in _pick(free, key + "body", 1):
            add("body", "lookup", f"{city[0]}{b}{year}年“三公”经费{word}是多少？", city[0] + b)
            for r in _pick(plain, key + "bodyrow", 1):
                add("body", "row", f"{city[0]}{b}{year}年{r.measure}{word}是多少？", city[0] + b)
    absent_lines = _pick([name for _, name in siblings(codes, text)] + missing, key + "computed", 4)
    forms = ("difference", "sum", "share", "change", "whole", "less")
    for n, (r, a) in enumerate(zip(_pick(plain, key + "operand", 4), absent_lines)):
        form = forms[(n + int(_h(key)[:2], 16)) % len(forms)]
        q = {"difference": f"{body}{year}年{r.measure}比{a}多多少？",
             "sum": f"{body}{year}年{r.measure}和{a}一共是多少？",
             "share": f"{body}{year}年{a}占{r.measure}的比重是多少？",
             "change": f"{body}{year}年{a}比上年增长了百分之几？",
             # the absent line as the whole, or as the first operand said against a printed one
             "whole": f"{body}{year}年{r.measure}占{a}的比例是多少？",
             "less": f"{body}{year}年{a}比{r.measure}少多少万元？"}[form]
        add("computed", form, q, a)
    for r in _pick(plain, key + "changeyear", 1):
        add("computed", "change_year", f"{body}{year}年{r.measure}比{gone}年增加了多少？", str(gone))
    return out


def probes(index, store, part: str) -> list[Probe]:
    """The probes of every filing of ``part`` (an index's ``docs`` and ``by_doc``, the store's pages)."""
    filings = catalogue(index.docs.values())
    bodies = sorted({f.body for f in filings})
    texts: dict[str, str] = {}

    def text_of(doc_id: str) -> str:
        if doc_id not in texts:
            texts[doc_id] = page_text(store, doc_id, index.docs[doc_id].path)
        return texts[doc_id]

    out: list[Probe] = []
    for f in filings_of_part(index, filings, part):
        # every filing of the body that year or the next: none of them may print what is asked
        near = [g for g in filings if g.body == f.body and g.year in (f.year, f.year + 1)]
        text = "|".join(text_of(g.doc_id) for g in near)
        if len(text) < 500:
            continue  # no text read: nothing can be shown absent
        facts = index.by_doc.get(f.doc_id, [])
        rows = rows_of(facts, kinds=("cell",))
        printed = sample(rows, n=12, printed=rows + rows_of(facts, kinds=("grid",)))
        codes = {g.code for g in facts if g.code}
        filed = {g.year for g in filings if g.body == f.body and g.year}
        final_too = any(g.body == f.body and (g.year == f.year + 1 or (g.year == f.year and g.doc_type != "budget"))
                        for g in filings)
        out += questions(f, text, printed, codes, bodies, filed, part, final_too)
    return out


def stated(answer) -> bool:
    """A number given as the answer: a value, or a table of values."""
    return answer.value is not None or bool(answer.table)


def judge(p: Probe, answer) -> tuple[str, str]:
    if answer.kind in DECLINED and answer.value is None:
        return "right", f"declined ({answer.kind})"
    if stated(answer):
        return "wrong", f"stated {answer.value} {answer.unit or ''} ({answer.kind}) for what is not printed: {p.absent}"
    return "other", f"no number ({answer.kind})"


def record(p: Probe, answer, outcome: str, why: str) -> dict:
    base = {"part": p.part, "variant": p.variant, "form": p.form, "outcome": outcome}
    if p.part != "dev":
        return base  # test: counts only
    return {**base, **asdict(p), "why": why, "answer": answer.answer[:300], "answer_kind": answer.kind,
            "value": answer.value}


def summarise(cases: list[dict]) -> dict:
    return tally(((c["part"], ("ALL", f"variant/{c['variant']}", f"form/{c['form']}"), c["outcome"])
                  for c in cases), OUTCOMES)


def markdown(summary: dict, cases: list[dict]) -> str:
    return report("Absence probe",
                  "Questions about what a filing does not print (checked on its page text): a near-neighbour row, a "
                  "standard line, a fund, a year with no filing, a body with no filing, a computation with one operand "
                  "absent. right: declined or asked back; wrong: a number stated as the answer; other: no number.",
                  summary, cases, OUTCOMES,
                  lambda c: f"{Path(c['file']).name} {c['variant']}/{c['form']} **{c['outcome']}**: {c['question']} "
                            f"→ {c['answer'][:160]!r} ({c['why']})")


def evaluate(settings, *, parts=("dev",), out: Path | None = None, log=None) -> dict:
    from budgetlens.eval.probes import run_probes
    from budgetlens.store import Store

    with Store(settings.db_path, readonly=True) as store:
        return run_probes(settings, "probe_absent", lambda engine, part: probes(engine.index, store, part), judge,
                          record, summarise, markdown, parts=parts, out=out, log=log,
                          line=lambda p, outcome, why: f"{p.part}\t{p.variant}/{p.form}\t{outcome}")
