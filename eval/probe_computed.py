"""Computed probe: differences, shares, sums and changes of a filing's printed rows, the value
computed by the probe from operands each verified on its page.

From every stored filing of one part of the split (``eval/split.tsv``) the probe takes the
printed rows that ``probe_rows`` asks about (``rows_of``: keyed table cells, code and numbering
removed; a label printed with two values under the same words left out, ``sample``) and makes,
when the filing prints the operands:

- ``difference`` two rows of one table and column, the larger first (A比B多多少 / 相差多少 /
                 高出多少元);
- ``share``      a row in its parent by class code (项 in 款, 款 in 类: 2010101 in 20101), and
                 a row's 基本支出 column in its total (…中基本支出占多少);
- ``sum``        two or three sibling rows (one parent code, one table and column);
- ``change``     a row of a table printing this year and the year before (the 上年 column):
                 the size of the rise or fall in 万元 / 元, or the rate in %, asked as 增加 /
                 减少 as the numbers go (a fall asked as 减少 is answered as its size).

Each operand is checked on its page (``on_page``: PyMuPDF's text of a PDF page, a seed's text,
the stored layout otherwise): its label (or class code) and its number must stand there, else
the question is not made. The phrasing turns over (verbs, 万元 / 元 / 亿元 / %, the body as
printed or its one-body short form, ``probe_names.forms``) and the table's fund and part words
are said when its title says them (``probe_rows.said_quals``).

Judged as the journalists' computed kinds (``journalists.judge_value``): ``right`` the value
within rounding (0.011) in the unit asked; ``wrong`` another number or unit stated;
``not_found`` declined or asked back. Test cases are kept as counts only.

    budgetlens eval --probes computed --split dev --home WS --out DIR

writes ``DIR/probe_computed.json`` and ``DIR/probe_computed.md`` (``eval.report.save_run``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from budgetlens.eval.journalists import judge_value
from budgetlens.eval.mutate import tally
from budgetlens.eval.probes import report
from budgetlens.eval.probe_absent import layout_text, squash
from budgetlens.eval.probe_names import catalogue, fits, forms
from budgetlens.eval.probe_rows import Row, _column, filings_of_part, printed_label, rows_of, said_quals, sample
from budgetlens.eval.probe_why import raw_pages

OUTCOMES = ("wrong", "not_found", "right")
OPERATIONS = ("difference", "share", "sum", "change")
PER_OPERATION = 2  # probes of each operation per filing, at most
_TYPE_WORD = {"budget": "预算", "final_accounts": "决算"}
_UNIT_SCALE = {"万元": 1.0, "元": 10000.0, "亿元": 1e-4}


@dataclass(frozen=True)
class Probe:
    file: str
    part: str
    operation: str  # difference | share | sum | change
    form: str  # the phrasing's name
    question: str
    unit: str  # the unit asked
    want: float  # the value computed, in the unit asked
    operands: tuple[tuple[str, float, int], ...]  # (label, value in 万元, page)


def on_page(text: str, r: Row, printed: str) -> bool:
    """True when row ``r``'s label (or its class code) and its number ``printed`` (the cell's
    quote) stand on its page's ``text`` (squashed: no spaces, punctuation or line breaks)."""
    number = squash(printed)
    label = squash(r.measure)
    return bool(number) and number in text and (label in text or (bool(r.code) and r.code in text))


def _hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def _wan_text(value: float) -> str:
    return f"{value:.2f}"


def _named(r: Row) -> str:
    return r.measure


def _head(r: Row, but: str = "") -> str:
    """The table's fund and part words a question says before its rows (一般公共预算财政拨款,
    基本支出), ``but`` left out; "" when the title says none."""
    return "".join(w for w in said_quals(r) if w != but)


def _unit(n: int, value_wan: float) -> str:
    """万元 mostly; 元 for one in three; 亿元 for a value of 1亿元 or more, one in four."""
    if n % 4 == 3 and abs(value_wan) >= 10000:
        return "亿元"
    return "元" if n % 3 == 2 and abs(value_wan) < 1e6 else "万元"


def _siblings(a: Row, b: Row) -> bool:
    """Two rows of one table and column; with class codes, of one parent and level."""
    if (a.title, a.column, a.quals) != (b.title, b.column, b.quals) or a.measure == b.measure:
        return False
    if a.code or b.code:
        return len(a.code) == len(b.code) and len(a.code) in (5, 7) and a.code[:-2] == b.code[:-2] and a.code != b.code
    return True


def differences(rows: list[Row], n: int, start: int = 0) -> list[tuple]:
    out: list[tuple] = []
    used: set[str] = set()
    for a in rows:
        if a.column or a.measure in used:
            continue
        b = next((b for b in rows if b.measure not in used and _siblings(a, b)
                  and abs(a.value_wan - b.value_wan) >= 0.01), None)
        if b is None:
            continue
        hi, lo = (a, b) if a.value_wan > b.value_wan else (b, a)
        k = start + len(out)
        unit = _unit(k + 1, hi.value_wan - lo.value_wan)
        form, text = [
            ("more", f"{_named(hi)}比{_named(lo)}多多少{unit}？"),
            ("gap", f"{_named(hi)}和{_named(lo)}相差多少{unit}？"),
            ("less", f"{_named(lo)}比{_named(hi)}少多少{unit}？"),
        ][k % 3]
        out.append(("difference", form, _head(hi), text, hi.value_wan - lo.value_wan, (hi, lo), unit))
        used |= {a.measure, b.measure}
        if len(out) == n:
            break
    return out


# a table of one fund's (or part's) spending, whose 合计 is that spending: 一般公共预算支出表,
# 政府性基金预算支出表, 财政拨款基本支出表 (no 三公 or 政府采购 table, no 机关运行经费 table)
_SPENDING_TABLE_RE = re.compile(r"(?:一般公共预算|政府性基金预算?|国有资本经营预算?)(?:财政拨款)?(?:基本|项目)?支出|"
                                r"财政拨款(?:基本|项目)?支出")


def table_total(r: Row) -> str:
    """How a question names the total of ``r``'s table, as its title names it (一般公共预算支出,
    一般公共预算基本支出); "" for a table that is not one fund's or part's spending."""
    m = _SPENDING_TABLE_RE.search(r.title)
    if m is None or re.search(r"三公|采购|运行经费|收入|收支", r.title):
        return ""
    return m.group(0)


def shares(rows: list[Row], n: int, totals: dict[str, Row] | None = None, start: int = 0) -> list[tuple]:
    """A row in its parent by class code, its 基本支出 in its total, and (``totals``: each
    table's 合计 row by title) a row in its table's total."""
    out: list[tuple] = []
    totals = totals or {}
    by_code = {(r.code, r.title, r.column, r.quals): r for r in rows if r.code}
    for r in rows:
        if len(out) == n:
            break
        k = start + len(out)
        whole = totals.get(r.title)
        if k % 3 == 2 and whole is not None and not r.column and table_total(r) and 0 < r.value_wan < whole.value_wan:
            text = f"{table_total(r)}中，{_named(r)}占百分之多少？"
            out.append(("share", "in_total", "", text, r.value_wan / whole.value_wan * 100, (r, whole), "%"))
        elif r.code and len(r.code) in (5, 7) and not r.column:
            parent = by_code.get((r.code[:-2], r.title, r.column, r.quals))
            if parent is None or parent.value_wan <= r.value_wan or r.value_wan <= 0:
                continue
            form, text = [
                ("in_parent", f"{_named(r)}占{_named(parent)}的比例是多少？"),
                ("pct_of", f"{_named(parent)}里，{_named(r)}占百分之几？"),
            ][k % 2]
            out.append(("share", form, _head(r), text, r.value_wan / parent.value_wan * 100, (r, parent), "%"))
        elif r.column == "基本支出" and r.value_wan > 0:
            whole = next((t for t in rows if (t.measure, t.code, t.title, t.quals) == (r.measure, r.code, r.title, r.quals)
                          and not t.column), None)
            if whole is None or whole.value_wan <= r.value_wan:
                continue
            text = f"{_named(r)}里基本支出占多大比例？"
            out.append(("share", "basic", _head(r, but="基本支出"), text, r.value_wan / whole.value_wan * 100, (r, whole), "%"))
    return out


def sums(rows: list[Row], n: int, start: int = 0) -> list[tuple]:
    out: list[tuple] = []
    used: set[str] = set()
    for a in rows:
        if len(out) == n:
            break
        if a.column or not a.code or a.measure in used:
            continue
        k = start + len(out)
        sib = [b for b in rows if b.measure not in used and _siblings(a, b)][: 1 + k % 2]
        if not sib:
            continue
        parts = [a, *sib]
        names = [_named(r) for r in parts]
        total = sum(r.value_wan for r in parts)
        unit = _unit(k, total)
        listed = "、".join(names[:-1]) + "和" + names[-1]
        form, text = [
            ("together", f"{listed}加起来是多少{unit}？"),
            ("total", f"{'、'.join(names)}{len(parts)}项合计多少{unit}？"),
        ][k % 2]
        out.append(("sum", form, _head(a), text, total, tuple(parts), unit))
        used |= {r.measure for r in parts}
    return out


def changes(rows: list[Row], n: int, start: int = 0) -> list[tuple]:
    out: list[tuple] = []
    for r in rows:
        if len(out) == n:
            break
        if r.column != "上年数" or r.value_wan <= 0:
            continue
        now = next((t for t in rows if (t.measure, t.code, t.title, t.quals) == (r.measure, r.code, r.title, r.quals)
                    and not t.column), None)
        if now is None or abs(now.value_wan - r.value_wan) < 0.01:
            continue
        k = start + len(out)
        up = now.value_wan > r.value_wan
        size = abs(now.value_wan - r.value_wan)
        head = _head(now)
        if k % 2:
            word = "增长" if up else "下降"
            text = f"{_named(now)}比上年{word}了百分之几？"
            out.append(("change", f"rate_{'up' if up else 'down'}", head, text, size / r.value_wan * 100, (now, r), "%"))
        else:
            unit = _unit(k + 2, size)
            word = "增加" if up else "减少"
            text = f"{_named(now)}比上年{word}了多少{unit}？"
            out.append(("change", f"size_{'up' if up else 'down'}", head, text, size, (now, r), unit))
    return out


def _page_texts(store, doc_id: str, path: str) -> dict[int, str]:
    """Each page's squashed text by page number; {0: all} when the file has no pages of its own
    (a .docx: its stored layout)."""
    pages = raw_pages(Path(path)) if Path(path).is_file() else []
    if pages:
        return {k: squash(re.sub(r"[ \t\u3000]*\n[ \t\u3000]*", "", t)) for k, t in enumerate(pages, 1)}
    return {0: squash(layout_text(store, doc_id))}


def probes(index, store, part: str) -> list[Probe]:
    """The probes of every filing of ``part`` (an index's ``docs`` and ``by_doc``, the store's pages)."""
    filings = catalogue(index.docs.values())
    out: list[Probe] = []
    for f in filings_of_part(index, filings, part):
        doc_id, d = f.doc_id, index.docs[f.doc_id]
        facts = [g for g in index.by_doc.get(doc_id, []) if g.kind == "cell"]
        quotes: dict[Row, str] = {}
        for g in facts:
            for r in rows_of([g], kinds=("cell",)):
                quotes.setdefault(r, g.quote or _wan_text(g.value))
        rows = list(quotes)
        grid = rows_of(index.by_doc.get(doc_id, []), kinds=("grid",))
        ordered = sample(rows, n=len(rows), printed=rows + grid)  # every unambiguous row, in the hash order
        if not ordered:
            continue
        pages = _page_texts(store, doc_id, d.path)

        def verified(r: Row, pages: dict = pages, quotes: dict = quotes) -> bool:
            return on_page(pages.get(r.page, pages.get(0, "")), r, quotes[r])

        ordered = [r for r in ordered if verified(r)]

        def verified_total(t: Row, g, pages: dict = pages) -> bool:
            text = pages.get(t.page, pages.get(0, ""))
            return squash(g.quote or _wan_text(g.value)) in text and ("合计" in text or "总计" in text)
        totals: dict[str, Row] = {}
        for g in facts:
            if printed_label(g.row) in ("合计", "总计", "支出合计", "本年支出合计") and _column(g) == "":
                total = Row(doc_id, "合计", "", "", (), round(g.value / 10000 if g.unit == "元" else g.value, 6),
                            g.page, re.sub(r"\s+", "", g.title), "cell", True)
                if g.unit in ("万元", "元") and verified_total(total, g):
                    totals.setdefault(total.title, total)
        # the forms and units turn over from one filing to the next
        made = (differences(ordered, PER_OPERATION, len(out)) + shares(ordered, PER_OPERATION + 1, totals, len(out))
                + sums(ordered, PER_OPERATION, len(out)) + changes(ordered, PER_OPERATION, len(out)))
        siblings = [g.doc_id for g in filings if g.body == f.body and g.year == f.year and g.doc_type == f.doc_type]
        scope = d.scope if len(siblings) > 1 and d.scope else ""
        word = scope + _TYPE_WORD.get(f.doc_type or "", "预算")
        short = [s for s, rule in forms(f.body).items() if rule == "city" and "的" not in s]
        for k, (op, form, head, text, want_wan, ops, unit) in enumerate(made):
            body = f.body
            if (k + len(out)) % 2 and short and len(fits(short[0], filings, f.year, f.doc_type)) == 1:
                body = short[0]
            # the year and the filing's 预算 / 决算 word, unless a label says it
            said = "" if re.search(r"预算|决算", head) else word
            question = f"{body}{f.year}年{head}{said}中，{text}"
            want = want_wan if unit == "%" else want_wan * _UNIT_SCALE[unit]
            out.append(Probe(d.path, part, op, form, question, unit, round(want, 6),
                             tuple((r.measure + (f"（{r.column}）" if r.column else ""), r.value_wan, r.page)
                                   for r in ops)))
    return out


def judge(p: Probe, answer) -> tuple[str, str]:
    return judge_value(answer, {"value": p.want, "unit": p.unit, "kind": p.operation}, computed=True, files=[])


def record(p: Probe, answer, outcome: str, why: str) -> dict:
    """A case as kept: a test case by its counts only (part, operation, form, outcome)."""
    if p.part != "dev":
        return {"part": p.part, "operation": p.operation, "form": p.form, "outcome": outcome}
    return {**asdict(p), "outcome": outcome, "why": why, "answer": answer.answer[:300],
            "answer_kind": answer.kind, "value": answer.value}


def summarise(cases: list[dict]) -> dict:
    return tally(((c["part"], ("ALL", c["operation"], f"{c['operation']}/{c['form']}"), c["outcome"])
                  for c in cases), OUTCOMES)


def markdown(summary: dict, cases: list[dict]) -> str:
    return report("Computed probe",
                  "Differences, shares, sums and changes of printed rows, each operand checked on "
                  "its page, the value computed by the probe. right: within 0.011 in the unit asked; wrong: another "
                  "number or unit stated; not found: declined or asked back.",
                  summary, cases, OUTCOMES,
                  lambda c: f"{Path(c['file']).name} {c['operation']}/{c['form']} **{c['outcome']}**: {c['question']} "
                            f"→ {c['answer'][:160]!r} (want {c['want']} {c['unit']}; {c['why']})")


def evaluate(settings, *, parts=("dev",), out: Path | None = None, log=None) -> dict:
    from budgetlens.eval.probes import run_probes
    from budgetlens.store import Store

    with Store(settings.db_path, readonly=True) as store:
        return run_probes(settings, "probe_computed", lambda engine, part: probes(engine.index, store, part), judge,
                          record, summarise, markdown, parts=parts, out=out, log=log,
                          line=lambda p, outcome, why: f"{p.part}\t{p.operation}/{p.form}\t{outcome}")
